"""Grouped cross-validation over the written examples: a development measure that is not gold.

Each document type (BÁO CÁO, CHỈ THỊ, BÀI VIẾT, ..., "" for no document) is held out in turn:
the model is trained on the other types' examples and the bundled report, then scores the held-out
type's examples from their text alone (no heading, no document type) — the hardest case, a
paragraph pasted from a kind of document the model has not seen.  Examples that differ only by
their words are near-duplicates within a type, so splitting by type avoids flattering figures.

    python scripts/cv_examples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    from nlp.classifier.model import Classifier, fit_classifier
    from nlp.classifier.evaluation import score
    from nlp.classifier.features import Item
    from nlp.classifier.training import build_training_set

    data = build_training_set()
    groups = sorted({item.doc_type or "" for item, origin in zip(data.items, data.origins)
                     if origin.startswith("example:")})
    gold_all, predicted_all, line = [], [], []
    for group in groups:
        held = [i for i, (item, origin) in enumerate(zip(data.items, data.origins))
                if origin.startswith("example:") and (item.doc_type or "") == group]
        keep = set(range(len(data.items))) - set(held)
        train = type(data)()
        for i in sorted(keep):
            train.add(data.items[i], data.labels[i], data.weights[i], data.origins[i])
        model = Classifier(fit_classifier(train))
        items = [Item(data.items[i].words) for i in held]
        predicted = [p.label for p in model.predict_items(items, document=False)]
        gold = [data.labels[i] for i in held]
        gold_all += gold
        predicted_all += predicted
        line.append(f"{group or '(none)'}={score(gold, predicted).macro_f1:.3f} (n={len(held)})")
    print("grouped CV by document type, text alone: pooled macro-F1 "
          f"{score(gold_all, predicted_all).macro_f1:.3f}; " + "; ".join(line))


if __name__ == "__main__":
    main()
