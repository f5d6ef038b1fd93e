"""Benchmark indexing on a Dask cluster against today's local workers; prints, asserts nothing.

    python scripts/bench_dask.py [--docs /tmp/arch/docs-2000] [--limit 200 | --all]

Side by side, in one run, ``index.add_reports`` of the first N documents (sorted by name) of
the extracted archive into a fresh index each time:
  (a) today's two local worker processes;
  (b) a Dask LocalCluster of 1 worker process (1 thread);
  (c) a Dask LocalCluster of 2 worker processes (1 thread each);
with documents per second, ratios, and where the CPU went: this process (the writer; with Dask
also the client and the LocalCluster's scheduler, which runs in this process) and the workers.
Then the same three without the writer ("reading only": what the cluster does), since on two
cores the writer of this process competes with the workers for them.

Target (issue 12): (c) >= 1.8 x (b), less the scheduler's overhead.  The overhead is measured
twice: the round trip of no-op tasks submitted as the batch submits its tasks (a window in
flight, results taken in order), and this process's CPU per task during those no-op tasks, as a
share of the CPU the 2-worker run used.  The load average is printed at the start and the end:
on a shared machine every figure is under the others' load.

``dask_throughput(paths, workers)`` and ``local_throughput(paths)`` are the measures, for other
benchmarks (scripts/bench_backends.py) to call.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DOCS = Path("/tmp/arch/docs-2000")
SAMPLE = "Ủy ban nhân dân tỉnh đã hoàn thành kế hoạch cải cách hành chính năm 2023."


@dataclass
class Run:
    """One indexing run: what it did and where its time went."""

    label: str
    docs: int
    sentences: int
    seconds: float
    own_cpu: float  # this process: the writer, and with Dask the client and the scheduler
    worker_cpu: float  # the worker processes

    @property
    def per_second(self) -> float:
        return self.docs / self.seconds


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _warm_here() -> None:
    """Load the classifier and the segmenter in this process (the local pool forks from it)."""
    import nlp

    nlp.load_classifier()
    nlp.read_text(SAMPLE)


def _batch(paths: list[Path], write: bool, **options) -> tuple[float, int]:
    """(seconds, sentences) of ``index.add_reports`` into a new index, or, with ``write=False``,
    of only the reading and classifying that feed it (``index.writer._analysed``)."""
    import index
    from index.writer import _analysed

    folder = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    try:
        started = time.perf_counter()
        if write:
            sentences = index.add_reports(folder / "ix", paths, **options).sentences
        else:
            results = _analysed(paths, options.get("workers", 2), None, options.get("scheduler"))
            sentences = sum(len(report.sentences) for _, report, _, _ in results if report)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return seconds, sentences


def local_throughput(paths: list[Path], workers: int = 2, write: bool = True) -> Run:
    """Index ``paths`` with today's ``workers`` local processes (``write=False``: read only)."""
    _warm_here()
    own, children = time.process_time(), _children_cpu()
    seconds, sentences = _batch(paths, write, workers=workers)
    return Run(f"local, {workers} processes", len(paths), sentences, seconds,
               time.process_time() - own, _children_cpu() - children)


def _worker_cpu(client) -> float:
    return sum(client.run(time.process_time).values())


def dask_throughput(paths: list[Path], workers: int, scheduler: str | None = None,
                    write: bool = True) -> Run:
    """Index ``paths`` through a Dask LocalCluster of ``workers`` processes of 1 thread (or the
    cluster at ``scheduler``); the workers load the model and the segmenter before the clock.
    ``write=False``: only the reading and classifying, the part the cluster does."""
    import nlp
    from distributed import Client, LocalCluster

    _warm_here()
    cluster = (None if scheduler else
               LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=":0"))
    address = scheduler or cluster.scheduler_address
    try:
        with Client(address, set_as_default=False) as client:
            client.wait_for_workers(workers)
            client.run(nlp.load_classifier)
            client.run(nlp.read_text, SAMPLE)
            own, before = time.process_time(), _worker_cpu(client)
            seconds, sentences = _batch(paths, write, scheduler=address)
            spent, after = time.process_time() - own, _worker_cpu(client)
    finally:
        if cluster is not None:
            cluster.close()
    return Run(f"dask, {workers} worker{'s' * (workers > 1)}", len(paths), sentences, seconds,
               spent, after - before)


