"""The reports in an index: their metadata and label counts, one record per report."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from whoosh.searching import Searcher

from .schema import open_index

__all__ = ["MANIFEST", "resolve_source", "read_catalog", "list_reports", "indexed_sources"]

MANIFEST = "sources.json"


def resolve_source(path: str | os.PathLike) -> str:
    """Return the form a report's path is indexed under: absolute, symlinks resolved."""
    return str(Path(path).expanduser().resolve())


def read_catalog(searcher: Searcher) -> dict[str, dict[str, Any]]:
    """Return ``{source: metadata record}`` of every report, sorted by source."""
    records = (fields["meta"] for fields in searcher.documents(kind="r"))
    return {meta["source"]: meta for meta in sorted(records, key=lambda m: m["source"])}


def list_reports(index_dir: str | os.PathLike) -> list[dict[str, Any]]:
    """Return the record of every indexed report: source, sha256, number, doc_type, title,
    place, date, year, issuers, sentences (count) and labels (count per label)."""
    with open_index(Path(index_dir)).searcher() as searcher:
        return list(read_catalog(searcher).values())


def indexed_sources(index_dir: str | os.PathLike) -> list[str]:
    """Return the source paths of the indexed reports, sorted."""
    return [record["source"] for record in list_reports(index_dir)]
