"""The developers' written examples (corpus/examples.tsv) are well formed and cover every case."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "examples.tsv"
LABELS = ("achievement", "limitation", "cause", "other")
HEADER = ["label", "doc_type", "section", "text"]
DOC_TYPES = {"BÁO CÁO", "KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "NGHỊ QUYẾT", "CÔNG VĂN", "BÀI VIẾT", ""}


def _lines() -> list[str]:
    return EXAMPLES.read_text(encoding="utf-8").split("\n")


def _rows() -> list[list[str]]:
    body = [line for line in _lines() if line and not line.startswith("#")]
    assert body[0].split("\t") == HEADER
    return [line.split("\t") for line in body[1:]]


def test_file_starts_with_comments_saying_the_sentences_are_written_by_the_developers():
    lines = _lines()
    comments = [line for line in lines[: lines.index("\t".join(HEADER))]]
    assert comments and all(line.startswith("#") for line in comments)
    assert "written by the baocao developers" in " ".join(comments).lower()


def test_every_row_has_four_fields_a_known_label_and_a_known_doc_type():
    rows = _rows()
    assert len(rows) >= 500
    bad = [row for row in rows if len(row) != 4 or row[0] not in LABELS or row[1] not in DOC_TYPES]
    assert bad == []


def test_texts_are_nfc_trimmed_unique_and_of_sentence_length():
    texts = [row[3] for row in _rows()]
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)
    assert all(text == text.strip() and "  " not in text for text in texts)
    assert [t for t, n in Counter(texts).items() if n > 1] == []
    assert all(3 <= len(text.split()) <= 90 for text in texts)


def test_section_paths_use_the_agreed_separator():
    sections = [row[2] for row in _rows() if row[2]]
    assert all(part.strip() == part and part for s in sections for part in s.split(" > "))
    # a sizeable share of rows has no section, as text pasted without headings has none
    assert 0.25 <= 1 - len(sections) / len(_rows()) <= 0.6


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES), ids=lambda d: d or "no-document")
def test_every_label_is_present_for_every_document_type(doc_type):
    counts = defaultdict(int)
    for label, row_doc_type, _, _ in _rows():
        if row_doc_type == doc_type:
            counts[label] += 1
    assert {label: counts[label] >= 3 for label in LABELS} == dict.fromkeys(LABELS, True)


def test_labels_are_balanced_enough_that_none_is_drowned():
    counts = Counter(row[0] for row in _rows())
    assert min(counts.values()) / max(counts.values()) >= 0.5
