"""The trained classifier: labels of clear sentences, probabilities, reports, explanations."""

from __future__ import annotations

import unicodedata

import pytest

import nlp
from nlp.classifier.explain import explain_items


@pytest.fixture(scope="module")
def classifier(tmp_path_factory):
    """The default model, trained once per session into a shared temporary model directory."""
    patch = pytest.MonkeyPatch()
    patch.setenv("BAOCAO_MODEL_DIR", str(tmp_path_factory.getbasetemp() / "baocao-model"))
    yield nlp.load_classifier()
    patch.undo()


# Hand-written for these tests; none of them is in corpus/.
CLEAR = (
    ("achievement", "Năm 2023, huyện đã hoàn thành vượt 15% kế hoạch trồng rừng, tăng 8% so với cùng kỳ."),
    ("achievement", "Đến nay, 100% trường học trên địa bàn đã được kết nối internet tốc độ cao."),
    ("limitation", "Tuy nhiên, tiến độ xây dựng khu tái định cư còn chậm, nhiều hộ dân chưa được bố trí đất ở."),
    ("limitation", "Tỷ lệ thu gom rác thải ở nông thôn còn thấp, chưa đạt chỉ tiêu đề ra."),
    ("cause", "Nguyên nhân chủ yếu là do nguồn vốn bố trí không kịp thời và năng lực nhà thầu hạn chế."),
    ("cause", "Do ảnh hưởng của mưa lũ kéo dài, nhiều công trình phải tạm dừng thi công."),
    ("other", "Các sở, ngành cần khẩn trương rà soát, báo cáo Ủy ban nhân dân tỉnh trước ngày 30/6."),
    ("other", "Trên đây là báo cáo kết quả thực hiện công tác dân vận năm 2023 của Ủy ban nhân dân huyện."),
)


@pytest.mark.parametrize("label,text", CLEAR, ids=[f"{l}-{i}" for i, (l, _) in enumerate(CLEAR)])
def test_clear_sentences_get_their_label(classifier, label, text):
    assert classifier.predict_texts([text], document=False)[0].label == label


def test_scores_are_probabilities_that_sum_to_one(classifier):
    for prediction in classifier.predict_texts([text for _, text in CLEAR]):
        assert set(prediction.scores) == set(nlp.LABELS)
        assert sum(prediction.scores.values()) == pytest.approx(1.0)
        assert all(0.0 <= p <= 1.0 for p in prediction.scores.values())
        assert prediction.score == max(prediction.scores.values())
        assert prediction.scores[prediction.label] == prediction.score


def test_decomposed_text_gets_the_same_prediction(classifier):
    text = CLEAR[2][1]
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    [a], [b] = classifier.predict_texts([text]), classifier.predict_texts([nfd])
    assert a.label == b.label and a.score == pytest.approx(b.score)


def test_sections_and_document_type_are_used_when_given(classifier):
    text = "Tăng cường kiểm tra, giám sát việc thực hiện quy chế dân chủ ở cơ sở."
    plain = classifier.predict_texts([text], document=False)[0]
    task = classifier.predict_texts([text], sections=["III. NHIỆM VỤ, GIẢI PHÁP"],
                                    doc_type="KẾ HOẠCH", document=False)[0]
    assert task.label == "other"
    assert task.scores["other"] > plain.scores["other"] - 1e-9


def test_a_directive_is_not_read_as_a_list_of_achievements(classifier):
    tasks = ["Tăng cường công tác tuyên truyền về an toàn giao thông cho học sinh.",
             "Chủ động bố trí lực lượng ứng trực tại các điểm thường xảy ra ùn tắc.",
             "Giao Công an tỉnh chủ trì, phối hợp với các địa phương xử lý nghiêm vi phạm.",
             "Tổ chức kiểm tra định kỳ các phương tiện vận tải hành khách.",
             "Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện Chỉ thị này."]
    labels = [p.label for p in classifier.predict_texts(tasks)]
    assert labels.count("other") >= 4


