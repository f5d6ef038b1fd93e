"""Places of Viet Nam's provinces, before and after the 2025 merger (63 provinces -> 34).

A report names its place as it was when written ("Kiên Giang, ngày 27 tháng 5 năm 2019"); since
1 July 2025 (Nghị quyết 202/2025/QH15) Kiên Giang is part of An Giang.  The table is
``corpus/provinces.tsv``: every former province, the current one it is part of, and other
spellings.  Places are compared by a key that ignores case, diacritics, spaces, punctuation and
the prefixes "tỉnh", "thành phố", "TP.", so "TP. Cần Thơ", "thành phố Cần Thơ" and "Can Tho"
are one place.

>>> current_province("tỉnh Kiên Giang")
'An Giang'
>>> former_province("Thừa Thiên - Huế"), current_province("Kien Giang")
('Thừa Thiên Huế', 'An Giang')
>>> place_from_issuer("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ")
'Cần Thơ'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus import corpus_file

from ..text import folded_key, normalize_text

__all__ = ["ProvinceTable", "province_table", "place_key", "strip_prefix", "former_province",
           "current_province", "province_key", "place_from_issuer"]

_PREFIX = re.compile(r"^\s*(?:tinh|thanh\s*pho|t\.?\s*p\b\.?)\s*", re.IGNORECASE)
_WRITTEN_PREFIX = re.compile(r"^\s*(?:tỉnh|thành\s+phố|t\.?\s*p\b\.?)\s*", re.IGNORECASE)
# A province's own bodies: "UBND TỈNH LONG AN", "TỈNH ỦY KIÊN GIANG", "THÀNH ỦY HÀ NỘI",
# "SỞ NỘI VỤ THÀNH PHỐ CẦN THƠ"; a district's ("UBND HUYỆN ...") names no province.
_ISSUER = re.compile(r"\b(?:TỈNH|THÀNH\s+PHỐ|TP\.?)\s*(?:ỦY\s+)?(?=\S)|\bTHÀNH\s+ỦY\s+",
                     re.IGNORECASE)


def place_key(place: str) -> str:
    """The key places are compared by: folded, lower case, no prefix, letters and digits only.

    >>> place_key("TP. Cần Thơ") == place_key("thành phố Cần Thơ") == place_key("Can Tho")
    True
    """
    key = folded_key(place)
    while (stripped := _PREFIX.sub("", key, count=1)) != key and stripped:
        key = stripped
    return re.sub(r"[\W_]+", "", key)


def strip_prefix(place: str) -> str:
    """``place`` as written, without "tỉnh", "thành phố" or "TP." in front.

    >>> strip_prefix("TP. Cần Thơ")
    'Cần Thơ'
    """
    text = normalize_text(place).strip()
    stripped = _WRITTEN_PREFIX.sub("", text, count=1)
    return stripped or text


@dataclass(frozen=True)
class ProvinceTable:
    """The 63 former provinces, in the table's order, and the current province of each."""

    current_of: dict[str, str]   # former name -> current name
    names: dict[str, str]        # place_key of any spelling -> former name

    @property
    def former(self) -> tuple[str, ...]:
        """The 63 provinces before 1 July 2025."""
        return tuple(self.current_of)

    @property
    def current(self) -> tuple[str, ...]:
        """The 34 provinces from 1 July 2025, in the order they first appear in the table."""
        return tuple(dict.fromkeys(self.current_of.values()))


@lru_cache(maxsize=1)
def province_table() -> ProvinceTable:
    """Read ``corpus/provinces.tsv`` (once)."""

    current_of: dict[str, str] = {}
    names: dict[str, str] = {}
    lines = corpus_file("provinces.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    for former, current, *rest in rows[1:]:  # rows[0] is the column header
        former, current = normalize_text(former), normalize_text(current)
        current_of[former] = current
        spellings = [former] + [s for s in (rest[0].split(";") if rest else []) if s.strip()]
        for spelling in spellings:
            names[place_key(spelling)] = former
    return ProvinceTable(current_of, names)


def former_province(place: str | None) -> str | None:
    """The province (as before 1 July 2025) that ``place`` names, or ``None`` if none."""
    if not place:
        return None
    return province_table().names.get(place_key(place))


def current_province(place: str | None) -> str | None:
    """The current province (from 1 July 2025) ``place`` is in, or ``None`` if unknown."""
    former = former_province(place)
    return province_table().current_of[former] if former else None


def province_key(province: str) -> str:
    """The form a current province is indexed under ("An Giang" -> "angiang")."""
    return place_key(province)


def place_from_issuer(issuer: str) -> str | None:
    """The province an issuing body belongs to ("UBND TỈNH LONG AN" -> "Long An"), or None."""
    text = normalize_text(issuer)
    for match in _ISSUER.finditer(text):
        words = text[match.end():].split()
        for end in range(min(len(words), 5), 0, -1):  # the longest run of words that is one
            former = former_province(" ".join(words[:end]))
            if former:
                return former
    return None
