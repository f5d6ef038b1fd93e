"""Turns: a sentence that turns from results to shortcomings labels the sentences after it.

Reports and articles often pass from results to shortcomings in running text, without a heading
or a closing colon: "Bên cạnh những kết quả đạt được, công tác ... vẫn còn một số hạn chế.",
"Tuy nhiên, việc thực hiện ... đã bộc lộ nhiều bất cập."  The sentences that follow, in the same
section, then mostly tell those shortcomings.  A turn is a sentence that opens with a
contrastive connective (:data:`CONNECTIVES`: "tuy nhiên", "bên cạnh", "song", "nhưng", "mặc
dù" ...) and names a shortcoming or a cause by the phrases of ``corpus/headings.tsv`` (the first
such phrase after the connective is its kind); a sentence that opens with "nguyên nhân" turns
to causes.  A to-do word before the phrase ("Tuy nhiên, tỉnh cần khắc phục những hạn chế ...")
makes it a task, not a turn.

A turn is weaker evidence than a lead ("... một số hạn chế sau:", :mod:`.context`): it only
reaches the section adjustment (:mod:`.section_prior`), which moves the sentences the sentence
model is unsure of, never the model's features.  Its scope is the turn itself and the following
sentences of its section, up to the next lead or turn or :data:`SCOPE` sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import fold_diacritics, search_key
from .context import SCOPE, lead_label
from .lexicon import HeadingRules, load_heading_rules

__all__ = ["CONNECTIVES", "SCOPE", "turn_label", "turn_labels"]

# Folded, as they open a sentence (after a list marker or a quotation mark).
CONNECTIVES = ("tuy nhien", "tuy vay", "tuy the", "song", "nhung", "ben canh", "mac du",
               "du", "ngoai nhung", "con ve")
# The first syllables of those connectives and of "nguyên nhân", with diacritics, lower case:
# most sentences open otherwise and are not folded (folding is the costly step).
_FIRST_SYLLABLES = frozenset({"tuy", "song", "nhưng", "bên", "mặc", "dù", "ngoài", "còn",
                              "nguyên"})
# Matches every string (possibly empty): what a list marker or a quotation mark puts first.
_OPENING = re.compile(r"^[\W\d_]*(?:(?:[a-z]|[ivx]+|\d+)[.)]\s*)?")
_CONNECTIVE = re.compile(rf"^(?:{'|'.join(CONNECTIVES)})\b")
_CAUSE_OPENING = re.compile(r"^nguyen nhan\b")
# With diacritics: folded, "cần" would be "cán" (bộ) and "sẽ" "chia sẻ".
_TO_DO = re.compile(r"(?<!\w)(?:cần|phải|đề nghị|yêu cầu|sẽ)(?!\w)")
_LIMITING = ("limitation", "cause")


def turn_label(text: str, rules: HeadingRules | None = None) -> str | None:
    """Return the label a turn sentence turns to ("limitation" or "cause"), or ``None``.

    >>> turn_label("Bên cạnh những kết quả đạt được, công tác quản lý vẫn còn một số hạn chế.")
    'limitation'
    >>> turn_label("Tuy nhiên, việc cấp phép còn nhiều bất cập, yếu kém.")
    'limitation'
    >>> turn_label("Nguyên nhân chủ yếu là do ý thức của người dân chưa cao.")
    'cause'
    >>> turn_label("Tuy nhiên, xã cần khắc phục những hạn chế trong quản lý.") is None
    True
    >>> turn_label("Tuy nhiên, sản lượng vẫn tăng 5%.") is None
    True
    """
    first = text.lstrip(" -–+*•\"“'(").split(" ", 1)[0].rstrip(",").lower()
    if first not in _FIRST_SYLLABLES:
        return None
    lower = search_key(text)
    folded = fold_diacritics(lower)  # character for character, so offsets agree with lower's
    start = len(folded) - len(_OPENING.sub("", folded, count=1))
    lower, folded = lower[start:], folded[start:]
    if _CAUSE_OPENING.match(folded):
        return "cause"
    opening = _CONNECTIVE.match(folded)
    if not opening:
        return None
    rules = rules or load_heading_rules()
    end = opening.end()
    rest = folded[end:]
    best = None
    for phrase, label in rules.phrases:
        if label not in _LIMITING:
            continue
        match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", rest)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), label)
    if best is None or _TO_DO.search(lower[end:end + best[0]]):
        return None
    return best[1]


def turn_labels(texts: Sequence[str], sections: Sequence | None = None,
                rules: HeadingRules | None = None) -> list[str | None]:
    """Return, for each sentence in reading order, the label of the turn whose scope it is in.

    ``sections`` are the sentences' heading paths (``None``: one section); a heading change or a
    lead ends a turn's scope.

    >>> turn_labels(["Thu ngân sách vượt dự toán.",
    ...              "Tuy nhiên, vẫn còn một số hạn chế.", "Giải ngân chậm.",
    ...              "Cần đẩy nhanh giải ngân trong thời gian tới như sau:", "Rà soát dự án."])
    [None, 'limitation', 'limitation', None, None]
    """
    rules = rules or load_heading_rules()
    result: list[str | None] = []
    current, left, section = None, 0, None
    for i, text in enumerate(texts):
        here = sections[i] if sections is not None else None
        if here != section:
            current, left, section = None, 0, here
        label = turn_label(text, rules)
        if label is not None:
            current, left = label, SCOPE + 1
        elif text.rstrip(" .…\"”'").endswith(":") or (":" in text and lead_label(text, rules)):
            current, left = None, 0
        result.append(current if left > 0 else None)
        left -= 1
    return result
