"""The chart of ``baocao trends --plot``: one line per label over the years, or stacked bars.

Drawn with matplotlib's object API on an Agg canvas (no pyplot, no display, no global state) in
DejaVu Sans, the font matplotlib ships, which has every Vietnamese letter: with a font lacking
them, "hạn chế" comes out with boxes.  SVG text is drawn as paths, so it shows the same anywhere.
"""

from __future__ import annotations

import io
from pathlib import Path

from index.trends import UNKNOWN, Trends

from .render_trends import LABEL_NAMES, group_name

__all__ = ["FORMATS", "chart_bytes", "plot_trends"]

FORMATS = ("png", "svg")
FONT = "DejaVu Sans"
MAX_BARS = 40  # beyond this many groups, the smallest are left out (and the title says so)
_COLOURS = {"achievement": "#2e7d32", "limitation": "#c62828", "cause": "#f9a825",
            "other": "#9e9e9e"}


def _figure(trends: Trends):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4.5), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    title = f"«{trends.query}» theo {_BY_NAMES[trends.by]}"
    dated = [row for row in trends.rows if row.group != UNKNOWN]
    unknown = trends.unknown()
    if trends.by == "year" and len(dated) > 1:
        years = [int(row.group) for row in dated]
        for label in trends.labels:
            axes.plot(years, [row.counts.get(label, 0) for row in dated], marker="o",
                      color=_COLOURS[label], label=LABEL_NAMES[label])
        axes.set_xticks(years, [str(year) for year in years])
        if unknown and unknown.sentences:
            title += f"\n(và {unknown.sentences} câu trong báo cáo không rõ năm)"
    else:
        rows = trends.rows[:MAX_BARS]
        if len(trends.rows) > MAX_BARS:
            title += f"\n({MAX_BARS} nhóm nhiều câu nhất trong {len(trends.rows)})"
        names = [group_name(trends, row) for row in rows][::-1]
        left = [0] * len(rows)
        for label in trends.labels:
            values = [row.counts.get(label, 0) for row in rows][::-1]
            axes.barh(names, values, left=left, color=_COLOURS[label], label=LABEL_NAMES[label])
            left = [a + b for a, b in zip(left, values)]
        most = max(left, default=0) or 1
        for y, (row, width) in enumerate(zip(rows[::-1], left)):  # "3/40": reports told apart
            axes.text(width + most * 0.01, y, f"{row.reports_matching}/{row.reports} báo cáo",
                      va="center", fontsize=8, color="#424242")
        axes.set_xlim(0, most * 1.15)
    from matplotlib.ticker import MaxNLocator

    # Counts of sentences are whole numbers: no "0.5 câu" ticks.
    (axes.yaxis if trends.by == "year" and len(dated) > 1 else axes.xaxis).set_major_locator(
        MaxNLocator(integer=True))
    axes.set_title(title, fontsize=11)
    axes.set_ylabel("số câu" if trends.by == "year" else "")
    axes.set_xlabel("năm" if trends.by == "year" and len(dated) > 1 else "số câu")
    axes.legend(frameon=False, fontsize=9)
    return figure


_BY_NAMES = {"year": "năm", "place": "địa phương", "province": "tỉnh, thành phố (sau sáp nhập)",
             "type": "loại văn bản", "report": "báo cáo"}


def chart_bytes(trends: Trends, fmt: str = "png") -> bytes:
    """The chart as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"chart format must be png or svg, not {fmt!r}")
    buffer = io.BytesIO()
    with _font():
        _figure(trends).savefig(buffer, format=fmt)
    return buffer.getvalue()


def _font():
    from matplotlib import rc_context

    return rc_context({"font.family": "sans-serif", "font.sans-serif": [FONT],
                       "svg.fonttype": "path"})


def plot_trends(trends: Trends, path: str | Path) -> None:
    """Write the chart to ``path``, PNG or SVG by its suffix."""
    fmt = Path(path).suffix.lower().lstrip(".")
    Path(path).write_bytes(chart_bytes(trends, fmt))
