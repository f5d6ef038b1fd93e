"""A coordinator and two shard servers on this machine answer as one server does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import index
from index.backend import trends

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES = ["tiếp công dân", "cải cách hành chính", "tinh gian bien che", "UBND",
           '"thủ tục hành chính"', "cán bộ NOT đảng", "label:limitation"]
FILTERS = [{}, {"label": "limitation"}, {"province": "An Giang"}, {"year": "2019"},
           {"type": "BÁO CÁO"}]


@pytest.fixture(scope="module")
def cluster():
    from pg_server import TempServer, bin_dir

    if bin_dir() is None:
        pytest.skip("the shard test starts its own servers: no PostgreSQL binaries here")
    servers = []
    try:
        for name in ("coordinator", "shard-a", "shard-b"):
            servers.append(TempServer(name))
        yield [server.url() for server in servers]
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def sharded(cluster, new_database, bundled_report_path, places_index, cli_module):
    coordinator, *shards = cluster
    for shard in shards:
        run = cli_module("index", "add-shard", shard, "--index", coordinator)
        assert run.code == 0, run.stderr
    assert run.stdout.startswith("2 shards: ")
    one = new_database()
    files = [bundled_report_path, *sorted(places_index.parent.glob("*.txt"))]
    for location in (coordinator, one):
        assert len(index.add_reports(location, files, workers=1).added) == len(files)
    return coordinator, shards, one


@pytest.fixture(scope="module")
def cli_module():
    from baocao.cli import main
    import contextlib
    import io

    from conftest import CliResult

    def run(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def test_each_shard_holds_some_reports(sharded):
    import psycopg

    _, shards, _ = sharded
    held = []
    for shard in shards:
        with psycopg.connect(shard) as connection:
            row = connection.execute("SELECT count(DISTINCT report_id) FROM "
                                     "baocao.sentences_shard").fetchone()
            held.append(row[0])
    assert sum(held) == 5 and all(held)


def test_search_filters_and_counts_equal_one_server(sharded):
    coordinator, _, one = sharded
    for query in QUERIES:
        for filters in FILTERS:
            expected = index.search(one, query, limit=0, **filters)
            got = index.search(coordinator, query, limit=0, **filters)
            assert [(h.source, h.index, round(h.score, 9)) for h in got.hits] == \
                [(h.source, h.index, round(h.score, 9)) for h in expected.hits], (query, filters)
            assert got.counts == expected.counts


def test_trends_listing_and_removal_equal_one_server(sharded, places_index):
    coordinator, _, one = sharded
    assert index.list_reports(coordinator) == index.list_reports(one)
    for by in ("year", "province", "report"):
        assert trends(coordinator, "cải cách hành chính", by=by) == \
            trends(one, "cải cách hành chính", by=by)
    gone = places_index.parent / "an-giang.txt"
    for location in (coordinator, one):
        assert len(index.remove_reports(location, [gone])[0]) == 1
    assert index.search(coordinator, "cải cách hành chính", limit=0) == \
        index.search(one, "cải cách hành chính", limit=0)


def test_a_shard_is_refused_once_the_index_holds_sentences(sharded, cli_module, new_database):
    coordinator, _, _ = sharded
    run = cli_module("index", "add-shard", new_database(), "--index", coordinator)
    assert run.code == 1
    assert run.stderr.startswith("Error: the index at postgresql://") and \
        "already holds sentences: add shards first" in run.stderr
