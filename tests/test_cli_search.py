"""``baocao search``: formats, filters, errors in-process through ``main()``; the first-use
bootstrap and the terminal-less table end to end through the installed command."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess

import pytest


def run(exe: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_table_marks_hits_with_brackets_when_piped(baocao_exe, bundled_index):  # end to end
    result = run(baocao_exe, "search", "tiếp công dân", "--index", str(bundled_index))
    assert result.returncode == 0, result.stderr
    assert "[tiếp công dân]" in result.stdout and "\x1b[" not in result.stdout
    assert "kien-giang-2019-dan-van-chinh-quyen.txt" in result.stdout
    last = result.stdout.splitlines()[-1]
    assert " matching sentences: " in last and "achievement" in last


def test_jsonl_lines(cli, bundled_location):
    result = cli("search", "tinh gian bien che", "--index", str(bundled_location),
                 "--format", "jsonl", "--label", "limitation")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {r["label"] for r in rows} == {"limitation"}
    assert any("39,9% kế hoạch" in r["text"] for r in rows)
    holds = []
    for row in rows:
        assert set(row) >= {"source", "number", "title", "date", "place", "section", "index",
                            "label", "score", "text", "highlights"}
        lit = [row["text"][s:e].lower() for s, e in row["highlights"]]
        holds.append("tinh giản biên chế" in lit)
    # the theme's syllables alone (a back-off) only fill the list after the whole theme
    assert holds[0] and holds == sorted(holds, reverse=True)


def test_csv_with_header(cli, bundled_index):
    result = cli("search", '"cải cách hành chính"', "--index", str(bundled_index),
                 "--format", "csv", "--limit", "3")
    assert result.stdout.startswith("\ufeff")  # a BOM, so that Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(result.stdout[1:])))
    assert len(rows) == 3
    assert all("cải cách hành chính" in row["text"].lower() for row in rows)


def test_csv_has_the_jsonl_columns_label_score_included(cli, bundled_index):
    jsonl = cli("search", "dân vận", "--index", bundled_index, "--format", "jsonl", "--limit", "3")
    table = cli("search", "dân vận", "--index", bundled_index, "--format", "csv", "--limit", "3")
    objects = [json.loads(line) for line in jsonl.stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(table.stdout.removeprefix("\ufeff"))))
    assert len(rows) == len(objects) == 3
    assert list(rows[0]) == list(objects[0]) and "label_score" in rows[0]
    for row, obj in zip(rows, objects):
        assert float(row["label_score"]) == pytest.approx(obj["label_score"])
        assert json.loads(row["highlights"]) == obj["highlights"] and row["text"] == obj["text"]


def test_csv_without_hits_is_the_header_alone(cli, bundled_index):
    result = cli("search", "dân vận", "--index", bundled_index, "--format", "csv", "--year", "1999")
    jsonl_fields = ["source", "number", "title", "date", "place", "province", "section", "index",
                    "label", "score", "label_score", "text", "highlights"]
    assert (result.code, result.stdout) == (0, "\ufeff" + ",".join(jsonl_fields) + "\n")


def test_by_report_groups_under_the_report(cli, bundled_index, bundled_report_path):
    result = cli("search", "dân vận", "--index", str(bundled_index), "--by-report",
                 "--limit", "4")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("kien-giang-2019-dan-van-chinh-quyen.txt")
    assert lines[1].strip() == str(bundled_report_path.resolve())
    assert sum(1 for line in lines if line.lstrip().startswith(("1.", "2.", "3.", "4."))) == 4


@pytest.mark.parametrize("option, value", [("--year", "1999"), ("--place", "Hà Nội"),
                                           ("--type", "NGHỊ QUYẾT"),
                                           ("--report", "/elsewhere.txt")],
                         ids=["year", "place", "type", "report"])
def test_filter_options_that_exclude_everything(cli, bundled_index, option, value):
    result = cli("search", "dân vận", "--index", str(bundled_index), option, value)
    assert (result.code, result.stdout) == (0, "no matching sentences\n")


@pytest.mark.parametrize("option, value", [("--year", "2019"), ("--place", "kien giang"),
                                           ("--type", "báo cáo")], ids=["year", "place", "type"])
def test_filter_options_that_keep_the_report(cli, bundled_index, option, value):
    result = cli("search", "dân vận", "--index", str(bundled_index), option, value,
                 "--format", "jsonl")
    assert result.code == 0 and len(result.stdout.splitlines()) == 20


def test_bad_query_syntax(cli, bundled_index):
    result = cli("search", '"tiếp công', "--index", str(bundled_index))
    assert result.code == 1
    assert result.stderr == "Error: unclosed quote in '\"tiếp công' — close the phrase with \"\n"


def test_bad_limit_is_a_usage_error(cli, bundled_index):
    result = cli("search", "x", "--index", str(bundled_index), "--limit", "-1")
    assert result.code == 2 and result.stderr.startswith("usage: baocao search ")
    assert result.stderr.endswith("baocao search: error: argument --limit: must be 0 (every hit) "
                                  "or more, got -1\n")


def test_missing_index_is_not_created(cli, tmp_path):
    result = cli("search", "x", "--index", str(tmp_path / "nowhere"))
    assert result.code == 1
    assert result.stderr == (f"Error: no index at {tmp_path / 'nowhere'} — run 'baocao index "
                             f"add FOLDER' first\n")
    assert not (tmp_path / "nowhere").exists()


def test_damaged_index(cli, tmp_path):
    ix = tmp_path / "ix"
    ix.mkdir()
    (ix / "baocao-index.json").write_text("{not json", encoding="utf-8")
    result = cli("search", "x", "--index", str(ix))
    assert result.code == 1
    assert result.stderr.startswith(f"Error: the index at {ix} is damaged")
    assert result.stderr.endswith(f"run 'baocao index rebuild --index {ix}'\n")
    assert "Traceback" not in result.stderr


def test_first_search_indexes_the_bundled_report(baocao_exe, tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "BAOCAO_INDEX": ""}
    result = run(baocao_exe, "search", "tiếp công dân", env=env)
    assert result.returncode == 0, result.stderr
    assert "[tiếp công dân]" in result.stdout
    assert (tmp_path / "data" / "baocao" / "index" / "baocao-index.json").is_file()


def test_truncated_index_files(baocao_exe, bundled_index, tmp_path):
    # End to end: Whoosh leaves the damaged files open, which in-process tests report.
    import shutil

    ix = tmp_path / "ix"
    shutil.copytree(bundled_index, ix)
    for path in ix.glob("MAIN_*"):
        if path.name != "MAIN_WRITELOCK":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    result = run(baocao_exe, "search", "tiếp công dân", "--index", str(ix))
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: the index at {ix} is damaged")
    assert result.stderr.endswith(f"run 'baocao index rebuild --index {ix}'\n")
