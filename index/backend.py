"""Where the index lives, as one interface: a Whoosh folder (the default) or PostgreSQL.

``--index DIR`` (or ``$BAOCAO_INDEX``) naming a folder keeps today's Whoosh index;
``postgresql://USER@HOST/DATABASE`` chooses :mod:`index.postgres`.  Both backends do add,
remove, rebuild, list, search and trends alike (the test suite runs the index tests on both).
The public functions of the package (``index.add_reports``, ``index.search``, ...) are the
ones below, which open the backend their location names; nothing is imported until used, so
a cold search still loads only what it needs.

>>> index_location("postgresql://analyst@db/baocao"), index_location("/tmp/ix").as_posix()
('postgresql://analyst@db/baocao', '/tmp/ix')
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .location import ENV_VAR, default_index_dir
from .postgres.connection import is_postgres_url

if TYPE_CHECKING:
    from .search import SearchResult
    from .trends import Trends
    from .writer import AddResult

__all__ = ["IndexBackend", "WhooshBackend", "PostgresBackend", "index_location",
           "open_backend", "add_reports", "remove_reports", "rebuild_index", "list_reports",
           "indexed_sources", "search", "trends", "compute_trends", "undated_matching"]

Location = str | os.PathLike


class Searcher(Protocol):
    """An open index answering many searches (``SentenceSearcher``, ``PostgresSearcher``)."""

    def search(self, query: str, *, limit: int = 20, **filters: Any) -> SearchResult: ...

    def close(self) -> None: ...

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc: object) -> None: ...


class IndexBackend(Protocol):
    """What every index does, whatever holds it."""

    @property
    def location(self) -> str | Path: ...

    def add(self, paths: Iterable[Location], **options: Any) -> AddResult: ...

    def remove(self, paths: Iterable[Location], *, timeout: float = 10.0
               ) -> tuple[list[str], list[str]]: ...

    def rebuild(self, **options: Any) -> AddResult: ...

    def list(self) -> list[dict[str, Any]]: ...

    def searcher(self) -> Searcher: ...

    def search(self, query: str, *, limit: int = 20, **filters: Any) -> SearchResult: ...

    def trends(self, query: str, *, by: str = "year", labels: Iterable[str] | None = None,
               **filters: Any) -> Trends: ...


class WhooshBackend:
    """The index in a local folder (``index.writer``, ``index.search``, ``index.trends``)."""

    def __init__(self, folder: Location) -> None:
        self.folder = Path(folder)

    @property
    def location(self) -> Path:
        """The index folder."""
        return self.folder

    def add(self, paths: Iterable[Location], **options: Any) -> AddResult:
        from .writer import add_reports as add

        return add(self.location, paths, **options)

    def remove(self, paths: Iterable[Location], *, timeout: float = 10.0
               ) -> tuple[list[str], list[str]]:
        from .writer import remove_reports as remove

        return remove(self.location, paths, timeout=timeout)

    def rebuild(self, **options: Any) -> AddResult:
        from .writer import rebuild_index as rebuild

        return rebuild(self.location, **options)

    def list(self) -> list[dict[str, Any]]:
        from .catalog import list_reports as listing

        return listing(self.location)

    def searcher(self) -> Searcher:
        from .search import SentenceSearcher

        return SentenceSearcher(self.location)

    def search(self, query: str, *, limit: int = 20, **filters: Any) -> SearchResult:
        from .search import search as find

        return find(self.location, query, limit=limit, **filters)

    def trends(self, query: str, *, by: str = "year", labels: Iterable[str] | None = None,
               **filters: Any) -> Trends:
        from .trends import trends as count

        return count(self.location, query, by=by, labels=labels, **filters)


class PostgresBackend:
    """The index in a PostgreSQL database (``index.postgres``)."""

    def __init__(self, url: str) -> None:
        self.url = url

    @property
    def location(self) -> str:
        """The database URL (with its password, if it has one: never print it)."""
        return self.url

    def add(self, paths: Iterable[Location], **options: Any) -> AddResult:
        from .postgres.writer import add_reports as add

        return add(self.location, paths, **options)

    def remove(self, paths: Iterable[Location], *, timeout: float = 10.0
               ) -> tuple[list[str], list[str]]:
        from .postgres.writer import remove_reports as remove

        return remove(self.location, paths, timeout=timeout)

    def rebuild(self, **options: Any) -> AddResult:
        from .postgres.writer import rebuild_index as rebuild

        return rebuild(self.location, **options)

    def list(self) -> list[dict[str, Any]]:
        from .postgres.catalog import list_reports as listing

        return listing(self.location)

    def searcher(self) -> Searcher:
        from .postgres.search import PostgresSearcher

        return PostgresSearcher(self.location)

    def search(self, query: str, *, limit: int = 20, **filters: Any) -> SearchResult:
        from .postgres.search import PostgresSearcher

        with PostgresSearcher(self.location) as searcher:
            return searcher.search(query, limit=limit, **filters)

    def trends(self, query: str, *, by: str = "year", labels: Iterable[str] | None = None,
               **filters: Any) -> Trends:
        from .postgres.search import PostgresSearcher
        from .postgres.trends import compute_trends

        with PostgresSearcher(self.location) as searcher:
            return compute_trends(searcher, query, by=by, labels=labels, **filters)


def index_location(explicit: Location | None = None) -> str | Path:
    """The index ``--index`` names: a PostgreSQL URL as given, else a folder (as
    ``default_index_dir``: ``explicit``, else ``$BAOCAO_INDEX``, else the user's data folder)."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if is_postgres_url(chosen):
        return str(chosen)
    return default_index_dir(explicit)


def open_backend(location: Location | None = None) -> IndexBackend:
    """The backend of ``location`` (see :func:`index_location`)."""
    where = index_location(location)
    if isinstance(where, str):
        return PostgresBackend(where)
    return WhooshBackend(where)


def add_reports(location: Location, paths: Iterable[Location], **options: Any) -> AddResult:
    """Index the files and folders ``paths`` (see ``index.writer.add_reports``)."""
    return open_backend(location).add(paths, **options)


def remove_reports(location: Location, paths: Iterable[Location], *, timeout: float = 10.0
                   ) -> tuple[list[str], list[str]]:
    """Remove the reports at ``paths`` (see ``index.writer.remove_reports``)."""
    return open_backend(location).remove(paths, timeout=timeout)


def rebuild_index(location: Location, **options: Any) -> AddResult:
    """Read every indexed report again (see ``index.writer.rebuild_index``)."""
    return open_backend(location).rebuild(**options)


def list_reports(location: Location) -> list[dict[str, Any]]:
    """The record of every indexed report (see ``index.catalog.list_reports``)."""
    return open_backend(location).list()


def indexed_sources(location: Location) -> list[str]:
    """The source paths of the indexed reports, sorted."""
    return [record["source"] for record in list_reports(location)]


def search(location: Location, query: str, *, limit: int = 20,
           **filters: str | int | None) -> SearchResult:
    """Search the index once (see ``index.search.SentenceSearcher.search``)."""
    return open_backend(location).search(query, limit=limit, **filters)


def trends(location: Location, query: str, *, by: str = "year",
           labels: Iterable[str] | None = None, **filters: str | int | None) -> Trends:
    """Count the sentences of a theme per label by ``by`` (see ``index.trends``)."""
    return open_backend(location).trends(query, by=by, labels=labels, **filters)


def compute_trends(searcher: Searcher, query: str, *, by: str = "year",
                   labels: Iterable[str] | None = None, **filters: str | int | None) -> Trends:
    """``trends`` on an open searcher of either backend (a long-running caller's)."""
    from .postgres.search import PostgresSearcher

    if isinstance(searcher, PostgresSearcher):
        from .postgres.trends import compute_trends as count
    else:
        from .trends import compute_trends as count  # type: ignore[assignment]
    return count(searcher, query, by=by, labels=labels, **filters)  # type: ignore[arg-type]


def undated_matching(location: Location, query: str, **filters: str | int | None) -> int:
    """How many undated reports hold a sentence matching ``query`` and the other ``filters``."""
    others: dict[str, Any] = {k: v for k, v in filters.items() if k != "year"}
    row = trends(location, query, by="year", **others).unknown()
    return row.reports_matching if row else 0
