"""Exports of ``baocao search`` and ``classify``: every hit, CSV for Excel, Word documents,
saved searches, and the places across the 2025 merger."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest

from baocao.cli import main
from baocao.render_trends import LABEL_NAMES

THEME = "cải cách hành chính"


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_binary(capsysbinary, *args: str) -> tuple[int, bytes, str]:
    status = main(list(args))
    captured = capsysbinary.readouterr()
    return status, captured.out, captured.err.decode("utf-8")


@pytest.fixture
def own_index(places_index, tmp_path):
    """A copy of the places index that a test may write saved searches into."""
    return str(shutil.copytree(places_index, tmp_path / "index"))


# --- every hit, and saying when --limit cut them -------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_limit_cut_is_said_on_stderr(capsys, places_index, fmt):
    status, _, err = run(capsys, "search", THEME, "--limit", "2", "--format", fmt, "--index",
                         str(places_index))
    assert (status, err) == (0, "2 of 5 hits; --limit 0 for all\n")


@pytest.mark.parametrize("option", [["--limit", "0"], ["--all"]], ids=["limit-0", "all"])
def test_limit_0_and_all_return_every_hit_silently(capsys, places_index, option):
    status, out, err = run(capsys, "search", THEME, *option, "--format", "jsonl", "--index",
                           str(places_index))
    assert (status, err, len(out.splitlines())) == (0, "", 5)


def test_table_says_nothing_on_stderr(capsys, places_index):
    assert run(capsys, "search", THEME, "--limit", "1", "--index", str(places_index))[2] == ""


def test_year_says_how_many_undated_reports_were_left_out(capsys, places_index):
    status, out, err = run(capsys, "search", THEME, "--year", "2019", "--format", "jsonl",
                           "--index", str(places_index))
    assert status == 0 and len(out.splitlines()) == 2
    assert err == ("2 undated reports with matching sentences left out by --year; see "
                   "'baocao trends QUERY --by year'\n")
    assert run(capsys, "search", "tiếp công dân", "--year", "2020", "--index",
               str(places_index))[2] == ""


# --- CSV for Excel --------------------------------------------------------------------------------

def test_csv_has_a_bom_the_jsonl_columns_and_round_trips_vietnamese(capsys, places_index):
    _, out, _ = run(capsys, "search", THEME, "--all", "--format", "csv", "--index",
                    str(places_index))
    _, lines, _ = run(capsys, "search", THEME, "--all", "--format", "jsonl", "--index",
                      str(places_index))
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out[1:])))
    objects = [json.loads(line) for line in lines.splitlines()]
    assert list(rows[0]) == list(objects[0])
    assert "label_score" in rows[0] and "province" in rows[0]
    for row, obj in zip(rows, objects, strict=True):
        assert row["text"] == obj["text"] and row["place"] == (obj["place"] or "")
        assert float(row["label_score"]) == obj["label_score"]
    assert "Việc cải cách hành chính ở cấp xã còn chậm." in [row["text"] for row in rows]


def test_csv_bytes_are_utf8_with_bom_end_to_end(baocao_exe, places_index):
    done = subprocess.run([baocao_exe, "search", THEME, "--all", "--format", "csv", "--index",
                           str(places_index)], capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith(b"\xef\xbb\xbfsource,")
    text = done.stdout.decode("utf-8-sig")
    assert any(row["province"] == "An Giang" for row in csv.DictReader(io.StringIO(text)))


# --- Word -----------------------------------------------------------------------------------------

def _document(data: bytes, tmp_path):
    import docx

    path = tmp_path / "out.docx"
    path.write_bytes(data)
    return docx.Document(str(path))


def test_search_docx_holds_every_hit_grouped_by_report(capsysbinary, places_index, tmp_path):
    status, data, _ = run_binary(capsysbinary, "search", THEME, "--all", "--province",
                                 "An Giang", "--format", "docx", "--index", str(places_index))
    assert status == 0
    document = _document(data, tmp_path)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"Tìm kiếm: {THEME}"
    assert "Lọc: province: An Giang" in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 2 and all("Công tác cải cách hành chính" in h for h in headings)
    assert any("Số: 11/BC-UBND; Ngày: 2019-04-03; Nơi ban hành: Kiên Giang" in t for t in texts)
    _, lines, _ = run_binary(capsysbinary, "search", THEME, "--all", "--province", "An Giang",
                             "--format", "jsonl", "--index", str(places_index))
    hits = [json.loads(line) for line in lines.decode("utf-8").splitlines()]
    sentences = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(sentences) == len(hits) == 3
    for hit in hits:
        paragraph = next(p for p in sentences if hit["text"] in p.text)
        assert paragraph.text.startswith(f"[{LABEL_NAMES[hit['label']]}] ")
        bold = [run.text for run in paragraph.runs if run.bold]
        assert bold == [hit["text"][start:end] for start, end in hit["highlights"]]


def test_classify_docx_holds_every_sentence(capsysbinary, tmp_path):
    report = tmp_path / "kien-giang.txt"
    report.write_text("UBND TỈNH KIÊN GIANG\n\nSố: 11/BC-UBND\n\nKiên Giang, ngày 3 tháng 4 năm "
                      "2019\n\nBÁO CÁO\n\nCông tác cải cách hành chính\n\nCông tác cải cách "
                      "hành chính được triển khai đồng bộ.\n\nViệc cải cách hành chính ở cấp xã "
                      "còn chậm.\n", encoding="utf-8")
    status, data, _ = run_binary(capsysbinary, "classify", str(report), "--format", "docx")
    assert status == 0
    document = _document(data, tmp_path)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Phân loại câu báo cáo"
    assert any("Tỉnh, thành phố hiện nay: An Giang" in t for t in texts)
    sentences = [t for t in texts if t.startswith("[")]
    assert len(sentences) == 2
    assert any(t.startswith("[hạn chế] Việc cải cách hành chính ở cấp xã còn chậm.")
               for t in sentences)


@pytest.mark.parametrize("command", [["search", THEME], ["classify", "x.txt"]],
                         ids=["search", "classify"])
def test_docx_to_a_terminal_is_refused(capsys, places_index, monkeypatch, command):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    extra = ["--index", str(places_index)] if command[0] == "search" else []
    status, _, err = run(capsys, *command, "--format", "docx", *extra)
    assert status == 2 and err.startswith("Error: --format docx writes a Word file — redirect")


# --- saved searches -------------------------------------------------------------------------------

def test_save_list_and_run_again(capsys, own_index):
    status, first, err = run(capsys, "search", THEME, "--province", "An Giang", "--label",
                             "limitation", "--format", "jsonl", "--save", "cchc-ag",
                             "--index", own_index)
    assert status == 0 and err == "saved as 'cchc-ag': run it again with 'baocao search " \
                                  "@cchc-ag'\n"
    assert run(capsys, "searches", "--index", own_index)[1] == \
        "@cchc-ag  cải cách hành chính  (label: limitation; province: An Giang)\n"
    again = run(capsys, "search", "@cchc-ag", "--format", "jsonl", "--index", own_index)[1]
    assert again == first and len(again.splitlines()) == 1
    # An option given with @NAME overrides the saved one.
    other = run(capsys, "search", "@cchc-ag", "--province", "Cần Thơ", "--format", "jsonl",
                "--index", own_index)[1]
    assert [json.loads(line)["province"] for line in other.splitlines()] == ["Cần Thơ"]
    listed = run(capsys, "searches", "--format", "jsonl", "--index", own_index)[1]
    assert json.loads(listed) == {"name": "cchc-ag", "query": THEME, "filters": {
        "label": "limitation", "province": "An Giang"}}
    trends = run(capsys, "trends", "@cchc-ag", "--by", "province", "--format", "jsonl",
                 "--index", own_index)[1]
    assert json.loads(trends) == {"group": "An Giang", "sentences": 1, "limitation": 1,
                                  "reports_matching": 1, "reports": 2}


def test_no_saved_searches_yet(capsys, own_index):
    assert run(capsys, "searches", "--index", own_index) == (
        0, "no saved searches — save one with 'baocao search QUERY --save NAME'\n", "")


def test_unknown_saved_search(capsys, own_index):
    run(capsys, "search", THEME, "--save", "a", "--index", own_index)
    assert run(capsys, "search", "@b", "--index", own_index)[::2] == (
        1, "Error: no saved search named 'b' (saved: a) — save one with 'baocao search QUERY "
           "--save b'\n")


def test_bad_saved_search_name(capsys, own_index):
    assert run(capsys, "search", THEME, "--save", "a b", "--index", own_index)[::2] == (
        1, "Error: bad name 'a b' for a saved search — use letters, digits, '-', '_' or '.', "
           "starting with a letter or digit\n")


# --- places across the 2025 merger ---------------------------------------------------------------

@pytest.mark.parametrize("option", [["--province", "An Giang"], ["--place", "Kiên Giang"],
                                    ["--place", "tỉnh Kiên Giang"]],
                         ids=["province", "place", "place-with-prefix"])
def test_the_bundled_report_is_found_by_province_and_place(capsys, bundled_index, option):
    status, out, _ = run(capsys, "search", "dân vận", *option, "--format", "jsonl", "--index",
                         str(bundled_index))
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and rows
    assert {(row["place"], row["province"]) for row in rows} == {("Kiên Giang", "An Giang")}


def test_unknown_province_is_an_error(capsys, bundled_index):
    assert run(capsys, "search", "dân vận", "--province", "Atlantis", "--index",
               str(bundled_index))[::2] == (
        1, "Error: unknown province 'Atlantis' — give one of the 34 provinces "
           "(corpus/provinces.tsv), e.g. \"An Giang\", or use --place\n")
