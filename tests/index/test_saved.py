"""Saved searches: stored next to the index, atomically, listed by name, errors for bad names."""

from __future__ import annotations

import json
import multiprocessing

import pytest

from index.errors import SavedSearchError
from index.saved import SAVED_FILE, list_searches, load_search, save_search


def test_save_load_and_list(tmp_path):
    assert list_searches(tmp_path) == {}
    save_search(tmp_path, "cchc-ag", "cải cách hành chính",
                {"province": "An Giang", "label": "limitation", "year": None})
    save_search(tmp_path, "tiếp-dân", "tiếp công dân", {})
    assert load_search(tmp_path, "cchc-ag") == {
        "query": "cải cách hành chính", "filters": {"province": "An Giang", "label": "limitation"}}
    assert list(list_searches(tmp_path)) == ["cchc-ag", "tiếp-dân"]
    stored = json.loads((tmp_path / SAVED_FILE).read_text(encoding="utf-8"))
    assert stored["tiếp-dân"]["query"] == "tiếp công dân"  # Vietnamese kept, not escaped
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # none left


def test_saving_again_replaces(tmp_path):
    save_search(tmp_path, "a", "tham nhũng", {"year": 2019})
    save_search(tmp_path, "a", "lãng phí", {})
    assert load_search(tmp_path, "a") == {"query": "lãng phí", "filters": {}}


def test_unknown_name(tmp_path):
    save_search(tmp_path, "a", "tham nhũng", {})
    with pytest.raises(SavedSearchError, match=r"no saved search named 'b' \(saved: a\)"):
        load_search(tmp_path, "b")


@pytest.mark.parametrize("name", ["", "-x", "a b", "a/b", "x" * 65],
                         ids=["empty", "dash-first", "space", "slash", "too-long"])
def test_bad_names_are_refused(tmp_path, name):
    with pytest.raises(SavedSearchError, match="bad name"):
        save_search(tmp_path, name, "tham nhũng", {})
    assert not (tmp_path / SAVED_FILE).exists()


def test_a_damaged_file_is_reported(tmp_path):
    (tmp_path / SAVED_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(SavedSearchError, match="cannot read the saved searches"):
        list_searches(tmp_path)
    (tmp_path / SAVED_FILE).write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(SavedSearchError, match="is not a file of saved searches"):
        load_search(tmp_path, "a")


def test_unknown_filter_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="unknown filter 'colour'"):
        save_search(tmp_path, "a", "tham nhũng", {"colour": "red"})


def _save_many(index_dir: str, prefix: str, count: int) -> None:
    for number in range(count):
        save_search(index_dir, f"{prefix}-{number}", f"chủ đề {number}", {"label": "limitation"})


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    savers = [context.Process(target=_save_many, args=(str(tmp_path), prefix, 40))
              for prefix in ("an", "binh")]
    for saver in savers:
        saver.start()
    for saver in savers:
        saver.join(60)
    assert [saver.exitcode for saver in savers] == [0, 0]
    assert len(list_searches(tmp_path)) == 80
