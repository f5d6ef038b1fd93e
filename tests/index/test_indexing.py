"""Adding, replacing, removing and rebuilding reports; where the index lives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import index
from index.catalog import MANIFEST
from index.errors import IndexDamagedError, IndexMissingError

REPORTS = {
    "a.txt": ("BÁO CÁO\nKết quả công tác năm 2018\n"
              "1. Kết quả đạt được\n"
              "Trong năm, tỉnh đã tinh giản 120 biên chế, đạt 80% kế hoạch.\n"
              "Công tác tiếp công dân được thực hiện thường xuyên.\n"),
    "b.txt": ("BÁO CÁO\nKết quả cải cách hành chính\n"
              "1. Hạn chế\n"
              "Việc giải quyết thủ tục hành chính còn chậm, chưa đúng hẹn.\n"),
}


def _write_reports(folder: Path, reports: dict[str, str] = REPORTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _doc_count(location) -> int:
    """How many sentences the index holds (a filter-only query counts every one)."""
    query = " OR ".join(f"label:{label}" for label in ("achievement", "limitation", "cause",
                                                       "other"))
    return index.search(location, query, limit=1).total


def test_add_folder_then_readd_is_incremental(tmp_path, index_location):
    docs, ix = _write_reports(tmp_path / "docs"), index_location
    first = index.add_reports(ix, [docs], workers=1)
    assert sorted(Path(s).name for s in first.added) == ["a.txt", "b.txt"]
    assert first.sentences > 0 and not first.failed
    count = _doc_count(ix)
    again = index.add_reports(ix, [docs], workers=1)
    assert (again.added, again.replaced, again.sentences) == ([], [], 0)
    assert sorted(Path(s).name for s in again.unchanged) == ["a.txt", "b.txt"]
    assert _doc_count(ix) == count


def test_changed_file_is_replaced_not_duplicated(tmp_path, index_location):
    docs, ix = _write_reports(tmp_path / "docs"), index_location
    index.add_reports(ix, [docs], workers=1)
    (docs / "b.txt").write_text("BÁO CÁO\n1. Hạn chế\nNgân sách nhà nước chi còn chậm.\n",
                                encoding="utf-8")
    result = index.add_reports(ix, [docs], workers=1)
    assert [Path(s).name for s in result.replaced] == ["b.txt"]
    assert index.search(ix, "thủ tục hành chính").hits == []
    assert [Path(h.source).name for h in index.search(ix, "NSNN").hits] == ["b.txt"]


def test_bad_files_are_reported_and_do_not_stop_the_others(tmp_path, index_location):
    docs = _write_reports(tmp_path / "docs")
    (docs / "empty.txt").write_text("", encoding="utf-8")
    result = index.add_reports(index_location, [docs, tmp_path / "absent.txt"], workers=1)
    assert len(result.added) == 2
    failed = {Path(path).name: message for path, message in result.failed}
    assert set(failed) == {"empty.txt", "absent.txt"}
    assert "absent.txt: no such file or folder" in failed["absent.txt"]


def test_two_workers_give_the_same_index_as_one(tmp_path):
    many = {f"r{n:02}.txt": REPORTS["a.txt"].replace("120", str(n)) for n in range(11)}
    docs = _write_reports(tmp_path / "docs", many)  # more files than reports in flight
    one = index.add_reports(tmp_path / "one", [docs], workers=1)
    two = index.add_reports(tmp_path / "two", [docs], workers=2)
    assert len(one.added) == len(two.added) == 11
    assert index.list_reports(tmp_path / "one") == index.list_reports(tmp_path / "two")


def test_list_reports_counts_labels(tmp_path, index_location):
    docs, ix = _write_reports(tmp_path / "docs"), index_location
    result = index.add_reports(ix, [docs], workers=1)
    records = index.list_reports(ix)
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.txt"]
    assert sum(r["sentences"] for r in records) == result.sentences
    for record in records:
        assert sum(record["labels"].values()) == record["sentences"]
        assert set(record["labels"]) <= {"achievement", "limitation", "cause", "other"}


def test_remove_file_and_folder(tmp_path, index_location):
    docs, ix = _write_reports(tmp_path / "docs"), index_location
    index.add_reports(ix, [docs], workers=1)
    removed, missing = index.remove_reports(ix, [docs / "a.txt", tmp_path / "never.txt"])
    assert [Path(s).name for s in removed] == ["a.txt"]
    assert [Path(p).name for p in missing] == ["never.txt"]
    assert [Path(s).name for s in index.indexed_sources(ix)] == ["b.txt"]
    removed, _ = index.remove_reports(ix, [docs])
    assert index.indexed_sources(ix) == []
    assert index.search(ix, "thủ tục hành chính").hits == []


def test_rebuild_rereads_and_drops_vanished_files(tmp_path, index_location):
    docs, ix = _write_reports(tmp_path / "docs"), index_location
    index.add_reports(ix, [docs], workers=1)
    (docs / "a.txt").unlink()
    result = index.rebuild_index(ix, workers=1)
    assert [Path(s).name for s in result.added] == ["b.txt"]
    assert [Path(p).name for p, _ in result.failed] == ["a.txt"]
    assert [Path(s).name for s in index.indexed_sources(ix)] == ["b.txt"]


def test_rebuild_repairs_a_damaged_index_from_its_manifest(tmp_path):
    docs, ix = _write_reports(tmp_path / "docs"), tmp_path / "ix"
    index.add_reports(ix, [docs], workers=1)
    assert len(json.loads((ix / MANIFEST).read_text(encoding="utf-8"))) == 2
    for toc in ix.glob("_MAIN_*.toc"):
        toc.write_bytes(b"\x00broken")
    with pytest.raises(IndexDamagedError):
        index.indexed_sources(ix)
    result = index.rebuild_index(ix, workers=1)
    assert len(result.added) == 2
    assert len(index.search(ix, "tiếp công dân").hits) == 1


def test_indexed_sources_of_missing_index(tmp_path, index_location):
    missing = tmp_path / "nothing" if isinstance(index_location, Path) else index_location
    with pytest.raises(IndexMissingError, match="no index at .* — run 'baocao index add"):
        index.indexed_sources(missing)


def test_ensure_bundled_indexes_the_bundled_report_once(tmp_path, bundled_report_path):
    ix = tmp_path / "ix"
    assert index.ensure_bundled(ix, workers=1).added == [str(bundled_report_path.resolve())]
    assert index.ensure_bundled(ix, workers=1) is None


def test_index_location(monkeypatch, tmp_path):
    monkeypatch.setenv("BAOCAO_INDEX", str(tmp_path / "env"))
    assert index.default_index_dir("explicit") == Path("explicit")
    assert index.default_index_dir(None) == tmp_path / "env"
    assert not index.is_default_location(None)
    monkeypatch.delenv("BAOCAO_INDEX")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert index.default_index_dir(None) == tmp_path / "data" / "baocao" / "index"
    assert index.is_default_location(None)
