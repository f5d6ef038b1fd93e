"""Signed checksums: no file of an index folder is unpickled unless this user's baocao wrote it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

import index
from index.errors import IndexDamagedError, IndexUntrustedError
from index.integrity import CHECKSUMS, read_checksums
from index.schema import make_schema, open_index

TEXT = ("BÁO CÁO\n1. Kết quả\nCông tác tiếp công dân số {n} được thực hiện thường xuyên.\n"
        "Việc cải cách hành chính lần {n} còn chậm, chưa đạt kế hoạch.\n")


class Payload:
    """Unpickling this creates ``target`` (a folder): the code a planted table of contents
    would run."""

    def __init__(self, target: str):
        self.target = target

    def __reduce__(self):
        return os.mkdir, (self.target,)


@pytest.fixture(scope="module")
def signed_index(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    for n in range(2):
        (docs / f"r{n}.txt").write_text(TEXT.format(n=n), encoding="utf-8")
    ix = tmp_path_factory.mktemp("signed") / "ix"
    index.add_reports(ix, [docs], workers=1)
    return ix


def _plant(folder: Path, target: Path, generation: int | None = None) -> None:
    """Write a table of contents whose segment list is a pickle that creates ``target``."""
    storage = FileStorage(str(folder))
    generation = TOC._latest_generation(storage, "MAIN") if generation is None else generation
    for toc in folder.glob(f"_MAIN_{generation}.toc"):
        toc.unlink()
    TOC(make_schema(), [Payload(str(target))], generation).write(storage, "MAIN")


def test_the_planted_table_of_contents_runs_code_in_plain_whoosh(signed_index, tmp_path):
    from whoosh.index import open_dir

    folder, target = tmp_path / "planted", tmp_path / "pwned"
    shutil.copytree(signed_index, folder)
    _plant(folder, target)
    try:
        open_dir(str(folder))
    except Exception:
        pass  # the payload is no segment; what matters is that it ran
    assert target.exists()  # so the tests below, where it is not written, mean something


def _commands(folder: Path, docs: Path) -> list[list[str]]:
    return [["search", "--index", str(folder), "tiếp công dân"],
            ["index", "list", "--index", str(folder)],
            ["index", "add", "--index", str(folder), str(docs)],
            ["index", "remove", "--index", str(folder), str(docs)],
            ["index", "rebuild", "--index", str(folder)]]


@pytest.mark.parametrize("how", ["other-key", "no-checksums", "newer-generation"])
def test_every_command_refuses_a_planted_folder(baocao_exe, signed_index, tmp_path, how):
    folder, target = tmp_path / "planted", tmp_path / "pwned"
    shutil.copytree(signed_index, folder)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x.txt").write_text(TEXT.format(n=9), encoding="utf-8")
    env = dict(os.environ)
    if how == "other-key":  # someone else's baocao wrote it, with their key
        env["BAOCAO_CONFIG_DIR"] = str(tmp_path / "someone-else")
        _plant(folder, target)
    elif how == "no-checksums":
        (folder / CHECKSUMS).unlink()
        _plant(folder, target)
    else:  # our own signed index, and a newer table of contents dropped beside it
        _plant(folder, target, generation=read_checksums(folder).generation + 1)
    for command in _commands(folder, docs):
        result = subprocess.run([baocao_exe, *command], capture_output=True, text=True,
                                env=env, timeout=300)
        assert not target.exists(), command
        if how == "newer-generation":  # never opened: the signed generation is served
            assert result.returncode == 0, (command, result.stderr)
            continue
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith(
            f"Error: the index at {folder} is not signed by you"), (command, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_replaced_table_of_contents_is_damage_that_rebuild_repairs(signed_index, tmp_path):
    folder, target = tmp_path / "ix", tmp_path / "pwned"
    shutil.copytree(signed_index, folder)
    before = [(h.source, h.text) for h in index.search(signed_index, "tiếp công dân").hits]
    _plant(folder, target)
    with pytest.raises(IndexDamagedError, match=r"does not match its checksum.*index rebuild"):
        index.search(folder, "tiếp công dân")
    # The list of sources is signed: rebuild trusts it, never the replaced file.
    assert len(index.rebuild_index(folder, workers=1).added) == 2
    assert not target.exists()
    assert [(h.source, h.text) for h in index.search(folder, "tiếp công dân").hits] == before


def test_a_key_added_on_purpose_makes_a_shared_index_open(signed_index, tmp_path, monkeypatch):
    from nlp.keys import key_path

    mine = key_path().read_bytes()
    monkeypatch.setenv("BAOCAO_CONFIG_DIR", str(tmp_path / "colleague"))
    with pytest.raises(IndexUntrustedError):
        open_index(signed_index)
    (tmp_path / "colleague" / "trusted").mkdir()
    (tmp_path / "colleague" / "trusted" / "from-me.key").write_bytes(mine)
    assert open_index(signed_index).doc_count() > 0


def test_checksums_are_signed(signed_index, tmp_path):
    folder = tmp_path / "ix"
    shutil.copytree(signed_index, folder)
    document = json.loads((folder / CHECKSUMS).read_text(encoding="utf-8"))
    document["sources"].append("/etc/passwd")  # a rebuild would copy it into the index
    (folder / CHECKSUMS).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(IndexUntrustedError, match="was altered"):
        read_checksums(folder)


def test_the_cache_of_verified_hashes_never_hides_a_change(signed_index, tmp_path, monkeypatch):
    import index.integrity as integrity

    folder = tmp_path / "ix"
    shutil.copytree(signed_index, folder)
    open_index(folder)  # verifies, and remembers the hashes in the user's config folder
    assert integrity._cache_path().is_file()
    monkeypatch.setattr(integrity, "_hashes", {})  # as in a new process: only the saved cache
    monkeypatch.setattr(integrity, "_cache", None)
    open_index(folder)
    target = next(folder.glob("MAIN_*.trm"))
    status = target.stat()
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))  # same size, and the same mtime put back
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))
    monkeypatch.setattr(integrity, "_hashes", {})
    monkeypatch.setattr(integrity, "_cache", None)
    with pytest.raises(IndexDamagedError, match="does not match its checksum"):
        open_index(folder)
