"""Trends count exactly what search counts, per group, with the unknown row kept."""

from __future__ import annotations

import pytest

import index
from index.backend import compute_trends, trends, undated_matching
from index.search import SentenceSearcher
from index.trends import UNKNOWN

THEME = "cải cách hành chính"
PLACES = ("kien-giang.txt", "an-giang.txt", "can-tho.txt", "no-place.txt")


@pytest.fixture(scope="module")
def searcher(places_location):
    opened = index.open_backend(places_location).searcher()
    yield opened
    opened.close()


@pytest.mark.parametrize("by", ["year", "place", "province", "type", "report"])
def test_groups_add_up_to_the_search_counts(searcher, by):
    result = compute_trends(searcher, THEME, by=by)
    every = searcher.search(THEME, limit=0)
    assert result.total().counts == {k: v for k, v in every.counts.items()}
    assert result.total().sentences == len(every.hits) == 5
    assert result.total().reports_matching == len({hit.source for hit in every.hits})


@pytest.mark.parametrize("by, option", [("year", "year"), ("province", "province"),
                                        ("type", "type"), ("report", "report")])
def test_each_row_equals_search_with_that_filter(searcher, by, option):
    for row in compute_trends(searcher, THEME, by=by).rows:
        if row.group == UNKNOWN:
            continue
        hits = searcher.search(THEME, limit=0, **{option: row.group})
        assert row.counts == hits.counts, row
        assert row.reports_matching == len({hit.source for hit in hits.hits})


def test_undated_and_placeless_reports_have_their_own_row(searcher):
    by_year = compute_trends(searcher, THEME, by="year")
    assert [row.group for row in by_year.rows] == ["2019", "2020", UNKNOWN]
    assert (by_year.unknown().reports_matching, by_year.unknown().reports) == (2, 2)
    by_province = compute_trends(searcher, THEME, by="province")
    assert [row.group for row in by_province.rows] == ["An Giang", "Cần Thơ", UNKNOWN]
    assert by_province.rows[0].reports == 2  # Kiên Giang and An Giang


def test_reports_of_a_group_at_all_are_told_from_those_mentioning_the_theme(searcher):
    # "tiếp dân": neither syllable is in the An Giang reports, so no back-off reaches them
    # ("công" of "tiếp công dân" is in their "Công tác ...").
    result = compute_trends(searcher, "tiếp dân", by="province")
    rows = {row.group: row for row in result.rows}
    assert (rows["Cần Thơ"].reports_matching, rows["Cần Thơ"].reports) == (1, 1)
    assert (rows["An Giang"].reports_matching, rows["An Giang"].reports) == (0, 2)
    assert rows["An Giang"].counts == {}


def test_labels_and_filters_restrict_like_search(searcher):
    result = compute_trends(searcher, THEME, by="province", labels=["limitation"],
                            province="An Giang")
    limited = searcher.search(THEME, limit=0, label="limitation", province="An Giang")
    assert [row.group for row in result.rows] == ["An Giang"]
    assert result.rows[0].counts == limited.counts
    assert result.labels == ("limitation",)
    in_query = compute_trends(searcher, f'{THEME} province:"An Giang"', by="province")
    assert [row.group for row in in_query.rows] == ["An Giang"]


def test_undated_matching_counts_what_a_year_filter_leaves_out(places_location):
    assert undated_matching(places_location, THEME, year=2019) == 2
    assert undated_matching(places_location, "tiếp công dân", year=2020) == 0


def test_trends_on_a_fresh_searcher_equal_a_kept_one(searcher, places_location):
    assert trends(places_location, THEME, by="place") == \
        compute_trends(searcher, THEME, by="place")


@pytest.mark.parametrize("kwargs, message", [({"by": "month"}, "by must be one of"),
                                             ({"labels": ["good"]}, "unknown label 'good'")],
                         ids=["by", "label"])
def test_bad_arguments_are_value_errors(searcher, kwargs, message):
    with pytest.raises(ValueError, match=message):
        compute_trends(searcher, THEME, **kwargs)


def test_a_bad_query_is_a_query_error(searcher):
    with pytest.raises(index.QuerySyntaxError):
        compute_trends(searcher, '"cải cách', by="year")


def test_counts_stay_right_with_deleted_documents_in_the_index(places_index, tmp_path):
    # A removed report leaves deleted documents until Whoosh merges them away: the sentences
    # are then attributed through the posting lists instead of the order of the documents.
    import shutil

    directory = shutil.copytree(places_index, tmp_path / "index")
    folder = places_index.parent
    index.remove_reports(directory, [folder / "an-giang.txt"])
    with SentenceSearcher(directory) as searcher:
        assert searcher.reader.has_deletions()
        for by in ("year", "province", "report"):
            result = compute_trends(searcher, THEME, by=by)
            every = searcher.search(THEME, limit=0)
            assert result.total().counts == every.counts and every.total == 4
        rows = {row.group: row for row in compute_trends(searcher, THEME, by="province").rows}
        assert (rows["An Giang"].reports_matching, rows["An Giang"].reports) == (1, 1)


def test_counts_stay_right_after_a_report_is_removed(places_index, index_location):
    # Both backends, from a copy of the four reports: removing one leaves the counts of the
    # other three (deleted Whoosh documents, PostgreSQL's statistics taken away).
    folder = places_index.parent
    index.add_reports(index_location, [folder / name for name in sorted(PLACES)], workers=1)
    index.remove_reports(index_location, [folder / "an-giang.txt"])
    every = index.search(index_location, THEME, limit=0)
    assert every.total == 4
    for by in ("year", "province", "report"):
        assert trends(index_location, THEME, by=by).total().counts == every.counts
    rows = {row.group: row for row in trends(index_location, THEME, by="province").rows}
    assert (rows["An Giang"].reports_matching, rows["An Giang"].reports) == (1, 1)
