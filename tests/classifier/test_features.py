"""Features of the classifier: n-grams, cue columns, context that is absent without headings."""

from __future__ import annotations

import io
import pickle

import joblib
import pytest

from nlp.classifier.features import CueFeatures, Item, context_features, make_features, word_features

ITEMS = (
    Item(("Tiến độ", "giải ngân", "còn", "chậm", "."), "limitation", "BÁO CÁO"),
    Item(("a)", "Tăng cường", "kiểm tra", ",", "giám sát", "."), None, "CHỈ THỊ"),
    Item(("Nguyên nhân", "là", "do", "thiếu", "vốn", "."), "cause", None),
    Item(("Toàn", "tỉnh", "đã", "hoàn thành", "99,5", "%", "kế hoạch", "."), None, None),
)


def test_opening_skips_list_markers():
    features = word_features(ITEMS[1])
    assert "^tăng_cường" in features
    assert "^a)" not in features


def test_context_is_empty_for_text_without_headings_or_type():
    assert context_features([Item(("Tiến độ", "chậm"))]) == [{}]
    row = context_features([ITEMS[0]])[0]
    assert row["section=limitation"] == 1.0
    # the document type is a weaker signal than the section (#9)
    assert 0 < row["doc=bao cao"] < row["section=limitation"]


def test_cue_features_count_cues_and_marks():
    transformer = CueFeatures().fit(ITEMS)
    names = list(transformer.get_feature_names_out())
    matrix = transformer.transform(ITEMS).toarray()
    assert matrix[0, names.index("cue=any:còn chậm")] == 1.0
    assert matrix[1, names.index("mark:marker")] == 1.0
    assert matrix[3, names.index("mark:percent")] == 1.0
    assert matrix[3, names.index("mark:quantity")] == 1.0
    assert matrix[2, names.index("cue:cause:start")] > 0
    assert matrix[0, names.index("cue:cause:start")] == 0


def test_year_is_not_a_quantity():
    item = Item(("Năm", "2024", ",", "tỉnh", "ban hành", "kế hoạch", "."))
    transformer = CueFeatures().fit([item])
    names = list(transformer.get_feature_names_out())
    assert transformer.transform([item]).toarray()[0, names.index("mark:quantity")] == 0


def test_fitted_features_pickle_and_give_the_same_matrix():
    features = make_features().fit(list(ITEMS))
    buffer = io.BytesIO()
    joblib.dump(features, buffer)
    restored = joblib.load(io.BytesIO(buffer.getvalue()))
    assert (restored.transform(list(ITEMS)) != features.transform(list(ITEMS))).nnz == 0
    assert pickle.loads(pickle.dumps(ITEMS[0])) == ITEMS[0]


def test_feature_names_have_one_group_prefix_each():
    features = make_features().fit(list(ITEMS))
    groups = {name.split("__")[0] for name in features.get_feature_names_out()}
    assert groups == {"words", "syllables", "cues", "context"}


@pytest.mark.parametrize("doc_type,key", [("Kế hoạch", "doc=ke hoach"), ("CHỈ THỊ", "doc=chi thi")])
def test_document_type_key_is_folded(doc_type, key):
    assert list(context_features([Item((), None, doc_type)])[0]) == [key]


def test_unknown_count_scaling_is_refused():
    with pytest.raises(ValueError, match="unknown counts 'raw'"):
        make_features(counts="raw")
