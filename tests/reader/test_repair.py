"""Lines broken by page breaks, blank lines and hard wrapping are joined back into paragraphs."""

from __future__ import annotations

import pytest

from nlp.reader.repair import PAGE_BREAK, drop_page_furniture, is_wrapped, join_lines, strip_end_mark

# The five breaks of the bundled report, as they stand in the file: line, blank line, line.
BROKEN = (
    ("ban hành các văn bản chỉ đạo nhằm tăng cường kỷ luật, kỷ", "cương, nâng lên tinh thần."),
    ("Quy chế công tác dân vận của hệ thống chính trị", "tỉnh Kiên Giang, chính quyền các cấp."),
    ("“Năm dân vận chính quyền” 2018 cụ thể, sâu sát, phù hợp", "với tình hình của tỉnh."),
    ("cán bộ tham mưu còn yếu, chưa chịu", "khó nghiên cứu, cập nhật thông tin."),
    ("còn có biểu hiện quan liêu, vi phạm", "pháp luật làm giảm lòng tin với nhân dân."),
)


@pytest.mark.parametrize("head, tail", BROKEN, ids=["kỷ cương", "chính trị tỉnh", "phù hợp với",
                                                    "chịu khó", "vi phạm pháp luật"])
def test_sentence_broken_by_blank_lines_is_joined(head, tail):
    assert join_lines([head, "", "", tail]) == [f"{head} {tail}"]


def test_paragraphs_and_headings_stay_apart():
    lines = ["2. Hạn chế, nguyên nhân", "", "2.1. Hạn chế", "",
             "Công tác phối hợp còn chậm.", "", "Sự phối hợp chưa nhịp nhàng."]
    assert join_lines(lines) == [line for line in lines if line]


def test_page_break_page_number_and_running_header():
    lines = ["BÁO CÁO KẾT QUẢ NĂM 2019", "Công tác cải cách hành chính được quan tâm, tăng cường kỷ",
             "- 1 -", PAGE_BREAK, "BÁO CÁO KẾT QUẢ NĂM 2019", "luật, kỷ cương hành chính.", "Trang 2",
             PAGE_BREAK, "BÁO CÁO KẾT QUẢ NĂM 2019", "Kết quả đạt được nhiều mặt.", "3"]
    cleaned = drop_page_furniture(lines)
    assert "- 1 -" not in cleaned and "Trang 2" not in cleaned and "3" not in cleaned
    assert "BÁO CÁO KẾT QUẢ NĂM 2019" not in cleaned
    assert join_lines(cleaned) == [
        "Công tác cải cách hành chính được quan tâm, tăng cường kỷ luật, kỷ cương hành chính.",
        "Kết quả đạt được nhiều mặt."]


def test_numbers_are_kept_without_page_breaks():
    assert drop_page_furniture(["Số liệu:", "12", "Tổng cộng"]) == ["Số liệu:", "12", "Tổng cộng"]


def test_hyphenated_line_ends():
    assert join_lines(["phát triển kinh tế-", "xã hội bền vững."]) == [
        "phát triển kinh tế-xã hội bền vững."]
    assert join_lines(["ứng dụng tele-", "communication trong quản lý."]) == [
        "ứng dụng telecommunication trong quản lý."]


WRAPPED = """Ngày 12 tháng 10 năm 2024, Phó Chủ tịch UBND tỉnh
Lê Minh Tuấn đã chủ trì buổi làm việc với lãnh đạo huyện Vĩnh An về tình hình thu
ngân sách, đầu tư công. Cùng dự buổi làm việc có lãnh đạo các sở, ngành liên quan:
Tài chính, Xây dựng, Nội vụ.

II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP
TRONG THỜI GIAN TỚI

- Khẩn trương kiện toàn tổ chức bộ máy, bám sát các
hướng dẫn của tỉnh để triển khai kịp thời.
- Tiếp tục ưu tiên bố trí nguồn lực đầu tư cho
các xã vùng sâu tại Kỳ họp thứ 8, Hội đồng nhân dân khóa
X."""


