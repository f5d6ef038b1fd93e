"""Reading on a Dask cluster (index.distributed): the same reports, sentences and labels as the
local worker processes, files shipped as bytes to workers that cannot see them, a worker killed
mid-batch, a worker with another model, and a bad scheduler address at the real command line.

One LocalCluster of 2 worker processes (1 thread each) serves the whole module."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest

import index
from corpus import BUNDLED_REPORT
from index.distributed import _bytes_if_same, analysed_on_cluster, scheduler_address
from index.errors import ClusterError
from index.schema import open_index
from index.writer import _analyse, _analysed

CONNECT_TIMEOUT = {"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    # Workers are spawned now, inheriting the session's BAOCAO_MODEL_DIR and BAOCAO_CONFIG_DIR:
    # they load the model this process signed, from the same store.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        with Client(cluster, set_as_default=False) as client:
            client.wait_for_workers(2)
            yield cluster


@pytest.fixture(scope="module")
def client(cluster):
    from distributed import Client

    with Client(cluster, set_as_default=False) as client:
        yield client


@pytest.fixture(scope="module")
def files() -> list[Path]:
    """The bundled report and three reports of ../shared/corpus-dev (when present)."""
    shared = Path(os.environ.get("BAOCAO_SHARED", Path(__file__).parents[3] / "shared"))
    dev = sorted((shared / "corpus-dev").glob("r*.txt"))[:3]
    return [BUNDLED_REPORT.resolve(), *dev]


@pytest.fixture(scope="module")
def local(files) -> list[tuple]:
    """What today's local path yields for ``files``."""
    return list(_analysed(files, workers=1))


def _same(results: list[tuple], expected: list[tuple]) -> None:
    assert [r[0] for r in results] == [e[0] for e in expected]
    for (path, report, predictions, error), (_, report0, predictions0, error0) in zip(
            results, expected):
        assert error == error0 is None, path
        assert report == report0, path  # metadata, every sentence and its words
        assert predictions == predictions0, path  # every label and score


def _indexed(index_dir: Path) -> tuple[Counter, list[tuple]]:
    """(report records per source, every sentence as (source, position, text, label, score))."""
    with open_index(index_dir).searcher() as searcher:
        reports = Counter(d["source"] for d in searcher.documents(kind="r"))
        sentences = sorted((d["source"], d["position"], d["text"], d["label"], d["score"])
                           for d in searcher.documents(kind="s"))
    return reports, sentences


def test_the_cluster_yields_what_the_local_workers_yield(cluster, files, local):
    _same(list(_analysed(files, 2, None, cluster.scheduler_address)), local)


def test_files_shipped_as_bytes_read_as_from_the_path(cluster, files, local):
    _same(list(analysed_on_cluster(files, cluster.scheduler_address, _analyse, ship=True)),
          local)


def test_an_index_added_through_the_cluster_equals_a_local_one(cluster, files, tmp_path):
    here = index.add_reports(tmp_path / "local", files, workers=2)
    there = index.add_reports(tmp_path / "dask", files, scheduler=cluster.scheduler_address)
    assert sorted(there.added) == sorted(here.added) == sorted(map(str, files))
    assert there.sentences == here.sentences > 0
    assert _indexed(tmp_path / "dask") == _indexed(tmp_path / "local")


def test_rebuild_reads_through_the_cluster(cluster, tmp_path):
    index.add_reports(tmp_path / "ix", [BUNDLED_REPORT], workers=1)
    before = _indexed(tmp_path / "ix")
    result = index.rebuild_index(tmp_path / "ix", scheduler=cluster.scheduler_address)
    assert result.added == [str(BUNDLED_REPORT.resolve())] and not result.failed
    assert _indexed(tmp_path / "ix") == before


