"""End to end: ``baocao classify``, ``train`` and ``evaluate`` run as real subprocesses."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import nlp

LABELS = set(nlp.LABELS)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """Environment whose default model is the session's shared, already trained one."""
    model_dir = tmp_path_factory.getbasetemp() / "baocao-model"
    environment = dict(os.environ, BAOCAO_MODEL_DIR=str(model_dir))
    patch = pytest.MonkeyPatch()
    patch.setenv("BAOCAO_MODEL_DIR", str(model_dir))
    nlp.load_classifier()  # train it here once, not inside a subprocess of every test
    patch.undo()
    return environment


def baocao(env, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "baocao"
    command = [str(exe)] if exe.exists() else [shutil.which("baocao") or "baocao"]
    return subprocess.run(command + [str(a) for a in args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120)


def test_table_groups_sentences_by_label_in_reading_order_and_explains(env,
                                                                        bundled_report_path):
    result = baocao(env, "classify", "--explain", bundled_report_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"== {bundled_report_path}")
    groups = [line.split()[1] for line in lines if line.startswith("-- ")]
    assert groups == [label for label in nlp.LABELS if label in groups]
    assert {"limitation", "cause"} <= set(groups)
    cause_block = result.stdout.split("-- cause")[1].split("\n-- ")[0]
    assert "Nguyên nhân" in cause_block
    indexes = [int(line.split("]")[0].split("[")[1]) for line in cause_block.splitlines()
               if line.startswith("  [")]
    assert indexes == sorted(indexes)
    assert "because: " in cause_block and "(+" in cause_block


def test_jsonl_lines_carry_the_agreed_fields_and_filters_apply(env, bundled_report_path):
    result = baocao(env, "classify", "--format", "jsonl", "--label", "limitation", "--label",
                    "cause", "--min-score", "0.6", bundled_report_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {r["label"] for r in rows} <= {"limitation", "cause"}
    for row in rows:
        assert set(row) == {"source", "index", "section", "text", "label", "score", "scores"}
        assert row["score"] >= 0.6 and set(row["scores"]) == LABELS
        assert sum(row["scores"].values()) == pytest.approx(1.0, abs=1e-3)


def test_csv_has_a_header_and_one_row_per_sentence(env, bundled_report_path):
    result = baocao(env, "classify", "--format", "csv", "--label", "cause", bundled_report_path)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:6] == ["source", "index", "section", "text", "label", "score"]
    assert len(rows) > 1 and all(row[4] == "cause" for row in rows[1:])


def test_stdin_paragraph_without_headings(env):
    text = ("Năm qua, toàn huyện đã hoàn thành 12 công trình giao thông nông thôn. "
            "Tuy nhiên, việc duy tu bảo dưỡng còn chậm, nhiều tuyến đường đã xuống cấp.")
    result = baocao(env, "classify", "--format", "jsonl", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in rows] == ["-", "-"]
    assert [r["label"] for r in rows] == ["achievement", "limitation"]


@pytest.mark.parametrize("content", ["", "Hello, this is an English memo about budgets.\n"],
                         ids=["empty", "english"])
def test_unusable_file_gets_one_error_line(env, tmp_path, content):
    path = tmp_path / "input.txt"
    path.write_text(content, encoding="utf-8")
    result = baocao(env, "classify", path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {path}")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_missing_model_file(env, tmp_path):
    missing = tmp_path / "none.joblib"
    result = baocao(env, "classify", "--model", missing, "-", stdin="Tiến độ còn chậm.")
    assert result.returncode == 1
    assert result.stderr == (f"Error: no model at {missing} — run 'baocao train --out "
                             f"{missing}' to make one\n")


def test_train_then_classify_with_that_model_and_refuse_it_changed(env, tmp_path,
                                                                   bundled_report_path):
    data = tmp_path / "mine"
    data.mkdir()
    shutil.copy(bundled_report_path, data / "report.txt")
    out = tmp_path / "model.joblib"
    result = baocao(env, "train", "--data", data, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "1 of your reports" in result.stdout and f"model: {out}\n" in result.stdout
    scored = baocao(env, "evaluate", "--model", out, _gold(tmp_path))
    assert scored.returncode == 0, scored.stderr
    assert f"the model {out}, not held out" in scored.stdout
    paragraph = "Tiến độ giải ngân vốn đầu tư công còn chậm."
    mine = baocao(env, "classify", "--model", out, "--format", "jsonl", "-", stdin=paragraph)
    assert mine.returncode == 0 and json.loads(mine.stdout)["label"] == "limitation"

    record_path = out.with_name(out.name + ".json")
    record = json.loads(record_path.read_text())
    assert record["extra_reports"] == [nlp.read_report(bundled_report_path).sha256]
    record["versions"]["format"] = "0"
    record_path.write_text(json.dumps(record))
    other_version = baocao(env, "classify", "--model", out, "-", stdin=paragraph)
    assert other_version.returncode == 1
    assert other_version.stderr.startswith(f"Error: {out} was written by another version "
                                           "(format 0 ->")

    record["versions"]["format"] = str(nlp.classifier.store.MODEL_FORMAT)
    record_path.write_text(json.dumps(record))
    out.write_bytes(out.read_bytes() + b"\0")
    altered = baocao(env, "classify", "--model", out, "-", stdin=paragraph)
    assert altered.returncode == 1
    assert altered.stderr.startswith(f"Error: {out} was altered since it was signed")
    assert len(altered.stderr.splitlines()) == 1


def _gold(tmp_path: Path) -> Path:
    gold = tmp_path / "gold.tsv"
    gold.write_text("label\ttext\n"
                    "achievement\tNăm nay xã đã hoàn thành 100% kế hoạch thu ngân sách.\n"
                    "limitation\tTuy nhiên, công tác vệ sinh môi trường còn nhiều hạn chế.\n",
                    encoding="utf-8")
    return gold


def test_train_without_out_says_it_replaces_the_default_model(env, tmp_path):
    own = dict(env, BAOCAO_MODEL_DIR=str(tmp_path / "models"))
    result = baocao(own, "train")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"model: {tmp_path / 'models' / 'model.joblib'} — the default model, which classify "
        f"and index add now use (write another with --out PATH)")


def test_a_model_that_cannot_be_saved_is_said_once(env, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    own = dict(env, BAOCAO_MODEL_DIR=str(blocker / "models"))
    result = baocao(own, "classify", "-", stdin="Tiến độ còn chậm.")
    assert result.returncode == 0
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"Warning: cannot write the model to {blocker / 'models'}")
    assert warning.endswith("trained again on every run; set BAOCAO_MODEL_DIR to a writable "
                            "folder")


def test_evaluate_prints_model_and_baseline_held_out(env, tmp_path):
    gold = tmp_path / "mine.tsv"
    gold.write_text("label\ttext\n"
                    "achievement\tNăm nay xã đã hoàn thành 100% kế hoạch thu ngân sách.\n"
                    "limitation\tTuy nhiên, công tác vệ sinh môi trường còn nhiều hạn chế.\n"
                    "other\tĐề nghị các ngành tiếp tục phối hợp thực hiện.\n", encoding="utf-8")
    result = baocao(env, "evaluate", gold)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Held-out evaluation")
    assert "== mine.tsv (3 sentences; held out: not in the training data" in result.stdout
    assert "baseline" in result.stdout and "macro-F1" in result.stdout


def test_evaluate_rejects_a_malformed_gold_file(env, tmp_path):
    gold = tmp_path / "bad.tsv"
    gold.write_text("label\ttext\ngood\tTốt.\n", encoding="utf-8")
    result = baocao(env, "evaluate", gold)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {gold}:2: expected label<TAB>text")


def test_min_score_outside_zero_to_one_is_a_usage_error(env):
    result = baocao(env, "classify", "--min-score", "1.5", "-", stdin="Tiến độ còn chậm.")
    assert result.returncode == 2
    assert result.stderr == "Error: --min-score must be between 0 and 1, got 1.5\n"


def test_train_and_evaluate_name_a_missing_path(env, tmp_path):
    missing = tmp_path / "nowhere"
    train = baocao(env, "train", "--data", missing, "--out", tmp_path / "m.joblib")
    assert train.returncode == 1
    assert train.stderr == f"Error: {missing}: no such file or folder — check the path\n"
    evaluate = baocao(env, "evaluate", tmp_path / "gold.tsv")
    assert evaluate.returncode == 1
    assert evaluate.stderr == f"Error: {tmp_path / 'gold.tsv'}: no such gold file — check the path\n"


def test_train_from_index_learns_the_indexed_reports(env, tmp_path, bundled_index):
    out = tmp_path / "from-index.joblib"
    result = baocao(env, "train", "--from-index", "--index", bundled_index, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "1 of your reports" in result.stdout
    record = json.loads(out.with_name(out.name + ".json").read_text())
    assert len(record["extra_reports"]) == 1
