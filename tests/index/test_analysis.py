"""The Vietnamese analyzer: syllables, whole document symbols, lower case, folding, pickling."""

from __future__ import annotations

import pickle
import unicodedata

import pytest

from index.analysis import (FoldDiacriticsFilter, VietnameseTokenizer, token_spans,
                            vietnamese_analyzer)

CASES = [
    ("Nghị quyết số 39-NQ/TW của Bộ Chính trị",
     ["nghị", "quyết", "số", "39-nq/tw", "của", "bộ", "chính", "trị"]),
    ("Số 401-BC/BDV-BCSDUBND ngày 27/5/2019",
     ["số", "401-bc/bdv-bcsdubnd", "ngày", "27/5/2019"]),
    ("có 1.680/7.108 mô hình", ["có", "1.680/7.108", "mô", "hình"]),
    ("mới đạt 39,9% kế hoạch.", ["mới", "đạt", "39,9%", "kế", "hoạch"]),
    ("kinh tế-xã hội năm 2018.", ["kinh", "tế", "xã", "hội", "năm", "2018"]),
    ("ngày 10-5-2018, tăng 7,51%", ["ngày", "10-5-2018", "tăng", "7,51%"]),
    ("Tiếng Việt không chưa a ở", ["tiếng", "việt", "không", "chưa", "a", "ở"]),
    ("Hoà giải, thuỷ sản", ["hòa", "giải", "thủy", "sản"]),
]
IDS = ["resolution-symbol", "report-number", "fraction", "percent", "hyphenated-words",
       "date-and-decimal", "short-syllables-kept", "tone-placement"]


def _texts(text: str, fold: bool = False) -> list[str]:
    return [token.text for token in vietnamese_analyzer(fold=fold)(text)]


@pytest.mark.parametrize("text, expected", CASES, ids=IDS)
def test_tokens(text, expected):
    assert _texts(text) == expected


@pytest.mark.parametrize("text, expected", CASES, ids=[i + "-nfd" for i in IDS])
def test_tokens_of_decomposed_text(text, expected):
    assert _texts(unicodedata.normalize("NFD", text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Tinh giản biên chế", ["tinh", "gian", "bien", "che"]),
    ("Đảng ủy, ĐỒNG BẰNG", ["dang", "uy", "dong", "bang"]),
    ("Số 77/2017/NQ-HĐND", ["so", "77/2017/nq-hdnd"]),
], ids=["tones", "d-bar", "symbol"])
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_folded_tokens(text, expected, form):
    assert _texts(unicodedata.normalize(form, text), fold=True) == expected


def test_character_offsets_point_at_the_token():
    text = "Công tác tiếp công dân, 39,9% kế hoạch"
    tokens = [(t.text, t.startchar, t.endchar, t.pos)
              for t in vietnamese_analyzer()(text, chars=True, positions=True)]
    assert [text[s:e].lower() for _, s, e, _ in tokens] == [t for t, _, _, _ in tokens]
    assert [pos for *_, pos in tokens] == list(range(len(tokens)))


def test_offsets_of_decomposed_text_refer_to_its_nfc_form():
    text = unicodedata.normalize("NFD", "Tiếp công dân")
    nfc = unicodedata.normalize("NFC", text)
    assert [nfc[s:e] for s, e in token_spans(nfc)] == ["Tiếp", "công", "dân"]
    starts = [t.startchar for t in vietnamese_analyzer()(text, chars=True)]
    assert starts == [0, 5, 10]


@pytest.mark.parametrize("fold", [False, True], ids=["exact", "folded"])
def test_analyzer_survives_pickling(fold):
    analyzer = vietnamese_analyzer(fold=fold)
    clone = pickle.loads(pickle.dumps(analyzer))
    text = "Thực hiện tinh giản biên chế theo Nghị quyết số 18-NQ/TW"
    assert [t.text for t in clone(text)] == [t.text for t in analyzer(text)]


def test_components_compare_by_class():
    assert VietnameseTokenizer() == VietnameseTokenizer()
    assert FoldDiacriticsFilter() == FoldDiacriticsFilter()
    assert vietnamese_analyzer() != vietnamese_analyzer(fold=True)


def test_tokenizer_rejects_bytes():
    with pytest.raises(ValueError):
        list(VietnameseTokenizer()(b"bytes"))