def test_unreadable_and_missing_files_fail_alone(cluster, tmp_path, local):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    gone = tmp_path / "gone.txt"
    results = list(analysed_on_cluster([empty, BUNDLED_REPORT.resolve(), gone],
                                       cluster.scheduler_address, _analyse))
    expected = [_analyse(empty), local[0], _analyse(gone)]
    assert [r[3] for r in results] == [e[3] for e in expected]
    assert "empty" in results[0][3] and "no such file" in results[2][3]
    _same(results[1:2], expected[1:2])


def test_a_worker_sees_the_clients_file_only_with_the_same_bytes(tmp_path):
    import hashlib

    path = tmp_path / "r.txt"
    path.write_bytes("Báo cáo".encode())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert _bytes_if_same(path, digest) == path.read_bytes()
    assert _bytes_if_same(path, hashlib.sha256(b"another file").hexdigest()) is None
    assert _bytes_if_same(tmp_path / "elsewhere.txt", digest) is None


def _can_mount_privately(folder: Path) -> bool:
    """True if this process may mount a tmpfs on ``folder`` in a mount namespace of its own."""
    folder.mkdir()
    try:
        return subprocess.run(["unshare", "-m", "mount", "-t", "tmpfs", "none", str(folder)],
                              capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def test_a_file_the_workers_cannot_see_is_shipped(cluster, baocao_exe, tmp_path, local):
    """The client runs in a mount namespace of its own, where a private tmpfs holds the file:
    the workers, outside it, cannot see the path, so its bytes go to them."""
    private = tmp_path / "private"
    if not _can_mount_privately(private):
        pytest.skip("no private mount namespace here (unshare -m, mount -t tmpfs)")
    script = (f'mount -t tmpfs none "{private}" && cp "{BUNDLED_REPORT}" "{private}/r.txt" && '
              f'exec "{baocao_exe}" index add --index "{tmp_path / "ix"}" "{private}/r.txt" '
              f'--scheduler {cluster.scheduler_address}')
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert not (private / "r.txt").exists()  # not here, nor on the workers
    assert run.stdout.startswith(f"added 1, replaced 0, unchanged 0, failed 0 "
                                 f"({len(local[0][1].sentences)} sentences)")
    reports, sentences = _indexed(tmp_path / "ix")
    assert reports == {str(private / "r.txt"): 1}
    assert [s[2:4] for s in sentences] == [
        (s.text, label) for s, (label, _) in zip(local[0][1].sentences, local[0][2])]


def test_the_environment_chooses_the_scheduler(cluster, baocao_exe, tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_SCHEDULER", cluster.scheduler_address)
    assert scheduler_address(None) == cluster.scheduler_address
    assert scheduler_address("tcp://elsewhere:8786") == "tcp://elsewhere:8786"
    run = subprocess.run([baocao_exe, "index", "add", "--index", str(tmp_path / "ix"),
                          str(BUNDLED_REPORT)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("added 1,")
    monkeypatch.delenv("BAOCAO_SCHEDULER")
    assert scheduler_address(None) is None


def test_a_scheduler_nobody_listens_at_is_one_error_line(baocao_exe, tmp_path):
    address = "tcp://127.0.0.1:9"
    run = subprocess.run([baocao_exe, "index", "add", "--index", str(tmp_path / "ix"),
                          str(BUNDLED_REPORT), "--scheduler", address], capture_output=True,
                         text=True, timeout=300, env=dict(os.environ, **CONNECT_TIMEOUT))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr.splitlines() == [
        f"Error: cannot reach the Dask scheduler at {address} (Timed out trying to connect to "
        f"{address} after 1 s) — start one with 'dask scheduler', or check --scheduler"]
    listing = subprocess.run([baocao_exe, "index", "list", "--index", str(tmp_path / "ix"),
                              "--format", "jsonl"], capture_output=True, text=True, timeout=120)
    assert listing.stdout == ""  # nothing was written


@pytest.mark.parametrize("address, reason", [
    ("nonsense://host:8786", "unknown address scheme 'nonsense'"),
    ("10.0.0.5:8786", "Invalid url scheme"),
    ("tcp://", "no host in 'tcp://'"),
], ids=["unknown-scheme", "no-scheme", "no-host"])
def test_a_malformed_scheduler_address_is_refused_before_connecting(address, reason):
    from index.distributed import connect

    with pytest.raises(ClusterError) as caught:
        connect(address)
    message = str(caught.value)
    assert message.startswith(f"cannot reach the Dask scheduler at {address} ({reason}")
    assert "\n" not in message


def test_a_worker_with_another_model_stops_the_batch(cluster, tmp_path, monkeypatch):
    import nlp
    from nlp.classifier.store import default_model_path

    # This process now classifies with a model of other parameters; the workers keep theirs.
    monkeypatch.setenv("BAOCAO_MODEL_DIR", str(tmp_path / "model"))
    nlp.train_classifier(out=default_model_path(), C=0.25)
    with pytest.raises(ClusterError, match="classifies with another model than this computer"):
        index.add_reports(tmp_path / "ix", [BUNDLED_REPORT], scheduler=cluster.scheduler_address)
    assert index.list_reports(tmp_path / "ix") == []  # nothing was written


def test_a_worker_killed_mid_batch_loses_and_doubles_no_report(cluster, client, tmp_path, local):
    """Six copies of the bundled report; after the first comes back, the worker with the
    most tasks in hand is killed (SIGKILL): its tasks run again elsewhere."""
    folder = tmp_path / "reports"
    folder.mkdir()
    copies = [folder / f"r{n}.txt" for n in range(6)]
    for copy in copies:
        shutil.copyfile(BUNDLED_REPORT, copy)
    killed: list[int] = []

    def kill_a_busy_worker(done: int, total: int, source: str) -> None:
        if killed:
            return
        busy = max(client.processing().items(), key=lambda item: len(item[1]))
        assert busy[1], "no worker held a task"
        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    result = index.add_reports(tmp_path / "ix", [folder], scheduler=cluster.scheduler_address,
                               progress=kill_a_busy_worker)
    assert killed
    assert sorted(result.added) == sorted(map(str, copies)) and not result.failed
    reports, sentences = _indexed(tmp_path / "ix")
    assert reports == {str(copy): 1 for copy in copies}
    expected = [(s.text, label, score) for s, (label, score) in
                zip(local[0][1].sentences, local[0][2])]
    for copy in copies:
        assert [s[2:] for s in sentences if s[0] == str(copy)] == expected
    client.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker


def test_a_report_that_kills_its_worker_every_time_fails_alone(tmp_path):
    """With no retry allowed (allowed-failures 0), killing the worker fails the reports it
    held, each as a failed file; every other report is indexed exactly once."""
    import dask
    from distributed import Client, LocalCluster

    folder = tmp_path / "reports"
    folder.mkdir()
    # Enough reports that some are still held by a worker when the first one is done, even
    # on a loaded machine where the workers finish theirs in bursts.
    copies = [folder / f"r{n}.txt" for n in range(8)]
    for copy in copies:
        shutil.copyfile(BUNDLED_REPORT, copy)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=":0") as cluster, \
            Client(cluster, set_as_default=False) as client:
        client.wait_for_workers(2)
        killed: list[int] = []

        def kill_a_busy_worker(done: int, total: int, source: str) -> None:
            busy = max(client.processing().items(), key=lambda item: len(item[1]))
            if not killed and busy[1]:
                killed.append(client.run(os.getpid, workers=[busy[0]])[busy[0]])
                os.kill(killed[0], signal.SIGKILL)

        result = index.add_reports(tmp_path / "ix", [folder], progress=kill_a_busy_worker,
                                   scheduler=cluster.scheduler_address)
    assert killed and result.failed
    failed = [source for source, _ in result.failed]
    assert sorted(failed + result.added) == sorted(map(str, copies))
    assert all(message == f"{source}: the Dask workers died again and again reading it — see "
                          f"their logs (out of memory?)" for source, message in result.failed)
    reports, _ = _indexed(tmp_path / "ix")
    assert reports == {source: 1 for source in result.added}
