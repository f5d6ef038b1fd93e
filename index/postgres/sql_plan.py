"""A query plan (``index.plan``) as SQL: the condition a sentence must meet, and its BM25 score.

Text terms become lexemes of the ``tsv`` column (:mod:`index.postgres.rows`); a part of the plan
made of text terms only becomes one tsquery, so the GIN index answers it in one scan.  Filters
on the label, year and province are b-tree columns; a report filter looks the report up.  The
score expression adds up, for each term a sentence holds, the very weight Whoosh's
``plan.Scorer.scores`` gives it (computed here in Python, passed as parameters), so both
backends score alike.  Every value is a bound parameter: nothing from a query reaches the SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import plan
from ..plan import K1
from .rows import PREFIXES, lexeme, tsquery_lexeme
from .schema import SCHEMA

__all__ = ["SqlPlan", "PostingsPlan", "COLUMNS"]

COLUMNS = {"label": "s.label", "year": "s.year", "province": "s.province"}
_FALSE, _TRUE = "FALSE", "TRUE"


class SqlPlan:
    """The SQL of one plan; ``params`` fill its named placeholders (``%(p0)s``, ...).

    ``idf(field, text)`` gives a term's idf and
    ``levels(field, text)`` the highest count of it one sentence holds; ``group_weight(plan)``
    the score of a synonym group.
    """

    def __init__(self, idf: Callable[[str, str], float], levels: Callable[[str, str], int],
                 group_weight: Callable[[plan.Group], float], column: str = "s.tsv",
                 prefix: str = "p") -> None:
        self.idf, self.levels, self.group_weight = idf, levels, group_weight
        self.column, self.prefix = column, prefix  # the tsvector, the parameters' names
        self.params: dict[str, Any] = {}

    def _param(self, value: Any) -> str:
        name = f"{self.prefix}{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"

    def tsquery(self, node: plan.Plan) -> str | None:
        """``node`` as the text of one tsquery, or None if it holds anything but text terms."""
        if isinstance(node, plan.Term):
            return tsquery_lexeme(lexeme(node.field, node.text)) \
                if node.field in PREFIXES else None
        if isinstance(node, (plan.All, plan.Any, plan.Group)) and node.parts:
            parts = [self.tsquery(p) for p in node.parts]
            if any(p is None for p in parts):
                return None
            joiner = " & " if isinstance(node, plan.All) else " | "
            return "(" + joiner.join(p for p in parts if p) + ")"
        if isinstance(node, plan.But):
            keep, drop = self.tsquery(node.keep), self.tsquery(node.drop)
            return f"({keep} & !{drop})" if keep and drop else None
        return None

    def match(self, node: plan.Plan) -> str:
        """The condition on a sentence ``s`` of ``node``."""
        query = self.tsquery(node)
        if query is not None:
            return f"{self.column} @@ {self._param(query)}::tsquery"
        if isinstance(node, plan.Term):
            if node.field == "kind":
                return _TRUE if node.text == "s" else _FALSE
            if node.field == "source":
                return (f"s.report_id IN (SELECT report_id FROM {SCHEMA}.reports "
                        f"WHERE source = {self._param(node.text)})")
            if node.field in COLUMNS:
                return f"{COLUMNS[node.field]} = {self._param(node.text)}"
            return _FALSE
        if isinstance(node, plan.Prefix):
            if node.field != "source":
                return _FALSE
            return (f"s.report_id IN (SELECT report_id FROM {SCHEMA}.reports "
                    f"WHERE starts_with(source, {self._param(node.text)}))")
        if isinstance(node, plan.All):
            return "(" + " AND ".join(self.match(p) for p in node.parts) + ")" \
                if node.parts else _FALSE
        if isinstance(node, (plan.Any, plan.Group)):
            return "(" + " OR ".join(self.match(p) for p in node.parts) + ")" \
                if node.parts else _FALSE
        if isinstance(node, plan.But):
            return f"({self.match(node.keep)} AND NOT {self.match(node.drop)})"
        return _FALSE

    def score(self, node: plan.Plan, top: bool = False) -> str:
        """The score of ``node`` for a sentence ``s`` (0 when it does not match ``node``);
        ``top``: the sentence is known to match, so no condition is needed."""
        if isinstance(node, plan.Term):
            if not node.boost or node.field not in PREFIXES:
                return "0"
            return self._term_score(node)
        if isinstance(node, plan.Group):
            if not node.boost:
                return "0"
            return self._when(node, self._param(self.group_weight(node)) + "::float8", top)
        if isinstance(node, plan.All):
            scored = [self.score(p, True) for p in node.parts if not plan._is_filter(p)]
            if not scored:
                return "0"
            return self._when(node, " + ".join(scored), top)
        if isinstance(node, plan.Any):
            return "(" + " + ".join(self.score(p) for p in node.parts) + ")" \
                if node.parts else "0"
        if isinstance(node, plan.But):
            return self._when(node, self.score(node.keep, True), top)
        return "0"

    def _when(self, node: plan.Plan, value: str, top: bool) -> str:
        return f"({value})" if top else f"(CASE WHEN {self.match(node)} THEN {value} ELSE 0 END)"

    def _term_score(self, term: plan.Term) -> str:
        # Whoosh: boost * idf * (K1 + 1) * tf / (tf + K1); tf read from the #k lexemes.
        weight = term.boost * self.idf(term.field, term.text) * (K1 + 1)  # Whoosh's order
        levels = self.levels(term.field, term.text)
        first = tsquery_lexeme(lexeme(term.field, term.text))
        parts = [self._param(weight * 1 / (1 + K1)) + "::float8"]
        for k in range(2, levels + 1):
            step = weight * k / (k + K1) - weight * (k - 1) / (k - 1 + K1)
            query = tsquery_lexeme(lexeme(term.field, term.text, k))
            parts.append(f"({self.column} @@ {self._param(query)}::tsquery)::int * "
                         f"{self._param(step)}::float8")
        value = " + ".join(parts)
        return (f"(CASE WHEN {self.column} @@ {self._param(first)}::tsquery THEN {value} "
                f"ELSE 0 END)")


_EMPTY = ("SELECT NULL::bigint AS report_id, NULL::integer AS position, NULL::text AS label, "
          "0::float8 AS score WHERE FALSE")


class PostingsPlan(SqlPlan):
    """A plan as one relation ``(report_id, position, label, score)`` over the ``postings``
    table: every sentence the plan matches, once, with its label and the score
    ``plan.Scorer.scores`` gives it.

    A term is the index scan of its posting list, scored ``boost * idf * (K1 + 1) * tf /
    (tf + K1)`` as Whoosh does; ``Any`` adds its parts' scores (UNION ALL, GROUP BY), ``All``
    keeps the sentences every scoring part holds and its filters accept, ``Group`` scores its
    weight once, ``But`` drops the sentences of ``drop``.  The database does the work over
    every match, so Python only sees the best candidates.
    """

    def relation(self, node: plan.Plan) -> str:
        """The SQL of the relation of ``node``."""
        if isinstance(node, plan.Term) and node.field in PREFIXES:
            weight = node.boost * self.idf(node.field, node.text) * (K1 + 1) if node.boost \
                else 0.0
            return (f"SELECT report_id, position, label, {self._param(weight)}::float8 * tf / "
                    f"(tf + {K1}::float8) AS score FROM {SCHEMA}.postings "
                    f"WHERE term = {self._param(lexeme(node.field, node.text))}")
        if isinstance(node, (plan.Any, plan.Group)) and node.parts:
            union = " UNION ALL ".join(f"({self.relation(p)})" for p in node.parts)
            if isinstance(node, plan.Any):
                total = "sum(u.score)"
            else:
                weight = self.group_weight(node) if node.boost else 0.0
                total = f"{self._param(weight)}::float8"
            return (f"SELECT u.report_id, u.position, u.label, {total} AS score FROM ({union}) "
                    f"u GROUP BY u.report_id, u.position, u.label")
        if isinstance(node, plan.All) and node.parts:
            scored = [p for p in node.parts if not plan._is_filter(p)]
            filters = [p for p in node.parts if plan._is_filter(p)]
            if not scored:
                return self._filtered(filters)
            if len(scored) == 1:
                inner = self.relation(scored[0])
            else:
                union = " UNION ALL ".join(f"({self.relation(p)})" for p in scored)
                inner = (f"SELECT u.report_id, u.position, u.label, sum(u.score) AS score FROM "
                         f"({union}) u GROUP BY u.report_id, u.position, u.label "
                         f"HAVING count(*) = {len(scored)}")
            if not filters:
                return inner
            if all(_is_label(p) for p in filters):  # the postings hold the label: no join
                conditions = " AND ".join(f"a.label = {self._param(p.text)}" for p in filters)
                return f"SELECT a.* FROM ({inner}) a WHERE {conditions}"
            conditions = " AND ".join(self.match(p) for p in filters)
            return (f"SELECT a.report_id, a.position, a.label, a.score FROM ({inner}) a "
                    f"JOIN {SCHEMA}.sentences s USING (report_id, position) WHERE {conditions}")
        if isinstance(node, plan.But):
            drop = self.relation(node.drop)
            return (f"SELECT k.* FROM ({self.relation(node.keep)}) k "
                    f"WHERE (k.report_id, k.position) NOT IN (SELECT d.report_id, d.position "
                    f"FROM ({drop}) d)")
        if isinstance(node, (plan.Term, plan.Prefix)):
            return self._filtered([node])
        return _EMPTY

    def _filtered(self, filters: list[plan.Plan]) -> str:
        conditions = " AND ".join(self.match(p) for p in filters)
        return (f"SELECT s.report_id, s.position, s.label, 0::float8 AS score "
                f"FROM {SCHEMA}.sentences s WHERE {conditions}")


def _is_label(node: plan.Plan) -> bool:
    return isinstance(node, plan.Term) and node.field == "label"
