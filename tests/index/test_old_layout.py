"""An index written before the nlp/ split (older schema version, or a pickle naming moved code)
is refused with the command that rebuilds it, and that command rebuilds it."""

from __future__ import annotations

import json

import pytest

import index
from index.errors import IndexDamagedError, IndexUntrustedError
from index.integrity import CHECKSUMS, read_checksums, write_checksums
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
    """Make the pickled schema in the table of contents name a module that no longer exists,
    and sign the result as this installation would (as if an older baocao had written it)."""
    for toc in index_dir.glob("_MAIN_*.toc"):
        data = toc.read_bytes()
        assert b"index.analysis" in data
        toc.write_bytes(data.replace(b"index.analysis", b"nlp.oldanalyze"))  # same length
    signed = read_checksums(index_dir)
    write_checksums(index_dir, signed.generation, list(signed.files), signed.sources)


def test_a_pickled_schema_naming_moved_code_is_never_loaded(tmp_path):
    # The index is opened with baocao's own schema, not the one pickled in the folder: a table
    # of contents naming code that has moved since opens, with the current analysis.
    report = tmp_path / "r.txt"
    report.write_text("Công tác tiếp công dân được duy trì thường xuyên.", encoding="utf-8")
    ix = tmp_path / "ix"
    index.add_reports(ix, [report], workers=1)
    _name_moved_code(ix)
    assert [r["source"] for r in index.list_reports(ix)] == [str(report.resolve())]
    assert index.search(ix, "tiep cong dan").hits


def test_an_unsigned_index_of_an_older_baocao_is_refused_with_what_to_do(tmp_path):
    create_or_open(tmp_path)
    (tmp_path / CHECKSUMS).unlink()
    with pytest.raises(IndexUntrustedError, match="index add"):
        open_index(tmp_path)
