"""Turn a file, bytes or a string into a :class:`~nlp.reader.report.Report`.

The pipeline, one module per step: :mod:`nlp.reader.formats` (file -> text, encodings, .docx, .pdf),
:mod:`nlp.reader.legacy` (TCVN3/VNI -> Unicode), :func:`nlp.text.normalize_text` (NFC, tone
marks, white space), :mod:`nlp.reader.repair` (page furniture, broken lines), :mod:`nlp.reader.metadata`
(header and footer), :mod:`nlp.reader.structure` (headings and section paths),
:mod:`nlp.reader.sentences` and :mod:`nlp.reader.words` (underthesea, once per sentence).

Nothing here keeps state between calls, so reports can be read in worker processes.

>>> report = read_text("2.1. Hạn chế\\nViệc tinh giản biên chế còn chậm.")
>>> [(s.section, s.text) for s in report.sentences]
[(('2.1. Hạn chế',), 'Việc tinh giản biên chế còn chậm.')]
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import EmptyDocumentError, NotVietnameseError, ReportError
from .formats import READABLE_SUFFIXES, content_of_bytes, extract_content
from .legacy import to_unicode
from .metadata import split_document
from ..text import VIETNAMESE_LETTER, normalize_text
from .ocr import OcrOptions
from .repair import PAGE_BREAK, drop_page_furniture, join_lines, strip_end_mark
from .report import OcrPage, Report, Sentence
from .sentences import split_sentences
from .structure import outline
from .words import segment

__all__ = ["read_report", "read_text", "read_bytes", "iter_report_files", "read_many"]

_WORDLIKE = re.compile(r"[^\W_]")


def read_report(path: str | Path, *, ocr: OcrOptions | None = None) -> Report:
    """Read the report at ``path`` (.txt, .md and other text, .docx, .pdf, page images).

    Scanned PDF pages and page images are read by OCR as ``ocr`` says (default: on, with the
    default limits); a folder of page images is one report, its pages in name order.
    """
    path = Path(path)
    text, data, pages = extract_content(path, ocr)
    return _read(text, str(path), hashlib.sha256(data).hexdigest(), pages)


def read_bytes(data: bytes, source: str = "-", *, ocr: OcrOptions | None = None) -> Report:
    """Read a report from raw bytes (standard input, an upload), detecting the format.

    The extension of ``source``, if it has one, is a hint (".md" text is markdown).
    """
    suffix = Path(source).suffix.lower()  # "" for "-" and ""
    text, pages = content_of_bytes(data, source, suffix, ocr)
    return _read(text, source, hashlib.sha256(data).hexdigest(), pages)


def read_text(text: str, source: str = "-", sha256: str | None = None) -> Report:
    """Read a report from a string; ``source`` names it in messages and in the output.

    Text typed with legacy fonts (TCVN3, VNI) is converted, as it is when read from a file.
    """
    if not isinstance(text, str):
        raise ValueError(f"read_text() needs a str, not {type(text).__name__}")
    if not text.strip():
        raise EmptyDocumentError(f"{source}: the file is empty — nothing to read")
    sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _read(to_unicode(text.replace("\r\n", "\n").replace("\r", "\n")), source, sha256)


def _read(text: str, source: str, sha256: str, pages_ocr: tuple[OcrPage, ...] = ()) -> Report:
    """The pipeline after decoding: ``text`` is Unicode with "\\n" line ends."""
    text = normalize_text(text.replace("\f", f"\n{PAGE_BREAK}\n"))
    if not VIETNAMESE_LETTER.search(text):
        raise NotVietnameseError(f"{source}: no Vietnamese text found — "
                                 "is this the right file, or in an unsupported encoding?")
    lines = drop_page_furniture(text.split("\n"))
    layout = split_document(lines)
    paragraphs = [strip_end_mark(p) for p in join_lines(lines[layout.body_start:layout.body_end])]
    sections, body = outline(paragraphs)
    sentences: list[Sentence] = []
    for path, paragraph in body:
        for sentence in split_sentences(paragraph):
            if not _WORDLIKE.search(sentence):  # a stray "-" or "…" is not a sentence
                continue
            sentences.append(Sentence(len(sentences), path, sentence, segment(sentence)))
    return Report(source, sha256, layout.metadata, tuple(sections), tuple(sentences), pages_ocr)


def iter_report_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders (recursively) into the files the reader can read, sorted.

    Files named explicitly are yielded whatever their extension (the reader will say if it
    cannot read one); inside folders, hidden files and folders are skipped and only readable
    extensions are kept.
    """
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(Path(root, name) for name in files
                         if not name.startswith(".")
                         and Path(name).suffix.lower() in READABLE_SUFFIXES)
        yield from sorted(found)


def read_many(paths: Iterable[str | Path], *, ocr: OcrOptions | None = None
              ) -> Iterator[tuple[Path, Report | ReportError]]:
    """Read every file under ``paths``; yield (path, Report) or (path, the error), never raise.

    A folder with a few bad files still reads all the good ones.
    """
    for path in iter_report_files(paths):
        try:
            yield path, read_report(path, ocr=ocr)
        except ReportError as error:
            yield path, error
