"""``place``, ``province`` and ``limit=0`` on a real index of reports from several provinces."""

from __future__ import annotations

import pytest

import index
from index.errors import QuerySyntaxError


@pytest.fixture()
def opened(places_location):
    searcher = index.open_backend(places_location).searcher()
    yield searcher
    searcher.close()


def _sources(result) -> set[str]:
    return {hit.source.rsplit("/", 1)[-1] for hit in result.hits}


def test_reports_get_their_current_province(places_location):
    records = {r["source"].rsplit("/", 1)[-1]: r for r in index.list_reports(places_location)}
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
def test_province_filter(opened, province, expected):
    assert _sources(opened.search("cải cách hành chính", limit=0, province=province)) == expected
    assert _sources(opened.search(f'cải cách hành chính province:"{province}"',
                                  limit=0)) == expected


@pytest.mark.parametrize("place, expected", [
    ("Kiên Giang", {"kien-giang.txt"}), ("tỉnh Kiên Giang", {"kien-giang.txt"}),
    ("Cần Thơ", {"can-tho.txt"}), ("thành phố Cần Thơ", {"can-tho.txt"}),
    ("TP. Cần Thơ", {"can-tho.txt"}),
], ids=["as-written", "tinh", "without-tp", "thanh-pho", "tp-dot"])
def test_place_filter_matches_the_place_as_written(opened, place, expected):
    assert _sources(opened.search("cải cách hành chính", limit=0, place=place)) == expected


def test_unknown_province_is_a_query_error(opened):
    with pytest.raises(QuerySyntaxError, match="unknown province 'Atlantis'"):
        opened.search("cải cách hành chính", province="Atlantis")


def test_limit_zero_returns_every_hit(places_index):
    from index.search import SentenceSearcher

    with SentenceSearcher(places_index) as searcher:
        everything = searcher.search("cải cách hành chính", limit=0)
        assert len(everything.hits) == everything.total == 5
        assert len(searcher.search("cải cách hành chính", limit=2).hits) == 2
        assert searcher.matching("cải cách hành chính") == searcher.matching(
            "cải cách hành chính", label=None)
        assert len(searcher.matching("cải cách hành chính")) == 5


def test_the_bundled_kien_giang_report_is_in_an_giang(bundled_location):
    with index.open_backend(bundled_location).searcher() as searcher:
        by_province = searcher.search("dân vận", province="An Giang", limit=0)
        by_place = searcher.search("dân vận", place="Kiên Giang", limit=0)
        assert by_province.hits and by_province.total == by_place.total
        assert searcher.search("dân vận", province="Cần Thơ").hits == []
