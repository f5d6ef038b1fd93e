"""Search the PostgreSQL index with the Whoosh index's own query plan, BM25 and re-ranking.

The query is parsed and planned by the same code (``index.query``, ``index.theme`` through
``index.search._Compiler``), reading the term statistics kept in the database; PostgreSQL
returns the label counts of every match and the best candidates by the summed term weights
(:mod:`index.postgres.sql_plan`); the length normalisation and the exact-diacritic re-ranking
are then done here exactly as ``index.search`` does them.  Each search reads one snapshot
(repeatable read), so it never mixes two states of the index.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from .. import plan
from ..highlight import highlight_spans
from ..query import Node, parse
from ..search import Hit, SearchResult, _Compiler, _filters_year, filter_plan
from ..synonyms import load_synonyms
from ..theme import Weights, exact_share
from .connection import connect, database_errors
from .rows import PREFIXES, lexeme, quantised_length
from .schema import SCHEMA, check_schema
from .sql_plan import PostingsPlan, SqlPlan

__all__ = ["PostgresSearcher"]

# Per session: a search's GROUP BY over every match stays in memory (a hash of 20,000 matches
# took 3 MB, near the default 4 MB), and no JIT: its compilation costs about 100 ms, more than
# the arithmetic of a term's score saves.  At 283,520 sentences no statement's estimate
# reached jit_above_cost yet, but the estimates grow with the tables.
_SESSION = ("SELECT set_config('work_mem', '64MB', false), set_config('jit', 'off', false)")


class PostgresSearcher:
    """An open connection to the index, ready for many searches."""

    def __init__(self, url: str, weights: Weights | None = None) -> None:
        import psycopg

        self.url = url
        self.weights = weights or Weights()
        self.synonyms = load_synonyms([])
        self.connection = connect(url)
        self.connection.autocommit = True
        self.connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        self.connection.read_only = True
        try:
            with database_errors(url):
                self.connection.execute(_SESSION)
                check_schema(self.connection, url)
        except BaseException:
            self.connection.close()
            raise
        self._df: dict[str, int] = {}
        self._groups: dict[plan.Group, int] = {}
        self._generation: int | None = None
        self.count = 1
        self.average = 1.0

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def __enter__(self) -> PostgresSearcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[int]:
        """One read-only transaction; yields how many documents (sentences and reports) the
        index holds, the N of BM25's idf as Whoosh counts it."""
        with database_errors(self.url), self.connection.transaction():
            counters: dict[str, int] = dict(self.connection.execute(
                f"SELECT name, value FROM {SCHEMA}.counters").fetchall())
            if counters.get("generation") != self._generation:  # a write since: forget
                self._df.clear()
                self._groups.clear()
                self._generation = counters.get("generation")
            documents = counters.get("sentences", 0) + counters.get("reports", 0)
            self.count = max(1, documents)
            self.average = max(1.0, counters.get("folded_length", 0) / self.count)
            yield documents

    # --- statistics -----------------------------------------------------------------------

    def _fetch_df(self, lexemes: list[str]) -> None:
        wanted = [item for item in lexemes if item not in self._df]
        if wanted:
            self._df.update(dict.fromkeys(wanted, 0))
            self._df.update(dict(self.connection.execute(
                f"SELECT lexeme, df FROM {SCHEMA}.term_stats WHERE lexeme = ANY(%s)",
                (wanted,)).fetchall()))

    def frequency(self, field: str, text: str) -> int:
        """How many sentences hold ``text`` in ``field`` (Whoosh's ``doc_frequency``)."""
        if field not in PREFIXES:
            return 0
        self._fetch_df([lexeme(field, text)])
        return self._df[lexeme(field, text)]

    def levels(self, field: str, text: str) -> int:
        """The most times one sentence holds ``text`` in ``field`` (its highest #k lexeme)."""
        level = 1
        while True:
            batch = [lexeme(field, text, k) for k in range(level + 1, level + 9)]
            self._fetch_df(batch)
            for item in batch:
                if not self._df[item]:
                    return level
                level += 1

    def idf(self, field: str, text: str) -> float:
        """Whoosh's idf: ``log(N / (df + 1)) + 1``."""
        return self.idf_of(self.frequency(field, text))

    def idf_of(self, frequency: int) -> float:
        """The idf of a term held by ``frequency`` documents."""
        return math.log(self.count / (frequency + 1)) + 1

    def group_weight(self, group: plan.Group) -> float:
        """A synonym group's score: its boost times the idf of the sentences holding any form."""
        if group not in self._groups:
            sql = self._sql()
            where = sql.match(group)
            row = self.connection.execute(
                f"SELECT count(*) FROM {SCHEMA}.sentences s WHERE {where}", sql.params).fetchone()
            self._groups[group] = row[0] if row else 0
        return group.boost * self.idf_of(self._groups[group])

    def _sql(self, column: str = "s.tsv", prefix: str = "p") -> SqlPlan:
        return SqlPlan(self.idf, self.levels, self.group_weight, column, prefix)

    # --- search ---------------------------------------------------------------------------

    def make_plan(self, tree: Node, filters: dict[str, Any]) -> tuple[_Compiler, plan.Plan]:
        """The plan of ``tree`` and ``filters``, as ``SentenceSearcher._scores`` builds it.

        Planning asks for many document frequencies, one at a time; a round trip each cost
        60 ms for a seven-word theme.  So the plan is made with the frequencies known, the
        ones it asked for and missed are fetched in one statement, and it is made again,
        until it misses none (two or three rounds): the same plan, with the right figures.
        """
        while True:
            missing: list[str] = []

            def frequency(field: str, text: str) -> int:
                if field not in PREFIXES:
                    return 0
                key = lexeme(field, text)
                if key not in self._df:
                    missing.append(key)
                return self._df.get(key, 0)

            compiler = _Compiler(self.synonyms, frequency, self.count, self.weights)
            query_plan = compiler.compile(tree)
            if not missing:
                break
            self._fetch_df(missing)
        conditions = tuple(filter_plan(name, str(value)) for name, value in filters.items()
                           if value not in (None, ""))
        if not compiler.has_text:
            conditions += (plan.Term("kind", "s", 0.0),)
        full = plan.All((query_plan,) + conditions) if conditions else query_plan
        self._prefetch(full)
        return compiler, full

    def _prefetch(self, full: plan.Plan) -> None:
        """Fetch in two statements what scoring ``full`` needs: the term-frequency lexemes
        of its terms, and the sentences holding each synonym group."""
        terms: list[plan.Term] = []
        groups: list[plan.Group] = []
        pending = [full]
        while pending:
            node = pending.pop()
            if isinstance(node, plan.Term) and node.boost and node.field in PREFIXES:
                terms.append(node)
            elif isinstance(node, plan.Group) and node.boost and node not in self._groups:
                groups.append(node)
            elif isinstance(node, plan.But):
                pending.append(node.keep)
            elif isinstance(node, (plan.All, plan.Any, plan.Group)):
                pending.extend(node.parts)
        self._fetch_df([lexeme(t.field, t.text, k) for t in terms for k in range(2, 10)])
        groups = list(dict.fromkeys(groups))
        if groups:
            sql = self._sql()
            conditions = [sql.match(group) for group in groups]
            counted = ", ".join(f"count(*) FILTER (WHERE {c})" for c in conditions)
            row = self.connection.execute(
                f"SELECT {counted} FROM {SCHEMA}.sentences s WHERE {' OR '.join(conditions)}",
                sql.params).fetchone() or (0,) * len(groups)
            self._groups.update(zip(groups, row))

    def search(self, query: str, *, limit: int = 20, **filters: str | int | None
               ) -> SearchResult:
        """Return the best ``limit`` sentences for ``query`` (all if 0) and the counts per
        label, as ``index.search.SentenceSearcher.search`` does."""
        if limit < 0:
            raise ValueError(f"limit must be 0 (all) or more, not {limit}")
        tree = parse(query)
        with self.snapshot() as documents:
            if not documents:
                return SearchResult([], {})
            result = self._search(tree, limit, filters)
            if filters.get("year") or _filters_year(tree):
                result = replace(result, undated=self._undated_reports())
            return result

    def _undated_reports(self) -> int:
        row = self.connection.execute(
            f"SELECT count(*) FROM {SCHEMA}.reports WHERE coalesce(meta->>'date', '') = ''"
        ).fetchone()
        return row[0] if row else 0

    def _search(self, tree: Node, limit: int, filters: dict[str, Any]) -> SearchResult:
        compiler, full = self.make_plan(tree, filters)
        # One statement: the matches and their scores (the postings relation, computed once),
        # the label counts of all of them, and the best ``pool`` joined to their sentences —
        # the only rows that leave the database.
        scoring = PostingsPlan(self.idf, self.levels, self.group_weight, prefix="q")
        scored = scoring.relation(full)
        rows = self.connection.execute(
            f"WITH m AS MATERIALIZED ({scored}), "
            f"c AS (SELECT label, count(*) AS n FROM m GROUP BY label), "
            f"t AS (SELECT report_id, position, score FROM m "
            f"ORDER BY score DESC, report_id, position LIMIT %(pool)s) "
            f"SELECT t.score AS raw, s.report_id, s.position, s.folded_length, s.text, s.label, "
            f"s.label_score, s.section, r.source, r.meta, "
            f"(SELECT jsonb_object_agg(c.label, c.n) FROM c) AS counts FROM t "
            f"JOIN {SCHEMA}.sentences s USING (report_id, position) "
            f"JOIN {SCHEMA}.reports r USING (report_id) "
            f"ORDER BY raw DESC, s.report_id, s.position",
            {**scoring.params, "pool": max(limit * 5, 200) if limit else None}).fetchall()
        if not rows:
            return SearchResult([], {})
        counts: dict[str, int] = rows[0][10] or {}
        depth = limit or sum(counts.values())
        # From here on as index.plan.Scorer.rank and index.search.SentenceSearcher._search.
        normalised = [(plan.length_normalised(row[0], quantised_length(row[3]), self.average,
                                              self.weights.b), (row[1], row[2]), row)
                      for row in rows]
        ranked = []
        for value, doc, row in heapq.nlargest(depth, normalised, key=lambda item: item[:2]):
            share = exact_share(row[4], compiler.exact_units)
            ranked.append((self.weights.exact_boosted(value, share), doc, row))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        hits = [_hit(row, value, compiler) for value, _, row in ranked[:limit or len(ranked)]]
        ordered = dict(sorted(((k, v) for k, v in counts.items() if v),
                              key=lambda kv: (-kv[1], kv[0])))
        return SearchResult(hits, ordered)


def _hit(row: tuple, score: float, compiler: _Compiler) -> Hit:
    _, _, position, _, text, label, label_score, section, source, meta, _ = row
    return Hit(source=source, number=meta.get("number"), title=meta.get("title"),
               date=meta.get("date"), place=meta.get("place"), doc_type=meta.get("doc_type"),
               province=meta.get("province"), section=section, index=position, label=label,
               label_score=label_score, score=score, text=text,
               highlights=tuple(highlight_spans(text, compiler.targets)))
