"""A query plan of terms, evaluated into the set of matches and their BM25 scores.

Counting matches per label for the whole query needs every matching sentence, not only the
best ones, and Whoosh's matcher trees walk postings one document at a time through layers of
Python calls: 120 ms for a seven-word theme on the 2,000-document archive.  Reading each
term's posting list whole into Python sets and dicts does the same work several times faster.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union
from typing import Any as AnyType

if TYPE_CHECKING:
    from whoosh.columns import ColumnReader
    from whoosh.reading import IndexReader

__all__ = ["Term", "All", "Any", "Group", "But", "Prefix", "Nothing", "matches", "Scorer"]


@dataclass(frozen=True)
class Term:
    """One indexed term; ``boost`` weighs its score."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class All:
    """Every part."""

    parts: tuple


@dataclass(frozen=True)
class Any:
    """At least one part; the scores of the parts present add up."""

    parts: tuple


@dataclass(frozen=True)
class Group:
    """Equivalent parts scored as one term: a sentence holding any scores the group's idf once.

    What a synonym group needs: "UBND" and "Ủy ban nhân dân" are one concept, so a sentence
    writing either gets the same score, from the document frequency of the two together.
    """

    parts: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class But:
    """``keep`` without the documents of ``drop``."""

    keep: Plan
    drop: Plan


@dataclass(frozen=True)
class Prefix:
    """Every term of ``field`` starting with ``text`` (a folder of reports)."""

    field: str
    text: str


@dataclass(frozen=True)
class Nothing:
    """Matches no document."""


Plan = Union[Term, All, Any, Group, But, Prefix, Nothing]


