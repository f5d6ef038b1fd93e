"""The PostgreSQL index answers the judged queries exactly as the Whoosh index does.

Both indexes hold the judged sets' own documents (the bundled report, ../shared/corpus-dev and
corpus-dev2); for every judged query the top hits (report, sentence, score), the label counts
and the trends rows must be the same.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import index
from index.backend import trends

REPO = Path(__file__).resolve().parents[2]
JUDGED = ("judged_queries.tsv", "judged_queries_new.tsv")


def _queries() -> list[str]:
    queries: list[str] = []
    for name in JUDGED:
        with open(REPO / "scripts" / name, encoding="utf-8") as stream:
            rows = csv.reader((line for line in stream if not line.startswith("#")),
                              delimiter="\t")
            queries += [row[0] for row in rows if row and row[0].strip()]
    return list(dict.fromkeys(queries))


@pytest.fixture(scope="module")
def both(shared_dir, bundled_report_path, tmp_path_factory, new_database):
    files = [bundled_report_path, *sorted((shared_dir / "corpus-dev").glob("r*.txt")),
             *sorted((shared_dir / "corpus-dev2").glob("d*.txt"))]
    folder = tmp_path_factory.mktemp("agree") / "ix"
    url = new_database()
    for location in (folder, url):
        result = index.add_reports(location, files, workers=1)
        assert not result.failed and len(result.added) == len(files)
    return folder, url


def _top(result) -> list[tuple]:
    return [(hit.source, hit.index, round(hit.score, 9), hit.highlights) for hit in result.hits]


def test_the_judged_queries_are_many():
    assert len(_queries()) >= 40


@pytest.mark.parametrize("limit", [10, 0], ids=["top-10", "all"])
def test_same_hits_scores_and_counts(both, limit):
    folder, url = both
    with index.open_backend(folder).searcher() as whoosh, \
            index.open_backend(url).searcher() as postgres:
        for query in _queries():
            expected, got = whoosh.search(query, limit=limit), postgres.search(query, limit=limit)
            assert _top(got) == _top(expected), query
            assert got.counts == expected.counts, query


def test_same_trends_and_listing(both):
    folder, url = both
    assert index.list_reports(url) == index.list_reports(folder)
    for query in _queries()[:10]:
        for by in ("year", "place", "type", "report"):
            assert trends(url, query, by=by) == trends(folder, query, by=by), (query, by)


def test_same_order_when_postgresql_sums_in_parallel(both, monkeypatch):
    """A parallel plan sums a sentence's term scores in another order; ties must still agree."""
    folder, url = both
    monkeypatch.setenv("PGOPTIONS", "-c parallel_setup_cost=0 -c parallel_tuple_cost=0 "
                       "-c min_parallel_table_scan_size=0 -c min_parallel_index_scan_size=0 "
                       "-c enable_hashagg=off")
    with index.open_backend(folder).searcher() as whoosh, \
            index.open_backend(url).searcher() as postgres:
        for query in _queries():
            assert _top(postgres.search(query, limit=0)) == _top(whoosh.search(query, limit=0)), \
                query
