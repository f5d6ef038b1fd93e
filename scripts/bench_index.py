"""Benchmark the index on the 2,000-document archive; prints figures, asserts nothing.

    python scripts/bench_index.py [--archive ../shared/scale/docs-2000.tar.xz] [--limit N]

Side by side, in one run:
  * indexing throughput (documents, sentences, characters per second) of ``index.add_reports``
    with two worker processes, against bare underthesea ``word_tokenize`` of the same texts in
    one process (target: indexing >= 70 % of the bare segmentation);
  * re-adding the unchanged corpus (target: < 2 % of the first build);
  * warm query latency p50 / p95 over a fixed query list (target: p95 < 50 ms);
  * the wall time of one cold ``baocao search`` process against ``python -c "import whoosh"``
    (target: < 3x).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

QUERIES = [
    "tinh giản biên chế", "tinh gian bien che", "tiếp công dân", "cải cách hành chính",
    "tham nhũng", "chuyển đổi số trong cơ quan nhà nước", "UBND", "ngân sách nhà nước",
    '"thủ tục hành chính"', "giải phóng mặt bằng", "an toàn giao thông", "xây dựng nông thôn mới",
    "phòng chống dịch COVID-19", "khiếu nại tố cáo", "đất đai NOT tranh chấp",
    '"nghị quyết" AND trung ương', "giáo dục OR y tế", "bảo hiểm xã hội label:limitation",
    "doanh nghiệp nhà nước", "Nghị quyết số 18-NQ/TW",
]


def extract(archive: Path, limit: int | None, into: Path) -> list[Path]:
    """Extract the first ``limit`` documents (sorted by name) of ``archive`` into ``into``."""
    with tarfile.open(archive) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)
        members = members[:limit] if limit else members
        tar.extractall(into, members=members, filter="data")
    return sorted(p for p in into.rglob("*") if p.is_file())


def bare_segmentation(files: list[Path]) -> tuple[float, int]:
    """Seconds that underthesea's word_tokenize takes over the texts, and their characters."""
    from underthesea import word_tokenize

    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    word_tokenize("khởi động")  # load the model outside the timing
    started = time.perf_counter()
    for text in texts:
        word_tokenize(text)
    return time.perf_counter() - started, sum(map(len, texts))


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - started, value


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished child processes."""
    import resource

    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def warm_latency(index_dir: Path, rounds: int = 5) -> list[float]:
    from index import SentenceSearcher

    with SentenceSearcher(index_dir) as searcher:
        for query in QUERIES:
            searcher.search(query)
        times = []
        for _ in range(rounds):
            for query in QUERIES:
                seconds, _ = timed(searcher.search, query)
                times.append(seconds * 1000)
    return times


def cold_wall(command: list[str], runs: int = 7) -> float:
    """Median wall time in ms of ``command`` as a fresh process."""
    times = []
    for _ in range(runs):
        seconds, result = timed(subprocess.run, command, capture_output=True)
        if result.returncode:
            raise SystemExit(f"{command} failed: {result.stderr.decode()[-500:]}")
        times.append(seconds * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path,
                        default=REPO.parent / "shared" / "scale" / "docs-2000.tar.xz")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the index in DIR and keep it (must not exist)")
    args = parser.parse_args()
    import index
    import nlp

    nlp.load_classifier()  # trained and cached outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        files = extract(args.archive, args.limit, Path(tmp) / "docs")
        ix = args.keep or Path(tmp) / "ix"
        seg_seconds, chars = bare_segmentation(files)
        before = cpu_seconds()
        build_seconds, result = timed(index.add_reports, ix, [Path(tmp) / "docs"], workers=2)
        main_cpu, workers_cpu = (after - first for after, first in zip(cpu_seconds(), before))
        readd_seconds, again = timed(index.add_reports, ix, [Path(tmp) / "docs"], workers=2)
        latencies = warm_latency(ix)
        exe = str(Path(sys.executable).parent / "baocao")
        cold = cold_wall([exe, "search", "tiếp công dân", "--index", str(ix)])
        bare = cold_wall([sys.executable, "-c", "import whoosh"])
    docs = len(result.added)
    print(f"documents: {len(files)} files, {docs} indexed, {len(result.failed)} failed, "
          f"{result.sentences} sentences, {chars} characters")
    print(f"bare word_tokenize (1 process): {seg_seconds:8.1f} s  "
          f"{len(files) / seg_seconds:7.1f} docs/s  {chars / seg_seconds:10.0f} chars/s")
    print(f"index add (2 workers):          {build_seconds:8.1f} s  "
          f"{docs / build_seconds:7.1f} docs/s  {chars / build_seconds:10.0f} chars/s  "
          f"{result.sentences / build_seconds:8.0f} sentences/s")
    print(f"indexing / bare segmentation throughput: {seg_seconds / build_seconds:6.1%} "
          f"(target >= 70 %)")
    print(f"  CPU of the add: writer process {main_cpu:.1f} s, worker processes "
          f"{workers_cpu:.1f} s (on a shared machine the wall time also waits for others)")
    print(f"re-add unchanged: {readd_seconds:.2f} s = {readd_seconds / build_seconds:.2%} of the "
          f"first build (target < 2 %); {len(again.unchanged)} unchanged, "
          f"{len(again.added) + len(again.replaced)} re-indexed")
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"warm query latency over {len(QUERIES)} queries x 5: p50 {p50:.1f} ms, "
          f"p95 {p95:.1f} ms (target p95 < 50 ms)")
    print(f"cold 'baocao search': {cold:.0f} ms; 'python -c \"import whoosh\"': {bare:.0f} ms; "
          f"ratio {cold / bare:.2f}x (target < 3x)")


if __name__ == "__main__":
    main()
