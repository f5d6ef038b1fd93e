"""Label the sentences of a report: the value ``baocao classify`` shows.

The library returns :class:`LabelledSentence` values; the table, JSON lines and CSV are built
from them by ``baocao.render``.
"""

from __future__ import annotations

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

__all__ = ["LabelledSentence", "classify_report"]


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
