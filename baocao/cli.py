"""The ``baocao`` command: a thin layer over the ``nlp`` and ``index`` libraries.

Each subcommand parses its options, calls one library function and renders the result.  Library
errors are caught once, in :func:`main`, and printed as one ``Error: ...`` line: runtime errors
exit 1, bad usage exits 2.  Imports are made inside the commands, so that ``baocao search`` does
not pay to load the classifier or the segmenter.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from nlp.classifier.labels import LABELS

__all__ = ["main"]


# --- read --------------------------------------------------------------------------------------

def cmd_read(args: argparse.Namespace) -> int:
    """Print one report's metadata, sections and sentences."""
    from . import render

    report = _read_one(args.file, args, words=args.format == "json")
    if args.format == "json":
        _write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _lines(_for_terminal(render.report_lines(report)))
    return 0


def _read_one(path: str, args: argparse.Namespace, words: bool = True):
    """Read one report (``-``: standard input, at most ``--max-size``), with a progress bar."""
    import nlp
    from nlp.reader.limits import max_size
    from .terminal import Progress

    limit = max_size(args.max_size)
    with Progress(f"reading {Path(path).name}", unit="char") as bar:
        if path == "-":
            return nlp.read_bytes(sys.stdin.buffer.read(limit + 1), "-", max_size=limit,
                                  words=words, progress=bar.update)
        return nlp.read_report(path, max_size=limit, words=words, progress=bar.update)


def _for_terminal(lines: list[str]) -> list[str]:
    """Lines wrapped to the terminal's width when standard output is one, else as they are."""
    from .terminal import wrap_lines

    return wrap_lines(lines) if sys.stdout.isatty() else lines


# --- classify, train, evaluate -----------------------------------------------------------------

def cmd_classify(args: argparse.Namespace) -> int:
    """Label every sentence of the given reports."""
    import nlp
    from nlp.classifier.apply import classify_report
    from nlp.errors import ReportError
    from . import render

    classifier, csv_rows, failed, number = None, render.CsvRows(), [], 0
    for path in _classify_inputs(args.files, failed):
        try:
            report = _read_one(str(path), args)
        except ReportError as error:  # read the other files, list the failures at the end
            failed.append(str(error))
            continue
        classifier = classifier or _load_classifier(args.model)  # after a bad file fails
        rows = classify_report(classifier, report, args.label, args.min_score, args.explain)
        if args.format == "table":
            _lines([""] * (number > 0) + _for_terminal(render.labelled_table(report.source, rows)))
        else:
            dicts = [row.to_dict() for row in rows]
            _lines(render.jsonl_lines(dicts) if args.format == "jsonl" else csv_rows.lines(dicts))
        number += 1
    for message in failed:
        sys.stderr.write(f"Error: {message}\n")
    return 1 if failed else 0


def _classify_inputs(paths: list[str], failed: list[str]) -> list[str | Path]:
    """``-`` as it is; files and folders expanded like ``index add`` does (odd entries to
    ``failed``)."""
    import nlp

    out: list[str | Path] = []
    for path in paths:
        if path == "-":
            out.append(path)
        else:
            out.extend(nlp.iter_report_files([path], lambda _, message: failed.append(message)))
    return out


def _load_classifier(model: str | None):
    """The classifier, with a ticking bar when it has to be trained first (25 s, once)."""
    import nlp
    from .terminal import Progress

    with Progress("loading the classifier (training it the first time)", ticking=True):
        return nlp.load_classifier(model)


