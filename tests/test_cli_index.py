"""``baocao index add|list|remove|rebuild``: in-process through ``main()``; the whole cycle and
the environment variable end to end through the installed command."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import index

GOOD = "BÁO CÁO\n1. Kết quả\nCông tác tiếp công dân được thực hiện thường xuyên, đạt kết quả tốt.\n"


def run(exe: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.fixture()
def docs(tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(GOOD.replace("tiếp công dân", "cải cách hành chính"),
                                          encoding="utf-8")
    return folder


def test_add_list_remove_rebuild(baocao_exe, docs, index_location):
    ix = str(index_location)
    added = run(baocao_exe, "index", "add", "--index", ix, str(docs))
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added 2, replaced 0, unchanged 0, failed 0")
    again = run(baocao_exe, "index", "add", "--index", ix, str(docs))
    assert again.stdout.startswith("added 0, replaced 0, unchanged 2, failed 0")
    listed = run(baocao_exe, "index", "list", "--index", ix, "--format", "jsonl")
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(docs / "a.txt"), str(docs / "sub" / "b.txt")]
    assert all(sum(r["labels"].values()) == r["sentences"] for r in records)
    table = run(baocao_exe, "index", "list", "--index", ix)
    assert table.stdout.splitlines()[-1].startswith("2 reports, ")
    removed = run(baocao_exe, "index", "remove", "--index", ix, str(docs / "sub"))
    assert (removed.returncode, removed.stdout) == (0, "removed 1 report\n")
    rebuilt = run(baocao_exe, "index", "rebuild", "--index", ix)
    assert (rebuilt.returncode, rebuilt.stderr) == (0, "")
    assert rebuilt.stdout.startswith("rebuilt 1 reports")


def test_add_reports_bad_files_at_the_end_and_fails(cli, docs, tmp_path):
    (docs / "empty.txt").write_text("", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = cli("index", "add", "--index", str(tmp_path / "ix"), str(docs),
                 str(missing))
    assert result.code == 1
    assert result.stdout.startswith("added 2, replaced 0, unchanged 0, failed 2")
    errors = result.stderr.splitlines()
    assert f"Error: {missing}: no such file or folder — check the path" in errors
    assert any(line.startswith("Error: ") and "empty.txt" in line for line in errors)
    assert "Traceback" not in result.stderr


def test_remove_unknown_path(cli, docs, tmp_path):
    ix = str(tmp_path / "ix")
    index.add_reports(ix, [docs / "a.txt"], workers=1)
    result = cli("index", "remove", "--index", ix, str(tmp_path / "other.txt"))
    assert result.code == 1
    assert result.stderr == (f"Error: {tmp_path / 'other.txt'} is not in the index — "
                             f"see 'baocao index list'\n")


def test_list_without_index(cli, tmp_path):
    result = cli("index", "list", "--index", str(tmp_path / "none"))
    assert result.code == 1
    assert result.stderr == (f"Error: no index at {tmp_path / 'none'} — run 'baocao index add "
                             f"FOLDER' first\n")


def test_add_into_a_foreign_folder_is_refused(cli, docs, tmp_path):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    result = cli("index", "add", "--index", str(foreign), str(docs))
    assert result.code == 1
    assert result.stderr == (f"Error: {foreign} is not a baocao index (no baocao-index.json) — "
                             f"choose another --index directory, or empty this one\n")
    assert [p.name for p in foreign.iterdir()] == ["cat.jpg"]


def test_damaged_index_names_the_rebuild_command(cli, docs, tmp_path):
    ix = tmp_path / "ix"
    index.add_reports(ix, [docs], workers=1)
    for toc in ix.glob("_MAIN_*.toc"):
        toc.write_bytes(b"junk")
    listed = cli("index", "list", "--index", str(ix))
    assert listed.code == 1
    assert listed.stderr.startswith(f"Error: the index at {ix} is damaged")
    assert listed.stderr.endswith(f"run 'baocao index rebuild --index {ix}'\n")
    index.rebuild_index(ix, workers=1)
    assert cli("index", "list", "--index", str(ix)).code == 0


def test_index_comes_from_the_environment(baocao_exe, bundled_location, bundled_report_path):
    result = run(baocao_exe, "index", "list", "--format", "jsonl",
                 env={"BAOCAO_INDEX": str(bundled_location)})
    assert result.returncode == 0
    assert json.loads(result.stdout)["source"] == str(bundled_report_path.resolve())


def test_add_shard_needs_postgresql_urls(cli, tmp_path):
    result = cli("index", "add-shard", "postgresql://an@db/shard", "--index", tmp_path / "ix")
    assert result.code == 2
    assert result.stderr == ("Error: add-shard joins a postgresql:// database to a "
                             "postgresql:// index — give --index postgresql://... and a shard "
                             "URL\n")
