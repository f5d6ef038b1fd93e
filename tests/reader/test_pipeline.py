"""The whole reader: the bundled report against the gold, every format, folders, processes."""

from __future__ import annotations

import codecs
import multiprocessing
import pickle
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import nlp
from nlp.reader.legacy import unicode_to_tcvn3, unicode_to_vni
from nlp.text import fold_whitespace, normalize_text
from nlp.reader.report import Signer

SHORT_REPORT = """BÁO CÁO

Kết quả cải cách hành chính năm 2019

I. KẾT QUẢ ĐẠT ĐƯỢC

Công tác cải cách hành chính được quan tâm chỉ đạo. Tỷ lệ hồ sơ đúng hạn đạt 99,57%.

II. HẠN CHẾ

Một số thủ tục còn rườm rà, người dân còn phải đi lại nhiều lần./.
"""
SHORT_SENTENCES = [
    (("I. KẾT QUẢ ĐẠT ĐƯỢC",), "Công tác cải cách hành chính được quan tâm chỉ đạo."),
    (("I. KẾT QUẢ ĐẠT ĐƯỢC",), "Tỷ lệ hồ sơ đúng hạn đạt 99,57%."),
    (("II. HẠN CHẾ",), "Một số thủ tục còn rườm rà, người dân còn phải đi lại nhiều lần."),
]


def _gold(shared_dir):
    rows = (shared_dir / "gold" / "seed-sentences.tsv").read_text("utf-8").splitlines()
    assert rows[0] == "label\ttext"
    return [normalize_text(fold_whitespace(row.split("\t", 1)[1])) for row in rows[1:]]


def test_bundled_report_gives_exactly_the_gold_sentences(bundled_report, shared_dir):
    gold = _gold(shared_dir)
    assert len(gold) == 108
    assert [fold_whitespace(s.text) for s in bundled_report.sentences] == gold


def test_bundled_report_metadata(bundled_report):
    meta = bundled_report.metadata
    assert meta.doc_type == "BÁO CÁO"
    assert meta.number == "401-BC/BDV-BCSDUBND"
    assert (meta.place, meta.date, meta.year) == ("Kiên Giang", "2019-05-27", 2019)
    assert meta.title == "Kết quả thực hiện “Năm dân vận chính quyền” 2018"
    assert meta.issuers == ("TỈNH ỦY KIÊN GIANG", "BAN DÂN VẬN TỈNH ỦY", "BAN CÁN SỰ ĐẢNG UBND TỈNH")
    assert meta.signers == (Signer("T/M BAN CÁN SỰ ĐẢNG UBND TỈNH / BÍ THƯ", "Phạm Vũ Hồng"),
                            Signer("BAN DÂN VẬN TỈNH ỦY / TRƯỞNG BAN", "Lâm Hoàng Sa"))
    assert len(meta.recipients) == 14
    assert meta.recipients[0] == "Ban Dân vận TW (HN, T78)"
    assert meta.recipients[6] == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể"
    assert meta.recipients[-1] == "Lưu: BDVTU, BCSĐUBND, tthuy"


def test_bundled_report_sections_and_repairs(bundled_report):
    def starting(prefix):
        return next(s for s in bundled_report.sentences if s.text.startswith(prefix))

    first = bundled_report.sentences[0]
    assert first.section == () and first.text.startswith("Thực hiện Kế hoạch số 79-KH/BDV")
    assert starting("Công tác phối hợp giữa Ban cán sự đảng").section == (
        "III- ĐÁNH GIÁ CHUNG", "2. Hạn chế, nguyên nhân", "2.1. Hạn chế")
    assert starting("Sự lãnh đạo, chỉ đạo của hai bên").section == (
        "III- ĐÁNH GIÁ CHUNG", "2. Hạn chế, nguyên nhân", "2.2. Nguyên nhân")
    texts = " ".join(s.text for s in bundled_report.sentences)
    for joined in ("kỷ luật, kỷ cương", "hệ thống chính trị tỉnh Kiên Giang", "phù hợp với",
                   "chưa chịu khó", "vi phạm pháp luật"):
        assert joined in texts
    last = bundled_report.sentences[-1]
    assert last.text.endswith("Ban Dân vận Tỉnh ủy.") and "./." not in texts
    assert not any(s.text.startswith(("Nơi nhận", "- ", "Phạm Vũ Hồng", "BÍ THƯ"))
                   for s in bundled_report.sentences)
    assert [s.index for s in bundled_report.sentences] == list(range(108))