def test_predict_report_gives_one_prediction_per_sentence_without_resegmenting(
        classifier, bundled_report, monkeypatch):
    import underthesea

    def refuse(*args, **kwargs):
        raise AssertionError("predict_report must reuse the reader's words")

    monkeypatch.setattr(underthesea, "word_tokenize", refuse)
    predictions = classifier.predict_report(bundled_report)
    assert len(predictions) == len(bundled_report.sentences)
    labels = [p.label for p in predictions]
    assert {"achievement", "limitation", "cause"} <= set(labels)


def test_cause_section_of_the_bundled_report_is_found(classifier, bundled_report):
    predictions = classifier.predict_report(bundled_report)
    causes = [s for s, p in zip(bundled_report.sentences, predictions) if p.label == "cause"]
    assert causes and all(any("Nguyên nhân" in h for h in s.section) for s in causes)


def test_the_opening_announcement_of_a_results_report_stays_other(classifier, bundled_report):
    # The report is mostly achievements; its document prior must not outvote the framing line.
    opening = bundled_report.sentences[0]
    assert opening.text.startswith("Thực hiện Kế hoạch số") and opening.text.endswith("như sau:")
    assert classifier.predict_report(bundled_report)[0].label == "other"


def test_explanation_names_the_cues_behind_a_label(classifier):
    items = classifier.text_items([CLEAR[3][1], CLEAR[4][1]])
    reasons = explain_items(classifier, items, ["limitation", "cause"])
    assert any("còn" in r.feature or "chưa" in r.feature for r in reasons[0])
    assert any("nguyên nhân" in r.feature or "do" in r.feature for r in reasons[1])
    assert all(r.weight > 0 for rs in reasons for r in rs)


def test_empty_input_and_bad_arguments(classifier):
    assert classifier.predict_texts([]) == []
    with pytest.raises(ValueError, match="sequence of sentences"):
        classifier.predict_texts("một câu")
    with pytest.raises(ValueError, match="sections"):
        classifier.predict_texts(["a", "b"], sections=[()])


def test_explanation_says_when_the_document_decided(classifier):
    from nlp.classifier.apply import classify_report

    report = nlp.read_text("\n".join([
        "Tăng cường công tác tuyên truyền pháp luật cho người dân.",
        "Giao Sở Tư pháp chủ trì, phối hợp với các huyện tổ chức thực hiện.",
        "Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện.",
        "Khẩn trương rà soát, báo cáo kết quả trước ngày 15/12."]), source="tasks")
    rows = classify_report(classifier, report, explain=True)
    assert [r.index for r in rows] == list(range(len(report.sentences)))
    for row in rows:
        alone = classifier.predict_texts([row.text], document=False)[0]
        context = [r for r in row.reasons if r.feature.startswith("document context")]
        assert bool(context) == (alone.label != row.label)


def test_verb_first_sentences_of_a_results_paragraph_are_reported_actions(classifier):
    results = ["Năm qua, toàn ngành đã hoàn thành 98% kế hoạch thu phí bảo trì đường bộ.",
               "Số vụ tai nạn giao thông giảm 12% so với năm trước.",
               "Các tuyến quốc lộ được duy tu, sửa chữa kịp thời, bảo đảm thông suốt.",
               "Tổ chức kiểm tra định kỳ các phương tiện vận tải hành khách.",
               "Đã lắp đặt thêm 40 camera giám sát tại các nút giao trọng điểm.",
               "Trong năm, 35 bến xe khách được nâng cấp, đạt chuẩn loại 3."]
    in_results = classifier.predict_texts(results)[3]
    alone = classifier.predict_texts([results[3]], document=False)[0]
    assert in_results.scores["achievement"] > alone.scores["achievement"]
    assert in_results.label == "achievement"
    # The same sentence with a to-do mark stays a task among results.
    todo = results[:3] + ["Cần tổ chức kiểm tra định kỳ các phương tiện vận tải hành khách."]
    assert classifier.predict_texts(todo)[3].label == "other"


def test_a_section_string_is_read_as_its_heading_path(classifier):
    texts = ["Giá vật tư nông nghiệp tăng cao."]
    joined = classifier.text_items(texts, sections=["II. Hạn chế > 2. Nguyên nhân"])
    path = classifier.text_items(texts, sections=[("II. Hạn chế", "2. Nguyên nhân")])
    assert joined == path and joined[0].section_label == "cause"
