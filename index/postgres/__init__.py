"""The sentence index in PostgreSQL: the same reports, sentences and answers as the Whoosh
index, in a database several analysts share, spread over servers if need be.

``--index postgresql://USER@HOST/DATABASE`` (or ``$BAOCAO_INDEX``) chooses it; see
``index.backend``.  One job per module: ``connection`` (URL, password hiding, errors),
``schema`` (the tables), ``rows`` (analysis into lexemes), ``writer`` (transactions and the
write lock), ``sql_plan`` and ``search`` (candidates in SQL, BM25 in Python), ``trends``,
``catalog`` and ``shards`` (partitions on other servers).
"""

from .connection import IndexUnreachableError, PostgresIndexError, is_postgres_url, redact_url

__all__ = ["IndexUnreachableError", "PostgresIndexError", "is_postgres_url", "redact_url"]
