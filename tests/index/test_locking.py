"""The write lock: a killed writer leaves no lock and no worker behind; stale locks are broken."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import index
from index.locking import LOCK_NAME, WriteLock, is_alive, process_start_time

TEXT = ("BÁO CÁO\n1. Kết quả\nCông tác tiếp công dân số {n} được thực hiện thường xuyên.\n"
        "Việc cải cách hành chính lần {n} còn chậm, chưa đạt kế hoạch.\n")


def _folder(path: Path, count: int, start: int = 0) -> Path:
    path.mkdir(parents=True)
    for n in range(start, start + count):
        (path / f"r{n:03}.txt").write_text(TEXT.format(n=n), encoding="utf-8")
    return path


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _gone(pids: set[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{p}").exists() and _state(p) != "Z" for p in pids):
            return True
        time.sleep(0.1)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "X"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_writer_leaves_no_worker_and_no_lock(baocao_exe, tmp_path, sig):
    ix = tmp_path / "ix"
    index.add_reports(ix, [_folder(tmp_path / "first", 1)], workers=1)
    docs = _folder(tmp_path / "many", 40, start=100)
    # Only the parent is killed (not its process group): its workers must go by themselves.
    process = subprocess.Popen([baocao_exe, "index", "add", "--index", str(ix), str(docs)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stderr.readline()  # "indexed 2/40 files": the workers are reading
        assert first.startswith("indexed "), first
        workers = _children(process.pid)
        assert workers, "the writer reads with worker processes"
        process.send_signal(sig)
        process.wait(timeout=60)
    finally:
        process.stderr.close()
    assert process.returncode == -sig
    assert _gone(workers, within=10), "orphan workers survived their parent"
    second = subprocess.run([baocao_exe, "index", "add", "--index", str(ix), "--wait", "5",
                             str(docs)], capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert len(index.indexed_sources(ix)) == 41


def _holder(path: Path, record: dict | None) -> subprocess.Popen:
    """A process that holds the flock of ``path`` (as an orphan worker would), with ``record``."""
    code = ("import fcntl, os, sys, time\n"
            f"fd = os.open({str(path)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            f"os.write(fd, {json.dumps(record).encode() if record else b''!r})\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "locked\n"
    return holder


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True)
    return int(done.stdout)


def test_lock_of_a_dead_owner_is_broken(tmp_path):
    dead = _dead_pid()
    assert not is_alive(dead, None)
    holder = _holder(tmp_path / LOCK_NAME, {"pid": dead, "start": 1})
    try:
        started = time.monotonic()
        with WriteLock(tmp_path, timeout=5):
            assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid()
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


@pytest.mark.parametrize("live", [True, False], ids=["live-owner", "no-record"])
def test_lock_of_a_live_or_unknown_owner_is_respected(tmp_path, live):
    me = os.getpid()  # a live process named as the owner
    holder = _holder(tmp_path / LOCK_NAME,
                     {"pid": me, "start": process_start_time(me)} if live else None)
    try:
        with pytest.raises(index.IndexBusyError, match="another baocao process is writing"):
            WriteLock(tmp_path, timeout=0.5).acquire()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_lock_without_record_held_by_an_orphan_is_broken(tmp_path):
    """As the workers of an older baocao held it: the locker died, its child kept the lock."""
    code = ("import fcntl, os, sys, time\n"
            f"fd = os.open({str(tmp_path / LOCK_NAME)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "if os.fork() == 0:\n"
            "    print(os.getpid(), flush=True)\n"
            "    time.sleep(60)\n"
            "    os._exit(0)\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    orphan = int(parent.stdout.readline())  # the child keeps the pipe open: read one line
    parent.wait(timeout=30)
    parent.stdout.close()
    try:
        assert is_alive(orphan, None)
        with WriteLock(tmp_path, timeout=5):
            pass
    finally:
        os.kill(orphan, signal.SIGKILL)


def test_a_reused_pid_is_not_taken_for_the_owner():
    me = os.getpid()
    assert is_alive(me, process_start_time(me))
    if process_start_time(me) is not None:
        assert not is_alive(me, process_start_time(me) + 1)


def test_forked_children_do_not_hold_the_lock(tmp_path):
    lock = WriteLock(tmp_path, timeout=0.5)
    lock.acquire()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child outlives the parent's hold on the lock
        os.close(read)
        time.sleep(1.0)
        os._exit(0)
    os.close(write)
    try:
        lock.release()
        with WriteLock(tmp_path, timeout=0.5):
            pass  # taken while the child, forked under the lock, is still alive
        assert Path(f"/proc/{child}").exists() or os.name != "posix"
    finally:
        os.waitpid(child, 0)
        os.close(read)
