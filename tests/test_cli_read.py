"""``baocao read``: in-process through ``main()``; the JSON and a usage error end to end through
the installed command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest


def run(exe: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([exe, "read", *args], input=stdin, capture_output=True, timeout=120)


def test_json_output(baocao_exe, bundled_report_path, shared_dir):
    result = run(baocao_exe, str(bundled_report_path), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert list(data) == ["source", "sha256", "metadata", "sections", "sentences", "pages_ocr",
                          "pages_low_confidence"]
    assert set(data["metadata"]) == {"doc_type", "number", "place", "province", "date", "title", "issuers",
                                     "signers", "recipients"}
    assert data["metadata"]["number"] == "401-BC/BDV-BCSDUBND"
    assert data["metadata"]["date"] == "2019-05-27"
    assert data["sections"][-1] == {"number": "2.2.", "title": "Nguyên nhân", "level": 3}
    gold = (shared_dir / "gold" / "seed-sentences.tsv").read_text("utf-8").splitlines()[1:]
    assert len(data["sentences"]) == len(gold) == 108
    sentence = data["sentences"][89]
    assert set(sentence) == {"index", "section", "text", "words"}
    assert sentence["section"] == ["III- ĐÁNH GIÁ CHUNG", "2. Hạn chế, nguyên nhân", "2.1. Hạn chế"]
    assert any(" " in word for word in sentence["words"])


def test_text_output(cli, bundled_report_path):
    result = cli("read", bundled_report_path)
    assert result.code == 0
    out = result.stdout
    assert "number     401-BC/BDV-BCSDUBND" in out
    assert "signers    T/M BAN CÁN SỰ ĐẢNG UBND TỈNH / BÍ THƯ: Phạm Vũ Hồng" in out
    assert "[107] III- ĐÁNH GIÁ CHUNG > 2. Hạn chế, nguyên nhân > 2.2. Nguyên nhân" in out


def test_standard_input(cli):
    text = "2.1. Hạn chế\nViệc tinh giản biên chế còn chậm.\n"
    result = cli("read", "-", "--format", "json", stdin=text.encode("utf-16"))
    assert result.code == 0, result.stderr
    sentences = json.loads(result.stdout)["sentences"]
    assert [(s["section"], s["text"]) for s in sentences] == [
        (["2.1. Hạn chế"], "Việc tinh giản biên chế còn chậm.")]


def _scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF
    from PIL import Image

    picture = path.with_suffix(".png")
    Image.new("RGB", (300, 120), "gray").save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=120)
    pdf.output(str(path))
    return path


BAD = {
    "empty.txt": (b"", "the file is empty — nothing to read"),
    "binary.txt": (bytes(range(256)) * 4,
                   "a binary file, not text — save the report as .txt, .docx or .pdf"),
    "english.txt": (b"An annual report written in English, with no Vietnamese at all.",
                    "no Vietnamese text found — is this the right file, or in an unsupported "
                    "encoding?"),
}


@pytest.mark.parametrize("name", list(BAD), ids=list(BAD))
def test_bad_files(cli, name, tmp_path):
    content, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("read", path)
    assert result.code == 1
    assert result.stderr == f"Error: {path}: {message}\n"
    assert result.stdout == ""


def test_scanned_pdf(cli, tmp_path):
    path = _scanned_pdf(tmp_path / "scan.pdf")
    result = cli("read", path, "--no-ocr")
    assert result.code == 1
    assert result.stderr == (f"Error: {path}: the PDF has no text layer (a scan?) and OCR is off "
                             "— leave out --no-ocr to read it by OCR, or use the original "
                             "document\n")


def test_missing_path(cli, tmp_path):
    path = tmp_path / "missing.docx"
    result = cli("read", path)
    assert result.code == 1
    assert result.stderr == f"Error: {path}: no such file — check the path\n"


def test_usage_error_exits_2(baocao_exe):
    result = subprocess.run([baocao_exe, "read"], capture_output=True, timeout=60)
    assert result.returncode == 2
    assert b"FILE" in result.stderr and b"Traceback" not in result.stderr


def test_usage_error_in_process_gives_the_usage_line(cli):
    result = cli("read", "--format", "xml", "report.txt")
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: baocao read ")
    assert "argument --format: invalid choice: 'xml'" in result.stderr
