"""The query language of ``baocao search``, parsed by hand into a small syntax tree.

    words              a theme: sentences are ranked by how much of it they cover
    "quoted phrase"    the syllables in this order
    a AND b, a OR b, NOT a, -a, ( ... )
    label:limitation  year:2018  place:"Kiên Giang"  province:"An Giang"  type:"BÁO CÁO"
    report:PATH

Operators are upper case (lower-case "and", "or", "not" are words); juxtaposed parts are ANDed.
A hand-written parser, rather than ``whoosh.qparser``, keeps a cold search process small and
lets plain words stay one theme instead of becoming a conjunction of single syllables.

>>> parse('tham nhũng NOT "tham nhũng vặt" label:limitation')
And(parts=(Theme(words=('tham', 'nhũng')), Not(part=Phrase(text='tham nhũng vặt')), \
Filter(field='label', value='limitation')))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from nlp.classifier.labels import LABELS

from .errors import QuerySyntaxError

__all__ = ["Theme", "Phrase", "Filter", "And", "Or", "Not", "parse", "FIELDS", "LABELS"]

FIELDS = ("label", "year", "place", "province", "type", "report")


@dataclass(frozen=True)
class Theme:
    """Plain words: ranked by coverage, abbreviations expanded."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    """A quoted phrase: its syllables in order."""

    text: str


@dataclass(frozen=True)
class Filter:
    """``field:value``: a condition on the report or the label, not on the text."""

    field: str
    value: str


@dataclass(frozen=True)
class And:
    """Every part matches."""

    parts: tuple


@dataclass(frozen=True)
class Or:
    """At least one part matches."""

    parts: tuple


@dataclass(frozen=True)
class Not:
    """The part does not match."""

    part: Node


Node = Union[Theme, Phrase, Filter, And, Or, Not]  # a parsed query

_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)(?P<closed>"?)'
                    r'|(?P<field>[A-Za-z]+):'
                    r'(?:"(?P<fphrase>[^"]*)(?P<fclosed>"?)|(?P<fword>[^\s()"]*))'
                    r'|(?P<word>[^\s()"]+))')


def _lex(query: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    query = query.strip()
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None:  # every character but a space starts a token: never happens
            raise QuerySyntaxError(f"cannot read {query[position:]!r} in {query!r}")
        position = match.end()
        if match.group("open") or match.group("close"):
            tokens.append(("open" if match.group("open") else "close", match.group(0).strip()))
        elif match.group("phrase") is not None:
            if not match.group("closed"):
                raise QuerySyntaxError(f"unclosed quote in {query!r} — close the phrase with \"")
            tokens.append(("phrase", match.group("phrase")))
        elif match.group("field") is not None and match.group("field").lower() in FIELDS:
            if match.group("fphrase") is not None and not match.group("fclosed"):
                raise QuerySyntaxError(f"unclosed quote in {query!r} — close the value with \"")
            value = match.group("fphrase") if match.group("fphrase") is not None \
                else match.group("fword")
            tokens.append(("field", f"{match.group('field').lower()}:{value}"))
        elif match.group("field") is not None and (match.group("fword") or match.group("fphrase")):
            raise QuerySyntaxError(f"unknown field {match.group('field')!r} in {query!r} — the "
                                   f"fields are {', '.join(FIELDS)}; quote the text to search "
                                   f"for it: \"{match.group(0).strip()}\"")
        elif match.group("field") is not None:  # "Ghi chú: ..." is text, not a field
            tokens.append(("word", match.group(0).strip()))
        elif match.group("word") in ("AND", "OR", "NOT"):
            tokens.append((match.group("word"), match.group("word")))
        else:
            tokens.append(("word", match.group("word")))
    return tokens


_NO_OPERAND = (None, "OR", "AND", "close")  # what cannot follow AND or NOT


class _Parser:
    """Recursive descent over the tokens: or := and (OR and)*; and := unary+; unary := NOT unary."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _lex(query)
        self.at = 0

    def error(self, what: str) -> QuerySyntaxError:
        return QuerySyntaxError(f"bad query {self.query!r}: {what}")

    def peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        self.at += 1
        return self.tokens[self.at - 1]

    def parse_or(self) -> Node:
        parts = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_and(self) -> Node:
        parts: list[Node] = []
        while self.peek() not in (None, "OR", "close"):
            if self.peek() == "AND":
                self.take()
                if self.peek() in _NO_OPERAND or not parts:
                    raise self.error("AND needs something on both sides")
                continue
            parts.append(self.parse_unary())
        if not parts:
            raise self.error("expected words, a \"phrase\" or a field:value here")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def parse_unary(self) -> Node:
        kind = self.peek()
        if kind == "NOT":
            self.take()
            if self.peek() in _NO_OPERAND:
                raise self.error("NOT needs something after it")
            return Not(self.parse_unary())
        if kind == "word" and self.tokens[self.at][1] == "-" \
                and self.at + 1 < len(self.tokens) \
                and self.tokens[self.at + 1][0] in ("phrase", "open", "field"):
            self.take()  # -"thủ tục", -(a OR b), -label:other: NOT, like -word
            return Not(self.parse_atom())
        if kind == "word" and self.tokens[self.at][1].startswith("-") \
                and len(self.tokens[self.at][1]) > 1:
            word = self.take()[1][1:]
            return Not(Theme((word,)))
        return self.parse_atom()

    def parse_atom(self) -> Node:
        kind, value = self.take()
        if kind == "open":
            inner = self.parse_or()
            if self.peek() != "close":
                raise self.error("unbalanced parenthesis — add a )")
            self.take()
            return inner
        if kind == "phrase":
            if not value.strip():
                raise self.error('empty phrase ""')
            return Phrase(value)
        if kind == "field":
            return _filter(self, *value.split(":", 1))
        words = [value]
        while self.peek() == "word" and not self.tokens[self.at][1].startswith("-"):
            words.append(self.take()[1])
        return Theme(tuple(words))


def _filter(parser: _Parser, field: str, value: str) -> Filter:
    value = value.strip()
    if not value:
        raise parser.error(f"{field}: needs a value")
    if field == "label" and value.lower() not in LABELS:
        raise parser.error(f"unknown label {value!r} (choose from {', '.join(LABELS)})")
    if field == "year" and not value.isdigit():
        raise parser.error(f"year:{value} is not a year")
    return Filter(field, value.lower() if field == "label" else value)


def parse(query: str) -> Node:
    """Parse ``query`` into a tree of Theme, Phrase, Filter, And, Or and Not.

    Raises QuerySyntaxError with a one-line message for an unclosed quote or parenthesis, a
    dangling operator, an unknown label, a query of NOT parts only, or an empty query.
    """
    parser = _Parser(query)
    if not parser.tokens:
        raise QuerySyntaxError("empty query — type the words to search for")
    tree = parser.parse_or()
    if parser.at < len(parser.tokens):
        raise parser.error("unbalanced parenthesis — remove a )")
    if not _has_positive(tree):
        raise parser.error("nothing to search for besides NOT — add words or a filter")
    return tree


def _has_positive(node: Node) -> bool:
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(p) for p in node.parts)
    if isinstance(node, Or):
        return all(_has_positive(p) for p in node.parts)
    return True
