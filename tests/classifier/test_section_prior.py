"""The section adjustment moves only unsure sentences, towards their turn's or section's label."""

import pytest

from nlp.classifier.section_prior import toward_scope

# Columns: achievement, limitation, cause, other.
UNSURE = [0.2, 0.3, 0.1, 0.4]
SURE = [0.02, 0.03, 0.05, 0.9]


def test_an_unsure_sentence_moves_towards_its_scope():
    moved = toward_scope([UNSURE], [1], [3.0], confident=0.8)[0]
    assert max(range(4), key=moved.__getitem__) == 1
    assert sum(moved) == pytest.approx(1.0)
    # the other labels keep their ratios: only the scope's prior changed
    assert moved[0] / moved[3] == pytest.approx(UNSURE[0] / UNSURE[3])


def test_a_sure_sentence_and_a_sentence_without_scope_keep_their_rows():
    rows = toward_scope([SURE, UNSURE], [1, None], [3.0, 3.0], confident=0.8)
    assert rows == [SURE, UNSURE]


def test_a_boost_of_one_changes_nothing():
    assert toward_scope([UNSURE, SURE], [1, 2], [1.0, 1.0], confident=1.01) == [UNSURE, SURE]


def test_lengths_must_agree():
    with pytest.raises(ValueError, match="2 rows, 1 scopes"):
        toward_scope([UNSURE, SURE], [1], [3.0, 3.0])


def test_the_classifier_moves_an_unsure_sentence_after_a_turn():
    import nlp

    classifier = nlp.load_classifier()
    texts = ["Tuy nhiên, công tác giải ngân vẫn còn hạn chế.", "Nhiều dự án khởi công muộn."]
    items = classifier.text_items(texts)
    rows = classifier.pipeline.predict_proba(items).tolist()
    column = classifier.labels.index("limitation")
    moved = classifier.toward_scopes(items, rows, section_boost=1.0, turn_boost=3.0,
                                     section_confident=1.01)
    assert moved[1][column] > rows[1][column]
    unmoved = classifier.toward_scopes(items, rows, section_boost=3.0, turn_boost=1.0,
                                       section_confident=1.01)
    assert unmoved == rows
