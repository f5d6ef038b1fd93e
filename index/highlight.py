"""Character spans of a sentence that a query matched, for highlighting.

A span covers a whole matched phrase ("tiếp công dân" is one span, not three), and a lone
syllable of a multi-syllable theme is not lit: for the query "tiếp công dân", "công" inside
"công tác" stays dark.  Comparison is on folded syllables, like the search itself.

>>> text = "Công tác tiếp công dân được thực hiện tốt"
>>> [text[s:e] for s, e in highlight_spans(text, [Target(("tiep", "cong", "dan"), 2)])]
['tiếp công dân']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nlp.text import fold_diacritics

from .analysis import prepare_text, token_spans

__all__ = ["Target", "highlight_spans"]


@dataclass(frozen=True)
class Target:
    """Folded syllables to light up; any run of at least ``min_run`` of them in order counts.

    A phrase or an abbreviation sets ``min_run`` to its length (all or nothing); a theme of
    plain words sets it to 2 (1 for a one-word theme).
    """

    tokens: tuple[str, ...]
    min_run: int
    exact: tuple[str, ...] = ()  # if given, the lower-case syllables with their diacritics

    def holds(self, j: int, folded: str, lowered: str) -> bool:
        """Whether syllable ``j`` of the target is the text's syllable (folded, lower-cased)."""
        return self.tokens[j] == folded and (not self.exact or self.exact[j] == lowered)


def _runs(folded: list[str], lowered: list[str], target: Target) -> Iterable[tuple[int, int]]:
    tokens, need = target.tokens, max(1, min(target.min_run, len(target.tokens)))
    for i in range(len(folded)):
        best = 0
        for j in range(len(tokens)):
            if not target.holds(j, folded[i], lowered[i]):
                continue
            k = 1
            while i + k < len(folded) and j + k < len(tokens) \
                    and target.holds(j + k, folded[i + k], lowered[i + k]):
                k += 1
            best = max(best, k)
        if best >= need:
            yield i, i + best


def highlight_spans(text: str, targets: Iterable[Target]) -> list[tuple[int, int]]:
    """Return sorted, non-overlapping ``(start, end)`` character offsets into ``text``.

    Lit syllables separated only by white space merge into one span.
    """
    prepared = prepare_text(text).lower()
    spans = list(token_spans(prepared))
    lowered = [prepared[s:e] for s, e in spans]
    folded = [fold_diacritics(token) for token in lowered]
    lit = [False] * len(spans)
    for target in targets:
        for start, end in _runs(folded, lowered, target):
            lit[start:end] = [True] * (end - start)
    result: list[list[int]] = []
    for i, (start, end) in enumerate(spans):
        if not lit[i]:
            continue
        if i and lit[i - 1] and not text[spans[i - 1][1]:start].strip():
            result[-1][1] = end
        else:
            result.append([start, end])
    return [(s, e) for s, e in result]
