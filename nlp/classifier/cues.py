"""Cue words of evaluative Vietnamese, matched on a sentence's syllables; the cue baseline.

A cue is a short run of syllables ("chưa", "còn chậm", "nguyên nhân") that points to a label.
Cues are matched on lower-case syllables, so the same list serves the model (as counts, one
feature per label and position) and the plain cue-word baseline that every evaluation prints
beside the model's figures.  The list itself is read by :mod:`nlp.classifier.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .labels import LABELS
from ..text import MARKER_TOKEN

__all__ = ["POSITIONS", "Cue", "CueList", "Syllables", "sentence_syllables", "strip_markers",
           "opens_with", "CueBaseline"]

POSITIONS = ("any", "start", "aspect")

# A word or syllable has a letter or digit; the rest is punctuation, which carries no cue.
WORDLIKE = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Cue:
    """One cue: the label it points to, where it must occur, and its syllables."""

    label: str
    position: str
    syllables: tuple[str, ...]


class Syllables(tuple):
    """Lower-case syllables that remember where the words begin and end (``boundaries``).

    A cue must start and end on word boundaries, so "giao" (assign) does not match inside the
    word "giao thông" (traffic), nor "do" (because) inside "tự do" (freedom).
    """

    boundaries: frozenset


def sentence_syllables(words: Iterable[str]) -> Syllables:
    """Return the lower-case syllables of segmented words, punctuation dropped.

    >>> syllables = sentence_syllables(["Tuy nhiên", ",", "giao thông", "còn", "chậm", "."])
    >>> syllables, sorted(syllables.boundaries)
    (('tuy', 'nhiên', 'giao', 'thông', 'còn', 'chậm'), [0, 2, 4, 5, 6])
    """
    syllables: list[str] = []
    boundaries = {0}
    for word in words:
        syllables.extend(s for s in word.lower().split() if WORDLIKE.search(s))
        boundaries.add(len(syllables))
    result = Syllables(syllables)
    result.boundaries = frozenset(boundaries)
    return result


# "do" is causal ("chậm do thiếu vốn") or marks the agent ("nguồn lợi do rừng mang lại",
# "hội nghị do Bộ trưởng chủ trì"); the agentive reading has one of these verbs soon after.
_AGENTIVE_VERBS = {("mang", "lại"), ("gây", "ra"), ("tạo", "ra"), ("chủ", "trì"), ("cung", "cấp"),
                   ("ban", "hành"), ("phụ", "trách"), ("quản", "lý"), ("tổ", "chức"),
                   ("trình", "bày"), ("đề", "xuất"), ("làm", "trưởng"), ("đứng", "đầu")}
_AGENTIVE_SPAN = 8


def _agentive_do(syllables: Sequence[str], i: int) -> bool:
    """Whether the "do" at ``i`` introduces an agent rather than a cause.

    >>> _agentive_do(("lợi", "ích", "do", "rừng", "mang", "lại"), 2)
    True
    >>> _agentive_do(("chậm", "do", "thiếu", "vốn"), 1)
    False
    """
    after = syllables[i + 1:i + 1 + _AGENTIVE_SPAN]
    return any(tuple(after[j:j + 2]) in _AGENTIVE_VERBS for j in range(len(after) - 1))


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*$")
# "giảm còn 2,5%", "giảm 12 vụ xuống còn 30 vụ": this "còn" is "down to", the figure a
# decrease reached (usually its goal: fewer poor households, fewer accidents), not "still".
_DOWN = frozenset({"giảm", "xuống", "hạ"})
GOAL_DECREASE = Cue("achievement", "any", ("giảm", "còn"))
# "ước đạt 85% kế hoạch", "đạt 92,5% dự toán": a share under 100 % of a target is an unmet
# target (a limitation), though "đạt" (attain) is said.  Without a target word ("tỷ lệ bao phủ
# đạt 91%") it is a plain result.
_TARGETS = (("kế", "hoạch"), ("chỉ", "tiêu"), ("dự", "toán"), ("mục", "tiêu"), ("nghị", "quyết"))
UNDER_TARGET = Cue("limitation", "any", ("đạt", "dưới", "kế", "hoạch"))
UNDER_TARGET_ASPECT = Cue("limitation", "aspect", ("đạt", "dưới", "kế", "hoạch"))


def _down_to(syllables: Sequence[str], i: int) -> bool:
    """Whether the "còn" at ``i`` is "down to" a figure after a decrease.

    >>> _down_to(("tỷ", "lệ", "hộ", "nghèo", "giảm", "còn", "2,5"), 5)
    True
    >>> _down_to(("tỷ", "lệ", "hộ", "nghèo", "còn", "cao"), 4)
    False
    """
    before = syllables[max(0, i - 2):i]
    after = syllables[i + 1:i + 3]
    return (bool(before) and (before[-1] in _DOWN or (len(before) == 2 and before[0] in _DOWN
                                                     and _NUMBER.match(before[1]) is not None))
            and any(_NUMBER.match(s) for s in after))


def _under_target(syllables: Sequence[str], i: int) -> bool:
    """Whether the "đạt" at ``i`` is followed by a share under 100 of a target.

    >>> _under_target(("ước", "đạt", "85", "kế", "hoạch"), 1)
    True
    >>> _under_target(("đạt", "105", "kế", "hoạch"), 0), _under_target(("đạt", "91"), 0)
    (False, False)
    """
    if syllables[i] != "đạt":
        return False
    for j in range(i + 1, min(len(syllables), i + 3)):
        if _NUMBER.match(syllables[j]):
            try:
                share = float(syllables[j].replace(".", "").replace(",", "."))
            except ValueError:
                return False
            rest = syllables[j + 1:j + 6]
            return share < 100 and any(tuple(rest[k:k + 2]) in _TARGETS
                                       for k in range(len(rest) - 1))
    return False


def _at(syllables: Sequence[str], i: int, cue: Cue) -> bool:
    n = len(cue.syllables)
    if tuple(syllables[i:i + n]) != cue.syllables:
        return False
    if cue.syllables == ("do",) and _agentive_do(syllables, i):
        return False
    if cue.syllables[0] == "còn" and _down_to(syllables, i):
        return False
    if cue.label == "achievement" and _under_target(syllables, i):
        return False
    bounds = getattr(syllables, "boundaries", None)
    return bounds is None or (i in bounds and i + n in bounds)


def strip_markers(syllables: Sequence[str]) -> Sequence[str]:
    """Drop the list markers ("a)", "1.", "-") that open a line, so openings can be compared.

    >>> strip_markers(("b)", "tăng", "cường"))
    ('tăng', 'cường')
    """
    start = 0
    while start < len(syllables) and start < 3 and MARKER_TOKEN.match(syllables[start]):
        start += 1
    return syllables[start:]


def opens_with(syllables: Sequence[str], openings: Iterable[tuple[str, ...]]) -> bool:
    """Whether ``syllables`` start with one of ``openings`` (tuples of syllables).

    >>> opens_with(("căn", "cứ", "luật"), [("căn", "cứ"), ("trên", "đây")])
    True
    """
    return any(tuple(syllables[:len(o)]) == o for o in openings)


class CueList:
    """A list of cues (``corpus/cues.tsv``), indexed by first syllable for fast matching."""

    def __init__(self, cues: Iterable[Cue]) -> None:
        self.cues = tuple(cues)
        self._by_first: dict[str, list[Cue]] = {}
        for cue in self.cues:
            self._by_first.setdefault(cue.syllables[0], []).append(cue)

    def first_aspect(self, syllables: Sequence[str]) -> Cue | None:
        """Return the first aspect or modality marker of the sentence, or ``None``.

        The first of "đã", "cần", "sẽ", "chưa"... usually governs the main predicate: "Các
        đơn vị cần ... vốn đã giao" is a task although it contains "đã".

        >>> from nlp.classifier.lexicon import load_cues
        >>> syllables = ("các", "sở", "cần", "giải", "ngân", "vốn", "đã", "giao")
        >>> load_cues().first_aspect(syllables).label
        'other'
        """
        first = None
        for i, syllable in enumerate(syllables):
            # At one position the longest marker wins: "tiếp tục được (tái cơ cấu)" reports a
            # thing done where "tiếp tục" alone opens a task.
            for cue in self._by_first.get(syllable, ()):
                if cue.position == "aspect" and _at(syllables, i, cue) and (
                        first is None or len(cue.syllables) > len(first.syllables)):
                    first = cue
            if first is not None:
                break
        if (first is None or first.label != "other") and any(
                _under_target(syllables, i) for i, s in enumerate(syllables) if s == "đạt"):
            return UNDER_TARGET_ASPECT  # "đã đạt 85% kế hoạch" is still short of the plan
        return first

    def matches(self, syllables: Sequence[str]) -> list[Cue]:
        """Return every "any" and "start" cue found in ``syllables``, once per occurrence.

        >>> from nlp.classifier.lexicon import load_cues
        >>> sorted({(c.position, " ".join(c.syllables)) for c in
        ...         load_cues().matches(("nguyên", "nhân", "do", "thiếu", "vốn"))
        ...         if c.label == "cause"})
        [('any', 'do'), ('any', 'nguyên nhân'), ('any', 'thiếu vốn'), ('start', 'nguyên nhân')]
        """
        found = []
        offset = len(syllables) - len(strip_markers(syllables))
        for i, syllable in enumerate(syllables):
            for cue in self._by_first.get(syllable, ()):
                if cue.position == "aspect" or (cue.position == "start" and i != offset):
                    continue
                if _at(syllables, i, cue):
                    found.append(cue)
            if syllable == "còn" and _down_to(syllables, i):
                found.append(GOAL_DECREASE)
            elif syllable == "đạt" and _under_target(syllables, i):
                found.append(UNDER_TARGET)
        return found

    def counts(self, syllables: Sequence[str]) -> dict[str, int]:
        """Return the number of cues found per ``label:position`` (zero entries left out)."""
        result: dict[str, int] = {}
        for cue in self.matches(syllables):
            key = f"{cue.label}:{cue.position}"
            result[key] = result.get(key, 0) + 1
        return result


class CueBaseline:
    """The plain cue-word baseline: the label with most cues wins; no cue at all -> "other".

    Ties go to the label listed first in :data:`~nlp.classifier.labels.LABELS`.  It needs no training and
    exists so that every evaluation shows what the model adds to a word list.

    >>> from nlp.classifier.lexicon import load_cues
    >>> CueBaseline(load_cues()).predict_syllables([("tiến", "độ", "còn", "chậm")])
    ['limitation']
    """

    def __init__(self, cues: CueList) -> None:
        self.cues = cues

    def predict_syllables(self, sentences: Iterable[Sequence[str]]) -> list[str]:
        """Return one label per sentence, given each sentence's lower-case syllables."""
        labels = []
        for syllables in sentences:
            score = dict.fromkeys(LABELS, 0)
            for cue in self.cues.matches(syllables):
                score[cue.label] += 1
            best = max(LABELS, key=lambda label: score[label])
            labels.append(best if score[best] else "other")
        return labels
