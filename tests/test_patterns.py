"""The shared patterns of nlp/text.py: each defined once, imported by every module that needs it."""

from __future__ import annotations

import pytest

import index.query
import nlp.text as text
from nlp.classifier import cues, features, labels, model, weak_labels
from nlp.reader import metadata, pipeline, repair, sentences, structure


@pytest.mark.parametrize("module,name", [
    (repair, "CLAUSE_END"), (metadata, "CLAUSE_END"), (structure, "SENTENCE_END"),
    (structure, "PUNCTUATED_END"), (repair, "ITEM_START"), (cues, "MARKER_TOKEN"),
    (features, "NUMBERED_WORD"), (pipeline, "VIETNAMESE_LETTER"), (structure, "PART_NUMBER"),
    (structure, "ROMAN_NUMBER"), (structure, "ARABIC_NUMBER"), (structure, "LETTER_NUMBER"),
    (repair, "LOWER_LETTERS"), (sentences, "LOWER_LETTERS"),
], ids=lambda value: getattr(value, "__name__", value))
def test_module_uses_the_one_definition(module, name):
    assert getattr(module, name) is getattr(text, name)


def test_labels_are_written_once():
    assert index.query.LABELS is labels.LABELS


def test_framing_phrases_come_from_the_lexicon():
    from nlp.classifier import lexicon

    assert model._FRAMING[:len(lexicon.FRAMING_OPENINGS)] == lexicon.FRAMING_OPENINGS
    assert model._ANNOUNCEMENT[:2] == lexicon.ANNOUNCEMENT
    assert weak_labels.CLOSING is lexicon.CLOSING


ENDS = (  # line, SENTENCE_END, CLAUSE_END, PUNCTUATED_END
    ("Tiến độ còn chậm.", True, True, True),
    ("Kết quả cụ thể như sau:", False, True, True),
    ("2. Hạn chế:", False, True, True),
    ("**Kết quả đạt được:**", False, True, False),
    ("Về công tác dân vận,", False, False, True),
    ("Hạn chế", False, False, False),
    ("“Dân vận khéo”.", True, True, True),
)


@pytest.mark.parametrize("line,sentence,clause,punctuated", ENDS, ids=[e[0] for e in ENDS])
def test_sentence_end_variants_disagree_on_the_colon_on_purpose(line, sentence, clause,
                                                                 punctuated):
    assert bool(text.SENTENCE_END.search(line)) is sentence
    assert bool(text.CLAUSE_END.search(line)) is clause
    assert bool(text.PUNCTUATED_END.search(line)) is punctuated


def test_lower_letter_class_covers_every_vietnamese_lower_case_letter():
    import re

    lower = re.compile(f"[{text.LOWER_LETTERS}]")
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxy" + "".join(text._TONED_VOWELS.values())
    assert all(lower.match(ch) for ch in alphabet)
    assert not any(lower.match(ch) for ch in alphabet.upper())
    assert text.VIETNAMESE_LETTER.search("TIẾNG VIỆT") and not text.VIETNAMESE_LETTER.search(
        "plain English")


@pytest.mark.parametrize("heading,number,title", [
    ("Điều 2. Hạn chế", "Điều 2.", "Hạn chế"),
    ("Mục 1. Kết quả đạt được", "Mục 1.", "Kết quả đạt được"),
    ("PHẦN THỨ HAI: PHƯƠNG HƯỚNG", "PHẦN THỨ HAI:", "PHƯƠNG HƯỚNG"),
    ("IV- KIẾN NGHỊ", "IV-", "KIẾN NGHỊ"),
    ("2.1. Hạn chế", "2.1.", "Hạn chế"),
    ("b) Nguyên nhân", "b)", "Nguyên nhân"),
], ids=lambda value: value)
def test_heading_numbers_parse_in_one_place(heading, number, title):
    parsed = structure.parse_heading(heading)
    assert (parsed.number, parsed.rest) == (number, title)


@pytest.mark.parametrize("token,marker", [("a)", True), ("2.1.", True), ("iv.", True),
                                          ("-", True), ("tăng", False)])
def test_marker_token(token, marker):
    assert bool(text.MARKER_TOKEN.match(token)) is marker
