"""Hostile and unusual files: encrypted PDFs, zip bombs, files beyond the size limit.

Every file is made by the test itself (fpdf2 + pypdf for PDFs, zipfile for the .docx bomb).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import nlp
import nlp.errors
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


# --- size limits: zip bombs, huge files, too many pages --------------------------------------

BOMB_SIZE = 1 << 28  # what word/document.xml inflates to: 256 MiB


def make_docx_bomb(path: Path) -> Path:
    """A real .docx whose word/document.xml inflates to 256 MiB (a few hundred KB on disk)."""
    import zipfile

    import docx

    small = path.with_name("small.docx")
    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả thực hiện năm 2019.")
    document.save(small)
    paragraph = b"<w:p><w:r><w:t>Th\xe1\xbb\xb1c hi\xe1\xbb\x87n</w:t></w:r></w:p>" * 1000
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w") as bomb:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, source.read(item))
                continue
            head, _, tail = source.read(item).partition(b"<w:body>")
            part = zipfile.ZipInfo(item.filename)
            part.compress_type = zipfile.ZIP_DEFLATED
            with bomb.open(part, "w", force_zip64=True) as out:
                out.write(head + b"<w:body>")
                for _ in range(BOMB_SIZE // len(paragraph)):
                    out.write(paragraph)
                out.write(tail)
    return path


def peak_memory_of(*command: str, env: dict | None = None):
    """Run ``command`` in a child process; return (result, the child's peak memory in MB)."""
    import os
    import subprocess
    import sys

    code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], "
            "capture_output=True, text=True); print(r.returncode); print(r.stderr, end=''); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, "
            "file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code, *command], capture_output=True,
                         text=True, env={**os.environ, **(env or {})}, timeout=120)
    lines = run.stdout.splitlines()
    return int(lines[0]), "\n".join(lines[1:]), int(run.stderr.split()[-1])


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory):
    """Made once: about 3 seconds of deflating."""
    path = make_docx_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx")
    assert path.stat().st_size < 2_000_000
    return path


def test_docx_bomb_is_refused_before_inflating(docx_bomb, baocao_exe):
    code, stderr, peak_mb = peak_memory_of(baocao_exe, "read", str(docx_bomb))
    assert code == 1
    assert stderr.startswith(f"Error: {docx_bomb}: part word/document.xml inflates ")
    assert " times (268.4 MB), more than any document (100 times) — a zip bomb?" in stderr
    assert peak_mb < 250, f"the refusal took {peak_mb} MB"


def test_docx_that_unpacks_beyond_the_limit_is_refused(docx_bomb, baocao_exe):
    code, stderr, peak_mb = peak_memory_of(baocao_exe, "read", "--max-size", "10",
                                           str(docx_bomb))
    assert code == 1
    assert re.fullmatch(re.escape(f"Error: {docx_bomb}: the unpacked .docx is ") + r"26\d\.\d"
                        + re.escape(" MB, beyond the limit of 100.0 MB — raise it with "
                                    "--max-size MB (or BAOCAO_MAX_SIZE) if you trust the file"),
                        stderr.strip())
    assert peak_mb < 250, f"the refusal took {peak_mb} MB"


def test_text_beyond_the_limit_is_refused_without_reading_it(tmp_path, baocao_exe):
    big = tmp_path / "big.txt"
    line = "Tỉnh đã thực hiện tinh giản biên chế theo kế hoạch của Trung ương.\n".encode()
    with open(big, "wb") as out:
        for _ in range(60_000_000 // len(line) + 1):
            out.write(line)
    code, stderr, peak_mb = peak_memory_of(baocao_exe, "read", str(big))
    assert (code, stderr.splitlines()[0]) == (1, (
        f"Error: {big}: the file is 60.0 MB, beyond the limit of 50.0 MB — raise it with "
        "--max-size MB (or BAOCAO_MAX_SIZE) if you trust the file"))
    assert peak_mb < 200, f"the refusal took {peak_mb} MB"
    code, stderr, _ = peak_memory_of(baocao_exe, "read", "--max-size", "0.5", str(big))
    assert "the file is 60.0 MB, beyond the limit of 0.5 MB" in stderr


def test_pdf_with_more_pages_than_the_limit_allows_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in range(15):
        pdf.add_page()
        pdf.cell(0, 10, f"Trang {number}")
    path = tmp_path / "pages.pdf"
    pdf.output(str(path))
    with pytest.raises(nlp.errors.FileTooLargeError,
                       match="15 pages, beyond the limit of 10 pages — raise it with --max-size"):
        nlp.read_report(path, max_size=20_000)
