"""The sentence index: Vietnamese analysis, a Whoosh schema, indexing and search."""

from .catalog import indexed_sources, list_reports
from .errors import (IndexBusyError, IndexDamagedError, IndexMissingError, QuerySyntaxError,
                     SearchIndexError)
from .location import default_index_dir, is_default_location
from .search import Hit, SearchResult, SentenceSearcher, search
from .writer import AddResult, add_reports, ensure_bundled, rebuild_index, remove_reports

__all__ = [
    "IndexBusyError", "IndexDamagedError", "IndexMissingError", "QuerySyntaxError",
    "SearchIndexError",
    "indexed_sources", "list_reports", "default_index_dir", "is_default_location",
    "Hit", "SearchResult", "SentenceSearcher", "search",
    "AddResult", "add_reports", "ensure_bundled", "rebuild_index", "remove_reports",
]
