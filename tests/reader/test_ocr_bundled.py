"""The bundled report, printed to PDF, scanned to pictures and read back through OCR.

Slow (Tesseract reads 13 pages at 300 dpi: minutes on a loaded machine), so marked ``slow``;
CI runs it too.  The gold is the reader's own reading of the .txt: OCR must give the same body
sentences and metadata, not merely similar text.
"""

from __future__ import annotations

import difflib

import pytest

import nlp
from nlp.text import fold_whitespace


@pytest.mark.slow
def test_bundled_report_read_back_from_a_scan(tesseract_vie, make_scan, bundled_report_path,
                                              bundled_report, tmp_path):
    text = bundled_report_path.read_text(encoding="utf-8")
    scan = make_scan(tmp_path / "scan.pdf", [text.split("\n")], dpi=300)
    report = nlp.read_report(scan)
    gold = bundled_report.sentences
    assert len(gold) == 108
    got = [fold_whitespace(s.text) for s in report.sentences]
    equal = sum(fold_whitespace(s.text) in set(got) for s in gold) / len(gold)
    # Syllables: the OCR'd syllables aligned with the gold ones, over all body sentences.
    gold_syllables = [y for s in gold for y in fold_whitespace(s.text).split()]
    ocr_syllables = [y for s in got for y in s.split()]
    matcher = difflib.SequenceMatcher(None, gold_syllables, ocr_syllables, autojunk=False)
    correct = sum(block.size for block in matcher.get_matching_blocks()) / len(gold_syllables)
    confidences = [p.confidence for p in report.pages_ocr]
    print(f"\nOCR of the bundled report: {len(report.pages_ocr)} pages, mean confidence "
          f"{sum(confidences) / len(confidences):.1f}; sentences equal {equal:.3f} "
          f"({round(equal * len(gold))}/{len(gold)}); syllables correct {correct:.4f}")
    assert equal >= 0.90
    assert correct >= 0.98
    meta, expected = report.metadata, bundled_report.metadata
    assert (meta.number, meta.date, meta.place) == (expected.number, expected.date,
                                                    expected.place)
    assert meta.number == "401-BC/BDV-BCSDUBND" and meta.date == "2019-05-27"
