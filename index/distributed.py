"""Read, segment and classify reports on a Dask distributed cluster (``index add --scheduler``).

The cluster does only the pure work of :func:`index.writer._analyse`; its results come back to
this process, whose one writer adds them to the index as it adds those of local workers.  So a
worker that dies mid-batch costs its tasks a retry on another worker (Dask reschedules them), and
never a lost or doubled report: nothing is written until this process commits, once.

Where a file is read, decided per file:

* This process hashes the file (SHA-256) and sends the worker its path and hash.  The worker reads
  the path and keeps the bytes only if they have that hash: a shared folder seen by both.
* A worker that cannot see the path, or sees other bytes there (another machine's file of the
  same name, a stale network mount), says so; the file is then shipped as bytes, and read from
  them.  What is indexed is always the bytes this process hashed.
* Files that cannot be hashed here (missing, beyond ``max_size``, a name that is not UTF-8) are
  analysed here: the reader refuses them at once with its usual message.

The classifier never crosses the wire: a pickle is code, and a model is only unpickled from a
file signed with a key its reader trusts (:mod:`nlp.classifier.store`).  Each worker loads its
own signed model, as ``baocao`` does (the default model is trained on first use, from the same
``corpus/``); every task carries a fingerprint of this process's model (its training data,
parameters and library versions) and a worker whose model differs refuses the task, which
stops the batch with :class:`~index.errors.ClusterError` before anything is written.

Dask is imported only here, and only when a scheduler is given: a search never loads it.
Results travel as Dask pickles them, so the scheduler and workers must be the user's own
machines (Dask's TLS, ``tls://``, for a network that is not).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nlp
from nlp.reader.limits import max_size as size_limit

from .errors import ClusterError

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["SCHEDULER_ENV_VAR", "scheduler_address", "analysed_on_cluster", "model_fingerprint",
           "connect"]

SCHEDULER_ENV_VAR = "BAOCAO_SCHEDULER"

Analyse = Callable[..., tuple]
_WINDOW = 8  # tasks in flight at least; more on a cluster of more threads
_UNSEEN = "unseen"  # the worker cannot see this file as this process does
_OTHER_MODEL = "other model"  # the worker's classifier differs from this process's


def scheduler_address(explicit: str | None = None) -> str | None:
    """The Dask scheduler to use: ``explicit``, else ``$BAOCAO_SCHEDULER``, else None (local).

    >>> scheduler_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    """
    return (explicit or os.environ.get(SCHEDULER_ENV_VAR, "")).strip() or None


def model_fingerprint(metadata: dict[str, Any]) -> str:
    """A digest of what makes a classifier's predictions: its recipe and library versions.

    ``metadata`` is a classifier's record (:attr:`Classifier.metadata`); two models trained from
    the same data, parameters and library versions predict the same labels.
    """
    from nlp.classifier.store import library_versions

    recipe = {key: metadata.get(key) for key in ("training_sha256", "params", "extra_reports")}
    text = json.dumps([recipe, library_versions()], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _own_fingerprint() -> str:
    return model_fingerprint(nlp.load_classifier().metadata)


def _bytes_if_same(path: Path, sha256: str) -> bytes | None:
    """The bytes at ``path`` here if they are the client's file (same SHA-256), else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def _on_worker(analyse: Analyse, path: Path, sha256: str, data: bytes | None, ocr: Any,
               max_size: int, fingerprint: str) -> tuple:
    """The task: ``("done", analyse(...))``, or why this worker cannot do it."""
    own = _own_fingerprint()  # loads the worker's signed model once per process
    if own != fingerprint:
        from distributed import get_worker

        return _OTHER_MODEL, get_worker().address
    if data is None:
        data = _bytes_if_same(path, sha256)
        if data is None:
            return (_UNSEEN,)
    return "done", analyse(path, ocr, data=data, max_size=max_size)


def connect(address: str) -> Client:
    """A Dask client of the scheduler at ``address`` with at least one worker, or ClusterError.

    The wait for the scheduler and for its first worker is Dask's connect timeout
    (``distributed.comm.timeouts.connect``, 30 s unless configured).
    """
    try:
        import dask
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask, which is not installed — install it with "
                           "pip install 'baocao[cluster]' (here and on the workers)") from None
    timeout = dask.config.get("distributed.comm.timeouts.connect")
    try:
        _check_address(address)  # a Client made of a bad address complains again when collected
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({_reason(error)}) "
                           f"— start one with 'dask scheduler', or check --scheduler") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        client.close()
        raise ClusterError(f"the Dask scheduler at {address} has no worker — start one with "
                           f"'dask worker {address}'") from None
    return client


def _check_address(address: str) -> None:
    """Raise ValueError unless ``address`` is ``scheme://location`` of a scheme Dask speaks."""
    from distributed.comm.addressing import parse_address
    from distributed.comm.registry import get_backend

    scheme, location = parse_address(address, strict=True)
    get_backend(scheme)
    if not location:
        raise ValueError(f"no host in {address!r}")


