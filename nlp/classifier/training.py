"""The training set: weak-labelled reports and the developers' written examples, in one place.

Three sources, all readable files in ``corpus/``:

1. weak labels from report headings (:mod:`nlp.classifier.weak_labels`) — the bundled report, plus any
   reports the user trains on (``baocao train --data DIR`` / ``--from-index``);
2. the cue-word lists of ``corpus/cues.tsv``, which reach the model as features
   (:class:`nlp.classifier.features.CueFeatures`) rather than as sentences;
3. labelled example sentences written by the developers: ``corpus/examples.tsv`` and, if
   present, ``corpus/examples-extra.tsv`` (``label<TAB>doc_type<TAB>section<TAB>text``, ``#``
   comments).  No example may be written while looking at an evaluation document.

A weak label comes from the very heading the model could read as a feature, so half of the
weak-labelled sentences (a fixed half, chosen by a hash of the text) are given to the model
*without* their section: otherwise it would learn to trust the heading alone and be lost on
text without headings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import BUNDLED_REPORT, CORPUS_DIR

from ..errors import ReportError, TrainingDataError
from ..reader.pipeline import read_many, read_report
from ..reader.report import Report
from ..reader.words import segment_all
from ..text import normalize_text
from .context import report_context_labels
from .item import Item
from .labels import LABELS
from .lexicon import load_heading_rules, read_rows, section_path
from .weak_labels import weak_labels

__all__ = ["Example", "TrainingSet", "EXAMPLE_FILES", "read_examples", "example_files",
           "build_training_set", "read_reports"]

EXAMPLE_FILES = ("examples.tsv", "examples-extra.tsv")
WEAK_WEIGHT = 0.7
EXAMPLE_WEIGHT = 1.0


@dataclass(frozen=True)
class Example:
    """One written example: its label, document type and section path (may be empty), text."""

    label: str
    doc_type: str
    section: tuple[str, ...]
    text: str


@dataclass
class TrainingSet:
    """Parallel lists: model items, labels, sample weights and where each sentence came from."""

    items: list[Item] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)

    def add(self, item: Item, label: str, weight: float, origin: str) -> None:
        """Append one labelled sentence."""
        self.items.append(item)
        self.labels.append(label)
        self.weights.append(weight)
        self.origins.append(origin)

    def counts(self) -> dict[str, int]:
        """Return the number of sentences per label."""
        return {label: self.labels.count(label) for label in LABELS}


def read_examples(path: str | Path) -> list[Example]:
    """Read a file of written examples; a malformed row raises :class:`TrainingDataError`."""
    examples = []
    for number, line, parts in read_rows(path):
        if len(parts) != 4 or parts[0] not in LABELS or not parts[3].strip():
            raise TrainingDataError(f"{path}:{number}: expected label<TAB>doc_type<TAB>section"
                                    f"<TAB>text with a label among {', '.join(LABELS)}")
        examples.append(Example(parts[0], parts[1].strip(), section_path(parts[2]),
                                normalize_text(parts[3])))
    return examples


def example_files(corpus_dir: Path | None = None) -> list[Path]:
    """Return the example files that exist in ``corpus_dir`` (default: the shipped corpus)."""
    if corpus_dir is None:
        corpus_dir = CORPUS_DIR
    return [corpus_dir / name for name in EXAMPLE_FILES if (corpus_dir / name).is_file()]


def _keeps_section(text: str) -> bool:
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0


def build_training_set(reports: Iterable[Report] = (), files: Sequence[Path] | None = None,
                       bundled: bool = True) -> TrainingSet:
    """Assemble the training set from written examples and weak-labelled reports.

    ``files`` are example files (default: those in ``corpus/``); ``bundled`` adds the bundled
    report; ``reports`` are further :class:`~nlp.reader.report.Report` values (the user's own).
    """
    rules = load_heading_rules()
    data = TrainingSet()
    for path in example_files() if files is None else files:
        examples = read_examples(path)
        for example, words in zip(examples, segment_all([e.text for e in examples], cache=True)):
            item = Item(words, rules.section_label(example.section), example.doc_type or None)
            data.add(item, example.label, EXAMPLE_WEIGHT, f"example:{Path(path).name}")
    for report in _with_bundled(reports, bundled):
        doc_type = report.metadata.doc_type
        contexts = report_context_labels(report, rules)
        by_index = dict(zip((s.index for s in report.sentences), contexts))
        for sentence, label in weak_labels(report, rules, contexts=contexts):
            section = by_index[sentence.index] if _keeps_section(sentence.text) else None
            data.add(Item(tuple(sentence.words), section, doc_type), label, WEAK_WEIGHT,
                     f"weak:{report.source}")
    if len(set(data.labels)) < len(LABELS):
        raise TrainingDataError(f"the training data lacks labels: it has {data.counts()}; "
                                "add examples of every label to corpus/examples.tsv")
    return data


def _with_bundled(reports: Iterable[Report], bundled: bool) -> Iterator[Report]:
    if bundled:
        yield read_report(BUNDLED_REPORT)
    yield from reports


def read_reports(paths: Iterable[str | Path]) -> tuple[list[Report], list[str]]:
    """Read the reports under ``paths`` (files or folders) for training.

    Returns ``(reports, skipped)``: a file the reader cannot read is skipped with its error
    message, since one bad file among a user's hundreds should not stop training.
    """
    reports, skipped = [], []
    for _, result in read_many(paths):
        if isinstance(result, ReportError):
            skipped.append(str(result))
        else:
            reports.append(result)
    return reports, skipped
