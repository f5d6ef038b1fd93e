"""Signed checksums of an index folder: nothing in it is unpickled unless baocao wrote it.

Whoosh unpickles the table of contents (``_MAIN_N.toc``: schema and segment list) and every
stored field, so opening a folder someone else prepared would run their code.  At every commit
baocao writes ``baocao-checksums.json``: the generation, the list of indexed sources and the
SHA-256 of every file of that generation, signed (HMAC-SHA256) with the user's key
(:mod:`nlp.keys`), which lives outside the folder.  A :class:`TrustedIndex` reads the generation
the checksums name (never "the newest ``.toc`` file in the folder"), uses baocao's own schema
(the pickled one is skipped) and verifies every file of that generation before Whoosh reads
any of them; so a damaged file is also detected before it is served as results.

Hashing is paid once per file: a file's hash is reused while its (inode, size, mtime, ctime)
stay the same, in the process and in a signed cache in the user's config folder.  Measured
figures are in the README.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import TOC, FileIndex

from nlp.errors import ModelError
from nlp.keys import config_dir, key_id, sign, signing_key, trusted_keys

from .errors import IndexDamagedError, IndexUntrustedError, IndexWriteError, rebuild_hint
from .locking import WriteLock

if TYPE_CHECKING:
    from .signed_writer import SignedWriter

__all__ = ["CHECKSUMS", "Checksums", "read_checksums", "TrustedStorage", "TrustedIndex",
           "write_checksums", "is_index_file", "is_disk_full", "write_failed"]

CHECKSUMS = "baocao-checksums.json"
_FORMAT = "baocao index checksums"
_NAME = "MAIN"
_hashes: dict[tuple, str] = {}  # (path, inode, size, mtime_ns, ctime_ns) -> sha256


def is_index_file(name: str) -> bool:
    """True for the names of Whoosh's files (a table of contents or a segment's file)."""
    return bool(TOC._pattern(_NAME).match(name) or TOC._segment_pattern(_NAME).match(name))


def _file_hash(path: Path) -> str:
    status = os.stat(path)
    key = (str(path), status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    if key not in _hashes:
        known = _verified_cache().get(key[0])
        if known and tuple(known[:4]) == key[1:]:
            _hashes[key] = known[4]
        else:
            digest = hashlib.sha256()
            with open(path, "rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
            _hashes[key] = digest.hexdigest()
            _cache_dirty.add(key)
    return _hashes[key]


# --- the hashes already verified, kept in the user's private config folder ---------------------
# A cold search would otherwise hash the whole index (0.15 s for 36 MB here). A file's hash is
# reused only while its inode, size, mtime and ctime are unchanged: a write changes its ctime,
# which no unprivileged user can set back.  The cache is signed like the checksums.

_cache: dict[str, list] | None = None
_cache_dirty: set[tuple] = set()
_CACHE_LIMIT = 5000  # entries, one per index file: old ones are dropped first


def _cache_path() -> Path:

    return config_dir() / "verified-files.json"


def _verified_cache() -> dict[str, list]:
    global _cache
    if _cache is None:
        _cache = {}
        try:

            document = json.loads(_cache_path().read_bytes())
            body = _payload(document["entries"])
            if hmac.compare_digest(sign(signing_key(create=False), body), document["hmac"]):
                _cache = dict(document["entries"])
        except Exception:  # no cache, or one not to be trusted: hash again
            pass
    return _cache


def save_verified_cache() -> None:
    """Remember the hashes computed in this process (best effort: a cache, never an error)."""
    if not _cache_dirty:
        return
    try:

        entries = _verified_cache()
        for path, *stat in sorted(_cache_dirty):
            entries.pop(path, None)
            entries[path] = [*stat, _hashes[(path, *stat)]]
        _cache_dirty.clear()
        kept = dict(list(entries.items())[-_CACHE_LIMIT:])
        body = _payload(kept)
        target = _cache_path()
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump({"entries": kept, "hmac": sign(signing_key(), body)}, stream)
        os.replace(temporary, target)
    except Exception:
        pass


def _untrusted(index_dir: Path, why: str) -> IndexUntrustedError:
    return IndexUntrustedError(
        f"the index at {index_dir} is not signed by you ({why}); baocao refuses to open it, "
        f"since opening an index runs code stored in it — move the folder aside and index the "
        f"reports again: 'baocao index add FOLDER --index {index_dir}'")


def _damaged(index_dir: Path, why: str) -> IndexDamagedError:

    return IndexDamagedError(f"the index at {index_dir} is damaged ({why}) — "
                             f"{rebuild_hint(index_dir)}")


class Checksums:
    """The verified content of ``baocao-checksums.json``."""

    def __init__(self, generation: int, files: dict[str, str], sources: list[str]):
        self.generation = generation
        self.files = files
        self.sources = sources


def _payload(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")


def read_checksums(index_dir: Path) -> Checksums:
    """Read and verify the signed checksums; raise IndexUntrustedError if they don't verify."""

    try:
        document = json.loads((index_dir / CHECKSUMS).read_bytes())
    except FileNotFoundError:
        raise _untrusted(index_dir, f"no {CHECKSUMS}") from None
    except PermissionError as error:
        raise _damaged(index_dir, f"{CHECKSUMS}: {error.strerror}") from None
    except (OSError, ValueError):
        raise _untrusted(index_dir, f"{CHECKSUMS} is unreadable") from None
    try:
        keys = trusted_keys()
    except ModelError as error:
        raise IndexUntrustedError(str(error)) from None
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        raise _untrusted(index_dir, f"{CHECKSUMS} is not baocao's")
    body = {k: v for k, v in document.items() if k != "hmac"}
    key = keys.get(str(body.get("key")))
    if key is None:
        raise _untrusted(index_dir, "signed with a key that is not yours")
    expected = hmac.new(key, _payload(body), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, str(document.get("hmac"))):
        raise _untrusted(index_dir, f"{CHECKSUMS} was altered")
    return Checksums(int(body["generation"]), dict(body["files"]), list(body["sources"]))


