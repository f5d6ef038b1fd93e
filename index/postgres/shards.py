"""Spreading the sentences over servers: each hash partition of ``sentences`` a foreign table
(``postgres_fdw``) on a shard server, the coordinator keeping the reports and statistics.

``baocao index add-shard postgresql://...`` does, in one transaction of the coordinator under
the write lock: create the sentence table and its indexes on the shard server, declare the
server and the user mapping (``postgres_fdw``), and lay the partitions out again as one per
shard (``MODULUS`` the number of shards).  Moving rows between servers is not done: a shard is
added while the index holds no sentence (remove the reports, add the shard, add them again).
DDL takes no bound parameters, so the server options are quoted by psycopg's ``sql.Literal``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .connection import PostgresIndexError, connect, database_errors, redact_url
from .schema import (PARTITIONED, POSTING_COLUMNS, SCHEMA, SENTENCE_COLUMNS, index_ddl,
                     posting_index_ddl)
from .writer import writing

if TYPE_CHECKING:
    import psycopg

__all__ = ["ShardError", "add_shard", "list_shards", "SHARD_TABLE"]

SHARD_TABLE = f"{SCHEMA}.sentences_shard"  # the table of sentences on each shard server
POSTINGS_SHARD_TABLE = f"{SCHEMA}.postings_shard"  # and of their postings
_USER_OPTIONS = ("user", "password")


class ShardError(PostgresIndexError):
    """A shard cannot be added (the index holds sentences, the server is taken, ...)."""


def _prepare_shard(shard_url: str) -> None:
    """Create the sentence table and its indexes on the shard server; refuse a used one."""
    with database_errors(shard_url), connect(shard_url) as shard:
        shard.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        shard.execute(f"CREATE TABLE IF NOT EXISTS {SHARD_TABLE} ({SENTENCE_COLUMNS})")
        shard.execute(index_ddl(SHARD_TABLE))
        shard.execute(f"CREATE TABLE IF NOT EXISTS {POSTINGS_SHARD_TABLE} ({POSTING_COLUMNS})")
        shard.execute(posting_index_ddl(POSTINGS_SHARD_TABLE))
        row = shard.execute(f"SELECT EXISTS (SELECT 1 FROM {SHARD_TABLE})").fetchone()
        if row and row[0]:
            raise ShardError(f"{redact_url(shard_url)} already holds sentences of an index — "
                             f"give an empty database")
        shard.commit()


def _declare_server(connection: psycopg.Connection, name: str, shard_url: str) -> None:
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict

    params = {k: str(v) for k, v in conninfo_to_dict(shard_url).items() if v is not None}
    server = {k: v for k, v in params.items() if k not in _USER_OPTIONS}
    user = {k: v for k, v in params.items() if k in _USER_OPTIONS}

    def options(values: dict[str, str]) -> sql.Composable:
        return sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(k), sql.Literal(v))
                                  for k, v in values.items())

    connection.execute("CREATE EXTENSION IF NOT EXISTS postgres_fdw")
    connection.execute(sql.SQL("CREATE SERVER {} FOREIGN DATA WRAPPER postgres_fdw OPTIONS ({})")
                       .format(sql.Identifier(name), options(server)))
    statement = sql.SQL("CREATE USER MAPPING FOR CURRENT_USER SERVER {}").format(
        sql.Identifier(name))
    if user:
        statement = sql.SQL("{} OPTIONS ({})").format(statement, options(user))
    connection.execute(statement)


def _lay_out(connection: psycopg.Connection, servers: list[str]) -> None:
    """Replace the (empty) partitions by one foreign partition per shard server, for the
    sentences and their postings alike."""
    from psycopg import sql

    for table in PARTITIONED:
        partitions = connection.execute(
            "SELECT c.relname, c.relkind FROM pg_inherits i JOIN pg_class c "
            "ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
            (f"{SCHEMA}.{table}",)).fetchall()
        for partition, kind in partitions:
            drop = "DROP FOREIGN TABLE {}" if kind == "f" else "DROP TABLE {}"
            connection.execute(sql.SQL(drop).format(sql.Identifier(SCHEMA, partition)))
        schema_name, table_name = (SHARD_TABLE if table == "sentences"
                                   else POSTINGS_SHARD_TABLE).split(".")
        for remainder, server in enumerate(servers):
            connection.execute(sql.SQL(
                "CREATE FOREIGN TABLE {} PARTITION OF {} FOR VALUES WITH (MODULUS {}, "
                "REMAINDER {}) SERVER {} OPTIONS (schema_name {}, table_name {})").format(
                    sql.Identifier(SCHEMA, f"{table}_s{remainder}"),
                    sql.Identifier(SCHEMA, table), sql.Literal(len(servers)),
                    sql.Literal(remainder), sql.Identifier(server), sql.Literal(schema_name),
                    sql.Literal(table_name)))


def add_shard(url: str, shard_url: str, *, timeout: float = 10.0) -> list[str]:
    """Add the database ``shard_url`` as a shard of the index at ``url``; returns the shards
    (their URLs without password), in partition order."""
    with writing(url, timeout) as connection:
        row = connection.execute(f"SELECT EXISTS (SELECT 1 FROM {SCHEMA}.sentences)").fetchone()
        if row and row[0]:
            raise ShardError(f"the index at {redact_url(url)} already holds sentences: add "
                             f"shards first (baocao does not move rows between servers) — "
                             f"remove its reports, add the shard, then add them again")
        shown = redact_url(shard_url)
        known = dict(connection.execute(f"SELECT url, server FROM {SCHEMA}.shards").fetchall())
        if shown in known:
            raise ShardError(f"{shown} is already a shard of the index at {redact_url(url)}")
        _prepare_shard(shard_url)
        name = f"baocao_shard_{len(known)}"
        _declare_server(connection, name, shard_url)
        connection.execute(f"INSERT INTO {SCHEMA}.shards VALUES (%s, %s, %s)",
                           (len(known), name, shown))
        servers = [row[0] for row in connection.execute(
            f"SELECT server FROM {SCHEMA}.shards ORDER BY remainder")]
        _lay_out(connection, servers)
        return [row[0] for row in connection.execute(
            f"SELECT url FROM {SCHEMA}.shards ORDER BY remainder")]


def list_shards(url: str) -> list[str]:
    """The shard servers of the index at ``url`` (without passwords); none for one server."""
    with database_errors(url), connect(url) as connection:
        return [row[0] for row in connection.execute(
            f"SELECT url FROM {SCHEMA}.shards ORDER BY remainder")]
