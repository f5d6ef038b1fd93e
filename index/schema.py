"""The Whoosh schema of the sentence index, and opening or creating an index directory.

One Whoosh document per body sentence (``kind`` "s"), carrying its report's metadata, plus one
per report (``kind`` "r") holding the report's metadata and label counts for ``index list``.
The sentence text is indexed as folded syllables (lower case, no diacritics) and as folded
pairs of adjacent syllables, the unit of two-syllable words; the query's own diacritics are
checked on the stored text of the best candidates (see ``index.search``).  Measured on 2,088
sentences in memory: with two more fields keeping diacritics, and positions, indexing took
15.8 s; without them 2.7 s.  Each sentence also carries, as low-weight fields, its nearest
section heading and its report's title, and the segmenter's multi-syllable words.

A directory is recognised as a baocao index by its marker file, so that a mistyped ``--index``
pointing at someone's documents is refused instead of being written into.
"""

from __future__ import annotations

import json
import pickle
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema

from .analysis import context_analyzer, vietnamese_analyzer, words_analyzer
from .errors import IndexBusyError, IndexDamagedError, IndexMissingError

__all__ = ["SCHEMA_VERSION", "MARKER", "make_schema", "open_index", "create_or_open",
           "rebuild_hint", "has_toc", "write_empty_toc", "write_marker", "reset_index",
           "damage_guard", "busy_message"]

SCHEMA_VERSION = 4  # 4: heading, title and words fields (issue #8)
MARKER = "baocao-index.json"
_LOCK = "MAIN_WRITELOCK"  # the name Whoosh's own writers lock


def make_schema() -> Schema:
    """Return the schema; every analyzer in it is module-level and picklable."""
    folded = vietnamese_analyzer(fold=True)
    return Schema(
        kind=ID(),
        source=ID(stored=True),
        sha256=ID(stored=True),
        # No positions: adjacent syllable pairs, indexed as terms, stand in for phrases.
        folded=TEXT(analyzer=folded, phrase=False),
        folded2=TEXT(analyzer=vietnamese_analyzer(fold=True, pairs=True), phrase=False),
        # Low-weight context of a sentence: its nearest section heading and its report's title,
        # syllables and pairs in one field each.
        heading=TEXT(analyzer=context_analyzer(), phrase=False),
        title=TEXT(analyzer=context_analyzer(), phrase=False),
        # The segmenter's multi-syllable words, looked up from the query's syllable n-grams.
        words=TEXT(analyzer=words_analyzer(), phrase=False),
        place=TEXT(analyzer=folded, phrase=False),
        doc_type=TEXT(analyzer=folded, phrase=False),
        label=ID(stored=True, sortable=True),
        year=ID(stored=True),
        text=STORED(),
        meta=STORED(),
        section=STORED(),
        position=STORED(),
        score=STORED(),
    )


def rebuild_hint(index_dir: Path) -> str:
    """The command that rebuilds the index at ``index_dir``."""
    return f"run 'baocao index rebuild --index {index_dir}'"


