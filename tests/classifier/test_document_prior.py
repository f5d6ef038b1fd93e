"""The document prior moves only the sentences the sentence model is unsure of."""

import pytest

from nlp.classifier.document_prior import CONFIDENT, adjust_to_document, keep_confident

# Columns: achievement, limitation, cause, other. A run of limitations with one cause inside,
# of which the sentence model is sure, and one unsure sentence.
ROWS = [[0.05, 0.85, 0.05, 0.05]] * 6 + [[0.05, 0.15, 0.75, 0.05]] + [[0.3, 0.4, 0.1, 0.2]]


def test_unconditional_prior_would_smooth_the_lone_cause_away():
    adjusted = adjust_to_document(ROWS, pseudo=2.0, local_weight=0.5)
    assert adjusted[6][2] < ROWS[6][2]


def test_a_confident_sentence_keeps_its_own_reading():
    adjusted = adjust_to_document(ROWS)
    kept = keep_confident(ROWS, adjusted, confident=0.7)
    assert kept[6] == ROWS[6]
    assert max(range(4), key=kept[6].__getitem__) == 2
    # the unsure sentence is moved towards the document's mix (limitations)
    assert kept[7] == adjusted[7] and kept[7][1] > ROWS[7][1]


def test_confidence_threshold_is_a_probability():
    assert 0.5 <= CONFIDENT <= 1.0
    with pytest.raises(ValueError):
        keep_confident(ROWS, ROWS, confident=1.5)
