"""Add, remove and rebuild reports in the index, each call one atomic Whoosh commit.

One call is one commit: a writer killed in mid-add (Ctrl-C, ``kill -9``) leaves the previous
generation of the index untouched, and readers, who open a generation, never see half a report.
Reading, segmenting and classifying run in worker processes (both cores), or on a Dask cluster
(:mod:`index.distributed`), feeding the one Whoosh writer of the main process.  Unchanged files
(same SHA-256 of their bytes) are never re-read.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nlp
from nlp.errors import ReportError

from nlp.reader.places import province_key

from .analysis import WORD_SEPARATOR
from .catalog import MANIFEST, indexed_sources, read_catalog, resolve_source
from .distributed import analysed_on_cluster
from .errors import IndexDamagedError, IndexUntrustedError
from .integrity import CHECKSUMS, read_checksums, write_failed
from .locking import WriteLock, read_only_error
from .merging import merge_geometric
from .schema import MARKER, create_or_open, open_index, reset_index

if TYPE_CHECKING:
    from whoosh.writing import IndexWriter

    from nlp.classifier.model import Classifier
    from nlp.reader.report import Report

if TYPE_CHECKING:
    from nlp.reader.ocr import OcrOptions

__all__ = ["AddResult", "add_reports", "remove_reports", "rebuild_index"]

Progress = Callable[[int, int, str], None]
_WINDOW = 8  # reports in flight per run: bounds the memory of results waiting for the writer


@dataclass
class AddResult:
    """What one ``add`` or ``rebuild`` did, by source path."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    sentences: int = 0
    warnings: list[str] = field(default_factory=list)  # e.g. the model could not be saved


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _expand(paths: Iterable[str | os.PathLike], failed: list[tuple[str, str]]) -> list[Path]:
    """Expand files and folders to the readable files in them; missing paths go to ``failed``."""
    files = []
    for path in map(Path, paths):
        if path.exists():
            files.extend(nlp.iter_report_files([path], lambda *bad: failed.append(bad)))
        else:
            failed.append((str(path), f"{path}: no such file or folder — check the path"))
    return list(dict.fromkeys(Path(resolve_source(f)) for f in files))


# --- the work of one report, in a worker process ----------------------------------------------

_classifier: Classifier | None = None  # loaded in the parent before forking, so workers share it


def _load_classifier() -> Classifier:
    global _classifier
    if _classifier is None:
        _classifier = nlp.load_classifier()
    return _classifier


def _predict(report: Report) -> list[tuple[str, float]]:
    return [(p.label, float(p.score)) for p in _load_classifier().predict_report(report)]


def _analyse(path: Path, ocr: Any = None, data: bytes | None = None,
             max_size: int | None = None) -> tuple[Path, object, list | None, str | None]:
    """Read and classify one file; errors come back as a message, never as an exception.

    ``ocr`` (an ``nlp.reader.ocr.OcrOptions``) says how scans are read: OCR runs here, in the
    worker process.  ``data``, the file's bytes, is read instead of ``path`` (a Dask worker
    that cannot see the file, :mod:`index.distributed`); ``max_size`` as for ``read_report``.
    """
    try:
        report = (nlp.read_report(path, ocr=ocr, max_size=max_size) if data is None else
                  nlp.read_bytes(data, str(path), ocr=ocr, max_size=max_size))
        predictions = _predict(report)
        # The writer needs only the multi-syllable words, as one string per sentence:
        # shipping every word back to the parent process costs more unpickling there, on
        # the one core that feeds Whoosh, than the writing itself.
        slim = replace(report, sections=(), sentences=tuple(
            replace(sentence, words=(_word_list(sentence.words),))
            for sentence in report.sentences))
        return path, slim, predictions, None
    except ReportError as error:
        return path, None, None, str(error)
    except Exception as error:  # a broken file must not stop the other files of the run
        return path, None, None, f"{path}: cannot read ({type(error).__name__}: {error})"


