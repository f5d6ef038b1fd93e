"""Headings at every level are recognised, never become sentences, and give top-down paths."""

from __future__ import annotations

import pytest

from nlp.reader.structure import outline, parse_heading


@pytest.mark.parametrize("paragraph, number, rest", [
    ("I- CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO TRIỂN KHAI", "I-", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO TRIỂN KHAI"),
    ("II. KẾT QUẢ THỰC HIỆN", "II.", "KẾT QUẢ THỰC HIỆN"),
    ("Ii. một số công tác trọng tâm", "Ii.", "một số công tác trọng tâm"),
    ("PHẦN I", "PHẦN I", ""),
    ("Phần II: Phương hướng nhiệm vụ", "Phần II:", "Phương hướng nhiệm vụ"),
    ("1. Kết quả đạt được", "1.", "Kết quả đạt được"),
    ("2.1. Hạn chế", "2.1.", "Hạn chế"),
    ("2.2.", "2.2.", ""),
    ("a) Tăng cường công tác tuyên truyền", "a)", "Tăng cường công tác tuyên truyền"),
    ("b. Nguyên nhân", "b.", "Nguyên nhân"),
    ("## Nội dung chính", None, "Nội dung chính"),
], ids=lambda value: str(value)[:18])
def test_heading_numbers(paragraph, number, rest):
    heading = parse_heading(paragraph)
    assert heading is not None
    assert (heading.number, heading.rest) == (number, rest)


@pytest.mark.parametrize("paragraph", [
    "1.680/7.108 mô hình, điển hình toàn tỉnh.",
    "2018 - “Năm dân vận chính quyền”.",
    "15 huyện, thị, thành phố sơ kết 1 năm.",
    "1.5 triệu người được hỗ trợ.",
    "Việc thực hiện quy chế dân chủ ở cơ sở.",
    "v.v... các nội dung khác.",
    "- Tiếp tục đẩy mạnh cải cách hành chính.",
], ids=lambda value: value[:12])
def test_not_headings(paragraph):
    assert parse_heading(paragraph) is None


REPORT = [
    "Thực hiện Kế hoạch số 79-KH/BDV-BCSDUBND, Ban Dân vận báo cáo như sau:",
    "III- ĐÁNH GIÁ CHUNG",
    "1. Kết quả đạt được",
    "Công tác chỉ đạo của chính quyền được đổi mới.",
    "2. Hạn chế, nguyên nhân",
    "2.1. Hạn chế",
    "Công tác phối hợp còn chậm.",
    "2.2.",
    "Nguyên nhân",
    "Sự lãnh đạo chưa thường xuyên.",
    "IV- PHƯƠNG HƯỚNG",
    "Tiếp tục đổi mới.",
]


def test_paths_read_top_down():
    sections, body = outline(REPORT)
    assert [(s.heading, s.level) for s in sections] == [
        ("III- ĐÁNH GIÁ CHUNG", 1), ("1. Kết quả đạt được", 2), ("2. Hạn chế, nguyên nhân", 2),
        ("2.1. Hạn chế", 3), ("2.2. Nguyên nhân", 3), ("IV- PHƯƠNG HƯỚNG", 1)]
    assert body == [
        ((), REPORT[0]),
        (("III- ĐÁNH GIÁ CHUNG", "1. Kết quả đạt được"), REPORT[3]),
        (("III- ĐÁNH GIÁ CHUNG", "2. Hạn chế, nguyên nhân", "2.1. Hạn chế"), REPORT[6]),
        (("III- ĐÁNH GIÁ CHUNG", "2. Hạn chế, nguyên nhân", "2.2. Nguyên nhân"), REPORT[9]),
        (("IV- PHƯƠNG HƯỚNG",), REPORT[11])]


def test_heading_does_not_swallow_the_sentence_after_it():
    sections, body = outline(["2.2. Nguyên nhân: Sự lãnh đạo, chỉ đạo của hai bên phối hợp chưa "
                              "thường xuyên, thiếu tính quyết liệt.", "Kết thúc."])
    assert [s.heading for s in sections] == ["2.2. Nguyên nhân"]
    assert body[0] == (("2.2. Nguyên nhân",), "Sự lãnh đạo, chỉ đạo của hai bên phối hợp chưa "
                                               "thường xuyên, thiếu tính quyết liệt.")


def test_unnumbered_headings_on_their_own_line():
    sections, body = outline(["2. Một số hạn chế, bất cập", "Còn nhiều hạn chế cần khắc phục.",
                              "Nguyên nhân của những hạn chế, bất cập",
                              "Nhận thức của một số cấp ủy chưa đầy đủ.",
                              "Hạn chế", "Kiểm tra còn ít.", "3. Giải pháp", "Tăng cường giám sát."])
    assert [s.heading for s in sections] == ["2. Một số hạn chế, bất cập",
                                             "Nguyên nhân của những hạn chế, bất cập", "Hạn chế",
                                             "3. Giải pháp"]
    assert body[1] == (("2. Một số hạn chế, bất cập", "Nguyên nhân của những hạn chế, bất cập"),
                       "Nhận thức của một số cấp ủy chưa đầy đủ.")
    assert body[2][0] == ("2. Một số hạn chế, bất cập", "Hạn chế")
    assert body[3] == (("3. Giải pháp",), "Tăng cường giám sát.")


def test_numbered_paragraphs_are_body():
    sections, body = outline([
        "II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP",
        "1. Về tăng trưởng kinh tế:",
        "Tỉnh cần tập trung lãnh đạo, chỉ đạo.",
        "2. Cần rà soát kỹ quỹ đất, lợi thế phát triển của địa phương sau khi điều chỉnh quy hoạch.",
        "a) Tăng cường công tác tuyên truyền, hướng dẫn các quy định về phòng cháy, chữa cháy đến "
        "từng hộ gia đình, cơ sở kinh doanh trên địa bàn.",
    ])
    assert [s.heading for s in sections] == ["II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP",
                                             "1. Về tăng trưởng kinh tế:"]
    assert body[1] == (("II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP",),
                       "Cần rà soát kỹ quỹ đất, lợi thế phát triển của địa phương sau khi điều "
                       "chỉnh quy hoạch.")
    assert body[2][1].startswith("a) Tăng cường")


def test_bundled_report_headings(bundled_report):
    assert [(s.number, s.title, s.level) for s in bundled_report.sections] == [
        ("I-", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO TRIỂN KHAI", 1),
        ("II-", "KẾT QUẢ THỰC HIỆN", 1),
        ("1.", "Nâng cao hiệu lực, hiệu quả quản lý nhà nước, công tác dân vận của cơ quan hành "
               "chính nhà nước các cấp", 2),
        ("2.", "Thực hiện các mục tiêu phát triển kinh tế-xã hội, nâng cao đời sống vật chất và "
               "tinh thần cho các tầng lớp nhân dân", 2),
        ("3.", "Kết quả thực hiện cải cách hành chính", 2),
        ("4.", "Kết quả thực hiện tinh giản biên chế, kiện toàn tổ chức bộ máy và đội ngũ cán bộ", 2),
        ("5.", "Nâng cao đạo đức công vụ, tinh thần trách nhiệm, kỷ luật, kỷ cương, ý thức phục vụ "
               "nhân dân của đội ngũ cán bộ, công chức, viên chức", 2),
        ("6.", "Công tác tiếp công dân, đối thoại, giải quyết kiến nghị, đơn thư khiếu nại, tố cáo", 2),
        ("7.", "Công tác phối hợp, tạo điều kiện để MTTQ, các tổ chức chính trị - xã hội và nhân dân "
               "tham gia giám sát, phản biện xã hội, góp ý xây dựng chính quyền vững mạnh", 2),
        ("III-", "ĐÁNH GIÁ CHUNG", 1),
        ("1.", "Kết quả đạt được", 2),
        ("2.", "Hạn chế, nguyên nhân", 2),
        ("2.1.", "Hạn chế", 3),
        ("2.2.", "Nguyên nhân", 3),
    ]
    headings = {s.heading for s in bundled_report.sections}
    assert not headings & {s.text for s in bundled_report.sentences}
