"""Hostile and unusual files: encrypted PDFs, zip bombs, files beyond the size limit.

Every file is made by the test itself (fpdf2 + pypdf for PDFs, zipfile for the .docx bomb).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import nlp
from nlp.errors import UnsupportedFormatError

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf")
LINES = ("BÁO CÁO", "Kết quả thực hiện năm 2019",
         "Tỉnh đã thực hiện tinh giản biên chế theo kế hoạch.",
         "Việc tiếp công dân còn chậm, chưa đạt yêu cầu.")


def make_pdf(path: Path, lines=LINES) -> Path:
    """A PDF with a real text layer, one line per cell."""
    from fpdf import FPDF

    font = next((f for f in FONTS if Path(f).is_file()), None) or pytest.skip("no DejaVu font")
    pdf = FPDF()
    pdf.add_font("Unicode", fname=font)
    pdf.set_font("Unicode", size=11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def encrypt_pdf(source: Path, target: Path, algorithm: str, user_password: str = "") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret",
                   algorithm=algorithm)
    with open(target, "wb") as out:
        writer.write(out)
    return target


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_pdf_that_opens_without_a_password_is_read(tmp_path, algorithm):
    plain = make_pdf(tmp_path / "plain.pdf")
    locked = encrypt_pdf(plain, tmp_path / "aes.pdf", algorithm)
    assert b"/Encrypt" in locked.read_bytes()
    texts = [s.text for s in nlp.read_report(locked).sentences]
    assert texts == [s.text for s in nlp.read_report(plain).sentences]
    assert "Việc tiếp công dân còn chậm, chưa đạt yêu cầu." in texts


def test_aes_pdf_with_a_user_password_is_refused_with_one_message(tmp_path):
    locked = encrypt_pdf(make_pdf(tmp_path / "plain.pdf"), tmp_path / "locked.pdf", "AES-256",
                         user_password="secret")
    with pytest.raises(UnsupportedFormatError, match="encrypted PDF .*unprotected copy"):
        nlp.read_report(locked)
