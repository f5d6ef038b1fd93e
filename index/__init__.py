"""The sentence index: Vietnamese analysis, a Whoosh schema, indexing and search.

Everything that needs Whoosh is re-exported lazily (PEP 562), as in ``nlp/__init__``: ``import
index`` (which every ``baocao`` command does to catch :class:`SearchIndexError`) loads only the
error classes and the index location, so ``baocao read`` and ``classify`` never pay for Whoosh,
and ``baocao search`` never imports the writer and its process pool.
"""

import sys
from importlib import import_module
from types import ModuleType
from typing import Any

from .errors import (IndexBusyError, IndexDamagedError, IndexMissingError, QuerySyntaxError,
                     SearchIndexError)
from .location import default_index_dir, is_default_location

# The public functions that take an index location are index.backend's: they open a Whoosh
# folder or a PostgreSQL database, whichever the location names.
_LAZY = {
    "indexed_sources": "backend", "list_reports": "backend", "index_location": "backend",
    "open_backend": "backend",
    "Hit": "search", "SearchResult": "search", "SentenceSearcher": "search", "search": "backend",
    "AddResult": "writer", "add_reports": "backend", "ensure_bundled": "bundled",
    "rebuild_index": "backend", "remove_reports": "backend",
}

__all__ = [
    "IndexBusyError", "IndexDamagedError", "IndexMissingError", "QuerySyntaxError",
    "SearchIndexError", "default_index_dir", "is_default_location", *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(ModuleType):
    """This package, whose ``search`` stays the function (``index.backend.search``) when the
    submodule ``index.search`` is imported (the import system binds a submodule as an
    attribute of its package)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "search" and isinstance(value, ModuleType):
            value = import_module(f"{__name__}.backend").search
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
