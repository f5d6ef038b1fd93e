"""Benchmark the index on the 2,000-document archive; prints figures, asserts nothing.

    python scripts/bench_index.py                      # the whole archive, then 20 adds of 100
    python scripts/bench_index.py --docs 200 --increments 4x50
    python scripts/bench_index.py --increments 0       # one build only

The archive is read where it is unpacked (``--docs-dir``, default /tmp/arch/docs-2000), or from
``--archive`` (the .tar.xz) when that folder is absent.  Printed, with the machine's load
average first so that a figure taken under load can be recognised:

  * bare underthesea ``word_tokenize`` of the same texts in one process;
  * ``index.add_reports`` with two worker processes: its wall time and its throughput as a
    share of the bare segmentation's (target >= 85 %), and the CPU split: the worker processes'
    CPU (reading, segmentation, classification) against the writer process's (target: the
    writer <= 25 % of the workers);
  * warm query latency p50 / p95 over a fixed query list (target p95 <= 30 ms);
  * the median wall time of a cold ``baocao search`` process against ``python -c "import
    whoosh"`` (target <= 3x), both with their bytecode compiled (see ``compile_bytecode``),
    and the index's segment count;
  * the same for a second index built by ``--increments`` successive adds (default 20 of 100
    documents: the archive again), with the segment count and the cold time after each add —
    neither must climb.
"""

from __future__ import annotations

import argparse
import os
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
COLD_QUERY = "tiếp công dân"


def load_line() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def archive_files(docs_dir: Path, archive: Path, count: int | None, scratch: Path
                  ) -> list[Path]:
    """The first ``count`` archive documents by name (all if None), unpacked if need be."""
    if not docs_dir.is_dir():
        docs_dir = scratch / "docs"
        with tarfile.open(archive) as tar:
            tar.extractall(docs_dir, filter="data")
    files = sorted(p for p in docs_dir.rglob("*") if p.is_file())
    return files[:count] if count else files


def bare_segmentation(files: list[Path]) -> tuple[dict[Path, float], int]:
    """Seconds that underthesea's word_tokenize takes on each file's text, and the characters."""
    from underthesea import word_tokenize

    word_tokenize("khởi động")  # load the model outside the timing
    seconds, chars = {}, 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        started = time.perf_counter()
        word_tokenize(text)
        seconds[path] = time.perf_counter() - started
        chars += len(text)
    return seconds, chars


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished child processes."""
    import resource

    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


class Build:
    """Wall time, writer and worker CPU seconds, and results of one or more ``add_reports``."""

    def __init__(self) -> None:
        self.wall = self.writer_cpu = self.workers_cpu = 0.0
        self.added = self.failed = self.sentences = 0

    def add(self, index_dir: Path, files: list[Path]) -> None:
        import index

        before = cpu_seconds()
        started = time.perf_counter()
        result = index.add_reports(index_dir, files, workers=2)
        self.wall += time.perf_counter() - started
        writer, workers = (after - first for after, first in zip(cpu_seconds(), before))
        self.writer_cpu += writer
        self.workers_cpu += workers
        self.added += len(result.added) + len(result.replaced)
        self.failed += len(result.failed)
        self.sentences += result.sentences


def warm_latency(location: object, rounds: int = 5) -> list[float]:
    """Milliseconds of each search of QUERIES (``rounds`` times) on one open searcher of the
    index at ``location`` (a folder, or a PostgreSQL URL for bench_backends)."""
    import index

    with index.open_backend(location).searcher() as searcher:
        for query in QUERIES:
            searcher.search(query)
        times = []
        for _ in range(rounds):
            for query in QUERIES:
                started = time.perf_counter()
                searcher.search(query)
                times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def cold_wall(command: list[str], runs: int = 7) -> float:
    """Median wall time in ms of ``command`` as a fresh process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
        if result.returncode:
            raise SystemExit(f"{command} failed: {result.stderr.decode()[-500:]}")
    return statistics.median(times)


def compile_bytecode() -> str:
    """Write the project's bytecode, as installing it does, and say whether it was missing.

    pip compiles what it installs (Whoosh's modules here), but under PYTHONDONTWRITEBYTECODE
    (which this machine's environment sets) an editable install never gets bytecode, and every
    cold search then compiles some 25 of baocao's modules (60-80 ms measured) that an installed
    baocao never compiles; the bare ``import whoosh`` it is compared with compiles none.
    """
    import compileall

    for package in ("nlp", "index", "baocao", "corpus"):
        compileall.compile_dir(str(REPO / package), quiet=1)
    unset = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return f"bytecode of baocao written first (PYTHONDONTWRITEBYTECODE {unset})"


