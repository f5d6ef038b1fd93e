"""An index built by many adds answers as the one built at once, through the fast paths."""

from __future__ import annotations

from pathlib import Path

from whoosh.columns import RefBytesColumn

import index
from index import SentenceSearcher
from index.schema import open_index

REPORT = ("BÁO CÁO\nKết quả công tác năm {year}\n1. Kết quả đạt được\n"
          "Trong năm, xã số {n} đã tinh giản {n} biên chế, đạt 80% kế hoạch.\n"
          "Công tác tiếp công dân tại xã số {n} được thực hiện thường xuyên.\n"
          "Xã số {n} đã giải quyết {n} đơn khiếu nại tố cáo đúng hạn.\n"
          "2. Hạn chế\nViệc giải quyết thủ tục hành chính của xã số {n} còn chậm.\n"
          "Ngân sách nhà nước cấp cho xã số {n} chưa kịp thời.\n")
QUERIES = ("tiếp công dân", "tinh gian bien che", '"thủ tục hành chính"',
           "ngân sách label:limitation", "khiếu nại OR biên chế")


def _hits(ix: Path) -> list:
    with SentenceSearcher(ix) as searcher:
        answers = []
        for query in QUERIES:
            result = searcher.search(query, limit=0)
            answers.append((sorted((Path(h.source).name, h.index, h.text, h.label,
                                    round(h.score, 6)) for h in result.hits), result.counts))
        return answers


def test_many_adds_answer_as_one_add_through_the_fast_paths(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    paths = []
    for n in range(1, 10):
        path = docs / f"r{n:02d}.txt"
        path.write_text(REPORT.format(n=n, year=2010 + n), encoding="utf-8")
        paths.append(path)
    once, steps = tmp_path / "once", tmp_path / "steps"
    index.add_reports(once, paths, workers=1)
    for path in paths:
        index.add_reports(steps, [path], workers=1)
    assert len(open_index(steps)._segments()) > 1  # several segments, some of them merged
    assert _hits(steps) == _hits(once)
    assert all(answer[0] for answer in _hits(once))  # every query finds something
    with open_index(steps).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            assert not leaf.has_deletions()
            column = leaf.column_reader("label", translate=False)
            column = getattr(column, "raw_column", lambda: column)()
            assert isinstance(column, RefBytesColumn.Reader) and column._itemsize == 1
            # A term of many postings is read by Whoosh's block matcher, which
            # index.plan.term_postings reads a block at a time.
            assert type(leaf.postings("folded", "xa")).__name__ == "W3LeafMatcher"


def test_term_postings_over_segments_are_whoosh_s_postings(tmp_path):
    from index.plan import term_postings

    docs, ix = tmp_path / "docs", tmp_path / "ix"
    docs.mkdir()
    for n in (1, 2, 3):
        path = docs / f"r{n}.txt"
        path.write_text(REPORT.format(n=n, year=2020), encoding="utf-8")
        index.add_reports(ix, [path], workers=1)
    with open_index(ix).reader() as reader:
        assert len(reader.leaf_readers()) > 1
        for name, text in list(reader.all_terms()):
            blocks = list(term_postings(reader, name, text))
            read = [(doc, weight) for ids, weights in blocks for doc, weight in zip(ids, weights)]
            assert read == list(reader.postings(name, text).items_as("weight")), (name, text)
