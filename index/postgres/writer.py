"""Add, remove and rebuild reports in the PostgreSQL index, each call one transaction.

A writer holds a transaction-scoped advisory lock for its whole call, so two writers (to the
same report or not) run one after the other, and the second gives up with IndexBusyError after
``timeout`` seconds.  Everything a call writes — the reports, their sentences and the term
statistics BM25 reads — commits at once: a writer killed in mid-add (its connection drops)
leaves the index as it was, and readers, each in its own snapshot, never see half a report.
Reading and classifying are the Whoosh writer's own (``index.writer``): the same documents.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from .. import writer as local
from ..catalog import resolve_source
from ..writer import AddResult
from .connection import connect, database_errors
from .rows import sentence_row
from .schema import SCHEMA, check_schema, create_schema, upgrade_schema

if TYPE_CHECKING:
    import psycopg

    from nlp.reader.ocr import OcrOptions

__all__ = ["add_reports", "remove_reports", "rebuild_index", "WRITE_LOCK"]

Progress = Callable[[int, int, str], None]
WRITE_LOCK = 0x6261_6F63_616F  # "baocao": the advisory lock key of every writer
_COLUMNS = ("report_id, position, label, label_score, text, section, folded_length, year, "
            "province, symbols, tsv")
_POSTING_COLUMNS = "term, report_id, position, tf, label"


@contextmanager
def writing(url: str, timeout: float, create: bool = True, upgrade: bool = False
            ) -> Iterator[psycopg.Connection]:
    """A connection in one transaction holding the write lock; committed if the block ends.
    ``create``: make the tables if the database has none; ``upgrade``: bring those of an
    older version to this one (for a rebuild, which writes every row again)."""
    with database_errors(url, timeout):
        connection = connect(url)
        try:
            with connection.transaction():
                connection.execute("SELECT set_config('lock_timeout', %s, true)",
                                   (f"{max(1, int(timeout * 1000))}ms",))
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                connection.execute("SELECT set_config('lock_timeout', '0', true)")
                if create:
                    create_schema(connection)
                if upgrade:
                    upgrade_schema(connection, url)
                else:
                    check_schema(connection, url)
                yield connection
        finally:
            connection.close()


def _add_counters(connection: psycopg.Connection, **deltas: int) -> None:
    connection.execute(
        f"INSERT INTO {SCHEMA}.counters SELECT * FROM unnest(%s::text[], %s::bigint[]) "
        f"ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value",
        (list(deltas), list(deltas.values())))


def _add_stats(connection: psycopg.Connection, counts: Counter, sign: int = 1) -> None:
    """Add (``sign`` 1) or take away (-1) the documents per lexeme of ``counts``."""
    if not counts:
        return
    lexemes = sorted(counts)
    connection.execute(
        f"INSERT INTO {SCHEMA}.term_stats SELECT * FROM unnest(%s::text[], %s::bigint[]) "
        f"ON CONFLICT (lexeme) DO UPDATE SET df = term_stats.df + excluded.df",
        (lexemes, [sign * counts[item] for item in lexemes]))
    if sign < 0:
        connection.execute(f"DELETE FROM {SCHEMA}.term_stats WHERE lexeme = ANY(%s) AND df <= 0",
                           (lexemes,))


def _delete_reports(connection: psycopg.Connection, sources: list[str]) -> None:
    """Delete the reports ``sources``, their sentences and their share of the statistics."""
    if not sources:
        return
    ids = [row[0] for row in connection.execute(
        f"SELECT report_id FROM {SCHEMA}.reports WHERE source = ANY(%s)", (sources,))]
    counts: Counter = Counter(dict(connection.execute(
        f"SELECT u.lexeme, count(*) FROM {SCHEMA}.sentences s, unnest(s.tsv) u "
        f"WHERE s.report_id = ANY(%s) GROUP BY u.lexeme", (ids,)).fetchall()))
    sentences, length = connection.execute(
        f"SELECT count(*), coalesce(sum(folded_length), 0) FROM {SCHEMA}.sentences "
        f"WHERE report_id = ANY(%s)", (ids,)).fetchone() or (0, 0)
    _add_stats(connection, counts, -1)
    _add_counters(connection, sentences=-sentences, reports=-len(ids), folded_length=-length,
                  generation=1)
    connection.execute(f"DELETE FROM {SCHEMA}.sentences WHERE report_id = ANY(%s)", (ids,))
    connection.execute(f"DELETE FROM {SCHEMA}.postings WHERE report_id = ANY(%s)", (ids,))
    connection.execute(f"DELETE FROM {SCHEMA}.reports WHERE report_id = ANY(%s)", (ids,))


def _insert_report(connection: psycopg.Connection, documents: Iterator[dict[str, Any]]) -> int:
    """Insert one report's record and sentences (from ``index.writer._documents``)."""
    record = next(documents)
    meta = record["meta"]
    row = connection.execute(
        f"INSERT INTO {SCHEMA}.reports VALUES (nextval('{SCHEMA}.report_ids'), %s, %s, %s) "
        f"RETURNING report_id", (meta["source"], meta["sha256"], Jsonb(meta))).fetchone()
    assert row is not None
    report_id = row[0]
    counts: Counter = Counter()
    sentences = length = 0
    postings: list[tuple[str, int, int, int, str]] = []
    with connection.cursor().copy(f"COPY {SCHEMA}.sentences ({_COLUMNS}) FROM STDIN") as copy:
        for document in documents:
            values, terms = sentence_row(document, counts)
            copy.write_row((report_id, *values))
            postings.extend((term, report_id, values[0], tf, values[1])
                            for term, tf in terms.items())
            sentences += 1
            length += values[5]
    with connection.cursor().copy(f"COPY {SCHEMA}.postings ({_POSTING_COLUMNS}) FROM STDIN") \
            as copy:
        for posting in postings:
            copy.write_row(posting)
    _add_stats(connection, counts)
    _add_counters(connection, sentences=sentences, reports=1, folded_length=length,
                  generation=1)  # searchers forget the statistics they cached
    return sentences


