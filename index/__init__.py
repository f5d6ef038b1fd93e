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

_LAZY = {
    "indexed_sources": "catalog", "list_reports": "catalog",
    "Hit": "search", "SearchResult": "search", "SentenceSearcher": "search", "search": "search",
    "AddResult": "writer", "add_reports": "writer", "ensure_bundled": "writer",
    "rebuild_index": "writer", "remove_reports": "writer",
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
    """This package, whose ``search`` stays the function when the submodule ``index.search``
    is imported (the import system binds a submodule as an attribute of its package)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "search" and isinstance(value, ModuleType):
            value = value.search
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
