"""Odd entries in a folder given to ``index add`` are skipped and reported, never fatal; names
saved in NFD are removed by typing them in NFC."""

from __future__ import annotations

import os
import sys
import unicodedata

import pytest

import index

TEXT = ("BÁO CÁO\n1. Kết quả\nTỉnh đã thực hiện tinh giản biên chế theo kế hoạch.\n"
        "Việc tiếp công dân còn chậm, chưa đạt yêu cầu.\n")


@pytest.fixture()
def odd_folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")      # points at itself
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")   # broken
    (folder / "up").symlink_to(tmp_path)                       # a folder loop, not followed
    latin1 = os.fsencode(folder) + b"/b\xe1o-c\xe1o.txt"        # "báo-cáo" in Latin-1
    try:
        with open(latin1, "wb") as out:
            out.write(TEXT.encode("utf-8"))
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and symbolic links")
def test_odd_entries_are_reported_and_the_good_file_indexed(tmp_path, odd_folder):
    result = index.add_reports(tmp_path / "ix", [odd_folder], workers=1)
    assert result.added == [str((odd_folder / "good.txt").resolve())]
    messages = sorted(message for _, message in result.failed)
    assert len(messages) == 3
    assert "b\\xe1o-c\\xe1o.txt: the file name is not valid UTF-8" in messages[0]
    assert "gone.txt: a broken or looping symbolic link" in messages[1]
    assert "loop.txt: a broken or looping symbolic link" in messages[2]
    assert all(message.encode("utf-8") for message in messages)  # printable as they are


def test_cli_reports_the_odd_entries_in_one_line_each(tmp_path, odd_folder, cli):
    result = cli("index", "add", "--index", tmp_path / "ix", odd_folder)
    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 3 and "Traceback" not in result.stderr
    assert result.stdout.startswith("added 1, replaced 0, unchanged 0, failed 3")


def test_a_name_saved_in_nfd_is_removed_by_its_nfc_name(tmp_path):
    name = "Báo cáo tiếp công dân.txt"
    folder = tmp_path / "docs"
    folder.mkdir()
    nfd = folder / unicodedata.normalize("NFD", name)
    nfd.write_text(TEXT, encoding="utf-8")
    index.add_reports(tmp_path / "ix", [folder], workers=1)
    assert len(index.list_reports(tmp_path / "ix")) == 1
    removed, missing = index.remove_reports(tmp_path / "ix",
                                            [folder / unicodedata.normalize("NFC", name)])
    assert (len(removed), missing) == (1, [])
    assert index.list_reports(tmp_path / "ix") == []
