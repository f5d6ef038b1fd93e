"""Scoring, gold files, and the held-out evaluation on the maintainers' labelled documents."""

from __future__ import annotations

import pytest

import nlp
from baocao.render import evaluation_text
from nlp.classifier.evaluation import calibration, evaluate_files, read_gold, score


def test_scores_by_hand():
    gold = ["cause", "cause", "other", "other", "limitation"]
    predicted = ["cause", "other", "other", "limitation", "limitation"]
    s = score(gold, predicted)
    assert s.per_label["cause"] == (1.0, 0.5, pytest.approx(2 / 3), 2)
    assert s.per_label["other"][:2] == (0.5, 0.5)
    assert s.per_label["limitation"][:2] == (0.5, 1.0)
    # achievement is absent from gold and predictions: left out of the macro average
    assert s.macro_f1 == pytest.approx((2 / 3 + 0.5 + 2 / 3) / 3)
    assert s.accuracy == pytest.approx(3 / 5)
    assert s.confusion[nlp.LABELS.index("cause")] == (0, 0, 1, 1)


def test_calibration_of_perfect_and_wrong_certainty():
    sure = {"achievement": 1.0, "limitation": 0.0, "cause": 0.0, "other": 0.0}
    assert calibration(["achievement"], [sure]) == (0.0, 0.0)
    assert calibration(["other"], [sure]) == (2.0, 1.0)


def test_gold_file_format(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("label\ttext\nskip\tI. KẾT QUẢ\ncause\tDo thiếu vốn.\n", encoding="utf-8")
    gold = read_gold(path)
    assert gold.labels == ("cause",) and gold.texts == ("Do thiếu vốn.",)
    path.write_text("label\ttext\npraise\tTốt.\n", encoding="utf-8")
    with pytest.raises(nlp.TrainingDataError, match=r"g.tsv:2: expected label<TAB>text"):
        read_gold(path)
    path.write_text("label\ttext\n", encoding="utf-8")
    with pytest.raises(nlp.TrainingDataError, match="no labelled sentences"):
        read_gold(path)


@pytest.fixture(scope="module")
def results(shared_dir):
    files = sorted((shared_dir / "gold").glob("*.tsv"))
    if not files:
        pytest.skip("no gold files")
    return {r.name: r for r in evaluate_files(files)}


HELD_OUT = ("r002.tsv", "r010.tsv", "r015.tsv", "r017.tsv")


def test_held_out_documents_beat_the_cue_baseline(results):
    for name in HELD_OUT:
        result = results[name]
        assert result.held_out.startswith("held out: not in the training data")
        assert result.model.macro_f1 > result.baseline.macro_f1, name
        assert result.leaked == 0


def test_held_out_macro_f1_floor(results):
    # Floors below the figures measured when last set (#9: pooled 0.800, lowest held-out file
    # 0.803, the bundled report left out 0.609), with a margin so that new written examples do
    # not make them flaky; one sentence moves a 24-sentence file's macro-F1 by up to 0.3.  The
    # earlier floors (0.80 / 0.70 / 0.60) were met with examples written against these files,
    # which were removed: those figures were not evidence.
    assert results["pooled"].model.macro_f1 >= 0.72
    assert min(results[name].model.macro_f1 for name in HELD_OUT) >= 0.70
    assert results["seed-sentences.tsv"].model.macro_f1 >= 0.50


def test_bundled_report_is_scored_by_a_model_trained_without_it(results):
    seed = results["seed-sentences.tsv"]
    assert "retrained without it" in seed.held_out
    assert seed.model.macro_f1 > seed.baseline.macro_f1


def test_rendering_states_that_evaluation_is_held_out(results):
    text = evaluation_text(list(results.values()))
    assert text.startswith("Held-out evaluation")
    assert "retrained without it" in text and "baseline" in text


def test_macro_f1_counts_only_labels_present_in_the_gold():
    # "limitation" is only predicted: it lowers the precision of nothing present and is not
    # averaged in; the wrong prediction still costs "other" its recall.
    s = score(["cause", "other", "other"], ["cause", "other", "limitation"])
    assert s.macro_f1 == pytest.approx((1.0 + 2 / 3) / 2)
    assert s.per_label["limitation"][3] == 0


def test_bootstrap_over_identical_documents_has_no_width():
    from nlp.classifier.evaluation import bootstrap_intervals

    document = (["cause", "other", "achievement"], ["cause", "other", "other"])
    intervals = bootstrap_intervals([document] * 5, resamples=200)
    macro = score(*document).macro_f1
    assert intervals["macro-F1"] == pytest.approx((macro, macro))
    assert intervals["cause recall"] == (1.0, 1.0)
    assert all(v != v for v in intervals["limitation"])  # no limitation anywhere: nan


def test_bootstrap_interval_spans_good_and_bad_documents():
    from nlp.classifier.evaluation import bootstrap_interval

    good = (["cause"] * 4 + ["other"] * 4, ["cause"] * 4 + ["other"] * 4)
    bad = (["cause"] * 4 + ["other"] * 4, ["other"] * 8)
    low, high = bootstrap_interval([good, bad] * 3, lambda g, p: score(g, p).macro_f1,
                                   resamples=500)
    pooled = score(good[0] * 3 + bad[0] * 3, good[1] * 3 + bad[1] * 3).macro_f1
    assert low < pooled < high
    with pytest.raises(ValueError, match="level"):
        bootstrap_interval([good], lambda g, p: 0.0, level=95)
