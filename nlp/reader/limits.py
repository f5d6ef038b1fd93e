"""How much the reader takes from one file, checked before the work is done.

A report of a thousand pages is a few megabytes of text; a file far beyond that is a mistake or
an attack (a zip bomb: a small .docx whose XML inflates to gigabytes).  Every limit is derived
from one number, ``max_size`` in bytes: ``BAOCAO_MAX_SIZE`` (megabytes) in the environment, else
:data:`DEFAULT_MAX_SIZE`; ``baocao read/classify/index add --max-size MB`` sets it.

>>> check_size(3_000_000, 2_000_000, "-", "the text")
Traceback (most recent call last):
...
nlp.errors.FileTooLargeError: -: the text is 3.0 MB, beyond the limit of 2.0 MB — raise it with --max-size MB (or BAOCAO_MAX_SIZE) if you trust the file
"""

from __future__ import annotations

import io
import os
import zipfile

from ..errors import FileTooLargeError, UnsupportedFormatError

__all__ = ["DEFAULT_MAX_SIZE", "MAX_RATIO", "XML_PER_TEXT", "PAGES_PER_MB", "max_size",
           "check_size", "check_docx", "max_pages"]

DEFAULT_MAX_SIZE = 50_000_000
# Word XML compresses 5-20 times (measured on the .docx files of the maintainers' archive: at
# most 30); deflate reaches 1,000 on repeated markup, which only a bomb has.
MAX_RATIO = 100
# A .docx holds several bytes of XML markup per byte of text.
XML_PER_TEXT = 10
# A page of a report holds 2-5 KB of text: 400 pages per MB of the limit is generous.
PAGES_PER_MB = 400


def max_size(value: int | None = None) -> int:
    """Return ``value``, else ``BAOCAO_MAX_SIZE`` (in MB), else :data:`DEFAULT_MAX_SIZE`."""
    if value is not None:
        if value <= 0:
            raise ValueError(f"max_size must be positive, got {value}")
        return value
    env = os.environ.get("BAOCAO_MAX_SIZE", "").strip()
    try:
        return int(float(env) * 1_000_000) if env else DEFAULT_MAX_SIZE
    except ValueError:
        raise FileTooLargeError(f"BAOCAO_MAX_SIZE={env!r} is not a number of megabytes — "
                                "set it to a number such as 100") from None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check_size(size: int, limit: int, source: str, what: str) -> None:
    """Raise :class:`FileTooLargeError` when ``size`` (bytes or characters) exceeds ``limit``."""
    if size > limit:
        raise FileTooLargeError(f"{source}: {what} is {_megabytes(size)}, beyond the limit of "
                                f"{_megabytes(limit)} — raise it with --max-size MB (or "
                                "BAOCAO_MAX_SIZE) if you trust the file")


def check_docx(data: bytes, source: str, limit: int) -> None:
    """Refuse a .docx whose parts declare too much, or inflate too much, before inflating any.

    The declared sizes bound the work: :mod:`zipfile` never inflates past a part's declared
    size, so a part that lies about it fails its CRC check instead of filling the memory.
    """
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnsupportedFormatError(f"{source}: not a readable .docx file ({error}) — "
                                     "open it in Word and save it again") from error
    check_size(sum(p.file_size for p in parts), limit * XML_PER_TEXT, source,
               "the unpacked .docx")
    for part in parts:
        if part.file_size > 1_000_000 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise FileTooLargeError(
                f"{source}: part {part.filename} inflates {part.file_size // max(part.compress_size, 1)}"
                f" times ({_megabytes(part.file_size)}), more than any document ({MAX_RATIO} "
                "times) — a zip bomb? Open it in Word and save it again")


def max_pages(limit: int) -> int:
    """The number of PDF pages read under ``limit``."""
    return max(10, limit * PAGES_PER_MB // 1_000_000)