def _check_marker(index_dir: Path) -> None:
    try:
        marker = json.loads((index_dir / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexDamagedError(
            f"{index_dir} is not a baocao index (no {MARKER}) — choose another --index "
            f"directory, or empty this one") from None
    except (OSError, ValueError) as error:
        raise IndexDamagedError(f"the index at {index_dir} is damaged ({MARKER}: {error}) — "
                                f"{rebuild_hint(index_dir)}") from None
    if not isinstance(marker, dict) or marker.get("version") != SCHEMA_VERSION:
        raise IndexDamagedError(f"the index at {index_dir} was written by another version of "
                                f"baocao — {rebuild_hint(index_dir)}")


def _is_empty(index_dir: Path) -> bool:
    return not index_dir.is_dir() or all(p.name == _LOCK for p in index_dir.iterdir())


def open_index(index_dir: Path) -> whoosh_index.Index:
    """Open an existing index for reading; raise IndexMissingError or IndexDamagedError."""
    index_dir = Path(index_dir)
    if _is_empty(index_dir):
        raise IndexMissingError(f"no index at {index_dir} — run 'baocao index add FOLDER' "
                                f"first")
    _check_marker(index_dir)
    failure = None
    # Whoosh leaves the file of a broken table of contents to the garbage collector.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = whoosh_index.open_dir(str(index_dir))
            if set(ix.schema.names()) != set(make_schema().names()):
                failure = "unexpected fields"
        except Exception as error:  # Whoosh raises many kinds here (pickle, struct, OSError)
            failure = type(error).__name__
    if failure:
        raise IndexDamagedError(f"the index at {index_dir} is damaged ({failure}) — "
                                f"{rebuild_hint(index_dir)}")
    return ix


def create_or_open(index_dir: Path, timeout: float = 10.0) -> whoosh_index.Index:
    """Open the index at ``index_dir`` for writing, creating it (and the folder) if needed.

    Creation happens under the write lock, so two first writers cannot both create it; the
    marker is written before the Whoosh files, so a folder is never left looking foreign.
    """
    index_dir = Path(index_dir)
    if has_toc(index_dir):
        return open_index(index_dir)  # which checks the marker
    if not _is_empty(index_dir):
        _check_marker(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexMissingError(f"cannot create an index at {index_dir}: {error.strerror}") \
            from None
    with _write_lock(index_dir, timeout):
        if not (index_dir / MARKER).exists():
            write_marker(index_dir)
        if not has_toc(index_dir):
            write_empty_toc(index_dir)
    return open_index(index_dir)


@contextmanager
def _write_lock(index_dir: Path, timeout: float) -> Iterator[None]:
    """Hold Whoosh's write lock of ``index_dir``; raise IndexBusyError after ``timeout`` s."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.util.filelock import try_for

    lock = FileStorage(str(index_dir)).lock(_LOCK)
    if not try_for(lock.acquire, timeout=timeout, delay=0.1):
        raise IndexBusyError(busy_message(index_dir, timeout))
    try:
        yield
    finally:
        lock.release()


def write_marker(index_dir: Path) -> None:
    """Mark ``index_dir`` as a baocao index of this schema version."""
    (index_dir / MARKER).write_text(
        json.dumps({"format": "baocao sentence index", "version": SCHEMA_VERSION}),
        encoding="utf-8")


def has_toc(index_dir: Path) -> bool:
    """True if ``index_dir`` holds a Whoosh table of contents (any generation)."""
    return any(index_dir.glob("_MAIN_*.toc"))


def write_empty_toc(index_dir: Path) -> None:
    """Write a new, empty generation of the index (the caller holds the write lock).

    Whoosh's own ``create_in`` deletes every ``_MAIN_*`` file first, the lock file included,
    which would let a second writer in; this writes the table of contents only.
    """
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(index_dir))
    generation = whoosh_index.TOC._latest_generation(storage, "MAIN") + 1
    whoosh_index.TOC(make_schema(), [], generation).write(storage, "MAIN")


def reset_index(index_dir: Path, timeout: float = 10.0) -> None:
    """Replace whatever Whoosh files ``index_dir`` holds by an empty index, under the lock."""
    with _write_lock(index_dir, timeout):
        for path in index_dir.iterdir():
            if path.name.startswith(("MAIN_", "_MAIN_")) and path.name != _LOCK:
                path.unlink()
        write_empty_toc(index_dir)
        write_marker(index_dir)


@contextmanager
def damage_guard(index_dir: Path) -> Iterator[None]:
    """Turn the errors of unreadable index files, met while reading, into IndexDamagedError."""
    try:
        yield
    except (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError) as error:
        raise IndexDamagedError(f"the index at {index_dir} is damaged "
                                f"({type(error).__name__}) — {rebuild_hint(index_dir)}") from None


def busy_message(index_dir: Path, timeout: float) -> str:
    """The message of IndexBusyError for ``index_dir``."""
    return (f"another baocao process is writing the index at {index_dir} (waited {timeout:g} s)"
            f" — try again when it has finished")
