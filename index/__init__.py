"""The sentence index: Vietnamese analysis, a Whoosh schema, indexing and search.

The writer's names are re-exported lazily (PEP 562): ``baocao search`` never imports the
writer and its process pool, which keeps a cold search process small.
"""

from importlib import import_module

from .catalog import indexed_sources, list_reports
from .errors import (IndexBusyError, IndexDamagedError, IndexMissingError, QuerySyntaxError,
                     SearchIndexError)
from .location import default_index_dir, is_default_location
from .search import Hit, SearchResult, SentenceSearcher, search

_WRITER = ("AddResult", "add_reports", "ensure_bundled", "rebuild_index", "remove_reports")

__all__ = [
    "IndexBusyError", "IndexDamagedError", "IndexMissingError", "QuerySyntaxError",
    "SearchIndexError", "indexed_sources", "list_reports", "default_index_dir",
    "is_default_location", "Hit", "SearchResult", "SentenceSearcher", "search", *_WRITER,
]


def __getattr__(name: str):
    if name in _WRITER:
        return getattr(import_module(".writer", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
