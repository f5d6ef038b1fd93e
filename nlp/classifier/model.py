"""The sentence classifier: a scikit-learn pipeline and the :class:`Classifier` that wraps it.

``make_classifier(**params)`` builds the plain, unfitted ``Pipeline`` (features, then a
logistic regression).  Logistic regression was chosen over a linear SVM calibrated with
``CalibratedClassifierCV`` because, on the held-out gold files, its probabilities are as well
calibrated (expected calibration error) with a lower Brier score and a higher macro-F1
(``scripts/evaluate_classifier.py`` prints both side by side), and because its coefficients
times the feature values explain every decision (:mod:`nlp.classifier.explain`).  Classes are weighted
inversely to their frequency so that "cause", the rare label, is not drowned; the document
prior (:mod:`nlp.classifier.document_prior`) then restores each document's own label mix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..reader.report import Report
from ..reader.words import segment_all
from ..text import normalize_text
from .context import context_labels, report_paths
from .cues import CueList, opens_with, sentence_syllables, strip_markers
from .document_prior import (ACTIONS_CONFIDENT, CONFIDENT, adjust_to_document, keep_confident,
                             reported_actions,
                             results_document)
from .item import Item
from .labels import LABELS
from .lexicon import (ANNOUNCEMENT, FRAMING_OPENINGS, HeadingRules, load_cues, load_heading_rules,
                      section_path)
from .section_prior import SECTION_BOOST, SECTION_CONFIDENT, TURN_BOOST, toward_scope
from .turns import turn_labels

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from .training import TrainingSet

__all__ = ["Prediction", "Classifier", "make_classifier", "fit_classifier", "SECTION_PARAMS"]

DEFAULT_PARAMS: dict[str, Any] = {"C": 1.0, "syllables": True}
# The parameters of the section adjustment (:meth:`Classifier.toward_scopes`).
SECTION_PARAMS = ("section_boost", "turn_boost", "section_confident")


@dataclass(frozen=True)
class Prediction:
    """The label of one sentence, its probability, and the probability of every label."""

    label: str
    score: float
    scores: dict[str, float]


def make_classifier(C: float = DEFAULT_PARAMS["C"], syllables: bool = DEFAULT_PARAMS["syllables"],
                    class_weight: str | None = "balanced", counts: str = "log",
                    model: str = "logistic") -> Pipeline:
    """Return an unfitted ``Pipeline``: features -> multinomial logistic regression.

    ``C`` is the inverse regularisation strength; ``syllables`` adds syllable n-grams to the
    word n-grams; ``counts`` scales the cue counts ("log", "cap" or "none").  ``model`` =
    "calibrated-svm" swaps in a linear SVM calibrated by ``CalibratedClassifierCV`` (sigmoid,
    5 folds), kept only to compare calibration (``scripts/evaluate_classifier.py``): it has no
    coefficients to explain its decisions with.
    """
    # scikit-learn (and .features, which imports it) load here, on purpose: "import nlp" and
    # reading a report must not pay for them.
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from .features import make_features

    if C <= 0:
        raise ValueError(f"C must be positive, got {C!r}")
    if model == "logistic":
        # newton-cg: 0.3 s to fit where lbfgs took 4 s on ~1,500 sentences x 35,000 features.
        estimator = LogisticRegression(C=C, class_weight=class_weight, solver="newton-cg",
                                       max_iter=1000)
    elif model == "calibrated-svm":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        estimator = CalibratedClassifierCV(LinearSVC(C=C / 10, class_weight=class_weight),
                                           method="sigmoid", cv=5)
    else:
        raise ValueError(f"unknown model {model!r}; expected 'logistic' or 'calibrated-svm'")
    return Pipeline([("features", make_features(syllables=syllables, counts=counts)),
                     ("model", estimator)])


def fit_classifier(data: TrainingSet, rules: HeadingRules | None = None, **params: Any) -> Pipeline:
    """Fit a pipeline from ``make_classifier(**params)`` on a :class:`TrainingSet`.

    The heading rules the context labels are read with (default: ``corpus/headings.tsv``) are
    kept as the fitted attribute ``heading_rules_``, as the cue list is kept by the cue
    features: a saved model predicts as it was trained, whatever the corpus files say later.
    """
    pipeline = make_classifier(**params)
    pipeline.fit(data.items, data.labels, model__sample_weight=data.weights)
    pipeline.heading_rules_ = rules or load_heading_rules()
    return pipeline


class Classifier:
    """A fitted pipeline with the API the rest of baocao uses.

    ``predict_report`` reuses the words the reader already segmented, so indexing thousands of
    reports does not run the segmenter twice.
    """

    def __init__(self, pipeline: Pipeline, metadata: dict[str, Any] | None = None) -> None:
        self.pipeline = pipeline
        self.metadata = metadata or {}
        self.labels = tuple(str(label) for label in pipeline.classes_)
        if set(self.labels) != set(LABELS):
            raise ValueError(f"the pipeline knows labels {self.labels}, expected {LABELS}")
        # The word lists the model was fitted with (a pipeline fitted by hand, without
        # fit_classifier, has no heading rules of its own: the shipped ones are used).
        self.rules: HeadingRules = getattr(pipeline, "heading_rules_", None) or load_heading_rules()
        cue_features = dict(pipeline.named_steps["features"].transformer_list).get("cues")
        self.cues: CueList = getattr(cue_features, "cues_", None) or load_cues()

    def predict_items(self, items: Sequence[Item], document: bool = True) -> list[Prediction]:
        """Return one prediction per :class:`~nlp.classifier.features.Item`.

        With ``document`` (the default) the items are taken as the sentences of one document in
        reading order, and their probabilities are adjusted to its label mix
        (:mod:`nlp.classifier.document_prior`); pass ``False`` for unrelated sentences.
        """
        if not items:
            return []
        probabilities = self.pipeline.predict_proba(list(items)).tolist()
        if document:
            probabilities = self.adjust_to_document(items, probabilities)
        columns = {label: self.labels.index(label) for label in LABELS}
        predictions = []
        for row in probabilities:
            scores = {label: float(row[column]) for label, column in columns.items()}
            best = max(LABELS, key=scores.__getitem__)
            predictions.append(Prediction(best, scores[best], scores))
        return predictions

    def adjust_to_document(self, items: Sequence[Item], rows: Sequence[Sequence[float]],
                           **params: Any) -> list[list[float]]:
        """Return the sentence model's probability ``rows`` of one document's ``items``
        adjusted to the document (:mod:`nlp.classifier.document_prior`).

        First each unsure sentence is moved towards the label of its turn or section
        (:mod:`nlp.classifier.section_prior`); the document prior then runs on those rows.
        ``params`` override the parameters (``confident``, ``pseudo``, ``local_weight`` of the
        prior; ``section_boost``, ``turn_boost``, ``section_confident`` of the section
        adjustment), for choosing them by leave-one-document-out.
        """
        confident = params.pop("confident", CONFIDENT)
        section = {key: params.pop(key) for key in SECTION_PARAMS if key in params}
        sentence_only = self.toward_scopes(items, rows, **section)
        prior = adjust_to_document(sentence_only, **params)
        probabilities = keep_confident(sentence_only, prior, confident)
        achievement, other = self.labels.index("achievement"), self.labels.index("other")
        if results_document(prior, achievement):
            # The reported-actions discount has its own, higher gate: a verb-first sentence
            # the model reads as a task with up to ACTIONS_CONFIDENT is still a thing done.
            plain = [_plain(i, self.cues) for i in items]
            actions = keep_confident(sentence_only,
                                     reported_actions(prior, plain, achievement, other),
                                     ACTIONS_CONFIDENT)
            probabilities = [action if is_plain else row
                             for is_plain, action, row in zip(plain, actions, probabilities)]
        # An announcement ("... báo cáo kết quả như sau:") frames the document instead of
        # belonging to its label mix, so the mix must not outvote the sentence's own reading.
        return [own if _announces(item) else row
                for item, own, row in zip(items, sentence_only, probabilities)]

    def toward_scopes(self, items: Sequence[Item], rows: Sequence[Sequence[float]],
                      section_boost: float = SECTION_BOOST, turn_boost: float = TURN_BOOST,
                      section_confident: float = SECTION_CONFIDENT) -> list[list[float]]:
        """Return the probability ``rows`` of one document's ``items`` with each unsure
        sentence moved towards its turn's label, else its section's
        (:func:`nlp.classifier.section_prior.toward_scope`)."""
        scopes = [item.turn or item.section_label for item in items]
        return toward_scope(rows, [self.labels.index(s) if s else None for s in scopes],
                            [turn_boost if item.turn else section_boost for item in items],
                            section_confident)

    def report_items(self, report: Report) -> list[Item]:
        """Return the model items of a report's sentences (section labels from headings, or
        from a lead sentence such as "Nguyên nhân ... là:" whose scope they are in; the turn,
        such as "Tuy nhiên, ... còn hạn chế.", whose scope they are in)."""
        doc_type = report.metadata.doc_type
        texts, paths = [s.text for s in report.sentences], report_paths(report)
        return [Item(tuple(s.words) or tuple(s.text.split()), label, doc_type, turn)
                for s, label, turn in zip(report.sentences,
                                          context_labels(texts, paths, self.rules),
                                          turn_labels(texts, paths, self.rules))]

    def predict_report(self, report: Report) -> list[Prediction]:
        """Return one :class:`Prediction` per sentence of ``report``, in order."""
        return self.predict_items(self.report_items(report), document=True)

    def text_items(self, texts: Sequence[str], sections: Sequence[Any] | None = None,
                   doc_type: str | None = None, document: bool = True) -> list[Item]:
        """Return the model items of raw sentences (segmented here with underthesea), taken as
        one document in reading order (a lead sentence labels the ones after it) unless
        ``document`` is false."""
        if isinstance(texts, str):
            raise ValueError("texts must be a sequence of sentences, not one string")
        if sections is not None and len(sections) != len(texts):
            raise ValueError(f"{len(sections)} sections for {len(texts)} texts")
        texts = [normalize_text(t) for t in texts]
        paths = [section_path(s) if isinstance(s, str) else s
                 for s in sections] if sections is not None else None
        turns: list[str | None] = [None] * len(texts)
        if document:
            labels = context_labels(texts, paths, self.rules)
            turns = turn_labels(texts, paths, self.rules)
        else:
            labels = [self.rules.section_label(p) if p else None
                      for p in paths or [None] * len(texts)]
        return [Item(words, label, doc_type, turn)
                for words, label, turn in zip(segment_all(texts), labels, turns)]

    def predict_texts(self, texts: Sequence[str], sections: Sequence[Any] | None = None,
                      doc_type: str | None = None, document: bool = True) -> list[Prediction]:
        """Return one :class:`Prediction` per sentence of ``texts``.

        ``sections`` gives each text's heading path (a tuple of headings, or one string joined
        with " > "), or ``None``; ``doc_type`` is the document type ("KẾ HOẠCH") if known.
        ``texts`` are taken as the sentences of one document, in order (see
        :meth:`predict_items`); pass ``document=False`` for unrelated sentences.
        """
        return self.predict_items(self.text_items(texts, sections, doc_type, document), document)

    def predict_labels(self, texts: Iterable[str], document: bool = True) -> list[str]:
        """Return only the labels of ``texts``."""
        return [p.label for p in self.predict_texts(list(texts), document=document)]


_FRAMING = (*FRAMING_OPENINGS, ("về",))
_ANNOUNCEMENT = (*ANNOUNCEMENT, ":")


def _announces(item: Item) -> bool:
    """Whether a sentence announces what follows ("... báo cáo như sau:")."""
    return tuple(w.lower() for w in item.words[-3:]) == _ANNOUNCEMENT


def _plain(item: Item, cues: CueList) -> bool:
    """Whether a sentence carries no to-do or framing mark and no heading of another kind
    (see :func:`nlp.classifier.document_prior.reported_actions`)."""
    if item.section_label not in (None, "achievement"):
        return False
    text = " ".join(item.words).rstrip()
    if text.endswith(":"):
        return False
    syllables = sentence_syllables(item.words)
    if opens_with(strip_markers(syllables), _FRAMING):
        return False
    aspect = cues.first_aspect(syllables)
    return aspect is None or aspect.label != "other"
