"""``--label`` takes the Vietnamese names of the labels too, with or without diacritics."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("name", ["limitation", "hạn chế", "han-che", "HAN CHE", "Hạn_chế"],
                         ids=["english", "vietnamese", "hyphen", "capitals", "underscore"])
def test_search_label_accepts_vietnamese_names(cli, bundled_index, name):
    result = cli("search", "tinh gian bien che", "--index", bundled_index, "--format", "jsonl",
                 "--label", name)
    labels = {json.loads(line)["label"] for line in result.stdout.splitlines()}
    assert result.code == 0 and labels == {"limitation"}


def test_classify_label_accepts_vietnamese_names(cli, bundled_report_path):
    result = cli("classify", bundled_report_path, "--format", "jsonl",
                 "--label", "nguyên nhân", "--label", "ket-qua")
    labels = {json.loads(line)["label"] for line in result.stdout.splitlines()}
    assert result.code == 0 and labels == {"cause", "achievement"}


def test_unknown_label_name_is_a_usage_error_listing_the_names(cli, bundled_index):
    result = cli("search", "x", "--index", bundled_index, "--label", "thành tích")
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == (
        "baocao search: error: argument --label: unknown label 'thành tích'; expected one of "
        "achievement (Kết quả), limitation (Hạn chế), cause (Nguyên nhân), other (Khác)")
