"""Words come from underthesea, once per sentence; syllables and the folded form follow."""

from __future__ import annotations

import unicodedata

from nlp.reader.report import Sentence
from nlp.reader.words import segment

SENTENCE = "Thực hiện tinh giản biên chế khối chính quyền mới đạt 39,9% kế hoạch."


def test_multi_syllable_words_keep_their_space():
    words = segment(SENTENCE)
    assert "tinh giản" in words and "biên chế" in words and "kế hoạch" in words
    assert " ".join(words).replace(" ", "") == SENTENCE.replace(" ", "")


def test_nfd_twin_segments_like_nfc():
    from nlp.text import normalize_text

    assert segment(normalize_text(unicodedata.normalize("NFD", SENTENCE))) == segment(SENTENCE)


def test_syllables_and_folded_form():
    sentence = Sentence(0, (), SENTENCE, segment(SENTENCE))
    assert sentence.syllables[:6] == ("Thực", "hiện", "tinh", "giản", "biên", "chế")
    assert "%" not in sentence.syllables and "." not in sentence.syllables
    assert sentence.folded.startswith("thuc hien tinh gian bien che khoi chinh quyen")
    assert sentence.folded.isascii()
