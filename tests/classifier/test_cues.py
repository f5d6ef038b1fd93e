"""Cue lists (corpus/cues.tsv), cue matching, and the plain cue-word baseline."""

from __future__ import annotations

import unicodedata

import pytest

from nlp.classifier.cues import CueBaseline, sentence_syllables, strip_markers
from nlp.classifier.lexicon import load_cues, parse_cues
from nlp.reader.words import segment_all


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


def _syllables(text: str):
    return sentence_syllables(segment_all([text])[0])


# Invented sentences (not from any evaluated document).
GOAL_DECREASES = (
    "Tỷ lệ hộ cận nghèo của xã giảm còn 3,2%.",
    "Số vụ cháy rừng giảm 4 vụ, xuống còn 11 vụ.",
    "Tỷ lệ trẻ suy dinh dưỡng giảm xuống còn 9,5%.",
)


@pytest.mark.parametrize("text", GOAL_DECREASES, ids=["giam-con", "xuong-con", "giam-xuong-con"])
def test_a_decrease_down_to_a_figure_is_no_limitation(text):
    syllables = _syllables(text)
    counts = load_cues().counts(syllables)
    assert counts.get("limitation:any", 0) == 0 and counts["achievement:any"] >= 1
    aspect = load_cues().first_aspect(syllables)
    assert aspect is None or aspect.label != "limitation"


def test_still_high_remains_a_limitation():
    syllables = _syllables("Tỷ lệ hộ nghèo ở các xã vùng cao còn cao.")
    assert load_cues().counts(syllables)["limitation:any"] >= 1
    assert load_cues().first_aspect(syllables).label == "limitation"


UNDER_TARGETS = (
    ("Thu ngân sách nhà nước 9 tháng ước đạt 72% dự toán năm.", "limitation"),
    ("Giải ngân vốn đầu tư công đã đạt 64,5% kế hoạch vốn được giao.", "limitation"),
    ("Sản lượng lúa cả năm đạt 103% kế hoạch.", "achievement"),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế đạt 91%.", "achievement"),
)


@pytest.mark.parametrize("text, aspect", UNDER_TARGETS,
                         ids=["uoc-dat-72", "da-dat-64", "dat-103", "no-target"])
def test_a_share_under_its_target_is_a_limitation(text, aspect):
    syllables = _syllables(text)
    counts = load_cues().counts(syllables)
    first = load_cues().first_aspect(syllables)
    if aspect == "limitation":
        assert first.label == "limitation" and counts["limitation:any"] >= 1
    else:
        assert first is None or first.label == "achievement"
        assert counts.get("limitation:any", 0) == 0


def test_a_planned_share_stays_a_task():
    first = load_cues().first_aspect(_syllables("Phấn đấu giải ngân đạt 95% kế hoạch vốn."))
    assert first.label == "other"


@pytest.mark.parametrize("text", ("Công tác cải cách hành chính được đẩy mạnh.",
                                  "Các mô hình sản xuất mới được triển khai ở 5 xã."),
                         ids=["duoc-day-manh", "duoc-trien-khai"])
def test_passive_of_a_task_verb_reads_as_done(text):
    assert load_cues().first_aspect(_syllables(text)).label == "achievement"


def test_topic_nouns_are_not_cause_cues():
    syllables = _syllables("Chính sách hỗ trợ nhà ở cho người có công được thực hiện kịp thời.")
    assert load_cues().counts(syllables).get("cause:any", 0) == 0


def test_the_longest_aspect_marker_at_a_position_wins():
    cues = parse_cues(["achievement\taspect\tđã", "other\taspect\ttiếp tục",
                       "achievement\taspect\ttiếp tục được"])
    went_on = sentence_syllables(["Công tác", "cải cách", "tiếp tục", "được", "đẩy mạnh"])
    task = sentence_syllables(["Tiếp tục", "đẩy mạnh", "cải cách", "hành chính"])
    assert cues.first_aspect(went_on).label == "achievement"
    assert cues.first_aspect(task).label == "other"


@pytest.mark.parametrize("words", [
    ["Kế hoạch", "đặt", "mục tiêu", "tăng trưởng", "kinh tế", "đạt", "8", "%"],
    ["Mục tiêu", "đến", "năm", "2030", "là", "90", "%", "số", "xã", "đạt", "chuẩn"],
    ["Đẩy mạnh", "giải ngân", ",", "quyết tâm", "hoàn thành", "kế hoạch", "vốn", "đã", "được",
     "giao"],
    ["Rà soát", "các", "chỉ tiêu", "đã", "được", "giao", ",", "phấn đấu", "vượt", "kế hoạch"],
], ids=["target-set", "target-by-year", "resolve-to", "assigned-plan"])
def test_a_stated_target_is_planned_content_not_a_result(words):
    assert load_cues().first_aspect(sentence_syllables(words)).label == "other"


def test_narrative_shortcomings_and_origins_are_cued_without_a_section():
    # Invented sentences of an article that assesses a campaign without "Hạn chế" headings.
    cues = load_cues()
    failure = sentence_syllables(segment_all(["Việc thu mua diễn ra tràn lan, gây nhiều oan sai."])[0])
    origin = sentence_syllables(segment_all(["Những lệch lạc đó bắt nguồn từ tư tưởng nóng vội."])[0])
    background = sentence_syllables(segment_all(["Hội nghị họp tại Hà Nội trong ba ngày."])[0])
    assert {("tràn", "lan"), ("oan", "sai")} <= {
        c.syllables for c in cues.matches(failure) if c.label == "limitation"}
    assert ("bắt", "nguồn", "từ") in {c.syllables for c in cues.matches(origin)
                                     if c.label == "cause"}
    assert not {"limitation", "cause"} & {c.label for c in cues.matches(background)}
