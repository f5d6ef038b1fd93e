"""What only the PostgreSQL index has: a server URL whose password is never shown, hostile
text and queries that stay data, and its tables' version."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit, urlunsplit

import pytest

import index
from index.errors import IndexDamagedError, QuerySyntaxError
from index.postgres.connection import redact_url
from index.query import LABELS

HOSTILE = ("BÁO CÁO\n1. Kết quả\n"
           "Tỉnh đã nhập lệnh '; DROP TABLE baocao.sentences; -- vào ô tìm kiếm.\n"
           "Đường dẫn C:\\\\baocao\\\\'x' và \"trích dẫn\" O'Brien $$ %s %(p0)s được lưu.\n"
           "Công văn số 39-NQ/TW'); DELETE FROM baocao.reports; -- còn chậm.\n")
QUERIES = ["'; DROP TABLE baocao.sentences; --", "DROP TABLE", "C:\\\\baocao\\\\'x'", "O'Brien",
           "%s %(p0)s", "$$", "39-NQ/TW'); DELETE FROM baocao.reports; --", "\\", "'", "a:b",
           "!(x) & y | z <-> w", "'f:tinh' & 'f:x'"]


def _with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    user, host = parts.netloc.split("@", 1)
    return urlunsplit((parts.scheme, f"{user}:{password}@{host}", parts.path, parts.query, ""))


def test_quotes_backslashes_and_sql_in_text_and_queries_stay_data(index_location, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "it's; DROP TABLE x.txt").write_text(HOSTILE, encoding="utf-8")
    result = index.add_reports(index_location, [docs], workers=1)
    assert not result.failed and result.sentences >= 3
    every = {hit.text for hit in index.search(
        index_location, " OR ".join(f"label:{label}" for label in LABELS), limit=0).hits}
    assert len(every) == result.sentences
    for query in QUERIES:
        try:
            found = index.search(index_location, query, limit=5)
        except QuerySyntaxError:  # an unclosed quote, say: a one-line error, nothing more
            continue
        assert {hit.text for hit in found.hits} <= every
    assert any("DROP TABLE" in hit.text
               for hit in index.search(index_location, "DROP TABLE").hits)
    assert [h.text for h in index.search(index_location, "39-NQ/TW").hits] == \
        [text for text in every if "39-NQ/TW" in text]
    assert [r["sentences"] for r in index.list_reports(index_location)] == [result.sentences]
    removed, _ = index.remove_reports(index_location, [docs / "it's; DROP TABLE x.txt"])
    assert len(removed) == 1 and index.list_reports(index_location) == []


@pytest.mark.parametrize("url, shown", [
    ("postgresql://an:hunter2@db.example:5432/baocao", "postgresql://an@db.example:5432/baocao"),
    ("postgresql://an@db/baocao?password=hunter2&sslmode=require",
     "postgresql://an@db/baocao?sslmode=require"),
    ("postgres://:hunter2@/baocao?host=/run/pg", "postgres://@/baocao?host=/run/pg"),
], ids=["user-part", "parameter", "socket"])
def test_redact_url_drops_the_password(url, shown):
    assert redact_url(url) == shown


def test_errors_name_the_server_without_its_password(baocao_exe, new_database, tmp_path):
    unreachable = f"postgresql://an:hunter2@/baocao?host={tmp_path}"
    empty = _with_password(new_database(), "hunter2")  # trust login: any password is let in
    for url, message in ((unreachable, "Error: cannot connect to the index at "
                                       f"postgresql://an@/baocao?host={tmp_path} ("),
                         (empty, f"Error: no index at {redact_url(empty)} — run 'baocao "
                                 f"index add FOLDER --index {redact_url(empty)}' first")):
        run = subprocess.run([baocao_exe, "search", "dân vận", "--index", url],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 1
        assert run.stderr.startswith(message) and run.stderr.count("\n") == 1, run.stderr
        assert "hunter2" not in run.stderr + run.stdout


def test_tables_of_another_version_are_refused(new_database, tmp_path):
    import psycopg

    index_location = new_database()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(HOSTILE, encoding="utf-8")
    index.add_reports(index_location, [docs], workers=1)
    with psycopg.connect(index_location, autocommit=True) as connection:
        connection.execute("UPDATE baocao.info SET value = '0' WHERE key = 'version'")
    with pytest.raises(IndexDamagedError, match="written by another version of baocao — run "
                                                "'baocao index rebuild"):
        index.search(index_location, "dân vận")


def test_an_index_of_version_2_is_refused_until_rebuilt(new_database, tmp_path, baocao_exe):
    """Version 2 had no label in its postings: searching or adding to it says to rebuild
    (one line), and ``index rebuild`` brings it to this version with the same answers."""
    import psycopg

    url = new_database()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(HOSTILE, encoding="utf-8")
    index.add_reports(url, [docs], workers=1)
    before = index.search(url, "DROP TABLE", limit=0)
    with psycopg.connect(url, autocommit=True) as connection:  # the tables as version 2 made them
        connection.execute("ALTER TABLE baocao.postings DROP COLUMN label")
        connection.execute("CREATE INDEX postings_term ON baocao.postings (term) "
                           "INCLUDE (report_id, position, tf)")
        connection.execute("UPDATE baocao.info SET value = '2' WHERE key = 'version'")
    for command in (["search", "DROP TABLE"], ["index", "add", str(docs)]):
        run = subprocess.run([baocao_exe, *command, "--index", url], capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 1
        assert run.stderr == (f"Error: the index at {redact_url(url)} was written by another "
                              f"version of baocao — run 'baocao index rebuild --index "
                              f"{redact_url(url)}'\n"), run.stderr
    run = subprocess.run([baocao_exe, "index", "rebuild", "--index", url], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    after = index.search(url, "DROP TABLE", limit=0)
    assert after.hits == before.hits and after.counts == before.counts and after.counts
