"""File -> text for every supported format, and a clear error for every unreadable file.

Every fixture file is made by the test itself: .docx with python-docx, PDF with fpdf2 and a
Unicode TrueType font, legacy and UTF-16 encodings with Python's codecs.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from nlp.errors import EmptyDocumentError, FileMissingError, UnsupportedFormatError
from nlp.reader.formats import decode_bytes, extract_text, strip_markdown
from nlp.reader.legacy import unicode_to_tcvn3, unicode_to_vni

TEXT = ("Báo cáo kết quả thực hiện “Năm dân vận chính quyền” 2018.\n"
        "Đời sống của một bộ phận nhân dân, nhất là vùng nông thôn, còn khó khăn.\n"
        "Thực hiện tinh giản biên chế khối chính quyền mới đạt 39,9% kế hoạch.")

FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/TTF/DejaVuSans.ttf",
                   "/Library/Fonts/Arial Unicode.ttf", "C:/Windows/Fonts/arial.ttf")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Encode the way Windows-1258 does: precomposed base letter, then a combining tone."""
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


def unicode_font() -> str:
    font = next((f for f in FONT_CANDIDATES if Path(f).is_file()), None)
    if font is None:
        pytest.skip("no TrueType font with Vietnamese glyphs on this machine")
    return font


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF with a real text layer: one list of lines per page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Unicode", fname=unicode_font())
    pdf.set_font("Unicode", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose page is only a picture, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill="black")
    picture = path.with_suffix(".png")
    image.save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=150)
    pdf.output(str(path))
    return path


def make_docx(path: Path) -> Path:
    """A report header laid out in a table, then headings, body and a table in the body."""
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 12/BC-UBND"
    header.cell(1, 1).text = "Kiên Giang, ngày 3 tháng 4 năm 2020"
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Kết quả cải cách hành chính quý I năm 2020")
    document.add_paragraph("I. KẾT QUẢ ĐẠT ĐƯỢC")
    document.add_paragraph("Công tác cải cách hành chính được quan tâm chỉ đạo.")
    body = document.add_table(rows=1, cols=2)
    body.cell(0, 0).text = "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,57%."
    body.cell(0, 1).text = "Số thủ tục được đơn giản hóa tăng so với cùng kỳ."
    document.add_paragraph("II. HẠN CHẾ")
    document.add_paragraph("Một số thủ tục còn rườm rà./.")
    document.save(str(path))
    return path


# --- plain text in every encoding ---------------------------------------------------------

ENCODINGS = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8-bom": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16-le-bom": TEXT.encode("utf-16"),
    "utf-16-be-bom": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "windows-1258": windows_1258(TEXT),
    "utf-8-crlf": TEXT.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("name", ENCODINGS, ids=list(ENCODINGS))
def test_text_encodings_decode_to_the_same_text(name, tmp_path):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(ENCODINGS[name])
    text, data = extract_text(path)
    assert unicodedata.normalize("NFC", text) == TEXT
    assert data == ENCODINGS[name]


