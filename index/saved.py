"""Saved searches: a query with its filters, stored by name next to the index it searches.

The file is ``saved-searches.json`` in the index folder, ``{name: {"query": ..., "filters":
{...}}}``, replaced atomically (written to a temporary file, then renamed), so a crash never
leaves half a file, and a read-modify-write under an ``flock`` of ``saved-searches.lock``, so two
users saving at once never lose one another's search.  Nghị định 30/2020/NĐ-CP asks document systems to save and re-run searches.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import SavedSearchError

__all__ = ["SAVED_FILE", "FILTERS", "save_search", "load_search", "list_searches"]

SAVED_FILE = "saved-searches.json"
_LOCK_FILE = "saved-searches.lock"
FILTERS = ("label", "year", "place", "province", "type", "report")
_NAME = re.compile(r"[^\W_][\w.-]{0,63}")


def _folder(index_dir: str | os.PathLike) -> Path:
    """The index folder; a PostgreSQL index has none to keep the file in."""
    if isinstance(index_dir, str) and index_dir.lower().startswith(("postgresql:", "postgres:")):
        raise SavedSearchError("saved searches are kept in a folder index, not yet in "
                               "PostgreSQL — give --index DIR to save or run them")
    return Path(index_dir)


def list_searches(index_dir: str | os.PathLike) -> dict[str, dict]:
    """Return ``{name: {"query": str, "filters": dict}}`` of every saved search, by name."""
    path = _folder(index_dir) / SAVED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise SavedSearchError(f"cannot read the saved searches in {path} ({error}) — fix or "
                               f"delete the file") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) and "query" in v
                                             for v in data.values()):
        raise SavedSearchError(f"{path} is not a file of saved searches — fix or delete it")
    return dict(sorted(data.items()))


def save_search(index_dir: str | os.PathLike, name: str, query: str,
                filters: dict[str, str | int | None]) -> None:
    """Store ``query`` and its ``filters`` (those set) as ``name``, replacing an older one."""
    if not _NAME.fullmatch(name):
        raise SavedSearchError(f"bad name {name!r} for a saved search — use letters, digits, "
                               f"'-', '_' or '.', starting with a letter or digit")
    if unknown := set(filters) - set(FILTERS):
        raise ValueError(f"unknown filter {sorted(unknown)[0]!r}")
    index_dir = _folder(index_dir)
    with _saving(index_dir):
        searches = list_searches(index_dir)
        searches[name] = {"query": query,
                          "filters": {k: v for k, v in filters.items() if v not in (None, "")}}
        _replace(index_dir, searches)


@contextlib.contextmanager
def _saving(index_dir: Path) -> Iterator[None]:
    """Hold the saved searches' own lock (not the index's write lock, which an ``index add``
    may hold for minutes) while they are read, changed and replaced."""
    try:
        fd = os.open(index_dir / _LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise SavedSearchError(f"cannot save the search in {index_dir}: {error.strerror}") \
            from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _replace(index_dir: Path, searches: dict[str, dict]) -> None:
    try:
        handle, temporary = tempfile.mkstemp(dir=index_dir, prefix=".saved-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(dict(sorted(searches.items())), stream, ensure_ascii=False, indent=1)
        os.replace(temporary, index_dir / SAVED_FILE)
    except OSError as error:
        raise SavedSearchError(f"cannot save the search in {index_dir}: {error.strerror}") \
            from None


def load_search(index_dir: str | os.PathLike, name: str) -> dict:
    """Return the saved search ``name``: ``{"query": str, "filters": dict}``."""
    searches = list_searches(index_dir)
    if name not in searches:
        known = ", ".join(searches) or "none yet"
        raise SavedSearchError(f"no saved search named {name!r} (saved: {known}) — save one "
                               f"with 'baocao search QUERY --save {name}'")
    return searches[name]
