"""Discourse leads: a sentence that announces a list ("Nguyên nhân của những hạn chế trên là:")
labels the sentences that follow it, as a sub-heading would.

Vietnamese reports and articles often announce causes, shortcomings or results in running text
rather than under a heading: "Tuy nhiên, vẫn còn một số hạn chế sau:", "... do các nguyên nhân
sau:", "Kết quả cụ thể như sau:".  The sentences that follow are then read in that light: "Chế
độ, chính sách ... còn bất cập" after a cause lead is a cause, though its words are those of a
limitation.  A lead is a sentence that ends with a colon (or "như sau"/"sau đây") and whose last
clause names a kind, by the phrases of ``corpus/headings.tsv``; the *first* phrase of that clause
is its head (Vietnamese puts the head noun first: "nguyên nhân của những hạn chế" is about
causes), unless a later phrase is the one the closing "sau" qualifies ("những hạn chế trên
xuất phát từ các nguyên nhân sau:").  A phrase that points back ("những tồn tại trên", "hạn
chế nêu trên", "yếu kém này") names what was said before, not what follows, so it is the head
only when nothing else is named; a clause that names no kind ("..., cụ thể như sau:") leaves
the head to the clause before it ("Những tồn tại trên có nhiều nguyên nhân, cụ thể như sau:"
announces causes).  A sentence that opens with a limitation or cause and
goes on after "là:" ("Nguyên nhân chủ yếu ... là: công tác ... chậm") is a lead too, and in
its own scope.  A lead's scope is the following sentences of the same section, up to the next
lead or :data:`SCOPE` sentences, whichever comes first; a heading always ends it.

The lead's label reaches the model as the section label (the feature a heading gives), so the
model weighs it against the sentence's own words instead of overriding them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..reader.report import Report, Section
from ..text import folded_key
from .lexicon import ANNOUNCEMENT_FOLDED, FOLLOWING_FOLDED, HeadingRules, load_heading_rules

__all__ = ["SCOPE", "lead_label", "lead_labels", "context_labels", "report_context_labels",
           "report_paths"]

SCOPE = 6
_CLAUSE_BREAK = re.compile(r"[,;]")
_QUALIFIED = re.compile(r"(?:\s+\w+){0,2}\s+(?:nhu\s+)?sau(?:\s+day)?\W*$")
_LEAD_END = re.compile(r"\b(?:sau(?: day)?|la|gom)\s*:\W*$")
_INLINE = re.compile(r"^[^:]*\b(?:la|gom|sau|cu the)\s*:")
_ANNOUNCES = re.compile(rf"(?::\s*[\"“”']?\s*$|\b{ANNOUNCEMENT_FOLDED}\W*$|\b{FOLLOWING_FOLDED}\W*$)")
# A heading path: headings as the reader parsed them (:class:`Section`) or as strings.
HeadingPath = Sequence["str | Section"]
# An inline lead whose head part closes on "(như) sau" / "cụ thể" announces by its noun, as a
# closing-colon lead does; one that closes on "là"/"gồm" is headed by its opening.
_INLINE_ANNOUNCES = re.compile(r"\b(?:sau(?: day)?|cu the)\W*$")
_POINTS_BACK = re.compile(r"\s+(?:(?:neu|noi|de cap|vua neu|vua)\s+)?(?:tren|nay|da neu)\b")


def lead_label(text: str, rules: HeadingRules | None = None) -> str | None:
    """Return the label a lead sentence announces, or ``None`` if ``text`` is no lead.

    >>> lead_label("Nguyên nhân của những hạn chế trên là:")
    'cause'
    >>> lead_label("Bên cạnh kết quả đạt được, vẫn còn một số hạn chế sau:")
    'limitation'
    >>> lead_label("Nguyên nhân chủ yếu của những yếu kém trên là: công tác quy hoạch chậm.")
    'cause'
    >>> lead_label("Các xã còn nhiều hạn chế trong quản lý đất đai.") is None
    True
    """
    return _read_lead(text, rules)[0]


def _read_lead(text: str, rules: HeadingRules | None) -> tuple[str | None, bool]:
    """Return the label a lead announces (or ``None``) and whether the lead is inline, i.e.
    already lists its first item after "là:" (and so is in its own scope)."""
    if ":" not in text and not text.rstrip(" .…\"”'").lower().endswith(("sau", "đây")):
        return None, False  # most sentences: no folding (a third of classifying a report's cost)
    rules = rules or load_heading_rules()
    folded = folded_key(text).strip()
    if _ANNOUNCES.search(folded):
        return _head_label(folded.rstrip(" :\"“”'"), rules), False
    if _INLINE.search(folded):
        # "Nguyên nhân chủ yếu của ... là: <the first cause>" leads while it already lists;
        # only shortcomings and causes are listed so ("Kiến nghị giữ nguyên là: 67" is a figure).
        head = folded.split(":", 1)[0]
        label = (_head_label(head, rules) if _INLINE_ANNOUNCES.search(head)
                 else rules.heading_label(head))
        return (label, True) if label in ("limitation", "cause") else (None, False)
    return None, False


def _head_label(head: str, rules: HeadingRules) -> str | None:
    """The label of a lead's head part (folded, before its colon): that of the last clause
    naming a kind it does not point back to, else of the last clause naming any kind.

    A lead that names an assessment *and* tasks without the closing "sau" picking one of them
    ("... đánh giá kết quả thực hiện ... và phương hướng, nhiệm vụ ..., với những nội dung
    chủ yếu sau:", the opening article of many resolutions) announces a mix: no label, so the
    results under it are not read as tasks.
    """
    fallback, named, announced = None, set(), False
    chosen = None
    for clause in reversed(_CLAUSE_BREAK.split(head)):
        label, points_back, qualified = _announced_label(clause, rules)
        if label and not points_back:
            named.add(label)
            announced = announced or qualified
            chosen = chosen or label
        fallback = fallback or label
    if "other" in named and len(named) > 1 and not announced:
        return None
    return chosen or fallback


def _announced_label(clause: str, rules: HeadingRules) -> tuple[str | None, bool, bool]:
    """The label of the head phrase of one clause of a lead (folded), whether that phrase
    points back ("những hạn chế trên"), and whether the closing "sau" qualifies it."""
    best = None
    for phrase, label in rules.phrases:
        for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", clause):
            # "... từ các nguyên nhân sau:": the noun the closing "sau" qualifies is the head.
            announced = bool(_QUALIFIED.match(clause[match.end():]))
            points_back = bool(_POINTS_BACK.match(clause[match.end():]))
            key = (not announced, points_back, match.start(), -len(phrase))
            if best is None or key < best[0]:
                best = (key, label, points_back, announced)
    return (best[1], best[2], best[3]) if best else (None, False, False)


def lead_labels(texts: Sequence[str], sections: Sequence | None = None,
                rules: HeadingRules | None = None) -> list[str | None]:
    """Return, for each sentence in reading order, the label of the lead whose scope it is in.

    ``sections`` are the sentences' heading paths (``None``: text without headings, where only
    leads and :data:`SCOPE` bound a scope).  A lead itself gets ``None``, unless it is inline
    ("Nguyên nhân chính là: <the first cause>"): then it is in its own scope.

    >>> lead_labels(["Do các nguyên nhân sau:", "Thiếu vốn.", "Giá cả biến động.",
    ...              "Kết quả như sau:", "Thu ngân sách vượt dự toán."])
    [None, 'cause', 'cause', None, 'achievement']
    """
    result: list[str | None] = []
    current, left, section = None, 0, None
    for i, text in enumerate(texts):
        here = sections[i] if sections is not None else None
        if here != section:
            current, left, section = None, 0, here
        label, inline = _read_lead(text, rules)
        if label is not None:
            result.append(label if inline else None)
            current, left = label, SCOPE
            continue
        result.append(current if left > 0 else None)
        left -= 1
    return result


def context_labels(texts: Sequence[str], sections: Sequence | None = None,
                   rules: HeadingRules | None = None) -> list[str | None]:
    """Return each sentence's context label: its lead's, else its deepest labelled heading's.

    This is the one place where the model, the weak labels and ``baocao train`` learn what a
    sentence's surroundings say.

    >>> context_labels(["Do các nguyên nhân sau:", "Thiếu vốn."], [("2. Hạn chế",)] * 2)
    ['limitation', 'cause']
    >>> context_labels(["Vốn ít."], [("2. Hạn chế, nguyên nhân:", "Hạn chế trên do các lý do:")])
    ['limitation']
    >>> context_labels(["Vốn ít."], [("2. Hạn chế:", "Hạn chế trên có nguyên nhân sau:")])
    ['cause']
    """
    rules = rules or load_heading_rules()
    leads = lead_labels(texts, sections, rules)
    cache: dict = {}
    result = []
    for i, lead in enumerate(leads):
        section = sections[i] if sections is not None else None
        if lead is None and section and section not in cache:
            cache[section] = _section_label(section, rules)
        result.append(lead or (cache[section] if section else None))
    return result


def report_context_labels(report: Report,
                          rules: HeadingRules | None = None) -> list[str | None]:
    """Return the context label of each sentence of a :class:`~nlp.reader.report.Report`.

    Headings are given as the reader's :class:`Section` values, whose parsed titles the heading
    rules read (a heading string is parsed again only where no section matches it).
    """
    return context_labels([s.text for s in report.sentences], report_paths(report), rules)


def report_paths(report: Report) -> list[tuple[str | Section, ...]]:
    """Return each sentence's section path as the report's :class:`Section` values."""
    by_heading = {section.heading: section for section in report.sections}
    paths: dict[tuple[str, ...], tuple[str | Section, ...]] = {}
    result = []
    for sentence in report.sentences:
        if sentence.section not in paths:
            paths[sentence.section] = tuple(by_heading.get(h, h) for h in sentence.section)
        result.append(paths[sentence.section])
    return result


def _section_label(section: HeadingPath, rules: HeadingRules) -> str | None:
    """The label of the deepest labelled heading; a heading that is a lead line ("Những hạn chế
    trên do các nguyên nhân sau:", which the reader takes for a heading) is read as a lead."""
    for heading in reversed(section):
        text = heading.heading if isinstance(heading, Section) else heading
        folded = folded_key(text)
        label = ((_LEAD_END.search(folded) and lead_label(text, rules))
                 or rules.heading_label(heading))
        if label:
            return label
    return None
