"""Vietnamese analysis for the index: syllables, document symbols whole, lower case, folding.

The index works on syllables, not on the segmenter's words: a phrase query then finds the
phrase whatever way underthesea split that sentence, and a search process needs no segmenter.
Document numbers and symbols ("39-NQ/TW", "1.680/7.108", "39,9%") are kept as one token so
they are searchable as written.  There are no stop words: "không", "chưa" and one-letter
syllables carry meaning in administrative Vietnamese.

>>> [t.text for t in vietnamese_analyzer()("Nghị quyết số 18-NQ/TW: tinh giản 39,9%")]
['nghị', 'quyết', 'số', '18-nq/tw', 'tinh', 'giản', '39,9%']
>>> [t.text for t in vietnamese_analyzer(fold=True)("Đội ngũ cán bộ")]
['doi', 'ngu', 'can', 'bo']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, Token, Tokenizer

from nlp.text import fold_diacritics, normalize_tone_marks

__all__ = ["VietnameseTokenizer", "FoldDiacriticsFilter", "SyllablePairFilter",
           "SyllablesAndPairsFilter", "WordListTokenizer", "vietnamese_analyzer",
           "context_analyzer", "words_analyzer", "WORD_SEPARATOR", "prepare_text",
           "token_spans", "lower_tokens"]

WORD_SEPARATOR = "|"  # between the segmenter's words in the value of the ``words`` field

# A run of word characters, possibly joined by - / . , into a symbol, possibly ending in %.
_CANDIDATE = re.compile(r"\w+(?:[-/.,]\w+)*%?")
_PART = re.compile(r"\w+")
_SEPARATOR = re.compile(r"[-/.,]")


def prepare_text(text: str) -> str:
    """Return ``text`` in NFC with one tone-mark placement; lengths of NFC text do not change.

    Only what keeps character offsets valid is done here (no white-space folding), so that
    highlights computed on the stored text point at the right characters.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return normalize_tone_marks(text)


def _is_symbol(candidate: str) -> bool:
    # "39-NQ/TW", "10/7/2018", "1.680", "39,9%" stay whole; "kinh tế-xã hội", "COVID-19" and
    # a sentence-final "2018." are split, because their parts are words of their own.
    if "/" in candidate:
        return True
    return all(part.isdigit() for part in _SEPARATOR.split(candidate.removesuffix("%")))


