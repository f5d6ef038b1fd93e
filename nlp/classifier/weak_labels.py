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

from collections.abc import Sequence

from ..reader.report import Report, Sentence
from .context import report_context_labels
from .cues import CueList, opens_with, sentence_syllables, strip_markers
from .lexicon import ANNOUNCEMENT, CLOSING, FRAMING_OPENINGS, HeadingRules, load_cues, \
    load_heading_rules

__all__ = ["weak_label", "weak_labels"]

_CONTRAST = (("tuy", "nhiên"), ("bên", "cạnh", "đó"), ("bên", "cạnh"), ("song",), ("nhưng",),
             ("mặt", "khác"))
_CAUSE_OPENING = (("nguyên", "nhân"), ("do",), ("bởi",), ("vì",), ("một", "là"), ("hai", "là"),
                  ("ba", "là"), ("về", "khách", "quan"), ("về", "chủ", "quan"))
_TASK_OPENING = (("cần",), ("phải",), ("đề", "nghị"), ("kiến", "nghị"), ("yêu", "cầu"),
                 ("phấn", "đấu"), ("trong", "thời", "gian", "tới"))
_MIN_SYLLABLES = 5


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
    if opens_with(body, FRAMING_OPENINGS) or body[-2:] == ANNOUNCEMENT:
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
        if tuple(strip_markers(syllables)[:2]) == CLOSING:
            break
    return labelled
