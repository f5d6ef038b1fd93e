"""``baocao trends``: counts equal to search's, table, csv, jsonl, the chart, docx, errors."""

from __future__ import annotations

import csv
import io
import json
import struct
import subprocess

import pytest

from baocao.cli import TREND_GROUPS, main
from index.trends import BY

THEME = "cải cách hành chính"


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in this process; return (status, stdout, stderr)."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_the_cli_offers_every_grouping_of_the_library():
    assert TREND_GROUPS == BY


@pytest.mark.parametrize("by, option", [("year", "--year"), ("province", "--province"),
                                        ("type", "--type")])
def test_counts_equal_search_limit_0_for_the_same_query_and_filters(capsys, places_location, by,
                                                                    option):
    ix = str(places_location)
    status, out, _ = run(capsys, "trends", THEME, "--by", by, "--index", ix, "--format", "jsonl")
    assert status == 0
    rows = jsonl(out)
    _, everything, _ = run(capsys, "search", THEME, "--limit", "0", "--index", ix,
                           "--format", "jsonl")
    assert sum(row["sentences"] for row in rows) == len(jsonl(everything)) == 5
    for row in rows:
        if row["group"] == "không rõ":
            continue
        _, found, _ = run(capsys, "search", THEME, "--limit", "0", "--index", ix, option,
                          row["group"], "--format", "jsonl")
        hits = jsonl(found)
        for label in ("achievement", "limitation", "cause", "other"):
            assert row[label] == sum(1 for hit in hits if hit["label"] == label), (row, label)
        assert row["reports_matching"] == len({hit["source"] for hit in hits})


def test_labels_and_filters_like_search(capsys, places_location):
    ix = str(places_location)
    _, out, _ = run(capsys, "trends", THEME, "--by", "place", "--label", "limitation",
                    "--label", "cause", "--province", "An Giang", "--index", ix,
                    "--format", "jsonl")
    rows = jsonl(out)
    assert [row["group"] for row in rows] == ["Kiên Giang", "An Giang"]
    assert set(rows[0]) == {"group", "sentences", "limitation", "cause", "reports_matching",
                            "reports"}
    _, found, _ = run(capsys, "search", THEME, "--all", "--label", "limitation", "--province",
                      "An Giang", "--index", ix, "--format", "jsonl")
    assert sum(row["limitation"] for row in rows) == len(jsonl(found)) == 1


def test_table_piped_is_plain_with_the_unknown_row(capsys, places_index):
    status, out, _ = run(capsys, "trends", THEME, "--index", str(places_index))
    lines = out.splitlines()
    assert status == 0 and "\x1b[" not in out and "█" not in out
    assert lines[0].split() == ["year", "sentences", "achievement", "limitation", "cause",
                                "other", "reports"]
    assert lines[1].split() == ["2019", "2", "1", "1", "0", "0", "1", "of", "1"]
    assert lines[3].startswith("không rõ") and lines[3].endswith("2 of 2")
    assert lines[-1] == "5 matching sentences in 4 of 4 reports, 3 groups by year"


def test_table_on_a_terminal_has_a_bar_per_row(capsys, places_index, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    _, out, _ = run(capsys, "trends", THEME, "--by", "province", "--index", str(places_index))
    rows = out.splitlines()[1:4]
    assert all("█" in row and "\x1b[" in row for row in rows)
    # An Giang has three sentences, Cần Thơ one: a bar three times as long.
    assert rows[0].count("█") == 3 * rows[1].count("█")


def test_csv_has_a_bom_and_round_trips_vietnamese(capsys, places_index):
    status, out, _ = run(capsys, "trends", THEME, "--by", "province", "--index",
                         str(places_index), "--format", "csv")
    assert status == 0 and out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out[1:])))
    assert [row["group"] for row in rows] == ["An Giang", "Cần Thơ", "không rõ"]
    assert rows[0]["reports_matching"] == rows[0]["reports"] == "2"
    assert list(rows[0]) == list(jsonl(run(capsys, "trends", THEME, "--by", "province",
                                           "--index", str(places_index), "--format",
                                           "jsonl")[1])[0])


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("by", ["year", "province"])
def test_plot_png_is_a_picture_with_the_label_colours(capsys, places_index, tmp_path, by):
    import matplotlib.image

    path = tmp_path / "trends.png"
    status, _, err = run(capsys, "trends", THEME, "--by", by, "--index", str(places_index),
                         "--plot", str(path))
    assert status == 0 and err == f"chart written to {path}\n"
    width, height = _png_size(path.read_bytes())
    assert (width, height) == (800, 450)
    pixels = matplotlib.image.imread(path)[:, :, :3]
    colours = {tuple(round(float(c) * 255) for c in pixel) for pixel in pixels.reshape(-1, 3)}
    assert (46, 125, 50) in colours and (198, 40, 40) in colours  # achievement, limitation
    assert len(colours) > 50  # anti-aliased text and lines, not an empty canvas


