"""The write lock of an index folder: one writer at a time, and never a lock left behind.

The lock is an ``flock`` on ``MAIN_WRITELOCK`` (the file Whoosh's own writers lock, so a bare
Whoosh writer and baocao still exclude each other).  The kernel drops an ``flock`` when the last
descriptor of it closes, so a killed writer cannot leave it held — except through a copy of the
descriptor in a child process.  Two things stop that:

* every process forked while a lock is held closes its copy at once (``os.register_at_fork``;
  closing a copy does not unlock the parent's);
* the holder writes its pid and start time into the lock file, so a lock whose recorded owner
  is dead is recognised as stale (held by an orphan of some older baocao) and broken: the file
  is unlinked and a fresh one locked, under a second lock so two writers never both break it.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import time
from pathlib import Path

from .errors import IndexBusyError, IndexReadOnlyError, busy_message

__all__ = ["LOCK_NAME", "WriteLock", "process_start_time", "is_alive", "read_only_error"]

LOCK_NAME = "MAIN_WRITELOCK"
_GUARD_NAME = "MAIN_WRITELOCK.guard"
_held: set[int] = set()  # descriptors of the locks this process holds


def _close_inherited() -> None:
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_inherited)


def process_start_time(pid: int) -> int | None:
    """The start time of process ``pid`` in clock ticks since boot (Linux), else ``None``."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from the last ")".
    return int(stat.rsplit(")", 1)[1].split()[19])


def is_alive(pid: int, start_time: int | None) -> bool:
    """True if process ``pid`` exists and (where known) started at ``start_time``."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's live process
    if start_time is not None and Path("/proc").is_dir():
        current = process_start_time(pid)
        return current is None or current == start_time
    return True


def _kernel_locker(fd: int) -> int | None:
    """The pid that took the flock on ``fd``'s file, from ``/proc/locks`` (Linux), or None."""
    status = os.fstat(fd)
    inode = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if "FLOCK" in fields and inode in fields and "->" not in fields:
            return int(fields[fields.index(inode) - 1])
    return None


def read_only_error(index_dir: Path, error: OSError) -> IndexReadOnlyError:
    """The one-line error of an index folder that cannot be written."""
    return IndexReadOnlyError(
        f"the index at {index_dir} is read-only ({error.strerror}) — only 'baocao search' and "
        f"'baocao index list' work there; choose a writable --index to change it")


class WriteLock:
    """The exclusive write lock of ``index_dir``, taken within ``timeout`` seconds."""

    def __init__(self, index_dir: str | os.PathLike, timeout: float = 10.0):
        self.index_dir = Path(index_dir)
        self.path = self.index_dir / LOCK_NAME
        self.timeout = timeout
        self.fd: int | None = None

    def acquire(self) -> None:
        """Take the lock; raise IndexBusyError after ``timeout`` s, IndexReadOnlyError."""

        deadline = time.monotonic() + self.timeout
        while True:
            fd = self._open()
            if self._try(fd):
                self.fd = fd
                _held.add(fd)
                self._record(fd)
                return
            stale = self._owner_is_dead(fd)
            os.close(fd)
            if stale and self._break():
                continue
            if time.monotonic() >= deadline:
                raise IndexBusyError(busy_message(self.index_dir, self.timeout))
            time.sleep(0.1)

    def release(self) -> None:
        """Give the lock back (its file stays: unlinking it would race with the next writer)."""
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        _held.discard(fd)
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except PermissionError as error:
            raise read_only_error(self.index_dir, error) from None
        except OSError as error:
            if error.errno == errno.EROFS:
                raise read_only_error(self.index_dir, error) from None
            raise

    def _try(self, fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        try:  # a stale lock broken meanwhile: this file is no longer the lock
            same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            fcntl.flock(fd, fcntl.LOCK_UN)
        return same

    def _record(self, fd: int) -> None:
        pid = os.getpid()
        data = json.dumps({"pid": pid, "start": process_start_time(pid)}).encode()
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        except OSError:
            pass  # the record only serves to break a stale lock

    @staticmethod
    def _owner_is_dead(fd: int) -> bool:
        try:
            owner = json.loads(os.pread(fd, 200, 0) or b"null")
            return not is_alive(int(owner["pid"]), owner.get("start"))
        except (OSError, ValueError, TypeError, KeyError):
            pass
        # No record (a bare Whoosh writer, or the orphans of an older baocao): the kernel's
        # table names the process that took the lock.
        locker = _kernel_locker(fd)
        return locker is not None and not is_alive(locker, None)

    def _break(self) -> bool:
        """Unlink a stale lock file, so that the next try locks a fresh one."""
        guard = os.open(self.index_dir / _GUARD_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC,
                        0o644)
        try:
            fcntl.flock(guard, fcntl.LOCK_EX)
            fd = self._open()
            try:  # check again under the guard: another writer may have broken it already
                if self._try(fd):
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    return True
                if self._owner_is_dead(fd):
                    os.unlink(self.path)
                    return True
                return False
            finally:
                os.close(fd)
        finally:
            os.close(guard)
