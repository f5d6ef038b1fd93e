"""Sentence splitting keeps numbers, symbols and abbreviations inside their sentence."""

from __future__ import annotations

import unicodedata

import pytest

from nlp.reader.sentences import split_sentences

WHOLE = (
    "Thực hiện Kế hoạch số 79-KH/BDV-BCSDUBND ngày 10-5-2018 giữa Ban Dân vận Tỉnh ủy với Ban cán "
    "sự đảng UBND tỉnh, Ban Dân vận Tỉnh ủy báo cáo kết quả thực hiện như sau:",
    "Toàn tỉnh có 1.680/7.108 mô hình, điển hình toàn tỉnh.",
    "Thực hiện tinh giản biên chế khối chính quyền mới đạt 39,9% kế hoạch; sắp xếp lại tổ chức.",
    "Đoàn công tác làm việc tại TP. Hồ Chí Minh và TP. Cần Thơ trong tháng 5.",
    "Giải quyết 14/14 đơn tố cáo đạt 100%, hồ sơ đúng hạn đạt 99,57%.",
    "Các nguồn vốn đạt 1.497/3.602 biên chế (đạt 39,4% kế hoạch).",
)


@pytest.mark.parametrize("sentence", WHOLE, ids=lambda s: s[:20])
def test_one_sentence_stays_whole(sentence):
    assert split_sentences(sentence) == [sentence]


@pytest.mark.parametrize("sentence", WHOLE, ids=lambda s: s[:20])
def test_one_sentence_stays_whole_nfd_twin(sentence):
    # The reader feeds NFC text; decomposed input must not split differently.
    nfd = unicodedata.normalize("NFD", sentence)
    assert [unicodedata.normalize("NFC", s) for s in split_sentences(nfd)] == [sentence]


def test_paragraph_splits_at_sentence_ends():
    paragraph = ("UBND các cấp tích cực triển khai thực hiện nhiệm vụ năm 2018. Tập trung chỉ đạo "
                 "thực hiện lập mới quy hoạch. Kết quả đạt 1.680/7.108 mô hình!")
    assert split_sentences(paragraph) == [
        "UBND các cấp tích cực triển khai thực hiện nhiệm vụ năm 2018.",
        "Tập trung chỉ đạo thực hiện lập mới quy hoạch.",
        "Kết quả đạt 1.680/7.108 mô hình!"]


def test_gold_sentences_are_single_sentences(shared_dir):
    from nlp.text import normalize_text

    rows = (shared_dir / "gold" / "seed-sentences.tsv").read_text("utf-8").splitlines()[1:]
    for row in rows:
        sentence = normalize_text(row.split("\t", 1)[1])
        assert split_sentences(sentence) == [sentence]
