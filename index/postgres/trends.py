"""``trends`` on the PostgreSQL index: the same rows as ``index.trends``, counted in SQL.

The matching sentences are those :class:`PostgresSearcher` counts; PostgreSQL groups them by
report and label, and the rows are assembled and ordered by ``index.trends``' own functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .. import plan
from ..query import parse
from ..search import filter_plan
from ..trends import _REPORT_FILTERS, Trends, _query_filters, chosen_labels, tabulate
from .schema import SCHEMA
from .search import PostgresSearcher

__all__ = ["compute_trends"]


def compute_trends(searcher: PostgresSearcher, query: str, *, by: str = "year",
                   labels: Iterable[str] | None = None, **filters: str | int | None) -> Trends:
    """Group the sentences matching ``query`` and ``filters`` by ``by`` (see
    ``index.trends.compute_trends``)."""
    chosen = chosen_labels(by, labels)
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
    return tabulate(query, by, chosen, filters, passing, records, found)
