"""Leave-one-document-out over all development gold, and the document adjustments chosen by it.

For each gold file of ``../shared/gold`` (one document each) a model is trained from
``corpus/`` without that document's sentences (written examples equal to one of them are
dropped; for the seed gold the bundled report is left out of training, as
:mod:`nlp.classifier.evaluation` does).  The document is classified from its text, and the
document adjustments are tried with each setting of a small grid: the section adjustment
(:mod:`nlp.classifier.section_prior`, :data:`SECTION_GRID`), then the document prior
(:mod:`nlp.classifier.document_prior`, :data:`GRID`), each also alone.  Printed:

* per setting, the pooled macro-F1 over all documents (each scored by a model that never saw
  it), the F1 of each label, cause recall and the number of sentences moved away from the
  sentence model's labels; for no adjustment, the prior shipped before the section adjustment
  and the chosen setting, also the 95 % bootstrap interval over documents and each document's
  macro-F1;
* two rules for choosing a setting: "best" (the best pooled macro-F1; settings within 0.005 of
  it count as tied and the one moving fewest sentences away from the sentence model's labels
  wins) and "conservative" (of the settings within :data:`NOISE` of the best — with 5
  documents and ~20 causes, differences under 0.03 are noise — the one moving fewest);
* nested leave-one-document-out of each rule: for each document, the setting the rule picks on
  the *other* documents, and the pooled score of the documents so classified — an honest
  figure for "choose the setting, then use it".  The rule with the better nested figure gives
  the shipped setting, chosen on all documents.

    python scripts/loo_documents.py [GOLD.tsv ...] [--frozen FROZEN.tsv ...]

The gold files default to ``../shared/gold/*.tsv`` (text only: classified without headings or
document type).  ``--frozen`` adds the documents of a frozen gold file of ``scripts/gold/``
(default: the tuning sets ``dev2_labels.tsv`` and ``tune_labels.tsv``, the second of documents
without assessment headings; ``--frozen`` with no file adds none): each is read with the reader and classified as users classify it (headings, leads,
document type), by a model trained from all of ``corpus/`` (those documents are not in it),
the prior running over all its sentences and only the judged ones scored.  The test sets
(:data:`TEST_SETS`: ``fresh_labels.tsv``, ``fresh2_labels.tsv``) are refused: no setting may be
chosen on them.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

NO_PRIOR = "sentences alone"
# Frozen gold held out for reporting only (scripts/gold/README.md): never tuned on.
TEST_SETS = ("fresh_labels.tsv", "fresh2_labels.tsv")
NOISE = 0.03
# Gated settings first: where a gate changes no label, the tie goes to the gated one.
GRID = {"confident": (0.5, 0.6, 0.7, 0.8, 0.9, 1.01), "pseudo": (4.0, 2.0, 8.0),
        "local_weight": (0.0, 0.5)}
# The section adjustment (nlp.classifier.section_prior), tried with no prior and with every
# setting of GRID; boosts of 1 (the first setting) leave the rows as they are.
SECTION_GRID = {"section_boost": (1.0, 2.0, 3.0), "turn_boost": (1.0, 2.0, 3.0),
                "section_confident": (0.8, 1.01)}


def _name(params: dict) -> str:
    return " ".join(f"{k}={v:g}" for k, v in params.items())


def section_settings() -> list[dict]:
    """The settings of the section adjustment: none first, then every one that moves rows."""
    result: list[dict] = [{}]
    for values in itertools.product(*SECTION_GRID.values()):
        params = dict(zip(SECTION_GRID, values))
        if params["section_boost"] != 1.0 or params["turn_boost"] != 1.0:
            result.append(params)
    return result


def settings() -> list[tuple[str, dict | None]]:
    """The settings tried: no prior, then every combination of :data:`GRID`, each without the
    section adjustment and then with each setting of :data:`SECTION_GRID`.  ``prior`` False in
    a setting means the section adjustment alone."""
    result: list[tuple[str, dict | None]] = []
    priors: list[dict | None] = [None] + [dict(zip(GRID, values))
                                          for values in itertools.product(*GRID.values())]
    for section in section_settings():
        for prior in priors:
            if prior is None and not section:
                result.append((NO_PRIOR, None))
            elif prior is None:
                result.append((f"no prior {_name(section)}", {"prior": False, **section}))
            else:
                result.append((_name({**prior, **section}), {**prior, **section}))
    return result


def held_out_rows(path):
    """Return ``(gold, classifier, items, sentence probabilities)`` for one gold file, from a
    model trained without it."""
    from corpus import BUNDLED_REPORT

    import nlp
    from nlp.classifier.evaluation import _key, _overlaps, read_gold
    from nlp.text import folded_key

    def words_key(text: str) -> str:  # the examples are kept as segmented words
        return " ".join(re.findall(r"\w+", folded_key(text)))

    from nlp.classifier.model import fit_classifier
    from nlp.classifier.training import TrainingSet, build_training_set

    gold = read_gold(path)
    keys = {words_key(text) for text in gold.texts}
    bundled = not _overlaps(gold, _key(BUNDLED_REPORT.read_text(encoding="utf-8")))
    full = build_training_set(bundled=bundled)
    data = TrainingSet()
    dropped = 0
    for item, label, weight, origin in zip(full.items, full.labels, full.weights, full.origins):
        if origin.startswith("example:") and words_key(" ".join(item.words)) in keys:
            dropped += 1
            continue
        data.add(item, label, weight, origin)
    classifier = nlp.Classifier(fit_classifier(data))
    items = classifier.text_items(list(gold.texts))
    rows = classifier.pipeline.predict_proba(items).tolist()
    note = f"bundled report {'in' if bundled else 'left out'}, {dropped} examples dropped"
    return gold, classifier, items, rows, note


def refuse_test_set(path: Path) -> None:
    """Exit if ``path`` is one of :data:`TEST_SETS`, before any model is trained."""
    if path.name in TEST_SETS:
        sys.exit(f"{path.name} is a test set: no setting is chosen on it")


def frozen_rows(frozen: Path):
    """Yield ``(gold, classifier, items, rows, judged)`` per document of a frozen gold file:
    ``items``/``rows`` cover all the document's sentences, ``judged`` the indexes scored."""
    import evaluate_frozen

    import nlp
    from nlp.classifier.evaluation import GoldFile
    from nlp.classifier.model import fit_classifier
    from nlp.classifier.training import build_training_set

    refuse_test_set(frozen)
    classifier = nlp.Classifier(fit_classifier(build_training_set()))
    for file, judged in evaluate_frozen.read_frozen(frozen).items():
        report = nlp.read_report(evaluate_frozen.source_path(file))
        items = classifier.report_items(report)
        rows = classifier.pipeline.predict_proba(items).tolist()
        index = {evaluate_frozen.sentence_key(s.text): i for i, s in enumerate(report.sentences)}
        pairs = [(index[key], label) for key, label, _ in judged if key in index]
        gold = GoldFile(file.rsplit("/", 1)[-1], tuple(label for _, label in pairs),
                        tuple(report.sentences[i].text for i, _ in pairs))
        yield gold, classifier, items, rows, [i for i, _ in pairs]


