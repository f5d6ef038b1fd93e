"""Feature extraction for the sentence classifier: what the model sees of a sentence.

A sentence reaches the model as an :class:`Item`: its underthesea words, the label its section
heading suggests (``None`` when there is no heading — a pasted paragraph) and its document type
(``None`` when unknown).  Four groups of features are stacked:

* ``words``: lower-case words and word bigrams, plus the sentence opening ("^tăng_cường") —
  Vietnamese puts the tell-tale aspect and modality words (đã, được, cần, phải, sẽ) and the
  imperative verb of a task first;
* ``syllables``: syllables and syllable bigrams, which still match when segmentation differs;
* ``cues``: from the cue words of ``corpus/cues.tsv``: their counts per label and position, one
  0/1 column per cue, the label of the sentence's *first* aspect or modality marker (done "đã"
  against to-do "cần/phải/sẽ" and not-yet "chưa"), and a few surface marks (a list marker, a
  closing colon, a quantity that is not a year or a date, a percentage, shortness);
* ``context``: the section's label — from the lead sentence whose scope the sentence is in
  ("Nguyên nhân của những hạn chế trên là:"), else from its heading (:mod:`nlp.classifier.context`) —
  and the document type, *absent* (all zero) when unknown, so the model works on text without
  headings.

Every class and function here is defined at module level, so the fitted pipeline pickles.
This module imports scikit-learn: import it lazily (``nlp/__init__`` does not).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

if TYPE_CHECKING:
    from sklearn.pipeline import FeatureUnion

from ..text import NUMBERED_WORD, folded_key
from .cues import WORDLIKE, Cue, CueList, sentence_syllables, strip_markers
from .item import Item
from .labels import LABELS
from .lexicon import load_cues

__all__ = ["Item", "doc_type_key", "word_features", "syllable_features", "context_features",
           "CueFeatures", "make_features"]

# A quantity ("55", "1.497", "99,57") — not a year, a date or a document number, which frame
# plans and directives as often as results.
_QUANTITY = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:,\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CUE_KEYS = tuple(f"{label}:{position}" for label in LABELS for position in ("any", "start"))
_ASPECT_KEYS = tuple(f"aspect:{label}" for label in LABELS)
_SURFACE_KEYS = ("marker", "colon", "quantity", "percent", "short")
_COUNTS = ("log", "cap", "none")
# The document type is a weak signal: at full weight it turned the evaluative sentences of a
# directive or a resolution into "other" (#9).  A smaller value under the same regularisation
# lets the model lean on it less.  Through the reader on the development documents with a type
# (scripts/evaluate_classifier.py), pooled macro-F1 was 0.749 at 1.0, 0.771 at 0.5, 0.778 at
# 0.25 and 0.775 at 0 (differences under 0.03 are noise; 1.0 was the worst).
DOC_WEIGHT = 0.25


def doc_type_key(doc_type: str | None) -> str | None:
    """Return the folded key of a document type, or ``None``.

    >>> doc_type_key("Báo cáo"), doc_type_key("  ")
    ('bao cao', None)
    """
    if not doc_type or not doc_type.strip():
        return None
    return folded_key(doc_type)


def _tokens(words: Sequence[str]) -> list[str]:
    return [w.lower().replace(" ", "_") for w in words if WORDLIKE.search(w)]


def _opening(tokens: Sequence[str]) -> list[str]:
    body = list(strip_markers(tokens))
    return ["^" + "_".join(body[:1]), "^" + "__".join(body[:2])] if body else []


def word_features(item: Item) -> list[str]:
    """Return the word features of one item: words, word bigrams and the opening.

    >>> word_features(Item(("Cần", "đẩy nhanh", "tiến độ", ".")))
    ['cần', 'đẩy_nhanh', 'tiến_độ', 'cần đẩy_nhanh', 'đẩy_nhanh tiến_độ',
     '^cần', '^cần__đẩy_nhanh']
    """
    tokens = _tokens(item.words)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])] + _opening(tokens)


def syllable_features(item: Item) -> list[str]:
    """Return the syllable unigrams and bigrams of one item.

    >>> syllable_features(Item(("tiến độ", "chậm")))
    ['tiến', 'độ', 'chậm', 'tiến+độ', 'độ+chậm']
    """
    syllables = sentence_syllables(item.words)
    return list(syllables) + [f"{a}+{b}" for a, b in zip(syllables, syllables[1:])]


def context_features(items: Sequence[Item]) -> list[dict[str, float]]:
    """Return the section-label and document-type features of each item (empty when unknown).

    >>> context_features([Item((), "cause", "CHỈ THỊ"), Item(())])
    [{'section=cause': 1.0, 'doc=chi thi': 0.25}, {}]
    """
    rows = []
    for item in items:
        row = {}
        if item.section_label:
            row[f"section={item.section_label}"] = 1.0
        key = doc_type_key(item.doc_type)
        if key:
            row[f"doc={key}"] = DOC_WEIGHT
        rows.append(row)
    return rows


class CueFeatures(TransformerMixin, BaseEstimator):
    """Transformer: cue counts per label and position, one 0/1 column per cue, surface marks.

    Counts are log-scaled (``log1p``) so that a long sentence full of "còn" does not outweigh
    everything else.  The per-cue columns are not length-normalised (unlike the n-gram
    features), so a modal "cần" deep in a long sentence still counts fully.  ``fit`` reads the
    cue list (``cues_path``, default ``corpus/cues.tsv``) into ``cues_`` and records the
    columns: a fitted model predicts with the cues it was trained with, whatever the file says
    later.
    """

    def __init__(self, cues_path: str | None = None, counts: str = "log") -> None:
        self.cues_path = cues_path
        self.counts = counts

    def fit(self, items: Sequence[Item], y: object = None) -> CueFeatures:
        """Read the cue list and record one column per cue; return ``self``."""
        cues = load_cues(self.cues_path)
        self.cues_: CueList = cues
        self.cue_columns_: dict[str, int] = {}
        for cue in cues.cues:
            if cue.position != "aspect":
                self.cue_columns_.setdefault(_cue_name(cue), len(self.cue_columns_))
        self.feature_names_ = ([f"cue:{k}" for k in _CUE_KEYS]
                               + [f"mark:{k}" for k in _SURFACE_KEYS] + list(_ASPECT_KEYS)
                               + list(self.cue_columns_))
        return self

    def transform(self, items: Sequence[Item]) -> sparse.csr_matrix:
        """Return the cue and surface features of ``items`` (one sparse row each)."""
        cues = self.cues_
        surface = len(_CUE_KEYS) + len(_SURFACE_KEYS)
        fixed = surface + len(_ASPECT_KEYS)
        rows = np.zeros((len(items), fixed + len(self.cue_columns_)))
        for i, item in enumerate(items):
            syllables = sentence_syllables(item.words)
            found = cues.matches(syllables)
            counts = dict.fromkeys(_CUE_KEYS, 0)
            aspect = cues.first_aspect(syllables)
            if aspect is not None:
                rows[i, surface + LABELS.index(aspect.label)] = 1.0
            for cue in found:
                counts[f"{cue.label}:{cue.position}"] += 1
                column = self.cue_columns_.get(_cue_name(cue))
                if column is not None:
                    rows[i, fixed + column] = 1.0
            found_counts = np.array([counts[k] for k in _CUE_KEYS], dtype=float)
            if self.counts == "log":
                rows[i, :len(_CUE_KEYS)] = np.log1p(found_counts)
            elif self.counts == "cap":
                rows[i, :len(_CUE_KEYS)] = np.minimum(found_counts, 2) / 2
            rows[i, len(_CUE_KEYS):surface] = _surface(item.words, syllables)
        return sparse.csr_matrix(rows)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the names of the columns :meth:`transform` makes."""
        return np.asarray(self.feature_names_, dtype=object)


