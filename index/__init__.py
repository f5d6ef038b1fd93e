"""The sentence index: Vietnamese analysis, a Whoosh schema, indexing and search."""

from .errors import (IndexBusyError, IndexDamagedError, IndexMissingError, QuerySyntaxError,
                     SearchIndexError)

__all__ = ["IndexBusyError", "IndexDamagedError", "IndexMissingError", "QuerySyntaxError",
           "SearchIndexError"]
