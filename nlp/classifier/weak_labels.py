"""Weak labels from a report's own headings, corrected by cue rules where the heading misleads.

A sentence under "Kết quả đạt được" is probably an achievement, under "Hạn chế" a limitation,
under "Nguyên nhân" a cause, under "Nhiệm vụ, giải pháp" a task (other).  The rules live in
``corpus/headings.tsv``.  Headings mislead in a few regular ways, which the cue rules below fix:

* a results section often closes on its shortcomings: "Tuy nhiên, ... còn chậm" -> limitation;
* a "Hạn chế, nguyên nhân" section mixes both: "Nguyên nhân ...", "Do ..." -> cause;
* any section may hold framing: "Căn cứ ...", "Trên đây là ...", "... như sau:" -> other;
* a results or limitation section may close on tasks: "Cần ...", "Đề nghị ..." -> other.

Sentences outside any labelled heading get no weak label (they are left out of training),
except framing sentences, and everything after the closing "Trên đây là ..." is dropped (it is
the signature block and the list of recipients).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .cues import CueList, data_rows, load_cues, opens_with, sentence_syllables, strip_markers
from .labels import LABELS
from ..text import folded_key

if TYPE_CHECKING:
    from ..reader.report import Report, Sentence

__all__ = ["HeadingRules", "load_heading_rules", "weak_label", "weak_labels"]

_CONTRAST = (("tuy", "nhiên"), ("bên", "cạnh", "đó"), ("bên", "cạnh"), ("song",), ("nhưng",),
             ("mặt", "khác"))
_CAUSE_OPENING = (("nguyên", "nhân"), ("do",), ("bởi",), ("vì",), ("một", "là"), ("hai", "là"),
                  ("ba", "là"), ("về", "khách", "quan"), ("về", "chủ", "quan"))
_TASK_OPENING = (("cần",), ("phải",), ("đề", "nghị"), ("kiến", "nghị"), ("yêu", "cầu"),
                 ("phấn", "đấu"), ("trong", "thời", "gian", "tới"))
_FRAMING_OPENING = (("căn", "cứ"), ("trên", "đây"))
_CLOSING = ("trên", "đây")
_MIN_SYLLABLES = 5
_HEADING_NUMBER = re.compile(r"^\W*(?:(?:phan|muc|chuong)\s+)?(?:(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])"
                             r"[.)/:-]+\s*|\d+(?:\.\d+)*\s+)?")
_FILLER = re.compile(r"^(?:(?:nhung|mot so|cac|ve|danh gia|mat|chung|ket qua va)\s+)*")


@dataclass(frozen=True)
class HeadingRules:
    """Heading phrases (folded) and their labels, tried on each heading of a section path."""

    phrases: tuple[tuple[str, str], ...]

    def heading_label(self, heading: str) -> str | None:
        """Return the label of one heading, or ``None`` when it opens with no phrase.

        Only the opening counts (after the number and words like "những", "một số"): a topic
        heading such as "2. Thực hiện các mục tiêu phát triển" names a theme, not a kind.

        >>> rules = load_heading_rules()
        >>> rules.heading_label("2. Hạn chế, nguyên nhân"), rules.heading_label(
        ...     "III. NHỮNG TỒN TẠI")
        ('limitation', 'limitation')
        >>> rules.heading_label("2. Thực hiện các mục tiêu phát triển kinh tế") is None
        True
        """
        folded = _HEADING_NUMBER.sub("", folded_key(heading))
        folded = _FILLER.sub("", folded)
        best = None
        for phrase, label in self.phrases:
            if re.match(rf"{re.escape(phrase)}(?!\w)", folded) and (
                    best is None or len(phrase) > len(best[0])):
                best = (phrase, label)
        return best[1] if best else None

    def section_label(self, section: Sequence[str]) -> str | None:
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
def _load(path: str) -> HeadingRules:
    return parse_heading_rules(Path(path).read_text(encoding="utf-8").splitlines(), path)


def load_heading_rules(path: str | Path | None = None) -> HeadingRules:
    """Return the heading rules of ``path`` (default: the shipped ``corpus/headings.tsv``)."""
    if path is None:
        from corpus import corpus_file

        path = corpus_file("headings.tsv")
    return _load(str(path))


def weak_label(section_label: str | None, syllables: Sequence[str],
               cues: CueList | None = None) -> str | None:
    """Return the weak label of one sentence, given its section's label and its syllables.

    >>> weak_label("achievement", ("tuy", "nhiên", "tiến", "độ", "giải", "ngân", "còn", "chậm"))
    'limitation'
    >>> weak_label("limitation", ("nguyên", "nhân", "là", "do", "thiếu", "vốn", "đối", "ứng"))
    'cause'
    """
    body = tuple(strip_markers(syllables))
    if len(body) < _MIN_SYLLABLES:
        return None
    if opens_with(body, _FRAMING_OPENING) or body[-2:] == ("như", "sau"):
        return "other"
    if section_label in ("achievement", "limitation") and opens_with(body, _TASK_OPENING):
        return "other"
    counts = (cues or load_cues()).counts(body)
    limits = counts.get("limitation:any", 0)
    if section_label == "achievement":
        contrast = opens_with(body, _CONTRAST) and limits >= 1
        if contrast or (limits >= 3 and counts.get("achievement:any", 0) <= 1):
            return "limitation"
    if section_label == "limitation" and (opens_with(body, _CAUSE_OPENING)
                                          or ("nguyên", "nhân") in zip(body, body[1:])):
        return "cause"
    return section_label


def weak_labels(report: Report, rules: HeadingRules | None = None, cues: CueList | None = None,
                contexts: Sequence[str | None] | None = None) -> list[tuple[Sentence, str]]:
    """Return ``(sentence, label)`` for the sentences of ``report`` that get a weak label.

    A sentence's context is its lead's label or its heading's (:mod:`nlp.classifier.context`): causes
    listed after "Nguyên nhân của những hạn chế trên là:" are weak-labelled causes.  Pass
    ``contexts`` (one per sentence) when the caller has already computed them.
    """
    from .context import report_context_labels

    rules = rules or load_heading_rules()
    cues = cues or load_cues()
    if contexts is None:
        contexts = report_context_labels(report, rules)
    elif len(contexts) != len(report.sentences):
        raise ValueError(f"{len(contexts)} contexts for {len(report.sentences)} sentences")
    labelled = []
    for sentence, context in zip(report.sentences, contexts):
        syllables = sentence_syllables(sentence.words or sentence.text.split())
        label = weak_label(context, syllables, cues)
        if label:
            labelled.append((sentence, label))
        if tuple(strip_markers(syllables)[:2]) == _CLOSING:
            break
    return labelled
