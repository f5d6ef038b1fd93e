"""The frozen gold of scripts/gold/ and the scripts that score it (scripts/evaluate_frozen.py,
scripts/loo_documents.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import nlp

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_frozen_gold_rows_are_keys_with_known_labels():
    frozen = _script("evaluate_frozen").read_frozen()
    assert len(frozen) == 10
    rows = [row for judged in frozen.values() for row in judged]
    assert {label for _, label, _ in rows} <= set(nlp.LABELS)  # skip rows are left out
    assert all(len(key) == 16 and int(key, 16) >= 0 for key, _, _ in rows)
    assert any(ambiguous for _, _, ambiguous in rows)


def test_frozen_reader_skips_skip_rows_and_reads_the_ambiguous_flag(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("# comment\nfile\tsentence_sha1\tlabel\tambiguous\tnote\n"
                    "a.txt\t0123456789abcdef\tskip\t\theading\n"
                    "a.txt\tfedcba9876543210\tcause\t1\t\n"
                    "b.txt\t00000000000000ff\tother\t\t\n", encoding="utf-8")
    frozen = _script("evaluate_frozen").read_frozen(path)
    assert frozen == {"a.txt": [("fedcba9876543210", "cause", True)],
                      "b.txt": [("00000000000000ff", "other", False)]}


def test_sentence_key_is_that_of_the_search_form():
    key = _script("evaluate_frozen").sentence_key
    assert key("Nguyên nhân là do thiếu vốn.") == key("NGUYÊN NHÂN LÀ DO THIẾU VỐN.")
    assert key("Thiếu vốn.") != key("Thừa vốn.")


def test_loo_grid_starts_with_no_prior_and_covers_the_shipped_setting():
    from nlp.classifier.document_prior import CONFIDENT, LOCAL_WEIGHT, PSEUDO_SENTENCES

    settings = _script("loo_documents").settings()
    assert settings[0][1] is None
    shipped = {"confident": CONFIDENT, "pseudo": PSEUDO_SENTENCES, "local_weight": LOCAL_WEIGHT}
    assert shipped in [params for _, params in settings]


def test_tuning_gold_has_no_document_of_the_test_set_and_enough_assessments():
    read = _script("evaluate_frozen").read_frozen
    tune = read(SCRIPTS / "gold" / "tune_labels.tsv")
    test = read(SCRIPTS / "gold" / "fresh_labels.tsv")
    dev2 = read(SCRIPTS / "gold" / "dev2_labels.tsv")
    assert not set(tune) & set(test) and not set(tune) & set(dev2)
    labels = [label for judged in tune.values() for _, label, _ in judged]
    assert labels.count("limitation") >= 60 and labels.count("cause") >= 30


@pytest.mark.parametrize("test_set", ["fresh_labels.tsv", "fresh2_labels.tsv"])
def test_loo_refuses_the_test_sets_and_tunes_on_both_tuning_sets(test_set):
    loo = _script("loo_documents")
    with pytest.raises(SystemExit, match=test_set):
        next(loo.frozen_rows(SCRIPTS / "gold" / test_set))
    with pytest.raises(SystemExit, match=test_set):  # before the development gold is run
        loo.main(["--frozen", str(SCRIPTS / "gold" / test_set)])
    assert "tune_labels.tsv" in loo.__doc__


def test_second_test_set_shares_no_document_and_holds_every_label():
    read = _script("evaluate_frozen").read_frozen
    fresh2 = read(SCRIPTS / "gold" / "fresh2_labels.tsv")
    for other in ("dev2_labels.tsv", "fresh_labels.tsv", "tune_labels.tsv"):
        assert not set(fresh2) & set(read(SCRIPTS / "gold" / other)), other
    samples = {name for path in SCRIPTS.glob("search_sample_*.txt")
               for name in path.read_text(encoding="utf-8").split()}
    assert not {file.rsplit("/", 1)[1] for file in fresh2} & samples
    labels = [label for judged in fresh2.values() for _, label, _ in judged]
    assert len(fresh2) >= 6 and len(labels) >= 300 and set(labels) == set(nlp.LABELS)
