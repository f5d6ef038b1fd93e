"""Abbreviations and synonyms of administrative Vietnamese, matched both ways at query time.

The word list is ``corpus/synonyms.tsv`` (one group of equivalent forms per line, TAB between
forms); a ``synonyms.tsv`` of the same shape next to an index extends it.  Forms are compared as
folded syllables, so "UBND", "ubnd", "Ủy ban nhân dân" and "uy ban nhan dan" all meet.

>>> table = Synonyms.from_lines(["UBND\\tỦy ban nhân dân", "tiếp công dân\\ttiếp dân"])
>>> [(span, [" ".join(f) for f in forms]) for span, forms in table.find(("ubnd", "tinh"))]
[((0, 1), ['ubnd', 'uy ban nhan dan'])]
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import corpus_file, data_rows
from nlp.text import fold_diacritics

from .analysis import lower_tokens
from .errors import SynonymsFileError

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
        if len(folded) >= 2:
            self.add_folded(folded)

    def add_folded(self, folded: tuple[Form, ...]) -> None:
        """Add one group whose forms are already folded tokens (from the cache)."""
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
    """Load the shipped word list, then every existing file of ``extra``.

    Raises SynonymsFileError, with the line number, for a file that is not UTF-8.  Each
    extra file is parsed once: its groups are cached by path, size and modification time.
    """
    table = Synonyms.from_lines(corpus_file("synonyms.tsv").read_text(encoding="utf-8")
                                .splitlines())
    for path in map(Path, extra):
        if path.is_file():
            for group in _user_groups(path):
                table.add_folded(tuple(tuple(form) for form in group))
    return table


def _user_groups(path: Path) -> list[list[list[str]]]:
    """The folded groups of a user's synonyms file, from the cache when it is unchanged.

    Folding a 2.4 MB file takes seconds, and each ``baocao search`` is a new process, so the
    cache is a JSON file in the user's cache folder (JSON, not pickle: nothing in it runs).
    """
    stat, resolved = path.stat(), str(path.resolve())
    key = {"path": resolved, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
           "version": 1}
    cache = _cache_file(resolved)
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return cached["groups"]
    except (OSError, ValueError, AttributeError):
        pass  # no cache yet, or an unreadable one: parse the file
    table = Synonyms.from_lines(_decode(path.read_bytes(), path).splitlines())
    groups = [[list(form) for form in group] for group in table.groups]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"key": key, "groups": groups}), encoding="utf-8")
        os.replace(partial, cache)
    except OSError:
        pass  # a read-only cache folder only costs the parse next time
    return groups


def _cache_file(path: str) -> Path:
    from platformdirs import user_cache_dir

    name = hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return Path(user_cache_dir("baocao", appauthor=False)) / "synonyms" / f"{name}.json"


def _decode(data: bytes, path: Path) -> str:
    """The text of a synonyms file; one line saying where, if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SynonymsFileError(f"{path}: line {line} is not UTF-8 text — save the file as "
                                "UTF-8 (or remove it: it only adds synonyms)") from None
