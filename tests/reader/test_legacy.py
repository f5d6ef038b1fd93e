"""TCVN3 (ABC) and VNI text is recognised and converted to Unicode; Unicode is left alone."""

from __future__ import annotations

import pytest

from nlp.reader.legacy import (detect_encoding, tcvn3_to_unicode, to_unicode, unicode_to_tcvn3,
                        unicode_to_vni, vni_to_unicode)

# Report sentences (from the bundled report, or written here) covering every vowel, tone and đ.
SENTENCES = (
    "Thực hiện tinh giản biên chế khối chính quyền mới đạt 39,9% kế hoạch.",
    "Đời sống của một bộ phận nhân dân, nhất là vùng nông thôn, biên giới, hải đảo còn khó khăn.",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể phát huy chưa đồng bộ ở các cấp.",
    "Những người được giao nhiệm vụ chưa chịu khó nghiên cứu, lúng túng trong thực hiện.",
    "Tình hình tham nhũng vẫn còn xảy ra; tham nhũng vặt trong khu vực công vẫn diễn ra phổ biến.",
    "Quỹ hỗ trợ nông dân, thủy lợi, khuyến ngư, chuyển đổi số, giữ vững an ninh, ổn định.",
    "Ưu tiên nguồn vốn cho việc cấp nước sinh hoạt, phòng cháy, chữa cháy ở khu dân cư.",
)

# Written by hand from the TCVN3 and VNI tables (the classic examples of each encoding).
KNOWN = (
    ("tcvn3", "B¸o c¸o", "Báo cáo"),
    ("tcvn3", "§¶ng bé tØnh Kiªn Giang", "Đảng bộ tỉnh Kiên Giang"),
    ("tcvn3", "ng­êi d©n", "người dân"),
    ("vni", "Baùo caùo", "Báo cáo"),
    ("vni", "Ñaûng boä tænh Kieân Giang", "Đảng bộ tỉnh Kiên Giang"),
    ("vni", "ngöôøi daân", "người dân"),
)


@pytest.mark.parametrize("encoding, legacy, unicode", KNOWN,
                         ids=[f"{e}-{u}" for e, _, u in KNOWN])
def test_known_words_convert(encoding, legacy, unicode):
    convert = tcvn3_to_unicode if encoding == "tcvn3" else vni_to_unicode
    assert convert(legacy) == unicode
    assert detect_encoding(legacy) == encoding
    assert to_unicode(legacy) == unicode


@pytest.mark.parametrize("sentence", SENTENCES, ids=range(len(SENTENCES)))
def test_vni_round_trip(sentence):
    legacy = unicode_to_vni(sentence)
    assert legacy != sentence
    assert detect_encoding(legacy) == "vni"
    assert to_unicode(legacy) == sentence


@pytest.mark.parametrize("sentence", SENTENCES, ids=range(len(SENTENCES)))
def test_tcvn3_round_trip(sentence):
    # .VnTime has no codes for toned capitals (they were drawn by .VnTimeH with the lower-case
    # codes), so those come back in lower case; everything else is exact.
    legacy = unicode_to_tcvn3(sentence)
    assert detect_encoding(legacy) == "tcvn3"
    back = to_unicode(legacy)
    assert back.lower() == sentence.lower()
    assert all(b == s for b, s in zip(back, sentence)
               if s.islower() or s.isascii() or s in "ĂÂĐÊÔƠƯ")


def test_gold_sentences_round_trip(shared_dir):
    from nlp.text import normalize_text

    rows = (shared_dir / "gold" / "seed-sentences.tsv").read_text("utf-8").splitlines()[1:]
    for row in rows:
        sentence = normalize_text(row.split("\t", 1)[1])
        assert to_unicode(unicode_to_vni(sentence)) == sentence
        assert to_unicode(unicode_to_tcvn3(sentence)).lower() == sentence.lower()


@pytest.mark.parametrize("text", [
    "Báo cáo kết quả thực hiện “Năm dân vận chính quyền” 2018.",
    "Diện tích 25 m² đạt 100% — © Báo Kiên Giang, ½ kế hoạch.",
    "Café « Sài Gòn » ở Hà Nội",
], ids=["plain", "symbols", "french-quotes"])
def test_unicode_is_left_alone(text):
    assert detect_encoding(text) == "unicode"
    assert to_unicode(text) == text


def test_mixed_document_converts_line_by_line():
    text = "Báo cáo kết quả\nThùc hiÖn tinh gi¶n biªn chÕ\nTổ chức bộ máy"
    assert to_unicode(text) == "Báo cáo kết quả\nThực hiện tinh giản biên chế\nTổ chức bộ máy"
