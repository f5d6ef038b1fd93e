"""A theme of plain words turned into scored units: pairs, synonym groups, syllables, words.

A theme (``chuyển đổi số trong cơ quan nhà nước``) does not demand every word; a sentence is
ranked by the units of the theme it holds, each unit adding its BM25 score (see ``index.plan``):

* each pair of adjacent syllables ("chuyển đổi", "đổi số", ...), the unit of two-syllable
  words, weight 1;
* each synonym group the theme contains ("UBND" = "Ủy ban nhân dân"), scored as **one** unit
  from the document frequency of all its forms together, whichever form a sentence writes,
  weighing ``Weights.group`` times the pairs of its longest form (3 for "Ủy ban nhân dân"), and
  the pairs at its boundaries in every form ("UBND huyện" holds "ubnd huyện" and "dân huyện");
* each content syllable on its own, a back-off at a fraction ``Weights.single`` of a pair
  (weight 1 for a one-syllable theme), if at most ``Weights.share`` of the sentences hold it
  (a cap for speed: a long posting list, never below ``CAP_FLOOR`` sentences), the syllables
  of a synonym group's form as the query writes it included (if at most ``CAP_FLOOR``
  sentences hold them, and only in sentences that write the group in no form): a theme that
  is a whole group ("phòng cháy chữa cháy") still finds the sentences that hold a part of it
  ("chữa cháy");
* each of the query's syllable n-grams (2 to 4) that the segmenter made a word of somewhere in
  the index (the ``words`` field), at ``Weights.words``: no segmenter is loaded at query time;
* the pairs, groups and a one-syllable theme in the sentence's nearest section heading and in
  its report's title, at ``Weights.heading`` and ``Weights.title``.

A sentence's summed score is length-normalised as BM25 does, to the degree ``Weights.b``.
Every weight and cap is the choice of ``scripts/tune_search.py`` over the judged tuning queries,
reported with its leave-one-query-out figure.

>>> units = theme_units(("ubnd", "huyen"), ("ubnd", "huyện"), _TABLE, lambda f, t: 1, 100,
...                     Weights())
>>> [u.exact for u in units.exact]
[('ubnd',), ('ubnd', 'huyện'), ('huyện',)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from nlp.text import fold_diacritics

from . import plan
from .analysis import lower_tokens
from .synonyms import Form, Synonyms

__all__ = ["Weights", "ExactUnit", "ThemeUnits", "theme_units", "exact_share", "sequence",
           "FUNCTION_SYLLABLES", "CAP_FLOOR"]

# Grammatical syllables that are never the content of a theme on their own (folded), chosen
# from Vietnamese grammar before any judged query was looked at.  Ambiguous folded forms
# ("co" = có / cơ, "do" = do / đỏ) are left out: the frequency cap takes care of them.
FUNCTION_SYLLABLES = frozenset(
    "cua va cac nhung trong cho voi ve la duoc theo tai de thi ma nay tu den khi mot".split())


CAP_FLOOR = 5000  # sentences; see theme_units


@dataclass(frozen=True)
class Weights:
    """The weights and caps of theme scoring; the defaults are the leave-one-out choice."""

    single: float = 0.5       # a content syllable alone, times a pair's weight
    share: float = 0.05       # singles and context terms only if in at most this share
    group: float = 0.34       # a synonym group, times the pairs of its longest form
    heading: float = 0.25     # the nearest section heading, times the sentence's own text
    title: float = 0.5        # the report's title, times the sentence's own text
    words: float = 0.5        # a segmenter's word among the query's n-grams
    b: float = 0.2            # BM25's length normalisation of a sentence's score (0 to 1)
    exact_bonus: float = 0.5  # x (1 + bonus x share of units in the query's own diacritics)

    def exact_boosted(self, score: float, share: float) -> float:
        """``score`` raised for the ``share`` of the query's units a sentence holds in the
        query's own diacritics (:func:`exact_share`), settled: the final score on every backend."""
        return plan.settled(score * (1 + self.exact_bonus * share))


@dataclass(frozen=True)
class ExactUnit:
    """A unit in the query's own wording; ``alternatives`` (folded) count as held too."""

    exact: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass
class ThemeUnits:
    """The plan of a theme, what to highlight, and its units for the exact-diacritics bonus."""

    plan: plan.Plan
    forms: list[tuple[str, ...]] = field(default_factory=list)  # synonym forms to highlight
    singles: list[str] = field(default_factory=list)
    exact: list[ExactUnit] = field(default_factory=list)