def write_checksums(index_dir: Path, generation: int, names: list[str],
                    sources: list[str]) -> None:
    """Sign the files ``names`` of ``generation`` and the list of ``sources`` (atomically)."""

    key = signing_key()
    body = {"format": _FORMAT, "version": 1, "generation": generation, "key": key_id(key),
            "files": {name: _file_hash(index_dir / name) for name in sorted(names)},
            "sources": sorted(sources)}
    document = dict(body, hmac=hmac.new(key, _payload(body), hashlib.sha256).hexdigest())
    temporary = index_dir / f"{CHECKSUMS}.tmp"
    try:
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(document, stream, ensure_ascii=False, indent=0)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, index_dir / CHECKSUMS)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class _TrackingStorage(FileStorage):
    """A FileStorage that remembers the streams it opened, so that a writer abandoned on a
    full disk (when Whoosh's own cancel fails half-way) can still close every one."""

    def __init__(self, folder: str, streams: weakref.WeakSet[StructFile] | None = None):
        super().__init__(folder)
        self.streams: weakref.WeakSet[StructFile] = (weakref.WeakSet() if streams is None
                                                     else streams)

    def create_file(self, name: str, *args: Any, **kwargs: Any) -> StructFile:
        stream = super().create_file(name, *args, **kwargs)
        self.streams.add(stream)
        return stream

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        stream = super().open_file(name, **kwargs)
        self.streams.add(stream)
        return stream

    def temp_storage(self, name: str | None = None) -> _TrackingStorage:
        storage = super().temp_storage(name)
        return _TrackingStorage(storage.folder, self.streams)

    def close_streams(self) -> None:
        """Close every stream still open (their unflushed data is lost: the caller wants so)."""
        for stream in list(self.streams):
            try:
                stream.close()
            except Exception:  # a flush on a full disk fails, but the file is closed
                pass


