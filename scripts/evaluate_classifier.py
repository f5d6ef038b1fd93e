"""Compare model variants on the held-out gold files: macro-F1 and calibration side by side.

Shows why the shipped model is a logistic regression with the document prior: for each variant
it prints the pooled macro-F1 (model and cue baseline), the Brier score and the expected
calibration error (ECE) of the probabilities, and the macro-F1 of every file.  Then it scores
the way users run the tool: the gold documents whose source is in ../shared/corpus-dev are read
with the reader (headings, document type) and classified with ``predict_report``.  Evaluation is
held out, as in ``baocao evaluate`` (see :mod:`nlp.classifier.evaluation`).  Run once, it trains 2 models
per variant:

    python scripts/evaluate_classifier.py [GOLD.tsv ...]   (default: ../shared/gold/*.tsv)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

VARIANTS = (
    ("logistic regression + document prior (shipped)", {}, True),
    ("logistic regression, sentences alone", {}, False),
    ("calibrated linear SVM + document prior", {"model": "calibrated-svm"}, True),
    ("calibrated linear SVM, sentences alone", {"model": "calibrated-svm"}, False),
)


def main(argv: list[str]) -> None:
    from nlp.classifier.evaluation import bootstrap_intervals, evaluate_files

    files = argv or sorted((REPO.parent / "shared" / "gold").glob("*.tsv"))
    if not files:
        sys.exit("no gold files: pass label<TAB>text files")
    print("macro-F1 with its 95 % interval (bootstrap over the gold files; with ~20 causes, a "
          "difference under 0.03 is noise); per file: macro-F1 over the labels present in it")
    print(f"{'variant':50} {'macro-F1 [95 % interval]':>24} {'cause F1':>8} {'baseline':>8} "
          f"{'Brier':>6} {'ECE':>6}  per file")
    for name, params, document in VARIANTS:
        results = evaluate_files(files, document=document, **params)
        pooled = results[-1]
        low, high = bootstrap_intervals([(r.gold, r.predicted) for r in results[:-1]])["macro-F1"]
        per_file = " ".join(f"{r.name.split('.')[0][:6]}={r.model.macro_f1:.2f}"
                            for r in results[:-1])
        print(f"{name:50} {pooled.model.macro_f1:8.3f} [{low:.3f}, {high:.3f}] "
              f"{pooled.model.per_label['cause'][2]:8.3f} {pooled.baseline.macro_f1:8.3f} "
              f"{pooled.brier:6.3f} {pooled.calibration_error:6.3f}  {per_file}", flush=True)
    through_the_reader(files)


def through_the_reader(files) -> None:
    """Score ``predict_report`` on the source documents of the gold files, matched by text."""
    import nlp
    from nlp.classifier.model import fit_classifier
    from nlp.classifier.evaluation import _key, read_gold, score
    from nlp.classifier.training import build_training_set

    classifier = nlp.Classifier(fit_classifier(build_training_set()))
    gold_all, predicted_all, line = [], [], []
    for path in files:
        source = REPO.parent / "shared" / "corpus-dev" / (Path(path).stem + ".txt")
        if not source.is_file():
            continue
        report = nlp.read_report(source)
        by_text = {_key(s.text): p.label for s, p in zip(report.sentences,
                                                          classifier.predict_report(report))}
        gold = read_gold(path)
        pairs = [(label, by_text[_key(text)]) for label, text in zip(gold.labels, gold.texts)
                 if _key(text) in by_text]
        gold_all += [g for g, _ in pairs]
        predicted_all += [p for _, p in pairs]
        line.append(f"{source.stem}={score(*zip(*pairs)).macro_f1:.2f} "
                    f"({len(pairs)}/{len(gold.texts)} matched, {report.metadata.doc_type})")
    if line:
        print(f"through the reader (headings, document type): pooled "
              f"{score(gold_all, predicted_all).macro_f1:.3f}; " + "; ".join(line))


if __name__ == "__main__":
    main(sys.argv[1:])
