"""Turns: a sentence turning from results to shortcomings labels the sentences after it."""

import pytest

from nlp.classifier.turns import SCOPE, turn_label, turn_labels

# Invented sentences, none taken from a gold document.
TURNS = (
    ("Bên cạnh những kết quả đạt được, công tác thu gom rác vẫn còn một số hạn chế.",
     "limitation"),
    ("Tuy nhiên, việc quản lý chợ tạm còn nhiều bất cập, yếu kém.", "limitation"),
    ("Tuy vậy, chương trình đã bộc lộ một số khuyết điểm trong khâu bình xét.", "limitation"),
    ("Song, quá trình thực hiện còn gặp không ít khó khăn do giá vật tư tăng.", "cause"),
    ("Mặc dù đạt kế hoạch, nhưng việc giải ngân vẫn còn tồn tại ở một số xã.", "limitation"),
    ("- Tuy nhiên, một số huyện còn hạn chế trong việc cấp sổ.", "limitation"),
    ("Nguyên nhân chủ yếu là do ý thức chấp hành của một bộ phận người dân chưa cao.", "cause"),
    ("NGUYÊN NHÂN của tình trạng trên là nguồn vốn bố trí chậm.", "cause"),
    # No shortcoming named: a concession followed by a result.
    ("Tuy nhiên, sản lượng cá nuôi vẫn tăng 7% so với cùng kỳ.", None),
    ("Bên cạnh đó, huyện đã tổ chức 12 lớp tập huấn cho nông dân.", None),
    # A to-do word before the shortcoming: a task, not a turn.
    ("Tuy nhiên, các xã cần khắc phục ngay những hạn chế trong quản lý đất đai.", None),
    ("Bên cạnh những kết quả đạt được, huyện sẽ tập trung khắc phục các tồn tại.", None),
    # "những" is not "nhưng", "dự" is not "dù", however they fold.
    ("Những hạn chế trong công tác cấp phép đã được khắc phục.", None),
    ("Dự án chậm tiến độ vì vướng mắc giải phóng mặt bằng.", None),
    # A limitation phrase inside a word (cán bộ is not cần): still a turn.
    ("Tuy nhiên, đội ngũ cán bộ cấp xã còn yếu kém về chuyên môn.", "limitation"),
    ("Thu ngân sách vượt dự toán 12%.", None),
)


@pytest.mark.parametrize("text, label", TURNS, ids=[f"turn-{i}" for i in range(len(TURNS))])
def test_turn_label(text, label):
    assert turn_label(text) == label


def test_nfd_text_reads_as_its_nfc_twin():
    import unicodedata

    from nlp.text import normalize_text

    text = "Tuy nhiên, việc quản lý chợ tạm còn nhiều bất cập."
    assert turn_label(normalize_text(unicodedata.normalize("NFD", text))) == "limitation"


def test_turn_is_in_its_own_scope_and_labels_what_follows_in_its_section():
    texts = (["Thu ngân sách vượt dự toán.",
              "Tuy nhiên, công tác giải ngân vẫn còn hạn chế."]
             + ["Nhiều dự án khởi công muộn."] * (SCOPE + 1))
    labels = turn_labels(texts)
    assert labels[0] is None
    assert labels[1:SCOPE + 2] == ["limitation"] * (SCOPE + 1)
    assert labels[-1] is None


def test_a_heading_or_a_lead_ends_a_turn():
    texts = ["Tuy nhiên, công tác giải ngân vẫn còn hạn chế.", "Nhiều dự án khởi công muộn.",
             "Trong thời gian tới, huyện tập trung các nhiệm vụ sau:", "Rà soát các dự án."]
    assert turn_labels(texts) == ["limitation", "limitation", None, None]
    sections = [("2. Kết quả",)] * 2 + [("3. Nhiệm vụ",)] * 2
    texts = texts[:2] + ["Rà soát các dự án.", "Đẩy nhanh giải ngân."]
    assert turn_labels(texts, sections) == ["limitation", "limitation", None, None]


def test_turns_reach_the_items_but_not_the_model_features():
    import nlp

    classifier = nlp.load_classifier()
    texts = ["Thu ngân sách vượt dự toán.", "Tuy nhiên, công tác giải ngân vẫn còn hạn chế.",
             "Nhiều dự án khởi công muộn."]
    items = classifier.text_items(texts)
    assert [i.turn for i in items] == [None, "limitation", "limitation"]
    assert [i.section_label for i in items] == [None, None, None]
    alone = classifier.text_items(texts, document=False)
    assert [i.turn for i in alone] == [None, None, None]
