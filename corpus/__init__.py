"""The data baocao ships: the bundled report, word lists and labelled examples.

Files are found next to this module, so an installed tool finds them as well as a checkout.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["CORPUS_DIR", "BUNDLED_REPORT", "corpus_file", "data_rows"]

CORPUS_DIR = Path(__file__).resolve().parent
BUNDLED_REPORT = CORPUS_DIR / "kien-giang-2019-dan-van-chinh-quyen.txt"


def corpus_file(name: str) -> Path:
    """Return the path of the shipped data file ``name`` (e.g. ``"cues.tsv"``)."""
    path = CORPUS_DIR / name
    if not path.is_file():
        raise ValueError(f"no corpus file named {name!r} in {CORPUS_DIR}")
    return path


def data_rows(lines: Iterable[str], header: str | None = "label"
              ) -> Iterator[tuple[int, str, list[str]]]:
    """Yield ``(line number, line, fields)`` for the data rows of a TSV word list or gold file.

    Blank lines and ``#`` comments are skipped, and so is the header row: the first row that is
    not a comment, when its first field is ``header`` (``None``: the file has no header).

    >>> lines = ["# cues", "label\\tposition\\tcue", "", "limitation\\tany\\tchưa"]
    >>> [(number, fields) for number, _, fields in data_rows(lines)]
    [(4, ['limitation', 'any', 'chưa'])]
    """
    first = True
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if first and header is not None and fields[0].strip() == header:
            first = False
            continue
        first = False
        yield number, line, fields
