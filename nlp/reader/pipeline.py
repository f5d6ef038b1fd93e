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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import EmptyDocumentError, FileMissingError, NotVietnameseError, ReportError
from ..text import VIETNAMESE_LETTER, normalize_text
from .formats import READABLE_SUFFIXES, content_of_bytes, extract_content
from .legacy import to_unicode
from .metadata import Layout, split_document
from .ocr import OcrOptions
from .repair import PAGE_BREAK, drop_page_furniture, join_lines, strip_end_mark
from .report import OcrPage, Report, Section, Sentence
from .sentences import split_sentences
from .structure import outline
from .words import segment

__all__ = ["read_report", "read_text", "read_bytes", "iter_report_files", "read_many"]

_WORDLIKE = re.compile(r"[^\W_]")
Progress = Callable[[int, int], None]


def read_report(path: str | Path, *, ocr: OcrOptions | None = None, max_size: int | None = None,
                words: bool = True, progress: Progress | None = None) -> Report:
    """Read the report at ``path`` (.txt, .md and other text, .docx, .pdf, page images).

    Scanned PDF pages and page images are read by OCR as ``ocr`` says (default: on, with the
    default limits); a folder of page images is one report, its pages in name order.
    ``max_size`` (bytes) caps what is read (:mod:`nlp.reader.limits`); ``words=False`` skips
    the word segmentation, nine tenths of the time, when the caller needs only the sentences;
    ``progress(done, total)`` is called now and then with characters segmented so far.
    """
    path = Path(path)
    if printable(path) != str(path):
        raise FileMissingError(f"{printable(path)}: the file name is not valid UTF-8 (an old "
                               "Windows name?) — rename it, e.g. with: convmv -f cp1258 -t utf8")
    text, data, pages = extract_content(path, ocr, max_size)
    return _read(text, str(path), hashlib.sha256(data).hexdigest(), pages, words, progress)


def read_bytes(data: bytes, source: str = "-", *, ocr: OcrOptions | None = None,
               max_size: int | None = None, words: bool = True,
               progress: Progress | None = None) -> Report:
    """Read a report from raw bytes (standard input, an upload), detecting the format.

    The extension of ``source``, if it has one, is a hint (".md" text is markdown); the
    options are those of :func:`read_report`.
    """
    suffix = Path(source).suffix.lower()  # "" for "-" and ""
    text, pages = content_of_bytes(data, source, suffix, ocr, max_size)
    return _read(text, source, hashlib.sha256(data).hexdigest(), pages, words, progress)


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


def _read(text: str, source: str, sha256: str, pages_ocr: tuple[OcrPage, ...] = (),
          words: bool = True, progress: Progress | None = None) -> Report:
    """The pipeline after decoding: ``text`` is Unicode with "\\n" line ends."""
    text = normalize_text(text.replace("\f", f"\n{PAGE_BREAK}\n"))
    if not VIETNAMESE_LETTER.search(text):
        raise NotVietnameseError(f"{source}: no Vietnamese text found — "
                                 "is this the right file, or in an unsupported encoding?")
    lines = drop_page_furniture(text.split("\n"))
    layout = split_document(lines)
    sections, body = _outline(lines, layout)
    sentences: list[Sentence] = []
    total, done, reported = sum(len(p) for _, p in body), 0, 0
    for path, paragraph in body:
        for sentence in split_sentences(paragraph):
            if not _WORDLIKE.search(sentence):  # a stray "-" or "…" is not a sentence
                continue
            sentences.append(Sentence(len(sentences), path, sentence,
                                      segment(sentence) if words else ()))
        done += len(paragraph)
        if progress and done - reported > 20_000:  # about every second of segmentation
            progress(done, total)
            reported = done
    if progress:
        progress(total, total)
    return Report(source, sha256, layout.metadata, tuple(sections), tuple(sentences), pages_ocr)


def _outline(lines: list[str], layout: Layout
             ) -> tuple[list[Section], list[tuple[tuple[str, ...], str]]]:
    """The sections and (path, paragraph) pairs of the body, then of each annex under its title.

    Each part is outlined on its own, so that an annex's "Điều 1." does not nest under the
    decision's last article.
    """
    sections, body = outline(_paragraphs(lines[layout.body_start:layout.body_end]))
    for annex in layout.annexes:
        annex_sections, annex_body = outline(_paragraphs(lines[annex.start:annex.end]))
        sections += [Section(None, annex.title, 1),
                     *(replace(section, level=section.level + 1) for section in annex_sections)]
        body += [((annex.title, *path), text) for path, text in annex_body]
    return sections, body


def _paragraphs(lines: list[str]) -> list[str]:
    return [strip_end_mark(paragraph) for paragraph in join_lines(lines)]


def iter_report_files(paths: Iterable[str | Path],
                      skipped: Callable[[str, str], None] | None = None) -> Iterator[Path]:
    """Expand files and folders (recursively) into the files the reader can read, sorted.

    Files named explicitly are yielded whatever their extension (the reader will say if it
    cannot read one); inside folders, hidden files and folders are skipped and only readable
    extensions are kept.  Entries of a folder that cannot be read at all (a looping or broken
    symbolic link, a name that is not valid UTF-8, a folder without permission) are passed to
    ``skipped(name, message)`` and not yielded, so that one of them does not stop the others.
    """
    skipped = skipped or (lambda name, message: None)
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        for root, dirs, files in os.walk(path, onerror=lambda e: skipped(
                printable(e.filename), f"{printable(e.filename)}: cannot open the folder "
                f"({e.strerror}) — check its permissions")):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and _usable(Path(root, d), skipped, "folder"))
            found.extend(Path(root, name) for name in files
                         if not name.startswith(".")
                         and Path(name).suffix.lower() in READABLE_SUFFIXES
                         and _usable(Path(root, name), skipped, "file"))
        yield from sorted(found)


def printable(path: str | Path) -> str:
    """``path`` as text that can be printed: bytes that are not UTF-8 shown as ``\\xe1``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _usable(path: Path, skipped: Callable[[str, str], None], kind: str) -> bool:
    """True if ``path`` can be read as a file (or folder); else tell ``skipped`` why not."""
    name = printable(path)
    if name != str(path):  # os.walk hands undecodable bytes over as lone surrogates
        skipped(name, f"{name}: the {kind} name is not valid UTF-8 (an old Windows name?) — "
                      "rename it, e.g. with: convmv -f cp1258 -t utf8")
        return False
    try:
        path.stat()
    except OSError as error:
        skipped(name, f"{name}: a broken or looping symbolic link ({error.strerror}) — "
                      "remove it or point it at a file")
        return False
    return True


def read_many(paths: Iterable[str | Path], *, ocr: OcrOptions | None = None,
              max_size: int | None = None) -> Iterator[tuple[Path, Report | ReportError]]:
    """Read every file under ``paths``; yield (path, Report) or (path, the error), never raise.

    A folder with a few bad files still reads all the good ones; entries that are not files
    at all (see :func:`iter_report_files`) come as errors too.
    """
    bad: list[tuple[str, str]] = []
    for path in iter_report_files(paths, lambda name, message: bad.append((name, message))):
        while bad:
            name, message = bad.pop(0)
            yield Path(name), FileMissingError(message)
        try:
            yield path, read_report(path, ocr=ocr, max_size=max_size)
        except ReportError as error:
            yield path, error
    for name, message in bad:
        yield Path(name), FileMissingError(message)