def labels_of(classifier, items, rows, params, judged=None) -> list[str]:
    """The labels of one document under one prior setting (``None``: no prior), of the
    sentences ``judged`` (indexes; default all)."""
    if params is not None and params.get("prior", True):
        # A setting without the section adjustment's parameters has none (boosts of 1), not
        # the shipped one.
        params = {"section_boost": 1.0, "turn_boost": 1.0, **params}
        rows = classifier.adjust_to_document(items, rows, **params)
    elif params is not None:
        rows = classifier.toward_scopes(items, rows, **{k: v for k, v in params.items()
                                                        if k != "prior"})
    labels = [classifier.labels[max(range(len(row)), key=row.__getitem__)] for row in rows]
    return labels if judged is None else [labels[i] for i in judged]


SHIPPED_BEFORE = "confident=0.9 pseudo=8 local_weight=0.5"  # the prior shipped before #9's section work


def _macro_f1(pairs: Counter) -> tuple[float, dict[str, float], float]:
    """Macro-F1 over the gold's labels, each label's F1 and cause recall, from counts of
    (gold, predicted) pairs (the same figures as nlp.classifier.evaluation.score, faster)."""
    from nlp import LABELS

    f1s, per = [], {}
    recall_cause = 0.0
    for label in LABELS:
        tp = pairs[(label, label)]
        n_pred = sum(n for (_, p), n in pairs.items() if p == label)
        n_gold = sum(n for (g, _), n in pairs.items() if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        per[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if label == "cause":
            recall_cause = recall
        if n_gold:
            f1s.append(per[label])
    return (sum(f1s) / len(f1s) if f1s else 0.0), per, recall_cause


def main(argv: list[str]) -> None:
    from nlp.classifier.evaluation import bootstrap_interval, score

    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("--frozen", nargs="*", type=Path,
                        default=[REPO / "scripts" / "gold" / "dev2_labels.tsv",
                                 REPO / "scripts" / "gold" / "tune_labels.tsv"])
    args = parser.parse_args(argv)
    for path in [*args.gold, *args.frozen]:
        refuse_test_set(path)
    files = args.gold or sorted((REPO.parent / "shared" / "gold").glob("*.tsv"))
    documents = []
    for path in files:
        gold, classifier, items, rows, note = held_out_rows(path)
        documents.append((gold, classifier, items, rows, None))
        print(f"{gold.name}: {len(gold.texts)} sentences, held out ({note})", flush=True)
    for frozen in args.frozen:
        for gold, classifier, items, rows, judged in frozen_rows(frozen):
            documents.append((gold, classifier, items, rows, judged))
            print(f"{gold.name}: {len(gold.texts)} judged of {len(items)} sentences "
                  f"({frozen.name}, read with headings)", flush=True)
    if len(documents) < 2:
        sys.exit("leave-one-document-out needs at least 2 documents")
    grid = settings()
    predicted = {name: [labels_of(c, i, r, params, j) for _, c, i, r, j in documents]
                 for name, params in grid}
    golds = [list(g.labels) for g, _, _, _, _ in documents]
    everything = range(len(documents))
    counts = {name: [Counter(zip(golds[d], predicted[name][d])) for d in everything]
              for name, _ in grid}
    moves = {name: [sum(p != q for p, q in zip(predicted[name][d], predicted[NO_PRIOR][d]))
                    for d in everything] for name, _ in grid}

    def pooled(name, which=everything):
        return _macro_f1(sum((counts[name][d] for d in which), Counter()))

    def moved(name, which=everything):
        return sum(moves[name][d] for d in which)

    all_names = [name for name, _ in grid]
    # The document prior's grid alone, without the section adjustment: does adding the
    # section adjustment to the choice improve the nested figure?
    prior_names = [name for name, params in grid if not params or not any(
        key in params for key in SECTION_GRID)]

    def best_rule(which=everything, names=all_names):
        """The best macro-F1; within 0.005 of it, the fewest sentences moved."""
        figures = {name: pooled(name, which)[0] for name in names}
        best = max(figures.values())
        tied = [name for name in names if figures[name] >= best - 0.005]
        return min(tied, key=lambda n: (moved(n, which), -figures[n]))

    def conservative_rule(which=everything, names=all_names):
        """Within NOISE of the best macro-F1, the fewest sentences moved, then macro-F1."""
        figures = {name: pooled(name, which)[0] for name in names}
        best = max(figures.values())
        close = [name for name in names if figures[name] >= best - NOISE]
        return min(close, key=lambda n: (moved(n, which), -figures[n]))

    print(f"\n{len(grid)} settings, pooled over {len(documents)} documents "
          "(F1 per label; cause R = cause recall)")
    print(f"{'setting':92} {'macro':>6} {'achie':>6} {'limit':>6} {'cause':>6} {'other':>6} "
          f"{'causeR':>6} {'moved':>5}")
    for name, _ in grid:
        macro, per, cause_recall = pooled(name)
        print(f"{name:92} {macro:6.3f} " + " ".join(f"{per[label]:6.3f}" for label in per)
              + f" {cause_recall:6.3f} {moved(name):5d}")

    def detail(title, name):
        macro, per, cause_recall = pooled(name)
        low, high = bootstrap_interval(list(zip(golds, predicted[name])),
                                       lambda g, p: score(g, p).macro_f1, resamples=300)
        print(f"\n{title}: {name}\n  macro-F1 {macro:.3f} [{low:.3f}, {high:.3f}]  "
              + "  ".join(f"{label} {f1:.3f}" for label, f1 in per.items())
              + f"  cause recall {cause_recall:.3f}  moved {moved(name)}")
        print("  per document: " + " ".join(
            f"{g.name.split('.')[0][:6]}={score(golds[d], predicted[name][d]).macro_f1:.2f}"
            for d, (g, _, _, _, _) in enumerate(documents)))

    for rule_name, rule in (("best", best_rule), ("conservative", conservative_rule)):
        nested_gold, nested_predicted = [], []
        for d in everything:
            chosen = rule([o for o in everything if o != d], prior_names)
            nested_gold += golds[d]
            nested_predicted += predicted[chosen][d]
        s = score(nested_gold, nested_predicted)
        print(f"\nnested leave-one-document-out, rule {rule_name!r} over the document prior's "
              f"grid alone (no section adjustment): macro-F1 {s.macro_f1:.3f}, "
              + ", ".join(f"{label} {v[2]:.3f}" for label, v in s.per_label.items()))
    nested = {}
    for rule_name, rule in (("best", best_rule), ("conservative", conservative_rule)):
        nested_gold, nested_predicted = [], []
        print(f"\nnested, rule {rule_name!r}: the setting it picks on the other documents, "
              "applied to the held-out one")
        for d, (gold, _, _, _, _) in enumerate(documents):
            chosen = rule([o for o in everything if o != d])
            nested_gold += golds[d]
            nested_predicted += predicted[chosen][d]
            print(f"  {gold.name}: {chosen} -> {score(golds[d], predicted[chosen][d]).macro_f1:.3f}")
        s = score(nested_gold, nested_predicted)
        nested[rule_name] = (s.macro_f1, rule)
        print(f"nested leave-one-document-out, rule {rule_name!r}, pooled: macro-F1 "
              f"{s.macro_f1:.3f}, " + ", ".join(f"{label} {v[2]:.3f}"
                                               for label, v in s.per_label.items())
              + f", cause recall {s.per_label['cause'][1]:.3f}")
    rule_name = max(nested, key=lambda n: nested[n][0])
    chosen = nested[rule_name][1]()
    detail("sentences alone", NO_PRIOR)
    if SHIPPED_BEFORE in predicted:
        detail("the prior shipped before the section adjustment", SHIPPED_BEFORE)
    detail(f"chosen rule {rule_name!r}, its setting on all documents", chosen)


if __name__ == "__main__":
    main(sys.argv[1:])