def _cue_name(cue: Cue) -> str:
    return f"cue={cue.position}:{' '.join(cue.syllables)}"


def _surface(words: Sequence[str], syllables: Sequence[str]) -> list[float]:
    first = words[0] if words else ""
    text = " ".join(words)
    return [float(bool(first) and (first in "-+*•" or bool(NUMBERED_WORD.fullmatch(first)))),
            float(text.rstrip().endswith(":")),
            float(any(_QUANTITY.fullmatch(w) and not _YEAR.fullmatch(w) for w in words)),
            float("%" in text),
            float(len(syllables) < 8)]


def make_features(syllables: bool = True, min_df: int = 1, counts: str = "log") -> FeatureUnion:
    """Return the (unfitted) FeatureUnion of word, syllable, cue and context features.

    ``counts`` is how the cue counts per label enter: "log" (``log1p``), "cap" (at 2, scaled to
    0..1) or "none" (the count columns stay zero; the per-cue columns remain).
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    if counts not in _COUNTS:
        raise ValueError(f"unknown counts {counts!r}; expected one of {', '.join(_COUNTS)}")
    parts = [("words", TfidfVectorizer(analyzer=word_features, sublinear_tf=True,
                                       min_df=min_df, lowercase=False))]
    if syllables:
        parts.append(("syllables", TfidfVectorizer(analyzer=syllable_features, sublinear_tf=True,
                                                   min_df=min_df, lowercase=False)))
    parts.append(("cues", CueFeatures(counts=counts)))
    parts.append(("context", Pipeline([
        ("dicts", FunctionTransformer(context_features, feature_names_out=_context_names)),
        ("vectorize", DictVectorizer())])))
    return FeatureUnion(parts)


def _context_names(transformer: object, input_features: Sequence[str]) -> Sequence[str]:
    return input_features