def token_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) character offsets of the tokens of prepared ``text``.

    >>> text = "Kế hoạch số 79-KH/BDV, kinh tế-xã hội"
    >>> [text[s:e] for s, e in token_spans(text)]
    ['Kế', 'hoạch', 'số', '79-KH/BDV', 'kinh', 'tế', 'xã', 'hội']
    """
    for match in _CANDIDATE.finditer(text):
        candidate = match.group(0)
        start = match.start()
        if candidate.endswith("%") and not candidate[-2].isdigit():
            candidate = candidate[:-1]
        if _SEPARATOR.search(candidate) is None or _is_symbol(candidate):
            yield start, start + len(candidate)
            continue
        for part in _PART.finditer(candidate):
            yield start + part.start(), start + part.end()


def lower_tokens(text: str) -> tuple[str, ...]:
    """Return the lower-case tokens of ``text``, diacritics kept (the query's own wording).

    >>> lower_tokens("Tiếp công dân, 39-NQ/TW")
    ('tiếp', 'công', 'dân', '39-nq/tw')
    """
    text = prepare_text(text).lower()
    return tuple(text[start:end] for start, end in token_spans(text))


class VietnameseTokenizer(Tokenizer):
    """Split Vietnamese text into syllables and whole document symbols, after NFC.

    Character offsets refer to the NFC form of the value (the same string when it is NFC).
    """

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: Any) -> Iterator[Token]:
        if not isinstance(value, str):
            raise ValueError(f"expected text to tokenize, got {value!r}")
        text = prepare_text(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        spans = token_spans(text) if tokenize else [(0, len(text))]
        for pos, (start, end) in enumerate(spans):
            token.text = text[start:end]
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                setattr(token, "original", token.text)  # an attribute Whoosh adds on demand
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class FoldDiacriticsFilter(Filter):
    """Remove Vietnamese diacritics from lower-case tokens, đ -> d included ("giản" -> "gian")."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    # Whoosh's Filter and its base Composable name this argument differently ("tokens", "value").
    def __call__(self, tokens: Iterable[Token],  # type: ignore[override]
                 **kwargs: Any) -> Iterator[Token]:
        for token in tokens:
            token.text = fold_diacritics(token.text)
            yield token


class SyllablePairFilter(Filter):
    """Replace the tokens by each pair of adjacent ones, space-joined ("tinh giản", "giản biên").

    Two-syllable words are the bulk of Vietnamese vocabulary; indexing the pairs as terms
    turns a two-syllable phrase query into one term lookup instead of a positional match,
    which is what keeps theme queries fast on a large index.
    """

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    # Whoosh's Filter and its base Composable name this argument differently ("tokens", "value").
    def __call__(self, tokens: Iterable[Token],  # type: ignore[override]
                 **kwargs: Any) -> Iterator[Token]:
        previous = None
        for token in tokens:
            current = token.text
            if previous is not None:
                token.text = f"{previous} {current}"
                yield token
            previous = current


class SyllablesAndPairsFilter(Filter):
    """Yield each token and then its pair with the previous one ("tinh", "giản", "tinh giản").

    One field then answers both the syllable and the pair units of a theme: what the heading
    and title fields need, where two fields each would double the schema for little text.
    """

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    # Whoosh's Filter and its base Composable name this argument differently ("tokens", "value").
    def __call__(self, tokens: Iterable[Token],  # type: ignore[override]
                 **kwargs: Any) -> Iterator[Token]:
        previous = None
        for token in tokens:
            current = token.text
            yield token
            if previous is not None:
                token.text = f"{previous} {current}"
                yield token
            previous = current


class WordListTokenizer(Tokenizer):
    """Split a ``|``-joined list of the segmenter's words into one token per word.

    The value is built at indexing time from ``Sentence.words``; a word's syllables stay
    space-joined, so the term "biên chế" is looked up from the query's syllable n-grams
    without a segmenter at query time.
    """

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: Any) -> Iterator[Token]:
        if not isinstance(value, str):
            raise ValueError(f"expected a word list to tokenize, got {value!r}")
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, word in enumerate(w for w in value.split(WORD_SEPARATOR) if w.strip()):
            token.text = " ".join(prepare_text(word).lower().split())
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            yield token


def vietnamese_analyzer(fold: bool = False, pairs: bool = False) -> Analyzer:
    """Return the analyzer chain: Vietnamese tokenizer, lower case, then folding if ``fold``
    and syllable pairs if ``pairs``.

    >>> [t.text for t in vietnamese_analyzer(fold=True, pairs=True)("Tiếp công dân")]
    ['tiep cong', 'cong dan']
    """
    chain = VietnameseTokenizer() | LowercaseFilter()
    if fold:
        chain = chain | FoldDiacriticsFilter()
    return chain | SyllablePairFilter() if pairs else chain


def context_analyzer() -> Analyzer:
    """Folded syllables and their pairs in one field, for a heading or a title.

    >>> [t.text for t in context_analyzer()("Chi ngân sách")]
    ['chi', 'ngan', 'chi ngan', 'sach', 'ngan sach']
    """
    return vietnamese_analyzer(fold=True) | SyllablesAndPairsFilter()


def words_analyzer() -> Analyzer:
    """The segmenter's words, folded: one term per word, its syllables space-joined.

    >>> [t.text for t in words_analyzer()("Tinh giản|biên chế")]
    ['tinh gian', 'bien che']
    """
    return WordListTokenizer() | FoldDiacriticsFilter()
