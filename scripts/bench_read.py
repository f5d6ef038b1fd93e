"""Reading throughput of baocao's reader beside bare underthesea word segmentation.

For each document the same run times, one after the other (so that a busy machine slows both
alike):

* ``bare``: ``underthesea.word_tokenize`` over the document's whole text (already decoded);
* ``bare/line``: ``word_tokenize`` over each non-empty line of that text;
* ``read``: ``nlp.read_report(path)`` — decoding, legacy fonts, normalisation, repair,
  metadata, structure, sentence splitting and one segmentation per sentence;
* ``bare/sent``: ``word_tokenize`` over each sentence the reader produced — the segmentation
  inside ``read``, so ``read / bare/sent`` is the cost of everything else;
* ``read-words``: the reader with segmentation stubbed out — that cost measured on its own.

Only documents that read count in the figures (an unreadable one is listed instead).

Model loading is done before timing starts.  Every file must read without a traceback: a
:class:`nlp.ReportError` (empty, not Vietnamese...) is counted and listed, anything else is a
crash and makes the script exit 1.

    python scripts/bench_read.py                      # bundled report + the whole archive
    python scripts/bench_read.py --limit 200          # the first 200 archive documents
    python scripts/bench_read.py --profile --limit 50 # where the reader spends its time
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import pstats
import sys
import tarfile
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import nlp  # noqa: E402
from nlp.reader.formats import extract_text  # noqa: E402

BUNDLED = REPO / "corpus" / "kien-giang-2019-dan-van-chinh-quyen.txt"
ARCHIVE = REPO.parent / "shared" / "scale" / "docs-2000.tar.xz"


class Tally:
    """Seconds, characters and sentences of one way of processing the documents."""

    def __init__(self, name: str) -> None:
        self.name, self.seconds, self.chars, self.sentences = name, 0.0, 0, 0

    def line(self, baseline: "Tally | None" = None) -> str:
        rate = (f"{self.chars / self.seconds:12,.0f} chars/s "
                f"{self.sentences / self.seconds:9,.1f} sent/s")
        ratio = f"   {self.seconds / baseline.seconds:5.3f} x {baseline.name}" if baseline else ""
        return f"  {self.name:10} {self.seconds:8.2f} s {rate}{ratio}"


def _bare(text: str) -> None:
    from underthesea import word_tokenize

    if text.strip():
        word_tokenize(text)


def _bare_lines(text: str) -> None:
    from underthesea import word_tokenize

    for line in text.split("\n"):
        if line.strip():
            word_tokenize(line)


def _bare_sentences(report: nlp.Report) -> None:
    from underthesea import word_tokenize

    for sentence in report.sentences:
        word_tokenize(sentence.text)


def _read_without_words(path: Path) -> None:
    """The reader with segmentation stubbed out: the cost of everything else, measured alone."""
    import nlp.reader.pipeline

    segment = nlp.reader.pipeline.segment
    nlp.reader.pipeline.segment = lambda sentence: ()
    try:
        nlp.read_report(path)
    finally:
        nlp.reader.pipeline.segment = segment


def _timed(function, argument) -> float:
    start = time.perf_counter()
    function(argument)
    return time.perf_counter() - start


def bench(paths: list[Path], label: str, rounds: int = 1, profile: bool = False) -> bool:
    """Time bare segmentation and reading over ``paths``; print the figures; False on a crash.

    Each document is processed ``rounds`` times and the fastest time of each method kept, so
    that other programs on the machine disturb the comparison less.
    """
    tallies = [Tally("bare"), Tally("bare/line"), Tally("read"), Tally("bare/sent"),
               Tally("read-words")]
    errors: collections.Counter = collections.Counter()
    examples: dict[str, str] = {}
    crashes = 0
    profiler = cProfile.Profile() if profile else None
    for path in paths:
        try:
            text = extract_text(path)[0]
        except nlp.ReportError:
            text = ""
        best = [float("inf")] * 5
        for _ in range(rounds):
            seconds = [_timed(_bare, text), _timed(_bare_lines, text)]
            start = time.perf_counter()
            try:
                if profiler:
                    profiler.enable()
                report = nlp.read_report(path)
            except nlp.ReportError as error:
                errors[type(error).__name__] += 1
                examples.setdefault(type(error).__name__, str(error))
                break
            except Exception:  # the benchmark's robustness check: any other error is a bug
                crashes += 1
                print(f"CRASH {path}\n{traceback.format_exc()}", file=sys.stderr)
                break
            finally:
                if profiler:
                    profiler.disable()
            seconds += [time.perf_counter() - start, _timed(_bare_sentences, report),
                        _timed(_read_without_words, path)]
            best = [min(b, s) for b, s in zip(best, seconds)]
        else:
            for tally, seconds in zip(tallies, best):
                tally.seconds += seconds
                tally.chars += len(text)
                tally.sentences += len(report.sentences)
    _print(label, len(paths), rounds, tallies, errors, examples, crashes)
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    return crashes == 0


def _print(label, files, rounds, tallies, errors, examples, crashes) -> None:
    bare, per_line, read, per_sentence, no_words = tallies
    print(f"{label}: {files} files, {read.chars:,} characters, {read.sentences:,} sentences"
          f" (best of {rounds} round{'s' if rounds > 1 else ''})")
    for tally in (bare, per_line, per_sentence):
        print(tally.line())
    print(read.line(bare))
    print("  reader vs bare segmentation of the same text: "
          f"{100 * (read.seconds / bare.seconds - 1):+.1f} % (whole text), "
          f"{100 * (read.seconds / per_line.seconds - 1):+.1f} % (line by line); "
          f"everything but segmentation: {100 * (read.seconds / per_sentence.seconds - 1):+.1f} %"
          " (target <= +15 %)")
    print(f"  reader with segmentation stubbed out: {no_words.seconds:.3f} s = "
          f"{100 * no_words.seconds / per_sentence.seconds:.1f} % of segmenting its sentences")
    print(f"  unreadable (ReportError, reported not crashed): {sum(errors.values())} "
          f"{dict(errors)}; crashes (tracebacks): {crashes}")
    for name, message in examples.items():
        print(f"    e.g. {name}: {message}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE, help="a .tar.xz of documents")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="use only the first N documents of the archive")
    parser.add_argument("--repeat", type=int, default=5, metavar="R",
                        help="rounds for the bundled report, best kept (default 5)")
    parser.add_argument("--rounds", type=int, default=1, metavar="R",
                        help="rounds for each archive document, best kept (default 1)")
    parser.add_argument("--profile", action="store_true", help="profile the reading step")
    args = parser.parse_args()

    from underthesea import sent_tokenize, word_tokenize

    start = time.perf_counter()
    word_tokenize("Khởi động mô hình tách từ.")
    sent_tokenize("Khởi động. Mô hình tách câu.")
    print(f"model loading (not timed below): {time.perf_counter() - start:.2f} s")

    ok = bench([BUNDLED], "bundled report", args.repeat, args.profile)
    if not args.archive.is_file():
        print(f"no archive at {args.archive}: skipped")
        return 0 if ok else 1
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(args.archive) as archive:
            members = sorted((m for m in archive.getmembers() if m.isfile()),
                             key=lambda m: m.name)[:args.limit]
            if hasattr(tarfile, "data_filter"):  # Python >= 3.10.12 / 3.11.4: safe extraction
                archive.extractall(tmp, members=members, filter="data")
            else:
                archive.extractall(tmp, members=members)
        paths = [Path(tmp, m.name) for m in members]
        ok = bench(paths, f"{args.archive.name} ({len(paths)} documents)", args.rounds,
                   args.profile) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
