"""Turn a file (or a string) into a :class:`~nlp.report.Report`.

FIRST DRAFT: plain UTF-8 text only, a crude heading rule and underthesea's splitter.  The
reading helper replaces this with the full pipeline (formats, encodings, repair, metadata).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .errors import EmptyDocumentError, FileMissingError
from .normalize import normalize_text
from .report import Metadata, Report, Section, Sentence

__all__ = ["read_report", "read_text"]

_HEADING = re.compile(r"^((?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)-]+)\s*(.*)$")


def read_report(path: str | Path) -> Report:
    """Read the report at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise FileMissingError(f"{path}: no such file — check the path")
    data = path.read_bytes()
    return read_text(data.decode("utf-8-sig"), source=str(path),
                     sha256=hashlib.sha256(data).hexdigest())


def read_text(text: str, source: str = "-", sha256: str | None = None) -> Report:
    """Read a report from a string (``source`` names it in messages and output)."""
    from underthesea import sent_tokenize, word_tokenize

    text = normalize_text(text)
    if not text.strip():
        raise EmptyDocumentError(f"{source}: the file is empty — nothing to read")
    sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    sections, sentences, path = [], [], []
    for paragraph in (p for p in text.split("\n") if p.strip()):
        match = _HEADING.match(paragraph)
        if match and len(paragraph) < 200:
            level = 1 if re.match(r"^[IVX]+", match.group(1)) else match.group(1).count(".") + 1
            section = Section(match.group(1), match.group(2), level)
            sections.append(section)
            path = [(h, lv) for h, lv in path if lv < level]
            path.append((section.heading, level))
            continue
        for sent in sent_tokenize(paragraph):
            sentences.append(Sentence(len(sentences), tuple(h for h, _ in path), sent,
                                      tuple(word_tokenize(sent))))
    return Report(source, sha256, Metadata(), tuple(sections), tuple(sentences))
