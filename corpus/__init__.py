"""The data baocao ships: the bundled report, word lists and labelled examples.

Files are found next to this module, so an installed tool finds them as well as a checkout.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CORPUS_DIR", "BUNDLED_REPORT", "corpus_file"]

CORPUS_DIR = Path(__file__).resolve().parent
BUNDLED_REPORT = CORPUS_DIR / "kien-giang-2019-dan-van-chinh-quyen.txt"


def corpus_file(name: str) -> Path:
    """Return the path of the shipped data file ``name`` (e.g. ``"cues.tsv"``)."""
    path = CORPUS_DIR / name
    if not path.is_file():
        raise ValueError(f"no corpus file named {name!r} in {CORPUS_DIR}")
    return path