def test_bundled_report_words(bundled_report):
    for sentence in bundled_report.sentences:
        assert sentence.words and "".join(sentence.words).replace(" ", "") == \
            sentence.text.replace(" ", "")
    assert any("biên chế" in s.words for s in bundled_report.sentences)


def test_json_shape_and_pickle(bundled_report):
    data = bundled_report.to_dict()
    assert set(data) == {"source", "sha256", "metadata", "sections", "sentences", "pages_ocr",
                         "pages_low_confidence"}
    assert (data["pages_ocr"], data["pages_low_confidence"]) == ([], [])  # a text file
    assert set(data["metadata"]) == {"doc_type", "number", "place", "province", "date", "title",
                                     "issuers", "signers", "recipients"}
    assert pickle.loads(pickle.dumps(bundled_report)) == bundled_report


def test_read_text_and_read_bytes_agree():
    report = nlp.read_text(SHORT_REPORT, source="paste")
    assert [(s.section, s.text) for s in report.sentences] == SHORT_SENTENCES
    assert report.metadata.doc_type == "BÁO CÁO"
    assert report.metadata.title == "Kết quả cải cách hành chính năm 2019"
    again = nlp.read_bytes(SHORT_REPORT.encode("utf-16"), source="stdin")
    assert [(s.section, s.text) for s in again.sentences] == SHORT_SENTENCES


def _variants():
    lower = SHORT_REPORT.replace("Kết quả cải cách", "kết quả cải cách")  # TCVN3 has no Ế
    return {
        "utf-8.txt": SHORT_REPORT.encode("utf-8"),
        "utf-8-bom.txt": codecs.BOM_UTF8 + SHORT_REPORT.encode("utf-8"),
        "utf-16.txt": SHORT_REPORT.encode("utf-16"),
        "nfd.txt": unicodedata.normalize("NFD", SHORT_REPORT).encode("utf-8"),
        "vni.txt": unicode_to_vni(SHORT_REPORT).encode("cp1252"),
        "tcvn3-body.txt": (lower.split("I. K")[0] + "I. K" + unicode_to_tcvn3(
            lower.split("I. K", 1)[1])).encode("utf-8"),
        "page.md": SHORT_REPORT.replace("Công tác", "**Công tác**").encode("utf-8"),
    }


@pytest.mark.parametrize("name", list(_variants()), ids=list(_variants()))
def test_every_text_format_reads_the_same_sentences(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(_variants()[name])
    report = nlp.read_report(path)
    texts = [s.text.lower() for s in report.sentences]
    assert texts == [text.lower() for _, text in SHORT_SENTENCES]
    assert report.source == str(path)


def test_windows_1258_file(tmp_path):
    tones = "\u0300\u0301\u0303\u0309\u0323"
    data = bytearray()
    for char in SHORT_REPORT:  # base letter (â, ơ...) then a combining tone, as cp1258 stores it
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        data += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    (tmp_path / "cp1258.txt").write_bytes(bytes(data))
    report = nlp.read_report(tmp_path / "cp1258.txt")
    assert [(s.section, s.text) for s in report.sentences] == SHORT_SENTENCES


def test_docx_file(tmp_path):
    import docx

    document = docx.Document()
    for line in SHORT_REPORT.split("\n"):
        if line:
            document.add_paragraph(line)
    document.save(str(tmp_path / "report.docx"))
    report = nlp.read_report(tmp_path / "report.docx")
    assert [(s.section, s.text) for s in report.sentences] == SHORT_SENTENCES
    assert report.metadata.title == "Kết quả cải cách hành chính năm 2019"


def test_pdf_file_with_a_sentence_across_a_page_break(tmp_path):
    from fpdf import FPDF

    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not Path(font).is_file():
        pytest.skip("no DejaVu Sans font for Vietnamese glyphs")
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=font)
    pdf.set_font("DejaVu", size=11)
    pages = [["BÁO CÁO", "", "Kết quả cải cách hành chính năm 2019", "", "I. KẾT QUẢ ĐẠT ĐƯỢC",
              "Công tác cải cách hành chính được quan tâm, tăng cường kỷ luật, kỷ", "1"],
             ["cương hành chính được nâng lên.", "2"]]
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 7, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "report.pdf"))
    report = nlp.read_report(tmp_path / "report.pdf")
    assert [(s.section, s.text) for s in report.sentences] == [
        (("I. KẾT QUẢ ĐẠT ĐƯỢC",), "Công tác cải cách hành chính được quan tâm, tăng cường kỷ "
                                   "luật, kỷ cương hành chính được nâng lên.")]
    assert report.metadata.doc_type == "BÁO CÁO"


