"""Rows of the PostgreSQL index from the documents the Whoosh writer builds, analysed alike.

Every text field is run through the very analyzer of the Whoosh schema, so both backends hold
the same terms.  A term becomes the lexeme ``PREFIX:term`` (the prefix names its field), plus
``PREFIX:term#k`` for each k from 2 to its count in the sentence: a tsvector keeps no counts
without positions, and these lexemes let BM25's term frequency be read back by ``@@`` alone.

>>> lexeme("folded", "tinh"), lexeme("folded", "tinh", 2)
('f:tinh', 'f:tinh#2')
>>> tsvector_literal(["f:it's", "f:a\\\\b"])
"'f:it''s' 'f:a\\\\\\\\b'"
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..analysis import prepare_text, token_spans
from ..schema import make_schema

__all__ = ["PREFIXES", "lexeme", "tsvector_literal", "tsquery_lexeme", "SentenceRow",
           "sentence_row", "quantised_length"]

# The Whoosh fields indexed as text, and their lexeme prefixes.
PREFIXES = {"folded": "f", "folded2": "p", "heading": "h", "title": "t", "words": "w",
            "place": "pl", "doc_type": "dt"}
FOLDED = "folded"  # the field whose length BM25 normalises by


def lexeme(field: str, term: str, count: int = 1) -> str:
    """The lexeme of ``term`` of ``field`` (``count`` > 1: held at least that many times)."""
    base = f"{PREFIXES[field]}:{term}"
    return base if count == 1 else f"{base}#{count}"


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(lexemes: Iterable[str]) -> str:
    """The text form of a tsvector of ``lexemes`` (quoted, so any character is safe)."""
    return " ".join(_quoted(item) for item in lexemes)


def tsquery_lexeme(value: str) -> str:
    """One lexeme as a tsquery operand (quoted, so operators inside it are plain text)."""
    return _quoted(value)


@lru_cache(maxsize=1)
def _fields() -> dict[str, Any]:
    schema = make_schema()
    return {name: schema[name] for name in PREFIXES}


def quantised_length(length: int) -> int:
    """A field length as Whoosh stores it (one byte, lossy above 8), for the same BM25."""
    from whoosh.util.numeric import byte_to_length, length_to_byte

    return byte_to_length(length_to_byte(length))


SentenceRow = tuple  # (position, label, label_score, text, section, folded_length, year,
#                      province, symbols, tsvector text), in the column order of the writer


def _symbols(text: str) -> Iterable[str]:
    """Document numbers and other symbols of ``text`` as written ("39-NQ/TW", "1.680")."""
    text = prepare_text(text)
    for start, end in token_spans(text):
        if any(mark in text[start:end] for mark in "-/.,%"):
            yield text[start:end]


def sentence_row(document: dict[str, Any], counts: Counter
                 ) -> tuple[SentenceRow, dict[str, int]]:
    """The row of one Whoosh sentence document and its postings (``{base lexeme: count in the
    sentence}``); adds its lexemes to ``counts`` (their df)."""
    fields = _fields()
    lexemes: list[str] = []
    postings: dict[str, int] = {}
    folded_length = 0
    for name in PREFIXES:
        value = document.get(name)
        if not value:
            continue
        for term, frequency, _, _ in fields[name].index(value):
            text = term.decode("utf-8")
            if name == FOLDED:
                folded_length += frequency
            lexemes.extend(lexeme(name, text, k) for k in range(1, int(frequency) + 1))
            postings[lexeme(name, text)] = max(int(frequency), postings.get(lexeme(name, text), 0))
    lexemes = list(dict.fromkeys(lexemes))
    counts.update(lexemes)
    symbols = list(dict.fromkeys(_symbols(document["text"])))
    row = (document["position"], document["label"], float(document["score"]),
           document["text"], document["section"], folded_length, document.get("year"),
           document.get("province"), symbols, tsvector_literal(lexemes))
    return row, postings
