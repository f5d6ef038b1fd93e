"""Split a paragraph into sentences: underthesea's splitter, plus what it gets wrong here.

Administrative Vietnamese is full of full stops that end nothing: abbreviations ("TP. Cần
Thơ", "ThS.", "v.v."), thousands separators ("1.680/7.108"), heading-like numbers inside a
sentence.  :func:`split_sentences` runs :func:`underthesea.sent_tokenize` and joins back the
pieces that cannot be sentences of their own.

>>> split_sentences("Đoàn công tác làm việc tại TP. Cần Thơ. Kết quả đạt 39,9% kế hoạch.")
['Đoàn công tác làm việc tại TP. Cần Thơ.', 'Kết quả đạt 39,9% kế hoạch.']
"""

from __future__ import annotations

import re

from ..text import LOWER_LETTERS

__all__ = ["split_sentences"]

# Abbreviations that end in a full stop but never end a sentence (upper and lower case forms).
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:TP|Tp|tp|TX|Tx|ThS|Th\.S|Ths|TS|PGS|GS|BS|KS|PGS\.TS|GS\.TS|Q|P|St|Mr|Mrs|"
    r"Dr|No|Nxb|NXB)\.$")
_STARTS_LOWER_OR_DIGIT = re.compile(f"^[\\d%{LOWER_LETTERS},;:)]")

_INNER_END = re.compile(r"[.!?…]")
_tokenize = None


def _sent_tokenize(text: str) -> list[str]:
    global _tokenize
    if _tokenize is None:  # underthesea is imported on first use, never by "import nlp"
        from underthesea import sent_tokenize

        _tokenize = sent_tokenize
    return _tokenize(text)


def split_sentences(paragraph: str) -> list[str]:
    """Return the sentences of ``paragraph`` (one line of body text), in order."""
    if not _INNER_END.search(paragraph, 0, len(paragraph) - 1):
        return [paragraph]  # no full stop before the end: one sentence (most paragraphs)
    pieces = _sent_tokenize(paragraph)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and (_STARTS_LOWER_OR_DIGIT.match(piece) or
                          _ABBREVIATION.search(sentences[-1]) or
                          not any(ch.isalnum() for ch in piece)):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences
