"""``baocao search`` as a real subprocess: formats, filters, errors, first-use bootstrap."""

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


def test_table_marks_hits_with_brackets_when_piped(baocao_exe, bundled_index):
    result = run(baocao_exe, "search", "tiếp công dân", "--index", str(bundled_index))
    assert result.returncode == 0, result.stderr
    assert "[tiếp công dân]" in result.stdout and "\x1b[" not in result.stdout
    assert "kien-giang-2019-dan-van-chinh-quyen.txt" in result.stdout
    last = result.stdout.splitlines()[-1]
    assert " matching sentences: " in last and "achievement" in last


def test_jsonl_lines(baocao_exe, bundled_index):
    result = run(baocao_exe, "search", "tinh gian bien che", "--index", str(bundled_index),
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


def test_csv_with_header(baocao_exe, bundled_index):
    result = run(baocao_exe, "search", '"cải cách hành chính"', "--index", str(bundled_index),
                 "--format", "csv", "--limit", "3")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    assert all("cải cách hành chính" in row["text"].lower() for row in rows)


def test_by_report_groups_under_the_report(baocao_exe, bundled_index, bundled_report_path):
    result = run(baocao_exe, "search", "dân vận", "--index", str(bundled_index), "--by-report",
                 "--limit", "4")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("kien-giang-2019-dan-van-chinh-quyen.txt")
    assert lines[1].strip() == str(bundled_report_path.resolve())
    assert sum(1 for line in lines if line.lstrip().startswith(("1.", "2.", "3.", "4."))) == 4


@pytest.mark.parametrize("option, value", [("--year", "1999"), ("--place", "Hà Nội"),
                                           ("--type", "NGHỊ QUYẾT"),
                                           ("--report", "/elsewhere.txt")],
                         ids=["year", "place", "type", "report"])
def test_filter_options_that_exclude_everything(baocao_exe, bundled_index, option, value):
    result = run(baocao_exe, "search", "dân vận", "--index", str(bundled_index), option, value)
    assert (result.returncode, result.stdout) == (0, "no matching sentences\n")


@pytest.mark.parametrize("option, value", [("--year", "2019"), ("--place", "kien giang"),
                                           ("--type", "báo cáo")], ids=["year", "place", "type"])
def test_filter_options_that_keep_the_report(baocao_exe, bundled_index, option, value):
    result = run(baocao_exe, "search", "dân vận", "--index", str(bundled_index), option, value,
                 "--format", "jsonl")
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 20


def test_bad_query_syntax(baocao_exe, bundled_index):
    result = run(baocao_exe, "search", '"tiếp công', "--index", str(bundled_index))
    assert result.returncode == 1
    assert result.stderr == "Error: unclosed quote in '\"tiếp công' — close the phrase with \"\n"


def test_bad_limit_is_a_usage_error(baocao_exe, bundled_index):
    result = run(baocao_exe, "search", "x", "--index", str(bundled_index), "--limit", "0")
    assert (result.returncode, result.stderr) == (2, "Error: --limit must be at least 1\n")


def test_missing_index_is_not_created(baocao_exe, tmp_path):
    result = run(baocao_exe, "search", "x", "--index", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr == (f"Error: no index at {tmp_path / 'nowhere'} — run 'baocao index "
                             f"add FOLDER' first\n")
    assert not (tmp_path / "nowhere").exists()


def test_damaged_index(baocao_exe, tmp_path):
    ix = tmp_path / "ix"
    ix.mkdir()
    (ix / "baocao-index.json").write_text("{not json", encoding="utf-8")
    result = run(baocao_exe, "search", "x", "--index", str(ix))
    assert result.returncode == 1
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
