"""Benchmark ``baocao trends`` warm; prints figures, asserts nothing.

    python scripts/bench_trends.py [--docs /tmp/arch/docs-2000] [--limit 300] [--index DIR]

Indexes the first ``--limit`` documents (sorted by name) of the unpacked archive plus the bundled
report (skipped when ``--index`` already holds them), then times, for ``trends "cải cách hành
chính"`` by year and by province:
  * the library, on a searcher kept open (median of 5);
  * a whole ``baocao trends`` process with the files in the OS cache (median of 3 after one
    run to warm the cache); target: under 2 s on the 2,000-document archive;
and checks that the rows add up to what ``search --limit 0`` counts.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

THEME = "cải cách hành chính"


def build(index_dir: Path, docs: Path, limit: int) -> float:
    """Index the first ``limit`` documents of ``docs`` and the bundled report; return seconds."""
    import index
    from corpus import BUNDLED_REPORT

    files = sorted(p for p in docs.iterdir() if p.is_file())[:limit]
    started = time.perf_counter()
    result = index.add_reports(index_dir, [*files, BUNDLED_REPORT])
    seconds = time.perf_counter() - started
    print(f"indexed {len(result.added)} reports ({result.sentences} sentences, "
          f"{len(result.failed)} failed, {len(result.unchanged)} unchanged) in {seconds:.1f} s")
    return seconds


def library_times(index_dir: Path) -> None:
    from index.search import SentenceSearcher
    from index.trends import compute_trends

    with SentenceSearcher(index_dir) as searcher:
        every = searcher.search(THEME, limit=0)
        for by in ("year", "province"):
            compute_trends(searcher, THEME, by=by)
            times = []
            for _ in range(5):
                started = time.perf_counter()
                result = compute_trends(searcher, THEME, by=by)
                times.append(time.perf_counter() - started)
            total = result.total()
            same = total.counts == every.counts
            print(f"library trends --by {by:8}: {1000 * statistics.median(times):6.1f} ms median "
                  f"of 5; {len(result.rows)} rows, {total.sentences} sentences in "
                  f"{total.reports_matching} of {total.reports} reports; equals search --limit "
                  f"0 ({every.total} sentences): {same}")


def process_times(index_dir: Path) -> None:
    exe = Path(sys.executable).parent / "baocao"
    for by in ("year", "province"):
        command = [str(exe), "trends", THEME, "--by", by, "--index", str(index_dir)]
        subprocess.run(command, capture_output=True, check=True)  # warms the OS cache
        times = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times.append(time.perf_counter() - started)
        print(f"process baocao trends --by {by:8}: {statistics.median(times):.2f} s median of 3 "
              f"(warm file cache)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("/tmp/arch/docs-2000"),
                        help="the unpacked archive (tar xf ../shared/scale/docs-2000.tar.xz)")
    parser.add_argument("--limit", type=int, default=300, help="documents to index")
    parser.add_argument("--index", type=Path, help="index directory to build or reuse")
    args = parser.parse_args()
    index_dir = args.index or Path(tempfile.mkdtemp(prefix="bench-trends-")) / "index"
    build(index_dir, args.docs, args.limit)
    library_times(index_dir)
    process_times(index_dir)


if __name__ == "__main__":
    main()
