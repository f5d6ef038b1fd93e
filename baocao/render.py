"""Every text the ``baocao`` command prints is built here, as strings; nothing here prints.

The libraries return values (a ``Report``, labelled sentences, search hits, evaluation results);
this module turns them into the table, JSON lines and CSV the command shows.  The jsonl and CSV
of a value are both built from its ``to_dict``: the columns are that dict's keys, in order, so a
new field is one edit, in ``to_dict``.  The CLI decides where the text goes and whether the
terminal takes colour.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.classifier.labels import LABELS

if TYPE_CHECKING:  # the values only; importing index.search at run time would load Whoosh
    from index.search import Hit, SearchResult
    from nlp.classifier.apply import LabelledSentence
    from nlp.classifier.evaluation import FileResult
    from nlp.reader.report import Report

__all__ = ["jsonl_lines", "csv_columns", "csv_lines", "CsvRows", "report_lines",
           "labelled_table", "evaluation_text", "mark", "counts_line", "hit_lines",
           "hits_table", "hits_jsonl", "hits_csv", "reports_table", "reports_jsonl"]


# --- jsonl and CSV, for every value with a to_dict -----------------------------------------------

# A dict-valued field becomes one CSV column per key, named with this prefix (the probabilities
# of ``baocao classify``: p_achievement, ...).
_EXPANDED = {"scores": "p_"}


def jsonl_lines(rows: Iterable[Mapping]) -> list[str]:
    """One JSON object per row (a value's ``to_dict``), Vietnamese kept readable.

    >>> jsonl_lines([{"text": "Tiến độ còn chậm.", "score": 0.9}])
    ['{"text": "Tiến độ còn chậm.", "score": 0.9}']
    """
    return [json.dumps(row, ensure_ascii=False) for row in rows]


def csv_columns(rows: Iterable[Mapping]) -> list[str]:
    """The CSV columns of ``rows``: their keys in order of first appearance, dicts expanded.

    >>> csv_columns([{"label": "cause", "scores": {"cause": 0.8, "other": 0.2}}])
    ['label', 'p_cause', 'p_other']
    """
    columns: dict[str, None] = {}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, Mapping):
                columns.update((f"{_EXPANDED.get(key, key + '_')}{sub}", None) for sub in value)
            else:
                columns[key] = None
    return list(columns)


def _cells(row: Mapping) -> dict[str, str]:
    """One row's CSV cells: floats with 4 decimals, lists as JSON, reasons as ``word +w; ...``."""
    cells = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            cells.update((f"{_EXPANDED.get(key, key + '_')}{sub}", _cell(key, v))
                         for sub, v in value.items())
        else:
            cells[key] = _cell(key, value)
    return cells


def _cell(key: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if key == "reasons":
        return "; ".join(f"{r['feature']} +{r['weight']:.2f}" for r in value)
    if isinstance(value, (list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_lines(rows: Iterable[Mapping], columns: Sequence[str], header: bool = True) -> list[str]:
    """The CSV lines of ``rows`` under ``columns`` (a missing cell is empty).

    >>> csv_lines([{"index": 3, "score": 0.5, "highlights": [[0, 4]]}],
    ...           ["index", "score", "highlights"])
    ['index,score,highlights', '3,0.5000,"[[0, 4]]"']
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        cells = _cells(row)
        writer.writerow([cells.get(column, "") for column in columns])
    return out.getvalue().splitlines()


class CsvRows:
    """CSV written in batches (one per report): the header once, before the first row.

    The columns come from the first non-empty batch, so a first report without rows does not
    lose the header.
    """

    def __init__(self) -> None:
        self.columns: list[str] | None = None

    def lines(self, rows: Sequence[Mapping]) -> list[str]:
        """The CSV lines of this batch, led by the header if no row was written before."""
        if not rows:
            return []
        header = self.columns is None
        if header:
            self.columns = csv_columns(rows)
        return csv_lines(rows, self.columns, header)


def _blank(cls: type):
    """An instance of the dataclass ``cls`` with empty values: its ``to_dict`` names the columns
    when there is no row to take them from."""
    empty = {str: "", int: 0, float: 0.0, tuple: (), list: [], dict: {}}
    values = {}
    for name, hint in typing.get_type_hints(cls).items():
        args = typing.get_args(hint)
        origin = typing.get_origin(hint) or hint
        values[name] = None if type(None) in args else empty.get(origin)
    return cls(**{f.name: values[f.name] for f in dataclasses.fields(cls)})


# --- baocao read ---------------------------------------------------------------------------------

def report_lines(report: Report) -> list[str]:
    """The text of ``baocao read``: the metadata, then each sentence under its section path."""
    meta = report.metadata
    lines = [f"{key:10} {getattr(meta, key) or '-'}"
             for key in ("doc_type", "number", "place", "date", "title")]
    lines.append(f"{'issuers':10} {'; '.join(meta.issuers) or '-'}")
    lines.append(f"{'signers':10} {'; '.join(f'{s.role}: {s.name}' for s in meta.signers) or '-'}")
    lines.append(f"{'recipients':10} {'; '.join(meta.recipients) or '-'}")
    for sentence in report.sentences:
        lines.append(f"[{sentence.index}] {' > '.join(sentence.section)}\n    {sentence.text}")
    return lines


# --- baocao classify, evaluate -------------------------------------------------------------------

def labelled_table(source: str, sentences: Sequence[LabelledSentence]) -> list[str]:
    """One report's labelled sentences grouped by label, each group in reading order."""
    lines = [f"== {source}: {len(sentences)} sentences"]
    for label in LABELS:
        group = [s for s in sentences if s.label == label]
        if not group:
            continue
        lines.append(f"-- {label} ({len(group)})")
        for s in group:
            where = " > ".join(s.section) or "(no heading)"
            lines.append(f"  [{s.index}] {s.score:.2f}  {where}")
            lines.append(f"      {s.text}")
            if s.reasons:
                lines.append("      because: " + ", ".join(f"{r.feature} (+{r.weight:.2f})"
                                                          for r in s.reasons))
    return lines


def evaluation_text(results: Sequence[FileResult]) -> str:
    """The text of ``baocao evaluate``: per file, model and baseline side by side."""
    lines = ["Held-out evaluation: the model is trained from corpus/ and never on the documents "
             "it is scored on.",
             "('-': a label absent from the gold labels of the file; left out of macro-F1)", ""]
    for r in results:
        lines.append(f"== {r.name} ({r.size} sentences; {r.held_out}; "
                     f"{r.leaked} found verbatim and {r.near} nearly (over half their words) "
                     "in the written examples)")
        lines.append(f"{'label':12} {'model P':>8} {'R':>6} {'F1':>6}   "
                     f"{'baseline P':>10} {'R':>6} {'F1':>6}  {'support':>7}")
        for label in LABELS:
            lines.append(_label_row(label, r))
        lines.append(f"{'macro-F1':12} {r.model.macro_f1:22.3f}   {r.baseline.macro_f1:24.3f}")
        lines.append(f"{'accuracy':12} {r.model.accuracy:22.3f}   {r.baseline.accuracy:24.3f}")
        lines.append(f"calibration: Brier {r.brier:.3f}, expected calibration error "
                     f"{r.calibration_error:.3f}")
        lines.append("confusion (rows gold, columns predicted: "
                     + " ".join(label[:5] for label in LABELS) + ")")
        for label, m_row, b_row in zip(LABELS, r.model.confusion, r.baseline.confusion):
            lines.append(f"  {label:12} model " + " ".join(f"{n:5d}" for n in m_row)
                         + "   baseline " + " ".join(f"{n:5d}" for n in b_row))
        lines.append("")
    lines.append("summary (macro-F1, model vs baseline): " + "; ".join(
        f"{r.name} {r.model.macro_f1:.3f} vs {r.baseline.macro_f1:.3f}" for r in results))
    return "\n".join(lines).rstrip() + "\n"


def evaluation_intervals(results: Sequence[FileResult]) -> str:
    """The pooled figures with 95 % intervals from a bootstrap over the gold files."""
    # deferred: nlp.classifier.evaluation loads scikit-learn, which other outputs must not pay for
    from nlp.classifier.evaluation import bootstrap_intervals

    files = [r for r in results if r.name != "pooled"]
    if len(files) < 2:
        return "(one gold file: no interval over documents)"
    pooled, intervals = results[-1].model, bootstrap_intervals([(r.gold, r.predicted)
                                                                 for r in files])
    figures = [("macro-F1", pooled.macro_f1)] + [(label, pooled.per_label[label][2])
                                                 for label in pooled.per_label]
    figures.append(("cause recall", pooled.per_label["cause"][1]))
    return ("pooled, with 95 % intervals (bootstrap over the gold files; with ~20 causes, a "
            "difference under 0.03 is noise): " + "; ".join(
                f"{name} {value:.3f} [{intervals[name][0]:.3f}, {intervals[name][1]:.3f}]"
                for name, value in figures))


def _label_row(label: str, r: FileResult) -> str:
    m, b = r.model.per_label[label], r.baseline.per_label[label]
    counted = m[3]
    figures = f"{m[0]:8.3f} {m[1]:6.3f} {m[2]:6.3f}" if counted else f"{'-':>8} {'-':>6} {'-':>6}"
    counted = b[3]
    base = f"{b[0]:10.3f} {b[1]:6.3f} {b[2]:6.3f}" if counted else f"{'-':>10} {'-':>6} {'-':>6}"
    return f"{label:12} {figures}   {base}  {m[3]:7d}"


# --- baocao search, index list ------------------------------------------------------------------

_ON, _OFF = "\x1b[1;33m", "\x1b[0m"


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

    >>> from index.search import SearchResult
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
    return jsonl_lines(hit.to_dict() for hit in result.hits)


def hits_csv(result: SearchResult) -> list[str]:
    """The hits as CSV, the columns of their jsonl lines, with a header row even without hits;
    ``highlights`` is a JSON list of [start, end]."""
    from index.search import Hit  # here, not at the top: it loads Whoosh

    rows = [hit.to_dict() for hit in result.hits]
    return csv_lines(rows, csv_columns(rows[:1] or [_blank(Hit).to_dict()]))


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
    return jsonl_lines(records)
