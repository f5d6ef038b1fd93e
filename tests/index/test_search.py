"""Search over the bundled report: themes, folding, phrases, operators, filters, highlights."""

from __future__ import annotations

import pytest

import index
from index.errors import QuerySyntaxError


@pytest.fixture(scope="module")
def searcher(bundled_location):
    opened = index.open_backend(bundled_location).searcher()
    yield opened
    opened.close()


def _keys(result) -> set[tuple[str, int]]:
    return {(hit.source, hit.index) for hit in result.hits}


def _lit(hit) -> list[str]:
    return [hit.text[start:end] for start, end in hit.highlights]


def test_folded_query_finds_the_same_sentences(searcher):
    exact = searcher.search("tinh giản biên chế", limit=100)
    folded = searcher.search("tinh gian bien che", limit=100)
    assert exact.hits and _keys(exact) == _keys(folded)
    assert exact.counts == folded.counts
    target = [h for h in exact.hits if "39,9% kế hoạch" in h.text]
    assert len(target) == 1 and target[0].label == "limitation"


def test_exact_diacritics_rank_first(index_location, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x.txt").write_text("BÁO CÁO\n1. Kết quả\nTỉnh đã tính gian bến chè cho dân.\n"
                                "Tỉnh đã tinh giản biên chế theo kế hoạch.\n", encoding="utf-8")
    index.add_reports(index_location, [docs], workers=1)
    hits = index.search(index_location, "tinh giản biên chế").hits
    assert len(hits) == 2 and "tinh giản biên chế" in hits[0].text
    assert hits[0].score > hits[1].score


def test_citizen_reception(searcher):
    result = searcher.search("tiếp công dân", limit=50)
    holds = []
    for hit in result.hits:
        lit = " ".join(_lit(hit)).lower()
        holds.append("tiếp công dân" in lit or "tiếp dân" in lit)
    assert sum(holds) >= 3
    # The sentences holding the theme rank above those holding only a syllable of it (the
    # back-off) or holding it only in their heading.
    assert holds == sorted(holds, reverse=True)


def test_highlight_is_one_span_per_phrase_and_skips_lone_syllables(searcher):
    hit = next(h for h in searcher.search("tiếp công dân", limit=50).hits
               if h.text.startswith("Công tác tiếp công dân"))
    assert _lit(hit) == ["tiếp công dân", "Tiếp công dân"]
    assert (0, 4) not in hit.highlights  # "Công" of "Công tác"


def test_a_lone_syllable_is_lit_as_typed_when_the_query_has_diacritics(searcher):
    def lit_in_hit_about_1497(query):
        hit = next(h for h in searcher.search(query, limit=20).hits if "1.497/3.602" in h.text)
        return [lit.lower() for lit in _lit(hit)]

    assert "tỉnh" not in lit_in_hit_about_1497("tinh giản biên chế")  # "tinh" is not "tỉnh"
    assert "tỉnh" in lit_in_hit_about_1497("tinh gian bien che")  # typed bare: every form


def test_label_filter_returns_only_that_label(searcher):
    result = searcher.search("công tác", label="limitation", limit=100)
    assert result.hits and {h.label for h in result.hits} == {"limitation"}
    assert set(result.counts) == {"limitation"}
    everything = searcher.search("công tác", limit=100)
    assert everything.counts["limitation"] == result.counts["limitation"]
    assert len(everything.counts) > 1


def test_counts_cover_the_whole_query_not_just_the_limit(searcher):
    small, large = searcher.search("công tác", limit=2), searcher.search("công tác", limit=500)
    assert len(small.hits) == 2
    assert small.counts == large.counts and small.total == len(large.hits)


def test_theme_ranks_by_coverage_without_demanding_every_word(searcher):
    result = searcher.search("cải cách hành chính cho doanh nghiệp", limit=20)
    assert result.hits
    # the best hit covers the theme: "cải cách hành chính" in its text or its heading
    top = result.hits[0]
    assert "cải cách hành chính" in f"{top.text} {top.section.rsplit(' > ', 1)[-1]}".lower()
    assert any("doanh nghiệp" not in h.text for h in result.hits)