class TrustedStorage(_TrackingStorage):
    """A FileStorage that opens only files listed in the checksums, after checking them.

    Files this process created (a writer's new segment) are trusted without a checksum.
    """

    def __init__(self, index_dir: Path, checksums: Checksums):
        super().__init__(str(index_dir))
        self.index_dir = Path(index_dir)
        self.checksums = checksums
        self.created: set[str] = set()

    def create_file(self, name: str, *args: Any, **kwargs: Any) -> StructFile:
        self.created.add(name)
        return super().create_file(name, *args, **kwargs)

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        if oldname in self.created:
            self.created.add(newname)
        return super().rename_file(oldname, newname, safe)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        if name not in self.created:
            self.verify(name)
        return super().open_file(name, **kwargs)

    def verify(self, name: str) -> None:
        """Raise IndexDamagedError unless the file ``name`` matches its signed checksum."""
        expected = self.checksums.files.get(name)
        if expected is None:
            raise _damaged(self.index_dir, f"{name} is not one of its files")
        try:
            actual = _file_hash(self.index_dir / name)
        except FileNotFoundError:
            raise _damaged(self.index_dir, f"{name} is missing") from None
        if actual != expected:
            raise _damaged(self.index_dir, f"{name} does not match its checksum")


class TrustedIndex(FileIndex):
    """A Whoosh index opened with baocao's schema, at the generation its checksums name."""

    storage: TrustedStorage

    def __init__(self, index_dir: Path, schema: Schema, checksums: Checksums | None = None):
        index_dir = Path(index_dir)
        self.storage = TrustedStorage(index_dir, checksums or read_checksums(index_dir))
        self._schema = schema
        self.indexname = _NAME
        self._read_toc()

    def refresh_checksums(self) -> Checksums:
        """Read the checksums again (another process may have committed since)."""
        self.storage.checksums = read_checksums(self.storage.index_dir)
        return self.storage.checksums

    def _read_toc(self) -> TOC:
        checksums = self.refresh_checksums()
        # Every file of the generation, not only those Whoosh opens at once: a search that
        # opens a damaged one later would fail half-way or, worse, serve wrong results.
        for name in checksums.files:
            self.storage.verify(name)
        save_verified_cache()
        return TOC.read(self.storage, self.indexname, gen=checksums.generation,
                        schema=self._schema)

    def latest_generation(self) -> int:
        # The generation signed now, not the one this object was opened at: a long-lived
        # reader (the web page) asks this to notice another process's commit.
        return read_checksums(self.storage.index_dir).generation

    def writer(self, procs: int = 1, lock: WriteLock | None = None, timeout: float = 10.0,
               **kwargs: Any) -> SignedWriter:
        """A :class:`~index.signed_writer.SignedWriter` holding the write lock until it
        commits or cancels: ``lock`` (already held), else one taken within ``timeout`` s."""
        from .signed_writer import SignedWriter  # not imported by a search

        kwargs.pop("delay", None)
        if lock is None:
            lock = WriteLock(self.storage.index_dir, timeout)
            lock.acquire()
        try:
            writer = SignedWriter(self, _lk=False, **kwargs)
        except BaseException:
            lock.release()
            raise
        writer.writelock = lock
        return writer


def is_disk_full(error: OSError) -> bool:
    """True for the errors of a full disk or quota."""
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


def write_failed(index_dir: Path, error: OSError) -> IndexWriteError:
    """The one-line error of a write to ``index_dir`` that failed with ``error``."""
    what = "the disk is full" if is_disk_full(error) else (error.strerror or str(error))
    return IndexWriteError(f"cannot write the index at {index_dir}: {what} — nothing was "
                           f"changed; free some space (or fix the folder) and run the command "
                           f"again")