def test_plot_svg_draws_text_as_paths(capsys, places_index, tmp_path):
    path = tmp_path / "trends.svg"
    assert run(capsys, "trends", THEME, "--by", "province", "--index", str(places_index),
               "--plot", str(path))[0] == 0
    svg = path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "DejaVuSans" in svg


@pytest.mark.parametrize("args, status, message", [
    (["--plot", "chart.pdf"], 2, "Error: --plot chart.pdf: give a file name ending in .png or "
                                 ".svg\n"),
    (["--plot", "/nowhere/at/all/chart.png"], 1,
     "Error: cannot write the chart to /nowhere/at/all/chart.png: No such file or directory — "
     "check the folder\n"),
    (["--province", "Atlantis"], 1,
     "Error: unknown province 'Atlantis' — give one of the 34 provinces (corpus/provinces.tsv),"
     " e.g. \"An Giang\", or use --place\n"),
    (["@nothing"], 1, "Error: no saved search named 'nothing' (saved: none yet) — save one with "
                      "'baocao search QUERY --save nothing'\n"),
], ids=["plot-suffix", "plot-folder", "province", "saved"])
def test_documented_failures(capsys, places_index, args, status, message):
    query = [] if args[0].startswith("@") else [THEME]
    assert run(capsys, "trends", *query, *args, "--index", str(places_index))[::2] == \
        (status, message)


def test_bad_query_and_missing_index(capsys, places_index, tmp_path):
    assert run(capsys, "trends", '"cải cách', "--index", str(places_index))[::2] == (
        1, "Error: unclosed quote in '\"cải cách' — close the phrase with \"\n")
    status, _, err = run(capsys, "trends", THEME, "--index", str(tmp_path / "none"))
    assert status == 1 and err.startswith(f"Error: no index at {tmp_path / 'none'}")


def test_bad_grouping_is_a_usage_error(capsys, places_index):
    with pytest.raises(SystemExit) as exit_:
        main(["trends", THEME, "--by", "month", "--index", str(places_index)])
    assert exit_.value.code == 2
    assert "invalid choice: 'month'" in capsys.readouterr().err


def test_docx_to_a_terminal_is_refused(capsys, places_index, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert run(capsys, "trends", THEME, "--format", "docx", "--index", str(places_index)) \
        [::2] == (2, "Error: --format docx writes a Word file — redirect it to one: baocao "
                     "trends QUERY --format docx > result.docx\n")


def test_end_to_end_docx_and_table(baocao_exe, places_index, tmp_path):
    import docx

    done = subprocess.run([baocao_exe, "trends", THEME, "--by", "province", "--index",
                           str(places_index), "--format", "docx"], capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    (tmp_path / "t.docx").write_bytes(done.stdout)
    document = docx.Document(str(tmp_path / "t.docx"))
    assert document.paragraphs[0].text == f"Xu hướng: {THEME}"
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert cells[0][:2] == ["province", "câu"] and cells[0][-1] == "báo cáo"
    assert [row[0] for row in cells[1:]] == ["An Giang", "Cần Thơ", "không rõ", "Tổng"]
    assert cells[1][1] == "3" and cells[1][-1] == "2 of 2" and cells[-1][1] == "5"
    assert len(document.inline_shapes) == 1  # the chart
    table = subprocess.run([baocao_exe, "trends", "CCHC", "--by", "province", "--index",
                            str(places_index)], capture_output=True, text=True, timeout=120)
    assert table.returncode == 0 and "An Giang" in table.stdout
