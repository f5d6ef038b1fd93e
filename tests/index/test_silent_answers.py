"""Queries that used to return nothing without a word: ``-"phrase"``, an unknown field, a year
filter over undated reports; and a document written with a Latin eth (Ð) for Đ."""

from __future__ import annotations

import pytest

import index
from index.errors import QuerySyntaxError

DATED = ("ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố: 12/BC-UBND\nKiên Giang, ngày 5 tháng 3 năm 2019\n"
         "BÁO CÁO\nKết quả cải cách hành chính năm 2018\n1. Kết quả\n"
         "Tỉnh đẩy mạnh cải cách hành chính trong các cơ quan nhà nước.\n"
         "Cải cách hành chính gắn với đơn giản hóa thủ tục cho người dân.\n")
UNDATED = ("BÁO CÁO\n1. Kết quả\nCải cách hành chính được các huyện triển khai đồng bộ.\n"
           "Cán bộ vận động quần chúng tin theo sự lãnh đạo, không rời khỏi \u00d0ảng.\n")


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("silent")
    (root / "docs").mkdir()
    (root / "docs" / "dated.txt").write_text(DATED, encoding="utf-8")
    (root / "docs" / "undated.txt").write_text(UNDATED, encoding="utf-8")
    index.add_reports(root / "ix", [root / "docs"], workers=1)
    return root / "ix"


def _texts(result) -> list[str]:
    return [hit.text for hit in result.hits]


def test_minus_phrase_means_not_like_the_not_operator(small_index):
    minus = index.search(small_index, '"cải cách hành chính" -"thủ tục"')
    spelled = index.search(small_index, '"cải cách hành chính" NOT "thủ tục"')
    assert _texts(minus) == _texts(spelled) and len(minus.hits) == 2
    assert not any("thủ tục" in text for text in _texts(minus))


def test_unknown_field_is_named_with_the_known_ones(small_index):
    with pytest.raises(QuerySyntaxError, match="unknown field 'foo' .* the fields are label, "
                                               "year, place, province, type, report"):
        index.search(small_index, "foo:bar cải cách")


def test_a_colon_after_a_word_is_still_text(small_index):
    assert index.search(small_index, "Kết quả: cải cách hành chính").hits


def test_year_filter_counts_the_undated_reports_it_left_out(small_index, cli):
    result = index.search(small_index, "cải cách hành chính", year=2019)
    assert {hit.source.rsplit("/", 1)[-1] for hit in result.hits} == {"dated.txt"}
    assert result.undated == 1
    assert index.search(small_index, "cải cách hành chính year:2019").undated == 1
    assert index.search(small_index, "cải cách hành chính").undated == 0
    run = cli("search", "--index", small_index, "cải cách hành chính", "--year", "2019")
    assert run.code == 0
    assert run.stderr == ("1 undated report with matching sentences left out by --year; see "
                          "'baocao trends QUERY --by year'\n")


def test_d_bar_finds_a_sentence_written_with_a_latin_eth(small_index):
    assert any("khỏi Đảng" in text for text in _texts(index.search(small_index, '"khỏi Đảng"')))