def term_postings(reader: IndexReader, field: str, text: str | bytes
                  ) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The posting list of one term as ``(document numbers, weights)`` blocks, numbered in
    ``reader``; nothing when no document holds it.

    A reader of several segments (an index built by many adds) hands out a ``MultiMatcher``,
    which has no ``items_as`` of its own: Whoosh's generic one makes four Python calls per
    posting (and builds a decoder for each).  Each segment's list is read here a block at a
    time instead, its arrays as Whoosh decoded them, so that several segments cost what one
    does.  A segment with deleted documents (whose matcher filters them) is read the slow way.
    """
    leaves: list[tuple[AnyType, int]] = reader.leaf_readers()  # Whoosh's stubs lack __contains__
    for leaf, base in leaves:
        if (field, text) not in leaf:
            continue
        matcher: AnyType = leaf.postings(field, text)  # its block attributes are Whoosh's own
        if type(matcher).__name__ != "W3LeafMatcher":
            items = list(matcher.items_as("weight"))
            yield [doc + base for doc, _ in items], [weight for _, weight in items]
            continue
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            start = matcher._i
            ids, weights = matcher._ids[start:], matcher._weights[start:]
            yield (ids if not base else [doc + base for doc in ids]), weights
            matcher._next_block()


def _postings(reader: IndexReader, field: str, text: str | bytes) -> set[int]:
    docs: set[int] = set()
    for ids, _ in term_postings(reader, field, text):
        docs.update(ids)
    return docs


def matches(plan: Plan, reader: IndexReader) -> set[int]:
    """The document numbers that ``plan`` matches (deleted documents excluded)."""
    if isinstance(plan, Term):
        return _postings(reader, plan.field, plan.text)
    if isinstance(plan, All):
        sets = sorted((matches(p, reader) for p in plan.parts), key=len)
        return set.intersection(*sets) if sets else set()
    if isinstance(plan, (Any, Group)):
        return set().union(*(matches(p, reader) for p in plan.parts))
    if isinstance(plan, But):
        return matches(plan.keep, reader) - matches(plan.drop, reader)
    if isinstance(plan, Prefix):
        return set().union(*(_postings(reader, plan.field, term)
                             for term in reader.expand_prefix(plan.field, plan.text)))
    return set()


K1, B = 1.2, 0.75  # BM25's usual constants, as Whoosh's BM25F defaults
SCORE_DIGITS = 9


def settled(score: float) -> float:
    """``score`` rounded to ``SCORE_DIGITS`` decimals, the precision every backend ranks by.

    The same terms summed in another order differ in the last bits (PostgreSQL's ``sum`` takes
    rows in whatever order its plan reads them), so two sentences that score the same would be
    ordered by that noise; rounded, they tie and are ordered by document, on every backend.
    """
    return round(score, SCORE_DIGITS)


def length_normalised(score: float, length: float, average: float, b: float = B) -> float:
    """A sentence's summed ``score`` after BM25's length normalisation (``b`` 0: length does
    not count, 1: fully), settled; every backend ranks by this one formula."""
    norm = 1 - b + b * length / average
    return settled(score * (K1 + 1) / (1 + K1 * norm))


class Scorer:
    """BM25 scores of a plan's matches, read from whole posting lists as Python dicts.

    Each term scores ``boost * idf * tf * (K1 + 1) / (tf + K1)`` in every sentence holding it;
    the scores of the terms a sentence holds add up.  BM25's length normalisation, a factor
    ``(K1 + 1) / (1 + K1 * (1 - b + b * length / average length))`` on the sum (exact for
    the usual tf of 1 in a sentence), is applied to the best candidates only, by ``rank``
    (``b`` is ``index.theme.Weights.b``; ``B`` its textbook value).
    A scorer serves every search of one reader.
    """

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.count = max(1, reader.doc_count_all())
        self.average = max(1.0, reader.field_length("folded") / self.count)
        self._labels: ColumnReader | None = None

    @property
    def labels(self) -> ColumnReader:
        """The label of each document number (Whoosh's column of ``label``), read once."""
        if self._labels is None:
            self._labels = self.reader.column_reader("label")
        return self._labels

    def idf(self, field: str, text: str) -> float:
        """Whoosh's idf: ``log(N / (df + 1)) + 1``."""
        return self.idf_of(self.reader.doc_frequency(field, text))

    def idf_of(self, frequency: int) -> float:
        """The idf of a term held by ``frequency`` documents."""
        return math.log(self.count / (frequency + 1)) + 1

    def scores(self, plan: Plan) -> dict[int, float]:
        """``{document number: score}`` of every document ``plan`` matches."""
        if isinstance(plan, Term) and plan.boost:
            weight = plan.boost * self.idf(plan.field, plan.text) * (K1 + 1)
            scores: dict[int, float] = {}
            for ids, tfs in term_postings(self.reader, plan.field, plan.text):
                scores.update(zip(ids, [weight * tf / (tf + K1) for tf in tfs]))
            return scores
        if isinstance(plan, All):
            scored = [self.scores(p) for p in plan.parts if not _is_filter(p)]
            filters = [p for p in plan.parts if _is_filter(p)]
            if not scored:
                return dict.fromkeys(set.intersection(*(matches(p, self.reader)
                                                        for p in filters)), 0.0)
            common = set(scored[0]).intersection(*scored[1:])
            for part in filters:
                common = self.keep(common, part)
            return {doc: sum(s[doc] for s in scored) for doc in common}
        if isinstance(plan, Any):
            total: dict[int, float] = {}
            for part in plan.parts:
                for doc, score in self.scores(part).items():
                    total[doc] = total.get(doc, 0.0) + score
            return total
        if isinstance(plan, Group):
            if not plan.boost:
                return dict.fromkeys(matches(plan, self.reader), 0.0)
            docs = matches(plan, self.reader)
            # tf taken as 1, the usual count of a concept in one sentence
            return dict.fromkeys(docs, plan.boost * self.idf_of(len(docs))) if docs else {}
        if isinstance(plan, But):
            kept = self.scores(plan.keep)
            for doc in matches(plan.drop, self.reader):
                kept.pop(doc, None)
            return kept
        return dict.fromkeys(matches(plan, self.reader), 0.0)

    def keep(self, docs: set[int], plan: Plan) -> set[int]:
        """The documents of ``docs`` that the filter ``plan`` matches."""
        if isinstance(plan, Term) and plan.field == "label" and len(docs) < 20000:
            # A label holds a quarter of the index: look the few candidates up instead.
            labels = self.labels
            return {doc for doc in docs if labels[doc] == plan.text}
        return docs & matches(plan, self.reader)

    def rank(self, scores: dict[int, float], depth: int, b: float = B
             ) -> list[tuple[float, int]]:
        """The ``depth`` best ``(score, document)``, length-normalised with BM25's ``b``
        (0: length does not count, 1: fully), best first."""
        pool = heapq.nlargest(max(depth * 5, 200), scores.items(), key=lambda item: item[1])
        normalised = []
        for doc, score in pool:
            length = self.reader.doc_field_length(doc, "folded", 1)
            normalised.append((length_normalised(score, length, self.average, b), doc))
        return heapq.nlargest(depth, normalised)


def _is_filter(plan: Plan) -> bool:
    """Filters score nothing: Terms of boost 0, or combinations of them, or a Prefix."""
    if isinstance(plan, Term):
        return plan.boost == 0
    if isinstance(plan, Group):
        return plan.boost == 0
    if isinstance(plan, (All, Any)):
        return all(_is_filter(p) for p in plan.parts)
    return isinstance(plan, (Prefix, Nothing))
