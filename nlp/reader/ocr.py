"""Read scanned pages: render them, run Tesseract's Vietnamese model, keep its confidences.

A PDF page without a text layer (or with a garbage one: a scan with a hidden layer of symbols)
is rendered with PDFium (pypdfium2) and read by the ``tesseract`` program; so are page images
(.png, .jpg, .tif).  The program is called directly, with TSV output, rather than through a
binding: TSV gives a confidence per word, which the junk filter and the per-page figures need,
and a subprocess can be given the document's remaining time as its timeout.

What comes back is plain text with a form feed between pages and a blank line between
Tesseract's paragraphs, so the normal form and the repairs (page numbers, running headers,
hyphenation, broken lines) treat it as they treat a text layer.

>>> lines = [[("Số:", 91.0), ("401-BC/BDV", 88.0)], [("~", 12.0), ("ổ", 20.0)]]
>>> [" ".join(word for word, _ in line) for line in lines if not is_junk_line(line)]
['Số: 401-BC/BDV']
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import (EmptyDocumentError, OcrLimitError, OcrUnavailableError,
                      UnsupportedFormatError)
from .legacy import syllable_score, to_unicode
from .report import OcrPage

if TYPE_CHECKING:  # Pillow is imported only when a scan is read
    from PIL import Image

__all__ = ["OcrOptions", "IMAGE_SUFFIXES", "INSTALL_HINT", "is_junk_line", "needs_ocr",
           "check_tesseract", "ocr_pdf_pages", "ocr_images", "image_files"]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"

# A junk line (a stamp, a signature, a smudge) is short and Tesseract does not believe it.
_JUNK_WORDS = 4           # lines of up to this many words can be junk...
_JUNK_CONFIDENCE = 60.0   # ...when their mean word confidence is under this
_WORD_FLOOR = 25.0        # a word this unsure, with no letter or digit, is a speck
_LETTERS = re.compile(r"[^\W\d_]{2}")


@dataclass(frozen=True)
class OcrOptions:
    """How to OCR a document: on or off, limits, resolution, and when to flag a page.

    ``time_limit`` is in seconds for the whole document; ``min_confidence`` is Tesseract's
    mean word confidence (0-100) under which a page is flagged as not to be trusted.
    """

    enabled: bool = True
    max_pages: int = 100
    time_limit: float = 600.0
    dpi: int = 300
    min_confidence: float = 80.0
    language: str = "vie"

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ValueError(f"max_pages must be at least 1, got {self.max_pages}")
        if self.time_limit <= 0:
            raise ValueError(f"time_limit must be positive, got {self.time_limit}")
        if not 72 <= self.dpi <= 600:
            raise ValueError(f"dpi must be between 72 and 600, got {self.dpi}")


# --- which pages need OCR --------------------------------------------------------------------

def needs_ocr(page_text: str) -> bool:
    """Whether a PDF page's text layer is missing or garbage, so the page must be OCR'd.

    Garbage: most characters are not letters, digits, spaces or punctuation (private-use
    glyph codes, control characters), or the words with Vietnamese letters are mostly not
    Vietnamese syllables.

    >>> needs_ocr(""), needs_ocr("Kết quả thực hiện năm 2018"), needs_ocr("\\ue001\\ue002 ÿþ ¤¦§")
    (True, False, True)
    """
    text = to_unicode(page_text)
    if not _LETTERS.search(text):
        return True
    visible = [ch for ch in text if not ch.isspace()]
    plain = sum(ch.isalnum() or ch in ".,;:!?()-–/%“”\"'…" for ch in visible)
    if plain < 0.6 * len(visible):
        return True
    return syllable_score(text) < 0


# --- Tesseract -------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _languages(program: str) -> frozenset[str]:
    try:
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in listed.stdout.splitlines()[1:])


def check_tesseract(source: str, language: str = "vie") -> str:
    """Return the path of the ``tesseract`` program, or say exactly what to install."""
    program = shutil.which("tesseract")
    if program is None:
        raise OcrUnavailableError(f"{source}: needs OCR, but Tesseract is not installed — "
                                  f"install it ({INSTALL_HINT}), or pass --no-ocr")
    if language not in _languages(program):
        raise OcrUnavailableError(f"{source}: needs OCR, but Tesseract has no Vietnamese "
                                  f"('{language}') data — install it ({INSTALL_HINT}), "
                                  "or pass --no-ocr")
    return program


def is_junk_line(words: list[tuple[str, float]]) -> bool:
    """Whether a line of (word, confidence) pairs is a stamp's or a signature's noise."""
    if not words:
        return True
    confidence = sum(c for _, c in words) / len(words)
    if len(words) <= _JUNK_WORDS and confidence < _JUNK_CONFIDENCE:
        return True
    return not any(ch.isalnum() for word, _ in words for ch in word)


def _parse_tsv(tsv: str) -> tuple[str, list[float]]:
    """Text (a blank line between paragraphs) and the confidences of the words kept."""
    lines: dict[tuple[int, int, int], list[tuple[str, float]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        confidence = float(cells[10])
        word = cells[11].strip()
        if confidence < _WORD_FLOOR and not any(ch.isalnum() for ch in word):
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        lines.setdefault(key, []).append((word, confidence))
    out: list[str] = []
    kept: list[float] = []
    paragraph = None
    for (block, par, _), words in lines.items():
        if is_junk_line(words):
            continue
        if paragraph is not None and (block, par) != paragraph:
            out.append("")
        paragraph = (block, par)
        out.append(" ".join(word for word, _ in words))
        kept.extend(c for _, c in words)
    return "\n".join(out), kept


def _ocr_image(image: Image.Image, program: str, options: OcrOptions, deadline: float,
               where: str) -> tuple[str, float]:
    """OCR one page image (a PIL image); return its text and mean word confidence."""
    buffer = io.BytesIO()
    # PGM: no compression to pay for, and Leptonica reads it from standard input.
    image.convert("L").save(buffer, format="PPM")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _too_slow(where, options)
    # One thread per page: the index already runs one worker process per core.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([program, "stdin", "stdout", "-l", options.language,
                               "--dpi", str(options.dpi), "tsv"],
                              input=buffer.getvalue(), capture_output=True, timeout=remaining,
                              env=environment, check=False)
    except subprocess.TimeoutExpired as error:
        raise _too_slow(where, options) from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise UnsupportedFormatError(f"{where}: Tesseract could not read it ({message[0]}) — "
                                     "check the file, or pass --no-ocr")
    text, confidences = _parse_tsv(done.stdout.decode("utf-8", "replace"))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return text, round(mean, 1)


def _too_slow(where: str, options: OcrOptions) -> OcrLimitError:
    return OcrLimitError(f"{where}: OCR took longer than the limit of {options.time_limit:g} s "
                         "for a document — raise it with --ocr-time-limit, or split the file")


def _check_page_count(source: str, count: int, options: OcrOptions) -> None:
    if count > options.max_pages:
        raise OcrLimitError(f"{source}: {count} pages need OCR, more than the limit of "
                            f"{options.max_pages} — raise it with --ocr-max-pages, "
                            "or split the file")


def _page(number: int, confidence: float, options: OcrOptions) -> OcrPage:
    return OcrPage(number, confidence, confidence < options.min_confidence)


# --- PDFs and images -------------------------------------------------------------------------

def ocr_pdf_pages(data: bytes, numbers: list[int], source: str,
                  options: OcrOptions) -> dict[int, tuple[str, OcrPage]]:
    """OCR the pages ``numbers`` (1-based) of a PDF; return {number: (text, OcrPage)}.

    Only pages with a picture on them are read: a blank page, or one with only a page number,
    needs no OCR (and no Tesseract installed).
    """
    import pypdfium2
    import pypdfium2.raw

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise UnsupportedFormatError(f"{source}: a PDF that cannot be rendered for OCR "
                                     f"({error}) — open it and print it to PDF again") from error
    pages = {}
    try:
        numbers = [n for n in numbers if next(document[n - 1].get_objects(
            filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=3), None) is not None]
        if numbers:
            _check_page_count(source, len(numbers), options)
            program = check_tesseract(source, options.language)
        deadline = time.monotonic() + options.time_limit
        for number in numbers:
            page = document[number - 1]
            image = page.render(scale=options.dpi / 72, grayscale=True).to_pil()
            text, confidence = _ocr_image(image, program, options, deadline,
                                          f"{source}, page {number}")
            pages[number] = (text, _page(number, confidence, options))
    finally:
        document.close()
    return pages


def image_files(folder: Path) -> list[Path]:
    """The page images directly in ``folder``, in name order (hidden files skipped)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                  and p.suffix.lower() in IMAGE_SUFFIXES)


