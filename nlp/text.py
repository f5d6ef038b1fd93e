"""One normal form for Vietnamese text, used everywhere text is compared.

Documents and queries must meet in one form: Unicode NFC (decomposed text splits into junk under
``\\w``-based tokenizers), one tone-mark placement convention, folded white space.  Search also
needs a diacritic-free form, so that ``tinh gian bien che`` finds "tinh giản biên chế".

>>> normalize_text("Thanh Hoá,  Uỷ ban   nhân dân")
'Thanh Hóa, Ủy ban nhân dân'
>>> fold_diacritics("Tinh giản biên chế, Đảng")
'Tinh gian bien che, Dang'
>>> search_key("Hoà giải") == search_key("hòa giải")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text", "normalize_tone_marks", "fold_whitespace", "fold_diacritics",
           "search_key", "folded_key", "LOWER_LETTERS", "MARKED_LETTERS", "VIETNAMESE_LETTER",
           "SENTENCE_END", "CLAUSE_END", "PUNCTUATED_END", "ITEM_START", "MARKER_TOKEN",
           "NUMBERED_WORD", "PART_NUMBER", "ROMAN_NUMBER", "ROMAN_NUMERAL", "ARABIC_NUMBER",
           "LETTER_NUMBER", "MARKDOWN_HEADING"]

_TONED_VOWELS = {
    "a": "àáảãạ", "ă": "ằắẳẵặ", "â": "ầấẩẫậ", "e": "èéẻẽẹ", "ê": "ềếểễệ", "i": "ìíỉĩị",
    "o": "òóỏõọ", "ô": "ồốổỗộ", "ơ": "ờớởỡợ", "u": "ùúủũụ", "ư": "ừứửữự", "y": "ỳýỷỹỵ",
}


def _tone_tables() -> tuple[dict[str, tuple[str, int]], dict[tuple[str, int], str]]:
    split, join = {}, {}
    for base, toned in _TONED_VOWELS.items():
        for tone, char in enumerate(toned, start=1):
            for b, c in ((base, char), (base.upper(), char.upper())):
                split[c] = (b, tone)
                join[(b, tone)] = c
    return split, join


_SPLIT_TONE, _JOIN_TONE = _tone_tables()

# "oa", "oe", "uy" with no final consonant: the old, still most common placement puts the tone
# on the first vowel ("hòa", "khỏe", "thủy"); the 1980s school rule puts it on the second
# ("hoà", "khoẻ", "thuỷ").  Reports mix both, so everything is moved to the first vowel.
# Only the vowel pair at the end of a word is searched for, and its onset found by walking back:
# a pattern tried at every word start was nine times slower on the archive.
_MOVABLE_PAIR = re.compile(r"[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?![^\W\d_])")
_LETTER = re.compile(r"[^\W\d_]")
_VALID_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _moved_tone(onset: str, first: str, second: str) -> str | None:
    """``first`` and ``second`` with the tone moved onto ``first``, or None to leave them."""
    base, tone = _SPLIT_TONE[second]
    if (first.lower(), base.lower()) not in _VALID_PAIRS:
        return None
    # In "quý" the u belongs to the consonant "qu", so the tone stays on the y.
    if first in "uU" and onset[-1:].lower() == "q":
        return None
    if any(ch in _SPLIT_TONE or ch.lower() in _TONED_VOWELS for ch in onset):
        return None
    return _JOIN_TONE[(first, tone)] + base


def normalize_tone_marks(text: str) -> str:
    """Put the tone of "oa", "oe", "uy" syllables on the first vowel ("hoà" -> "hòa").

    >>> normalize_tone_marks("hoà thuận, thuỷ sản, quý, hoàng, khoẻ")
    'hòa thuận, thủy sản, quý, hoàng, khỏe'
    """
    pieces: list[str] = []
    done = 0
    for match in _MOVABLE_PAIR.finditer(text):
        start = pair = match.start()
        while start > 0 and _LETTER.match(text, start - 1):
            start -= 1
        moved = _moved_tone(text[start:pair], text[pair], text[pair + 1])
        if moved is not None:
            pieces += (text[done:pair], moved)
            done = pair + 2
    return "".join((*pieces, text[done:])) if pieces else text


# Latin eth (Ð U+00D0, ð U+00F0) looks like Vietnamese đ and stands for it in old fonts and
# PDFs; Vietnamese has no eth, so "khỏi Ðảng" is "khỏi Đảng".
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# White space other than " " and "\n", and the zero-width space: only text with one of them
# needs the line-by-line fold; the rest (the whole archive) folds with str.replace, twice as fast.
_UNUSUAL_SPACE = re.compile(r"[^\S \n]|\u200b")


def fold_whitespace(text: str) -> str:
    """Fold every run of spaces and tabs (including no-break spaces) into one space and strip.

    >>> fold_whitespace("  Báo \\u00a0 cáo\\t số ")
    'Báo cáo số'
    """
    return _SPACES.sub(" ", text).strip()


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC with one tone-mark convention and folded white space.

    Line breaks are kept: they carry the layout that structure detection needs.  The Latin
    eth that old fonts put for "Đ" becomes "Đ".

    >>> normalize_text("khỏi \u00d0ảng  và \u00f0oàn") == "khỏi Đảng và đoàn"
    True
    """
    text = normalize_tone_marks(unicodedata.normalize("NFC", text))
    if "\u00d0" in text or "\u00f0" in text:
        text = text.translate(_ETH)
    if _UNUSUAL_SPACE.search(text):
        return "\n".join(fold_whitespace(line) for line in text.split("\n"))
    while "  " in text:
        text = text.replace("  ", " ")
    return text.replace(" \n", "\n").replace("\n ", "\n").strip(" ")