def _die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` does (run first in each worker)."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills us with the parent
    else:
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _word_list(words: tuple[str, ...]) -> str:
    """The value of the ``words`` field: the multi-syllable words, ``|``-joined.

    Idempotent, so the parent can apply it again to what a worker already joined.
    """
    parts = (part for word in words for part in word.split(WORD_SEPARATOR))
    return WORD_SEPARATOR.join(part for part in parts if " " in part.strip())


def _analysed(paths: list[Path], workers: int, ocr: Any = None,
              scheduler: str | None = None) -> Iterator[tuple]:
    """Yield ``_analyse(path, ocr)`` for each path, in order, using ``workers`` processes, or
    the Dask cluster of the ``scheduler`` address when one is given."""
    if scheduler is not None and paths:
        yield from analysed_on_cluster(paths, scheduler, _analyse, ocr)
        return
    if workers <= 1 or len(paths) < 2:
        yield from (_analyse(path, ocr) for path in paths)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _load_classifier()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    todo = iter(paths)
    # The lock's descriptor is closed in every forked worker (index.locking), and each worker
    # dies with this process: a writer killed with SIGKILL or SIGTERM leaves no orphan behind.
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_die_with_parent,
                               initargs=(os.getpid(),))
    try:
        pending = deque(pool.submit(_analyse, p, ocr) for p in islice(todo, _WINDOW))
        while pending:
            result = pending.popleft().result()
            following = next(todo, None)
            if following is not None:
                pending.append(pool.submit(_analyse, following, ocr))
            yield result
    finally:  # on Ctrl-C or an error, drop the queued files instead of reading them all
        pool.shutdown(wait=True, cancel_futures=True)


# --- Whoosh documents -------------------------------------------------------------------------

def _documents(source: str, sha256: str, report: Report, predictions: list[tuple[str, float]]
               ) -> Iterator[dict[str, Any]]:
    meta = report.metadata
    common = {"source": source, "sha256": sha256}
    counts = Counter(label for label, _ in predictions)
    yield dict(common, kind="r", meta={
        "source": source, "sha256": sha256, "number": meta.number, "doc_type": meta.doc_type,
        "title": meta.title, "place": meta.place, "province": meta.province,
        "date": meta.date, "year": meta.year,
        "issuers": list(meta.issuers), "sentences": len(report.sentences),
        "labels": dict(counts)})
    # Only sentences carry the filter fields, so a filter-only query never finds a report.
    if meta.place:
        common["place"] = meta.place
    if meta.province:
        common["province"] = province_key(meta.province)
    if meta.doc_type:
        common["doc_type"] = meta.doc_type
    if meta.year:
        common["year"] = str(meta.year)
    if meta.title:  # searchable, at a low weight, through every sentence of the report
        common["title"] = meta.title
    for sentence, (label, score) in zip(report.sentences, predictions):
        document = dict(common, kind="s", folded=sentence.text, folded2=sentence.text,
                        text=sentence.text, label=label, score=score,
                        section=" > ".join(sentence.section), position=sentence.index)
        if sentence.section:
            document["heading"] = sentence.section[-1]
        words = _word_list(sentence.words)
        if words:
            document["words"] = words
        yield document


@contextmanager
def _writing(index_dir: Path, timeout: float,
             prepare: Callable[[], None] | None = None) -> Iterator[tuple]:
    """Yield ``(index, writer)`` under the write lock; ``prepare()`` runs first, locked.

    The block commits or cancels the writer itself.  If it raises, the writer is cancelled and
    the files it made are deleted (a full disk must not stay full); an OSError becomes one
    IndexWriteError line.  The lock is released in every case.
    """
    if prepare is None:
        create_or_open(index_dir, timeout=timeout)  # refuses a foreign or untrusted folder
    lock = WriteLock(index_dir, timeout)
    lock.acquire()
    try:
        writer = None
        try:
            if prepare is not None:
                prepare()
            ix = open_index(index_dir)
            # Separate files, not one compound file: Whoosh reads a compound segment's parts by
            # copying each whole into memory, 100 ms of every cold search on a 160 MB index.
            # limitmb: postings are sorted in memory up to this size; beyond it Whoosh pickles
            # each one to temporary runs (20 % of the writer's time on 300 documents at 128).
            writer = ix.writer(lock=lock, compound=False, limitmb=512)
            yield ix, writer
        except BaseException as error:
            if writer is not None:
                _abandon(writer)
            if isinstance(error, PermissionError):
                raise read_only_error(index_dir, error) from None
            if isinstance(error, OSError):
                raise write_failed(index_dir, error) from None
            raise
    finally:
        lock.release()


def _abandon(writer: Any) -> None:  # a SignedWriter (signed, discard_created)
    """Cancel ``writer`` and delete what it wrote, unless its commit was already signed."""
    if not writer.is_closed:
        try:
            writer.cancel()
        except Exception:  # a full disk can fail the cancel too; the files go below
            pass
    if not writer.signed:
        writer.discard_created()
    import shutil

    shutil.rmtree(writer._tempstorage.folder, ignore_errors=True)  # Whoosh's sorting runs


def _write_manifest(index_dir: Path, sources: Iterable[str]) -> None:
    # A copy of the source list outside Whoosh's files, for a quick look without opening the
    # index; the signed copy in the checksums is what 'rebuild' trusts.
    temporary = index_dir / f"{MANIFEST}.tmp"
    try:
        temporary.write_text(json.dumps(sorted(sources), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, index_dir / MANIFEST)
    except OSError:  # a full disk after the commit: the commit stands, its checksums hold the list
        temporary.unlink(missing_ok=True)


def _commit(writer: Any, sources: Iterable[str], mergetype: Any = merge_geometric) -> list[str]:
    """Commit ``writer`` with the signed list of ``sources``; return that list."""
    writer.sources = sorted(set(sources))
    writer.commit(mergetype=mergetype)
    return writer.sources


def changed_files(files: list[Path], known: dict[str, str], result: AddResult
                  ) -> tuple[list[Path], dict[Path, str]]:
    """The ``files`` to read, leaving out (into ``result.unchanged``) those whose SHA-256 equals
    the one ``known`` records for them; with the SHA-256 computed on the way, by path."""
    hashes = {path: _file_sha256(path) for path in files if path.is_file()}
    todo = []
    for path in files:
        if path in hashes and known.get(str(path)) == hashes[path]:
            result.unchanged.append(str(path))
        else:
            todo.append(path)
    return todo, hashes


def _index_files(writer: IndexWriter, files: list[Path], known: dict[str, str], result: AddResult,
                 workers: int, progress: Progress | None,
                 hashes: dict[Path, str] | None = None, ocr: OcrOptions | None = None,
                 scheduler: str | None = None) -> None:
    """Read, classify and add ``files`` (already filtered) to the open ``writer``."""
    for source, replaced, documents in readings(files, known, result, workers, progress, hashes,
                                                ocr, scheduler):
        if replaced:
            writer.delete_by_term("source", source)
        for document in documents:  # the report's record, then its sentences
            writer.add_document(**document)
            result.sentences += document["kind"] == "s"


def readings(files: list[Path], known: dict[str, str], result: AddResult, workers: int,
             progress: Progress | None, hashes: dict[Path, str] | None = None,
             ocr: OcrOptions | None = None, scheduler: str | None = None
             ) -> Iterator[tuple[str, bool, Iterator[dict]]]:
    """Read and classify ``files`` (locally or on the ``scheduler``'s cluster) and yield, for
    each readable one, ``(source, replaced, documents)``: whether an older version (in
    ``known``) must go first, and its documents to write — for either backend's writer.

    Failures, added and replaced sources and the classifier's warnings go into ``result``;
    ``hashes`` holds the SHA-256 already computed for some files (by the unchanged check).
    """
    hashes = hashes or {}
    if files:
        result.warnings = list(_load_classifier().metadata.get("warnings", ()))
    for done, (path, report, predictions, error) in enumerate(
            _analysed(files, workers, ocr, scheduler), 1):
        source = str(path)
        if progress:
            progress(done, len(files), source)
        if error is not None:
            result.failed.append((source, error))
            continue
        (result.replaced if source in known else result.added).append(source)
        sha256 = hashes.get(path) or _file_sha256(path)
        yield source, source in known, _documents(source, sha256, report, predictions)


def add_reports(index_dir: str | os.PathLike, paths: Iterable[str | os.PathLike], *,
                timeout: float = 10.0, workers: int = 2,
                progress: Progress | None = None,
                ocr: OcrOptions | None = None, scheduler: str | None = None) -> AddResult:
    """Index the files and folders ``paths`` (recursively) in one commit.

    Scanned PDFs are read by OCR as ``ocr`` (an ``nlp.reader.ocr.OcrOptions``) says.  With a
    ``scheduler`` address (``tcp://host:8786``) the files are read and classified on that Dask
    cluster instead of ``workers`` local processes; the writing stays here.

    Files whose bytes are unchanged since they were indexed are skipped; changed ones are
    replaced.  Files that cannot be read are listed in ``failed`` and do not stop the others.
    A second writer waits ``timeout`` seconds for the first, then raises IndexBusyError.
    """
    index_dir = Path(index_dir)
    result = AddResult()
    files = _expand(paths, result.failed)
    with _writing(index_dir, timeout) as (ix, writer):
        with ix.searcher() as searcher:
            known = {source: meta["sha256"] for source, meta in read_catalog(searcher).items()}
        todo, hashes = changed_files(files, known, result)
        _index_files(writer, todo, known, result, workers, progress, hashes, ocr, scheduler)
        if result.added or result.replaced:
            sources = _commit(writer, set(known) | set(result.added))
        else:
            writer.cancel()
    if result.added or result.replaced:
        _write_manifest(index_dir, sources)
    return result


def remove_reports(index_dir: str | os.PathLike, paths: Iterable[str | os.PathLike], *,
                   timeout: float = 10.0) -> tuple[list[str], list[str]]:
    """Remove the reports at ``paths`` (files, or folders: every report under them).

    Returns ``(removed sources, paths that matched no indexed report)``; one commit.
    """
    index_dir = Path(index_dir)
    removed: list[str] = []
    missing: list[str] = []
    with _writing(index_dir, timeout) as (ix, writer):
        with ix.searcher() as searcher:
            sources = list(read_catalog(searcher))
        # Compared in NFC: a name saved in NFD (macOS, some zip tools) is removed by typing it.
        keys = {source: unicodedata.normalize("NFC", source) for source in sources}
        for path in map(resolve_source, paths):
            key = unicodedata.normalize("NFC", path)
            folder = key.rstrip(os.sep) + os.sep
            matched = [s for s in sources if keys[s] == key or keys[s].startswith(folder)]
            if matched:
                removed.extend(matched)
            else:
                missing.append(path)
        for source in dict.fromkeys(removed):
            writer.delete_by_term("source", source)
        if removed:
            kept = _commit(writer, set(sources) - set(removed))
        else:
            writer.cancel()
    if removed:
        _write_manifest(index_dir, kept)
    return list(dict.fromkeys(removed)), missing


def _sources_to_rebuild(index_dir: Path) -> list[str]:
    """The indexed sources (the caller holds the lock); a damaged index is emptied first.

    When the index cannot be read, the list comes from its signed checksums: a list nobody
    signed is not read (it could name any file of the user's, to be copied into the index).
    """
    try:
        return indexed_sources(index_dir)
    except IndexUntrustedError:
        raise
    except IndexDamagedError:
        if not (index_dir / CHECKSUMS).exists() and not (index_dir / MARKER).exists():
            raise  # not an index at all: a mistyped --index
        sources = read_checksums(index_dir).sources
    reset_index(index_dir, sources)
    return sources


def rebuild_index(index_dir: str | os.PathLike, *, timeout: float = 10.0, workers: int = 2,
                  progress: Progress | None = None, scheduler: str | None = None) -> AddResult:
    """Read every indexed report again into a new generation of the index, in one commit.

    ``scheduler``: read on that Dask cluster, as for :func:`add_reports`.

    Reports whose file is gone or unreadable are dropped from the index and listed in
    ``failed``.  A damaged index is rebuilt from its signed list of sources.
    """
    from whoosh.writing import CLEAR

    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        indexed_sources(index_dir)  # raises IndexMissingError
    sources: list[str] = []
    result = AddResult()

    def prepare() -> None:
        sources.extend(_sources_to_rebuild(index_dir))

    with _writing(index_dir, timeout, prepare) as (_, writer):
        _index_files(writer, [Path(s) for s in sources], {}, result, workers, progress,
                     scheduler=scheduler)
        kept = _commit(writer, result.added, mergetype=CLEAR)
    _write_manifest(index_dir, kept)
    return result