def _known(connection: psycopg.Connection) -> dict[str, str]:
    return dict(connection.execute(f"SELECT source, sha256 FROM {SCHEMA}.reports").fetchall())


def _index_files(connection: psycopg.Connection, files: list[Path], known: dict[str, str],
                 result: AddResult, workers: int, progress: Progress | None,
                 hashes: dict[Path, str], ocr: OcrOptions | None = None,
                 scheduler: str | None = None) -> None:
    """Read, classify and insert ``files``, as ``index.writer._index_files`` does for Whoosh."""
    for source, replaced, documents in local.readings(files, known, result, workers, progress,
                                                      hashes, ocr, scheduler):
        if replaced:
            _delete_reports(connection, [source])
        result.sentences += _insert_report(connection, documents)


def add_reports(url: str, paths: Iterable[str | os.PathLike], *, timeout: float = 10.0,
                workers: int = 2, progress: Progress | None = None,
                ocr: OcrOptions | None = None, scheduler: str | None = None) -> AddResult:
    """Index the files and folders ``paths`` in one transaction (see ``index.add_reports``)."""
    result = AddResult()
    files = local._expand(paths, result.failed)
    with writing(url, timeout) as connection:
        known = _known(connection)
        todo, hashes = local.changed_files(files, known, result)
        _index_files(connection, todo, known, result, workers, progress, hashes, ocr, scheduler)
    return result


def matching_sources(sources: Iterable[str], paths: Iterable[str | os.PathLike]
                     ) -> tuple[list[str], list[str]]:
    """The ``sources`` each path names (a file, or a folder of them), compared in NFC, and
    the paths that name none — as ``index.writer.remove_reports`` matches them."""
    keys = {source: unicodedata.normalize("NFC", source) for source in sources}
    matched: list[str] = []
    missing: list[str] = []
    for path in map(resolve_source, paths):
        key = unicodedata.normalize("NFC", path)
        folder = key.rstrip(os.sep) + os.sep
        found = [s for s, k in keys.items() if k == key or k.startswith(folder)]
        matched.extend(found) if found else missing.append(path)
    return list(dict.fromkeys(matched)), missing


def remove_reports(url: str, paths: Iterable[str | os.PathLike], *, timeout: float = 10.0
                   ) -> tuple[list[str], list[str]]:
    """Remove the reports at ``paths``; returns ``(removed sources, unmatched paths)``."""
    with writing(url, timeout, create=False) as connection:
        removed, missing = matching_sources(sorted(_known(connection)), paths)
        _delete_reports(connection, removed)
    return removed, missing


def rebuild_index(url: str, *, timeout: float = 10.0, workers: int = 2,
                  progress: Progress | None = None, scheduler: str | None = None) -> AddResult:
    """Read every indexed report again, in one transaction; unreadable ones are dropped."""
    result = AddResult()
    with writing(url, timeout, create=False, upgrade=True) as connection:
        sources = sorted(_known(connection))
        for table in ("sentences", "postings", "reports", "term_stats"):
            connection.execute(f"DELETE FROM {SCHEMA}.{table}")
        connection.execute(f"DELETE FROM {SCHEMA}.counters WHERE name <> 'generation'")
        _add_counters(connection, generation=1)
        _index_files(connection, [Path(s) for s in sources], {}, result, workers, progress, {},
                     scheduler=scheduler)
    return result


def require_index(url: str) -> None:
    """Raise IndexMissingError unless ``url`` holds an index (for commands that only read)."""
    with database_errors(url), connect(url) as connection:
        check_schema(connection, url)

