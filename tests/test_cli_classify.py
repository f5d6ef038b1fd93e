"""``baocao classify``, ``train`` and ``evaluate``: in-process through ``main()``, and a few end
to end through the installed command."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import nlp

LABELS = set(nlp.LABELS)


def baocao(exe: str, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *map(str, args)], input=stdin, capture_output=True, text=True,
                          timeout=120)


def test_table_groups_sentences_by_label_in_reading_order_and_explains(cli,
                                                                        bundled_report_path):
    result = cli("classify", "--explain", bundled_report_path)
    assert result.code == 0, result.stderr
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


def test_jsonl_lines_carry_the_agreed_fields_and_filters_apply(cli, bundled_report_path):
    result = cli("classify", "--format", "jsonl", "--label", "limitation", "--label",
                    "cause", "--min-score", "0.6", bundled_report_path)
    assert result.code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {r["label"] for r in rows} <= {"limitation", "cause"}
    for row in rows:
        assert set(row) == {"source", "index", "section", "text", "label", "score", "scores"}
        assert row["score"] >= 0.6 and set(row["scores"]) == LABELS
        assert sum(row["scores"].values()) == pytest.approx(1.0, abs=1e-3)


def test_csv_has_a_header_and_one_row_per_sentence(cli, bundled_report_path):
    result = cli("classify", "--format", "csv", "--label", "cause", bundled_report_path)
    assert result.stdout.startswith("\ufeff")  # a BOM, so that Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(result.stdout[1:])))
    assert rows[0][:6] == ["source", "index", "section", "text", "label", "score"]
    assert len(rows) > 1 and all(row[4] == "cause" for row in rows[1:])


def test_csv_over_several_files_has_one_header_even_if_the_first_has_no_rows(
        cli, tmp_path, bundled_report_path):
    # The first file has no cause sentence: the header must still come first, and only once.
    first = tmp_path / "first.txt"
    first.write_text("Năm qua, toàn huyện đã hoàn thành 12 công trình giao thông nông thôn.\n",
                     encoding="utf-8")
    result = cli("classify", "--format", "csv", "--label", "cause", first, bundled_report_path)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("\ufeff") and result.stdout.count("\ufeff") == 1
    rows = list(csv.reader(io.StringIO(result.stdout[1:])))
    assert rows[0][:6] == ["source", "index", "section", "text", "label", "score"]
    assert [row for row in rows if row[0] == "source"] == [rows[0]]
    assert len(rows) > 1 and {row[0] for row in rows[1:]} == {str(bundled_report_path)}


def test_csv_columns_are_the_jsonl_fields_with_one_column_per_probability(cli, bundled_report_path):
    jsonl = cli("classify", "--format", "jsonl", "--explain", bundled_report_path)
    table = cli("classify", "--format", "csv", "--explain", bundled_report_path)
    first = json.loads(jsonl.stdout.splitlines()[0])
    rows = list(csv.DictReader(io.StringIO(table.stdout.removeprefix("\ufeff"))))
    assert len(rows) == len(jsonl.stdout.splitlines())
    expected = [k for k in first if k != "scores"]
    expected[expected.index("score") + 1:expected.index("score") + 1] = [
        f"p_{label}" for label in first["scores"]]
    assert list(rows[0]) == expected
    assert rows[0]["text"] == first["text"] and float(rows[0]["score"]) == first["score"]
    assert rows[0]["reasons"].startswith(first["reasons"][0]["feature"] + " +")


def test_stdin_paragraph_without_headings(cli):
    text = ("Năm qua, toàn huyện đã hoàn thành 12 công trình giao thông nông thôn. "
            "Tuy nhiên, việc duy tu bảo dưỡng còn chậm, nhiều tuyến đường đã xuống cấp.")
    result = cli("classify", "--format", "jsonl", "-", stdin=text)
    assert result.code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in rows] == ["-", "-"]
    assert [r["label"] for r in rows] == ["achievement", "limitation"]


@pytest.mark.parametrize("content", ["", "Hello, this is an English memo about budgets.\n"],
                         ids=["empty", "english"])
def test_unusable_file_gets_one_error_line(cli, tmp_path, content):
    path = tmp_path / "input.txt"
    path.write_text(content, encoding="utf-8")
    result = cli("classify", path)
    assert result.code == 1
    assert result.stderr.startswith(f"Error: {path}")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_missing_model_file(cli, tmp_path):
    missing = tmp_path / "none.joblib"
    result = cli("classify", "--model", missing, "-", stdin="Tiến độ còn chậm.")
    assert result.code == 1
    assert result.stderr == (f"Error: no model at {missing} — run 'baocao train --out "
                             f"{missing}' to make one\n")


def test_train_then_classify_with_that_model_and_refuse_it_changed(baocao_exe, tmp_path,
                                                                   bundled_report_path):
    # End to end: the in-process model cache watches the model file, not its record.
    data = tmp_path / "mine"
    data.mkdir()
    shutil.copy(bundled_report_path, data / "report.txt")
    out = tmp_path / "model.joblib"
    result = baocao(baocao_exe, "train", "--data", data, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "1 of your reports" in result.stdout and f"model: {out}\n" in result.stdout
    scored = baocao(baocao_exe, "evaluate", "--model", out, _gold(tmp_path))
    assert scored.returncode == 0, scored.stderr
    assert f"the model {out}, not held out" in scored.stdout
    paragraph = "Tiến độ giải ngân vốn đầu tư công còn chậm."
    mine = baocao(baocao_exe, "classify", "--model", out, "--format", "jsonl", "-",
                  stdin=paragraph)
    assert mine.returncode == 0 and json.loads(mine.stdout)["label"] == "limitation"

    record_path = out.with_name(out.name + ".json")
    record = json.loads(record_path.read_text())
    assert record["extra_reports"] == [nlp.read_report(bundled_report_path).sha256]
    record["versions"]["format"] = "0"
    record_path.write_text(json.dumps(record))
    other_version = baocao(baocao_exe, "classify", "--model", out, "-", stdin=paragraph)
    assert other_version.returncode == 1
    assert other_version.stderr.startswith(f"Error: {out} was written by another version "
                                           "(format 0 ->")

    record["versions"]["format"] = str(nlp.classifier.store.MODEL_FORMAT)
    record_path.write_text(json.dumps(record))
    out.write_bytes(out.read_bytes() + b"\0")
    altered = baocao(baocao_exe, "classify", "--model", out, "-", stdin=paragraph)
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


def test_train_without_out_says_it_replaces_the_default_model(cli, tmp_path):
    result = cli("train", env={"BAOCAO_MODEL_DIR": str(tmp_path / "models")})
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"model: {tmp_path / 'models' / 'model.joblib'} — the default model, which classify "
        f"and index add now use (write another with --out PATH)")


def test_a_model_that_cannot_be_saved_is_said_once(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli("classify", "-", stdin="Tiến độ còn chậm.",
                 env={"BAOCAO_MODEL_DIR": str(blocker / "models")})
    assert result.code == 0
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"Warning: cannot write the model to {blocker / 'models'}")
    assert warning.endswith("trained again on every run; set BAOCAO_MODEL_DIR to a writable "
                            "folder")


def test_evaluate_prints_model_and_baseline_held_out(cli, tmp_path):
    gold = tmp_path / "mine.tsv"
    gold.write_text("label\ttext\n"
                    "achievement\tNăm nay xã đã hoàn thành 100% kế hoạch thu ngân sách.\n"
                    "limitation\tTuy nhiên, công tác vệ sinh môi trường còn nhiều hạn chế.\n"
                    "other\tĐề nghị các ngành tiếp tục phối hợp thực hiện.\n", encoding="utf-8")
    other = tmp_path / "other.tsv"
    other.write_text("label\ttext\n"
                     "cause\tNguyên nhân chủ yếu là do nguồn vốn bố trí chậm.\n"
                     "other\tCác xã tổ chức thực hiện nghiêm túc kế hoạch này.\n", encoding="utf-8")
    result = cli("evaluate", gold, other)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Held-out evaluation")
    assert "== mine.tsv (3 sentences; held out: not in the training data" in result.stdout
    assert "baseline" in result.stdout and "macro-F1" in result.stdout
    # each pooled figure has its interval from a bootstrap over the two files
    interval = re.search(r"pooled, with 95 % intervals .*?: macro-F1 ([\d.]+) \[([\d.]+), "
                         r"([\d.]+)\]", result.stdout)
    assert interval, result.stdout[-400:]
    low, value, high = float(interval[2]), float(interval[1]), float(interval[3])
    assert low <= value <= high
    assert "cause recall" in result.stdout.splitlines()[-1]


def test_evaluate_rejects_a_malformed_gold_file(cli, tmp_path):
    gold = tmp_path / "bad.tsv"
    gold.write_text("label\ttext\ngood\tTốt.\n", encoding="utf-8")
    result = cli("evaluate", gold)
    assert result.code == 1
    assert result.stderr.startswith(f"Error: {gold}:2: expected label<TAB>text")


def test_min_score_outside_zero_to_one_is_a_usage_error(cli):
    result = cli("classify", "--min-score", "1.5", "-", stdin="Tiến độ còn chậm.")
    assert result.code == 2
    assert result.stderr.startswith("usage: baocao classify ")
    assert result.stderr.endswith("baocao classify: error: argument --min-score: must be between "
                                  "0 and 1, got 1.5\n")


def test_train_and_evaluate_name_a_missing_path(cli, tmp_path):
    missing = tmp_path / "nowhere"
    train = cli("train", "--data", missing, "--out", tmp_path / "m.joblib")
    assert train.code == 1
    assert train.stderr == f"Error: {missing}: no such file or folder — check the path\n"
    evaluate = cli("evaluate", tmp_path / "gold.tsv")
    assert evaluate.code == 1
    assert evaluate.stderr == f"Error: {tmp_path / 'gold.tsv'}: no such gold file — check the path\n"


def test_train_from_index_learns_the_indexed_reports(cli, tmp_path, bundled_index):
    out = tmp_path / "from-index.joblib"
    result = cli("train", "--from-index", "--index", bundled_index, "--out", out)
    assert result.code == 0, result.stderr
    assert "1 of your reports" in result.stdout
    record = json.loads(out.with_name(out.name + ".json").read_text())
    assert len(record["extra_reports"]) == 1


def test_end_to_end_stdin_paragraph_and_usage_error(baocao_exe):
    text = "Tuy nhiên, việc duy tu bảo dưỡng còn chậm, nhiều tuyến đường đã xuống cấp."
    result = baocao(baocao_exe, "classify", "--format", "jsonl", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["label"] == "limitation"
    usage = baocao(baocao_exe, "classify", "--min-score", "-1", "-", stdin=text)
    assert usage.returncode == 2 and usage.stderr.startswith("usage: baocao classify ")
    assert "Traceback" not in usage.stderr


def test_evaluate_finds_the_shared_gold_files_by_default(shared_dir):
    from baocao.cli import default_gold_files

    if shared_dir.resolve() != Path(__file__).resolve().parents[2] / "shared":
        pytest.skip("BAOCAO_SHARED points away from the checkout's ../shared")
    files = default_gold_files()
    assert files and files == sorted((shared_dir / "gold").glob("*.tsv"))