def cold_search(index_dir: Path, runs: int = 7) -> float:
    exe = str(Path(sys.executable).parent / "baocao")
    return cold_wall([exe, "search", COLD_QUERY, "--index", str(index_dir)], runs)


def segment_count(index_dir: Path) -> int:
    from index.schema import open_index

    return len(open_index(index_dir)._segments())


def report(title: str, build: Build, segmentation: float, index_dir: Path, bare: float
           ) -> None:
    """Print the figures of one index, built by ``build``, ``segmentation`` its bare seconds."""
    print(f"--- {title} ({load_line()})")
    print(f"documents indexed {build.added}, failed {build.failed}, "
          f"sentences {build.sentences}")
    print(f"bare word_tokenize (1 process): {segmentation:8.1f} s")
    print(f"index add (2 workers):          {build.wall:8.1f} s  "
          f"{build.added / build.wall:6.1f} docs/s  {build.sentences / build.wall:7.0f} "
          f"sentences/s")
    print(f"indexing / bare segmentation throughput: {segmentation / build.wall:6.1%} "
          f"(target >= 85 %)")
    print(f"CPU: workers {build.workers_cpu:.1f} s, writer {build.writer_cpu:.1f} s = "
          f"{build.writer_cpu / max(build.workers_cpu, 1e-9):.1%} of the workers' "
          f"(target <= 25 %)")
    latencies = warm_latency(index_dir)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"warm query latency over {len(QUERIES)} queries x 5: "
          f"p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms (target p95 <= 30 ms)")
    cold = cold_search(index_dir)
    print(f"cold 'baocao search {COLD_QUERY}': {cold:.0f} ms; 'python -c \"import whoosh\"': "
          f"{bare:.0f} ms; ratio {cold / bare:.2f}x (target <= 3x); "
          f"segments {segment_count(index_dir)}", flush=True)


def parse_increments(text: str) -> tuple[int, int]:
    if text in ("0", "none"):
        return 0, 0
    count, _, size = text.partition("x")
    try:
        return int(count), int(size)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected COUNTxSIZE like 20x100, not {text!r}") \
            from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs-dir", type=Path, default=Path("/tmp/arch/docs-2000"))
    parser.add_argument("--archive", type=Path,
                        default=REPO.parent / "shared" / "scale" / "docs-2000.tar.xz")
    parser.add_argument("--docs", type=int, metavar="N",
                        help="only the first N documents (default: the whole archive)")
    parser.add_argument("--increments", type=parse_increments, default=(20, 100),
                        metavar="COUNTxSIZE",
                        help="then build a second index by COUNT adds of SIZE documents "
                             "(default 20x100; 0 for none)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the first index in DIR and keep it (must not exist)")
    args = parser.parse_args()
    print(f"start: {load_line()}", flush=True)
    import nlp

    nlp.load_classifier()  # trained and cached outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        files = archive_files(args.docs_dir, args.archive, args.docs, Path(tmp))
        seconds, chars = bare_segmentation(files)
        print(f"bare word_tokenize of {len(files)} files, {chars} characters: "
              f"{sum(seconds.values()):.1f} s ({load_line()})", flush=True)
        print(compile_bytecode(), flush=True)
        bare = cold_wall([sys.executable, "-c", "import whoosh"])
        ix = args.keep or Path(tmp) / "ix"
        build = Build()
        build.add(ix, files)
        report("one 'index add' of every document", build, sum(seconds.values()), ix, bare)
        again = Build()
        again.add(ix, files)
        print(f"re-add unchanged: {again.wall:.2f} s = {again.wall / build.wall:.2%} of the "
              f"first build (target < 2 %); {again.added} re-indexed", flush=True)
        count, size = args.increments
        if count:
            steps = Build()
            ix_steps = Path(tmp) / "ix-increments"
            batches = [files[i * size:(i + 1) * size] for i in range(count)]
            batches = [batch for batch in batches if batch]
            print(f"--- {len(batches)} successive adds of {size} documents")
            for number, batch in enumerate(batches, 1):
                steps.add(ix_steps, batch)
                print(f"add {number:2d}: segments {segment_count(ix_steps):2d}, cold search "
                      f"{cold_search(ix_steps, runs=3):4.0f} ms", flush=True)
            done = sum(seconds[path] for batch in batches for path in batch)
            report(f"after {len(batches)} adds of {size}", steps, done, ix_steps, bare)


if __name__ == "__main__":
    main()
