"""OCR from the command line: ``baocao read`` of a scan, ``--no-ocr``, missing Tesseract, and
``baocao index add`` over a folder that mixes a text PDF, a scanned PDF and a .docx."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

SCANNED = ["BÁO CÁO", "Kết quả công tác tiếp công dân năm 2020", "", "I. KẾT QUẢ",
           "Công tác tiếp công dân được thực hiện thường xuyên, đúng quy định của pháp luật.",
           "Nhiều vụ việc khiếu nại kéo dài đã được giải quyết dứt điểm tại cơ sở."]
TEXT_LAYER = ["BÁO CÁO", "I. KẾT QUẢ", "Công tác cải cách hành chính được quan tâm chỉ đạo.",
              "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,57%."]


def run(exe: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def scan(make_scan, tmp_path_factory):
    return make_scan(tmp_path_factory.mktemp("cli-ocr") / "scan.pdf", [SCANNED])


def test_read_json_says_which_pages_were_ocrd(baocao_exe, tesseract_vie, scan):
    result = run(baocao_exe, "read", "--format", "json", str(scan))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["page"] for p in data["pages_ocr"]] == [1]
    assert data["pages_ocr"][0]["confidence"] > 80 and data["pages_low_confidence"] == []
    assert "Nhiều vụ việc khiếu nại kéo dài đã được giải quyết dứt điểm tại cơ sở." in [
        s["text"] for s in data["sentences"]]
    confidence = data["pages_ocr"][0]["confidence"]
    assert result.stderr == f"{scan}: OCR read page (mean confidence): 1 ({confidence:g})\n"


def test_no_ocr_keeps_the_error(baocao_exe, scan):
    result = run(baocao_exe, "read", "--no-ocr", str(scan))
    assert result.returncode == 1
    assert result.stderr == (f"Error: {scan}: the PDF has no text layer (a scan?) and OCR is "
                             "off — leave out --no-ocr to read it by OCR, or use the original "
                             "document\n")


def test_missing_tesseract_one_error_line(baocao_exe, scan, tmp_path):
    result = run(baocao_exe, "classify", str(scan), env={"PATH": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr == (f"Error: {scan}: needs OCR, but Tesseract is not installed — "
                             "install it (apt-get install tesseract-ocr tesseract-ocr-vie), "
                             "or pass --no-ocr\n")


def test_index_add_mixed_folder(baocao_exe, tesseract_vie, make_scan, scan, tmp_path):
    import docx
    from fpdf import FPDF

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(scan.read_bytes())
    pdf = FPDF()
    pdf.add_font("Unicode", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("Unicode", size=11)
    pdf.add_page()
    for line in TEXT_LAYER:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(folder / "text.pdf"))
    document = docx.Document()
    for line in ("BÁO CÁO", "I. HẠN CHẾ", "Đời sống của một bộ phận nhân dân còn khó khăn."):
        document.add_paragraph(line)
    document.save(folder / "report.docx")
    ix = str(tmp_path / "ix")
    result = run(baocao_exe, "index", "add", "--index", ix, str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added 3, replaced 0, unchanged 0, failed 0")
    found = run(baocao_exe, "search", "--index", ix, "--format", "jsonl", "khiếu nại")
    assert [json.loads(line)["source"] for line in found.stdout.splitlines()] == [
        str(folder / "scan.pdf")]
    refused = run(baocao_exe, "index", "add", "--index", str(tmp_path / "ix2"), "--no-ocr",
                  str(folder))
    assert refused.returncode == 1
    assert refused.stdout.startswith("added 2, replaced 0, unchanged 0, failed 1")
    assert "scan.pdf: the PDF has no text layer (a scan?) and OCR is off" in refused.stderr


def test_blank_scan_says_ocr_found_nothing(baocao_exe, tesseract_vie, tmp_path):
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (300, 120), "gray"), x=10, y=10, w=120)
    pdf.output(str(tmp_path / "blank.pdf"))
    result = run(baocao_exe, "read", str(tmp_path / "blank.pdf"))
    assert result.returncode == 1
    assert result.stderr == (f"Error: {tmp_path / 'blank.pdf'}: the PDF has no text layer, and "
                             "OCR found no text in it — is it a blank or unreadable scan?\n")
