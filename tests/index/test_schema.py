"""The schema and the index folder: creation, the marker, refusing foreign and damaged folders."""

from __future__ import annotations

import json
import pickle

import pytest

from index.errors import IndexDamagedError, IndexMissingError
from index.schema import MARKER, SCHEMA_VERSION, create_or_open, make_schema, open_index


def test_schema_survives_pickling():
    schema = make_schema()
    clone = pickle.loads(pickle.dumps(schema))
    assert clone.names() == schema.names()
    tokens = [t.text for t in clone["folded"].analyzer("Đội ngũ cán bộ")]
    assert tokens == ["doi", "ngu", "can", "bo"]


def test_text_is_indexed_as_folded_syllables_and_pairs():
    schema = make_schema()
    pairs = [t.text for t in schema["folded2"].analyzer("Tinh giản biên chế")]
    assert pairs == ["tinh gian", "gian bien", "bien che"]
    assert schema["text"].stored and not schema["text"].indexed


def test_create_writes_marker_and_empty_index(tmp_path):
    ix = create_or_open(tmp_path / "new" / "ix")
    assert ix.doc_count() == 0
    marker = json.loads((tmp_path / "new" / "ix" / MARKER).read_text(encoding="utf-8"))
    assert marker["version"] == SCHEMA_VERSION
    assert open_index(tmp_path / "new" / "ix").doc_count() == 0


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissingError, match="run 'baocao index add FOLDER' first"):
        open_index(tmp_path / "absent")


def test_foreign_folder_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(IndexDamagedError, match="is not a baocao index"):
        create_or_open(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_other_version_is_refused(tmp_path):
    create_or_open(tmp_path)
    (tmp_path / MARKER).write_text(json.dumps({"version": 99}), encoding="utf-8")
    with pytest.raises(IndexDamagedError, match="another version.*baocao index rebuild"):
        open_index(tmp_path)


def test_damaged_table_of_contents(tmp_path):
    create_or_open(tmp_path)
    for toc in tmp_path.glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexDamagedError, match=r"damaged .* run 'baocao index rebuild"):
        open_index(tmp_path)
