"""Repair the layout defects of extracted text: lines broken in mid-sentence, page furniture.

Text copied out of a PDF breaks sentences at page ends and column ends ("kỷ" / blank line /
"cương"); web pages exported to text wrap every line at ~80 characters; PDFs repeat a running
header and a page number on every page.  The functions here turn such lines back into the
paragraphs the author wrote.  They work on lines already normalised by
:func:`nlp.text.normalize_text`.

>>> join_lines(["tăng cường kỷ luật, kỷ", "", "cương, nâng lên tinh thần trách nhiệm."])
['tăng cường kỷ luật, kỷ cương, nâng lên tinh thần trách nhiệm.']
"""

from __future__ import annotations

import re
from collections import Counter

from ..text import CLAUSE_END, ITEM_START, LOWER_LETTERS

__all__ = ["PAGE_BREAK", "drop_page_furniture", "join_lines", "is_wrapped", "strip_end_mark",
           "has_end_mark"]

# Page breaks travel through normalisation as a private-use character on a line of its own
# (a form feed would be stripped as white space).
PAGE_BREAK = "\ue000"

_STARTS_LOWER = re.compile(f"^[(\"“‘']?[{LOWER_LETTERS}]")
_PAGE_NUMBER = re.compile(r"^[-–—]?\s*(?:(?:Trang|trang|Page|page)\s+)?\d{1,4}"
                          r"(?:\s*(?:/|of|trên)\s*\d{1,4})?\s*[-–—]?$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
# Words a Vietnamese sentence or heading cannot end with: the line must go on.
_OPEN_END = re.compile(r"(?:^|\s)(?:và|của|với|các|những|cho|trong|để|là|về|theo|tại|từ|"
                       r"đến|hoặc|nhưng|mà|thì|bị|do|vào|trên|dưới|giữa|như|nhằm|cùng|số)$")
_END_MARK = re.compile(r"\s*\.?\s*/\s*\.\s*$")


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Drop page numbers and running headers/footers; page breaks become blank lines.

    Only lines next to a page break (:data:`PAGE_BREAK`, from a form feed) are judged:
    elsewhere a bare number or a repeated short line may be content.
    """
    if not any(PAGE_BREAK in line for line in lines):
        return lines
    # A running header repeats on every page (on both, for a two-page document).
    threshold = min(3, 1 + sum(PAGE_BREAK in line for line in lines))
    lines = [PAGE_BREAK, *lines, PAGE_BREAK]  # the first and last pages have furniture too
    near_break: set[int] = set()
    for i, line in enumerate(lines):
        if PAGE_BREAK in line:
            near_break.update(range(max(0, i - 3), min(len(lines), i + 4)))
    repeated = Counter(line for i, line in enumerate(lines) if i in near_break and line.strip())
    out = []
    for i, line in enumerate(lines):
        if PAGE_BREAK in line:
            out.append("")
        elif i in near_break and (_PAGE_NUMBER.match(line) or
                                  (repeated[line] >= threshold and len(line) < 120)):
            continue
        else:
            out.append(line)
    return out


def is_wrapped(lines: list[str]) -> bool:
    """Whether the text is hard-wrapped: most full-width lines inside a block end mid-sentence."""
    full = max(30, 0.6 * _line_width(lines))
    inner = wrapped = 0
    for line, following in zip(lines, lines[1:]):
        if line and following and len(line) >= full and not (
                ITEM_START.match(line) or ITEM_START.match(following)):
            inner += 1
            wrapped += not CLAUSE_END.search(line)
    return inner >= 3 and wrapped * 2 >= inner


def _number_after_word(previous: str, line: str) -> bool:
    """A wrapped line that starts with a number or numeral right after a word ("khóa / XV.")."""
    return bool(re.search(r"[^\W_]$", previous)) and not re.match(r"[-+•*–#]", line)


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence ``previous`` left open.

    It does when it starts in lower case, or when ``previous`` ends with a word no sentence or
    heading ends with ("của", "và", "số"...), and ``previous`` ends mid-sentence.
    """
    if CLAUSE_END.search(previous) or ITEM_START.match(line):
        return False
    return bool(_STARTS_LOWER.match(line)) or (
        bool(_OPEN_END.search(previous)) and not ITEM_START.match(previous))


def _hyphen_break(previous: str, line: str) -> bool:
    """Whether ``previous`` ends in a letter and a hyphen and ``line`` goes on in lower case."""
    return previous.endswith("-") and bool(_HYPHENATED.search(previous)) \
        and bool(_STARTS_LOWER.match(line))


def _join(previous: str, line: str) -> str:
    if _hyphen_break(previous, line):
        head = previous[:-1]
        word_end = re.search(r"[^\W\d_]+$", head)
        # An English word hyphenated at the line end loses its hyphen; a Vietnamese compound
        # ("kinh tế-xã hội") keeps it, since Vietnamese is never hyphenated inside a syllable.
        if word_end and word_end.group(0).isascii() and line.split(" ", 1)[0].isascii():
            return head + line
        return previous + line
    return f"{previous} {line}"


def join_lines(lines: list[str], wrapped: bool | None = None) -> list[str]:
    """Join lines into paragraphs: wrapped lines, and sentences broken across blank lines.

    ``wrapped`` says whether lines inside a block are hard-wrapped prose (default: guessed by
    :func:`is_wrapped`); if not, each line is a paragraph unless it plainly continues the one
    before (it starts in lower case and the one before ends mid-sentence).
    """
    if wrapped is None:
        wrapped = is_wrapped(lines)
    width = _line_width(lines) if wrapped else 0
    paragraphs: list[str] = []
    blank_before = True
    previous_line = ""
    for line in lines:
        if not line:
            blank_before = True
            continue
        if paragraphs:
            previous = paragraphs[-1]
            if (wrapped and not blank_before and _wraps(previous_line, line, width)
                    and not _numbered_heading_ends(previous, line)) or \
                    _continues(previous, line) or _hyphen_break(previous, line) or \
                    _HEADING_WORD_ALONE.match(previous):
                paragraphs[-1] = _join(previous, line)
                blank_before, previous_line = False, line
                continue
        paragraphs.append(line)
        blank_before, previous_line = False, line
    return paragraphs


# "Điều", "Chương", "Mục" or "Phần" alone on a line: a heading whose number a web page or PDF
# wrapped to the next line ("**Điều" / "2. Những nguyên tắc ...**"), never a paragraph of its own.
_HEADING_WORD_ALONE = re.compile(r"^[*_]*(?:Điều|Chương|Mục|Phần|ĐIỀU|CHƯƠNG|MỤC|PHẦN)[*_\s]*$")


def _numbered_heading_ends(paragraph: str, line: str) -> bool:
    """Whether ``paragraph`` is a numbered heading ending in ":" ("1. Về việc ... 04 làn xe:")
    and ``line`` begins the text under it; a PDF gives no blank line between the two."""
    return paragraph.rstrip("*_ ").endswith(":") and bool(ITEM_START.match(paragraph)) \
        and not _STARTS_LOWER.match(line) and not ITEM_START.match(line)


def _line_width(lines: list[str]) -> int:
    """The length of a full line of the text (its 90th percentile)."""
    lengths = sorted(len(line) for line in lines if line)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _wraps(previous_line: str, line: str, width: int) -> bool:
    """Whether ``line`` continues ``previous_line`` inside a block of hard-wrapped prose."""
    if ITEM_START.match(line):
        # A number wrapped to the next line ("khóa / XV.") follows a full line; after a short
        # one ("5. Sở Xây dựng", "Sở Tài chính") it starts the first task under that heading.
        return len(previous_line) >= 0.5 * width and _number_after_word(previous_line, line)
    if _STARTS_LOWER.match(line):
        return True
    if _OPEN_END.search(previous_line) or (previous_line.isupper() and line.isupper()):
        return True
    if CLAUSE_END.search(previous_line) and len(line) < 0.5 * width and not CLAUSE_END.search(line):
        return False  # a short line of its own after a finished sentence: a heading
    # An upper-case start after a short line or after a line in capitals (a heading) is a new
    # paragraph: PDF text has no blank lines between paragraphs.
    return not (previous_line.isupper() or len(previous_line) < 0.5 * width)


def strip_end_mark(paragraph: str) -> str:
    """Replace the end-of-document mark "./." by a plain full stop.

    >>> strip_end_mark("... giữa Ban cán sự đảng UBND tỉnh và Ban Dân vận Tỉnh ủy./.")
    '... giữa Ban cán sự đảng UBND tỉnh và Ban Dân vận Tỉnh ủy.'
    """
    return _END_MARK.sub(".", paragraph) if "/" in paragraph[-6:] else paragraph


def has_end_mark(line: str) -> bool:
    """Whether ``line`` ends with the end-of-document mark ("./." or "/.")."""
    return "/" in line[-8:] and bool(_END_MARK.search(line.rstrip("*_ ")))
