"""Benchmark the Whoosh and PostgreSQL index backends side by side; prints figures, asserts
nothing.

    python scripts/bench_backends.py [--archive /tmp/arch/docs-2000] [--limit N] [--factor 10]
                                     [--postgres URL]

In one run, for both backends:
  * indexing throughput with local worker processes.  Reading, segmentation and
    classification are the same code for both, so they run once (2 workers) and are timed
    once; each backend's writing is then timed on those results (``index.writer._analysed``
    replaced by the cache), and the end-to-end figure is documents / (reading + writing);
  * warm query latency p50 / p95 over the fixed query list of ``bench_index.py``;
  * the same at ``--factor`` times the archive: ``factor - 1`` copies of every document, each
    a distinct report (its own path under copy-NN/, its own sentence rows) with the same text.
    Whoosh gets them through ``index.add_reports`` from hard-linked copies (the cached reading);
    PostgreSQL gets the same reports by copying rows, postings and statistics in SQL (``replicate_in_sql``),
    as reading them again would take hours here.
PostgreSQL: a throwaway server (``tests/pg_server.py``: Unix socket, fsync off,
shared_buffers 128 MB) unless ``--postgres`` names one; tables are VACUUM ANALYZEd after
loading, as autovacuum would.  Dask: ``dask_throughput``, from ``bench_dask`` (local workers,
1 and 2 Dask workers).
Target: PostgreSQL warm p95 <= 50 ms at 10x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from bench_index import QUERIES, cpu_seconds, warm_latency  # noqa: E402


def analyse_once(files: list[Path], workers: int) -> tuple[float, float, dict[str, tuple]]:
    """Read and classify ``files`` once: (wall seconds, CPU seconds, results by file name)."""
    from index import writer

    before = sum(cpu_seconds())
    started = time.perf_counter()
    results = {Path(result[0]).name: result for result in writer._analysed(files, workers)}
    return time.perf_counter() - started, sum(cpu_seconds()) - before, results


@contextmanager
def cached_reading(results: dict[str, tuple]) -> Iterator[None]:
    """Make the writers take each file's reading from ``results`` (by file name)."""
    from index import writer

    original = writer._analysed

    def analysed(paths: list[Path], workers: int, ocr: object = None,
                 scheduler: str | None = None) -> Iterator[tuple]:
        for path in paths:
            _, report, predictions, error = results[path.name]
            yield path, report, predictions, error

    writer._analysed = analysed  # type: ignore[assignment]
    try:
        yield
    finally:
        writer._analysed = original  # type: ignore[assignment]


def copies(files: list[Path], into: Path, number: int) -> Path:
    """Copy ``number`` of the archive into ``into`` (hard links when the disk allows)."""
    folder = into / f"copy-{number:02}"
    folder.mkdir(parents=True)
    for path in files:
        try:
            os.link(path, folder / path.name)
        except OSError:
            shutil.copyfile(path, folder / path.name)
    return folder


def write(location: object, folders: list[Path], results: dict[str, tuple]) -> tuple[float, int]:
    """Seconds to add ``folders`` through the backend of ``location``, and sentences added."""
    import index

    with cached_reading(results):
        started = time.perf_counter()
        result = index.add_reports(location, folders, workers=1, timeout=60)
    return time.perf_counter() - started, result.sentences


