"""The tables of the PostgreSQL index, created on the first write, checked on every open.

* ``reports``: one row per report, its catalog record (``meta``, what ``index list`` shows).
* ``sentences``: one row per body sentence with its report's filter fields, label and score,
  and ``tsv``, a tsvector of the lexemes of :mod:`index.postgres.rows` (the same analysis as
  the Whoosh index, computed in Python), GIN-indexed; ``symbols`` keeps document numbers as
  written.  Hash-partitioned by report, so a partition can live on another server
  (:mod:`index.postgres.shards`).
* ``postings``: one row per (sentence, base lexeme) with the term's count in the sentence
  and the sentence's label, partitioned like ``sentences``: what the score reads, a b-tree
  index scan per query term and one GROUP BY, instead of hundreds of ``@@`` per matching
  sentence's tsvector; with the label, the counts per label need no join to the sentences
  (that join was 380 of 550 ms of a seven-word theme at 283,520 sentences).
* ``term_stats`` (documents per lexeme) and ``counters`` (sentences, reports, total length):
  what BM25 needs, which PostgreSQL does not keep, maintained in each write's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import IndexDamagedError, IndexMissingError
from .connection import redact_url

if TYPE_CHECKING:
    import psycopg

__all__ = ["SCHEMA", "VERSION", "LOCAL_PARTITIONS", "create_schema", "check_schema",
           "SENTENCE_COLUMNS", "POSTING_COLUMNS", "PARTITIONED", "partition_ddl",
           "index_ddl", "posting_index_ddl", "upgrade_schema"]

SCHEMA = "baocao"
VERSION = "3"  # 2: the postings table; 3: with each sentence's label
UPGRADABLE = ("2",)  # the versions ``index rebuild`` brings to this one
LOCAL_PARTITIONS = 4  # hash partitions of a one-server index

SENTENCE_COLUMNS = ("report_id bigint NOT NULL, position integer NOT NULL, "
                    "label text NOT NULL, label_score double precision NOT NULL, "
                    "text text NOT NULL, section text NOT NULL, folded_length integer NOT NULL, "
                    "year text, province text, symbols text[] NOT NULL, tsv tsvector NOT NULL")
POSTING_COLUMNS = ("term text NOT NULL, report_id bigint NOT NULL, position integer NOT NULL, "
                   "tf integer NOT NULL, label text NOT NULL")
PARTITIONED = ("sentences", "postings")  # the tables hash-partitioned by report

_TABLES = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.info (key text PRIMARY KEY, value text NOT NULL);
CREATE SEQUENCE IF NOT EXISTS {SCHEMA}.report_ids;
CREATE TABLE IF NOT EXISTS {SCHEMA}.reports (
    report_id bigint PRIMARY KEY, source text NOT NULL UNIQUE, sha256 text NOT NULL,
    meta jsonb NOT NULL);
-- No primary key: a partitioned table with a unique index cannot have foreign partitions.
CREATE TABLE IF NOT EXISTS {SCHEMA}.sentences ({SENTENCE_COLUMNS}) PARTITION BY HASH (report_id);
CREATE TABLE IF NOT EXISTS {SCHEMA}.postings ({POSTING_COLUMNS}) PARTITION BY HASH (report_id);
CREATE TABLE IF NOT EXISTS {SCHEMA}.term_stats (lexeme text PRIMARY KEY, df bigint NOT NULL);
CREATE TABLE IF NOT EXISTS {SCHEMA}.counters (name text PRIMARY KEY, value bigint NOT NULL);
CREATE TABLE IF NOT EXISTS {SCHEMA}.shards (
    remainder integer PRIMARY KEY, server text NOT NULL UNIQUE, url text NOT NULL);
"""



def index_ddl(table: str) -> str:
    """The indexes of a sentence table: on the partitioned one, PostgreSQL makes them on each
    local partition; a shard server's table gets its own (``index.postgres.shards``)."""
    name = table.rsplit(".", 1)[-1]
    return f"""
CREATE INDEX IF NOT EXISTS {name}_tsv ON {table} USING gin (tsv);
CREATE INDEX IF NOT EXISTS {name}_symbols ON {table} USING gin (symbols);
CREATE INDEX IF NOT EXISTS {name}_report ON {table} (report_id, position);
CREATE INDEX IF NOT EXISTS {name}_label ON {table} (label);
CREATE INDEX IF NOT EXISTS {name}_year ON {table} (year);
CREATE INDEX IF NOT EXISTS {name}_province ON {table} (province);
"""


