"""Errors raised by the sentence index.

Every error of the ``index`` package derives from :class:`SearchIndexError` (never a class named
``IndexError``, which would shadow the builtin).  Messages say which command repairs the problem.
"""

from __future__ import annotations

from pathlib import Path


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


class SavedSearchError(SearchIndexError):
    """A saved search is unknown, badly named, or its file cannot be read or written."""


class IndexReadOnlyError(SearchIndexError):
    """The index folder cannot be written (a read-only mount, another user's folder)."""


class IndexUntrustedError(IndexDamagedError):
    """The folder's files are not signed by this installation: they are never unpickled."""


class IndexWriteError(SearchIndexError):
    """Writing the index failed (e.g. a full disk); the previous generation is kept."""


def rebuild_hint(index_dir: Path) -> str:
    """The command that rebuilds the index at ``index_dir``."""
    return f"run 'baocao index rebuild --index {index_dir}'"


def busy_message(index_dir: Path, timeout: float) -> str:
    """The message of IndexBusyError for ``index_dir``."""
    return (f"another baocao process is writing the index at {index_dir} (waited {timeout:g} s)"
            f" — try again when it has finished")


class SynonymsFileError(SearchIndexError):
    """A ``synonyms.tsv`` next to the index cannot be read as UTF-8 text."""


class ClusterError(SearchIndexError):
    """The Dask cluster of ``--scheduler`` cannot be reached or cannot do the batch's work."""
