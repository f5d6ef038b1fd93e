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
import time
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from .analysis import context_analyzer, vietnamese_analyzer, words_analyzer
from .errors import (IndexDamagedError, IndexMissingError, IndexUntrustedError, SearchIndexError,
                     busy_message, rebuild_hint)
from .label_counts import label_column
from .integrity import (CHECKSUMS, Checksums, TrustedIndex, is_index_file, write_checksums,
                        write_failed)
from .locking import LOCK_NAME, WriteLock, read_only_error

__all__ = ["SCHEMA_VERSION", "MARKER", "make_schema", "open_index", "create_or_open",
           "rebuild_hint", "has_toc", "write_empty_toc", "write_marker", "reset_index",
           "damage_guard", "busy_message"]

# 4: nlp/ split into nlp.reader and nlp.classifier (issue #7); 5: province; 6: heading,
# title and words fields (issue #8); 7: the label column one byte per document (issue #15).
# Rebuild older indexes.
SCHEMA_VERSION = 7
MARKER = "baocao-index.json"
_LOCK_FILES = (LOCK_NAME, LOCK_NAME + ".guard")


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
        province=ID(),  # the current province of place (nlp.reader.places.province_key)
        doc_type=TEXT(analyzer=folded, phrase=False),
        # Whoosh's stubs say bool, its code takes a Column: one byte per document here.
        label=ID(stored=True, sortable=label_column()),  # type: ignore[arg-type]
        year=ID(stored=True),
        text=STORED(),
        meta=STORED(),
        section=STORED(),
        position=STORED(),
        score=STORED(),
    )


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
    try:
        return not index_dir.is_dir() or all(p.name in _LOCK_FILES for p in index_dir.iterdir())
    except FileNotFoundError:  # deleted while we looked
        return True


def open_index(index_dir: Path, checksums: Checksums | None = None) -> whoosh_index.Index:
    """Open an existing index for reading; raise IndexMissingError or IndexDamagedError.

    Nothing in the folder is unpickled unless its signed checksums verify (see
    ``index.integrity``); a folder baocao did not write raises IndexUntrustedError.  A reader
    that meets a commit in progress (the checksums changing under it) tries once more.
    """
    index_dir = Path(index_dir)
    if _is_empty(index_dir):
        raise IndexMissingError(f"no index at {index_dir} — run 'baocao index add FOLDER' "
                                f"first")
    _check_marker(index_dir)
    try:
        return _open_trusted(index_dir, checksums)
    except IndexUntrustedError:
        raise
    except IndexDamagedError:
        time.sleep(0.2)
        return _open_trusted(index_dir, None)


def _open_trusted(index_dir: Path, checksums: Checksums | None) -> whoosh_index.Index:

    failure = None
    # Whoosh leaves the file of a broken table of contents to the garbage collector.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return TrustedIndex(index_dir, make_schema(), checksums)
        except SearchIndexError:
            raise
        except (ModuleNotFoundError, AttributeError) as error:  # pickled names of moved code
            raise IndexDamagedError(f"the index at {index_dir} was written by an older baocao "
                                    f"({error}) — {rebuild_hint(index_dir)}") from None
        except Exception as error:  # a signed file Whoosh still cannot read (pickle, struct)
            failure = type(error).__name__
    raise IndexDamagedError(f"the index at {index_dir} is damaged ({failure}) — "
                            f"{rebuild_hint(index_dir)}")


def create_or_open(index_dir: Path, timeout: float = 10.0) -> whoosh_index.Index:
    """Open the index at ``index_dir`` for writing, creating it (and the folder) if needed.

    Creation happens under the write lock, so two first writers cannot both create it; the
    marker is written before the Whoosh files, so a folder is never left looking foreign.
    """
    index_dir = Path(index_dir)
    if has_toc(index_dir) or (index_dir / CHECKSUMS).exists():
        return open_index(index_dir)  # which checks the marker
    if not _is_empty(index_dir):
        _check_marker(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexMissingError(f"cannot create an index at {index_dir}: {error.strerror}") \
            from None
    with WriteLock(index_dir, timeout):
        if not has_toc(index_dir):
            if not (index_dir / MARKER).exists():
                _writing_guard(index_dir, write_marker)
            _writing_guard(index_dir, write_empty_toc)
    return open_index(index_dir)


def _writing_guard(index_dir: Path, write: Callable[[Path], None]) -> None:
    """Run ``write(index_dir)``, turning a full disk or a read-only folder into one line."""

    try:
        write(index_dir)
    except PermissionError as error:
        raise read_only_error(index_dir, error) from None
    except OSError as error:
        raise write_failed(index_dir, error) from None


def write_marker(index_dir: Path) -> None:
    """Mark ``index_dir`` as a baocao index of this schema version."""
    (index_dir / MARKER).write_text(
        json.dumps({"format": "baocao sentence index", "version": SCHEMA_VERSION}),
        encoding="utf-8")


def has_toc(index_dir: Path) -> bool:
    """True if ``index_dir`` holds a Whoosh table of contents (any generation)."""
    return any(index_dir.glob("_MAIN_*.toc"))


def write_empty_toc(index_dir: Path, sources: list[str] | None = None) -> None:
    """Write a new, empty, signed generation of the index (the caller holds the write lock).

    Whoosh's own ``create_in`` deletes every ``_MAIN_*`` file first, the lock file included,
    which would let a second writer in; this writes the table of contents only.
    """

    storage = FileStorage(str(index_dir))
    generation = whoosh_index.TOC._latest_generation(storage, "MAIN") + 1
    toc = whoosh_index.TOC(make_schema(), [], generation)
    toc.write(storage, "MAIN")
    write_checksums(index_dir, generation, [toc._filename("MAIN", generation)], sources or [])


def reset_index(index_dir: Path, sources: list[str] | None = None) -> None:
    """Replace whatever Whoosh files ``index_dir`` holds by an empty index.

    The caller holds the write lock.  ``sources`` is kept as the signed list of sources (what
    a rebuild then reads).
    """

    for path in index_dir.iterdir():
        if is_index_file(path.name) or path.name.startswith("_MAIN_"):
            path.unlink()
    write_marker(index_dir)
    write_empty_toc(index_dir, sources)


@contextmanager
def damage_guard(index_dir: Path) -> Iterator[None]:
    """Turn the errors of unreadable index files, met while reading, into IndexDamagedError."""
    try:
        yield
    except (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError) as error:
        raise IndexDamagedError(f"the index at {index_dir} is damaged "
                                f"({type(error).__name__}) — {rebuild_hint(index_dir)}") from None


