"""The corpus word lists (nlp/classifier/lexicon.py): one TSV reader, the heading vocabulary."""

from __future__ import annotations

import pytest

import nlp
from index.synonyms import Synonyms
from nlp.classifier.context import report_context_labels
from nlp.classifier.evaluation import read_gold
from nlp.classifier.lexicon import data_rows, load_heading_rules, parse_cues, parse_heading_rules
from nlp.classifier.training import read_examples
from nlp.classifier.weak_labels import weak_labels

PART_HEADINGS = (
    ("Điều 2. Hạn chế", "limitation"),
    ("Mục 1. Kết quả đạt được", "achievement"),
    ("Chương III. Nguyên nhân", "cause"),
    ("PHẦN THỨ HAI: NHIỆM VỤ, GIẢI PHÁP", "other"),
    ("Mục tiêu", "other"),  # a title, not the part word "Mục" and a number
)


@pytest.mark.parametrize("heading,label", PART_HEADINGS, ids=[h for h, _ in PART_HEADINGS])
def test_part_numbered_headings_are_labelled_as_the_reader_parses_them(heading, label):
    assert load_heading_rules().heading_label(heading) == label


# Articles and histories head their shortcomings as errors, failures or consequences; a
# sub-heading of that kind under a heading naming results and errors is a shortcoming.
ERROR_HEADINGS = (
    ("Những sai lầm trong chỉ đạo", "limitation"),
    ("3. Sai phạm", "limitation"),
    ("Hậu quả", "limitation"),
    ("Thất bại của kế hoạch", "limitation"),
    ("Ưu điểm và nhược điểm", "achievement"),  # the opening phrase names the heading's kind
    ("Những thành công bước đầu", "achievement"),
)


@pytest.mark.parametrize("heading,label", ERROR_HEADINGS, ids=[h for h, _ in ERROR_HEADINGS])
def test_error_and_failure_headings_are_shortcomings(heading, label):
    assert load_heading_rules().heading_label(heading) == label


def test_an_errors_sub_heading_is_not_read_by_its_parent_s_results():
    rules = load_heading_rules()
    assert rules.section_label(("IV. Thành tích và sai phạm", "2. Các sai phạm")) == "limitation"
    assert rules.section_label(("IV. Thành tích và sai phạm", "1. Tiến độ")) == "achievement"


def test_dieu_heading_gives_weak_labels_to_the_sentences_under_it():
    report = nlp.read_text("Điều 1. Kết quả đạt được\n"
                           "Các xã đã hoàn thành kế hoạch xây dựng nông thôn mới năm 2019.\n"
                           "Điều 2. Hạn chế\n"
                           "Việc giải ngân vốn đầu tư công ở nhiều xã còn chậm so với kế hoạch.")
    assert [s.number for s in report.sections] == ["Điều 1.", "Điều 2."]
    assert report_context_labels(report) == ["achievement", "limitation"]
    assert [label for _, label in weak_labels(report)] == ["achievement", "limitation"]


def test_heading_rules_read_a_sections_parsed_title():
    section = nlp.read_text("Điều 2. Hạn chế\nViệc giải ngân còn chậm.").sections[0]
    assert section.title == "Hạn chế"
    assert load_heading_rules().heading_label(section) == "limitation"


LINES = ["# a comment first", "", "label\tcolumns", "  # an indented comment", "x\ty"]


def test_one_reader_skips_comments_blank_lines_and_the_header_row():
    assert [(n, fields) for n, _, fields in data_rows(LINES)] == [(5, ["x", "y"])]
    assert [fields for _, _, fields in data_rows(["label\tx"], header=None)] == [["label", "x"]]
    # Only the first row can be a header: a later "label" row is data.
    assert [fields[0] for _, _, fields in data_rows(["a\tb", "label\tc"])] == ["a", "label"]


def test_every_corpus_reader_takes_a_header_after_comments(tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text("# gold\nlabel\ttext\ncause\tDo thiếu vốn.\n", encoding="utf-8")
    examples = tmp_path / "examples.tsv"
    examples.write_text("# examples\nlabel\tdoc_type\tsection\ttext\n"
                        "other\tKẾ HOẠCH\t\tTăng cường kiểm tra.\n", encoding="utf-8")
    assert read_gold(gold).labels == ("cause",)
    assert [e.label for e in read_examples(examples)] == ["other"]
    assert len(parse_cues(["# cues", "label\tposition\tcue", "other\tstart\tcần"]).cues) == 1
    assert len(parse_heading_rules(["# rules", "label\tphrase", "cause\tnguyên nhân"]).phrases) == 1
    assert len(Synonyms.from_lines(["# synonyms", "  # indented", "UBND\tỦy ban nhân dân"]).groups) == 1
