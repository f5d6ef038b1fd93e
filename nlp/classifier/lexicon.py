"""The classifier's word lists: one reader for every ``corpus/`` TSV, the cue lists, the heading
vocabulary, and the few fixed phrases the rules compare sentence openings and endings with.

Every TSV of ``corpus/`` (and every gold file) has the same shape: UTF-8, one row per line,
TAB between fields, blank lines and ``#`` comments skipped, and an optional header row — the
first row that is not a comment — recognised by its first field (``label`` for the labelled
lists).  :func:`data_rows` is the one reader; the parsers below only check their fields.

This module imports nothing heavy (no scikit-learn, no underthesea), so :mod:`nlp.classifier.context`
and the model can read the lists without a cycle: lexicon -> cues, labels, reader.structure.

>>> rules = load_heading_rules()
>>> rules.heading_label("Điều 2. Hạn chế"), rules.heading_label("Mục 1. Kết quả đạt được")
('limitation', 'achievement')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus import corpus_file, data_rows

from ..reader.report import Section
from ..reader.structure import parse_heading
from ..text import folded_key, normalize_text
from .cues import POSITIONS, Cue, CueList
from .labels import LABELS

__all__ = ["HEADER", "data_rows", "read_rows", "parse_cues", "load_cues", "HeadingRules",
           "parse_heading_rules", "load_heading_rules", "section_path", "FRAMING_OPENINGS",
           "CLOSING", "ANNOUNCEMENT", "ANNOUNCEMENT_FOLDED", "FOLLOWING_FOLDED"]

HEADER = "label"

# Fixed phrases, as lower-case syllables (the rules compare segmented sentences) and, where the
# lead detector needs them, folded (it compares text without diacritics).
# A legal basis ("Căn cứ ...") or the closing ("Trên đây là báo cáo ...") frames a report.
FRAMING_OPENINGS: tuple[tuple[str, ...], ...] = (("căn", "cứ"), ("trên", "đây"))
CLOSING: tuple[str, ...] = ("trên", "đây")
# "... như sau:" announces what follows; so does "sau đây".
ANNOUNCEMENT: tuple[str, ...] = ("như", "sau")
ANNOUNCEMENT_FOLDED = folded_key(" ".join(ANNOUNCEMENT))
FOLLOWING_FOLDED = folded_key("sau đây")


def read_rows(path: str | Path, header: str | None = HEADER, encoding: str = "utf-8"
              ) -> Iterator[tuple[int, str, list[str]]]:
    """:func:`data_rows` of the file at ``path`` (``OSError``/``UnicodeDecodeError`` propagate)."""
    return data_rows(Path(path).read_text(encoding=encoding).splitlines(), header)


def parse_cues(lines: Iterable[str], source: str = "cues.tsv") -> CueList:
    """Parse the lines of a cue file (comments start with ``#``; a header row is skipped)."""
    cues = []
    for number, line, parts in data_rows(lines):
        if len(parts) != 3 or parts[0] not in LABELS or parts[1] not in POSITIONS:
            raise ValueError(f"{source}:{number}: expected label<TAB>any|start|aspect<TAB>cue, "
                             f"got {line!r}")
        syllables = tuple(normalize_text(parts[2]).lower().split())
        if not syllables:
            raise ValueError(f"{source}:{number}: empty cue")
        cues.append(Cue(parts[0], parts[1], syllables))
    return CueList(cues)


@lru_cache(maxsize=4)
def _load_cues(path: str) -> CueList:
    return parse_cues(Path(path).read_text(encoding="utf-8").splitlines(), source=path)


def load_cues(path: str | Path | None = None) -> CueList:
    """Return the cue list of ``path`` (default: the shipped ``corpus/cues.tsv``), cached."""
    return _load_cues(str(corpus_file("cues.tsv") if path is None else path))


# Words a heading may put before the phrase that names its kind ("Những hạn chế", "Một số tồn
# tại", "Đánh giá chung kết quả"), and what is left of a number the reader does not take for
# one ("1/ Hạn chế", "- Hạn chế", "2 Hạn chế"), folded.
_FILLER = re.compile(r"^\W*(?:(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])[.)/:-]+\s*|\d+(?:\.\d+)*\s+)?"
                     r"(?:(?:nhung|mot so|cac|ve|danh gia|mat|chung|ket qua va)\s+)*")


def _title(heading: str | Section) -> str:
    """The title of a heading: a :class:`Section`'s own, else the string's without its number
    (parsed by :func:`nlp.reader.structure.parse_heading`, the one heading parser)."""
    if isinstance(heading, Section):
        return heading.title
    stripped = heading.lstrip("#*_-–+•( \t")
    parsed = parse_heading(stripped)
    return parsed.rest if parsed is not None else heading


@dataclass(frozen=True)
class HeadingRules:
    """Heading phrases (folded) and their labels, tried on each heading of a section path."""

    phrases: tuple[tuple[str, str], ...]

    def heading_label(self, heading: str | Section) -> str | None:
        """Return the label of one heading, or ``None`` when it opens with no phrase.

        Only the opening of its title counts (after words like "những", "một số"): a topic
        heading such as "2. Thực hiện các mục tiêu phát triển" names a theme, not a kind.

        >>> rules = load_heading_rules()
        >>> rules.heading_label("2. Hạn chế, nguyên nhân"), rules.heading_label(
        ...     "III. NHỮNG TỒN TẠI")
        ('limitation', 'limitation')
        >>> rules.heading_label("2. Thực hiện các mục tiêu phát triển kinh tế") is None
        True
        """
        folded = _FILLER.sub("", folded_key(_title(heading)))
        best = None
        for phrase, label in self.phrases:
            if re.match(rf"{re.escape(phrase)}(?!\w)", folded) and (
                    best is None or len(phrase) > len(best[0])):
                best = (phrase, label)
        return best[1] if best else None

    def section_label(self, section: Sequence[str | Section]) -> str | None:
        """Return the label of the deepest heading of ``section`` that has one, else ``None``.

        >>> load_heading_rules().section_label(("II- KẾT QUẢ THỰC HIỆN", "1. Về cải cách"))
        'achievement'
        """
        for heading in reversed(section):
            label = self.heading_label(heading)
            if label:
                return label
        return None


def parse_heading_rules(lines: Iterable[str], source: str = "headings.tsv") -> HeadingRules:
    """Parse ``label<TAB>phrase`` lines (comments start with ``#``; the header row is skipped)."""
    phrases = []
    for number, line, parts in data_rows(lines):
        if len(parts) != 2 or parts[0] not in LABELS or not parts[1].strip():
            raise ValueError(f"{source}:{number}: expected label<TAB>phrase, got {line!r}")
        phrases.append((folded_key(parts[1]), parts[0]))
    return HeadingRules(tuple(phrases))


@lru_cache(maxsize=4)
def _load_rules(path: str) -> HeadingRules:
    return parse_heading_rules(Path(path).read_text(encoding="utf-8").splitlines(), path)


def load_heading_rules(path: str | Path | None = None) -> HeadingRules:
    """Return the heading rules of ``path`` (default: the shipped ``corpus/headings.tsv``)."""
    return _load_rules(str(corpus_file("headings.tsv") if path is None else path))


def section_path(text: str) -> tuple[str, ...]:
    """Return the heading path of a section written as one string, headings joined by " > ".

    >>> section_path("II. Hạn chế >  2. Nguyên nhân > ")
    ('II. Hạn chế', '2. Nguyên nhân')
    """
    return tuple(h.strip() for h in text.split(" > ") if h.strip())
