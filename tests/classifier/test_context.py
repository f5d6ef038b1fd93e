"""Discourse leads: a sentence announcing causes, limitations or results labels what follows."""

import pytest

from nlp.classifier.context import SCOPE, lead_label, lead_labels

LEADS = (
    ("Nguyên nhân của những tồn tại nêu trên chủ yếu là:", "cause"),
    ("Tình trạng này xảy ra do các nguyên nhân sau:", "cause"),
    ("Những tồn tại trên xuất phát từ các nguyên nhân chủ yếu sau đây:", "cause"),
    ("Bên cạnh kết quả đạt được, công tác thu phí vẫn còn một số hạn chế sau:", "limitation"),
    ("Kết quả cụ thể như sau:", "achievement"),
    ("Nguyên nhân chính là: nguồn vốn bố trí cho dự án chậm.", "cause"),
    ("Các nhiệm vụ trọng tâm trong thời gian tới như sau:", "other"),
    ("Các khó khăn trong sản xuất từng bước được tháo gỡ, nhiều chỉ tiêu đạt: thu ngân sách tăng.",
     None),
    ("Nhiều hộ nghèo còn thiếu vốn sản xuất.", None),
    ("Thực hiện Công văn số 12/UBND, Sở Tài chính báo cáo như sau:", None),
    # The noun "như sau" introduces heads the lead, not the first label word: "tồn tại trên"
    # points back to what was said before.
    ("Những tồn tại trên có nhiều nguyên nhân, cụ thể như sau: Thứ nhất, vốn cấp chậm.",
     "cause"),
    ("Các hạn chế nêu trên có nhiều nguyên nhân, cụ thể như sau:", "cause"),
    ("Nguyên nhân của những hạn chế, yếu kém nêu trên là:", "cause"),
    ("Để khắc phục những hạn chế trên, huyện đề ra các giải pháp sau:", "other"),
    ("Những khó khăn này cho thấy còn một số hạn chế, cụ thể như sau: nhiều xã chậm.",
     "limitation"),
    # An assessment and tasks in one lead, none of them picked by "sau": a mix, no label.
    ("Hội đồng nhân dân huyện tán thành đánh giá kết quả thực hiện năm 2020 và phương hướng, "
     "nhiệm vụ năm 2021, với các nội dung chính sau:", None),
    ("Ủy ban thống nhất kết quả đạt được năm 2020, nhiệm vụ trọng tâm năm 2021 của toàn ngành, "
     "cụ thể như sau:", None),
    # ... but a lead whose "sau" picks one kind keeps it.
    ("Bên cạnh kết quả, nhiệm vụ đã giao, vẫn còn một số hạn chế sau:", "limitation"),
)


@pytest.mark.parametrize("text, label", LEADS, ids=[f"lead-{i}" for i in range(len(LEADS))])
def test_lead_label(text, label):
    assert lead_label(text) == label


def test_inline_lead_labels_itself_and_what_follows_by_its_announced_noun():
    texts = ["Những yếu kém trên có nhiều nguyên nhân, cụ thể như sau: Một là, vốn cấp chậm.",
             "Hai là, giá vật tư biến động mạnh."]
    assert lead_labels(texts) == ["cause", "cause"]


def test_lead_scope_ends_at_next_heading_and_after_scope():
    texts = ["Do các nguyên nhân sau:"] + ["Giá vật tư tăng cao."] * (SCOPE + 1) + ["Thiếu vốn."]
    sections = [("II. Hạn chế",)] * (SCOPE + 2) + [("III. Nhiệm vụ",)]
    labels = lead_labels(texts, sections)
    assert labels[0] is None
    assert labels[1:SCOPE + 1] == ["cause"] * SCOPE
    assert labels[SCOPE + 1] is None and labels[-1] is None


def test_lead_is_used_by_the_classifier_as_a_section():
    import nlp

    classifier = nlp.load_classifier()
    items = classifier.text_items(["Nguyên nhân của những hạn chế trên là:", "Giá phân bón tăng."])
    assert [i.section_label for i in items] == [None, "cause"]
    alone = classifier.text_items(["Nguyên nhân của những hạn chế trên là:", "Giá phân bón tăng."],
                                  document=False)
    assert [i.section_label for i in alone] == [None, None]


def test_an_inline_lead_is_in_its_own_scope():
    texts = ["Nguyên nhân chính là: nguồn vốn bố trí cho dự án chậm.", "Giá vật tư tăng cao.",
             "Kết quả cụ thể như sau:", "Thu ngân sách vượt dự toán."]
    assert lead_labels(texts) == ["cause", "cause", None, "achievement"]
