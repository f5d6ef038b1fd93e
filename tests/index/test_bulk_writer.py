"""The bulk segment writer writes what Whoosh's own writer writes; the merge policy keeps
segments few; label counts from the label bytes match the stored labels."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

import index
from index.analysis import vietnamese_analyzer
from index.bulk_writer import BulkSegmentWriter, _fast_path, folded_syllables
from index.label_counts import LabelCodes
from index.merging import MAX_SEGMENTS, merge_geometric
from index.query import LABELS
from index.schema import make_schema, open_index
from index.segment_postings import read_term_postings
from index.writer import _documents

SENTENCES = (
    "Trong năm, tỉnh đã tinh giản 120 biên chế, đạt 80% kế hoạch.",
    "Công tác tiếp công dân được thực hiện thường xuyên theo Nghị quyết số 18-NQ/TW.",
    "Việc giải quyết thủ tục hành chính còn chậm, chưa đúng hẹn; kinh tế-xã hội phát triển.",
    "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK hoà giải 1.680/7.108 vụ việc, đạt 39,9%.",
)


@pytest.mark.parametrize("text", SENTENCES + tuple(unicodedata.normalize("NFD", s)
                                                   for s in SENTENCES),
                         ids=[f"nfc{i}" for i in range(4)] + [f"nfd{i}" for i in range(4)])
def test_folded_syllables_are_the_analyzer_s_tokens(text):
    assert folded_syllables(text) == [t.text for t in vietnamese_analyzer(fold=True)(text)]


def test_a_field_with_another_analyzer_gets_no_fast_path():
    schema = make_schema()
    assert _fast_path(schema["folded"]) is not None and _fast_path(schema["folded2"]) is not None
    assert _fast_path(schema["heading"]) is None  # syllables and pairs: the analyzer itself
    from whoosh.fields import TEXT

    assert _fast_path(TEXT(analyzer=vietnamese_analyzer())) is None  # diacritics kept


def _report_documents(bundled_report):
    labels = [LABELS[i % len(LABELS)] for i in range(len(bundled_report.sentences))]
    predictions = [(label, 0.5 + i / 1e4) for i, label in enumerate(labels)]
    return list(_documents("/reports/kien-giang.txt", "0" * 64, bundled_report, predictions))


def _write(folder: Path, writer_class, batches) -> whoosh_index.Index:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    for batch in batches:
        writer = writer_class(ix, compound=False)
        for document in batch:
            writer.add_document(**document)
        writer.commit(mergetype=merge_geometric)
    return ix


def _contents(reader):
    """Every term's postings and statistics, every stored field and document length."""
    terms = {}
    for name in reader.indexed_field_names():
        for text in reader.lexicon(name):
            info = reader.term_info(name, text)
            terms[name, text] = (info.doc_frequency(), info.weight(), info.min_length(),
                                 info.max_length(), info.max_weight(),
                                 list(reader.postings(name, text).items_as("weight")))
    docs = [(reader.stored_fields(d), reader.doc_field_length(d, "folded"),
             reader.doc_field_length(d, "heading"))
            for d in range(reader.doc_count_all())]
    return terms, docs


def test_bulk_writer_writes_whoosh_s_segment(tmp_path, bundled_report):
    documents = _report_documents(bundled_report)
    plain = _write(tmp_path / "whoosh", SegmentWriter, [documents])
    bulk = _write(tmp_path / "bulk", BulkSegmentWriter, [documents])
    with plain.reader() as expected, bulk.reader() as written:
        assert _contents(written) == _contents(expected)
        for name in ("folded", "folded2", "heading", "title", "words"):
            assert written.field_length(name) == expected.field_length(name)
        assert len(_contents(written)[1]) == len(documents)


def test_merged_segments_keep_whoosh_s_postings_and_exact_lengths(tmp_path, bundled_report):
    documents = _report_documents(bundled_report)
    batches = [documents[:150], documents[150:300], documents[300:]]
    plain = _write(tmp_path / "whoosh", SegmentWriter, batches)
    bulk = _write(tmp_path / "bulk", BulkSegmentWriter, batches)
    one = _write(tmp_path / "one", BulkSegmentWriter, [documents])
    assert len(bulk._segments()) < len(batches)
    with plain.reader() as expected, bulk.reader() as written, one.reader() as single:
        assert _contents(written) == _contents(expected)
        # Whoosh sums the one-byte lengths of merged documents; the bulk writer keeps the exact
        # total, which is the total of the same documents written at once.
        assert written.field_length("folded") == single.field_length("folded")