def test_abbreviation_finds_long_form_and_back(searcher):
    short = searcher.search("CCHC", limit=100)
    long = searcher.search("cải cách hành chính", limit=100)
    assert short.hits and _keys(short) <= _keys(long)
    assert all("cải cách hành chính" in f"{h.text} {h.section}".lower() for h in short.hits)
    assert "cải cách hành chính" in short.hits[0].text.lower()
    assert searcher.search("MTTQ", limit=5).hits[0].text.count("Mặt trận Tổ quốc") >= 1


def test_document_symbol_is_searchable_as_written(searcher):
    hits = searcher.search("Nghị quyết số 18-NQ/TW", limit=5).hits
    assert "18-NQ/TW" in hits[0].text
    assert any("18-NQ/TW" in span for span in _lit(hits[0]))
    assert [h.text for h in searcher.search('"39,9%"').hits if "39,9%" in h.text]


def test_phrase_requires_order(searcher):
    assert searcher.search('"biên chế tinh giản"').hits == []
    assert searcher.search('"tinh giản biên chế"').hits


def test_boolean_operators(searcher):
    both = _keys(searcher.search("tham nhũng", limit=100))
    without = _keys(searcher.search('tham nhũng NOT "tham nhũng vặt"', limit=100))
    assert without < both
    assert not any("tham nhũng vặt" in h.text for h in
                   searcher.search('tham nhũng NOT "tham nhũng vặt"', limit=100).hits)
    either = _keys(searcher.search('"tiếp dân" OR "thủ tục hành chính"', limit=200))
    assert _keys(searcher.search('"tiếp dân"', limit=100)) <= either
    conj = searcher.search('"thủ tục hành chính" AND "công nghệ thông tin"', limit=100)
    assert conj.hits and all("công nghệ thông tin" in h.text for h in conj.hits)


def test_filters_in_the_query_equal_filter_options(searcher):
    in_query = searcher.search("công tác label:limitation", limit=100)
    as_option = searcher.search("công tác", label="limitation", limit=100)
    assert _keys(in_query) == _keys(as_option)


def test_report_year_place_and_type_filters(searcher, bundled_report_path, bundled_location):
    source = str(bundled_report_path.resolve())
    assert _keys(searcher.search("dân vận", report=source, limit=5))
    assert _keys(searcher.search("dân vận", report=str(bundled_report_path.parent), limit=5))
    assert searcher.search("dân vận", report="/nowhere/else.txt").hits == []
    records = index.list_reports(bundled_location)
    meta = records[0]
    for name, value in (("year", meta["year"]), ("place", meta["place"]),
                        ("type", meta["doc_type"])):
        if value is None:
            continue
        assert searcher.search("dân vận", **{name: value}).hits
        assert searcher.search("dân vận", **{name: "1999" if name == "year" else "Hà Nội"}) \
            .hits == []


def test_filter_only_query_lists_sentences(searcher):
    result = searcher.search("label:limitation", limit=500)
    assert result.hits and {h.label for h in result.hits} == {"limitation"}
    assert all(h.text for h in result.hits)


@pytest.mark.parametrize("query", ['"tiếp công', "(a OR b", "a AND", "NOT a", "label:best",
                                   ""], ids=["quote", "paren", "dangling", "only-not",
                                             "label", "empty"])
def test_bad_syntax_raises(searcher, query):
    with pytest.raises(QuerySyntaxError):
        searcher.search(query)


def test_bad_limit_is_a_value_error(searcher):
    with pytest.raises(ValueError):
        searcher.search("dân vận", limit=-1)


def test_hit_json_shape(searcher):
    row = searcher.search("tinh giản biên chế", limit=1).hits[0].to_dict()
    assert list(row)[:12] == ["source", "number", "title", "date", "place", "province",
                              "section", "index", "label", "score", "label_score", "text"]
    for start, end in row["highlights"]:
        assert 0 <= start < end <= len(row["text"])


def test_a_searcher_kept_open_answers_like_a_fresh_one(searcher, bundled_location):
    # One open searcher serves many searches (its scorer and label column are reused).
    queries = [("cải cách hành chính", {}), ("công tác", {"label": "limitation"}),
               ("tiếp công dân label:achievement", {}), ("label:cause", {})]
    for query, filters in queries * 2:
        kept = searcher.search(query, limit=30, **filters)
        fresh = index.search(bundled_location, query, limit=30, **filters)
        assert kept.hits, query
        assert kept == fresh
