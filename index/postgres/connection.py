"""Connecting to the PostgreSQL index: recognising its URL, hiding its password, one error type.

Credentials come only from the URL, ``PGPASSFILE`` or libpq's environment (``PGPASSWORD``,
``PGUSER``, ...); baocao never stores or prints them: every message names the server by
:func:`redact_url`, the URL without its password.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import IndexBusyError, IndexMissingError, SearchIndexError

if TYPE_CHECKING:
    import psycopg

__all__ = ["SCHEMES", "is_postgres_url", "redact_url", "connect", "PostgresIndexError",
           "IndexUnreachableError", "database_errors"]

SCHEMES = ("postgresql://", "postgres://")


class PostgresIndexError(SearchIndexError):
    """The PostgreSQL server refused or failed a statement of the index."""


class IndexUnreachableError(PostgresIndexError):
    """The PostgreSQL server of the index cannot be reached or refuses the login."""


def is_postgres_url(location: str | os.PathLike | None) -> bool:
    """True if ``location`` names a PostgreSQL database rather than a folder.

    >>> is_postgres_url("postgresql://analyst@db.so-noi-vu.vn/baocao"), is_postgres_url("ix")
    (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def redact_url(url: str) -> str:
    """``url`` without its password (in the user part or as a ``password=`` parameter).

    >>> redact_url("postgresql://an:s3cr%27t@db:5432/baocao?password=x&sslmode=require")
    'postgresql://an@db:5432/baocao?sslmode=require'
    """
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            user, host = netloc.rsplit("@", 1)
            netloc = f"{user.split(':', 1)[0]}@{host}"
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                           if k.lower() != "password"], safe="/")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # not even a URL: say nothing of it
        return "postgresql://(unreadable URL)"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def connect(url: str) -> psycopg.Connection:
    """Open a connection (not in autocommit: every write is a transaction)."""
    import psycopg

    try:
        return psycopg.connect(url, connect_timeout=10, application_name="baocao")
    except psycopg.Error as error:
        raise IndexUnreachableError(f"cannot connect to the index at {redact_url(url)} "
                                    f"({_first_line(error)}) — check the URL, the server and "
                                    f"PGPASSFILE") from None
    except Exception as error:  # a malformed URL: libpq's own message may quote it
        raise IndexUnreachableError(f"cannot read the index URL {redact_url(url)} "
                                    f"({type(error).__name__}) — write it as "
                                    f"postgresql://USER@HOST/DATABASE") from None


@contextmanager
def database_errors(url: str, timeout: float | None = None) -> Iterator[None]:
    """Turn psycopg's errors into this package's errors, naming the server without password."""
    import psycopg
    from psycopg import errors

    try:
        yield
    except errors.LockNotAvailable:
        raise IndexBusyError(f"another baocao process is writing the index at "
                             f"{redact_url(url)} (waited {timeout or 0:g} s) — try again when "
                             f"it has finished") from None
    except errors.UndefinedTable:
        raise IndexMissingError(f"no index at {redact_url(url)} — run 'baocao index add FOLDER "
                                f"--index {redact_url(url)}' first") from None
    except psycopg.OperationalError as error:
        raise IndexUnreachableError(f"lost the connection to the index at {redact_url(url)} "
                                    f"({_first_line(error)})") from None
    except psycopg.Error as error:
        raise PostgresIndexError(f"the index at {redact_url(url)} failed a statement "
                                 f"({type(error).__name__}: {_first_line(error)})") from None
