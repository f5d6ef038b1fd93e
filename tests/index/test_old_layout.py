"""An index written before the nlp/ split (older schema version, or a pickle naming moved code)
is refused with the command that rebuilds it, and that command rebuilds it."""

from __future__ import annotations

import json

import pytest

import index
from index.errors import IndexDamagedError
from index.schema import MARKER, SCHEMA_VERSION, create_or_open, open_index


def test_index_of_the_previous_schema_version_is_refused(tmp_path):
    create_or_open(tmp_path)
    (tmp_path / MARKER).write_text(json.dumps({"format": "baocao sentence index",
                                               "version": 3}), encoding="utf-8")
    assert SCHEMA_VERSION > 3
    with pytest.raises(IndexDamagedError, match=f"another version .* run 'baocao index rebuild "
                                                f"--index {tmp_path}'"):
        open_index(tmp_path)


def _name_moved_code(index_dir):
    """Make the pickled schema in the table of contents name a module that no longer exists."""
    for toc in index_dir.glob("_MAIN_*.toc"):
        data = toc.read_bytes()
        assert b"index.analysis" in data
        toc.write_bytes(data.replace(b"index.analysis", b"nlp.oldanalyze"))  # same length


def test_index_whose_schema_names_an_old_module_is_refused_with_the_rebuild_command(tmp_path):
    create_or_open(tmp_path)
    _name_moved_code(tmp_path)
    with pytest.raises(IndexDamagedError, match=r"written by an older baocao \(No module named "
                                                r"'nlp.oldanalyze'\) — run 'baocao index "
                                                r"rebuild --index"):
        open_index(tmp_path)


def test_rebuild_repairs_an_index_that_names_an_old_module(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Công tác tiếp công dân được duy trì thường xuyên.", encoding="utf-8")
    ix = tmp_path / "ix"
    index.add_reports(ix, [report], workers=1)
    _name_moved_code(ix)
    with pytest.raises(IndexDamagedError):
        index.list_reports(ix)
    index.rebuild_index(ix, workers=1)
    assert [r["source"] for r in index.list_reports(ix)] == [str(report.resolve())]
