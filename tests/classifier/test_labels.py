"""The Vietnamese names of the labels, as a reader types them."""

from __future__ import annotations

import unicodedata

import pytest

from nlp.classifier.labels import LABELS, VIETNAMESE_NAMES, label_from_name


@pytest.mark.parametrize("name, label", [
    ("Kết quả", "achievement"), ("ket qua", "achievement"), ("ket-qua", "achievement"),
    ("hạn chế", "limitation"), ("han-che", "limitation"), ("nguyen nhan", "cause"),
    ("Khác", "other"), ("khac", "other"), ("other", "other"), ("  Hạn   chế ", "limitation"),
    (unicodedata.normalize("NFD", "Nguyên nhân"), "cause"),
], ids=["vi", "folded", "hyphen", "lower", "lower-hyphen", "cause", "other-vi", "other-folded",
        "english", "spaces", "nfd"])
def test_names(name, label):
    assert label_from_name(name) == label


def test_every_label_has_a_vietnamese_name_that_maps_back():
    assert tuple(VIETNAMESE_NAMES) == LABELS
    assert all(label_from_name(name) == label for label, name in VIETNAMESE_NAMES.items())


@pytest.mark.parametrize("name", ["", "han", "thành tích", "limit"])
def test_unknown_names_raise_value_error(name):
    with pytest.raises(ValueError, match="unknown label"):
        label_from_name(name)
