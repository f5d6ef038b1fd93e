"""Held-out evaluation of the classifier against hand-labelled sentences, beside the cue baseline.

A gold file has a header line and ``label<TAB>text`` rows (``skip`` rows — headings, header
fragments — are left out).  Each file is taken as one document, in reading order, and
classified from its text alone: no headings, no document type.

Evaluation is always held out.  The model is trained afresh from ``corpus/`` (the shipped
recipe, not whatever the user trained into the cache).  If a gold file's sentences come from a
report that is part of the training data (the bundled report is: it gives weak labels), the
model is retrained *without that report* for that file, and the output says so.  The output also
counts gold sentences found among the written examples, verbatim (should be none) or nearly
(sharing over half their words: formulaic closings such as "... thông báo để ... biết").

Macro-F1 averages the per-label F1 over the labels that occur in the gold labels or in the
predictions of that file (a label absent from both has no F1 and is left out, as scikit-learn
does); the pooled line scores all files' sentences together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TrainingDataError
from .labels import LABELS
from ..text import folded_key, normalize_text

__all__ = ["GoldFile", "Scores", "FileResult", "read_gold", "default_gold_files", "score",
           "evaluate_files", "render_evaluation"]

_OVERLAP = 0.3
NEAR = 0.5


@dataclass(frozen=True)
class GoldFile:
    """The labelled sentences of one gold file, in order."""

    name: str
    labels: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    """Precision, recall, F1 and support per label; macro-F1; confusion matrix (rows = gold)."""

    per_label: dict[str, tuple[float, float, float, int]]
    macro_f1: float
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]


@dataclass
class FileResult:
    """The evaluation of one gold file (or of all of them pooled)."""

    name: str
    size: int
    model: Scores
    baseline: Scores
    held_out: str
    brier: float
    calibration_error: float
    leaked: int = 0
    near: int = 0
    gold: list[str] = field(default_factory=list, repr=False)
    predicted: list[str] = field(default_factory=list, repr=False)
    probabilities: list[dict[str, float]] = field(default_factory=list, repr=False)
    baseline_predicted: list[str] = field(default_factory=list, repr=False)


def read_gold(path: str | Path) -> GoldFile:
    """Read a ``label<TAB>text`` gold file; raise :class:`TrainingDataError` if it is unusable."""
    path = Path(path)
    if not path.is_file():
        raise TrainingDataError(f"{path}: no such gold file — check the path")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise TrainingDataError(f"{path}: cannot read it as UTF-8 text ({error})") from None
    labels, texts = [], []
    for number, line in enumerate(lines, 1):
        parts = line.split("\t")
        if number == 1 and parts[0] == "label":
            continue
        if not line.strip() or line.startswith("#") or parts[0] == "skip":
            continue
        if len(parts) != 2 or parts[0] not in LABELS or not parts[1].strip():
            raise TrainingDataError(f"{path}:{number}: expected label<TAB>text with a label "
                                    f"among {', '.join(LABELS)}")
        labels.append(parts[0])
        texts.append(normalize_text(parts[1]))
    if not texts:
        raise TrainingDataError(f"{path}: no labelled sentences — expected label<TAB>text rows")
    return GoldFile(path.name, tuple(labels), tuple(texts))


def default_gold_files() -> list[Path]:
    """Return the project's shared gold files (``../shared/gold/*.tsv`` beside the checkout),
    sorted; an empty list where there are none (an installed copy)."""
    return sorted((Path(__file__).resolve().parents[3] / "shared" / "gold").glob("*.tsv"))


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Return the scores of ``predicted`` against ``gold``.

    >>> s = score(["cause", "other", "other"], ["cause", "other", "limitation"])
    >>> round(s.macro_f1, 3), s.per_label["other"][:2]
    (0.556, (1.0, 0.5))
    """
    per_label, f1s = {}, []
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        n_pred = sum(p == label for p in predicted)
        n_gold = sum(g == label for g in gold)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = (precision, recall, f1, n_gold)
        if n_pred or n_gold:
            f1s.append(f1)
    confusion = tuple(tuple(sum(g == a and p == b for g, p in zip(gold, predicted))
                            for b in LABELS) for a in LABELS)
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return Scores(per_label, sum(f1s) / len(f1s) if f1s else 0.0, accuracy, confusion)


def calibration(gold: Sequence[str], probabilities: Sequence[dict[str, float]],
                bins: int = 10) -> tuple[float, float]:
    """Return the multi-class Brier score and the expected calibration error (top label)."""
    if not gold:
        return 0.0, 0.0
    brier = sum(sum((p[label] - (g == label)) ** 2 for label in LABELS)
                for g, p in zip(gold, probabilities)) / len(gold)
    buckets: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for g, p in zip(gold, probabilities):
        best = max(LABELS, key=p.__getitem__)
        buckets[min(int(p[best] * bins), bins - 1)].append((p[best], g == best))
    ece = sum(abs(sum(c for c, _ in b) - sum(ok for _, ok in b)) for b in buckets if b)
    return brier, ece / len(gold)