def test_iter_report_files_and_read_many(tmp_path):
    good = [tmp_path / f"r{i:02}.txt" for i in range(20)]
    for i, path in enumerate(good):
        path.write_text(f"Báo cáo số {i}: công tác cải cách hành chính được quan tâm.\n", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "empty.txt").write_bytes(b"")
    (tmp_path / "sub" / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "english.md").write_text("This report is written in English only.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("Báo cáo ẩn.", "utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    files = list(nlp.iter_report_files([tmp_path]))
    assert files == sorted(files) and len(files) == 23
    assert not any(p.name in (".hidden.txt", "picture.png") for p in files)
    results = dict(nlp.read_many([tmp_path]))
    errors = {p.name: e for p, e in results.items() if isinstance(e, nlp.ReportError)}
    assert set(errors) == {"empty.txt", "binary.txt", "english.md"}
    assert isinstance(errors["empty.txt"], nlp.EmptyDocumentError)
    assert isinstance(errors["binary.txt"], nlp.UnsupportedFormatError)
    assert isinstance(errors["english.md"], nlp.NotVietnameseError)
    assert sum(isinstance(r, nlp.Report) for r in results.values()) == 20


def test_bad_argument():
    with pytest.raises(ValueError, match="bytes"):
        nlp.read_text(b"bytes are not text")


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_reports_are_read_in_worker_processes(bundled_report_path, bundled_report):
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        reports = list(pool.map(nlp.read_report, [bundled_report_path] * 2))
    assert reports == [bundled_report, bundled_report]


def test_every_development_document_reads(shared_dir):
    files = sorted((shared_dir / "corpus-dev").glob("r*.txt"))
    assert len(files) == 8
    for path in files:
        report = nlp.read_report(path)
        assert report.sentences, path
        assert all(s.text.strip() and s.words for s in report.sentences)


@pytest.mark.parametrize("name", ["r002", "r010", "r015", "r017"])
def test_development_gold_sentences_come_out(name, shared_dir):
    rows = (shared_dir / "gold" / f"{name}.tsv").read_text("utf-8").splitlines()[1:]
    gold = {normalize_text(fold_whitespace(row.split("\t", 1)[1])) for row in rows}
    report = nlp.read_report(shared_dir / "corpus-dev" / f"{name}.txt")
    assert gold <= {fold_whitespace(s.text) for s in report.sentences}


def test_read_bytes_takes_the_format_hint_from_the_source_name():
    data = "# Cải cách hành chính\n\n**Công tác** cải cách được _quan tâm_.".encode()
    report = nlp.read_bytes(data, source="upload.md")
    assert report.metadata.title == "Cải cách hành chính"
    assert [s.text for s in report.sentences] == ["Công tác cải cách được quan tâm."]


def test_punctuation_alone_is_not_a_sentence():
    report = nlp.read_text("Công tác tiếp dân được quan tâm.\n-\n…\nKết quả tốt.")
    assert [s.text for s in report.sentences] == ["Công tác tiếp dân được quan tâm.", "Kết quả tốt."]


def test_read_many_reports_a_missing_explicit_path(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Công tác cải cách hành chính được quan tâm.", "utf-8")
    missing = tmp_path / "missing.pdf"
    results = list(nlp.read_many([good, missing]))
    assert [path for path, _ in results] == [good, missing]
    assert isinstance(results[0][1], nlp.Report)
    assert isinstance(results[1][1], nlp.FileMissingError)
    assert str(results[1][1]) == f"{missing}: no such file — check the path"


def test_an_annex_is_read_under_its_own_title():
    from tests.reader.test_metadata import DECISION_WITH_ANNEXES

    report = nlp.read_text(DECISION_WITH_ANNEXES)
    by_text = {sentence.text: sentence.section for sentence in report.sentences}
    rule = "QUY ĐỊNH VỀ QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH"
    assert by_text["Ban quản lý chợ bố trí người trực và thu gom rác thải hằng ngày."] == (
        rule, "Điều 2. Trách nhiệm của Ban quản lý chợ")
    assert by_text["Chợ trung tâm thành phố có ba trăm điểm kinh doanh cố định."][0] == \
        "PHỤ LỤC DANH MỤC CHỢ HẠNG MỘT"
    assert not any("Nơi nhận" in text or "Kèm theo" in text for text in by_text)
    assert [(s.title, s.level) for s in report.sections if s.level == 1][-2:] == [
        (rule, 1), ("PHỤ LỤC DANH MỤC CHỢ HẠNG MỘT", 1)]