def ocr_images(images: list[bytes], source: str,
               options: OcrOptions) -> tuple[str, tuple[OcrPage, ...]]:
    """OCR page images (each file's bytes; a multi-page TIFF counts each frame) as one report."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if not options.enabled:
        raise UnsupportedFormatError(f"{source}: an image of a page — reading it needs OCR, "
                                     "which is off (--no-ocr)")
    frames: list[Image.Image] = []
    try:
        for data in images:
            picture = Image.open(io.BytesIO(data))
            frames.extend(frame.copy() for frame in ImageSequence.Iterator(picture))
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise UnsupportedFormatError(f"{source}: not a readable image ({error}) — "
                                     "save the page again as .png, .jpg or .tif") from error
    _check_page_count(source, len(frames), options)
    program = check_tesseract(source, options.language)
    deadline = time.monotonic() + options.time_limit
    texts, pages = [], []
    for number, frame in enumerate(frames, 1):
        where = source if len(frames) == 1 else f"{source}, page {number}"
        text, confidence = _ocr_image(frame, program, options, deadline, where)
        texts.append(text)
        pages.append(_page(number, confidence, options))
    if not _LETTERS.search("".join(texts)):
        raise EmptyDocumentError(f"{source}: OCR found no text in the image — "
                                 "is it a page of a report?")
    return "\n\f\n".join(texts), tuple(pages)