def _fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for chars in _TONED_VOWELS.values():
        for char in chars + chars.upper():
            table[ord(char)] = unicodedata.normalize("NFD", char)[0]
    for char in "ăâêôơưĂÂÊÔƠƯ":
        table[ord(char)] = unicodedata.normalize("NFD", char)[0]
    return table


_FOLD = _fold_table()


def fold_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, ``đ`` included (``text`` must already be NFC)."""
    return text.translate(_FOLD)


def search_key(text: str) -> str:
    """Return the form documents and queries are compared in: normalised and lower case."""
    return normalize_text(text).lower()


def folded_key(text: str) -> str:
    """Return :func:`search_key` without diacritics, for matching headings and cue phrases
    however they were typed.

    >>> folded_key("Nguyên  nhân") == folded_key("NGUYEN NHAN")
    True
    """
    return fold_diacritics(search_key(text))


# --- Shared patterns: the alphabet, sentence ends, list markers, heading numbers. -------------
# Each is defined here once; the reader and the classifier import them.

# The letters only Vietnamese uses, lower case: "đ", the six vowels with a hat or horn, and every
# toned vowel.  A text with none of them (in either case) is not Vietnamese.
MARKED_LETTERS = "đăâêôơư" + "".join(_TONED_VOWELS.values())
# The contents of a character class of every Vietnamese lower-case letter (for "[...]").
LOWER_LETTERS = "a-z" + MARKED_LETTERS
VIETNAMESE_LETTER = re.compile(f"[{MARKED_LETTERS}]", re.IGNORECASE)

# "This ends a sentence", in three deliberate strengths.  Closing quotes and brackets may follow.
# SENTENCE_END: a full stop, "!", "?", ";" or "…".  Not ":": a heading may close on one
# ("2. Hạn chế:"), so a colon does not make a paragraph a sentence (structure).
SENTENCE_END = re.compile(r"[.!?;…]['\"”’)]*$")
# CLAUSE_END: SENTENCE_END or ":" — a line that announces a list is finished, the next line opens
# something new (repair: lines are not joined after it; metadata: a title or signature line
# never ends so).  Markdown emphasis may close it ("**Kết quả:**").
CLAUSE_END = re.compile(r"[.!?;:…]['\"”’)\]*_]*$")
# PUNCTUATED_END: any punctuation a line of running text stops on, "," included; a short line
# without it may be an unnumbered heading (structure).
PUNCTUATED_END = re.compile(r"[.!?;:…,]['\"”’)]*$")

# List markers.
# ITEM_START: a line that opens a list entry or a numbered heading (bullets, "1.", "2.1)", "a)",
# "IV-", "Phần I"), so it starts a new paragraph even inside hard-wrapped prose (repair).
ITEM_START = re.compile(r"^(?:[-+•*–]\s|#{1,6}\s|\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*|"
                        r"[IVXLC]+[.\-–)]\s*|(?:PHẦN|Phần|CHƯƠNG|Chương|Điều)\s+\w+)")
# MARKER_TOKEN: a list marker as a lower-case token of its own ("a)", "2.1.", "iv.", "-", "+"),
# as it opens a segmented sentence (the classifier strips it before comparing openings).
MARKER_TOKEN = re.compile(r"^(?:[a-zđ]|\d+(?:\.\d+)*|[ivxlc]+)[.)/-]*$|^[\W_]+$")
# NUMBERED_WORD: a first word that numbers a list entry, "a)" or "2." (a feature of the model).
NUMBERED_WORD = re.compile(r"[a-zđ]\)|\d+\.")

# Heading numbers, one pattern per numbering system; group 1 is the number as written, group 2
# the rest of the line (structure parses headings with them, once).
PART_NUMBER = re.compile(r"^((?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục|Điều)\s+(?:[IVXLC]+|\d+|THỨ\s+\w+)"
                         r"\s*[.:\-–]?)(?:\s+|$)(.*)$")
ROMAN_NUMBER = re.compile(r"^([IVX][IVXivx]*\s*[.\-–):])\s*(.*)$")
ROMAN_NUMERAL = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
ARABIC_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\s*[.):\-–])(?=\s|$|[^\d\s.,/%-])"
                           r"\s*(.*)$")
LETTER_NUMBER = re.compile(r"^([a-zđ][).]|[A-Z]\.)(?=\s|$|[^\W\d_])\s*(.*)$")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
