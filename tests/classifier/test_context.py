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
)


@pytest.mark.parametrize("text, label", LEADS, ids=[f"lead-{i}" for i in range(len(LEADS))])
def test_lead_label(text, label):
    assert lead_label(text) == label


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
