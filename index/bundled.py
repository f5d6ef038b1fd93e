"""The bundled report in the default index: what lets a new user's very first search answer.

Apart from :mod:`index.writer` so that a search of an index that already holds reports (every
search but the first) checks it without importing the writer and, through it, the reader.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus import BUNDLED_REPORT

from .catalog import MANIFEST, indexed_sources
from .schema import has_toc

if TYPE_CHECKING:
    from .writer import AddResult

__all__ = ["ensure_bundled"]


def ensure_bundled(index_dir: str | os.PathLike, **options: Any) -> AddResult | None:
    """Index the bundled report if the index at ``index_dir`` is absent or holds no report.

    Returns the result of the add, or ``None`` when the index already had reports.
    """
    index_dir = Path(index_dir)
    try:  # the source list written after each commit: no need to open the index
        if json.loads((index_dir / MANIFEST).read_text(encoding="utf-8")):
            return None
    except (OSError, ValueError):
        pass
    if index_dir.is_dir() and has_toc(index_dir) and indexed_sources(index_dir):
        return None
    from .writer import add_reports

    return add_reports(index_dir, [BUNDLED_REPORT], **options)
