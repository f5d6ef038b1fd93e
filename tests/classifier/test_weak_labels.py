"""Weak labels from headings (corpus/headings.tsv), corrected by cue rules."""

from __future__ import annotations

import pytest

import nlp
from nlp.classifier.lexicon import load_heading_rules, parse_heading_rules
from nlp.classifier.weak_labels import weak_label, weak_labels

HEADINGS = (
    ("1. Kết quả đạt được", "achievement"),
    ("II- KẾT QUẢ THỰC HIỆN", "achievement"),
    ("a) Ưu điểm", "achievement"),
    ("2.1. Hạn chế", "limitation"),
    ("III. NHỮNG TỒN TẠI, YẾU KÉM", "limitation"),
    # Difficulties are causes (nlp/classifier/labels.py), as the annotators label them.
    ("Khó khăn, vướng mắc", "cause"),
    ("3. Những khó khăn, thách thức", "cause"),
    ("2. Hạn chế, khó khăn", "limitation"),
    ("2.2. Nguyên nhân", "cause"),
    ("2. Hạn chế, nguyên nhân", "limitation"),
    ("I. MỤC ĐÍCH, YÊU CẦU", "other"),
    ("II. NHIỆM VỤ, GIẢI PHÁP", "other"),
    ("IV. Kiến nghị, đề xuất", "other"),
    ("V. TỔ CHỨC THỰC HIỆN", "other"),
    ("3. Phương hướng nhiệm vụ năm 2020", "other"),
    ("II. KẾT QUẢ CẦN ĐẠT", "other"),
    ("2. Thực hiện các mục tiêu phát triển kinh tế - xã hội", None),
    ("I- CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", None),
)


@pytest.mark.parametrize("heading,label", HEADINGS, ids=[h for h, _ in HEADINGS])
def test_heading_label(heading, label):
    assert load_heading_rules().heading_label(heading) == label


def test_heading_label_ignores_case_and_tone_mark_placement():
    rules = load_heading_rules()
    assert rules.heading_label("KẾT QUẢ ĐẠT ĐƯỢC") == rules.heading_label("kết quả đạt được")
    assert rules.heading_label("Hạn chế") == rules.heading_label("Ha\u0323n che\u0302\u0301")


def test_deepest_labelled_heading_decides():
    rules = load_heading_rules()
    assert rules.section_label(("III. ĐÁNH GIÁ", "2. Hạn chế, nguyên nhân",
                                "2.2. Nguyên nhân")) == "cause"
    assert rules.section_label(("II. KẾT QUẢ", "1. Về giáo dục")) == "achievement"
    assert rules.section_label(()) is None


def test_bad_heading_rule_is_rejected():
    with pytest.raises(ValueError, match="headings.tsv:1"):
        parse_heading_rules(["praise\tưu điểm"])


def syl(text):
    return tuple(text.lower().split())


CORRECTIONS = (
    ("achievement", "tuy nhiên việc giải ngân vốn còn chậm so với kế hoạch", "limitation"),
    ("achievement", "trong năm toàn tỉnh đã hoàn thành kế hoạch giải ngân", "achievement"),
    ("limitation", "nguyên nhân là do thiếu vốn đối ứng của địa phương", "cause"),
    ("limitation", "do thời tiết bất lợi nên năng suất lúa giảm mạnh", "cause"),
    ("limitation", "tiến độ các dự án trọng điểm còn chậm so với yêu cầu", "limitation"),
    ("achievement", "cần tiếp tục đẩy mạnh cải cách thủ tục hành chính", "other"),
    (None, "căn cứ luật tổ chức chính quyền địa phương năm 2015", "other"),
    (None, "ủy ban nhân dân huyện báo cáo kết quả như sau", "other"),
    (None, "toàn tỉnh đã hoàn thành kế hoạch giải ngân năm", None),
    ("cause", "thiếu vốn", None),
)


@pytest.mark.parametrize("section,text,label", CORRECTIONS, ids=[c[1][:30] for c in CORRECTIONS])
def test_cue_rules_correct_misleading_headings(section, text, label):
    assert weak_label(section, syl(text)) == label


def test_bundled_report_gives_every_assessment_label(bundled_report):
    labelled = weak_labels(bundled_report)
    labels = [label for _, label in labelled]
    assert labels.count("achievement") > 30
    assert labels.count("limitation") >= 10
    assert labels.count("cause") >= 3
    causes = [s for s, label in labelled if label == "cause"]
    assert all(any("Nguyên nhân" in h for h in s.section) for s in causes)
    assert not any("Nơi nhận" in s.text or s.text.startswith("- Lưu") for s, _ in labelled)


def test_a_cause_lead_inside_a_limitation_section_gives_causes():
    report = nlp.read_text("\n".join([
        "BÁO CÁO",
        "Kết quả thu hút đầu tư năm 2024",
        "II. HẠN CHẾ",
        "Tiến độ giải phóng mặt bằng các khu công nghiệp còn chậm so với kế hoạch.",
        "Những hạn chế trên xuất phát từ các nguyên nhân sau:",
        "Quỹ đất sạch sẵn sàng giao cho nhà đầu tư còn rất ít.",
        "Đơn giá bồi thường thấp hơn giá thị trường nên nhiều hộ dân chưa đồng thuận.",
    ]), source="leads")
    labels = {sentence.text[:12]: label for sentence, label in weak_labels(report)}
    assert labels["Tiến độ giải"] == "limitation"
    assert labels["Quỹ đất sạch"] == "cause" and labels["Đơn giá bồi "] == "cause"


def test_precomputed_contexts_give_the_same_weak_labels(bundled_report):
    from nlp.classifier.context import report_context_labels

    contexts = report_context_labels(bundled_report)
    assert weak_labels(bundled_report, contexts=contexts) == weak_labels(bundled_report)
    with pytest.raises(ValueError, match="contexts for"):
        weak_labels(bundled_report, contexts=contexts[:-1])
