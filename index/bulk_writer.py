"""A Whoosh segment writer that keeps the new postings per term and writes each list whole.

Whoosh's ``SegmentWriter`` puts every posting of every document into one pool of tuples, sorts
the pool at commit and feeds it, a posting at a time, through three layers of calls that also
look up each document's field length again.  Measured on 200 archive documents (19,600
sentences, 1.3 million postings), that was 40 % of the writer process; the analysis of values
repeated in every sentence of a report (its title, a section's heading) was another large
part.  This writer appends each document number to the list of its term as it is analysed
(a repeated value is analysed once), and at commit writes each term's list in blocks of the
same format Whoosh writes: the segment's files are read by Whoosh's own reader unchanged.

Merged segments (``add_reader``) append their postings to the same lists: their document
numbers follow the new documents', so Whoosh's pool is not used at all.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.columns import NumericColumn
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.system import emptybytes, pack_uint
from whoosh.writing import SegmentWriter

from nlp.text import fold_diacritics

from .analysis import prepare_text, token_spans, vietnamese_analyzer
from .segment_postings import read_term_postings, write_field_terms, write_hash_tables

__all__ = ["BulkSegmentWriter", "folded_syllables"]

_CACHE_LIMIT = 4000  # analysed values kept; a report's title and headings repeat
Items = list[tuple[bytes, int, float, bytes]]  # what a Whoosh field's index() yields

# Checked against the analyzers at every writer's start: a fast path that disagrees is not used.
_SAMPLES = ("Nghị quyết số 18-NQ/TW: tinh giản 39,9% biên chế, kinh tế-xã hội năm 2018.",
            "Tiếp công dân",  # the NFD twin of the line below is built in _agrees
            "ỦY BAN NHÂN DÂN tỉnh Đắk Lắk hoà giải; ΑΣ Σ İstanbul 1.680/7.108 COVID-19%")


def folded_syllables(value: str) -> list[str]:
    """The folded syllables of ``value``: what ``vietnamese_analyzer(fold=True)`` yields,
    computed on the whole string at once instead of a token object at a time.

    >>> folded_syllables("Tinh giản biên chế, 18-NQ/TW")
    ['tinh', 'gian', 'bien', 'che', '18-nq/tw']
    """
    text = prepare_text(value)
    lower = text.lower()
    if len(lower) != len(text) or "\u03a3" in text:  # lower() that moves offsets, or Greek Σ
        return [fold_diacritics(text[start:end].lower()) for start, end in token_spans(text)]
    folded = fold_diacritics(lower)
    return [folded[start:end] for start, end in token_spans(text)]


def _items(terms: list[str]) -> Items:
    return [(term.encode("utf-8"), freq, float(freq), pack_uint(freq))
            for term, freq in Counter(terms).items()]


class BulkSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` whose new postings are written a term at a time (see module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # {field name: {term bytes: [document numbers, weights or None, values]}}
        self._terms: dict[str, dict[bytes, list]] = {}
        # {field name: {document number: quantised length}}, for the block statistics
        self._lengths: dict[str, dict[int, int]] = {}
        self._analysed: dict[tuple[str, str], tuple[Items, int]] = {}
        if any(field.vector or field.separate_spelling() for _, field in self.schema.items()):
            raise ValueError("BulkSegmentWriter writes no term vectors or spelling fields")
        self._fast = {name: fast for name, field in self.schema.items()
                      if (fast := _fast_path(field)) is not None}
        self._last: tuple[str, list[str]] = ("", [])
        self._runs: dict[str, list] = {}  # field name -> [analysed value, first doc, end doc]

    def _syllables(self, value: str) -> list[str]:
        # The syllable field and the pair field of a sentence analyse the same text in turn.
        if self._last[0] != value:
            self._last = (value, folded_syllables(value))
        return self._last[1]

    def _index(self, fieldname: str, field: Any, value: Any) -> tuple[Items, int]:
        """The terms of ``value`` in the field and their total frequency, one object per value
        while it stays in the cache (which is what lets runs of equal values be spotted)."""
        key = (fieldname, value) if isinstance(value, str) else None
        if key is not None:
            analysed = self._analysed.get(key)
            if analysed is not None:
                return analysed
        fast = self._fast.get(fieldname)
        if fast is not None and key is not None:
            items = fast(self._syllables(value))
        else:
            items = list(field.index(value))
        analysed = (items, sum(item[1] for item in items))
        if key is not None:
            if len(self._analysed) >= _CACHE_LIMIT:
                self._analysed.clear()
            self._analysed[key] = analysed
        return analysed

    def _add_run(self, fieldname: str, analysed: tuple[Items, int], docnum: int) -> None:
        # A report's title (and its place, year, source...) is the same in each of its
        # sentences, a heading in each sentence of its section: such a run of documents is
        # added to each term's list at once when it ends, not a posting at a time.
        run = self._runs.get(fieldname)
        if run is not None and run[0] is analysed and run[2] == docnum:
            run[2] = docnum + 1
            return
        if run is not None:
            self._flush_run(fieldname, run)
        self._runs[fieldname] = [analysed, docnum, docnum + 1]

    def _flush_run(self, fieldname: str, run: list) -> None:
        (items, _), start, end = run
        count = end - start
        terms = self._terms.setdefault(fieldname, {})
        if count == 1:
            for btext, _, weight, vbytes in items:
                postings = terms.get(btext)
                if postings is None:
                    postings = terms[btext] = [array("I"), [], []]
                postings[0].append(start)
                postings[1].append(weight)
                postings[2].append(vbytes)
            return
        docs = range(start, end)
        for btext, _, weight, vbytes in items:
            postings = terms.get(btext)
            if postings is None:
                postings = terms[btext] = [array("I"), [], []]
            postings[0].extend(docs)
            postings[1].extend([weight] * count)
            postings[2].extend([vbytes] * count)

    def _flush_runs(self) -> None:
        for fieldname, run in self._runs.items():
            self._flush_run(fieldname, run)
        self._runs.clear()

    def add_document(self, **fields: Any) -> None:
        # Whoosh's SegmentWriter.add_document, with the pool replaced by per-term lists.
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        if any(name.startswith("_") for name in fields):
            raise ValueError("BulkSegmentWriter takes no boosts or _stored_ values")
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    analysed = self._index(fieldname, field, value)
                    self._add_run(fieldname, analysed, docnum)
                    if field.scorable:
                        length = analysed[1]
                        if length:
                            self._lengths.setdefault(fieldname, {})[docnum] = \
                                byte_to_length(length_to_byte(length))
                perdocwriter.add_field(fieldname, field, value if field.stored else None,
                                       length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(value))
        except ValueError:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader: Any) -> None:
        # Whoosh's add_reader (a merged segment), its postings appended to the per-term lists:
        # their document numbers follow every number given so far, so each list stays sorted.
        self._check_state()
        self._flush_runs()
        basedoc = self.docnum
        fieldnames = set(self.schema.names()) | {
            name for name in reader.indexed_field_names() if name in self.schema}
        docmap = self.write_per_doc(fieldnames, reader)
        if docmap is None:
            self._append_blocks(reader, basedoc)
        else:  # deleted documents to drop: renumbered a posting at a time
            for name, btext, docnum, weight, vbytes in self._process_posts(
                    reader.iter_postings(), basedoc, docmap):
                postings = self._terms.setdefault(name, {}).get(btext)
                if postings is None:
                    postings = self._terms[name][btext] = [array("I"), [], []]
                postings[0].append(docnum)
                postings[1].append(weight)
                postings[2].append(emptybytes if vbytes is None else vbytes)
        for name, field in self.schema.items():
            if field.indexed and field.scorable:
                lengths = self._lengths.setdefault(name, {})
                stored = _stored_lengths(reader, name)
                if docmap is None:
                    lengths.update(zip(range(basedoc, basedoc + len(stored)), stored))
                    quantised = sum(stored)
                else:
                    quantised = 0
                    for old, length in enumerate(stored):
                        if not reader.is_deleted(old):
                            lengths[docmap[old]] = length
                            quantised += length
                if not reader.has_deletions():
                    # Whoosh adds up the documents' lengths as stored, rounded to one byte:
                    # the segment's exact total keeps BM25's average length, and the scores.
                    self.perdocwriter._fieldlengths[name] += reader.field_length(name) - quantised
        self._added = True

    def _append_blocks(self, reader: Any, basedoc: int) -> None:
        """Append a merged segment without deletions to the per-term lists a block at a time.

        Whoosh's ``iter_postings`` makes several Python calls per posting, and looking each
        term up again in the segment's hash table cost as much: the terms are walked here in
        their stored order, each one's postings read whole from its term info's extent (a merge
        had cost more than writing its documents anew)."""
        terms = reader._terms  # Whoosh's W3TermsReader of the segment
        for (name, btext), info in terms.items():
            if name not in self.schema:
                continue
            postings = self._terms.setdefault(name, {}).get(btext)
            if postings is None:
                postings = self._terms[name][btext] = [array("I"), [], []]
            if info.is_inlined():  # a term's one posting, kept in its term info
                ids, weights, values = info.inlined_postings()
                postings[0].extend([doc + basedoc for doc in ids])
                postings[1].extend(weights if weights is not None else [1.0] * len(ids))
                postings[2].extend([emptybytes if v is None else v for v in values]
                                   if values is not None else [emptybytes] * len(ids))
                continue
            ids, weights, values = read_term_postings(
                terms._postfile, info, self.schema[name].format.fixed_value_size())
            postings[0].extend([doc + basedoc for doc in ids] if basedoc else ids)
            postings[1].extend(weights)
            postings[2].extend(values)

    def _flush_segment(self) -> None:
        self._flush_runs()
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for name in sorted(self._terms):
            fieldwriter.start_field(name, self.schema[name])
            terms = self._terms[name]
            lengths = [0] * self.docnum
            for docnum, length in self._lengths.get(name, {}).items():
                lengths[docnum] = length
            write_field_terms(fieldwriter, ((btext, terms[btext]) for btext in sorted(terms)),
                              lengths)
            fieldwriter.finish_field()
        # Whoosh's own table writer packs one slot at a time (see index.segment_postings).
        fieldwriter._tindex._write_hashes = partial(write_hash_tables, fieldwriter._tindex)
        fieldwriter.close()


def _stored_lengths(reader: Any, name: str) -> list[int]:
    """Each document's length in field ``name`` of the segment ``reader``, as Whoosh stores it
    (rounded to one byte; 0 when absent): ``doc_field_length`` of every document, from one
    read of the length column's bytes (a Python call per document and field had cost 6 % of a
    run of adds)."""
    count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(f"_{name}_len", LENGTHS_COLUMN)
    if column is None:
        return [0] * count
    if isinstance(column, NumericColumn.Reader) and column._typecode == "B":
        raw = column._dbfile.get(column._basepos, min(column._count, count))
        return list(map(_LENGTH_OF_BYTE.__getitem__, raw.ljust(count, b"\0")))
    return [reader.doc_field_length(doc, name, 0) or 0 for doc in range(count)]


_LENGTH_OF_BYTE = [0] + [byte_to_length(byte) for byte in range(1, 256)]


def _syllable_items(syllables: list[str]) -> Items:
    return _items(syllables)


def _pair_items(syllables: list[str]) -> Items:
    return _items([f"{a} {b}" for a, b in zip(syllables, syllables[1:])])


def _fast_path(field: Any) -> Callable[[list[str]], Items] | None:
    """The fast analysis of ``field``, if its analyzer is one of the two known chains and the
    fast path gives its very terms on the samples (an analyzer changed later loses it)."""
    analyzer = getattr(field, "analyzer", None)
    if analyzer is None or type(field.format).__name__ != "Frequency":
        return None
    for fast, chain in ((_syllable_items, vietnamese_analyzer(fold=True)),
                        (_pair_items, vietnamese_analyzer(fold=True, pairs=True))):
        if analyzer == chain and _agrees(field, fast):
            return fast
    return None


def _agrees(field: Any, fast: Callable[[list[str]], Items]) -> bool:
    import unicodedata

    samples = _SAMPLES + tuple(unicodedata.normalize("NFD", s) for s in _SAMPLES)
    return all(sorted(field.index(s)) == sorted(fast(folded_syllables(s))) for s in samples)
