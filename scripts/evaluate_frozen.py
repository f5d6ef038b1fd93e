"""Score the classifier on a frozen gold file of ``scripts/gold/`` (issue #9), each file apart.

The frozen gold keys each sentence by its file (relative to ``../shared``) and the first 16 hex
digits of SHA-1 of ``nlp.search_key(text)``; no text is stored.  Each document is read with the
reader and classified as users classify it (``predict_report``: headings, leads, document
type, document prior), with a model trained afresh from ``corpus/`` (never the user's cache).
Rows labelled ``skip`` are left out; ambiguous rows are scored with the annotator's best guess
and also reported apart.  Every pooled figure has a 95 % interval from a bootstrap over the
documents: with 10 documents and 5 causes, the cause figures' intervals are very wide.

    python scripts/evaluate_frozen.py [GOLD.tsv ...] [--no-document] [--resamples N]

Without a file it scores ``dev2_labels.tsv`` (a tuning set since 2026-12-02).
``fresh_labels.tsv`` and ``fresh2_labels.tsv`` are TEST sets: run this to report figures on
them, never to write examples, cues or rules while looking at their errors (it prints no
sentence text, on purpose).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
GOLD = REPO / "scripts" / "gold" / "dev2_labels.tsv"
ARCHIVE = SHARED / "scale" / "docs-2000.tar.xz"
UNPACKED = (Path("/tmp/arch/docs-2000"), Path("/tmp/baocao-frozen/docs-2000"))


def sentence_key(text: str) -> str:
    """The key of a frozen gold row: SHA-1 of the sentence's search form, 16 hex digits."""
    import nlp

    return hashlib.sha1(nlp.search_key(text).encode("utf-8")).hexdigest()[:16]


def read_frozen(path: Path = GOLD) -> dict[str, list[tuple[str, str, bool]]]:
    """Return ``{file: [(key, label, ambiguous), ...]}`` in file order, ``skip`` rows left out."""
    rows: dict[str, list[tuple[str, str, bool]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("file\t"):
            continue
        parts = line.split("\t") + [""] * 5
        file, key, label, ambiguous = parts[:4]
        rows.setdefault(file, [])
        if label != "skip":
            rows[file].append((key, label, ambiguous.strip() == "1"))
    return rows


def source_path(file: str) -> Path:
    """The readable path of a gold file: ``../shared/FILE``, archive members unpacked."""
    if not file.startswith("scale/docs-2000/"):
        return SHARED / file
    name = file.rsplit("/", 1)[1]
    for folder in UNPACKED:
        if (folder / name).is_file():
            return folder / name
    UNPACKED[1].parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(ARCHIVE) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("/" + name)
                      or m.name == name)
        member.name = name
        archive.extract(member, UNPACKED[1], filter="data")
    return UNPACKED[1] / name


def classify_documents(rows, document: bool = True):
    """Return ``[(file, gold, predicted, ambiguous flags, unmatched count)]`` per document."""
    import nlp
    from nlp.classifier.model import fit_classifier
    from nlp.classifier.training import build_training_set

    classifier = nlp.Classifier(fit_classifier(build_training_set()))
    documents = []
    for file, judged in rows.items():
        report = nlp.read_report(source_path(file))
        items = classifier.report_items(report)
        predictions = classifier.predict_items(items, document=document)
        by_key = {sentence_key(s.text): p.label
                  for s, p in zip(report.sentences, predictions)}
        matched = [(label, by_key[key], ambiguous) for key, label, ambiguous in judged
                   if key in by_key]
        documents.append((file, [g for g, _, _ in matched], [p for _, p, _ in matched],
                          [a for _, _, a in matched], len(judged) - len(matched)))
    return documents


def _interval(value: float, interval: tuple[float, float]) -> str:
    return f"{value:.3f} [{interval[0]:.3f}, {interval[1]:.3f}]"


def print_scores(title: str, documents, resamples: int) -> None:
    """Print pooled macro-F1, per-label F1 and cause recall, each with its interval."""
    from nlp import LABELS
    from nlp.classifier.evaluation import bootstrap_intervals, score

    pairs = [(gold, predicted) for gold, predicted in documents if gold]
    gold = [g for labels, _ in pairs for g in labels]
    predicted = [p for _, labels in pairs for p in labels]
    scores = score(gold, predicted)
    intervals = bootstrap_intervals(pairs, resamples)
    print(f"== {title}: {len(gold)} sentences of {len(pairs)} documents "
          f"(95 % interval: bootstrap over documents, {resamples} resamples)")
    print(f"macro-F1      {_interval(scores.macro_f1, intervals['macro-F1'])}   "
          f"accuracy {scores.accuracy:.3f}")
    for label in LABELS:
        precision, recall, f1, support = scores.per_label[label]
        print(f"{label:12}  {_interval(f1, intervals[label])}   P {precision:.3f} "
              f"R {recall:.3f}  support {support}")
    print(f"cause recall  {_interval(scores.per_label['cause'][1], intervals['cause recall'])}"
          f"   ({scores.per_label['cause'][3]} causes: the interval is wide)")
    print("confusion (rows gold, columns predicted: " + " ".join(l[:5] for l in LABELS) + ")")
    for label, row in zip(LABELS, scores.confusion):
        print(f"  {label:12} " + " ".join(f"{n:5d}" for n in row))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("gold", nargs="*", type=Path, default=[GOLD],
                        help="frozen gold TSV files, each scored apart (default: dev2_labels.tsv)")
    parser.add_argument("--no-document", action="store_true",
                        help="sentences alone: no document prior")
    parser.add_argument("--resamples", type=int, default=1000)
    args = parser.parse_args(argv)
    for gold in args.gold:
        score_file(gold, document=not args.no_document, resamples=args.resamples)


def score_file(gold_file: Path, document: bool, resamples: int) -> None:
    """Print per-document and pooled scores of one frozen gold file."""
    from nlp.classifier.evaluation import score

    documents = classify_documents(read_frozen(gold_file), document=document)
    print(f"Frozen gold {gold_file.name}")
    for file, gold, predicted, ambiguous, unmatched in documents:
        present = sorted(set(gold))
        print(f"  {file:40} {len(gold):4d} sentences, {unmatched} unmatched, "
              f"macro-F1 {score(gold, predicted).macro_f1:.3f} over {', '.join(present)}")
    print_scores("all labelled sentences (ambiguous ones with their best-guess label)",
                 [(g, p) for _, g, p, _, _ in documents], resamples)
    clear = [([g for g, a in zip(gold, amb) if not a], [p for p, a in zip(predicted, amb) if not a])
             for _, gold, predicted, amb, _ in documents]
    print_scores("without the ambiguous sentences", clear, resamples)
    ambiguous = [(g, p) for _, gold, predicted, amb, _ in documents
                 for g, p, a in zip(gold, predicted, amb) if a]
    print(f"ambiguous sentences: {len(ambiguous)}, of which the model agrees with the best guess "
          f"on {sum(g == p for g, p in ambiguous)}")


if __name__ == "__main__":
    main(sys.argv[1:])
