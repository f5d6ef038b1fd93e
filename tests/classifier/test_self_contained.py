"""A saved model holds what it predicts with: its cue list and heading rules are fitted
attributes; one that names code from an older layout is refused with the rebuild command."""

from __future__ import annotations

import hashlib
import hmac
import json
import pickle

import pytest

import nlp
from nlp.keys import key_id, signing_key
from nlp.classifier import features, lexicon, model, store
from nlp.classifier.features import CueFeatures, Item

ITEMS = [Item(("tiến độ", "còn", "chậm")), Item(("đã", "hoàn thành", "kế hoạch"))]


def test_cue_features_do_not_read_the_cue_file_after_fitting(tmp_path, monkeypatch):
    cues = tmp_path / "cues.tsv"
    cues.write_text("limitation\tany\tcòn chậm\nachievement\taspect\tđã\n", encoding="utf-8")
    fitted = CueFeatures(cues_path=str(cues)).fit(ITEMS)
    expected = fitted.transform(ITEMS).toarray()
    clone = pickle.loads(pickle.dumps(fitted))

    def no_file(*args, **kwargs):
        raise AssertionError("read the cue file at prediction time")

    monkeypatch.setattr(features, "load_cues", no_file)
    monkeypatch.setattr(lexicon, "load_cues", no_file)
    cues.unlink()
    assert (clone.transform(ITEMS).toarray() == expected).all()
    assert expected[0].sum() > 0  # the limitation cue was found


def test_classifier_predicts_with_the_word_lists_it_was_fitted_with(monkeypatch):
    pipeline = model.fit_classifier(nlp.classifier.training.build_training_set(bundled=False))
    classifier = model.Classifier(pickle.loads(pickle.dumps(pipeline)))
    assert classifier.rules == lexicon.load_heading_rules()
    monkeypatch.setattr(model, "load_heading_rules", None)  # would fail if called
    monkeypatch.setattr(model, "load_cues", None)
    labels = classifier.predict_texts(["Tiến độ giải ngân còn chậm."], sections=["2. Hạn chế"])
    assert labels[0].label == "limitation"


def test_fingerprint_covers_the_package_version_and_every_data_file(monkeypatch, tmp_path):
    before = store.training_fingerprint()
    monkeypatch.setattr(store, "package_version", lambda: "99.0")
    assert store.training_fingerprint() != before
    monkeypatch.undo()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in [*store.CORPUS_DIR.glob("*.tsv")]:
        (corpus / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(store, "CORPUS_DIR", corpus)
    assert store.training_fingerprint() == before
    (corpus / "synonyms.tsv").write_text("# changed\n", encoding="utf-8")
    assert store.training_fingerprint() != before


def test_model_naming_an_old_module_path_is_refused_with_the_rebuild_command(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("BAOCAO_MODEL_DIR", str(tmp_path / "models"))
    data = pickle.dumps(CueFeatures(), protocol=2)
    assert b"nlp.classifier.features" in data
    data = data.replace(b"nlp.classifier.features", b"nlp.features")  # the layout before #7
    path = tmp_path / "old.joblib"
    path.write_bytes(data)
    key = signing_key()
    record = {"versions": store.library_versions(), "labels": list(nlp.LABELS),
              "sha256": hashlib.sha256(data).hexdigest(), "key": key_id(key),
              "hmac": hmac.new(key, data, hashlib.sha256).hexdigest()}
    path.with_name(path.name + ".json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(nlp.ModelError, match=r"made by an older baocao \(No module named "
                                             r"'nlp.features'\) — run 'baocao train --out "):
        nlp.load_classifier(path)


def test_model_of_the_previous_format_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_MODEL_DIR", str(tmp_path / "models"))
    pipeline = model.make_classifier().fit(ITEMS * 2 + [Item(("do", "thiếu", "vốn")),
                                                        Item(("cần", "tăng cường"))] * 2,
                                           ["limitation", "achievement"] * 2
                                           + ["cause", "other"] * 2)
    path = store.save_model(pipeline, tmp_path / "m.joblib", {})
    record_path = path.with_name(path.name + ".json")
    record = json.loads(record_path.read_text())
    record["versions"]["format"] = "1"
    record_path.write_text(json.dumps(record))
    with pytest.raises(nlp.ModelError, match=r"another version \(format 1 -> 2\) — run 'baocao "
                                             r"train"):
        store.load_model(path)