def _reason(error: BaseException) -> str:
    first = str(error).strip().splitlines()
    return first[0] if first else type(error).__name__


def analysed_on_cluster(paths: list[Path], scheduler: str, analyse: Analyse, ocr: Any = None,
                        *, ship: bool = False) -> Iterator[tuple]:
    """Yield ``analyse(path, ocr)`` for each path, in order, computed on the Dask cluster at
    ``scheduler``; ``ship=True`` sends every file as bytes (workers see no shared folder).

    A report whose task killed its worker again and again (Dask's ``allowed-failures``) comes
    back as a failed file.  Raises :class:`ClusterError` when the cluster is unreachable or
    lost, or classifies with another model than this process.
    """
    batch = _Batch(scheduler, analyse, ocr, size_limit(), _own_fingerprint())
    try:
        window = max(_WINDOW, 2 * sum(batch.client.nthreads().values()))
        todo = iter(paths)
        pending = deque(batch.submit(path, ship) for _, path in zip(range(window), todo))
        while pending:
            path, task = pending.popleft()
            result = batch.result(path, task)
            if result is None:  # the worker cannot see the file: ship it, keeping the order
                pending.appendleft(batch.submit(path, ship=True))
                continue
            following = next(todo, None)
            if following is not None:
                pending.append(batch.submit(following, ship))
            yield result
    finally:  # on Ctrl-C or an error, the scheduler forgets the queued tasks with the client
        batch.client.close()


class _Batch:
    """The client of one batch and what every task of it shares."""

    def __init__(self, scheduler: str, analyse: Analyse, ocr: Any, limit: int,
                 fingerprint: str) -> None:
        self.scheduler, self.analyse, self.ocr = scheduler, analyse, ocr
        self.limit, self.fingerprint = limit, fingerprint
        self.client = connect(scheduler)

    def submit(self, path: Path, ship: bool) -> tuple[Path, Future | tuple]:
        """A task for ``path`` (its bytes too if ``ship``); a file the reader would refuse, or
        that cannot be read here, is analysed here at once (the reader says why)."""
        data = _bytes_here(path, self.limit) if ship else None
        sha256 = hashlib.sha256(data).hexdigest() if data is not None else (
            None if ship else _hash_here(path, self.limit))
        if sha256 is None:
            return path, self.analyse(path, self.ocr, max_size=self.limit)
        # pure=False: a fresh key each time, so a shipped retry never reuses the path-only task.
        return path, self.client.submit(_on_worker, self.analyse, path, sha256, data, self.ocr,
                                        self.limit, self.fingerprint, pure=False)

    def result(self, path: Path, task: Future | tuple) -> tuple | None:
        """What ``analyse`` gave for ``path``, or None when the worker could not see the file."""
        if isinstance(task, tuple):
            return task
        outcome = _outcome(task, self.scheduler)
        if outcome is None:
            return (path, None, None, f"{path}: the Dask workers died again and again reading "
                                      f"it — see their logs (out of memory?)")
        if outcome[0] == _OTHER_MODEL:
            raise ClusterError(
                f"the Dask worker {outcome[1]} classifies with another model than this "
                f"computer — give the workers the same baocao version and model "
                f"(BAOCAO_MODEL_DIR, and this computer's key in their trusted/ folder)")
        return None if outcome[0] == _UNSEEN else outcome[1]


def _readable_here(path: Path, limit: int) -> bool:
    """True unless the reader would refuse ``path`` before reading it (missing, too large, a
    folder, a name that is not UTF-8)."""
    try:
        str(path).encode("utf-8")
        return path.is_file() and path.stat().st_size <= limit
    except (OSError, UnicodeEncodeError):
        return False


def _bytes_here(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` here, or None when the reader would refuse it."""
    try:
        return path.read_bytes() if _readable_here(path, limit) else None
    except OSError:
        return None


def _hash_here(path: Path, limit: int) -> str | None:
    """The SHA-256 of the file at ``path``, or None when the reader would refuse it anyway."""
    if not _readable_here(path, limit):
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _outcome(task: Future, scheduler: str) -> tuple | None:
    """The result of ``task``, None if it killed worker after worker; a lost cluster raises
    ClusterError."""
    from distributed import KilledWorker

    try:
        return task.result()
    except KilledWorker:
        return None
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"lost the Dask scheduler at {scheduler} ({_reason(error)}) — "
                           f"nothing was written; run the command again") from None
    except Exception as error:  # CancelledError when the scheduler restarts; a worker's bug
        raise ClusterError(f"the Dask cluster at {scheduler} failed a task "
                           f"({type(error).__name__}: {_reason(error)}) — nothing was "
                           f"written") from None
