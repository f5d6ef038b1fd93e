"""Recognise headings among paragraphs and give every body paragraph its section path.

Vietnamese reports number their headings in several systems at once: "PHẦN I", Roman numerals
("I-", "II."), Arabic ("1.", "2.1."), letters ("a)", "b."), and leave some unnumbered ("Hạn
chế", "Nguyên nhân" on a line of their own).  Each system has a rank; a heading closes every
open heading of the same or a deeper rank, so paths come out top-down as they read:
``("III- ĐÁNH GIÁ CHUNG", "2. Hạn chế, nguyên nhân", "2.1. Hạn chế")``.

A number followed by a whole sentence ("2. Cần đánh giá kỹ cơ hội ...") is a numbered
paragraph, not a heading: it closes its siblings and its text is body (the Arabic or Roman
number is dropped, a letter such as "a)" is kept as written).

>>> sections, body = outline(["II- KẾT QUẢ", "2.2.", "Nguyên nhân", "Sự phối hợp chưa chặt chẽ."])
>>> [s.heading for s in sections]
['II- KẾT QUẢ', '2.2. Nguyên nhân']
>>> body
[(('II- KẾT QUẢ', '2.2. Nguyên nhân'), 'Sự phối hợp chưa chặt chẽ.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import (ARABIC_NUMBER, LETTER_NUMBER, MARKDOWN_HEADING, PART_NUMBER, PUNCTUATED_END,
                    ROMAN_NUMBER, ROMAN_NUMERAL, SENTENCE_END)
from .report import Section

__all__ = ["Heading", "parse_heading", "outline"]

_KEYWORD = re.compile(r"^(?:Hạn chế|Nguyên nhân|Kết quả|Ưu điểm|Tồn tại|Khuyết điểm|Nhược điểm|"
                      r"Đánh giá chung|Nhiệm vụ|Giải pháp|Kiến nghị|Đề xuất|Bài học|Phương hướng|"
                      r"Mục tiêu|Mục đích|Yêu cầu|Những hạn chế|Một số hạn chế|Những tồn tại|"
                      r"Hạn chế, yếu kém|Tình hình|Thuận lợi|Khó khăn|Kết luận)\b")
# A heading may end in ":" ("2. Hạn chế:"), so only SENTENCE_END makes a paragraph body.
_FIRST_CLAUSE = re.compile(r"^([^.:;!?]{2,60}?)[.:]\s+(\S.*)$")

# Rank of each numbering system: a heading closes open headings of the same or deeper rank.
_RANK_PART, _RANK_LETTER_UPPER, _RANK_ROMAN, _RANK_CAPS = 0, 1, 2, 2
_RANK_ARABIC, _RANK_LETTER, _RANK_PLAIN = 3, 10, 20


@dataclass(frozen=True)
class Heading:
    """A parsed heading candidate: the number as written (or None), the rest, and its rank."""

    number: str | None
    rest: str
    rank: float
    strip_number: bool = True


def parse_heading(paragraph: str) -> Heading | None:
    """Return the numbering of ``paragraph`` if it starts with one, else ``None``.

    >>> parse_heading("2.1. Hạn chế")
    Heading(number='2.1.', rest='Hạn chế', rank=4, strip_number=True)
    >>> parse_heading("1.680/7.108 mô hình") is None
    True
    """
    if match := MARKDOWN_HEADING.match(paragraph):
        inner = parse_heading(match.group(2))
        number, rest = (inner.number, inner.rest) if inner else (None, match.group(2))
        return Heading(number, rest.strip("*_ "), len(match.group(1)) - 10)
    if match := PART_NUMBER.match(paragraph):
        return Heading(match.group(1), match.group(2), _RANK_PART)
    if (match := ROMAN_NUMBER.match(paragraph)) and \
            ROMAN_NUMERAL.match(match.group(1).rstrip(" .-–):").upper()):
        return Heading(match.group(1).replace(" ", ""), match.group(2), _RANK_ROMAN)
    if match := ARABIC_NUMBER.match(paragraph):
        number = match.group(1).replace(" ", "")
        if number[-1].isdigit() and match.group(2)[:1].islower():
            return None  # "1.5 triệu người": a quantity, not a heading
        depth = number.rstrip(".)-–:").count(".") + 1
        return Heading(number, match.group(2), _RANK_ARABIC + depth - 1 +
                       (0.5 if number.endswith(")") else 0))
    if (match := LETTER_NUMBER.match(paragraph)) and not paragraph.startswith("v.v"):
        upper = match.group(1)[0].isupper()
        return Heading(match.group(1), match.group(2),
                       _RANK_LETTER_UPPER if upper else _RANK_LETTER, strip_number=upper)
    return None


def _title_like(text: str, max_words: int = 40) -> bool:
    return bool(text) and not SENTENCE_END.search(text) and len(text.split()) <= max_words \
        and parse_heading(text) is None and not text.startswith(("-", "+", "•"))


def _is_caps(text: str) -> bool:
    return text.isupper() and sum(ch.isalpha() for ch in text[:8]) >= 4


def _unnumbered(paragraph: str) -> float | None:
    """The rank of an unnumbered heading ("Hạn chế", "ĐÁNH GIÁ CHUNG"), or None."""
    if len(paragraph) > 200 or SENTENCE_END.search(paragraph) or \
            paragraph.startswith(("-", "+", "•", "(", "*")):
        return None
    words = len(paragraph.split())
    if _is_caps(paragraph) and words <= 20:
        return _RANK_CAPS
    if _KEYWORD.match(paragraph) and words <= 12:
        return _RANK_PLAIN
    if words <= 8 and not PUNCTUATED_END.search(paragraph) and paragraph[:1].isupper():
        return _RANK_PLAIN
    return None


class _Outline:
    """The open headings (a stack of rank and heading text) and what has been found so far."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.body: list[tuple[tuple[str, ...], str]] = []
        self.stack: list[tuple[float, str]] = []
        self.path: tuple[str, ...] = ()

    def close(self, rank: float) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        self.path = tuple(heading for _, heading in self.stack)

    def open(self, number: str | None, title: str, rank: float) -> None:
        self.close(rank)
        section = Section(number, title, len(self.stack) + 1)
        self.stack.append((rank, section.heading))
        self.path = (*self.path, section.heading)
        self.sections.append(section)

    def add(self, text: str) -> None:
        self.body.append((self.path, text))

    def numbered(self, heading: Heading, following: str) -> bool:
        """Place a numbered paragraph; return whether it took ``following`` as its title."""
        rest = heading.rest
        if not rest:  # "2.2." alone: the title, if any, is the next paragraph
            title = following if _title_like(following) else ""
            self.open(heading.number, title, heading.rank)
            return bool(title)
        if _title_like(rest, 40 if heading.strip_number else 15) or (
                rest.endswith(":") and len(rest.split()) <= 60 and heading.strip_number):
            self.open(heading.number, rest, heading.rank)
        elif (match := _FIRST_CLAUSE.match(rest)) and len(match.group(1).split()) <= 6 \
                and len(match.group(2).split()) >= 8:
            # "2.2. Nguyên nhân: Sự lãnh đạo ..." — a heading that swallowed its first sentence.
            self.open(heading.number, match.group(1), heading.rank)
            self.add(match.group(2))
        else:
            self.close(heading.rank)
            self.add(rest if heading.strip_number else f"{heading.number} {rest}")
        return False


def outline(paragraphs: list[str]) -> tuple[list[Section], list[tuple[tuple[str, ...], str]]]:
    """Split paragraphs into headings and body; return the sections and (path, text) pairs."""
    result = _Outline()
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        i += 1
        heading = parse_heading(paragraph)
        if heading is not None:
            i += result.numbered(heading, following)
        elif following and (rank := _unnumbered(paragraph)) is not None:
            result.open(None, paragraph, rank)
        else:
            result.add(paragraph)
    return result.sections, result.body
