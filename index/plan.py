"""A query plan of terms, and its two readings: a scored Whoosh query, and the set of matches.

Counting matches per label for the whole query needs every matching sentence, not only the
best ones.  Whoosh's matcher trees walk the postings one document at a time in Python; reading
each term's postings whole and combining them as Python sets is an order of magnitude faster
on a large index, so the plan is evaluated both ways.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

__all__ = ["Term", "All", "Any", "But", "Prefix", "Nothing", "to_whoosh", "matches"]


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
class But:
    """``keep`` without the documents of ``drop``."""

    keep: object
    drop: object


@dataclass(frozen=True)
class Prefix:
    """Every term of ``field`` starting with ``text`` (a folder of reports)."""

    field: str
    text: str


@dataclass(frozen=True)
class Nothing:
    """Matches no document."""


def to_whoosh(plan) -> wq.Query:
    """The scored Whoosh query of ``plan``."""
    if isinstance(plan, Term):
        return wq.Term(plan.field, plan.text, boost=plan.boost)
    if isinstance(plan, All):
        return wq.And([to_whoosh(p) for p in plan.parts])
    if isinstance(plan, Any):
        return wq.Or([to_whoosh(p) for p in plan.parts])
    if isinstance(plan, But):
        return wq.AndNot(to_whoosh(plan.keep), to_whoosh(plan.drop))
    if isinstance(plan, Prefix):
        return wq.Prefix(plan.field, plan.text)
    return wq.NullQuery


def _postings(reader, field: str, text: str) -> set[int]:
    try:
        return set(reader.postings(field, text).all_ids())
    except Exception as error:  # Whoosh's TermNotFound has no stable import path
        if type(error).__name__ == "TermNotFound":
            return set()
        raise


def matches(plan, reader) -> set[int]:
    """The document numbers that ``plan`` matches (deleted documents excluded)."""
    if isinstance(plan, Term):
        return _postings(reader, plan.field, plan.text)
    if isinstance(plan, All):
        sets = sorted((matches(p, reader) for p in plan.parts), key=len)
        return set.intersection(*sets) if sets else set()
    if isinstance(plan, Any):
        return set().union(*(matches(p, reader) for p in plan.parts))
    if isinstance(plan, But):
        return matches(plan.keep, reader) - matches(plan.drop, reader)
    if isinstance(plan, Prefix):
        return set().union(*(_postings(reader, plan.field, term)
                             for term in reader.expand_prefix(plan.field, plan.text)))
    return set()