def test_hard_wrapped_web_page():
    lines = WRAPPED.split("\n")
    assert is_wrapped(lines)
    assert join_lines(lines) == [
        "Ngày 12 tháng 10 năm 2024, Phó Chủ tịch UBND tỉnh Lê Minh Tuấn đã chủ trì buổi làm "
        "việc với lãnh đạo huyện Vĩnh An về tình hình thu ngân sách, đầu tư công. Cùng dự "
        "buổi làm việc có lãnh đạo các sở, ngành liên quan: Tài chính, Xây dựng, Nội vụ.",
        "II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI",
        "- Khẩn trương kiện toàn tổ chức bộ máy, bám sát các hướng dẫn của tỉnh để triển khai "
        "kịp thời.",
        "- Tiếp tục ưu tiên bố trí nguồn lực đầu tư cho các xã vùng sâu tại Kỳ họp thứ 8, Hội "
        "đồng nhân dân khóa X."]


def test_one_sentence_per_line_is_not_wrapped():
    lines = ["1.", "Văn bản trình Ủy ban nhân dân tỉnh",
             "Trong quý, Sở đã trình Ủy ban nhân dân tỉnh dự thảo Quyết định về bảng giá đất.",
             "Hết tháng 3, Giám đốc Sở ban hành 04 văn bản hướng dẫn.",
             "Các vướng mắc về mặt bằng cơ bản đã được giải quyết trước quý II."]
    assert not is_wrapped(lines)
    assert join_lines(lines) == lines


def test_pdf_paragraphs_without_blank_lines():
    lines = ["I. KẾT QUẢ ĐẠT ĐƯỢC",
             "Công tác cải cách hành chính được quan tâm chỉ đạo sát sao, các cơ quan đã ban",
             "hành nhiều văn bản chỉ đạo, hướng dẫn thực hiện đúng quy định của pháp luật.",
             "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,57%, tăng so với cùng kỳ năm trước.",
             "Hạn chế",
             "Một số thủ tục còn rườm rà, người dân còn phải đi lại nhiều lần để hoàn thiện."]
    assert join_lines(lines, wrapped=True) == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        " ".join(lines[1:4]),
        "Hạn chế",
        lines[5]]


@pytest.mark.parametrize("text, expected", [
    ("… giữa Ban cán sự đảng UBND tỉnh và Ban Dân vận Tỉnh ủy./.",
     "… giữa Ban cán sự đảng UBND tỉnh và Ban Dân vận Tỉnh ủy."),
    ("biết, thực hiện /.", "biết, thực hiện."),
    ("Tỷ lệ đạt 14/14.", "Tỷ lệ đạt 14/14."),
], ids=["./.", "/.", "fraction"])
def test_end_mark(text, expected):
    assert strip_end_mark(text) == expected


def test_line_ending_in_a_function_word_goes_on_but_headings_stay():
    assert join_lines(["Căn cứ Luật Đầu tư công số", "58/2024/QH15;"]) == [
        "Căn cứ Luật Đầu tư công số 58/2024/QH15;"]
    assert join_lines(["1. Kết quả đạt được", "", "Ban cán sự đảng phối hợp chỉ đạo."]) == [
        "1. Kết quả đạt được", "Ban cán sự đảng phối hợp chỉ đạo."]


def test_running_header_of_a_two_page_document():
    lines = ["UBND TỈNH KIÊN GIANG", "Công tác tiếp dân được quan tâm, tăng cường", PAGE_BREAK,
             "UBND TỈNH KIÊN GIANG", "đối thoại với nhân dân."]
    assert join_lines(drop_page_furniture(lines)) == [
        "Công tác tiếp dân được quan tâm, tăng cường đối thoại với nhân dân."]


@pytest.mark.parametrize("lines, expected", [
    (["**Điều", "2. Những nguyên tắc chung**", "", "Nội dung của điều."],
     ["**Điều 2. Những nguyên tắc chung**", "Nội dung của điều."]),
    (["Chương", "II", "", "QUY ĐỊNH CỤ THỂ"], ["Chương II", "QUY ĐỊNH CỤ THỂ"]),
], ids=["article", "chapter"])
def test_a_heading_word_wrapped_from_its_number_is_joined(lines, expected):
    assert join_lines(lines) == expected
