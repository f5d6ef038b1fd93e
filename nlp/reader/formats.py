"""Turn a file into text: plain text in any usual encoding, markdown, .docx and .pdf.

What comes out is a ``str`` with one line per paragraph or visual line, still in the layout of
the file (the repair step joins broken lines later).  Every failure is a
:class:`~nlp.errors.ReportError` whose message names the file and says what to do.

>>> decode_bytes("Báo cáo".encode("utf-16"), "-")
'Báo cáo'
>>> decode_bytes(b"Ho\\xcca bi\\xccnh", "-")    # Windows-1258: tones are combining marks
'Hòa bình'
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import (EmptyDocumentError, FileMissingError, FileTooLargeError,
                      UnsupportedFormatError)
from .legacy import syllable_score, to_unicode
from .limits import check_docx, check_size, max_pages, max_size
from .ocr import IMAGE_SUFFIXES, OcrOptions, image_files, needs_ocr, ocr_images, ocr_pdf_pages
from .report import OcrPage

__all__ = ["TEXT_SUFFIXES", "READABLE_SUFFIXES", "extract_text", "extract_content",
           "content_of_bytes", "decode_bytes", "strip_markdown"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ""})
READABLE_SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf"}
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# Magic numbers of files that are certainly not text.
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ", b"\x1f\x8b",
                 b"BZh", b"\xfd7zXZ", b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0", b"II*\x00",
                 b"MM\x00*", b"\x00\x00\x01\x00", b"OggS", b"ID3", b"RIFF")
# Page images (PNG, JPEG, TIFF both byte orders) are read by OCR.
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def extract_text(path: Path, ocr: OcrOptions | None = None,
                 limit: int | None = None) -> tuple[str, bytes]:
    """Return the text of the file at ``path`` and its raw bytes (for the checksum)."""
    text, data, _ = extract_content(path, ocr, limit)
    return text, data


def extract_content(path: Path, ocr: OcrOptions | None = None, limit: int | None = None
                    ) -> tuple[str, bytes, tuple[OcrPage, ...]]:
    """Return the text of ``path``, its raw bytes and the pages that were read by OCR.

    ``path`` may be a folder of page images (read in name order as one report); its bytes are
    then the images' bytes one after the other.  ``limit`` caps the bytes read, the unpacked
    .docx parts and the PDF pages (see :mod:`nlp.reader.limits`), checked before reading.
    """
    if not path.exists():
        raise FileMissingError(f"{path}: no such file — check the path")
    ocr = ocr or OcrOptions()
    if path.is_dir():
        images = image_files(path)
        if not images:
            raise FileMissingError(f"{path}: is a folder — give a file "
                                   "('baocao index add' reads whole folders)")
        pictures = [_read_file(image, limit) for image in images]
        text, pages = ocr_images(pictures, str(path), ocr)
        return text, b"".join(pictures), pages
    data = _read_file(path, limit)
    text, pages = content_of_bytes(data, str(path), path.suffix.lower(), ocr, limit)
    return text, data, pages


def _read_file(path: Path, limit: int | None) -> bytes:
    try:
        check_size(path.stat().st_size, max_size(limit), str(path), "the file")
        return path.read_bytes()
    except OSError as error:
        raise FileMissingError(f"{path}: cannot be read ({error.strerror}) — "
                               "check its permissions") from error


def text_of_bytes(data: bytes, source: str, suffix: str = "",
                  ocr: OcrOptions | None = None, limit: int | None = None) -> str:
    """Return the text of a file's bytes; ``suffix`` (".md", ".pdf"...) is only a hint."""
    return content_of_bytes(data, source, suffix, ocr, limit)[0]


def content_of_bytes(data: bytes, source: str, suffix: str = "", ocr: OcrOptions | None = None,
                     limit: int | None = None) -> tuple[str, tuple[OcrPage, ...]]:
    """Return the text of a file's bytes and the pages read by OCR (scans and page images).

    ``limit`` caps the bytes, the unpacked .docx parts and the PDF pages read.
    """
    ocr, limit = ocr or OcrOptions(), max_size(limit)
    check_size(len(data), limit, source, "the file")
    if data.startswith(b"%PDF"):
        return _pdf_text(data, source, ocr, limit)
    if data.startswith(_IMAGE_MAGIC) or (suffix in IMAGE_SUFFIXES and data.strip()):
        return ocr_images([data], source, ocr)
    return _text_of_bytes(data, source, suffix, limit), ()


