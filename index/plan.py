"""A query plan of terms, evaluated into the set of matches and their BM25 scores.

Counting matches per label for the whole query needs every matching sentence, not only the
best ones, and Whoosh's matcher trees walk postings one document at a time through layers of
Python calls: 120 ms for a seven-word theme on the 2,000-document archive.  Reading each
term's posting list whole into Python sets and dicts does the same work several times faster.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from whoosh.columns import ColumnReader
    from whoosh.matching import Matcher
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


def _matcher(reader: IndexReader, field: str, text: str | bytes) -> Matcher | None:
    """The posting list of one term, or None when no document holds it."""
    try:
        return reader.postings(field, text)
    except Exception as error:  # Whoosh's TermNotFound has no stable import path
        if type(error).__name__ == "TermNotFound":
            return None
        raise


def _postings(reader: IndexReader, field: str, text: str | bytes) -> set[int]:
    matcher = _matcher(reader, field, text)
    return set(matcher.all_ids()) if matcher is not None else set()


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


class Scorer:
    """BM25 scores of a plan's matches, read from whole posting lists as Python dicts.

    Each term scores ``boost * idf * tf * (K1 + 1) / (tf + K1)`` in every sentence holding it;
    the scores of the terms a sentence holds add up.  BM25's length normalisation, a factor
    ``(K1 + 1) / (1 + K1 * (1 - B + B * length / average length))`` on the sum (exact for
    the usual tf of 1 in a sentence), is applied to the best candidates only, by ``rank``.
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
            matcher = _matcher(self.reader, plan.field, plan.text)
            if matcher is None:
                return {}
            weight = plan.boost * self.idf(plan.field, plan.text) * (K1 + 1)
            return {doc: weight * tf / (tf + K1) for doc, tf in matcher.items_as("weight")}
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

    def rank(self, scores: dict[int, float], depth: int) -> list[tuple[float, int]]:
        """The ``depth`` best ``(score, document)``, length-normalised, best first."""
        pool = heapq.nlargest(max(depth * 5, 200), scores.items(), key=lambda item: item[1])
        normalised = []
        for doc, score in pool:
            length = self.reader.doc_field_length(doc, "folded", 1)
            norm = 1 - B + B * length / self.average
            normalised.append((score * (K1 + 1) / (1 + K1 * norm), doc))
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