def posting_index_ddl(table: str) -> str:
    """The indexes of a postings table: by term (covering, for index-only scans of a term's
    list, labels included so that a search counts its matches per label without a join to
    the sentences) and by report (for deletes)."""
    name = table.rsplit(".", 1)[-1]
    return f"""
CREATE INDEX IF NOT EXISTS {name}_term ON {table} (term) INCLUDE (report_id, position, tf, label);
CREATE INDEX IF NOT EXISTS {name}_report ON {table} (report_id);
"""


def partition_ddl(modulus: int, remainder: int, table: str = "sentences") -> str:
    """The statement creating local partition ``remainder`` of ``modulus`` of ``table``."""
    return (f"CREATE TABLE IF NOT EXISTS {SCHEMA}.{table}_p{remainder} PARTITION OF "
            f"{SCHEMA}.{table} FOR VALUES WITH (MODULUS {modulus}, REMAINDER {remainder})")


def create_schema(connection: psycopg.Connection) -> None:
    """Create the tables if they are missing (in the caller's transaction, under its lock)."""
    exists = connection.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.info",)).fetchone()
    if exists and exists[0]:
        return
    connection.execute(_TABLES)
    for table in PARTITIONED:
        for remainder in range(LOCAL_PARTITIONS):
            connection.execute(partition_ddl(LOCAL_PARTITIONS, remainder, table))
    connection.execute(index_ddl(f"{SCHEMA}.sentences"))
    connection.execute(posting_index_ddl(f"{SCHEMA}.postings"))
    connection.execute(f"INSERT INTO {SCHEMA}.info VALUES ('version', %s) ON CONFLICT DO NOTHING",
                       (VERSION,))


def check_schema(connection: psycopg.Connection, url: str) -> None:
    """Raise IndexMissingError if the database holds no index, IndexDamagedError if another
    version of baocao wrote it."""
    exists = connection.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.info",)).fetchone()
    if not exists or not exists[0]:
        raise IndexMissingError(f"no index at {redact_url(url)} — run 'baocao index add "
                                f"FOLDER --index {redact_url(url)}' first")
    if _version(connection) != VERSION:
        raise IndexDamagedError(f"the index at {redact_url(url)} was written by another version "
                                f"of baocao — run 'baocao index rebuild --index "
                                f"{redact_url(url)}'")


def _version(connection: psycopg.Connection) -> str | None:
    row = connection.execute(f"SELECT value FROM {SCHEMA}.info WHERE key = 'version'").fetchone()
    return row[0] if row else None


def upgrade_schema(connection: psycopg.Connection, url: str) -> None:
    """Bring the tables of an index of an older version to this one, emptying its postings
    (in the transaction of ``index rebuild``, which then reads every report again).

    Version 2 lacks the postings' label column.  A sharded index is refused: its postings
    tables live on the shard servers, whose passwords the coordinator does not keep.
    """
    check = _version(connection)
    if check == VERSION or check not in UPGRADABLE:
        check_schema(connection, url)
        return
    shards = connection.execute(f"SELECT count(*) FROM {SCHEMA}.shards").fetchone()
    if shards and shards[0]:
        raise IndexDamagedError(f"the sharded index at {redact_url(url)} was written by an "
                                f"older version of baocao — make a new index (new databases, "
                                f"add-shard, then index add)")
    connection.execute(f"DELETE FROM {SCHEMA}.postings")
    connection.execute(f"DROP INDEX IF EXISTS {SCHEMA}.postings_term")
    connection.execute(f"ALTER TABLE {SCHEMA}.postings ADD COLUMN label text NOT NULL")
    connection.execute(posting_index_ddl(f"{SCHEMA}.postings"))
    connection.execute(f"UPDATE {SCHEMA}.info SET value = %s WHERE key = 'version'", (VERSION,))
