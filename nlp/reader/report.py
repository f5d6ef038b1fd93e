"""The value the reader produces: a report's metadata, sections and body sentences.

Everything downstream (the classifier, the index, the CLI) takes a :class:`Report` and never
goes back to the file.  The objects are immutable, so a report can be shared between threads and
processes safely.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..text import fold_diacritics
from .places import current_province

__all__ = ["Signer", "Metadata", "Section", "Sentence", "OcrPage", "Report"]


@dataclass(frozen=True)
class Signer:
    """One signature: the role line(s) above the name ("T/M BAN CÁN SỰ ĐẢNG ... / BÍ THƯ")."""

    role: str
    name: str


@dataclass(frozen=True)
class Metadata:
    """What the header and footer of a document say about it; ``None`` where it says nothing.

    ``date`` is ISO 8601 (``2019-05-27``); ``number`` is the number/symbol with the spaces
    removed (``401-BC/BDV-BCSDUBND``); ``doc_type`` is upper case (``BÁO CÁO``).
    """

    doc_type: str | None = None
    number: str | None = None
    place: str | None = None
    date: str | None = None
    title: str | None = None
    issuers: tuple[str, ...] = ()
    signers: tuple[Signer, ...] = ()
    recipients: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        """The year of ``date``, or ``None``."""
        return int(self.date[:4]) if self.date else None

    @property
    def province(self) -> str | None:
        """The current province (since the 2025 merger) ``place`` is in, or ``None``."""
        return current_province(self.place)


@dataclass(frozen=True)
class Section:
    """One heading: its number as written ("2.1.", "II-", "a)") or ``None``, title and depth.

    ``level`` starts at 1 for the top level of the document's own numbering.
    """

    number: str | None
    title: str
    level: int

    @property
    def heading(self) -> str:
        """The heading as it reads: number and title ("2.1. Hạn chế")."""
        if self.number and self.title:
            return f"{self.number} {self.title}"
        return self.number or self.title


@dataclass(frozen=True)
class Sentence:
    """A body sentence with its section path (headings from the top down) and its words.

    ``words`` are underthesea's words, with spaces inside multi-syllable words ("biên chế").
    """

    index: int
    section: tuple[str, ...]
    text: str
    words: tuple[str, ...] = ()

    @property
    def syllables(self) -> tuple[str, ...]:
        """The syllables of the words, in order (tokens without letters or digits dropped)."""
        return tuple(s for word in self.words for s in word.split()
                     if any(ch.isalnum() for ch in s))

    @property
    def folded(self) -> str:
        """The lower-case syllables without diacritics, space-joined ("tinh gian bien che")."""
        return fold_diacritics(" ".join(self.syllables).lower())


@dataclass(frozen=True)
class OcrPage:
    """A page read by OCR, with Tesseract's mean word confidence on it.

    ``page`` counts from 1; ``confidence`` is 0-100; ``low`` says it is under the threshold of
    the reading's :class:`~nlp.reader.ocr.OcrOptions`: check that page by eye.
    """

    page: int
    confidence: float
    low: bool = False


@dataclass(frozen=True)
class Report:
    """A document as read: where it came from, its metadata, sections and body sentences."""

    source: str
    sha256: str
    metadata: Metadata = field(default_factory=Metadata)
    sections: tuple[Section, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    pages_ocr: tuple[OcrPage, ...] = ()

    def to_dict(self) -> dict:
        """Return the JSON shape of ``baocao read --format json``."""
        meta = asdict(self.metadata)
        meta["province"] = self.metadata.province
        meta["issuers"] = list(self.metadata.issuers)
        meta["recipients"] = list(self.metadata.recipients)
        meta["signers"] = [asdict(s) for s in self.metadata.signers]
        return {
            "source": self.source,
            "sha256": self.sha256,
            "metadata": meta,
            "sections": [asdict(s) for s in self.sections],
            "sentences": [{"index": s.index, "section": list(s.section), "text": s.text,
                           "words": list(s.words)} for s in self.sentences],
            "pages_ocr": [asdict(p) for p in self.pages_ocr],
            "pages_low_confidence": [p.page for p in self.pages_ocr if p.low],
        }
