"""``baocao classify a.txt bad.txt b.txt`` reads every file, lists the failures at the end and
exits 1; folders are read recursively, as ``index add`` reads them."""

from __future__ import annotations

A = "BÁO CÁO\n1. Kết quả\nTỉnh đã thực hiện tinh giản biên chế theo kế hoạch.\n"
B = "BÁO CÁO\n2. Hạn chế\nViệc tiếp công dân còn chậm, chưa đạt yêu cầu.\n"


def test_a_bad_file_does_not_stop_the_others(cli, tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    result = cli("classify", "--format", "jsonl", tmp_path / "a.txt", tmp_path / "bad.txt",
                 tmp_path / "b.txt")
    assert result.code == 1
    assert "tinh giản biên chế" in result.stdout and "tiếp công dân" in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'bad.txt'}: the file is empty — nothing to read"]


def test_a_folder_is_read_recursively(cli, tmp_path):
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "docs" / "sub" / "b.txt").write_text(B, encoding="utf-8")
    result = cli("classify", "--format", "csv", tmp_path / "docs")
    assert result.code == 0, result.stderr
    assert result.stdout.count("\n") == 3  # the header once, then one sentence per file
    assert "a.txt" in result.stdout and "b.txt" in result.stdout
