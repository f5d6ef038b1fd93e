"""Label the sentences of reports and render them as a table, JSON lines or CSV.

This is what ``baocao classify`` shows; it lives in the library so that the command stays a
thin translator and the renderings can be tested without a terminal.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import EmptyDocumentError
from .explain import Reason, explain_items
from .labels import LABELS, check_label

if TYPE_CHECKING:
    from .item import Item
    from .model import Classifier, Prediction
    from ..reader.report import Report

__all__ = ["LabelledSentence", "classify_report", "render_table", "render_jsonl", "render_csv"]


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence of a report with its prediction and, if asked, the reasons for it."""

    source: str
    index: int
    section: tuple[str, ...]
    text: str
    label: str
    score: float
    scores: dict[str, float]
    reasons: tuple = ()

    def to_dict(self) -> dict:
        """Return the JSON-lines shape: source, index, section, text, label, score, scores."""
        row = {"source": self.source, "index": self.index, "section": " > ".join(self.section),
               "text": self.text, "label": self.label, "score": round(self.score, 4),
               "scores": {label: round(self.scores[label], 4) for label in LABELS}}
        if self.reasons:
            row["reasons"] = [{"feature": r.feature, "weight": r.weight} for r in self.reasons]
        return row


def classify_report(classifier: Classifier, report: Report, labels: Iterable[str] | None = None,
                    min_score: float = 0.0, explain: bool = False) -> list[LabelledSentence]:
    """Return the labelled sentences of ``report`` whose label is in ``labels`` (all if
    ``None``) and whose score is at least ``min_score``, in reading order."""
    if not 0.0 <= min_score <= 1.0:
        raise ValueError(f"min_score must be between 0 and 1, got {min_score!r}")
    wanted = {check_label(label) for label in labels} if labels else set(LABELS)
    if not report.sentences:
        raise EmptyDocumentError(f"{report.source}: no sentences to classify")
    items = classifier.report_items(report)
    predictions = classifier.predict_items(items, document=True)
    keep = [i for i, p in enumerate(predictions) if p.label in wanted and p.score >= min_score]
    reasons: list[tuple[Reason, ...]] = [()] * len(items)
    if explain and keep:
        reasons = _reasons(classifier, items, predictions, keep)
    return [LabelledSentence(report.source, report.sentences[i].index,
                             tuple(report.sentences[i].section), report.sentences[i].text,
                             predictions[i].label, predictions[i].score, predictions[i].scores,
                             reasons[i]) for i in keep]


def _reasons(classifier: Classifier, items: Sequence[Item], predictions: Sequence[Prediction],
             keep: Sequence[int]) -> list[tuple[Reason, ...]]:
    """The features behind each kept label, led by the document context when it decided."""
    alone = classifier.predict_items([items[i] for i in keep], document=False)
    explained = explain_items(classifier, [items[i] for i in keep],
                              [predictions[i].label for i in keep])
    reasons: list[tuple[Reason, ...]] = [()] * len(items)
    for i, sentence, why in zip(keep, alone, explained):
        label = predictions[i].label
        if sentence.label != label:
            shift = predictions[i].scores[label] - sentence.scores[label]
            why = [Reason(f"document context (alone it would be {sentence.label})",
                          round(shift, 3))] + why
        reasons[i] = tuple(why)
    return reasons


def render_table(source: str, sentences: Sequence[LabelledSentence]) -> str:
    """Return one report's sentences grouped by label, each group in reading order."""
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
    return "\n".join(lines)


def render_jsonl(sentences: Sequence[LabelledSentence]) -> str:
    """Return one JSON object per line (no trailing newline)."""
    return "\n".join(json.dumps(s.to_dict(), ensure_ascii=False) for s in sentences)


CSV_COLUMNS = ("source", "index", "section", "text", "label", "score") + tuple(
    f"p_{label}" for label in LABELS)


def render_csv(sentences: Sequence[LabelledSentence], header: bool = True) -> str:
    """Return CSV rows (with a header row when ``header``), no trailing newline."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(CSV_COLUMNS + (("reasons",) if any(s.reasons for s in sentences) else ()))
    for s in sentences:
        row = [s.source, s.index, " > ".join(s.section), s.text, s.label, f"{s.score:.4f}"]
        row += [f"{s.scores[label]:.4f}" for label in LABELS]
        if s.reasons:
            row.append("; ".join(f"{r.feature} +{r.weight:.2f}" for r in s.reasons))
        writer.writerow(row)
    return buffer.getvalue().rstrip("\n")
