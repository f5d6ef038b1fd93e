"""``trends`` on the PostgreSQL index: the same rows as ``index.trends``, counted in SQL.

The matching sentences are those :class:`PostgresSearcher` counts; PostgreSQL groups them by
report and label, and the rows are assembled and ordered by ``index.trends``' own functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .. import plan
from ..query import LABELS, parse
from ..search import filter_plan
from ..trends import _REPORT_FILTERS, BY, Trends, TrendRow, _group_of, _ordered, _query_filters
from .schema import SCHEMA
from .search import PostgresSearcher

__all__ = ["compute_trends"]


def compute_trends(searcher: PostgresSearcher, query: str, *, by: str = "year",
                   labels: Iterable[str] | None = None, **filters: str | int | None) -> Trends:
    """Group the sentences matching ``query`` and ``filters`` by ``by`` (see
    ``index.trends.compute_trends``)."""
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    chosen = tuple(labels) if labels else LABELS
    if unknown := [label for label in chosen if label not in LABELS]:
        raise ValueError(f"unknown label {unknown[0]!r}")
    chosen = tuple(label for label in LABELS if label in chosen)
    tree = parse(query)
    connection = searcher.connection
    with searcher.snapshot() as documents:
        records: dict[int, dict] = dict(connection.execute(
            f"SELECT report_id, meta FROM {SCHEMA}.reports ORDER BY report_id").fetchall())
        found: dict[int, Counter] = {}
        if documents:
            _, full = searcher.make_plan(tree, filters)
            sql = searcher._sql()
            where = sql.match(full)
            for report_id, label, count in connection.execute(
                    f"SELECT s.report_id, s.label, count(*) FROM {SCHEMA}.sentences s "
                    f"WHERE {where} GROUP BY 1, 2", sql.params):
                if label in chosen:
                    found.setdefault(report_id, Counter())[label] = count
        conditions = [filter_plan(f.field, f.value) for f in _query_filters(tree)]
        conditions += [filter_plan(name, str(value)) for name, value in filters.items()
                       if name in _REPORT_FILTERS and value not in (None, "")]
        if not conditions:
            passing = {rid for rid, meta in records.items() if meta["sentences"]}
        else:
            sql = searcher._sql()
            where = sql.match(plan.All(tuple(conditions)))
            passing = {row[0] for row in connection.execute(
                f"SELECT DISTINCT s.report_id FROM {SCHEMA}.sentences s WHERE {where}",
                sql.params)}
    rows: dict[str, list] = {}
    for report_id in sorted(passing):
        row = rows.setdefault(_group_of(records[report_id], by), [Counter(), 0, 0])
        counts = found.get(report_id)
        if counts:
            row[0].update(counts)
            row[1] += 1
        row[2] += 1
    result = [TrendRow(group, {k: c[k] for k in chosen if c[k]}, hits, total)
              for group, (c, hits, total) in rows.items() if by != "report" or hits]
    return Trends(query, by, chosen, {k: v for k, v in filters.items() if v not in (None, "")},
                  _ordered(result, by))