def cmd_train(args: argparse.Namespace) -> int:
    """Train the classifier from corpus/ (and the reports of an index)."""
    import nlp
    from nlp.classifier.store import read_record
    from nlp.classifier.training import read_reports

    if args.data and not Path(args.data).exists():
        raise nlp.FileMissingError(f"{args.data}: no such file or folder — check the path")
    paths = [args.data] if args.data else []
    if args.from_index:
        import index

        paths += index.indexed_sources(index.default_index_dir(args.index))
    reports, skipped = read_reports(paths) if paths else ([], [])
    for message in skipped:
        sys.stderr.write(f"skipped: {message}\n")
    from .terminal import Progress

    with Progress("training the classifier", ticking=True):
        path = nlp.train_classifier(reports, out=args.out)
    counts = read_record(path)["counts"]
    _write(f"trained on corpus/ and {len(reports)} of your reports ({len(skipped)} unreadable "
           f"skipped): " + ", ".join(f"{n} {label}" for label, n in counts.items()))
    _write(f"model: {path}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Print held-out precision, recall and F1 of the model and of the cue-word baseline."""
    from nlp.errors import TrainingDataError
    from nlp.classifier.evaluation import evaluate_files
    from . import render

    files = args.gold or default_gold_files()
    if not files:
        raise TrainingDataError("no gold files found in ../shared/gold — pass "
                                "label<TAB>text files: baocao evaluate GOLD.tsv ...")
    sys.stdout.write(render.evaluation_text(evaluate_files(files)))
    return 0


def default_gold_files() -> list[Path]:
    """The maintainers' gold files, ``../shared/gold/*.tsv`` beside the checkout, sorted; none
    in an installed copy (the gold data is not shipped)."""
    return sorted((Path(__file__).resolve().parents[2] / "shared" / "gold").glob("*.tsv"))


# --- index, search -----------------------------------------------------------------------------

def cmd_index_add(args: argparse.Namespace) -> int:
    """Add files and folders to the index (unchanged files are skipped)."""
    import index
    from .terminal import Progress

    def progress(done: int, total: int, path: str) -> None:
        bar.update(done, total)
        # Off a terminal, a line per 5% as before (logs, and tests that wait for the writer).
        if not bar.shown and total >= 10 and (done == total or done % max(1, total // 20) == 0):
            sys.stderr.write(f"indexed {done}/{total} files\n")

    with Progress("indexing", unit="file") as bar:
        result = index.add_reports(index.default_index_dir(args.index), args.paths,
                                   timeout=args.wait, progress=progress)
    _write(f"added {len(result.added)}, replaced {len(result.replaced)}, unchanged "
           f"{len(result.unchanged)}, failed {len(result.failed)} ({result.sentences} sentences)")
    for _, message in result.failed:
        sys.stderr.write(f"Error: {message}\n")
    return 1 if result.failed else 0


def cmd_index_list(args: argparse.Namespace) -> int:
    """List the indexed reports."""
    import index
    from . import render

    records = index.list_reports(index.default_index_dir(args.index))
    _lines(render.reports_jsonl(records) if args.format == "jsonl"
           else render.reports_table(records))
    return 0


def cmd_index_remove(args: argparse.Namespace) -> int:
    """Remove reports from the index."""
    import index

    removed, missing = index.remove_reports(index.default_index_dir(args.index), args.paths,
                                            timeout=args.wait)
    _write(f"removed {len(removed)} report{'s' * (len(removed) != 1)}")
    for path in missing:
        sys.stderr.write(f"Error: {path} is not in the index — see 'baocao index list'\n")
    return 1 if missing else 0


def cmd_index_rebuild(args: argparse.Namespace) -> int:
    """Read every indexed report again and rebuild the index from scratch."""
    import index

    result = index.rebuild_index(index.default_index_dir(args.index), timeout=args.wait)
    _write(f"rebuilt {len(result.added)} reports ({result.sentences} sentences)")
    for _, message in result.failed:
        sys.stderr.write(f"Error: {message} — dropped from the index\n")
    return 1 if result.failed else 0


def cmd_search(args: argparse.Namespace) -> int:
    """Search the indexed sentences for a theme."""
    import index
    from . import render

    from .terminal import Progress, wants_colour

    index_dir = index.default_index_dir(args.index)
    if index.is_default_location(args.index):
        with Progress("first search: training the classifier and indexing the bundled report",
                      ticking=True):
            index.ensure_bundled(index_dir)
    result = index.search(index_dir, args.query, limit=args.limit, label=args.label,
                          year=args.year, place=args.place, type=args.doc_type,
                          report=args.report)
    if args.format == "table":
        lines = _for_terminal(render.hits_table(result, wants_colour(sys.stdout),
                                                args.by_report))
    else:
        lines = render.hits_jsonl(result) if args.format == "jsonl" else render.hits_csv(result)
    _lines(lines)
    if result.undated:
        sys.stderr.write(f"note: the year filter left out {result.undated} report"
                         f"{'s' * (result.undated != 1)} without a date\n")
    return 0


# --- plumbing ----------------------------------------------------------------------------------

def _write(text: str) -> None:
    sys.stdout.write(text + "\n")


def _lines(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


# Option types: argparse turns their errors into usage errors (exit 2, the usage line) and names
# them by the function ("invalid count value: 'x'"), hence the plain names.

def probability(text: str) -> float:
    """``--min-score``: a number from 0 to 1."""
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def count(text: str) -> int:
    """``--limit``: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def megabytes(text: str) -> int:
    """``--max-size``: a positive number of megabytes, returned in bytes."""
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of megabytes, got {text}")
    return int(value * 1_000_000)


def seconds(text: str) -> float:
    """``--wait``: a duration in seconds, 0 or more."""
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, got {text}")
    return value


_INDEX_OPTION = argparse.ArgumentParser(add_help=False)
_INDEX_OPTION.add_argument("--index", metavar="DIR",
                           help="index directory (default: $BAOCAO_INDEX, else the user's "
                                "data directory)")


_SIZE_OPTION = argparse.ArgumentParser(add_help=False)
_SIZE_OPTION.add_argument("--max-size", type=megabytes, metavar="MB",
                          help="refuse files (or what a .docx unpacks to) larger than this, "
                               "in megabytes (default: $BAOCAO_MAX_SIZE, else 50)")


def _formats(*choices: str) -> argparse.ArgumentParser:
    """The shared ``--format`` option, with ``choices[0]`` as the default."""
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument("--format", choices=choices, default=choices[0],
                        help="output format (default: %(default)s)")
    return option


def _add_read_command(commands) -> None:
    """``baocao read``."""
    read = commands.add_parser("read", parents=[_formats("text", "json"), _SIZE_OPTION],
                               help="show a report's metadata, sections and sentences")
    read.add_argument("file", metavar="FILE",
                      help="report file (.txt, .md, .docx, .pdf), or - for standard input")
    read.set_defaults(func=cmd_read)


def _add_classifier_commands(commands) -> None:
    """``baocao classify``, ``train`` and ``evaluate``."""
    classify = commands.add_parser("classify", parents=[_formats("table", "jsonl", "csv"),
                                                        _SIZE_OPTION],
                                   help="label the sentences of reports")
    classify.add_argument("files", nargs="+", metavar="FILE",
                          help="report files or folders (recursively), - for stdin")
    classify.add_argument("--label", action="append",
                          choices=LABELS, help="keep only this label (repeatable)")
    classify.add_argument("--min-score", type=probability, default=0.0, metavar="X",
                          help="keep only sentences whose label has probability >= X")
    classify.add_argument("--explain", action="store_true",
                          help="show the words and cues that decided each label")
    classify.add_argument("--model", metavar="PATH", help="model file (default: the cached one)")
    classify.set_defaults(func=cmd_classify)

    train = commands.add_parser("train", parents=[_INDEX_OPTION],
                                help="train the classifier from corpus/ and your reports")
    train.add_argument("--data", metavar="DIR",
                       help="also learn from the headings of the reports in DIR")
    train.add_argument("--from-index", action="store_true",
                       help="also learn from the headings of every report in the index")
    train.add_argument("--out", metavar="PATH", help="where to write the model")
    train.set_defaults(func=cmd_train)

    evaluate = commands.add_parser("evaluate", help="held-out scores of the classifier")
    evaluate.add_argument("gold", nargs="*", metavar="GOLD.tsv",
                          help="label<TAB>text files (default: ../shared/gold)")
    evaluate.set_defaults(func=cmd_evaluate)


def _add_index_commands(commands) -> None:
    """``baocao index add``, ``list``, ``remove`` and ``rebuild``."""
    index = commands.add_parser("index", help="manage the sentence index")
    index_commands = index.add_subparsers(dest="index_command", required=True, metavar="COMMAND")
    wait_option = argparse.ArgumentParser(add_help=False)
    wait_option.add_argument("--wait", type=seconds, default=10.0, metavar="SECONDS",
                             help="how long to wait for another process writing the index "
                                  "(default: %(default)g)")
    add = index_commands.add_parser("add", parents=[_INDEX_OPTION, wait_option, _SIZE_OPTION],
                                    help="index files and folders (recursively)")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.set_defaults(func=cmd_index_add)
    listing = index_commands.add_parser("list", help="list indexed reports",
                                        parents=[_INDEX_OPTION, _formats("table", "jsonl")])
    listing.set_defaults(func=cmd_index_list)
    remove = index_commands.add_parser("remove", parents=[_INDEX_OPTION, wait_option],
                                       help="remove reports from the index")
    remove.add_argument("paths", nargs="+", metavar="PATH")
    remove.set_defaults(func=cmd_index_remove)
    rebuild = index_commands.add_parser("rebuild", parents=[_INDEX_OPTION, wait_option],
                                        help="re-read every indexed report into a new index")
    rebuild.set_defaults(func=cmd_index_rebuild)


def _add_search_command(commands) -> None:
    """``baocao search``."""
    search = commands.add_parser("search", parents=[_INDEX_OPTION,
                                                    _formats("table", "jsonl", "csv")],
                                 help="search indexed sentences by theme")
    search.add_argument("query", metavar="QUERY",
                        help='words (a theme), "quoted phrases", AND / OR / NOT, field:value')
    search.add_argument("--label", choices=LABELS, help="only sentences with this label")
    search.add_argument("--year", type=int, help="only reports dated in this year")
    search.add_argument("--place", help='only reports from this place ("Kiên Giang")')
    search.add_argument("--type", dest="doc_type", metavar="TYPE",
                        help='only this document type ("BÁO CÁO", "KẾ HOẠCH", ...)')
    search.add_argument("--report", metavar="PATH", help="only this report, or the reports "
                                                         "under this folder")
    search.add_argument("--limit", type=count, default=20, metavar="N",
                        help="at most N hits (default: %(default)s)")
    search.add_argument("--by-report", action="store_true", help="group hits under each report")
    search.set_defaults(func=cmd_search)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baocao",
        description="Read Vietnamese government reports, label their sentences "
                    "(achievement, limitation, cause, other) and search them by theme.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_read_command(commands)
    _add_classifier_commands(commands)
    _add_index_commands(commands)
    _add_search_command(commands)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("baocao")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


@contextlib.contextmanager
def _max_size_for_workers(args: argparse.Namespace) -> Iterator[None]:
    """``--max-size`` as ``BAOCAO_MAX_SIZE`` while the command runs, for the worker processes
    of ``index add`` (the reader's default; restored after, for in-process callers)."""
    before = os.environ.get("BAOCAO_MAX_SIZE")
    if getattr(args, "max_size", None):
        os.environ["BAOCAO_MAX_SIZE"] = str(args.max_size / 1_000_000)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("BAOCAO_MAX_SIZE", None)
        else:
            os.environ["BAOCAO_MAX_SIZE"] = before


def main(argv: list[str] | None = None) -> int:
    """Run the ``baocao`` command line; return the exit status."""
    args = _parser().parse_args(argv)
    from index.errors import SearchIndexError
    from nlp.errors import ReportError
    from .terminal import silence_stdout

    try:
        with _max_size_for_workers(args):
            code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
        return code
    except (ReportError, SearchIndexError) as error:
        sys.stderr.write(f"Error: {error}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted\n")
        return 130
    except BrokenPipeError:  # "baocao read F | head -3": the reader has what it wanted
        silence_stdout()
        return 0


if __name__ == "__main__":
    sys.exit(main())
