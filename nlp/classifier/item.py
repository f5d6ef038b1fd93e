"""What the model sees of one sentence: an :class:`Item` (words, section label, document type).

Its own module, free of scikit-learn, so that building a training set or the items of a report
does not load the model's libraries.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Item"]


@dataclass(frozen=True)
class Item:
    """One sentence as the model sees it.

    ``words`` are underthesea words ("biên chế"); ``section_label`` is the label of the
    sentence's section heading or lead (see :mod:`nlp.classifier.context`) or ``None``; ``doc_type`` is the
    document type in upper case ("CHỈ THỊ") or ``None``; ``turn`` is the label of the turn
    ("Tuy nhiên, ... còn một số hạn chế.") whose scope the sentence is in (:mod:`.turns`), or
    ``None``.  The model's features never read ``turn``: only the section adjustment does
    (:mod:`.section_prior`).
    """

    words: tuple[str, ...]
    section_label: str | None = None
    doc_type: str | None = None
    turn: str | None = None