def _key(text: str) -> str:
    return " ".join(folded_key(text).split())


def _overlaps(gold: GoldFile, report_text: str) -> bool:
    inside = sum(_key(t)[:80] in report_text for t in gold.texts)
    return inside >= _OVERLAP * len(gold.texts)


def evaluate_files(paths: Sequence[str | Path], document: bool = True,
                   model: str | Path | None = None, **params) -> list[FileResult]:
    """Evaluate the shipped training recipe on each gold file, held out; return per-file results
    and, last, the pooled result (when there are several files).

    ``document`` applies the document prior (as ``baocao classify`` does); ``params`` go to
    :func:`~nlp.classifier.model.make_classifier`.  ``model`` scores that trained model file
    instead (not held out: it may have learnt from the gold documents).
    """
    from corpus import BUNDLED_REPORT

    from .cues import CueBaseline, sentence_syllables

    golds = [read_gold(path) for path in paths]
    bundled_text = _key(BUNDLED_REPORT.read_text(encoding="utf-8"))
    examples = [_key(text) for text in _example_texts()]
    verbatim, example_words = set(examples), [set(e.split()) for e in examples]
    models: dict = {}
    baseline = CueBaseline()
    results = []
    trained = None
    if model is not None:
        from .store import load_classifier

        trained = load_classifier(model)
    for gold in golds:
        with_bundled = not _overlaps(gold, bundled_text)
        if trained is None and with_bundled not in models:
            models[with_bundled] = _train(with_bundled, params)
        classifier = trained or models[with_bundled]
        items = classifier.text_items(list(gold.texts))
        predictions = classifier.predict_items(items, document=document)
        base = baseline.predict_syllables([sentence_syllables(i.words) for i in items])
        note = ("held out: not in the training data" if with_bundled else
                "held out: its report is in corpus/, so the model was retrained without it")
        if trained is not None:
            note = f"the model {model}, not held out: it may have learnt from these documents"
        leaked = sum(_key(t) in verbatim for t in gold.texts)
        result = _result(gold.name, list(gold.labels), predictions, base, note, leaked)
        result.near = sum(_near(_key(t), example_words) for t in gold.texts)
        results.append(result)
    if len(results) > 1:
        results.append(_pooled(results))
    return results


def _near(text: str, example_words: Sequence[set]) -> bool:
    """Whether a written example shares more than half its words with ``text`` (Jaccard)."""
    words = set(text.split())
    return any(len(words & e) > NEAR * len(words | e) for e in example_words)


def _train(with_bundled: bool, params: dict):
    from .model import Classifier, fit_classifier
    from .training import build_training_set

    data = build_training_set(bundled=with_bundled)
    return Classifier(fit_classifier(data, **params))


def _pooled(results: Sequence[FileResult]) -> FileResult:
    gold = [g for r in results for g in r.gold]
    predicted = [p for r in results for p in r.predicted]
    probabilities = [p for r in results for p in r.probabilities]
    base = [b for r in results for b in r.baseline_predicted]
    brier, ece = calibration(gold, probabilities)
    return FileResult("pooled", len(gold), score(gold, predicted), score(gold, base),
                      "all files together", brier, ece, sum(r.leaked for r in results),
                      sum(r.near for r in results), gold, predicted, probabilities, base)


def _example_texts() -> list[str]:
    from .training import example_files, read_examples

    return [e.text for path in example_files() for e in read_examples(path)]


def _result(name, gold, predictions, base, note, leaked) -> FileResult:
    predicted = [p.label for p in predictions]
    probabilities = [p.scores for p in predictions]
    brier, ece = calibration(gold, probabilities)
    return FileResult(name, len(gold), score(gold, predicted), score(gold, base), note, brier,
                      ece, leaked, gold=gold, predicted=predicted, probabilities=probabilities,
                      baseline_predicted=base)


def render_evaluation(results: Sequence[FileResult]) -> str:
    """Return the text report of ``evaluate_files``: per file, model and baseline side by side."""
    lines = ["Held-out evaluation: the model is trained from corpus/ and never on the documents "
             "it is scored on.",
             "('-': a label neither in the gold labels nor predicted; left out of macro-F1)", ""]
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


def _label_row(label: str, r: FileResult) -> str:
    m, b = r.model.per_label[label], r.baseline.per_label[label]
    counted = m[3] or label in r.predicted
    figures = f"{m[0]:8.3f} {m[1]:6.3f} {m[2]:6.3f}" if counted else f"{'-':>8} {'-':>6} {'-':>6}"
    counted = b[3] or label in r.baseline_predicted
    base = f"{b[0]:10.3f} {b[1]:6.3f} {b[2]:6.3f}" if counted else f"{'-':>10} {'-':>6} {'-':>6}"
    return f"{label:12} {figures}   {base}  {m[3]:7d}"
