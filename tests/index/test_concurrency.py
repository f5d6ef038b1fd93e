"""Two writers, a writer killed with SIGKILL in mid-add, and readers during writes."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

import pytest

import index
from index.schema import create_or_open

TEXT = ("BÁO CÁO\n1. Kết quả\nCông tác tiếp công dân số {n} được thực hiện thường xuyên.\n"
        "Việc cải cách hành chính lần {n} còn chậm, chưa đạt kế hoạch.\n")


def _folder(path, count: int, start: int = 0):
    path.mkdir(parents=True)
    for n in range(start, start + count):
        (path / f"r{n:03}.txt").write_text(TEXT.format(n=n), encoding="utf-8")
    return path


def _state(ix) -> tuple:
    result = index.search(ix, "tiếp công dân", limit=1000)
    every = index.search(ix, "label:achievement OR label:limitation OR label:cause "
                             "OR label:other", limit=1)
    return (every.total, index.indexed_sources(ix),
            [(h.source, h.index, round(h.score, 6)) for h in result.hits])


class _PostgresHolder:
    """Another writer of a PostgreSQL index: a transaction holding the write lock."""

    def __init__(self, url: str) -> None:
        import psycopg

        from index.postgres.writer import WRITE_LOCK

        self.connection = psycopg.connect(url)
        self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def cancel(self) -> None:
        self.connection.rollback()
        self.connection.close()


def _hold(ix):
    """Take the write lock of the index ``ix`` as another writer would; ``.cancel()`` ends it."""
    if isinstance(ix, str):
        return _PostgresHolder(ix)
    return create_or_open(ix).writer()


@pytest.fixture()
def small_index(tmp_path, index_location):
    index.add_reports(index_location, [_folder(tmp_path / "first", 2)], workers=1)
    return index_location


def test_second_writer_waits_then_fails(baocao_exe, small_index, tmp_path):
    docs = _folder(tmp_path / "more", 1, start=50)
    holder = _hold(small_index)
    try:
        result = subprocess.run([baocao_exe, "index", "add", "--index", str(small_index),
                                 "--wait", "1", str(docs)], capture_output=True, text=True,
                                timeout=120)
    finally:
        holder.cancel()
    assert result.returncode == 1
    assert result.stderr == (f"Error: another baocao process is writing the index at "
                             f"{small_index} (waited 1 s) — try again when it has finished\n")
    with pytest.raises(index.IndexBusyError):
        holder = _hold(small_index)
        try:
            index.add_reports(small_index, [docs], timeout=0.2, workers=1)
        finally:
            holder.cancel()


def test_second_writer_proceeds_when_the_first_finishes_in_time(baocao_exe, small_index,
                                                                tmp_path):
    docs = _folder(tmp_path / "more", 1, start=50)
    holder = _hold(small_index)
    release = threading.Timer(1.0, holder.cancel)
    release.start()
    result = subprocess.run([baocao_exe, "index", "add", "--index", str(small_index),
                             "--wait", "60", str(docs)], capture_output=True, text=True,
                            timeout=120)
    release.join()
    assert result.returncode == 0, result.stderr
    assert len(index.indexed_sources(small_index)) == 3


def test_writer_killed_in_mid_add_leaves_the_index_as_it_was(baocao_exe, small_index,
                                                             tmp_path):
    before = _state(small_index)
    docs = _folder(tmp_path / "many", 24, start=100)
    process = subprocess.Popen([baocao_exe, "index", "add", "--index", str(small_index),
                                str(docs)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        first = process.stderr.readline()  # "indexed 1/24 files": the writer is at work
        assert first.startswith("indexed "), first
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert _state(small_index) == before
    result = index.add_reports(small_index, [docs], timeout=5, workers=1)
    assert len(result.added) == 24


def test_readers_see_whole_generations_and_are_not_blocked(small_index, tmp_path):
    old = index.open_backend(small_index).searcher()
    before = old.search("tiếp công dân", limit=100)
    holder = _hold(small_index)
    try:
        started = time.monotonic()
        assert index.search(small_index, "tiếp công dân").hits  # a reader while locked
        assert time.monotonic() - started < 30
    finally:
        holder.cancel()
    index.add_reports(small_index, [_folder(tmp_path / "new", 3, start=10)], workers=1)
    if not isinstance(small_index, str):  # a Whoosh reader keeps the generation it opened
        assert old.search("tiếp công dân", limit=100).hits == before.hits
    old.close()
    after = index.search(small_index, "tiếp công dân", limit=100)
    by_report = {}
    for hit in after.hits:
        by_report[hit.source] = by_report.get(hit.source, 0) + 1
    records = {r["source"]: r for r in index.list_reports(small_index)}
    assert set(by_report) == set(records) and len(records) == 5


def test_a_reader_during_an_add_sees_none_of_it(small_index, tmp_path):
    # The writer has written the first of two new reports (progress is called before each)
    # and not committed: a reader sees the index as it was, never half of the add.
    before = _state(small_index)
    seen = []

    def progress(done: int, total: int, path: str) -> None:
        if done == 2:
            seen.append(_state(small_index))

    result = index.add_reports(small_index, [_folder(tmp_path / "two", 2, start=70)],
                               workers=1, progress=progress)
    assert len(result.added) == 2
    assert seen == [before]
    assert len(_state(small_index)[1]) == 4
