"""Header and footer fields: read when the document states them, None when it does not."""

from __future__ import annotations

import pytest

from nlp.reader.metadata import normalize_number, parse_date, split_document
from nlp.reader.report import Signer


@pytest.mark.parametrize("raw, expected", [
    ("401 -BC/BDV-BCSDUBND", "401-BC/BDV-BCSDUBND"),
    ("09/CT-UBND", "09/CT-UBND"),
    ("123 / QĐ-UBND", "123/QĐ-UBND"),
], ids=["space-before-dash", "plain", "spaces-round-slash"])
def test_number_is_normalised(raw, expected):
    assert normalize_number(raw) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kiên Giang, ngày 27 tháng 5 năm 2019", ("Kiên Giang", "2019-05-27")),
    ("*Đà Nẵng, ngày 05 tháng 3 năm 2024*", ("Đà Nẵng", "2024-03-05")),
    ("TP. Hồ Chí Minh, ngày 02/9/2020", ("TP. Hồ Chí Minh", "2020-09-02")),
    ("Hà Nội, ngày 31 tháng 13 năm 2020", None),
    ("Báo cáo năm 2019", None),
], ids=["words", "markdown", "slashes", "bad-month", "no-date"])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


HEADER_TABLE = """ỦY BAN NHÂN DÂN
THÀNH PHỐ ĐÀ NẴNG
-------

CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 14/CT-UBND

*Đà Nẵng, ngày 05
tháng 3 năm 2024*

CHỈ THỊ

VỀ TĂNG CƯỜNG CÔNG TÁC PHÒNG CHÁY, CHỮA CHÁY TẠI CÁC KHU
DÂN CƯ TRÊN ĐỊA BÀN THÀNH PHỐ ĐÀ NẴNG

Phòng cháy, chữa cháy là nhiệm vụ thường xuyên của toàn dân.

Trên đây là Chỉ thị về tăng cường công tác phòng cháy, chữa cháy./.

Nơi nhận:
- TT. Thành ủy;
- TT. HĐND thành phố;
- Lưu: VT, KTD.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình"""


def test_flattened_header_table_of_a_web_page():
    lines = HEADER_TABLE.split("\n")
    layout = split_document(lines)
    meta = layout.metadata
    assert meta.issuers == ("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",)
    assert (meta.doc_type, meta.number, meta.place, meta.date) == (
        "CHỈ THỊ", "14/CT-UBND", "Đà Nẵng", "2024-03-05")
    assert meta.title == ("VỀ TĂNG CƯỜNG CÔNG TÁC PHÒNG CHÁY, CHỮA CHÁY TẠI CÁC KHU DÂN CƯ "
                          "TRÊN ĐỊA BÀN THÀNH PHỐ ĐÀ NẴNG")
    assert meta.recipients == ("TT. Thành ủy", "TT. HĐND thành phố", "Lưu: VT, KTD")
    assert meta.signers == (Signer("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Nguyễn Văn Bình"),)
    body = [line for line in lines[layout.body_start:layout.body_end] if line]
    assert body == ["Phòng cháy, chữa cháy là nhiệm vụ thường xuyên của toàn dân.",
                    "Trên đây là Chỉ thị về tăng cường công tác phòng cháy, chữa cháy./."]


def test_recipients_before_the_signature_and_continuation_lines():
    lines = ["THÔNG BÁO", "", "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG", "", "Văn bản nêu rõ kết quả./.", "",
             "*Nơi nhận:*", "- Các Bộ: TC, NV;", "- VPCP: BTCN, các PCN,",
             "Trợ lý PCT;", "các Vụ: CN, KTTH;", "- Lưu: VT, TH (2)", "",
             "KT. BỘ TRƯỞNG,", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "Lê Quang Huy"]
    meta = split_document(lines).metadata
    assert meta.recipients == ("Các Bộ: TC, NV", "VPCP: BTCN, các PCN, Trợ lý PCT; các Vụ: CN, KTTH",
                               "Lưu: VT, TH (2)")
    assert meta.signers == (Signer("KT. BỘ TRƯỞNG, CHỦ NHIỆM / PHÓ CHỦ NHIỆM", "Lê Quang Huy"),)
    assert (meta.doc_type, meta.title, meta.number, meta.date) == (
        "THÔNG BÁO", "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG", None, None)


def test_an_article_has_only_its_headline():
    lines = ["Nâng cao hiệu quả kiểm tra, góp phần xây dựng chính quyền trong sạch, vững mạnh",
             "Công tác kiểm tra nội bộ là nhiệm vụ thường xuyên.",
             "Trong quá trình triển khai đã đạt được những kết quả quan trọng."]
    layout = split_document(lines)
    meta = layout.metadata
    assert meta.title == lines[0]
    assert (meta.doc_type, meta.number, meta.place, meta.date) == (None, None, None, None)
    assert meta.issuers == () and meta.signers == () and meta.recipients == ()
    assert (layout.body_start, layout.body_end) == (1, 3)


def test_a_pasted_paragraph_has_no_metadata():
    lines = ["Công tác kiểm tra nội bộ là nhiệm vụ thường xuyên, được quy định trong quy chế."]
    layout = split_document(lines)
    assert layout.metadata.title is None
    assert (layout.body_start, layout.body_end) == (0, 1)


def test_body_sentences_mentioning_numbers_and_dates_are_not_metadata():
    lines = ["Sau khi nghe báo cáo số 878/BC-UBND, Hà Nội, ngày 10 tháng 11 năm 2025 đã họp.",
             "Số 15 xã đạt chuẩn nông thôn mới."]
    meta = split_document(lines).metadata
    assert (meta.number, meta.date, meta.place) == (None, None, None)


