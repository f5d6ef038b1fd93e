"""Tests of nlp.text: NFC, tone-mark placement, white space, diacritic folding."""

import unicodedata

import pytest

from nlp.text import fold_diacritics, normalize_text, search_key

TONE_PAIRS = (
    ("hoà", "hòa"), ("Thanh Hoá", "Thanh Hóa"), ("thuỷ", "thủy"), ("Uỷ ban", "Ủy ban"),
    ("khoẻ", "khỏe"), ("HOÀ", "HÒA"),
)


@pytest.mark.parametrize("variant,canonical", TONE_PAIRS, ids=[p[0] for p in TONE_PAIRS])
def test_tone_mark_variants_meet_in_one_form(variant, canonical):
    assert normalize_text(variant) == canonical
    assert normalize_text(unicodedata.normalize("NFD", variant)) == canonical


@pytest.mark.parametrize("word", ["quý", "hoàng", "toán", "khuya", "thuyền", "của", "giữa"])
def test_syllables_with_fixed_tone_position_are_unchanged(word):
    assert normalize_text(word) == word


def test_nfd_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Tiếng Việt")
    assert nfd != "Tiếng Việt"
    assert normalize_text(nfd) == "Tiếng Việt"


def test_white_space_is_folded_per_line():
    assert normalize_text(" a \u00a0 b\t\tc \nd  e ") == "a b c\nd e"


@pytest.mark.parametrize("text,expected", [
    ("  a   b \n\n   c  \n", "a b\n\nc\n"),
    ("a \n \n b", "a\n\nb"),
    ("a\u200b\nb", "a\nb"),
    ("a \r\n b", "a\nb"),
], ids=["plain-spaces", "blank-line-of-one-space", "zero-width-space", "carriage-return"])
def test_every_line_is_stripped_whatever_its_white_space(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Thanh Hoá, hoà giải và khoẻ mạnh.", "Thanh Hóa, hòa giải và khỏe mạnh."),
    ("(Uỷ ban) 2hoà", "(Ủy ban) 2hòa"),
    ("Quý I, QUÝ II", "Quý I, QUÝ II"),
    ("hoàn, hoá_chất", "hoàn, hóa_chất"),
], ids=["in-a-sentence", "after-bracket-and-digit", "qu-onset", "word-end-only"])
def test_tone_marks_move_inside_running_text(text, expected):
    assert normalize_text(text) == expected


def test_folding_removes_every_diacritic_and_d_bar():
    assert fold_diacritics("Tinh giản biên chế ĐẢNG đoàn") == "Tinh gian bien che DANG doan"
    folded = fold_diacritics(normalize_text("ăâêôơư ằẳẵặ ỳýỷỹỵ"))
    assert folded.isascii()


def test_search_key_lowercases_and_normalises():
    assert search_key("HOÀ  Giải") == search_key("hòa giải") == "hòa giải"


@pytest.mark.parametrize("eth, d_bar", [("\u00d0ảng", "Đảng"), ("\u00f0oàn", "đoàn"),
                                         ("\u00d0\u00d0", "ĐĐ")], ids=["upper", "lower", "twice"])
def test_latin_eth_of_old_fonts_becomes_d_bar(eth, d_bar):
    assert normalize_text(f"khỏi {eth}") == f"khỏi {d_bar}"
    assert fold_diacritics(normalize_text(eth)) == fold_diacritics(d_bar)
