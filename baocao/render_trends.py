"""Text renderings of ``baocao trends``: a table with a bar per row, jsonl and csv (strings only).

On a terminal each row ends in a bar, one colour per label; piped, the table is plain columns
that other tools can cut.
"""

from __future__ import annotations

import csv
import io
import json

from index.trends import Trends, TrendRow

__all__ = ["trends_table", "trends_jsonl", "trends_csv", "reports_cell", "group_name",
           "LABEL_NAMES"]

BAR_WIDTH = 30
_COLOURS = {"achievement": "32", "limitation": "31", "cause": "33", "other": "90"}
# Vietnamese names of the labels, for charts and documents read by officials.
LABEL_NAMES = {"achievement": "kết quả", "limitation": "hạn chế", "cause": "nguyên nhân",
               "other": "khác"}


def group_name(trends: Trends, row: TrendRow) -> str:
    """The group as shown: a report by its file name, every other group as it is."""
    return row.group.rsplit("/", 1)[-1] if trends.by == "report" else row.group


def reports_cell(row: TrendRow) -> str:
    """ "3 of 40": reports of the group mentioning the theme, of all its reports.

    >>> reports_cell(TrendRow("2019", {"limitation": 3}, 3, 40))
    '3 of 40'
    """
    return f"{row.reports_matching} of {row.reports}"


def _bar(row: TrendRow, labels: tuple[str, ...], most: int) -> str:
    out, used, running = [], 0, 0
    for label in labels:  # cumulative, so rounding never makes a bar longer than its share
        running += row.counts.get(label, 0)
        cells = round(BAR_WIDTH * running / most) - used
        if cells > 0:
            out.append(f"\x1b[{_COLOURS[label]}m{'█' * cells}\x1b[0m")
            used += cells
    return "".join(out)


def trends_table(trends: Trends, colour: bool) -> list[str]:
    """The table: one row per group, a total line; a bar per row when ``colour``."""
    labels = trends.labels
    names = [group_name(trends, row) for row in trends.rows]
    width = max([len(trends.by), *map(len, names)])
    header = f"{trends.by:<{width}}  {'sentences':>9}  " + "  ".join(
        f"{label:>{max(len(label), 5)}}" for label in labels) + f"  {'reports':>11}"
    lines = [header]
    most = max((row.sentences for row in trends.rows), default=0) or 1
    for name, row in zip(names, trends.rows):
        line = f"{name:<{width}}  {row.sentences:>9}  " + "  ".join(
            f"{row.counts.get(label, 0):>{max(len(label), 5)}}" for label in labels) + \
            f"  {reports_cell(row):>11}"
        lines.append(line + ("  " + _bar(row, labels, most) if colour else ""))
    total = trends.total()
    if colour:
        lines.append("bars: " + "  ".join(f"\x1b[{_COLOURS[label]}m█\x1b[0m {label}"
                                          for label in labels))
    lines.append(f"{total.sentences} matching sentence{'s' * (total.sentences != 1)} in "
                 f"{reports_cell(total)} reports, {len(trends.rows)} "
                 f"group{'s' * (len(trends.rows) != 1)} by {trends.by}")
    return lines


def trends_jsonl(trends: Trends) -> list[str]:
    """One JSON object per group (see :meth:`TrendRow.to_dict`)."""
    return [json.dumps(row.to_dict(trends.labels), ensure_ascii=False) for row in trends.rows]


def trends_csv(trends: Trends) -> str:
    """The groups as CSV with a header row: the same columns as jsonl."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rows = [row.to_dict(trends.labels) for row in trends.rows]
    columns = list(TrendRow("", {}, 0, 0).to_dict(trends.labels))
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] for c in columns])
    return out.getvalue().rstrip("\n")
