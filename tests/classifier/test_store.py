"""Saving and loading models: signed records, refusal of foreign or altered files, retraining."""

from __future__ import annotations

import json
import shutil

import joblib
import pytest

import nlp
from nlp.classifier.model import make_classifier
from nlp.classifier.features import Item
from nlp.classifier.store import default_model_path, load_model, save_model, training_fingerprint
from nlp.keys import key_id, key_path

TINY = [(Item(("đã", "hoàn thành", "kế hoạch")), "achievement"),
        (Item(("tiến độ", "còn", "chậm")), "limitation"),
        (Item(("nguyên nhân", "do", "thiếu", "vốn")), "cause"),
        (Item(("cần", "tăng cường", "kiểm tra")), "other")] * 2


@pytest.fixture
def model_dir(tmp_path, monkeypatch):
    directory = tmp_path / "models"
    monkeypatch.setenv("BAOCAO_MODEL_DIR", str(directory))
    return directory


@pytest.fixture
def saved(model_dir):
    pipeline = make_classifier().fit([i for i, _ in TINY], [label for _, label in TINY])
    return save_model(pipeline, model_dir / "tiny.joblib", {"training_sha256": "x"})


def record_of(path):
    return path.with_name(path.name + ".json")


def test_saved_model_loads_and_predicts(saved):
    classifier = nlp.load_classifier(saved)
    assert classifier.predict_texts(["Tiến độ còn chậm."])[0].label in nlp.LABELS
    pipeline, record = load_model(saved)
    assert record["labels"] == list(nlp.LABELS)
    assert record["versions"]["scikit-learn"]


def test_altered_model_bytes_are_refused(saved):
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0xFF
    saved.write_bytes(bytes(data))
    with pytest.raises(nlp.ModelError, match="was altered since it was signed"):
        load_model(saved)


def test_model_without_record_is_refused(model_dir):
    path = model_dir / "foreign.joblib"
    model_dir.mkdir()
    joblib.dump({"not": "a model"}, path)
    with pytest.raises(nlp.ModelError, match="baocao did not write it"):
        nlp.load_classifier(path)


def test_model_signed_with_another_key_is_refused_until_that_key_is_trusted(saved, tmp_path,
                                                                           monkeypatch):
    mine = key_path().read_bytes()
    monkeypatch.setenv("BAOCAO_CONFIG_DIR", str(tmp_path / "colleague"))
    with pytest.raises(nlp.ModelError, match=r"signed with a key you have not trusted .* copy "
                                             r"its signer's key file into .*colleague/trusted"):
        load_model(saved)
    (tmp_path / "colleague" / "trusted").mkdir()
    (tmp_path / "colleague" / "trusted" / "from-a-colleague.key").write_bytes(mine)
    assert load_model(saved)[1]["key"] == key_id(mine)


def test_the_key_is_kept_outside_the_model_folder(saved, model_dir):
    assert not any(p.name == "key" for p in model_dir.rglob("*"))
    assert model_dir not in key_path().parents
    assert key_path().stat().st_mode & 0o077 == 0


def test_a_key_planted_in_the_model_folder_signs_nothing(saved, model_dir):
    """The old attack: whoever could write the model folder replaced its key and its model."""
    import hashlib
    import hmac

    forged = bytes(32)
    (model_dir / "key").write_bytes(forged)
    record = json.loads(record_of(saved).read_text())
    data = saved.read_bytes() + b"\0"
    saved.write_bytes(data)
    record.update(key=key_id(forged), hmac=hmac.new(forged, data, hashlib.sha256).hexdigest())
    record_of(saved).write_text(json.dumps(record))
    with pytest.raises(nlp.ModelError, match="a key you have not trusted"):
        load_model(saved)


def test_a_bad_key_is_said_not_retrained_around(monkeypatch, tmp_path):
    monkeypatch.setenv("BAOCAO_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("BAOCAO_MODEL_DIR", str(tmp_path / "models"))
    key_path().parent.mkdir(parents=True)
    key_path().write_bytes(b"short")
    with pytest.raises(nlp.ModelError, match=r"is not a baocao key \(5 bytes, not 32\) — "
                                             r"delete it"):
        nlp.load_classifier()


def test_model_from_other_library_versions_is_refused(saved):
    record = json.loads(record_of(saved).read_text())
    record["versions"]["scikit-learn"] = "0.20.0"
    record_of(saved).write_text(json.dumps(record))
    with pytest.raises(nlp.ModelError, match=r"another version \(scikit-learn 0.20.0 -> "):
        load_model(saved)


def test_model_with_other_labels_is_refused(saved):
    record = json.loads(record_of(saved).read_text())
    record["labels"] = ["good", "bad"]
    record_of(saved).write_text(json.dumps(record))
    with pytest.raises(nlp.ModelError, match="predicts labels"):
        load_model(saved)


def test_missing_model_says_how_to_make_one(model_dir):
    with pytest.raises(nlp.ModelError, match=r"no model at .* run 'baocao train --out"):
        nlp.load_classifier(model_dir / "absent.joblib")


def test_default_model_is_retrained_when_its_training_data_changed(tmp_path_factory, tmp_path,
                                                                   monkeypatch):
    shared = tmp_path_factory.getbasetemp() / "baocao-model"
    monkeypatch.setenv("BAOCAO_MODEL_DIR", str(shared))
    nlp.load_classifier()
    copy = tmp_path / "copy"
    shutil.copytree(shared, copy)
    monkeypatch.setenv("BAOCAO_MODEL_DIR", str(copy))
    record = json.loads(record_of(default_model_path()).read_text())
    record["training_sha256"] = "0" * 64
    record_of(default_model_path()).write_text(json.dumps(record))
    load_model(default_model_path())  # still signed: only its training data is stale
    classifier = nlp.load_classifier()
    assert classifier.metadata["training_sha256"] == training_fingerprint()
    assert json.loads(record_of(default_model_path()).read_text())["training_sha256"] != "0" * 64


def test_unwritable_cache_still_classifies_with_a_model_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("BAOCAO_MODEL_DIR", str(blocker / "model"))  # cannot be created
    classifier = nlp.load_classifier()
    assert classifier.predict_texts(["Tiến độ giải ngân còn chậm."])[0].label == "limitation"
    (warning,) = classifier.metadata["warnings"]  # said, not silent
    assert warning.startswith(f"cannot write the model to {blocker / 'model' / 'model.joblib'}")
    assert warning.endswith("so the model is trained again on every run; set BAOCAO_MODEL_DIR "
                            "to a writable folder")
