"""Errors raised by the sentence index.

Every error of the ``index`` package derives from :class:`SearchIndexError` (never a class named
``IndexError``, which would shadow the builtin).  Messages say which command repairs the problem.
"""


class SearchIndexError(Exception):
    """Base class of every error raised by the ``index`` package."""


class IndexMissingError(SearchIndexError):
    """No index exists at the given directory."""


class IndexDamagedError(SearchIndexError):
    """The directory holds something that is not a readable baocao index."""


class IndexBusyError(SearchIndexError):
    """Another process holds the write lock longer than we are willing to wait."""


class QuerySyntaxError(SearchIndexError):
    """The query string cannot be parsed."""


class SynonymsFileError(SearchIndexError):
    """A ``synonyms.tsv`` next to the index cannot be read as UTF-8 text."""
