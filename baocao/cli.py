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

from nlp.classifier.labels import VIETNAMESE_NAMES, label_from_name

__all__ = ["main"]

TREND_GROUPS = ("year", "place", "province", "type", "report")  # index.trends.BY, not imported


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

    limit, ocr = max_size(args.max_size), _ocr_options(args)
    with Progress(f"reading {Path(path).name}", unit="char") as bar:
        if path == "-":
            report = nlp.read_bytes(sys.stdin.buffer.read(limit + 1), "-", ocr=ocr,
                                    max_size=limit, words=words, progress=bar.update)
        else:
            report = nlp.read_report(path, ocr=ocr, max_size=limit, words=words,
                                     progress=bar.update)
    _say_ocr(report, ocr)
    return report


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

    if args.format == "docx" and sys.stdout.isatty():
        return _docx_to_terminal("classify FILE...")
    classifier, csv_rows, labelled, failed, number = None, render.CsvRows(), [], [], 0
    for path in _classify_inputs(args.files, failed):
        try:
            report = _read_one(str(path), args)
        except ReportError as error:  # read the other files, list the failures at the end
            failed.append(str(error))
            continue
        if classifier is None:  # loaded after a bad first file has failed
            classifier = _load_classifier(args.model)
            _warn(classifier.metadata.get("warnings", ()))
        rows = classify_report(classifier, report, args.label, args.min_score, args.explain)
        if args.format == "table":
            _lines([""] * (number > 0) + _for_terminal(render.labelled_table(report.source, rows)))
        elif args.format == "docx":
            labelled.append((report, rows))
        elif args.format == "jsonl":
            _lines(render.jsonl_lines([row.to_dict() for row in rows]))
        else:
            first = csv_rows.columns is None
            _csv(csv_rows.lines([row.to_dict() for row in rows]), bom=first)
        number += 1
    if args.format == "docx":
        from .export_docx import classify_docx

        _write_binary(classify_docx(labelled, {"label": ", ".join(args.label or []),
                                               "min-score": args.min_score or None}))
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

        paths += index.indexed_sources(index.index_location(args.index))
    reports, skipped = read_reports(paths) if paths else ([], [])
    for message in skipped:
        sys.stderr.write(f"skipped: {message}\n")
    from .terminal import Progress

    with Progress("training the classifier", ticking=True):
        path = nlp.train_classifier(reports, out=args.out)
    counts = read_record(path)["counts"]
    _write(f"trained on corpus/ and {len(reports)} of your reports ({len(skipped)} unreadable "
           f"skipped): " + ", ".join(f"{n} {label}" for label, n in counts.items()))
    _write(f"model: {path}" + ("" if args.out else " — the default model, which classify and "
                               "index add now use (write another with --out PATH)"))
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
    results = evaluate_files(files, model=args.model)
    sys.stdout.write(render.evaluation_text(results))
    _write(render.evaluation_intervals(results))
    return 0


def default_gold_files() -> list[Path]:
    """The maintainers' gold files, ``../shared/gold/*.tsv`` beside the checkout, sorted; none
    in an installed copy (the gold data is not shipped)."""
    return sorted((Path(__file__).resolve().parents[2] / "shared" / "gold").glob("*.tsv"))


# --- index, search -----------------------------------------------------------------------------