_TEXT_FIELDS = ("folded", "folded2")


def _pairs(tokens: Sequence[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def sequence(tokens: tuple[str, ...], boost: float = 1.0,
             fields: tuple[str, str] = _TEXT_FIELDS) -> plan.Plan:
    """Match folded ``tokens`` in order: one term, or all their adjacent pairs as terms.

    Pairs stand in for positions: a positional phrase scans every sentence holding all its
    syllables, far too slow for common syllables on a large index, while a sentence holding
    "tinh giản", "giản biên" and "biên chế" but not "tinh giản biên chế" is vanishingly rare.
    ``fields`` names the syllable and the pair field (the same for a heading or a title).
    """
    if len(tokens) == 1:
        return plan.Term(fields[0], tokens[0], boost)
    terms = tuple(plan.Term(fields[1], pair, boost) for pair in _pairs(tokens))
    return terms[0] if len(terms) == 1 else plan.All(terms)


def _alternatives(folded: Sequence[str], found: list[tuple[tuple[int, int], tuple[Form, ...]]],
                  i: int) -> list[tuple[str, str]]:
    """Every spelling of the pair (i, i + 1) with the synonym forms at its ends."""
    lefts: list[tuple[str, ...]] = [(folded[i],)]
    rights: list[tuple[str, ...]] = [(folded[i + 1],)]
    for (start, end), forms in found:
        if end - 1 == i:
            lefts = [form[-1:] for form in forms]
        if start == i + 1:
            rights = [form[:1] for form in forms]
    return list(dict.fromkeys((a[0], b[0]) for a in lefts for b in rights))


def _unit(forms: Sequence[tuple[str, ...]], boost: float, weights: Weights,
          frequent: Callable[[str, tuple[str, ...]], bool]) -> list[plan.Plan]:
    """The parts of one unit: in the text, and at low weight in the heading and the title."""
    parts: list[plan.Plan] = []
    for fields, weight in ((_TEXT_FIELDS, 1.0), (("heading", "heading"), weights.heading),
                           (("title", "title"), weights.title)):
        if not weight:
            continue
        sequences = tuple(sequence(form, boost * weight, fields) for form in forms
                          if fields == _TEXT_FIELDS or not frequent(fields[0], form))
        if len(sequences) == 1 and isinstance(sequences[0], plan.Term):
            parts.append(sequences[0])
        elif sequences:
            parts.append(plan.Group(sequences, boost * weight))
    return parts


def theme_units(folded: tuple[str, ...], exact: tuple[str, ...], synonyms: Synonyms,
                frequency: Callable[[str, str], int], count: int,
                weights: Weights) -> ThemeUnits:
    """The units of the theme of ``folded`` syllables (``exact``: as typed, lower case).

    ``frequency(field, term)`` is the document frequency of a term, ``count`` the number of
    documents of the index.
    """
    found = synonyms.find(folded)
    inside = {i for (start, end), _ in found for i in range(start, end - 1)}
    covered = {i for (start, end), _ in found for i in range(start, end)}
    # The cap exists for speed only, so it never bites below CAP_FLOOR sentences, where a
    # posting list is read in a millisecond: on a small collection one more document about a
    # theme must not close the back-off and lose the sentences it found (the test of that is
    # tests/index/test_theme.py).
    limit = max(weights.share * count, CAP_FLOOR)

    def frequent(field_name: str, form: tuple[str, ...]) -> bool:
        terms = [form[0]] if len(form) == 1 else _pairs(form)
        return any(frequency(field_name, term) > limit for term in terms)

    result = ThemeUnits(plan.Nothing())
    parts: list[plan.Plan] = []
    for (start, end), forms in found:
        # As many pairs' worth as its longest form spells out: "cải cách hành chính" is a
        # three-pair concept however it is written.
        size = max(1, max(len(form) for form in forms) - 1)
        parts += _unit(list(forms), weights.group * size, weights, frequent)
        result.forms += list(forms)
        result.exact.append(ExactUnit(exact[start:end],
                                      tuple(f for f in forms if f != folded[start:end])))
    for i in range(len(folded) - 1):
        if i in inside:
            continue
        spellings = _alternatives(folded, found, i)
        parts += _unit(spellings, 1.0, weights, frequent)
        result.exact.append(ExactUnit(exact[i:i + 2], tuple(s for s in spellings
                                                             if s != folded[i:i + 2])))
    inner: dict[tuple[tuple[int, int], tuple[Form, ...]], list[plan.Plan]] = {}
    for i, syllable in enumerate(folded):
        # A document number ("18-nq/tw") is a whole unit, not a syllable backing off.
        symbol = not syllable.isalpha() and not syllable.isdigit()
        single = 1.0 if len(folded) == 1 or symbol else weights.single
        if not single or (i in covered and (symbol or _span_length(found, i) == 1)):
            continue
        # A group's own syllables are a back-off of a unit already scored whole: on a large
        # index only those of at most CAP_FLOOR sentences are read (their long posting lists
        # cost a query ~10 ms on the 2,000-document archive); below that size, as any syllable.
        cap = CAP_FLOOR if i in covered else limit
        if len(folded) > 1 and (syllable in FUNCTION_SYLLABLES or
                                frequency("folded", syllable) > cap):
            continue
        if len(folded) == 1:
            parts += _unit([(syllable,)], 1.0, weights, frequent)
        elif i in covered:
            inner.setdefault(_span_of(found, i), []).append(plan.Term("folded", syllable, single))
        else:
            parts.append(plan.Term("folded", syllable, single))
        if i not in covered:  # a group's syllables stay dark and inside its unit of exactness
            result.singles.append(syllable)
            result.exact.append(ExactUnit(exact[i:i + 1]))
    for (_, forms), terms in inner.items():
        # Only where the group itself is not written: a sentence holding the group in either
        # form scores it whole, so the long form does not outrank the abbreviation.
        parts.append(plan.But(plan.Any(tuple(terms)),
                              plan.Any(tuple(sequence(form) for form in forms))))
    parts += _word_terms(folded, covered, frequency, weights.words)
    result.plan = plan.Any(tuple(parts)) if parts else plan.Nothing()
    return result


def _span_of(found: list[tuple[tuple[int, int], tuple[Form, ...]]], i: int
             ) -> tuple[tuple[int, int], tuple[Form, ...]]:
    """The synonym span (and its forms) holding syllable ``i``, which one must."""
    return next(span for span in found if span[0][0] <= i < span[0][1])


def _span_length(found: list[tuple[tuple[int, int], tuple[Form, ...]]], i: int) -> int:
    """The length of the synonym span holding syllable ``i`` (0 when none does)."""
    return next((end - start for (start, end), _ in found if start <= i < end), 0)


def _word_terms(folded: tuple[str, ...], covered: set[int],
                frequency: Callable[[str, str], int], weight: float) -> list[plan.Term]:
    """Terms of the ``words`` field for the query's n-grams that are a word in the index."""
    if not weight:
        return []
    terms = []
    for n in (2, 3, 4):
        for i in range(len(folded) - n + 1):
            if covered.intersection(range(i, i + n)):
                continue
            gram = " ".join(folded[i:i + n])
            if frequency("words", gram):
                terms.append(plan.Term("words", gram, weight))
    return terms


def exact_share(text: str, units: Sequence[ExactUnit]) -> float:
    """The share of the query's units that ``text`` holds with the query's own diacritics.

    A unit's folded ``alternatives`` (another form of a synonym group) count as held.

    >>> exact_share("Tinh giản biên chế đạt 39,9%", [ExactUnit(("tinh", "giản"))])
    1.0
    >>> exact_share("tính gián biến chè", [ExactUnit(("tinh", "giản"))])
    0.0
    """
    if not units:
        return 0.0

    tokens = lower_tokens(text)
    # folding costs as much as the rest: only when a unit has another form to look for
    folded = tuple(map(fold_diacritics, tokens)) if any(u.alternatives for u in units) else ()

    def holds(sequence_: tuple[str, ...], words: tuple[str, ...]) -> bool:
        if len(sequence_) == 1:
            return sequence_[0] in words
        pairs = set(zip(words, words[1:]))
        return all(p in pairs for p in zip(sequence_, sequence_[1:]))

    held = sum(1 for unit in units if holds(unit.exact, tokens) or
               any(holds(alt, folded) for alt in unit.alternatives))
    return held / len(units)


_TABLE = Synonyms.from_lines(["UBND\tỦy ban nhân dân"])
