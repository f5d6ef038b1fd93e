"""Fault injection: every damage to an index folder gets one ``Error:`` line, and ``rebuild``
(or, for what cannot be trusted, a new index) restores it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import index
from baocao.cli import main
from index.integrity import CHECKSUMS, read_checksums
from index.schema import MARKER, open_index

TEXT = ("BÁO CÁO\n1. Kết quả\nCông tác tiếp công dân số {n} được thực hiện thường xuyên.\n"
        "Việc cải cách hành chính lần {n} còn chậm, chưa đạt kế hoạch.\n")
QUERY = "tiếp công dân"


def _docs(folder: Path, count: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (folder / f"r{n:03}.txt").write_text(TEXT.format(n=n), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("faults")
    docs = _docs(base / "docs", 2)
    ix = base / "ix"
    index.add_reports(ix, [docs], workers=1)
    return ix, docs


def _hits(ix: Path) -> list[tuple]:
    return [(h.source, h.index, h.text, round(h.score, 6))
            for h in index.search(ix, QUERY, limit=50).hits]


@pytest.fixture()
def ix(pristine, tmp_path) -> Path:
    folder = tmp_path / "ix"
    shutil.copytree(pristine[0], folder)
    return folder


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_error(err: str, start: str) -> None:
    err = "".join(line for line in err.splitlines(True) if not line.startswith("indexed "))
    assert err.count("\n") == 1 and err.startswith(f"Error: {start}"), err
    assert "Traceback" not in err


def _file(ix: Path, kind: str) -> Path:
    if kind == "toc":
        return ix / f"_MAIN_{read_checksums(ix).generation}.toc"
    (path,) = [p for p in ix.iterdir() if p.name.startswith("MAIN_") and p.name.endswith(kind)]
    return path


DAMAGES = {
    "zero-length": lambda p: p.write_bytes(b""),
    "halved": lambda p: p.write_bytes(p.read_bytes()[:p.stat().st_size // 2]),
    "zeroed": lambda p: p.write_bytes(bytes(p.stat().st_size)),
    "bit-flip": lambda p: p.write_bytes(_flip(p.read_bytes())),
    "deleted": lambda p: p.unlink(),
}
KINDS = ["toc", ".trm", ".pst", "_stored.col", "label.col", "_folded_len.col"]


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x10]) + data[middle + 1:]


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_file_is_one_line_and_rebuild_restores(capsys, pristine, ix, kind, damage):
    before = _hits(pristine[0])
    DAMAGES[damage](_file(ix, kind))
    message = f"the index at {ix} is damaged ("
    hint = f" — run 'baocao index rebuild --index {ix}'\n"
    for command in (["search", "--index", str(ix), QUERY], ["index", "list", "--index", str(ix)],
                    ["index", "add", "--index", str(ix), str(pristine[1])]):
        code, out, err = _run(capsys, *command)
        assert code == 1 and out == "", command
        _one_error(err, message)
        assert err.endswith(hint)
    code, out, err = _run(capsys, "index", "rebuild", "--index", str(ix))
    assert (code, out, err) == (0, "rebuilt 2 reports (4 sentences)\n", "")
    assert _hits(ix) == before


@pytest.mark.parametrize("what", ["marker", "sources.json"])
def test_damaged_marker_or_source_list(capsys, pristine, ix, what):
    (ix / (MARKER if what == "marker" else "sources.json")).write_bytes(b"\x00\xff")
    if what == "marker":
        code, _, err = _run(capsys, "search", "--index", str(ix), QUERY)
        assert code == 1
        _one_error(err, f"the index at {ix} is damaged ({MARKER}: ")
    code, out, err = _run(capsys, "index", "rebuild", "--index", str(ix))
    assert code == 0, err
    assert _hits(ix) == _hits(pristine[0])


def test_damaged_checksums_cannot_be_trusted(capsys, pristine, ix):
    (ix / CHECKSUMS).write_bytes(b"")
    for command in (["search", "--index", str(ix), QUERY],
                    ["index", "rebuild", "--index", str(ix)]):
        code, _, err = _run(capsys, *command)
        assert code == 1
        _one_error(err, f"the index at {ix} is not signed by you ({CHECKSUMS} is unreadable)")


@pytest.mark.parametrize("name", ["_MAIN_99.toc", "MAIN_zzzzzzzzzzzzzzzz.pst", "notes.txt"])
def test_a_file_dropped_into_the_folder_is_never_opened(capsys, pristine, ix, tmp_path, name):
    (ix / name).write_bytes(os.urandom(300))  # as a killed writer leaves its unfinished files
    before = _hits(pristine[0])
    assert _hits(ix) == before
    code, out, _ = _run(capsys, "index", "add", "--index", str(ix), str(_docs(tmp_path / "more", 1,
                                                                              start=7)))
    assert code == 0 and out.startswith("added 1,")
    code, _, _ = _run(capsys, "index", "rebuild", "--index", str(ix))
    assert code == 0 and len(index.indexed_sources(ix)) == 3
    assert name == "notes.txt" or not (ix / name).exists()  # Whoosh's garbage is cleaned


def test_a_reader_meeting_a_commit_tries_again(pristine, ix, tmp_path):
    old = read_checksums(ix)
    index.add_reports(ix, [_docs(tmp_path / "more", 1, start=5)], workers=1)
    # The checksums read just before the commit name files the commit has deleted.
    assert open_index(ix, checksums=old).doc_count() > open_index(pristine[0]).doc_count()


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture()
def read_only(ix, tmp_path):
    """``ix`` seen through a read-only bind mount (as root, chmod would not stop a write)."""
    view = tmp_path / "read-only"
    view.mkdir()
    if not _mount("--bind", str(ix), str(view)):
        pytest.skip("mount --bind is not permitted here")
    if not _mount("-o", "remount,bind,ro", str(view)):
        subprocess.run(["umount", str(view)])
        pytest.skip("a read-only remount is not permitted here")
    yield view
    subprocess.run(["umount", str(view)], check=True)


def test_a_read_only_index_is_searched_but_not_written(capsys, pristine, read_only):
    assert _hits(read_only) == [(s.replace(str(pristine[0]), str(read_only)), *rest)
                                for s, *rest in _hits(pristine[0])]
    code, out, _ = _run(capsys, "index", "list", "--index", str(read_only))
    assert code == 0 and out
    for command in (["add", str(pristine[1])], ["remove", str(pristine[1])], ["rebuild"]):
        code, out, err = _run(capsys, "index", command[0], "--index", str(read_only),
                              *command[1:])
        assert code == 1, command
        _one_error(err, f"the index at {read_only} is read-only (Read-only file system) — ")


@pytest.fixture()
def small_disk(tmp_path):
    """A 1 MB tmpfs: a full disk that needs no filling of the real one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)):
        pytest.skip("mount -t tmpfs is not permitted here")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # full
    finally:
        os.close(fd)
    return filler


@pytest.mark.parametrize("command", ["add", "rebuild"])
def test_a_full_disk_is_one_line_and_leaves_nothing_behind(capsys, pristine, small_disk,
                                                           tmp_path, command):
    ix = small_disk / "ix"
    index.add_reports(ix, [pristine[1]], workers=1)
    before, files = _hits(ix), sorted(p.name for p in ix.iterdir())
    more = _docs(tmp_path / "more", 30, start=40)
    filler = _fill(small_disk)
    args = [str(more)] if command == "add" else []
    code, out, err = _run(capsys, "index", command, "--index", str(ix), *args)
    assert code == 1 and out == ""
    _one_error(err, f"cannot write the index at {ix}: the disk is full — nothing was changed")
    assert sorted(p.name for p in ix.iterdir()) == files  # the partial segment is gone
    assert _hits(ix) == before
    filler.unlink()
    code, _, err = _run(capsys, "index", command, "--index", str(ix), *args)
    assert code == 0, err
    assert len(index.indexed_sources(ix)) == (32 if command == "add" else 2)