def scheduler_overhead(tasks: int = 400, workers: int = 2, window: int = 8
                       ) -> tuple[float, float]:
    """(wall ms, this process's CPU ms) per no-op task, submitted as the batch submits."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, \
            Client(cluster, set_as_default=False) as client:
        client.wait_for_workers(workers)
        client.gather(client.map(abs, range(50), pure=False))  # connections made
        started, own = time.perf_counter(), time.process_time()
        todo = iter(range(tasks))
        pending = deque(client.submit(abs, i, pure=False) for _, i in zip(range(window), todo))
        while pending:
            pending.popleft().result()
            following = next(todo, None)
            if following is not None:
                pending.append(client.submit(abs, following, pure=False))
        wall, cpu = time.perf_counter() - started, time.process_time() - own
    return 1000 * wall / tasks, 1000 * cpu / tasks


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _print(title: str, runs: list[Run]) -> None:
    base = runs[1]
    print(f"{title:22} {'docs/s':>8} {'x 1 wkr':>8} {'wall s':>8} {'sent.':>8} "
          f"{'this proc CPU s':>16} {'workers CPU s':>14} {'CPU s/doc':>10}")
    for run in runs:
        total = run.own_cpu + run.worker_cpu
        print(f"{run.label:22} {run.per_second:8.2f} {run.per_second / base.per_second:8.2f} "
              f"{run.seconds:8.1f} {run.sentences:8d} {run.own_cpu:16.1f} "
              f"{run.worker_cpu:14.1f} {total / run.docs:10.3f}")


def _compare(runs: list[Run], share: float) -> None:
    """The 2-worker against the 1-worker run: by wall time, and by CPU seconds."""
    local, one, two = runs
    speedup = two.per_second / one.per_second
    # Load-proof: the speed-up two workers give when each has a core of its own, from the CPU
    # seconds per document the workers spent (more when the work is spread, e.g. queued).
    by_cpu = 2 * (one.worker_cpu / one.docs) / (two.worker_cpu / two.docs)
    print(f"  2 workers / 1 worker: {speedup:.2f} by wall time, {by_cpu:.2f} by the workers' "
          f"CPU seconds per document (target >= 1.8 x (1 - {share:.3f}) = "
          f"{1.8 * (1 - share):.2f}); dask 2 workers / local 2 processes: "
          f"{two.per_second / local.per_second:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=Path, default=DOCS, help="folder of the archive")
    parser.add_argument("--limit", type=int, default=200, help="documents (default 200)")
    parser.add_argument("--all", action="store_true", help="every document of the archive")
    args = parser.parse_args()
    import distributed  # noqa: F401  (its loggers exist from here on)

    # The reader's libraries give the root logger a handler at INFO: keep the cluster's quiet.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    # A model of this checkout's own, not the cache other checkouts on the machine share.
    os.environ.setdefault("BAOCAO_MODEL_DIR", tempfile.mkdtemp(prefix="bench-dask-model-"))
    paths = sorted(p for p in args.docs.rglob("*") if p.is_file())
    paths = paths if args.all else paths[:args.limit]
    print(f"{len(paths)} documents of {args.docs}; {os.cpu_count()} cores; "
          f"load average at the start {_load()}")
    wall_ms, cpu_ms = scheduler_overhead()
    for title, write in (("index add", True), ("reading only", False)):
        runs = [local_throughput(paths, write=write), dask_throughput(paths, 1, write=write),
                dask_throughput(paths, 2, write=write)]
        _print(title, runs)
        share = cpu_ms * runs[2].docs / 1000 / (runs[2].own_cpu + runs[2].worker_cpu)
        _compare(runs, share)
        print(f"  load average now {_load()}")
    print(f"scheduler overhead: {wall_ms:.2f} ms round trip and {cpu_ms:.2f} ms of this "
          f"process's CPU per no-op task (the share above: that CPU per document of the "
          f"2-worker run's CPU)")


if __name__ == "__main__":
    main()
