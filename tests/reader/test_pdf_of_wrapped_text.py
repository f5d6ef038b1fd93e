"""A hard-wrapped document printed to PDF reads into the same sentences as its text: short
headings ("5. Sở Xây dựng", "Sở Tài chính", "1. Về việc ...:") are not joined to the text below,
though a PDF has no blank lines between them."""

from __future__ import annotations

from pathlib import Path

import pytest

import nlp

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BAR = 0.95


def print_to_pdf(text: str, path: Path) -> Path:
    """Each line of ``text`` as one line of a PDF page (small type: wrapped lines fit)."""
    from fpdf import FPDF

    if not FONT.is_file():
        pytest.skip("no DejaVu font (apt-get install fonts-dejavu-core)")
    pdf = FPDF(format="A4")
    pdf.add_font("Unicode", fname=str(FONT))
    pdf.set_font("Unicode", size=7)
    pdf.set_auto_page_break(True, 15)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def agreement(text_file: Path, tmp_path: Path) -> float:
    """The share of the text version's sentences that the PDF version has too."""
    pdf = print_to_pdf(text_file.read_text(encoding="utf-8"), tmp_path / f"{text_file.stem}.pdf")
    from_text = [s.text for s in nlp.read_report(text_file, words=False).sentences]
    from_pdf = {s.text for s in nlp.read_report(pdf, words=False).sentences}
    return sum(s in from_pdf for s in from_text) / len(from_text)


def test_bundled_report(bundled_report_path, tmp_path):
    assert agreement(bundled_report_path, tmp_path) >= BAR


def test_hard_wrapped_web_documents(shared_dir, tmp_path):
    wrapped = [path for path in sorted((shared_dir / "corpus-dev").glob("*.txt"))
               if max(map(len, path.read_text(encoding="utf-8").splitlines())) <= 130]
    assert wrapped, "no hard-wrapped documents in corpus-dev"
    scores = {path.name: round(agreement(path, tmp_path), 3) for path in wrapped}
    assert all(score >= BAR for score in scores.values()), scores
