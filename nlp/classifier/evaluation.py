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

Macro-F1 averages the per-label F1 over the labels present in the gold labels of that file: a
document without causes has no cause F1 (a cause predicted there still lowers the precision of
the label it belongs to).  The pooled line scores all files' sentences together, and
:func:`bootstrap_intervals` gives a 95 % interval for each pooled figure by resampling whole
documents (sentences of one document are not independent draws).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus import BUNDLED_REPORT

from ..errors import TrainingDataError
from ..text import folded_key, normalize_text
from .cues import CueBaseline, sentence_syllables
from .labels import LABELS
from .lexicon import data_rows, load_cues
from .model import Classifier, Prediction, fit_classifier
from .store import load_classifier
from .training import build_training_set, example_files, read_examples

__all__ = ["GoldFile", "Scores", "FileResult", "read_gold", "score", "bootstrap_interval",
           "bootstrap_intervals", "evaluate_files"]

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
    for number, line, parts in data_rows(lines):
        if parts[0] == "skip":
            continue
        if len(parts) != 2 or parts[0] not in LABELS or not parts[1].strip():
            raise TrainingDataError(f"{path}:{number}: expected label<TAB>text with a label "
                                    f"among {', '.join(LABELS)}")
        labels.append(parts[0])
        texts.append(normalize_text(parts[1]))
    if not texts:
        raise TrainingDataError(f"{path}: no labelled sentences — expected label<TAB>text rows")
    return GoldFile(path.name, tuple(labels), tuple(texts))


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Return the scores of ``predicted`` against ``gold``; macro-F1 over the gold's labels.

    >>> s = score(["cause", "other", "other"], ["cause", "other", "limitation"])
    >>> round(s.macro_f1, 3), s.per_label["other"][:2]
    (0.833, (1.0, 0.5))
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
        if n_gold:
            f1s.append(f1)
    confusion = tuple(tuple(sum(g == a and p == b for g, p in zip(gold, predicted))
                            for b in LABELS) for a in LABELS)
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return Scores(per_label, sum(f1s) / len(f1s) if f1s else 0.0, accuracy, confusion)


Documents = Sequence[tuple[Sequence[str], Sequence[str]]]
Statistic = Callable[[Sequence[str], Sequence[str]], "float | None"]


def _pooled_statistic(documents: Documents, statistic: Statistic) -> float | None:
    gold = [g for labels, _ in documents for g in labels]
    predicted = [p for _, labels in documents for p in labels]
    return statistic(gold, predicted)


def bootstrap_interval(documents: Documents, statistic: Statistic,
                       resamples: int = 1000, level: float = 0.95,
                       seed: int = 0) -> tuple[float, float]:
    """Return the percentile interval of ``statistic(gold, predicted)`` over documents drawn
    with replacement, each resample pooled; ``documents`` are ``(gold, predicted)`` pairs.

    A resample where ``statistic`` returns ``None`` (the label it scores is absent) is left out;
    ``(nan, nan)`` when every resample is.

    >>> docs = [(["cause"], ["cause"]), (["cause"], ["other"])]
    >>> bootstrap_interval(docs, lambda g, p: sum(a == b for a, b in zip(g, p)) / len(g))
    (0.0, 1.0)
    """
    import random

    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    rng, n = random.Random(seed), len(documents)
    values: list[float] = []
    for _ in range(resamples if n else 0):
        value = _pooled_statistic([documents[rng.randrange(n)] for _ in range(n)], statistic)
        if value is not None:
            values.append(value)
    values.sort()
    if not values:
        return float("nan"), float("nan")
    tail = (1 - level) / 2
    return (values[int(tail * (len(values) - 1))],
            values[int(round((1 - tail) * (len(values) - 1)))])


def _macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
    return score(gold, predicted).macro_f1 if gold else None


def _label_f1(label: str) -> Statistic:
    def f1(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
        return score(gold, predicted).per_label[label][2] if label in gold else None
    return f1


def _label_recall(label: str) -> Statistic:
    def recall(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
        return score(gold, predicted).per_label[label][1] if label in gold else None
    return recall


def bootstrap_intervals(documents: Sequence[tuple[Sequence[str], Sequence[str]]],
                        resamples: int = 1000, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Return 95 % bootstrap intervals over documents of the pooled macro-F1 ("macro-F1"),
    each label's F1 (by label name) and the recall of causes ("cause recall")."""
    statistics = {"macro-F1": _macro_f1, "cause recall": _label_recall("cause")}
    statistics.update({label: _label_f1(label) for label in LABELS})
    return {name: bootstrap_interval(documents, statistic, resamples, seed=seed)
            for name, statistic in statistics.items()}


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
                   model: str | Path | None = None, **params: Any) -> list[FileResult]:
    """Evaluate the shipped training recipe on each gold file, held out; return per-file results
    and, last, the pooled result (when there are several files).

    ``document`` applies the document prior (as ``baocao classify`` does); ``params`` go to
    :func:`~nlp.classifier.model.make_classifier`.  ``model`` scores that trained model file
    instead (not held out: it may have learnt from the gold documents).
    """
    golds = [read_gold(path) for path in paths]
    bundled_text = _key(BUNDLED_REPORT.read_text(encoding="utf-8"))
    examples = [_key(text) for text in _example_texts()]
    verbatim, example_words = set(examples), [set(e.split()) for e in examples]
    models: dict = {}
    baseline = CueBaseline(load_cues())
    results = []
    trained = None
    if model is not None:

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


def _train(with_bundled: bool, params: dict[str, Any]) -> Classifier:
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
    return [e.text for path in example_files() for e in read_examples(path)]


def _result(name: str, gold: list[str], predictions: Sequence[Prediction], base: list[str],
            note: str, leaked: int) -> FileResult:
    predicted = [p.label for p in predictions]
    probabilities = [p.scores for p in predictions]
    brier, ece = calibration(gold, probabilities)
    return FileResult(name, len(gold), score(gold, predicted), score(gold, base), note, brier,
                      ece, leaked, gold=gold, predicted=predicted, probabilities=probabilities,
                      baseline_predicted=base)