def cmd_index_add(args: argparse.Namespace) -> int:
    """Add files and folders to the index (unchanged files are skipped)."""
    import index
    from index.distributed import scheduler_address
    from .terminal import Progress

    def progress(done: int, total: int, path: str) -> None:
        bar.update(done, total)
        # Off a terminal, a line per 5% as before (logs, and tests that wait for the writer).
        if not bar.shown and total >= 10 and (done == total or done % max(1, total // 20) == 0):
            sys.stderr.write(f"indexed {done}/{total} files\n")

    with Progress("indexing", unit="file") as bar:
        result = index.add_reports(index.index_location(args.index), args.paths,
                                   timeout=args.wait, progress=progress, ocr=_ocr_options(args),
                                   scheduler=scheduler_address(args.scheduler))
    _warn(result.warnings)
    _write(f"added {len(result.added)}, replaced {len(result.replaced)}, unchanged "
           f"{len(result.unchanged)}, failed {len(result.failed)} ({result.sentences} sentences)")
    for _, message in result.failed:
        sys.stderr.write(f"Error: {message}\n")
    return 1 if result.failed else 0


def cmd_index_list(args: argparse.Namespace) -> int:
    """List the indexed reports."""
    import index
    from . import render

    records = index.list_reports(index.index_location(args.index))
    _lines(render.reports_jsonl(records) if args.format == "jsonl"
           else render.reports_table(records))
    return 0


def cmd_index_remove(args: argparse.Namespace) -> int:
    """Remove reports from the index."""
    import index

    removed, missing = index.remove_reports(index.index_location(args.index), args.paths,
                                            timeout=args.wait)
    _write(f"removed {len(removed)} report{'s' * (len(removed) != 1)}")
    for path in missing:
        sys.stderr.write(f"Error: {path} is not in the index — see 'baocao index list'\n")
    return 1 if missing else 0


def cmd_index_rebuild(args: argparse.Namespace) -> int:
    """Read every indexed report again and rebuild the index from scratch."""
    import index
    from index.distributed import scheduler_address

    result = index.rebuild_index(index.index_location(args.index), timeout=args.wait,
                                 scheduler=scheduler_address(args.scheduler))
    _warn(result.warnings)
    _write(f"rebuilt {len(result.added)} reports ({result.sentences} sentences)")
    for _, message in result.failed:
        sys.stderr.write(f"Error: {message} — dropped from the index\n")
    return 1 if result.failed else 0


def cmd_index_add_shard(args: argparse.Namespace) -> int:
    """Add a PostgreSQL server as a shard of a PostgreSQL index (before its first report)."""
    import index
    from index.postgres import is_postgres_url

    location = index.index_location(args.index)
    if not isinstance(location, str) or not is_postgres_url(args.shard):
        sys.stderr.write("Error: add-shard joins a postgresql:// database to a postgresql:// "
                         "index — give --index postgresql://... and a shard URL\n")
        return 2
    from index.postgres.shards import add_shard

    shards = add_shard(location, args.shard, timeout=args.wait)
    _write(f"{len(shards)} shard{'s' * (len(shards) != 1)}: " + ", ".join(shards))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Search the indexed sentences for a theme."""
    import index
    from . import render
    from .terminal import wants_colour

    if args.format == "docx" and sys.stdout.isatty():
        return _docx_to_terminal("search QUERY")
    index_dir = _ready_index(args)
    query, filters = _query_and_filters(args, index_dir)
    result = index.search(index_dir, query, limit=0 if args.all else args.limit, **filters)
    if args.save:
        from index.saved import save_search

        save_search(index_dir, args.save, query, filters)
        sys.stderr.write(f"saved as {args.save!r}: run it again with 'baocao search "
                         f"@{args.save}'\n")
    for note in _search_notes(index_dir, query, filters, result, args.format):
        sys.stderr.write(note + "\n")
    if args.format == "docx":
        from .export_docx import hits_docx

        _write_binary(hits_docx(result, query, filters))
    elif args.format == "csv":
        _csv(render.hits_csv(result), bom=True)
    else:
        _lines(_for_terminal(render.hits_table(result, wants_colour(sys.stdout), args.by_report))
               if args.format == "table" else render.hits_jsonl(result))
    return 0


def _search_notes(index_dir, query: str, filters: dict, result, fmt: str) -> list[str]:
    """What stderr says about hits left out: by --limit in an export, undated ones by --year."""
    notes = []
    if fmt != "table" and len(result.hits) < result.total:
        notes.append(f"{len(result.hits)} of {result.total} hits; --limit 0 for all")
    if filters.get("year") is not None:
        from index.backend import undated_matching

        undated = undated_matching(index_dir, query, **filters)
        if undated:
            notes.append(f"{undated} undated report{'s' * (undated != 1)} with matching "
                         f"sentences left out by --year; see 'baocao trends QUERY --by year'")
    return notes


def cmd_trends(args: argparse.Namespace) -> int:
    """Count the sentences of a theme per label by year, place, province, type or report."""
    from index.backend import trends
    from . import render_trends

    if args.plot and not args.plot.lower().endswith((".png", ".svg")):
        sys.stderr.write(f"Error: --plot {args.plot}: give a file name ending in .png or "
                         f".svg\n")
        return 2
    if args.format == "docx" and sys.stdout.isatty():
        return _docx_to_terminal("trends QUERY")
    index_dir = _ready_index(args)
    query, filters = _query_and_filters(args, index_dir)
    saved_label = filters.pop("label", None)  # of a saved search
    labels = args.label or ([saved_label] if saved_label else None)
    result = trends(index_dir, query, by=args.by, labels=labels, **filters)
    if args.plot:
        _plot(result, args.plot)
    if args.format == "docx":
        from .chart import chart_bytes
        from .export_docx import trends_docx

        _write_binary(trends_docx(result, chart_bytes(result, "png")))
    elif args.format == "csv":
        _write_utf8(render_trends.trends_csv(result), bom=True)
    else:
        lines = render_trends.trends_table(result, sys.stdout.isatty()) \
            if args.format == "table" else render_trends.trends_jsonl(result)
        for line in lines:
            _write(line)
    return 0


def _plot(result, path: str) -> None:
    from index.errors import SearchIndexError
    from .chart import plot_trends

    try:
        plot_trends(result, path)
    except OSError as error:
        raise SearchIndexError(f"cannot write the chart to {path}: {error.strerror} — check "
                               f"the folder") from None
    sys.stderr.write(f"chart written to {path}\n")


def cmd_searches(args: argparse.Namespace) -> int:
    """List the saved searches of the index."""
    import index
    from index.saved import list_searches

    from .export_docx import describe_filters

    searches = list_searches(index.index_location(args.index))
    if args.format == "jsonl":
        for name, saved in searches.items():
            _write(json.dumps({"name": name, **saved}, ensure_ascii=False))
        return 0
    for name, saved in searches.items():
        filters = describe_filters(saved["filters"])
        _write(f"@{name}  {saved['query']}" + (f"  ({filters})" if filters else ""))
    if not searches:
        _write("no saved searches — save one with 'baocao search QUERY --save NAME'")
    return 0


# --- serve ------------------------------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the search, report, classify and trends pages on a local web server."""
    import index
    from .web import create_app, make_server

    index_dir = index.index_location(args.index)
    if isinstance(index_dir, str):
        raise index.SearchIndexError("baocao serve reads a folder index; the web pages over "
                                     "PostgreSQL are not written yet — give --index DIR")
    if index.is_default_location(args.index):
        index.ensure_bundled(index_dir)
    app = create_app(index_dir, model=args.model)
    app.config["INDEX_VIEW"].reports()  # a missing or damaged index fails here, not per page
    try:
        server = make_server(app, args.host, args.port)
    except OSError as error:
        reason = error.strerror or str(error)
        sys.stderr.write(f"Error: cannot listen on {args.host}:{args.port} ({reason}) — "
                         f"choose another --port\n")
        return 1
    where = ("this computer only" if args.host in ("127.0.0.1", "localhost", "::1") else
             "other computers on the network can open it too")
    _write(f"baocao serve: http://{args.host}:{args.port}/ — listening on {args.host}, "
           f"{where} (--host changes it); Ctrl-C stops it")
    sys.stdout.flush()
    server.run()
    return 0


# --- plumbing ----------------------------------------------------------------------------------

def _write(text: str) -> None:
    sys.stdout.write(text + "\n")


def _lines(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


def _csv(lines: list[str], bom: bool) -> None:
    """CSV lines in UTF-8 whatever the terminal's encoding; the BOM tells Excel it is UTF-8."""
    if lines:
        _write_utf8("\n".join(lines), bom=bom)


# Option types: argparse turns their errors into usage errors (exit 2, the usage line) and names
# them by the function ("invalid count value: 'x'"), hence the plain names.

def probability(text: str) -> float:
    """``--min-score``: a number from 0 to 1."""
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def count(text: str) -> int:
    """``--limit``: a whole number, 0 for no limit."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (every hit) or more, got {text}")
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


def _write_utf8(text: str, bom: bool = False) -> None:
    """Write UTF-8 whatever the terminal's encoding; the BOM tells Excel it is UTF-8."""
    text = ("\ufeff" if bom else "") + text + "\n"
    if not hasattr(sys.stdout, "buffer"):  # a text stream without bytes (tests capture so)
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _write_binary(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _docx_to_terminal(command: str) -> int:
    sys.stderr.write(f"Error: --format docx writes a Word file — redirect it to one: baocao "
                     f"{command} --format docx > result.docx\n")
    return 2


def _ready_index(args: argparse.Namespace):
    """The index directory of ``--index``; the default one gets the bundled report first."""
    import index

    from .terminal import Progress

    index_dir = index.index_location(args.index)
    if index.is_default_location(args.index):
        with Progress("first search: training the classifier and indexing the bundled report",
                      ticking=True):
            added = index.ensure_bundled(index_dir)
        _warn(getattr(added, "warnings", ()))
    return index_dir


_FILTER_DESTS = {"label": "label", "year": "year", "place": "place", "province": "province",
                 "type": "doc_type", "report": "report"}


def _query_and_filters(args: argparse.Namespace, index_dir) -> tuple[str, dict]:
    """The query and filters of the command line; ``@NAME`` is a saved search, whose filters
    the options given on the command line override."""
    filters = {name: getattr(args, dest) for name, dest in _FILTER_DESTS.items()}
    if isinstance(filters["label"], list):  # trends takes several labels
        filters["label"] = None
    if not args.query.startswith("@"):
        return args.query, filters
    from index.saved import load_search

    saved = load_search(index_dir, args.query[1:])
    given = {name: value for name, value in filters.items() if value is not None}
    return saved["query"], {**filters, **saved["filters"], **given}


def _warn(messages) -> None:
    """Say on stderr what the library reported without failing (e.g. a model not saved)."""
    for message in messages:
        sys.stderr.write(f"Warning: {message}\n")



def label(text: str) -> str:
    """``--label``: a label, in English or Vietnamese ("hạn chế", "han-che", "limitation")."""
    try:
        return label_from_name(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


_LABEL_NAMES = ", ".join(f"{name} ({vietnamese})" for name, vietnamese in VIETNAMESE_NAMES.items())

_INDEX_OPTION = argparse.ArgumentParser(add_help=False)
_INDEX_OPTION.add_argument("--index", metavar="DIR|URL",
                           help="index directory, or a postgresql://USER@HOST/DATABASE URL "
                                "(default: $BAOCAO_INDEX, else the user's data directory)")


_FILTERS = argparse.ArgumentParser(add_help=False)
_FILTERS.add_argument("--year", type=int, help="only reports dated in this year")
_FILTERS.add_argument("--place", help='only reports from this place as written ("Kiên Giang")')
_FILTERS.add_argument("--province", help='only reports from places now in this province, '
                                          'since the 2025 merger ("An Giang")')
_FILTERS.add_argument("--type", dest="doc_type", metavar="TYPE",
                      help='only this document type ("BÁO CÁO", "KẾ HOẠCH", ...)')
_FILTERS.add_argument("--report", metavar="PATH", help="only this report, or the reports under "
                                                       "this folder")


def _positive(kind):
    """An argparse type: a number of ``kind`` above zero."""
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
        return value
    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


_OCR_OPTIONS = argparse.ArgumentParser(add_help=False)
_OCR_OPTIONS.add_argument("--no-ocr", action="store_true",
                          help="do not OCR scanned PDF pages and page images (they fail)")
_OCR_OPTIONS.add_argument("--ocr-max-pages", type=_positive(int), default=100, metavar="N",
                          help="refuse a document with more than N pages to OCR "
                               "(default: %(default)s)")
_OCR_OPTIONS.add_argument("--ocr-time-limit", type=_positive(float), default=600.0,
                          metavar="SECONDS", help="give up OCR of one document after SECONDS "
                                                  "(default: %(default)g)")


def _ocr_options(args: argparse.Namespace):
    """The ``OcrOptions`` of the ``--no-ocr`` and ``--ocr-*`` options."""
    from nlp.reader.ocr import OcrOptions

    return OcrOptions(enabled=not args.no_ocr, max_pages=args.ocr_max_pages,
                      time_limit=args.ocr_time_limit)


def _say_ocr(report, ocr) -> None:
    """Tell on stderr which pages were OCR'd, and which of them not to trust blindly."""
    if report.pages_ocr:
        pages = ", ".join(f"{p.page} ({p.confidence:g})" for p in report.pages_ocr)
        sys.stderr.write(f"{report.source}: OCR read page (mean confidence): {pages}\n")
    low = [str(p.page) for p in report.pages_ocr if p.low]
    if low:
        sys.stderr.write(f"{report.source}: OCR confidence under {ocr.min_confidence:g} on "
                         f"page {', '.join(low)} — check against the scan\n")


_SCHEDULER_OPTION = argparse.ArgumentParser(add_help=False)
_SCHEDULER_OPTION.add_argument("--scheduler", metavar="ADDRESS",
                               help="read and classify on the Dask cluster of this scheduler, "
                                    "e.g. tcp://HOST:8786 (default: $BAOCAO_SCHEDULER, else "
                                    "local worker processes)")


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
    read = commands.add_parser("read", parents=[_formats("text", "json"), _OCR_OPTIONS,
                                                _SIZE_OPTION],
                               help="show a report's metadata, sections and sentences")
    read.add_argument("file", metavar="FILE",
                      help="report file (.txt, .md, .docx, .pdf, .png/.jpg/.tif), a folder "
                           "of page images, or - for standard input")
    read.set_defaults(func=cmd_read)


def _add_classifier_commands(commands) -> None:
    """``baocao classify``, ``train`` and ``evaluate``."""
    classify = commands.add_parser("classify",
                                   parents=[_formats("table", "jsonl", "csv", "docx"),
                                            _OCR_OPTIONS, _SIZE_OPTION],
                                   help="label the sentences of reports")
    classify.add_argument("files", nargs="+", metavar="FILE",
                          help="report files or folders (recursively), - for stdin")
    classify.add_argument("--label", action="append",
                          type=label, metavar="LABEL",
                          help=f"keep only this label (repeatable): {_LABEL_NAMES}")
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
    evaluate.add_argument("--model", metavar="PATH",
                          help="score this trained model (not held out) instead of the "
                               "held-out shipped recipe")
    evaluate.set_defaults(func=cmd_evaluate)


def _add_index_commands(commands) -> None:
    """``baocao index add``, ``list``, ``remove``, ``rebuild`` and ``add-shard``."""
    index = commands.add_parser("index", help="manage the sentence index")
    index_commands = index.add_subparsers(dest="index_command", required=True, metavar="COMMAND")
    wait_option = argparse.ArgumentParser(add_help=False)
    wait_option.add_argument("--wait", type=seconds, default=10.0, metavar="SECONDS",
                             help="how long to wait for another process writing the index "
                                  "(default: %(default)g)")
    add = index_commands.add_parser("add", parents=[_INDEX_OPTION, wait_option, _OCR_OPTIONS,
                                                    _SIZE_OPTION, _SCHEDULER_OPTION],
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
    rebuild = index_commands.add_parser("rebuild", parents=[_INDEX_OPTION, wait_option,
                                                            _SCHEDULER_OPTION],
                                        help="re-read every indexed report into a new index")
    rebuild.set_defaults(func=cmd_index_rebuild)
    shard = index_commands.add_parser("add-shard", parents=[_INDEX_OPTION, wait_option],
                                      help="spread a PostgreSQL index over one more server")
    shard.add_argument("shard", metavar="URL", help="postgresql://USER@HOST/DATABASE of the "
                                                    "shard (an empty database)")
    shard.set_defaults(func=cmd_index_add_shard)


def _add_search_command(commands) -> None:
    """``baocao search``."""
    search = commands.add_parser("search", parents=[_INDEX_OPTION, _FILTERS,
                                                    _formats("table", "jsonl", "csv", "docx")],
                                 help="search indexed sentences by theme")
    search.add_argument("query", metavar="QUERY",
                        help='words (a theme), "quoted phrases", AND / OR / NOT, field:value; '
                             'or @NAME, a saved search')
    search.add_argument("--label", type=label, metavar="LABEL",
                        help=f"only sentences with this label: {_LABEL_NAMES}")
    search.add_argument("--limit", type=count, default=20, metavar="N",
                        help="at most N hits, 0 for all (default: %(default)s)")
    search.add_argument("--all", action="store_true", help="every hit (as --limit 0)")
    search.add_argument("--by-report", action="store_true", help="group hits under each report")
    search.add_argument("--save", metavar="NAME",
                        help="save the query and its filters as NAME, next to the index")
    search.set_defaults(func=cmd_search)


def _add_trends_commands(commands) -> None:
    """``baocao trends`` and ``baocao searches``."""
    trends = commands.add_parser("trends", parents=[_INDEX_OPTION, _FILTERS,
                                                    _formats("table", "jsonl", "csv", "docx")],
                                 help="count a theme's sentences per label by year, place, ...")
    trends.add_argument("query", metavar="QUERY", help="as for search, or @NAME")
    trends.add_argument("--label", action="append", type=label, metavar="LABEL",
                        help=f"count only this label (repeatable): {_LABEL_NAMES}")
    trends.add_argument("--by", choices=TREND_GROUPS, default="year",
                        help="group by (default: %(default)s)")
    trends.add_argument("--plot", metavar="FILE", help="also draw the chart, FILE.png or "
                                                       "FILE.svg")
    trends.set_defaults(func=cmd_trends)
    searches = commands.add_parser("searches", parents=[_INDEX_OPTION, _formats("table",
                                                                                "jsonl")],
                                   help="list the saved searches")
    searches.set_defaults(func=cmd_searches)


def _add_serve_command(commands) -> None:
    """``baocao serve``."""
    serve = commands.add_parser("serve", parents=[_INDEX_OPTION],
                                help="search and classify in a web page on this computer")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: %(default)s, this computer only)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: %(default)s)")
    serve.add_argument("--model", metavar="PATH", help="model file (default: the cached one)")
    serve.set_defaults(func=cmd_serve)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baocao",
        description="Read Vietnamese government reports, label their sentences "
                    "(achievement, limitation, cause, other) and search them by theme.")
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_read_command(commands)
    _add_classifier_commands(commands)
    _add_index_commands(commands)
    _add_search_command(commands)
    _add_trends_commands(commands)
    _add_serve_command(commands)
    return parser


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked: importlib.metadata costs every other command
    about 0.1 s of start-up (a cold search)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        sys.stdout.write(f"{parser.prog} {_version()}\n")  # on stdout, as argparse's own
        parser.exit()


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
