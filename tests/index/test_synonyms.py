"""Abbreviations and synonyms: both directions, folded, longest match, user extension."""

from __future__ import annotations

import pytest

from index.synonyms import Synonyms, fold_tokens, load_synonyms


def _forms(table: Synonyms, text: str) -> list[set[str]]:
    return [{" ".join(form) for form in forms} for _, forms in table.find(fold_tokens(text))]


@pytest.mark.parametrize("text, expected", [
    ("UBND tỉnh", {"ubnd", "uy ban nhan dan"}),
    ("Ủy ban nhân dân tỉnh", {"ubnd", "uy ban nhan dan"}),
    ("uy ban nhan dan", {"ubnd", "uy ban nhan dan"}),
    ("HĐND", {"hdnd", "hoi dong nhan dan"}),
    ("cải cách hành chính", {"cchc", "cai cach hanh chinh"}),
    ("NSNN", {"nsnn", "ngan sach nha nuoc"}),
    ("tiếp dân", {"tiep dan", "tiep cong dan"}),
    ("tiếp công dân", {"tiep dan", "tiep cong dan"}),
], ids=["abbr", "long", "folded-long", "d-bar", "cchc", "nsnn", "short-synonym",
        "long-synonym"])
def test_shipped_list_works_both_ways(text, expected):
    assert _forms(load_synonyms(), text)[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("công tác PCCC", {"pccc", "phong chay chua chay"}),
    ("phòng cháy, chữa cháy", {"pccc", "phong chay chua chay"}),
    ("sắp xếp ĐVHC", {"dvhc", "don vi hanh chinh"}),
    ("giấy chứng nhận quyền sử dụng đất", {"gcnqsdd", "gcn qsdd",
                                            "giay chung nhan quyen su dung dat"}),
    ("QSDĐ", {"qsdd", "qsd dat", "quyen su dung dat"}),
    ("thuế TNCN", {"tncn", "thu nhap ca nhan"}),
    ("Sở GD&ĐT", {"gd dt", "gddt", "giao duc va dao tao"}),
    ("TP Hà Nội", {"tp", "thanh pho"}),
], ids=["pccc", "pccc-long-comma", "dvhc", "longest-gcn", "qsdd", "tncn", "ampersand", "tp"])
def test_standard_administrative_abbreviations(text, expected):
    assert expected in _forms(load_synonyms(), text)


def test_longest_form_wins():
    table = load_synonyms()
    found = table.find(fold_tokens("Ủy ban Mặt trận Tổ quốc"))
    assert [span for span, _ in found] == [(0, 6)]


def test_no_match_in_ordinary_words():
    assert load_synonyms().find(fold_tokens("tinh giản biên chế")) == []


def test_comments_blank_lines_and_single_forms_are_ignored():
    table = Synonyms.from_lines(["# a comment", "", "   ", "QLDA\tquản lý dự án", "lonely"])
    assert len(table.groups) == 1


def test_user_file_extends_the_list(tmp_path):
    user = tmp_path / "synonyms.tsv"
    user.write_text("# mine\nQLDA\tquản lý dự án\n", encoding="utf-8")
    assert _forms(load_synonyms([user]), "QLDA") == [{"qlda", "quan ly du an"}]
    assert load_synonyms().find(fold_tokens("QLDA")) == []


def test_missing_user_file_is_ignored(tmp_path):
    assert load_synonyms([tmp_path / "absent.tsv"]).groups == load_synonyms().groups