REPORT = ("BÁO CÁO\nKết quả công tác năm {year}\n1. Kết quả đạt được\n"
          "Trong năm, xã số {n} đã tinh giản {n} biên chế, đạt 80% kế hoạch.\n"
          "Công tác tiếp công dân tại xã số {n} được thực hiện thường xuyên.\n"
          "2. Hạn chế\nViệc giải quyết thủ tục hành chính của xã số {n} còn chậm.\n")


def test_many_adds_leave_few_segments_and_every_report(tmp_path):
    docs, ix = tmp_path / "docs", tmp_path / "ix"
    docs.mkdir()
    counts = []
    for n in range(1, 13):
        path = docs / f"r{n:02d}.txt"
        path.write_text(REPORT.format(n=n, year=2010 + n), encoding="utf-8")
        index.add_reports(ix, [path], workers=1)
        counts.append(len(open_index(ix)._segments()))
    assert max(counts) <= 4 < len(counts)  # a binary counter of 12 adds: at most 4 segments
    assert counts[-1] <= MAX_SEGMENTS
    hits = index.search(ix, "tiếp công dân", limit=0).hits
    assert sorted(Path(h.source).name for h in hits) == [f"r{n:02d}.txt" for n in range(1, 13)]


def test_label_counts_match_the_stored_labels_over_segments(tmp_path):
    docs, ix = tmp_path / "docs", tmp_path / "ix"
    docs.mkdir()
    for n in (1, 2, 3):
        path = docs / f"r{n}.txt"
        path.write_text(REPORT.format(n=n, year=2020), encoding="utf-8")
        index.add_reports(ix, [path], workers=1)
    with open_index(ix).reader() as reader:
        assert len(reader.leaf_readers()) > 1
        every = set(range(reader.doc_count_all()))
        expected: dict[str, int] = {}
        for doc in every:
            label = reader.stored_fields(doc).get("label")
            if label:
                expected[label] = expected.get(label, 0) + 1
        assert LabelCodes(reader, LABELS).counts(every) == expected
    result = index.search(ix, "thủ tục hành chính", limit=0)
    assert result.counts == Counter(h.label for h in result.hits) and result.total == 3


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The segment's files by extension (segment names are random)."""
    return {path.name.split(".", 1)[1]: path.read_bytes() for path in folder.glob("MAIN_*.*")
            if "WRITELOCK" not in path.name}


def test_bulk_writer_s_postings_and_term_table_are_whoosh_s_bytes(tmp_path, bundled_report):
    documents = _report_documents(bundled_report)
    _write(tmp_path / "whoosh", SegmentWriter, [documents])
    _write(tmp_path / "bulk", BulkSegmentWriter, [documents])
    expected, written = _segment_files(tmp_path / "whoosh"), _segment_files(tmp_path / "bulk")
    assert {"pst", "trm"} <= set(written)
    for extension in ("pst", "trm"):
        assert written[extension] == expected[extension], extension


def test_term_postings_read_whole_are_whoosh_s(tmp_path, bundled_report):
    documents = _report_documents(bundled_report) * 4  # past Whoosh's 128 postings a block
    ix = _write(tmp_path / "bulk", BulkSegmentWriter, [documents])
    with ix.reader() as reader:
        terms, blocks = reader._terms, 0
        for (name, _), info in terms.items():
            fixed = ix.schema[name].format.fixed_value_size()
            matcher = terms._codec.postings_reader(terms._postfile, info, ix.schema[name].format)
            expected = list(matcher.items_as("weight"))
            ids, weights, values = read_term_postings(terms._postfile, info, fixed)
            assert list(zip(ids, weights)) == expected
            assert len(values) == len(ids) and all(len(v) == max(fixed or 0, 0) for v in values)
            blocks += len(ids) > 128  # the kind and source terms span several blocks
        assert blocks
