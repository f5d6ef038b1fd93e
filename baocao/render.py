"""Text renderings of search hits and report lists for the command line (strings only).

The CLI decides where they go and whether the terminal takes colour; nothing here prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from index.search import Hit, SearchResult

__all__ = ["mark", "counts_line", "hit_lines", "hits_table", "hits_jsonl", "hits_csv",
           "reports_table", "reports_jsonl"]

_ON, _OFF = "\x1b[1;33m", "\x1b[0m"
# The keys of Hit.to_dict: csv has the columns of jsonl.
CSV_COLUMNS = ("source", "number", "title", "date", "place", "province", "section", "index",
               "label", "score", "label_score", "text", "highlights")


def mark(text: str, spans: Iterable[tuple[int, int]], colour: bool) -> str:
    """Return ``text`` with each span in ANSI bold yellow (``colour``) or in [brackets].

    >>> mark("tiếp công dân định kỳ", [(0, 13)], colour=False)
    '[tiếp công dân] định kỳ'
    """
    on, off = (_ON, _OFF) if colour else ("[", "]")
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], on, text[start:end], off]
        last = end
    return "".join(out) + text[last:]


def counts_line(result: SearchResult) -> str:
    """One line: how many sentences match, and how many of each label.

    >>> counts_line(SearchResult([], {"achievement": 3, "limitation": 1}))
    '4 matching sentences: achievement 3, limitation 1'
    """
    if not result.total:
        return "no matching sentences"
    labels = ", ".join(f"{label} {count}" for label, count in result.counts.items())
    return f"{result.total} matching sentence{'s' * (result.total != 1)}: {labels}"


def _report_name(hit: Hit) -> str:
    details = ", ".join(x for x in (hit.number, hit.place, hit.date) if x)
    return Path(hit.source).name + (f" ({details})" if details else "")


def hit_lines(rank: int, hit: Hit, colour: bool, with_report: bool = True) -> list[str]:
    """The lines of one hit in the table: rank, label, score, report, section, text."""
    where = " — ".join(x for x in (_report_name(hit) if with_report else "", hit.section) if x)
    return [f"{rank:>3}. [{hit.label}] {hit.score:.2f}  {where}",
            f"     {mark(hit.text, hit.highlights, colour)}"]


def hits_table(result: SearchResult, colour: bool, by_report: bool = False) -> list[str]:
    """The table: hits in rank order, or grouped under their report; then the counts line."""
    lines = []
    if by_report:
        groups: dict[str, list[tuple[int, Hit]]] = {}
        for rank, hit in enumerate(result.hits, 1):
            groups.setdefault(hit.source, []).append((rank, hit))
        for ranked in groups.values():
            first = ranked[0][1]
            lines.append(f"{_report_name(first)}{': ' + first.title if first.title else ''}")
            lines.append(f"  {first.source}")
            for rank, hit in ranked:
                lines += ["  " + line for line in hit_lines(rank, hit, colour, False)]
    else:
        for rank, hit in enumerate(result.hits, 1):
            lines += hit_lines(rank, hit, colour)
    return lines + [counts_line(result)]


def hits_jsonl(result: SearchResult) -> list[str]:
    """One JSON object per hit (see :meth:`Hit.to_dict`)."""
    return [json.dumps(hit.to_dict(), ensure_ascii=False) for hit in result.hits]


def hits_csv(result: SearchResult) -> str:
    """The hits as CSV with a header row; ``highlights`` is a JSON list of [start, end]."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for hit in result.hits:
        row = hit.to_dict()
        row["highlights"] = json.dumps(row["highlights"])
        writer.writerow([row[c] if row[c] is not None else "" for c in CSV_COLUMNS])
    return out.getvalue().rstrip("\n")


def reports_table(records: list[dict]) -> list[str]:
    """One block per indexed report: path, metadata, sentence counts per label."""
    lines = []
    for record in records:
        details = " | ".join(str(record.get(k)) for k in ("doc_type", "number", "place", "date")
                             if record.get(k))
        labels = ", ".join(f"{k} {v}" for k, v in sorted(record["labels"].items()))
        lines += [record["source"], f"    {details or '(no metadata)'}"]
        if record.get("title"):
            lines.append(f"    {record['title']}")
        lines.append(f"    {record['sentences']} sentences: {labels or '-'}")
    noun = "report" if len(records) == 1 else "reports"
    return lines + [f"{len(records)} {noun}, "
                    f"{sum(r['sentences'] for r in records)} sentences"]


def reports_jsonl(records: list[dict]) -> list[str]:
    """One JSON object per indexed report."""
    return [json.dumps(record, ensure_ascii=False) for record in records]