def test_markdown_page_title_even_as_a_question():
    lines = ["# Đánh bài có vi phạm pháp luật không?", "", "Đánh bài là một trò chơi phổ biến."]
    layout = split_document(lines)
    assert layout.metadata.title == "Đánh bài có vi phạm pháp luật không?"
    assert layout.body_start == 1


def test_header_cells_wrapped_over_lines():
    lines = ["HỘI ĐỒNG NHÂN", "DÂN", "THÀNH PHỐ HUẾ", "-------", "CỘNG HÒA XÃ HỘI",
             "CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số:", "37/2025/NQ-HĐND",
             "Thành phố Huế,", "ngày 18 tháng 11 năm 2025", "", "NGHỊ QUYẾT", "",
             "VỀ CHÍNH SÁCH HỖ TRỢ GIẢM NGHÈO", "", "Căn cứ Luật Tổ chức chính quyền địa phương;"]
    layout = split_document(lines)
    meta = layout.metadata
    assert meta.issuers == ("HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HUẾ",)
    assert (meta.number, meta.place, meta.date, meta.doc_type, meta.title) == (
        "37/2025/NQ-HĐND", "Thành phố Huế", "2025-11-18", "NGHỊ QUYẾT",
        "VỀ CHÍNH SÁCH HỖ TRỢ GIẢM NGHÈO")
    assert lines[layout.body_start:] == ["", "Căn cứ Luật Tổ chức chính quyền địa phương;"]


UNDATED_HEADERS = {
    "ubnd-tinh": ("UBND TỈNH LONG AN\n\nSố: 12/BC-UBND\n\nBÁO CÁO\n\nTình hình cải cách hành "
                  "chính\n\nNăm 2020, tỉnh đã hoàn thành kế hoạch cải cách hành chính.",
                  "Long An", "Tây Ninh"),
    "wrapped-uy-ban": ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\n\nSố: 08/BC-UBND\n\nBÁO CÁO\n\n"
                       "Tình hình tiếp công dân\n\nThành phố đã tiếp 120 lượt công dân.",
                       "Cần Thơ", "Cần Thơ"),
    "district-only": ("UBND HUYỆN CHÂU THÀNH\n\nSố: 08/BC-UBND\n\nBÁO CÁO\n\nTình hình tiếp "
                      "công dân\n\nHuyện đã tiếp 120 lượt công dân.", None, None),
}


@pytest.mark.parametrize("text, place, province", UNDATED_HEADERS.values(),
                         ids=list(UNDATED_HEADERS))
def test_place_from_the_issuing_body_when_no_dated_place_line(text, place, province):
    meta = split_document(text.split("\n")).metadata
    assert meta.date is None
    assert (meta.place, meta.province) == (place, province)


def test_a_dated_place_line_wins_over_the_issuing_body():
    text = ("UBND TỈNH LONG AN\n\nSố: 12/BC-UBND\n\nTân An, ngày 3 tháng 4 năm 2020\n\nBÁO CÁO"
            "\n\nTình hình\n\nNăm 2020, tỉnh đã hoàn thành kế hoạch.")
    meta = split_document(text.split("\n")).metadata
    assert (meta.place, meta.date) == ("Tân An", "2020-04-03")


DECISION_WITH_ANNEXES = """ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU

Số: 12/2025/QĐ-UBND

Lai Châu, ngày 19 tháng 11 năm 2025

QUYẾT ĐỊNH

BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH

Điều 1. Ban hành kèm theo Quyết định này Quy định về quản lý chợ trên địa bàn tỉnh.

Điều 2. Quyết định này có hiệu lực từ ngày 01 tháng 12 năm 2025./.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An

QUY ĐỊNH

VỀ QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH

(Ban hành kèm theo Quyết định số 12/2025/QĐ-UBND ngày 19 tháng 11
năm 2025 của Ủy ban nhân dân tỉnh)

Điều 1. Phạm vi điều chỉnh

Quy định này quy định việc quản lý, khai thác chợ trên địa bàn tỉnh.

Điều 2. Trách nhiệm của Ban quản lý chợ

Ban quản lý chợ bố trí người trực và thu gom rác thải hằng ngày.

PHỤ LỤC

DANH MỤC CHỢ HẠNG MỘT

(Kèm theo Quy định về quản lý chợ)

Chợ trung tâm thành phố có ba trăm điểm kinh doanh cố định.
"""


def test_annexes_after_the_footer_are_read_as_body():
    lines = DECISION_WITH_ANNEXES.split("\n")
    layout = split_document(lines)
    assert [annex.title for annex in layout.annexes] == [
        "QUY ĐỊNH VỀ QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH", "PHỤ LỤC DANH MỤC CHỢ HẠNG MỘT"]
    first, second = ("\n".join(lines[annex.start:annex.end]) for annex in layout.annexes)
    assert "Ban quản lý chợ bố trí người trực" in first and "PHỤ LỤC" not in first
    assert "Kèm theo" not in first and "Chợ trung tâm" in second
    # the decision's own body stops at its end mark; signer and recipients are read as before
    assert "Nơi nhận" not in "\n".join(lines[layout.body_start:layout.body_end])
    assert [signer.name for signer in layout.metadata.signers] == ["Nguyễn Văn An"]
    assert layout.metadata.recipients == ("Như Điều 2", "Lưu: VT")


def test_a_decision_without_annex_has_none():
    assert split_document(HEADER_TABLE.split("\n")).annexes == ()


def test_ban_hanh_kem_theo_inside_the_body_is_no_annex():
    text = ("QUYẾT ĐỊNH\n\nĐiều 1.\nBan hành kèm theo Quyết định này Quy chế làm việc.\n\n"
            "Điều 2. Quyết định có hiệu lực từ ngày ký.\n")
    assert split_document(text.split("\n")).annexes == ()
