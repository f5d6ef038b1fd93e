"""Find a document's header and footer, and read its metadata from them.

A Vietnamese administrative document opens with a header (issuing bodies, "Số ..." number,
national or party motto, "Place, ngày ... tháng ... năm ..." date, the document type in
capitals and the title) and closes with a footer (the end mark "./.", signature blocks and the
"Nơi nhận" recipient list).  :func:`split_document` cuts the lines into header, body and
footer, and reads the :class:`~nlp.reader.report.Metadata`.  Whatever a document does not say stays
``None`` (or empty): an article or a pasted paragraph reads with no metadata at all.

>>> normalize_number("401 -BC/BDV-BCSDUBND")
'401-BC/BDV-BCSDUBND'
>>> parse_date("Kiên Giang, ngày 27 tháng 5 năm 2019")
('Kiên Giang', '2019-05-27')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import CLAUSE_END
from .places import place_from_issuer
from .repair import has_end_mark
from .report import Metadata, Signer
from .structure import parse_heading

__all__ = ["DOC_TYPES", "Layout", "split_document", "normalize_number", "parse_date"]

DOC_TYPES = ("BÁO CÁO", "KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "NGHỊ QUYẾT", "QUYẾT ĐỊNH",
             "CÔNG VĂN", "TỜ TRÌNH", "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "KẾT LUẬN", "ĐỀ ÁN",
             "QUY CHẾ", "QUY ĐỊNH", "THÔNG TƯ", "NGHỊ ĐỊNH", "LUẬT", "PHÁP LỆNH", "BIÊN BẢN",
             "CÔNG ĐIỆN", "THÔNG TRI", "PHƯƠNG ÁN", "ĐIỀU LỆ", "GIẤY MỜI")
_TYPE_ALTERNATION = "|".join(sorted(DOC_TYPES, key=len, reverse=True))
_TYPE_LINE = re.compile(rf"^({_TYPE_ALTERNATION})(?:\s*[:.\-–]?\s+(.+))?$")
_TYPE_FIRST_LINE = re.compile(rf"^({_TYPE_ALTERNATION})\s+(.+)$", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*:?\s*([\d/][^\s,;]*(?:\s+[-/][^\s,;]+)?)")
_SYMBOL = re.compile(r"[-/]\s*[A-ZĐ]")  # "401-BC/...", "09/CT-UBND": a number has a symbol
_DATE = re.compile(r"(?:^|[\s(*_])([^\W\d_][^\d,;:()]{0,40}?)\s*,\s*ngày\s+(\d{1,2})\s*"
                   r"(?:tháng\s+(\d{1,2})\s+năm\s+|[/.-]\s*(\d{1,2})\s*[/.-]\s*)(\d{4})")
_MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI|CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM|"
                    r"Độc lập\s*[-–]\s*Tự do|ĐỘC LẬP\s*[-–]\s*TỰ DO")
_DECORATION = re.compile(r"^[\W_]*$")
_MARKUP = re.compile(r"^[*_#\s]+|[*_\s]+$")
_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(.*)$", re.IGNORECASE)
_ITEM = re.compile(r"^[-+•–]\s*")
_ROLE_WORDS = re.compile(r"\b(?:T/M|TM\.|KT\.|TL\.|TUQ\.|Q\.|CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|"
                         r"GIÁM ĐỐC|BÍ THƯ|TRƯỞNG BAN|PHÓ|CHÁNH|THỦ TƯỚNG|CHỦ NHIỆM|"
                         r"TRƯỞNG|TỔNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|BAN|ỦY BAN|UBND)\b")
_ANNEX_NOTE = re.compile(r"^\(?\s*(?:Ban\s+hành\s+)?kèm\s+theo\s+\S", re.IGNORECASE)
_ANNEX_TYPE = re.compile(rf"^(?:{_TYPE_ALTERNATION}|PHỤ LỤC)\b")
_SIGNED = re.compile(r"^[(\[]?\s*(?:đã ký|Đã ký|ĐÃ KÝ|ký|Ký)[^)\]]*[)\]]?$")
_HEADER_SPAN = 40


@dataclass(frozen=True)
class Annex:
    """An annex: its title, and its body, ``lines[start:end]``, after the "(Kèm theo ...)" note.

    The "QUY ĐỊNH ... (Ban hành kèm theo Quyết định số ...)" that a decision issues comes after
    the decision's signature and recipients, so it would otherwise be read as footer and lost.
    """

    title: str
    at: int  # the title's first line
    start: int
    end: int


@dataclass(frozen=True)
class Layout:
    """Where the body is: ``lines[body_start:body_end]``, then the annexes; what the rest said."""

    body_start: int
    body_end: int
    metadata: Metadata
    annexes: tuple[Annex, ...] = ()


def normalize_number(number: str) -> str:
    """Remove the spaces a typist put inside a number/symbol ("401 -BC/..." -> "401-BC/...")."""
    return re.sub(r"\s+", "", number).rstrip(".,;")


def parse_date(text: str) -> tuple[str, str] | None:
    """Return (place, ISO date) from "Place, ngày D tháng M năm YYYY" (or D/M/YYYY), or None."""
    match = _DATE.search(text)
    if not match:
        return None
    place, day, month, month2, year = match.groups()
    day, month = int(day), int(month or month2)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return place.strip(" *_"), f"{int(year):04d}-{month:02d}-{day:02d}"


def _clean(line: str) -> str:
    return _MARKUP.sub("", line)


def _is_upper(line: str) -> bool:
    if len(line) > 200:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _is_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and len(line) <= 45 and not re.search(r"[\d.:;,()]", line) \
        and all(word[0].isupper() for word in words) and not _is_upper(line)


def _block(lines: list[str], start: int) -> tuple[str, int]:
    """The non-blank lines from ``start`` (after skipping blanks) joined; and the index after."""
    i = start
    while i < len(lines) and not lines[i]:
        i += 1
    parts = []
    while i < len(lines) and lines[i]:
        parts.append(_clean(lines[i]))
        i += 1
    return " ".join(p for p in parts if p), i


def _title(lines: list[str], start: int) -> tuple[str | None, int]:
    """The title lines after the document type (centred short lines, before any heading)."""
    i = start
    while i < len(lines) and not lines[i]:
        i += 1
    block, end = _block(lines, i)
    if _is_title(block) and end - i <= 4 and \
            not any(parse_heading(_clean(line)) for line in lines[i:end]):
        return block, end
    width = sorted(len(line) for line in lines if line)[-max(1, len(lines) // 10)]
    parts: list[str] = []
    while i < len(lines) and lines[i]:
        line = _clean(lines[i])
        if parse_heading(line) is not None or (parts and CLAUSE_END.search(parts[-1])):
            break
        if len(line) >= 0.85 * width and (parts or (i + 1 < len(lines) and lines[i + 1])):
            break
        parts.append(line)
        i += 1
    title = " ".join(part for part in parts if part)
    return (title, i) if _is_title(title) else (None, start)


def _is_title(text: str) -> bool:
    return bool(text) and len(text.split()) <= 60 and not re.search(r"[.;]$", text) \
        and parse_heading(text) is None


def _issuers(lines: list[str]) -> tuple[str, ...]:
    """Upper-case lines of the header block, without the motto and decorations."""
    found: list[str] = []
    for raw in lines:
        line = _clean(raw)
        line = _MOTTO.split(line)[0].strip() if _MOTTO.search(line) else line
        line = line.strip(" -–*_")
        if not line or _DECORATION.match(line) or not _is_upper(line) or _DATE.search(line):
            continue
        # One body wrapped over several lines of a table cell: "BỘ KHOA HỌC VÀ" / "CÔNG NGHỆ",
        # "HỘI ĐỒNG NHÂN" / "DÂN", "ỦY BAN NHÂN DÂN" / "TỈNH KIÊN GIANG".
        if found and (found[-1].endswith(" VÀ") or " " not in line or (
                re.fullmatch(r"(?:ỦY BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|UBND|HĐND)", found[-1])
                and re.match(r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|TP\.?)\b", line))):
            found[-1] = f"{found[-1]} {line}"
            continue
        found.append(line)
    return tuple(found)


def _scan_header(lines: list[str], fields: dict) -> tuple[int | None, int | None, int]:
    """Find the "Số" line and the document-type line; return their indexes and the scan end."""
    limit = min(len(lines), _HEADER_SPAN)
    number_at = None
    for i in range(limit):
        line = _clean(lines[i])
        if len(line) > 250:  # a body paragraph: the header, if any, is over
            return number_at, None, i
        if number_at is None and re.fullmatch(r"Số\s*:?", line) and i + 1 < limit:
            line, i = f"{line} {_clean(lines[i + 1])}", i + 1  # "Số:" / "37/2025/NQ-HĐND"
        if number_at is None and (match := _NUMBER.match(line)) and _SYMBOL.search(match.group(1)):
            number_at, fields["number"] = i, normalize_number(match.group(1))
        if match := _TYPE_LINE.match(line):
            fields["doc_type"] = match.group(1)
            if match.group(2):
                fields["title"] = match.group(2).strip()
            return number_at, i, limit
    return number_at, None, limit


def _header(lines: list[str]) -> tuple[int, dict]:
    """Read the header; return the index where the body starts and the fields found."""
    fields: dict = {}
    number_at, type_at, limit = _scan_header(lines, fields)
    if type_at is not None:
        body_start = type_at + 1
        if "title" not in fields:
            title, end = _title(lines, type_at + 1)
            if title:
                fields["title"], body_start = title, end
        header_end = type_at
    elif number_at is not None:
        header_end = body_start = number_at + 1
        while body_start < limit and (not lines[body_start] or _DATE.search(lines[body_start])
                                      or _MOTTO.search(lines[body_start])):
            body_start += 1
    else:
        start = _untyped(lines)
        if start:
            fields["title"] = headline = _clean(lines[start - 1])
            if match := _TYPE_FIRST_LINE.match(headline):
                fields["doc_type"] = match.group(1).upper()
        return start, fields
    for text in _blocks(lines[:header_end]):
        if "date" not in fields and (found := parse_date(text)):
            fields["place"], fields["date"] = found
    fields["issuers"] = _issuers(lines[:number_at if number_at is not None else type_at])
    if "place" not in fields:  # no "Place, ngày ..." line: the issuing body names the province
        fields["place"] = next(filter(None, map(place_from_issuer, fields["issuers"])), None)
    return body_start, fields


def _blocks(lines: list[str]) -> list[str]:
    blocks, i = [], 0
    while i < len(lines):
        text, i = _block(lines, i)
        if text:
            blocks.append(text)
    return blocks


def _untyped(lines: list[str]) -> int:
    """Where the body starts in a document without a header: after a headline, if any."""
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return 0
    rest = any(lines[first + 1:])
    line = _clean(lines[first])
    if lines[first].startswith("# ") and rest and line:  # a markdown page's own title
        return first + 1
    if rest and len(line.split()) <= 40 and parse_heading(line) is None and (
            (_is_title(line) and not CLAUSE_END.search(line)) or _TYPE_FIRST_LINE.match(line)):
        return first + 1
    return first


def _footer_start(lines: list[str], start: int) -> int:
    """Index of the first footer line (signatures, recipients), or ``len(lines)``."""
    for i in range(len(lines) - 1, start - 1, -1):
        if lines[i] and has_end_mark(lines[i]):
            return i + 1
    recipients = next((i for i in range(start, len(lines))
                       if "nhận" in lines[i][:20] and _RECIPIENTS.match(_clean(lines[i]))), None)
    end = recipients if recipients is not None else len(lines)
    i = end
    while i > start and (not lines[i - 1] or _signature_line(_clean(lines[i - 1]))):
        i -= 1
    signature = [_clean(line) for line in lines[i:end] if line]
    if any(_is_name(line) for line in signature) and \
            any(_is_upper(line) and _ROLE_WORDS.search(line) for line in signature):
        return i
    return end


def _signature_line(line: str) -> bool:
    return (_is_upper(line) and len(line.split()) <= 12 and not CLAUSE_END.search(line)) \
        or _is_name(line) or bool(_SIGNED.match(line))


def _footer(lines: list[str]) -> tuple[tuple[Signer, ...], tuple[str, ...]]:
    signers: list[Signer] = []
    recipients: list[str] = []
    roles: list[str] = []
    in_list = False
    blank = False
    for raw in lines:
        line = _clean(raw)
        if not line:
            blank = True
            continue
        if match := _RECIPIENTS.match(line):
            in_list, blank = True, False
            if match.group(1):
                recipients.append(_ITEM.sub("", match.group(1)))
            continue
        if in_list:
            if _ITEM.match(line):
                recipients.append(_ITEM.sub("", line))
                blank = False
                continue
            if recipients and not blank and (not _is_upper(line) or re.search(r"[:;]", line)):
                recipients[-1] = f"{recipients[-1]} {line}"
                continue
            in_list = False
        blank = False
        if _SIGNED.match(line):
            continue
        if _is_upper(line):
            if roles and roles[-1].endswith(","):
                roles[-1] = f"{roles[-1]} {line}"
            else:
                roles.append(line)
        elif _is_name(line) and roles:
            signers.append(Signer(" / ".join(roles), line))
            roles = []
    recipients = [item.rstrip(",;. ") for item in recipients]
    return tuple(signers), tuple(item for item in recipients if item)


def split_document(lines: list[str]) -> Layout:
    """Cut normalised lines into header, body and footer; read the metadata of both ends."""
    body_start, fields = _header(lines)
    annexes = _annexes(lines, body_start)
    limit = annexes[0].at if annexes else len(lines)
    body_end = max(body_start, _footer_start(lines[:limit], body_start))
    signers, recipients = _footer(lines[body_end:limit])
    metadata = Metadata(
        doc_type=fields.get("doc_type"), number=fields.get("number"),
        place=fields.get("place"), date=fields.get("date"), title=fields.get("title"),
        issuers=fields.get("issuers", ()), signers=signers, recipients=recipients)
    return Layout(body_start, body_end, metadata, annexes)


def _annexes(lines: list[str], start: int) -> tuple[Annex, ...]:
    """The annexes from line ``start`` on: each opens with its title in capitals over a
    "(Kèm theo ...)" note and runs to its own footer, or to the next annex."""
    annexes: list[Annex] = []
    found = _annex_title(lines, start)
    while found is not None:
        title, at, note = found
        body_start = note + 1
        while body_start < len(lines) and body_start - note < 4 \
                and ")" not in _clean(lines[body_start - 1]):  # a note wrapped over lines
            body_start += 1
        found = _annex_title(lines, body_start)
        limit = found[1] if found is not None else len(lines)
        annexes.append(Annex(title, at, body_start,
                             max(body_start, _footer_start(lines[:limit], body_start))))
    return tuple(annexes)


def _annex_title(lines: list[str], start: int) -> tuple[str, int, int] | None:
    """``(title, its first line, the note's line)`` of the next annex from ``start``, or None."""
    for i in range(start, len(lines)):
        if not _ANNEX_NOTE.match(_clean(lines[i])):
            continue
        first = i
        while first > start and (not lines[first - 1].strip()
                                 or _is_upper(_clean(lines[first - 1]))):
            first -= 1
        title = " ".join(_clean(line).strip() for line in lines[first:i] if line.strip())
        if _ANNEX_TYPE.match(title):
            return title, first, i
    return None