def _text_of_bytes(data: bytes, source: str, suffix: str, limit: int) -> str:
    if not data.strip():
        raise EmptyDocumentError(f"{source}: the file is empty — nothing to read")
    if data.startswith(b"PK\x03\x04"):
        if b"word/document.xml" in data[:65536] or suffix == ".docx":
            check_docx(data, source, limit)
            return _docx_text(data, source)
        raise UnsupportedFormatError(f"{source}: a zip archive, not a report — "
                                     "unpack it or save the document as .docx, .pdf or .txt")
    if suffix in (".docx", ".pdf"):
        raise UnsupportedFormatError(f"{source}: not a valid {suffix} file — "
                                     "open it and save it again, or save it as .txt")
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(f"{source}: old Word .doc files are not supported — "
                                     "save it as .docx or .txt")
    text = decode_bytes(data, source)
    if suffix in _MARKDOWN_SUFFIXES:
        text = strip_markdown(text)
    return text


def decode_bytes(data: bytes, source: str) -> str:
    """Decode text bytes: BOM-marked UTF-8/16/32, else UTF-8, else Windows-1258 or legacy 8-bit.

    TCVN3 and VNI text (in any of those) is converted to Unicode.
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _finish(_decode(data, codec, source), source)
    head = data[:4096]
    if head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return _finish(_decode(data, "utf-16-le", source), source)
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise UnsupportedFormatError(f"{source}: a binary file, not text — "
                                     "save the report as .txt, .docx or .pdf")
    try:
        return _finish(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    # Not UTF-8: an 8-bit file.  Legacy fonts (TCVN3, VNI) store their codes as Latin-1 bytes;
    # Windows-1258 stores tone marks as combining characters.  Keep the reading that has
    # more Vietnamese in it.
    try:
        eight_bit = data.decode("cp1252")
    except UnicodeDecodeError:
        eight_bit = data.decode("latin-1")
    legacy = to_unicode(eight_bit)
    windows = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    text = legacy if syllable_score(legacy) > syllable_score(windows) else windows
    return _finish(text, source)


def _decode(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise UnsupportedFormatError(f"{source}: broken {codec.upper()} text ({error.reason}) — "
                                     "save it again as UTF-8") from error


def _finish(text: str, source: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x0e\x0f\x10"):
        raise UnsupportedFormatError(f"{source}: a binary file, not text — "
                                     "save the report as .txt, .docx or .pdf")
    return to_unicode(text)


# --- .docx and .pdf ----------------------------------------------------------------------------

def _docx_text(data: bytes, source: str) -> str:
    """Paragraphs and table cells of a .docx, in document order, one per line."""
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several unrelated types for bad files
        raise UnsupportedFormatError(f"{source}: not a readable .docx file ({error}) — "
                                     "open it in Word and save it again") from error
    lines: list[str] = []
    paragraph_tag, table_tag = qn("w:p"), qn("w:tbl")
    breaks = {qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:tab"): " "}
    text_tags = (qn("w:t"), *breaks)

    def walk(element: Any) -> None:
        for child in element.iterchildren():
            if child.tag == paragraph_tag:
                lines.append("".join(breaks.get(node.tag, node.text or "")
                                     for node in child.iter(*text_tags)))
                lines.append("")
            elif child.tag == table_tag:
                for row in child.iterchildren(qn("w:tr")):
                    for cell in row.iterchildren(qn("w:tc")):
                        walk(cell)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:ins")):
                walk(child)

    walk(document.element.body)
    # Old reports typed in .VnTime or VNI-Times fonts keep their legacy bytes inside .docx too.
    return to_unicode("\n".join(lines))


def _pdf_text(data: bytes, source: str, ocr: OcrOptions,
              limit: int) -> tuple[str, tuple[OcrPage, ...]]:
    """The text of a PDF, page after page (a form feed between pages).

    Pages without a text layer, or with a garbage one, are read by OCR unless it is off.
    """
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-PDF chatter is not ours to print
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("a password is needed")
        if len(reader.pages) > max_pages(limit):
            raise FileTooLargeError(f"{source}: {len(reader.pages)} pages, beyond the limit of "
                                    f"{max_pages(limit)} pages — raise it with --max-size MB "
                                    "(or BAOCAO_MAX_SIZE) if you trust the file")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError) as error:
        raise UnsupportedFormatError(f"{source}: an encrypted PDF ({error}) — "
                                     "save an unprotected copy and read that") from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnsupportedFormatError(f"{source}: a damaged PDF ({error}) — "
                                     "open it and save or print it to PDF again") from error
    scanned = [number for number, text in enumerate(pages, 1) if needs_ocr(text)]
    read: tuple[OcrPage, ...] = ()
    if scanned and ocr.enabled:
        done = ocr_pdf_pages(data, scanned, source, ocr)
        for number, (text, _) in done.items():
            pages[number - 1] = text
        read = tuple(page for _, page in done.values())
    text = "\n\f\n".join(pages)
    if not re.search(r"[^\W\d_]{2}", text):
        if ocr.enabled:
            raise EmptyDocumentError(f"{source}: the PDF has no text layer, and OCR found no "
                                     "text in it — is it a blank or unreadable scan?")
        raise EmptyDocumentError(f"{source}: the PDF has no text layer (a scan?) and OCR "
                                 "is off — leave out --no-ocr to read it by OCR, "
                                 "or use the original document")
    return to_unicode(text), read


# --- markdown ----------------------------------------------------------------------------------

# (trigger, pattern, replacement): a rule runs only on text that contains its trigger, which
# halves the cost on the 2,000-page archive, where most pages need only a few rules.
_MD_RULES = (
    ("```", re.compile(r"^\s*```.*$", re.MULTILINE), ""),                          # code fences
    ("", re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.MULTILINE), ""),              # horizontal rules
    ("--", re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$", re.MULTILINE), ""),  # tables
    ("![", re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),                          # images
    ("](", re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                           # links
    (">", re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),                         # block quotes
    ("", re.compile(r"^(\s*)[*+]\s+", re.MULTILINE), r"\1- "),                    # list bullets
    ("<", re.compile(r"<[^>\n]+>"), ""),                                          # HTML tags
    ("[", re.compile(r"\[(?:\d{1,3}|sửa(?: \| sửa mã nguồn)?|cần dẫn nguồn)\]"), ""),  # wiki
)


def _drop_marks(text: str, mark: str) -> str:
    """Remove emphasis marks, paired or not (web exports split pairs across lines).

    A mark between two letters or digits ("5*3", "snake_case") stays.  Splitting on the mark
    is several times faster than a regular expression with look-arounds.
    """
    if mark not in text:
        return text
    pieces = text.split(mark)
    out = [pieces[0]]
    for piece in pieces[1:]:
        keep = out[-1][-1:].isalnum() and piece[:1].isalnum()
        out.append(mark + piece if keep else piece)
    return "".join(out)


def strip_markdown(text: str) -> str:
    """Remove markdown markup that is not text: emphasis, links, table pipes, rules.

    Heading marks (``#``) stay: they tell the structure step that a line is a heading.  Table
    cells go on lines of their own, so that a flattened header table still reads.

    >>> strip_markdown("**Kết quả** đạt _được_\\n| Số: 09/CT-UBND | *Cần Thơ* |\\n|---|---|")
    'Kết quả đạt được\\nSố: 09/CT-UBND\\nCần Thơ\\n'
    """
    for trigger, pattern, replacement in _MD_RULES:
        if trigger in text:
            text = pattern.sub(replacement, text)
    text = _drop_marks(_drop_marks(text, "*"), "_")
    if "|" not in text:
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") or stripped.endswith("|") or stripped.count(" | ") >= 2:
            lines.extend(cell.strip() for cell in stripped.strip("|").split("|"))
        else:
            lines.append(line)
    return "\n".join(lines)
