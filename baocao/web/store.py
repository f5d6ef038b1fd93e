"""What the pages read from the index: searches, the catalog of reports, one report's sentences.

Searches go through :class:`index.SentenceSearcher`, the object ``baocao search`` uses; this
module only keeps one open between requests, and reopens it when another process has committed
(``baocao index add`` elsewhere), so every answer comes from the last commit.  A report is
looked up by its sha256 as recorded in the index, never by a path taken from a URL, and its
sentences are read from the index itself: no request makes the server open a report's file.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from index import SearchResult, SentenceSearcher
from index import plan
from index.schema import damage_guard, open_index
from index.trends import Trends, compute_trends

__all__ = ["IndexedSentence", "IndexView", "trend_counts", "REPORT_ID"]

REPORT_ID = re.compile(r"[0-9a-f]{64}")  # the sha256 of a report's file, as the index holds it


@dataclass(frozen=True)
class IndexedSentence:
    """One sentence of an indexed report, as the index stores it."""

    index: int
    section: str
    text: str
    label: str
    score: float


class IndexView:
    """The index at ``index_dir`` seen from a long-running server: thread-safe, always current.

    Whoosh readers are not meant for concurrent threads, so one lock serialises the requests
    that touch the reader; a search on the bundled index takes a few milliseconds.
    """

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._index = None  # the Whoosh index object: only asked for its latest generation
        self._searcher: SentenceSearcher | None = None
        self._generation: int | None = None
        self._catalog: dict[str, dict] | None = None

    def _current(self) -> SentenceSearcher:
        """The open searcher, reopened if a newer commit exists (call with the lock held)."""
        if self._index is None:
            self._index = open_index(self.index_dir)
        # A directory listing, not a read of the table of contents: cheap on every request.
        generation = self._index.latest_generation()
        if self._searcher is None or generation != self._generation:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher, self._generation, self._catalog = None, None, None
            self._searcher = SentenceSearcher(self.index_dir)
            self._generation = generation
        return self._searcher

    def close(self) -> None:
        """Release the index files."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def search(self, query: str, *, limit: int, **filters) -> SearchResult:
        """:meth:`index.SentenceSearcher.search` on the last commit."""
        with self._lock:
            return self._current().search(query, limit=limit, **filters)

    def trends(self, query: str, by: str, **filters: str | int | None) -> Trends:
        """:func:`index.trends.compute_trends` (what ``baocao trends`` shows) on the last
        commit; the ``label`` filter keeps that one label."""
        label = filters.pop("label", None)
        with self._lock:
            return compute_trends(self._current(), query, by=by,
                                  labels=[str(label)] if label else None, **filters)

    def reports(self) -> list[dict]:
        """The metadata record of every indexed report (see ``index.list_reports``), by source."""
        with self._lock:
            searcher = self._current()
            if self._catalog is None:
                with damage_guard(self.index_dir):
                    reader = searcher.reader
                    records = [reader.stored_fields(doc)["meta"]
                               for doc in plan.matches(plan.Term("kind", "r"), reader)]
                self._catalog = {r["source"]: r for r in sorted(records,
                                                                 key=lambda r: r["source"])}
            return list(self._catalog.values())

    def report(self, report_id: str) -> dict | None:
        """The record of the indexed report whose sha256 is ``report_id``, else ``None``."""
        if not REPORT_ID.fullmatch(report_id or ""):
            return None
        return next((r for r in self.reports() if r["sha256"] == report_id), None)

    def sentences(self, source: str) -> list[IndexedSentence]:
        """The indexed sentences of the report ``source``, in reading order."""
        with self._lock:
            reader = self._current().reader
            with damage_guard(self.index_dir):
                docs = plan.matches(plan.All((plan.Term("kind", "s"),
                                              plan.Term("source", source))), reader)
                rows = [reader.stored_fields(doc) for doc in docs]
        return sorted((IndexedSentence(f.get("position", 0), f.get("section", ""), f["text"],
                                       f.get("label", ""), f.get("score", 0.0)) for f in rows),
                      key=lambda s: s.index)
