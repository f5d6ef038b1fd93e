"""Cue lists (corpus/cues.tsv), cue matching, and the plain cue-word baseline."""

from __future__ import annotations

import unicodedata

import pytest

from nlp.classifier.cues import CueBaseline, sentence_syllables, strip_markers
from nlp.classifier.lexicon import load_cues, parse_cues


def test_shipped_cue_list_covers_every_label_and_position():
    cues = load_cues()
    assert {(c.label, c.position) for c in cues.cues} == {
        (label, position) for label in ("achievement", "limitation", "cause", "other")
        for position in ("any", "start", "aspect")}


def test_start_cues_match_only_at_the_opening_after_list_markers():
    cues = parse_cues(["other\tstart\ttăng cường", "limitation\tany\tcòn chậm"])
    opening = cues.matches(("b)", "tăng", "cường", "kiểm", "tra"))
    inside = cues.matches(("cần", "tăng", "cường", "kiểm", "tra"))
    assert [c.syllables for c in opening] == [("tăng", "cường")]
    assert inside == []


def test_cues_match_whole_words_only():
    cues = parse_cues(["other\tany\tgiao", "cause\tany\tdo"])
    assert cues.matches(sentence_syllables(["Giao thông", "tự do", "đi lại"])) == []
    assert len(cues.matches(sentence_syllables(["Giao", "Sở", "chủ trì", "do", "đó"]))) == 2


def test_first_aspect_marker_governs_the_sentence():
    cues = load_cues()
    task = sentence_syllables(["Các", "đơn vị", "cần", "giải ngân", "vốn", "đã", "giao", "."])
    done = sentence_syllables(["Tỉnh", "đã", "giải ngân", "vốn", "cần", "thiết", "."])
    assert cues.first_aspect(task).label == "other"
    assert cues.first_aspect(done).label == "achievement"
    assert cues.first_aspect(sentence_syllables(["Hội nghị", "khai mạc"])) is None


def test_multi_syllable_cue_needs_its_syllables_in_a_row():
    cues = parse_cues(["limitation\tany\tcòn chậm"])
    assert cues.counts(("tiến", "độ", "còn", "chậm")) == {"limitation:any": 1}
    assert cues.counts(("còn", "tiến", "độ", "chậm")) == {}


@pytest.mark.parametrize("line", ["praise\tany\tđạt", "achievement\tmiddle\tđạt",
                                  "achievement\tany"], ids=["label", "position", "columns"])
def test_malformed_cue_line_is_rejected_with_its_line_number(line):
    with pytest.raises(ValueError, match=r"cues.tsv:1:"):
        parse_cues([line])


def test_cue_file_is_in_normal_form():
    cues = load_cues()
    for cue in cues.cues:
        text = " ".join(cue.syllables)
        assert unicodedata.normalize("NFC", text) == text


def test_markers_are_stripped_from_openings():
    assert strip_markers(("-", "giao", "sở")) == ("giao", "sở")
    assert strip_markers(("2.1.", "hạn", "chế")) == ("hạn", "chế")
    assert strip_markers(("đ)", "tổ", "chức")) == ("tổ", "chức")


def test_sentence_syllables_split_words_and_drop_punctuation():
    assert sentence_syllables(["Sắp xếp", "bộ máy", "còn", "chậm", "."]) == (
        "sắp", "xếp", "bộ", "máy", "còn", "chậm")


UNMISTAKABLE = (
    ("limitation", ("tiến", "độ", "giải", "ngân", "còn", "chậm", "chưa", "đạt", "yêu", "cầu")),
    ("cause", ("nguyên", "nhân", "là", "do", "thiếu", "vốn")),
    ("achievement", ("toàn", "tỉnh", "đã", "hoàn", "thành", "vượt", "kế", "hoạch")),
    ("other", ("hội", "nghị", "diễn", "ra", "tại", "hội", "trường")),
)


@pytest.mark.parametrize("label,syllables", UNMISTAKABLE, ids=[c[0] for c in UNMISTAKABLE])
def test_baseline_labels_sentences_whose_cues_are_clear(label, syllables):
    assert CueBaseline(load_cues()).predict_syllables([syllables]) == [label]
