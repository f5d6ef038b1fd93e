"""Abbreviations and synonyms of administrative Vietnamese, matched both ways at query time.

The word list is ``corpus/synonyms.tsv`` (one group of equivalent forms per line, TAB between
forms); a ``synonyms.tsv`` of the same shape next to an index extends it.  Forms are compared as
folded syllables, so "UBND", "ubnd", "Ủy ban nhân dân" and "uy ban nhan dan" all meet.

>>> table = Synonyms.from_lines(["UBND\\tỦy ban nhân dân", "tiếp công dân\\ttiếp dân"])
>>> [(span, [" ".join(f) for f in forms]) for span, forms in table.find(("ubnd", "tinh"))]
[((0, 1), ['ubnd', 'uy ban nhan dan'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import corpus_file
from nlp.classifier.lexicon import data_rows
from nlp.text import fold_diacritics

from .analysis import lower_tokens

__all__ = ["Synonyms", "fold_tokens", "load_synonyms", "USER_FILE_NAME"]

USER_FILE_NAME = "synonyms.tsv"
Form = tuple[str, ...]  # one way of writing a term, as folded syllables


def fold_tokens(text: str) -> tuple[str, ...]:
    """Return the folded lower-case tokens of ``text``, as the ``folded`` field indexes them."""
    return tuple(map(fold_diacritics, lower_tokens(text)))


@dataclass
class Synonyms:
    """Groups of equivalent forms, each form a tuple of folded tokens."""

    groups: list[tuple[Form, ...]] = field(default_factory=list)
    _by_first: dict[str, list[tuple[Form, int]]] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Synonyms:
        """Build the table from TSV lines (``#`` comments and blank lines are skipped)."""
        table = cls()
        for _, _, forms in data_rows(lines, header=None):
            table.add(forms)
        return table

    def add(self, forms: Sequence[str]) -> None:
        """Add one group of equivalent forms (a form with no letters or digits is ignored)."""
        folded = tuple(dict.fromkeys(f for f in (fold_tokens(form) for form in forms) if f))
        if len(folded) < 2:
            return
        number = len(self.groups)
        self.groups.append(folded)
        for form in folded:
            self._by_first.setdefault(form[0], []).append((form, number))

    def find(self, tokens: Sequence[str]) -> list[tuple[tuple[int, int], tuple[Form, ...]]]:
        """Return the spans of ``tokens`` (folded) that are a known form, longest match first.

        Each span comes with every form of its group; spans do not overlap.
        """
        found, i = [], 0
        while i < len(tokens):
            best = None
            for form, number in self._by_first.get(tokens[i], ()):
                if tuple(tokens[i:i + len(form)]) == form and (best is None or
                                                               len(form) > len(best[0])):
                    best = (form, number)
            if best is None:
                i += 1
                continue
            found.append(((i, i + len(best[0])), self.groups[best[1]]))
            i += len(best[0])
        return found


def load_synonyms(extra: Iterable[Path] = ()) -> Synonyms:
    """Load the shipped word list, then every existing file of ``extra``."""
    lines = corpus_file("synonyms.tsv").read_text(encoding="utf-8").splitlines()
    for path in extra:
        if Path(path).is_file():
            lines += Path(path).read_text(encoding="utf-8-sig").splitlines()
    return Synonyms.from_lines(lines)