def test_nfd_text_is_read_as_the_same_letters(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", TEXT), encoding="utf-8")
    text, _ = extract_text(path)
    assert unicodedata.normalize("NFC", text) == TEXT


@pytest.mark.parametrize("encode", [
    lambda t: unicode_to_tcvn3(t).encode("cp1252", errors="strict"),
    lambda t: unicode_to_vni(t).encode("cp1252"),
    lambda t: unicode_to_vni(t).encode("utf-8"),
], ids=["tcvn3-8bit", "vni-8bit", "vni-in-utf8"])
def test_legacy_font_text_becomes_unicode(encode, tmp_path):
    lower = TEXT[0].lower() + TEXT[1:]  # toned capitals do not survive TCVN3 (see test_legacy)
    lower = lower.replace("\nĐời", "\nđời")
    path = tmp_path / "legacy.txt"
    path.write_bytes(encode(lower))
    assert extract_text(path)[0] == lower


def test_tcvn3_text_in_a_utf8_file(tmp_path):
    path = tmp_path / "tcvn3.txt"
    path.write_text("B¸o c¸o kÕt qu¶ thùc hiÖn", encoding="utf-8")
    assert extract_text(path)[0] == "Báo cáo kết quả thực hiện"


def test_markdown_marks_are_not_text(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("# Kết quả\n\n**Công tác** cải cách _hành chính_ được [quan tâm](http://x.vn).\n\n"
                    "| Chỉ tiêu | Kết quả |\n|---|---|\n| Hồ sơ | 99,57% |\n", encoding="utf-8")
    text = extract_text(path)[0]
    assert "Công tác cải cách hành chính được quan tâm." in text
    assert not any(mark in text for mark in ("**", "_", "|", "](", "---"))
    assert "Chỉ tiêu\nKết quả" in text and "Hồ sơ\n99,57%" in text


def test_strip_markdown_keeps_heading_marks():
    assert strip_markdown("## Nội dung chính\n*Nơi nhận:*") == "## Nội dung chính\nNơi nhận:"


# --- .docx and .pdf ---------------------------------------------------------------------------

def test_docx_paragraphs_and_table_cells_in_document_order(tmp_path):
    text, _ = extract_text(make_docx(tmp_path / "report.docx"))
    lines = [line for line in text.split("\n") if line]
    assert lines[:4] == ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc"]
    order = [lines.index(line) for line in (
        "Số: 12/BC-UBND", "BÁO CÁO", "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Công tác cải cách hành chính được quan tâm chỉ đạo.",
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,57%.",
        "Số thủ tục được đơn giản hóa tăng so với cùng kỳ.", "II. HẠN CHẾ")]
    assert order == sorted(order)


def test_pdf_text_layer_with_page_break(tmp_path):
    path = make_pdf(tmp_path / "report.pdf", [
        ["BÁO CÁO", "Công tác cải cách hành chính được quan tâm, tăng cường kỷ luật, kỷ"],
        ["2", "cương hành chính được nâng lên."]])
    text, _ = extract_text(path)
    assert "Công tác cải cách hành chính được quan tâm, tăng cường kỷ luật, kỷ" in text
    assert "cương hành chính được nâng lên." in text
    assert "\f" in text  # the page break is kept for the repair step


# --- bad files ----------------------------------------------------------------------------------

def test_missing_path(tmp_path):
    path = tmp_path / "nowhere.txt"
    with pytest.raises(FileMissingError, match="no such file"):
        extract_text(path)


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(FileMissingError, match="is a folder"):
        extract_text(tmp_path)


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t "], ids=["empty", "blank"])
def test_empty_file(content, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyDocumentError, match="the file is empty"):
        extract_text(path)


@pytest.mark.parametrize("content", [
    bytes(range(256)) * 8,
    b"\x89PNG\r\n\x1a\n" + b"\x10" * 64,
    b"PK\x03\x04" + b"\x00" * 64,
], ids=["bytes", "png", "zip"])
def test_binary_file(content, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(UnsupportedFormatError):
        extract_text(path)


def test_scanned_pdf_has_no_text_layer(tmp_path):
    path = make_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(EmptyDocumentError, match="no text layer"):
        extract_text(path)


def test_damaged_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"this is not a zip file at all")
    with pytest.raises(UnsupportedFormatError, match="not a valid .docx"):
        extract_text(path)


def test_broken_utf16_is_reported():
    with pytest.raises(UnsupportedFormatError, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "x.txt")


def test_markdown_emphasis_split_across_lines(tmp_path):
    path = tmp_path / "law.md"
    path.write_text("*Căn cứ Luật Đầu tư công số\n58/2024/QH15;*\n\n*Căn cứ Luật Ngân sách; *\n"
                    "* mục một\n5*3 = 15, snake_case", encoding="utf-8")
    assert extract_text(path)[0] == ("Căn cứ Luật Đầu tư công số\n58/2024/QH15;\n\n"
                                     "Căn cứ Luật Ngân sách; \n- mục một\n5*3 = 15, snake_case")


def test_wiki_tables_and_notes(tmp_path):
    path = tmp_path / "wiki.md"
    path.write_text("Ngày sinh | 29 tháng 1, 1983 |\nTiểu sử[sửa | sửa mã nguồn]\n"
                    "Anh sinh ra ở Hà Nội.[1][2]", encoding="utf-8")
    assert extract_text(path)[0] == "Ngày sinh\n29 tháng 1, 1983\nTiểu sử\nAnh sinh ra ở Hà Nội."


def test_password_protected_pdf(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Unicode", fname=unicode_font())
    pdf.set_font("Unicode", size=11)
    pdf.add_page()
    pdf.cell(0, 8, "Báo cáo kết quả")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(UnsupportedFormatError, match="an encrypted PDF"):
        extract_text(path)


def test_truncated_pdf(tmp_path):
    whole = make_pdf(tmp_path / "whole.pdf", [["Báo cáo kết quả thực hiện"]]).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole[:400])
    with pytest.raises(UnsupportedFormatError, match="a damaged PDF"):
        extract_text(path)


def test_docx_typed_in_a_legacy_font_becomes_unicode(tmp_path):
    import docx

    lower = TEXT[0].lower() + TEXT[1:]  # toned capitals do not survive TCVN3 (see test_legacy)
    lines = lower.replace("\nĐời", "\nđời").split("\n")
    document = docx.Document()
    document.add_paragraph(unicode_to_tcvn3(lines[0]))   # .VnTime
    document.add_paragraph(unicode_to_vni(lines[1]))     # VNI-Times
    document.add_paragraph(lines[2])                     # already Unicode
    document.save(tmp_path / "old.docx")
    text, _ = extract_text(tmp_path / "old.docx")
    assert [line for line in text.split("\n") if line] == lines
