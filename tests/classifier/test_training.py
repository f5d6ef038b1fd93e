"""The training set's helpers: reading a user's reports and section paths."""

from __future__ import annotations

import shutil

from nlp.classifier.lexicon import section_path
from nlp.classifier.training import read_reports


def test_read_reports_skips_an_unreadable_file_with_its_message(tmp_path, bundled_report_path):
    shutil.copy(bundled_report_path, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    reports, skipped = read_reports([tmp_path])
    assert [r.source for r in reports] == [str(tmp_path / "good.txt")]
    assert len(skipped) == 1 and "empty.txt" in skipped[0]


def test_section_path_drops_empty_headings_and_spaces():
    assert section_path(" II. Hạn chế >  > 2. Nguyên nhân ") == ("II. Hạn chế", "2. Nguyên nhân")
    assert section_path("") == ()
