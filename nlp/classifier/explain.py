"""Why a sentence got its label: the features that pushed it there, with their weight.

The model is a multinomial logistic regression, so the log-odds of a label are a sum over
features of coefficient x value.  A feature's push towards label L is its coefficient for L
minus its mean coefficient over all labels, times its value in the sentence: positive pushes
towards L, negative away.  The strongest positive pushes are the explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Classifier
    from .item import Item

__all__ = ["Reason", "explain_items", "describe_feature"]

# Pushes below this (in log-odds) are noise to a reader: single common words, mostly.
MIN_WEIGHT = 0.05


@dataclass(frozen=True)
class Reason:
    """One feature that pushed a sentence towards its label, readable, and how hard."""

    feature: str
    weight: float


def describe_feature(name: str) -> str:
    """Return a reader's description of a pipeline feature name.

    >>> describe_feature("words__^tăng_cường"), describe_feature("cues__cue=any:còn chậm")
    ("opens with 'tăng cường'", "cue 'còn chậm'")
    >>> describe_feature("context__section=limitation")
    'heading or lead says limitation'
    """
    group, _, feature = name.partition("__")
    if group == "words":
        if feature.startswith("^"):
            return f"opens with '{feature[1:].replace('__', ' ').replace('_', ' ')}'"
        return f"word '{feature.replace('_', ' ')}'"
    if group == "syllables":
        return f"syllables '{feature.replace('+', ' ')}'"
    if group == "cues":
        if feature.startswith("cue="):
            position, _, cue = feature[4:].partition(":")
            return f"opening cue '{cue}'" if position == "start" else f"cue '{cue}'"
        if feature.startswith("aspect:"):
            return f"first aspect marker says {feature[7:]}"
        if feature.startswith("cue:"):
            label, _, position = feature[4:].partition(":")
            return f"{label} cues {'at the start' if position == 'start' else 'in the sentence'}"
        return {"mark:marker": "list marker", "mark:colon": "ends with a colon",
                "mark:quantity": "contains a quantity", "mark:percent": "contains a percentage",
                "mark:short": "short sentence"}.get(feature, feature)
    if group == "context":
        key, _, value = feature.partition("=")
        return f"heading or lead says {value}" if key == "section" else f"document type {value}"
    return name


def explain_items(classifier: Classifier, items: Sequence[Item], labels: Sequence[str],
                  top: int = 5) -> list[list[Reason]]:
    """Return, for each item, the ``top`` features that pushed it most towards ``labels[i]``."""
    if len(items) != len(labels):
        raise ValueError(f"{len(labels)} labels for {len(items)} items")
    if not items:
        return []
    features = classifier.pipeline.named_steps["features"]
    model = classifier.pipeline.named_steps["model"]
    names = features.get_feature_names_out()
    matrix = features.transform(list(items)).tocsr()
    classes = [str(c) for c in model.classes_]
    coef = model.coef_ - model.coef_.mean(axis=0)
    result = []
    for i, label in enumerate(labels):
        row = matrix.getrow(i)
        weights = coef[classes.index(label), row.indices] * row.data
        order = weights.argsort()[::-1][:top]
        result.append([Reason(describe_feature(str(names[row.indices[j]])),
                              round(float(weights[j]), 3))
                       for j in order if weights[j] >= MIN_WEIGHT])
    return result
