"""Scanned PDFs and page images read through Tesseract: text, confidences, junk, limits, errors.

Every scan is made by the test (text -> PDF -> pictures -> image-only PDF, the ``make_scan``
fixture); tests that run Tesseract skip, saying what to install, when it is absent.
"""

from __future__ import annotations

import io
import os
import stat

import pytest

import nlp
from nlp.errors import EmptyDocumentError, OcrLimitError, OcrUnavailableError
from nlp.reader.ocr import INSTALL_HINT, OcrOptions, is_junk_line, needs_ocr
from nlp.text import fold_whitespace

PAGE_1 = ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG", "", "Số: 125/BC-UBND", "",
          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
          "Kiên Giang, ngày 15 tháng 6 năm 2020", "", "BÁO CÁO",
          "Kết quả cải cách hành chính 6 tháng đầu năm 2020", "", "I. KẾT QUẢ ĐẠT ĐƯỢC",
          "Công tác cải cách hành chính được các cấp, các ngành quan tâm chỉ đạo thường xuyên. "
          "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%, tăng so với cùng kỳ năm trước.",
          "Việc ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính được đẩy mạnh, "
          "người dân hài lòng hơn với dịch vụ công."]
PAGE_2 = ["II. HẠN CHẾ",
          "Một số thủ tục hành chính còn rườm rà, thời gian giải quyết còn kéo dài. "
          "Đội ngũ công chức ở cơ sở còn thiếu về số lượng, chưa đáp ứng yêu cầu nhiệm vụ.",
          "", "Nơi nhận:", "- Văn phòng Chính phủ;", "- Lưu: VT.", "",
          "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "", "Lâm Minh Thành"]


def _gold():
    return nlp.read_text("\n".join(PAGE_1 + ["\f"] + PAGE_2))


def _share_equal(report, gold) -> float:
    got = {fold_whitespace(s.text) for s in report.sentences}
    return sum(fold_whitespace(s.text) in got for s in gold.sentences) / len(gold.sentences)


@pytest.fixture(scope="module")
def scanned(tesseract_vie, make_scan, tmp_path_factory):
    """A two-page scanned report with a stamp and a signature on its last page, read once."""
    path = make_scan(tmp_path_factory.mktemp("scan") / "scan.pdf", [PAGE_1, PAGE_2], stamp=True)
    return path, nlp.read_report(path)


# --- which pages need OCR, which lines are junk (no Tesseract needed) ---------------------------

@pytest.mark.parametrize("text, expected", [
    ("", True), ("  \n 2 \n", True),
    ("Công tác cải cách hành chính được quan tâm chỉ đạo.", False),
    ("Thùc hiÖn tinh gi¶n biªn chÕ", False),                     # TCVN3: converted, then real
    ("\ue001\ue002\ue003 \ue004\ue005 ÿþ", True),                 # private-use glyph codes
    ("ẁỷ ỡỡ ỹẹx ẫẫq ữữ ự", True),                                 # letters, but no syllables
], ids=["empty", "page-number", "text", "tcvn3", "glyph-codes", "not-syllables"])
def test_needs_ocr(text, expected):
    assert needs_ocr(text) is expected


@pytest.mark.parametrize("words, junk", [
    ([("Số:", 93.0), ("125/BC-UBND", 90.0)], False),
    ([("Ôn", 31.0), ("2", 12.0)], True),                          # a stamp's noise
    ([("Công", 45.0), ("tác", 52.0), ("cải", 40.0), ("cách", 50.0), ("hành", 60.0),
      ("chính", 55.0)], False),                                   # a long, unsure line stays
    ([("—", 95.0), ("|", 91.0)], True),                           # no letter or digit
], ids=["header", "stamp", "long-unsure", "rules"])
def test_is_junk_line(words, junk):
    assert is_junk_line(words) is junk


def test_tsv_junk_lines_and_specks_are_dropped():
    from nlp.reader.ocr import _parse_tsv

    head = "\t".join(("level page_num block_num par_num line_num word_num left top width height "
                      "conf text").split())
    rows = [(1, 1, 1, 1, 95.1, "Việc"), (1, 1, 1, 2, 94.0, "tinh"), (1, 1, 1, 3, 18.0, "~"),
            (1, 1, 1, 4, 93.7, "giản"), (2, 1, 1, 1, 33.0, "Ồn"), (2, 1, 1, 2, 21.0, "ỹ"),
            (3, 1, 1, 1, 96.0, "Nơi"), (3, 1, 1, 2, 96.0, "nhận:")]
    tsv = "\n".join([head] + [f"5\t1\t{b}\t{p}\t{ln}\t{w}\t0\t0\t9\t9\t{c}\t{t}"
                              for b, p, ln, w, c, t in rows])
    text, kept = _parse_tsv(tsv)
    assert text == "Việc tinh giản\n\nNơi nhận:"
    assert kept == [95.1, 94.0, 93.7, 96.0, 96.0]


def test_missing_tesseract_says_what_to_install(tmp_path, monkeypatch, make_scan):
    path = make_scan(tmp_path / "scan.pdf", [PAGE_2], dpi=100)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(OcrUnavailableError, match="Tesseract is not installed") as caught:
        nlp.read_report(path)
    assert INSTALL_HINT in str(caught.value)


def test_missing_vietnamese_data_says_what_to_install(tmp_path, monkeypatch, make_scan):
    path = make_scan(tmp_path / "scan.pdf", [PAGE_2], dpi=100)
    fake = tmp_path / "bin" / "tesseract"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'List of available languages (2):'\necho eng\necho osd\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(OcrUnavailableError, match="no Vietnamese") as caught:
        nlp.read_report(path)
    assert INSTALL_HINT in str(caught.value)


def test_blank_page_in_a_text_pdf_needs_no_tesseract(tmp_path, monkeypatch):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Unicode", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("Unicode", size=11)
    for lines in (PAGE_1, [], ["2"], PAGE_2):
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "text.pdf"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    report = nlp.read_report(tmp_path / "text.pdf")
    assert report.pages_ocr == ()
    assert _share_equal(report, _gold()) == 1.0


def test_no_ocr_keeps_the_clear_error(tmp_path, make_scan):
    path = make_scan(tmp_path / "scan.pdf", [PAGE_2], dpi=100)
    with pytest.raises(EmptyDocumentError, match="no text layer .* OCR is off"):
        nlp.read_report(path, ocr=OcrOptions(enabled=False))


def test_page_limit(tmp_path, make_scan):
    path = make_scan(tmp_path / "scan.pdf", [PAGE_1, PAGE_2], dpi=100)
    with pytest.raises(OcrLimitError, match="2 pages need OCR, more than the limit of 1"):
        nlp.read_report(path, ocr=OcrOptions(max_pages=1))


def test_time_limit(tesseract_vie, tmp_path, make_scan):
    path = make_scan(tmp_path / "scan.pdf", [PAGE_1, PAGE_2])
    with pytest.raises(OcrLimitError, match="OCR took longer than the limit of 0.5 s"):
        nlp.read_report(path, ocr=OcrOptions(time_limit=0.5))


# --- reading scans -------------------------------------------------------------------------------

def test_scan_reads_like_its_text(scanned):
    path, report = scanned
    gold = _gold()
    assert (report.metadata.number, report.metadata.date, report.metadata.place) == \
        ("125/BC-UBND", "2020-06-15", "Kiên Giang")
    assert _share_equal(report, gold) >= 0.8
    assert [p.page for p in report.pages_ocr] == [1, 2]
    assert all(p.confidence >= 80 and not p.low for p in report.pages_ocr)
    assert report.to_dict()["pages_ocr"][0]["page"] == 1


def test_stamp_stays_out_of_sentences(scanned):
    _, report = scanned
    gold = {fold_whitespace(s.text) for s in _gold().sentences}
    extra = [s.text for s in report.sentences if fold_whitespace(s.text) not in gold]
    # A misread word may change a sentence, but no line of the stamp becomes one.
    assert len(extra) <= 1 and all(len(s.split()) > 6 for s in extra), extra
    assert [s.name for s in report.metadata.signers] == ["Lâm Minh Thành"]


def test_low_confidence_pages_are_flagged(scanned):
    path, _ = scanned
    report = nlp.read_report(path, ocr=OcrOptions(min_confidence=99.9))
    assert [p.page for p in report.pages_ocr if p.low] == [1, 2]
    assert report.to_dict()["pages_low_confidence"] == [1, 2]


def test_garbage_text_layer_is_replaced_by_ocr(tesseract_vie, tmp_path, make_scan):
    from fpdf import FPDF
    from fpdf.enums import TextMode
    from pypdf import PdfReader, PdfWriter

    scan = make_scan(tmp_path / "scan.pdf", [PAGE_2])
    layer = FPDF()
    layer.add_font("Unicode", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    layer.set_font("Unicode", size=10)
    layer.add_page()
    layer.text_mode = TextMode.INVISIBLE
    layer.multi_cell(0, 5, "¤¦§¨ ©ª«¬ ®¯°± ²³´µ ¶·¸¹ ºª»¼ ½¾¿× " * 20)
    merged = PdfWriter(clone_from=str(scan))
    merged.pages[0].merge_page(PdfReader(io.BytesIO(layer.output())).pages[0])
    merged.write(tmp_path / "hidden.pdf")
    assert "¤¦§¨" in PdfReader(tmp_path / "hidden.pdf").pages[0].extract_text()
    report = nlp.read_report(tmp_path / "hidden.pdf")
    assert [p.page for p in report.pages_ocr] == [1]
    assert any("thủ tục hành chính còn rườm rà" in s.text for s in report.sentences)


def test_folder_of_page_images_is_one_report(tesseract_vie, tmp_path, make_scan):
    folder = tmp_path / "pages"
    folder.mkdir()
    make_scan(folder, [PAGE_1, PAGE_2], images=True)
    report = nlp.read_report(folder)
    assert [p.page for p in report.pages_ocr] == [1, 2]
    assert report.metadata.number == "125/BC-UBND"
    assert _share_equal(report, _gold()) >= 0.8
    single = nlp.read_report(folder / "page-02.png")
    assert single.sentences[0].section == ("II. HẠN CHẾ",)
    with pytest.raises(Exception, match="OCR, which is off"):
        nlp.read_report(folder / "page-02.png", ocr=OcrOptions(enabled=False))