def replicate_in_sql(url: str, folders: list[Path]) -> float:
    """Copy every report of the PostgreSQL index (those of ``folders[0]``) once per other
    folder, as if read from there: the same rows and statistics the writer would add, made in
    SQL in one transaction.  Returns the seconds it took."""
    import psycopg

    started = time.perf_counter()
    columns = ("position, label, label_score, text, section, folded_length, year, province, "
               "symbols, tsv")
    with psycopg.connect(url) as connection:
        connection.execute("CREATE TEMP TABLE originals AS SELECT * FROM baocao.reports")
        for folder in folders[1:]:
            old, new = f"/{folders[0].name}/", f"/{folder.name}/"
            connection.execute(
                "CREATE TEMP TABLE ids AS SELECT report_id AS old, "
                "nextval('baocao.report_ids') AS new FROM originals")
            connection.execute(
                "INSERT INTO baocao.reports SELECT i.new, replace(o.source, %s, %s), o.sha256, "
                "o.meta || jsonb_build_object('source', replace(o.source, %s, %s)) "
                "FROM originals o JOIN ids i ON i.old = o.report_id", (old, new, old, new))
            connection.execute(
                f"INSERT INTO baocao.sentences (report_id, {columns}) SELECT i.new, {columns} "
                f"FROM baocao.sentences s JOIN ids i ON i.old = s.report_id")
            connection.execute(
                "INSERT INTO baocao.postings (term, report_id, position, tf, label) "
                "SELECT p.term, i.new, p.position, p.tf, p.label "
                "FROM baocao.postings p JOIN ids i ON i.old = p.report_id")
            connection.execute("DROP TABLE ids")
        connection.execute("UPDATE baocao.term_stats SET df = df * %s", (len(folders),))
        connection.execute("UPDATE baocao.counters SET value = value * %s "
                           "WHERE name <> 'generation'", (len(folders),))
        connection.execute("UPDATE baocao.counters SET value = value + 1 "
                           "WHERE name = 'generation'")
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def vacuum(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def dask_throughput(files: list[Path], limit: int) -> list[str]:
    """Lines of the indexing throughput of today's 2 local workers and of a Dask LocalCluster
    of 1 and of 2 workers, on the first ``limit`` documents, with the writer (``index add``)
    and without it (the reading the cluster does), measured by ``bench_dask``."""
    import logging

    import bench_dask

    logging.getLogger("distributed").setLevel(logging.WARNING)
    if limit <= 0:
        return ["dask: not measured (--dask-docs 0)"]
    paths = files[:limit]
    lines = [f"\nindexing throughput, {len(paths)} documents (docs/s; ratio to 1 Dask worker):"]
    for write in (True, False):
        runs = [bench_dask.local_throughput(paths, write=write),
                bench_dask.dask_throughput(paths, 1, write=write),
                bench_dask.dask_throughput(paths, 2, write=write)]
        one = runs[1].per_second
        what = "index add" if write else "reading only"
        lines += [f"  {what:13} {run.label:20} {run.per_second:6.2f} docs/s "
                  f"{run.per_second / one:5.2f}x  (this process {run.own_cpu:.1f} CPU s, "
                  f"workers {run.worker_cpu:.1f} CPU s)" for run in runs]
    lines.append(f"  load average after: {os.getloadavg()}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=Path("/tmp/arch/docs-2000"))
    parser.add_argument("--limit", type=int, help="only the first N documents (by name)")
    parser.add_argument("--factor", type=int, default=10, help="the larger size (default 10x)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the query list")
    parser.add_argument("--postgres", help="a server URL (default: a throwaway server)")
    parser.add_argument("--backends", default="whoosh,postgresql",
                        help="which to measure, comma-separated (default: both)")
    parser.add_argument("--dask-docs", type=int, default=200,
                        help="documents for the Dask throughput lines (0: skip them)")
    args = parser.parse_args()
    import nlp

    nlp.load_classifier()  # trained and cached outside the timing
    files = sorted(p for p in args.archive.iterdir() if p.is_file())[:args.limit or None]
    print(f"load average before: {os.getloadavg()}")
    read_wall, read_cpu, results = analyse_once(files, workers=2)
    failed = sum(1 for r in results.values() if r[3] is not None)
    print(f"documents: {len(files)} ({failed} unreadable); reading + classification, 2 "
          f"workers: {read_wall:.1f} s wall, {read_cpu:.1f} CPU s, "
          f"{len(files) / read_wall:.1f} docs/s")
    server = None
    if args.postgres is None:
        from pg_server import TempServer

        server = TempServer("bench")
    url = args.postgres or server.url()  # type: ignore[union-attr]
    rows: dict[str, dict[str, object]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folders = [copies(files, Path(tmp), n) for n in range(args.factor)]
            chosen = args.backends.split(",")
            for name, location in (("whoosh", Path(tmp) / "ix"), ("postgresql", url)):
                if name not in chosen:
                    continue
                row: dict[str, object] = {}
                seconds, sentences = write(location, folders[:1], results)
                row["write"] = (seconds, sentences)
                if name == "postgresql":
                    vacuum(url)
                row["1x"] = warm_latency(location, args.rounds)
                if name == "postgresql":
                    row["write more"] = (replicate_in_sql(url, folders), 0)
                else:
                    row["write more"] = write(location, folders[1:], results)
                if name == "postgresql":
                    vacuum(url)
                row[f"{args.factor}x"] = warm_latency(location, args.rounds)
                rows[name] = row
                print(f"{name}: done, load average {os.getloadavg()}", flush=True)
    finally:
        if server is not None:
            server.stop()
    docs = len(files) - failed
    print(f"\n{'':28}" + "".join(f"{name:>14}" for name in rows))
    line = "{:28}" + "{:>14}" * len(rows)
    writes = {n: r["write"] for n, r in rows.items()}
    print(line.format("write 1x (s)", *(f"{w[0]:.1f}" for w in writes.values())))
    print(line.format("write sentences/s", *(f"{w[1] / w[0]:.0f}" for w in writes.values())))
    print(line.format("end-to-end docs/s", *(f"{docs / (read_wall + w[0]):.2f}"
                                            for w in writes.values())))
    print(line.format(f"{args.factor - 1} more copies (s)",
                      *(f"{r['write more'][0]:.1f}" for r in rows.values())))
    print("  (whoosh: written by index.add_reports from the cached reading; postgresql: "
          "rows copied in SQL)")
    for size in ("1x", f"{args.factor}x"):
        for share in (0.5, 0.95):
            print(line.format(f"warm p{int(share * 100)} at {size} (ms)",
                              *(f"{percentile(r[size], share):.1f}" for r in rows.values())))
    total = sum(w[1] for w in writes.values()) // len(writes)
    print(f"\nsentences at 1x: {total}, at {args.factor}x: {total * args.factor}; "
          f"queries: {len(QUERIES)} x {args.rounds} rounds; load average after: "
          f"{os.getloadavg()}")
    for text in dask_throughput(files, args.dask_docs):
        print(text)


if __name__ == "__main__":
    main()
