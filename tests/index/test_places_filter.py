"""``place``, ``province`` and ``limit=0`` on a real index of reports from several provinces."""

from __future__ import annotations

import pytest

import index
from index.errors import QuerySyntaxError
from index.search import SentenceSearcher

# Four short reports: two provinces merged into An Giang (one undated, its place read from the
# issuing body), one from Cần Thơ, one without any place.
REPORTS = {
    "kien-giang.txt": "UBND TỈNH KIÊN GIANG\n\nSố: 11/BC-UBND\n\nKiên Giang, ngày 3 tháng 4 năm "
                      "2019\n\nBÁO CÁO\n\nCông tác cải cách hành chính\n\nCông tác cải cách "
                      "hành chính được triển khai đồng bộ.\n\nViệc cải cách hành chính ở cấp xã "
                      "còn chậm.\n",
    "an-giang.txt": "UBND TỈNH AN GIANG\n\nSố: 12/BC-UBND\n\nBÁO CÁO\n\nCông tác cải cách hành "
                    "chính\n\nTỉnh đã hoàn thành kế hoạch cải cách hành chính năm 2021.\n",
    "can-tho.txt": "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\n\nSố: 13/BC-UBND\n\nTP. Cần Thơ, ngày 5 "
                   "tháng 6 năm 2020\n\nBÁO CÁO\n\nCông tác tiếp công dân\n\nThành phố chưa "
                   "làm tốt cải cách hành chính trong tiếp công dân.\n",
    "no-place.txt": "BÁO CÁO\n\nVề cải cách hành chính\n\nCải cách hành chính còn nhiều hạn "
                    "chế do thiếu cán bộ.\n",
}


@pytest.fixture(scope="module")
def places_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("places")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    directory = folder / "index"
    result = index.add_reports(directory, [folder], workers=1)
    assert not result.failed and len(result.added) == 4
    return directory


def _sources(result) -> set[str]:
    return {hit.source.rsplit("/", 1)[-1] for hit in result.hits}


def test_reports_get_their_current_province(places_index):
    records = {r["source"].rsplit("/", 1)[-1]: r for r in index.list_reports(places_index)}
    assert {name: (r["place"], r["province"]) for name, r in records.items()} == {
        "kien-giang.txt": ("Kiên Giang", "An Giang"), "an-giang.txt": ("An Giang", "An Giang"),
        "can-tho.txt": ("TP. Cần Thơ", "Cần Thơ"), "no-place.txt": (None, None)}


@pytest.mark.parametrize("province, expected", [
    ("An Giang", {"kien-giang.txt", "an-giang.txt"}),
    ("tỉnh An Giang", {"kien-giang.txt", "an-giang.txt"}),
    ("an giang", {"kien-giang.txt", "an-giang.txt"}),
    ("Kiên Giang", {"kien-giang.txt", "an-giang.txt"}),  # a former name stands for An Giang
    ("thành phố Cần Thơ", {"can-tho.txt"}),
    ("Hà Nội", set()),
], ids=["current", "prefix", "no-diacritics", "former", "city", "none-there"])
def test_province_filter(places_index, province, expected):
    with SentenceSearcher(places_index) as searcher:
        assert _sources(searcher.search("cải cách hành chính", limit=0,
                                        province=province)) == expected
        assert _sources(searcher.search(f'cải cách hành chính province:"{province}"',
                                        limit=0)) == expected


@pytest.mark.parametrize("place, expected", [
    ("Kiên Giang", {"kien-giang.txt"}), ("tỉnh Kiên Giang", {"kien-giang.txt"}),
    ("Cần Thơ", {"can-tho.txt"}), ("thành phố Cần Thơ", {"can-tho.txt"}),
    ("TP. Cần Thơ", {"can-tho.txt"}),
], ids=["as-written", "tinh", "without-tp", "thanh-pho", "tp-dot"])
def test_place_filter_matches_the_place_as_written(places_index, place, expected):
    with SentenceSearcher(places_index) as searcher:
        assert _sources(searcher.search("cải cách hành chính", limit=0, place=place)) == expected


def test_unknown_province_is_a_query_error(places_index):
    with SentenceSearcher(places_index) as searcher, \
            pytest.raises(QuerySyntaxError, match="unknown province 'Atlantis'"):
        searcher.search("cải cách hành chính", province="Atlantis")


def test_limit_zero_returns_every_hit(places_index):
    with SentenceSearcher(places_index) as searcher:
        everything = searcher.search("cải cách hành chính", limit=0)
        assert len(everything.hits) == everything.total == 5
        assert len(searcher.search("cải cách hành chính", limit=2).hits) == 2
        assert searcher.matching("cải cách hành chính") == searcher.matching(
            "cải cách hành chính", label=None)
        assert len(searcher.matching("cải cách hành chính")) == 5
