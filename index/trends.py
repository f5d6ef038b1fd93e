"""How a theme moves: its matching sentences counted per label for each year, place, province,
document type or report.

A row tells "3 of 40 reports" from "3 of 3": for each group it counts the matching sentences per
label, the reports of the group holding one, and the reports of the group at all (those with a
sentence that passes the query's report filters: place, province, year, type, report).  Reports
without a date or a place are counted in a row of their own, :data:`UNKNOWN`, never dropped.
The matching sentences are exactly those ``search`` counts for the same query and filters.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from nlp.reader.places import former_province, strip_prefix

from . import plan
from .label_counts import LabelCodes
from .query import LABELS, And, Filter, Node, parse
from .schema import damage_guard
from .search import SentenceSearcher, filter_plan

__all__ = ["BY", "UNKNOWN", "TrendRow", "Trends", "trends", "compute_trends", "undated_matching"]

BY = ("year", "place", "province", "type", "report")
UNKNOWN = "không rõ"  # the row of reports without a date (or place, province, type)
_REPORT_FILTERS = ("year", "place", "province", "type", "report")


@dataclass(frozen=True)
class TrendRow:
    """One group: matching sentences per label, and reports holding one out of all reports."""

    group: str
    counts: dict[str, int]
    reports_matching: int
    reports: int

    @property
    def sentences(self) -> int:
        """Matching sentences of every label."""
        return sum(self.counts.values())

    def to_dict(self, labels: Iterable[str] = LABELS) -> dict:
        """The JSON shape of one ``baocao trends --format jsonl`` line."""
        return {"group": self.group, "sentences": self.sentences,
                **{label: self.counts.get(label, 0) for label in labels},
                "reports_matching": self.reports_matching, "reports": self.reports}


@dataclass(frozen=True)
class Trends:
    """The rows of one ``trends`` query, in display order (the unknown row last)."""

    query: str
    by: str
    labels: tuple[str, ...]
    filters: dict = field(default_factory=dict)
    rows: list[TrendRow] = field(default_factory=list)

    def total(self) -> TrendRow:
        """All groups together."""
        counts: Counter = Counter()
        for row in self.rows:
            counts.update(row.counts)
        return TrendRow("", {k: counts[k] for k in self.labels if counts[k]},
                        sum(r.reports_matching for r in self.rows),
                        sum(r.reports for r in self.rows))

    def unknown(self) -> TrendRow | None:
        """The row of reports without a value of ``by``, if any."""
        return next((row for row in self.rows if row.group == UNKNOWN), None)


def _group_of(meta: dict, by: str) -> str:
    if by == "year":
        return str(meta["year"]) if meta.get("year") else UNKNOWN
    if by == "place":
        place = meta.get("place")  # "TP. Cần Thơ" and "Cần Thơ" are one place
        return (former_province(place) or strip_prefix(place)) if place else UNKNOWN
    if by == "province":
        return meta.get("province") or UNKNOWN
    if by == "type":
        return meta.get("doc_type") or UNKNOWN
    return meta["source"]


def _query_filters(tree: Node) -> list[Filter]:
    """The report filters the query itself holds at its top level (``year:2019 ...``)."""
    parts = tree.parts if isinstance(tree, And) else (tree,)
    return [p for p in parts if isinstance(p, Filter) and p.field in _REPORT_FILTERS]


def _owner(reader: Any, starts: list[int], records: list[dict]) -> Callable[[int], int]:
    """A function from a sentence's document number to the position of its report.

    The writer adds a report's record, then its sentences, in one commit, and Whoosh keeps the
    order of a segment's documents when it merges: so each report owns the numbers from its
    record to the next one, and a bisection finds it.  Reading each report's posting list
    instead cost 190 ms on 300 documents.  When the spans do not match the sentence counts
    (deleted documents not yet merged away), the posting lists are read after all.
    """
    ends = starts[1:] + [reader.doc_count_all()]
    if not reader.has_deletions() and all(
            end - start - 1 == meta["sentences"]
            for start, end, meta in zip(starts, ends, records)):
        return lambda doc: bisect_right(starts, doc) - 1
    owners = {doc: position for position, meta in enumerate(records)
              for doc in plan.matches(plan.Term("source", meta["source"]), reader)}
    return owners.__getitem__


def _passing(reader: Any, query: str, filters: dict[str, Any], starts: list[int], records: list[dict],
             owner: Callable[[int], int]) -> set[int]:
    """The positions of the reports that pass the report filters of the query and options."""
    conditions = [filter_plan(f.field, f.value) for f in _query_filters(parse(query))]
    conditions += [filter_plan(name, str(value)) for name, value in filters.items()
                   if name in _REPORT_FILTERS and value not in (None, "")]
    if not conditions:
        return {i for i, meta in enumerate(records) if meta["sentences"]}
    sentences = plan.matches(plan.All(tuple(conditions)), reader) - set(starts)
    return {owner(doc) for doc in sentences}


def _found(matched: set[int], codes: LabelCodes, chosen: tuple[str, ...],
           owner: Callable[[int], int]) -> dict[int, Counter]:
    """``{report position: matching sentences per label}`` for the chosen labels."""
    wanted = {number + 1: label for number, label in enumerate(codes.labels) if label in chosen}
    table = codes.codes
    found: dict[int, Counter] = {}
    for doc in matched:
        label = wanted.get(table[doc])
        if label is not None:
            found.setdefault(owner(doc), Counter())[label] += 1
    return found


def compute_trends(searcher: SentenceSearcher, query: str, *, by: str = "year",
                   labels: Iterable[str] | None = None, **filters: str | int | None) -> Trends:
    """Group the sentences matching ``query`` and ``filters`` by ``by`` (one of :data:`BY`).

    ``labels`` keeps only these labels (default: all four).  Raises ValueError for an unknown
    ``by`` or label, QuerySyntaxError for a bad query.
    """
    chosen = chosen_labels(by, labels)
    matched = searcher.matching(query, **filters)
    reader = searcher.reader
    with damage_guard(searcher.index_dir):
        starts, records = searcher.report_records()
        owner = _owner(reader, starts, records)
        passing = _passing(reader, query, filters, starts, records, owner)
        found = _found(matched, searcher.label_codes(), chosen, owner)
    return tabulate(query, by, chosen, filters, passing, records, found)


def chosen_labels(by: str, labels: Iterable[str] | None) -> tuple[str, ...]:
    """The labels to count, in :data:`LABELS` order; ValueError for an unknown ``by`` or label."""
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    chosen = tuple(labels) if labels else LABELS
    if unknown := [label for label in chosen if label not in LABELS]:
        raise ValueError(f"unknown label {unknown[0]!r}")
    return tuple(label for label in LABELS if label in chosen)


def tabulate(query: str, by: str, chosen: tuple[str, ...], filters: dict[str, Any],
             passing: Iterable[int], records: Any, found: dict[int, Counter]) -> Trends:
    """The rows of :class:`Trends`: each report in ``passing`` (its metadata in ``records``)
    counted in its group, with its matching sentences per label from ``found`` — for either
    backend, whichever way it found them."""
    rows: dict[str, list] = {}
    for report in sorted(passing):
        row = rows.setdefault(_group_of(records[report], by), [Counter(), 0, 0])
        counts = found.get(report)
        if counts:
            row[0].update(counts)
            row[1] += 1
        row[2] += 1
    result = [TrendRow(group, {k: c[k] for k in chosen if c[k]}, hits, total)
              for group, (c, hits, total) in rows.items() if by != "report" or hits]
    return Trends(query, by, chosen, {k: v for k, v in filters.items() if v not in (None, "")},
                  _ordered(result, by))


def _ordered(rows: list[TrendRow], by: str) -> list[TrendRow]:
    """Years in order; other groups by matching sentences, most first; the unknown row last."""
    def key(row: TrendRow) -> tuple[Any, ...]:
        if by == "year":
            return (row.group == UNKNOWN, row.group)
        return (row.group == UNKNOWN, -row.sentences, -row.reports_matching, row.group)

    return sorted(rows, key=key)


def trends(index_dir: str | os.PathLike, query: str, *, by: str = "year",
           labels: Iterable[str] | None = None, **filters: str | int | None) -> Trends:
    """Open the index at ``index_dir`` and compute :func:`compute_trends` once."""
    with SentenceSearcher(index_dir) as searcher:
        return compute_trends(searcher, query, by=by, labels=labels, **filters)


def undated_matching(index_dir: str | os.PathLike, query: str,
                     **filters: str | int | None) -> int:
    """How many undated reports hold a sentence matching ``query`` and the other ``filters``:
    the reports a year filter leaves out."""
    others: dict[str, Any] = {k: v for k, v in filters.items() if k != "year"}
    row = trends(index_dir, query, by="year", **others).unknown()
    return row.reports_matching if row else 0
