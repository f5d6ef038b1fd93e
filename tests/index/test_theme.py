"""Theme scoring: back-off that holds when the collection grows, synonym groups as one unit,
headings, titles and the segmenter's words as fields, and a cold search without the NLP stack."""

from __future__ import annotations

import subprocess
import sys

import pytest

import index
from index.search import SentenceSearcher
from index.synonyms import Synonyms
from index.theme import Weights, theme_units

# Sentences about land (đất đai) that never write the pair "đất đai" itself.
LAND = (
    "Tỉnh đã thu hồi đất của 120 hộ gia đình để làm đường giao thông liên xã.",
    "Việc giao đất, cho thuê đất được thực hiện đúng trình tự, thủ tục.",
)
OTHER_LAND = ("Huyện cấp giấy chứng nhận quyền sử dụng đất cho 300 hộ gia đình.",)
# Sentences of a report that is about the theme through and through.
ABOUT_LAND = tuple(f"Quản lý đất đai tại xã thứ {i} còn để xảy ra lấn chiếm đất công, "
                   f"sử dụng đất sai mục đích ở {i + 2} thửa." for i in range(1, 41))


def _report(heading: str, sentences, title: str = "Kết quả công tác năm 2023") -> str:
    return ("ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố: 12/BC-UBND\nKiên Giang, ngày 5 tháng 1 năm "
            f"2024\nBÁO CÁO\n{title}\nI. {heading}\n" + "\n".join(sentences) + "\n")


def _filler(count: int) -> tuple[str, ...]:
    return tuple(f"Xã số {i} đã tổ chức {i + 3} buổi tuyên truyền pháp luật cho nhân dân "
                 f"trong năm." for i in range(count))


def _found(ix, query: str, texts) -> set[str]:
    hits = index.search(ix, query, limit=500).hits
    return {h.text for h in hits} & set(texts)


@pytest.fixture(scope="module")
def shift_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shift")
    # Enough other sentences that "đất" is in under 2 % of them before the new report comes:
    # the collection where the old rare-syllable gate was open.
    (folder / "a.txt").write_text(_report("Kết quả", LAND + _filler(120)), encoding="utf-8")
    (folder / "b.txt").write_text(_report("Kết quả", OTHER_LAND + _filler(40)), encoding="utf-8")
    (folder / "c.txt").write_text(_report("Kết quả", ABOUT_LAND), encoding="utf-8")
    return folder


def test_one_more_report_about_a_theme_keeps_the_other_reports_hits(shift_folder, tmp_path):
    ix, relevant = tmp_path / "ix", LAND + OTHER_LAND
    index.add_reports(ix, [shift_folder / "a.txt", shift_folder / "b.txt"], workers=1)
    before = _found(ix, "đất đai", relevant)
    assert before == set(relevant)
    index.add_reports(ix, [shift_folder / "c.txt"], workers=1)
    assert _found(ix, "đất đai", ABOUT_LAND)  # the new report is found too
    assert _found(ix, "đất đai", relevant) == before


def test_removing_the_report_about_a_theme_keeps_the_others_hits_too(shift_folder, tmp_path):
    ix, relevant = tmp_path / "ix", LAND + OTHER_LAND
    index.add_reports(ix, [shift_folder], workers=1)
    with_it = _found(ix, "đất đai", relevant)
    assert with_it == set(relevant)
    index.remove_reports(ix, [shift_folder / "c.txt"])
    assert not _found(ix, "đất đai", ABOUT_LAND)
    assert _found(ix, "đất đai", relevant) == with_it


def test_back_off_reaches_every_content_syllable_of_a_long_theme():
    units = theme_units(("quan", "ly", "dat", "dai", "cua", "tinh"),
                        ("quản", "lý", "đất", "đai", "của", "tỉnh"), Synonyms(),
                        lambda field, term: 1, 100, Weights(single=0.3))
    # "của" is grammar, not content; every other syllable backs off on its own.
    assert units.singles == ["quan", "ly", "dat", "dai", "tinh"]
    no_back_off = theme_units(("quan", "ly", "dat", "dai"), ("quản", "lý", "đất", "đai"),
                              Synonyms(), lambda field, term: 1, 100, Weights(single=0.0))
    assert no_back_off.singles == []


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms")
    (folder / "short.txt").write_text(_report("Kết quả", (
        "UBND huyện đã ban hành kế hoạch kiểm tra năm 2023.",
        "Tổ chức 12 lớp bồi dưỡng nghiệp vụ cho cán bộ.")), encoding="utf-8")
    (folder / "long.txt").write_text(_report("Kết quả", (
        "Ủy ban nhân dân huyện đã ban hành kế hoạch kiểm tra năm 2023.",
        "Tổ chức 14 lớp bồi dưỡng nghiệp vụ cho công chức.")), encoding="utf-8")
    (folder / "budget.txt").write_text(_report("Chi ngân sách nhà nước", (
        "Tổng chi thường xuyên đạt 96% dự toán được giao.",
        "Tổ chức 9 lớp bồi dưỡng nghiệp vụ cho viên chức."), title="Tình hình phòng cháy "
        "chữa cháy năm 2023"), encoding="utf-8")
    ix = tmp_path_factory.mktemp("forms-ix") / "ix"
    index.add_reports(ix, [folder], workers=1)
    return ix


