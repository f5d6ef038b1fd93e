"""Word documents an official can forward: search hits, labelled sentences, a trends table.

Each document opens with a title naming the query and its filters and the date it was made;
hits are grouped by report (number, title, date, place), each sentence with its label and the
matched words in bold.  Returned as bytes; the CLI decides where they go.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from index.search import Hit, SearchResult
from index.trends import Trends

from .render_trends import LABEL_NAMES, group_name, reports_cell

__all__ = ["hits_docx", "classify_docx", "trends_docx", "describe_filters"]


def describe_filters(filters: dict) -> str:
    """The filters in one line, as the title's second line says them.

    >>> describe_filters({"label": "limitation", "province": "An Giang", "year": None})
    'label: limitation; province: An Giang'
    """
    return "; ".join(f"{name}: {value}" for name, value in filters.items()
                     if value not in (None, "", [], ()))


def _document(title: str, filters: dict, note: str | None = None):
    from docx import Document

    document = Document()
    document.add_heading(title, level=0)
    lines = [describe_filters(filters) and f"Lọc: {describe_filters(filters)}",
             f"Ngày xuất: {datetime.date.today().isoformat()}", note]
    for line in filter(None, lines):
        document.add_paragraph(line)
    return document


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _sentence(document, label: str, text: str, spans: Iterable[tuple[int, int]], extra: str):
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(f"[{LABEL_NAMES.get(label, label)}] ").italic = True
    last = 0
    for start, end in spans:
        paragraph.add_run(text[last:start])
        paragraph.add_run(text[start:end]).bold = True
        last = end
    paragraph.add_run(text[last:])
    if extra:
        paragraph.add_run(f" ({extra})").italic = True


def _report_heading(document, number: int, hit: Hit) -> None:
    name = hit.title or Path(hit.source).name
    document.add_heading(f"{number}. {name}", level=2)
    details = [("Số", hit.number), ("Ngày", hit.date), ("Nơi ban hành", hit.place),
               ("Tỉnh, thành phố hiện nay", hit.province), ("Tệp", hit.source)]
    document.add_paragraph("; ".join(f"{k}: {v}" for k, v in details if v))


def hits_docx(result: SearchResult, query: str, filters: dict, note: str | None = None) -> bytes:
    """The hits of one search, grouped by report, matched words in bold."""
    document = _document(f"Tìm kiếm: {query}", filters, note)
    counts = ", ".join(f"{LABEL_NAMES[k]} {v}" for k, v in result.counts.items())
    document.add_paragraph(f"{len(result.hits)} câu trong {result.total} câu khớp"
                           + (f" ({counts})" if counts else ""))
    groups: dict[str, list[Hit]] = {}
    for hit in result.hits:
        groups.setdefault(hit.source, []).append(hit)
    for number, hits in enumerate(groups.values(), 1):
        _report_heading(document, number, hits[0])
        for hit in hits:
            _sentence(document, hit.label, hit.text, hit.highlights,
                      " > ".join(filter(None, [hit.section])))
    return _bytes(document)


def classify_docx(reports: Sequence[tuple[object, Sequence]], filters: dict) -> bytes:
    """The labelled sentences of each report (``(Report, [LabelledSentence])`` pairs)."""
    document = _document("Phân loại câu báo cáo", filters)
    for number, (report, rows) in enumerate(reports, 1):
        meta = report.metadata
        document.add_heading(f"{number}. {meta.title or Path(report.source).name}", level=2)
        details = [("Số", meta.number), ("Ngày", meta.date), ("Nơi ban hành", meta.place),
                   ("Tỉnh, thành phố hiện nay", meta.province), ("Tệp", report.source)]
        document.add_paragraph("; ".join(f"{k}: {v}" for k, v in details if v))
        for row in rows:
            _sentence(document, row.label, row.text, (), f"{row.score:.2f}")
    return _bytes(document)


def trends_docx(trends: Trends, chart_png: bytes | None = None) -> bytes:
    """The trends table, then the chart."""
    from docx.shared import Cm

    document = _document(f"Xu hướng: {trends.query}", {"by": trends.by, **trends.filters})
    columns = [trends.by, "câu", *(LABEL_NAMES[k] for k in trends.labels), "báo cáo"]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns):
        cell.text = name
    for row in [*trends.rows, trends.total()]:
        values = [group_name(trends, row) or "Tổng", str(row.sentences),
                  *(str(row.counts.get(k, 0)) for k in trends.labels), reports_cell(row)]
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    if chart_png:
        document.add_picture(io.BytesIO(chart_png), width=Cm(16))
    return _bytes(document)
