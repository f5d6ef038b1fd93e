"""The reports in the PostgreSQL index: their catalog records, as ``index.catalog`` gives them."""

from __future__ import annotations

from typing import Any

from .connection import connect, database_errors
from .schema import SCHEMA, check_schema

__all__ = ["list_reports", "indexed_sources"]


def list_reports(url: str) -> list[dict[str, Any]]:
    """The record of every indexed report, sorted by source (code points, as Whoosh's)."""
    with database_errors(url), connect(url) as connection:
        check_schema(connection, url)
        records = [row[0] for row in connection.execute(f"SELECT meta FROM {SCHEMA}.reports")]
    return sorted(records, key=lambda meta: meta["source"])


def indexed_sources(url: str) -> list[str]:
    """The source paths of the indexed reports, sorted."""
    return [record["source"] for record in list_reports(url)]