@pytest.mark.parametrize("query", ["UBND huyện", "Ủy ban nhân dân huyện"],
                         ids=["abbreviation", "long-form"])
def test_a_synonym_group_scores_alike_whichever_form_a_sentence_writes(small_index, query):
    with SentenceSearcher(small_index) as searcher:
        hits = [h for h in searcher.search(query, limit=10).hits if "ban hành" in h.text]
    assert len(hits) == 2
    short = next(h.score for h in hits if h.text.startswith("UBND"))
    long = next(h.score for h in hits if h.text.startswith("Ủy ban"))
    # Only BM25's length normalisation tells them apart (the long form has 3 more syllables);
    # before groups were one unit, the abbreviation scored about a third of the long form.
    assert 0.8 < short / long < 1.25


def test_b_sets_how_much_a_sentences_length_counts(small_index):
    ratios = {}
    for b in (0.0, 1.0):
        with SentenceSearcher(small_index, Weights(b=b)) as searcher:
            hits = [h for h in searcher.search("UBND huyện", limit=10).hits
                    if "ban hành" in h.text]
        short = next(h.score for h in hits if h.text.startswith("UBND"))
        long = next(h.score for h in hits if h.text.startswith("Ủy ban"))
        ratios[b] = short / long
    # Both hold the same units; only the long form's 3 more syllables can tell them apart.
    assert ratios[0.0] == pytest.approx(1.0)
    assert ratios[1.0] > 1.05


def test_the_nearest_heading_and_the_title_are_searched_at_a_low_weight(small_index):
    with SentenceSearcher(small_index) as searcher:
        by_heading = searcher.search("ngân sách nhà nước", limit=10).hits
        by_title = searcher.search("phòng cháy chữa cháy", limit=10).hits
        none = SentenceSearcher(small_index, Weights(heading=0.0, title=0.0))
        without = none.search("phòng cháy chữa cháy", limit=10).hits
        none.close()
    assert "Tổng chi thường xuyên đạt 96% dự toán được giao." in {h.text for h in by_heading}
    assert {h.source.rsplit("/", 1)[-1] for h in by_title} == {"budget.txt"}
    assert without == []


def test_the_segmenters_words_are_looked_up_from_the_querys_syllables(small_index):
    with SentenceSearcher(small_index) as searcher:
        assert searcher.reader.doc_frequency("words", "boi duong") >= 3
        units = theme_units(("boi", "duong", "nghiep", "vu"), ("bồi", "dưỡng", "nghiệp", "vụ"),
                            searcher.synonyms, searcher.reader.doc_frequency,
                            searcher.reader.doc_count(), Weights(words=0.5))
    words = {part.text for part in units.plan.parts if getattr(part, "field", "") == "words"}
    assert words == {"boi duong", "nghiep vu"}


def test_a_cold_search_loads_neither_underthesea_nor_sklearn_nor_dask(small_index):
    code = ("import sys; from baocao.cli import main; "
            f"code = main(['search', '--index', {str(small_index)!r}, 'UBND huyện']); "
            "print(code, 'underthesea' in sys.modules, 'sklearn' in sys.modules, "
            "'dask' in sys.modules or 'distributed' in sys.modules, file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.stderr.strip().splitlines()[-1] == "0 False False False"
    assert "ban hành" in run.stdout


# Sentences that hold a part of "phòng cháy chữa cháy" (a synonym group, PCCC) or all of it.
FIRE_PART = ("Lực lượng chữa cháy của huyện được tăng cường 12 người.",)
FIRE_WHOLE = ("Huyện đã kiểm tra công tác PCCC tại 25 cơ sở kinh doanh.",
              "Công tác phòng cháy chữa cháy được kiểm tra tại 14 chợ.")


def test_a_theme_that_is_a_whole_synonym_group_backs_off_to_its_parts(tmp_path):
    folder = tmp_path / "fire"
    folder.mkdir()
    (folder / "fire.txt").write_text(_report("Kết quả", FIRE_PART + FIRE_WHOLE + _filler(20)),
                                     encoding="utf-8")
    ix = tmp_path / "ix"
    index.add_reports(ix, [folder], workers=1)
    with SentenceSearcher(ix) as searcher:
        hits = searcher.search("phòng cháy chữa cháy", limit=10).hits
    texts = [h.text for h in hits]
    # The syllables of the group's own form back off, so the partial sentence is found, and
    # below both forms of the whole group.
    assert set(texts[:2]) == set(FIRE_WHOLE)
    assert FIRE_PART[0] in texts
    with SentenceSearcher(ix, Weights(single=0.0)) as searcher:
        without = {h.text for h in searcher.search("phòng cháy chữa cháy", limit=10).hits}
    assert without == set(FIRE_WHOLE)
