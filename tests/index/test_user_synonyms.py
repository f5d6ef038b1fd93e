"""A user's ``synonyms.tsv`` next to the index: a non-UTF-8 one is named with the line at
fault; an unchanged one is parsed once and then read from the cache."""

from __future__ import annotations

import os
import time

import pytest

import index
from index.errors import SynonymsFileError
from index.synonyms import load_synonyms

TEXT = "BÁO CÁO\n1. Kết quả\nTỉnh đã thực hiện tốt công tác bồi thường giải phóng mặt bằng.\n"


@pytest.fixture()
def small_index(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    index.add_reports(tmp_path / "ix", [tmp_path / "a.txt"], workers=1)
    return tmp_path / "ix"


def test_a_synonyms_file_that_is_not_utf8_is_named_with_its_line(small_index, cli):
    lines = ["GPMB\tgiải phóng mặt bằng", "# a comment", "BT\tbồi thường"]
    data = ("\n".join(lines) + "\nTĐC\ttái định cư\n").encode("utf-8") + b"H\xe0 N\xf4i\tHN\n"  # Latin-1
    (small_index / "synonyms.tsv").write_bytes(data)
    with pytest.raises(SynonymsFileError, match=r"synonyms.tsv: line 5 is not UTF-8 text"):
        index.search(small_index, "GPMB")
    result = cli("search", "--index", small_index, "GPMB")
    assert result.code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ") and "line 5 is not UTF-8 text" in result.stderr


def test_user_synonyms_are_used(small_index):
    (small_index / "synonyms.tsv").write_text("GPMB\tgiải phóng mặt bằng\n", encoding="utf-8")
    assert index.search(small_index, "GPMB").hits


def test_an_unchanged_file_is_parsed_once(tmp_path):
    path = tmp_path / "synonyms.tsv"
    path.write_text("GPMB\tgiải phóng mặt bằng\n", encoding="utf-8")
    first = load_synonyms([path])
    stamp = path.stat().st_mtime_ns
    # Same size, same modification time, other bytes: only a cache answers with the old groups.
    path.write_text("XXXX\tgiải phóng mặt bằng\n", encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert ("gpmb",) in load_synonyms([path]).groups[-1]
    # A changed file is parsed again.
    os.utime(path, ns=(stamp + 10**9, stamp + 10**9))
    assert ("xxxx",) in load_synonyms([path]).groups[-1]
    assert first.groups[-1][0] == ("gpmb",)


def test_a_large_file_is_fast_the_second_time(tmp_path):
    path = tmp_path / "synonyms.tsv"
    with open(path, "w", encoding="utf-8") as out:
        for n in range(30_000):
            out.write(f"VT{n}\tviết tắt số {n} của ủy ban nhân dân\tvt {n}\n")
    started = time.perf_counter()
    load_synonyms([path])
    parse = time.perf_counter() - started
    started = time.perf_counter()
    table = load_synonyms([path])
    cached = time.perf_counter() - started
    assert len(table.groups) > 30_000
    assert cached < parse / 2, (parse, cached)
