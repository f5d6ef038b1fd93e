"""The frozen judged query sets of scripts/: held-out sets stay out of tuning, samples stay apart."""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
SAMPLES = ("search_sample_100.txt", "search_sample_fresh.txt", "search_sample_fresh2.txt")
GRADED_ON_SAMPLES = {"fresh": ("judged_queries_fresh.tsv", "search_sample_fresh.txt"),
                     "fresh2": ("judged_queries_fresh2.tsv", "search_sample_fresh2.txt")}
HELD_OUT = ("fresh2",)  # "fresh" was held out for one round, then tuned on


def search_quality():
    spec = importlib.util.spec_from_file_location("search_quality", SCRIPTS / "search_quality.py")
    module = importlib.util.module_from_spec(spec)
    # its dataclasses look their module up in sys.modules while they are made
    sys.modules.setdefault("search_quality", module)
    spec.loader.exec_module(module)
    return module


def sample(name: str) -> list[str]:
    return [line.strip() for line in (SCRIPTS / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def judged_rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in (SCRIPTS / name).read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_held_out_sets_are_not_tuning_sets():
    sq = search_quality()
    assert set(sq.HELD_OUT_SETS) == set(HELD_OUT)
    assert not set(sq.TUNING_SETS) & set(sq.HELD_OUT_SETS)


def test_archive_samples_are_100_distinct_documents_each_and_disjoint():
    names = [sample(name) for name in SAMPLES]
    assert [len(set(n)) for n in names] == [100, 100, 100]
    everything = Counter(n for listing in names for n in listing)
    assert [n for n, count in everything.items() if count > 1] == []


@pytest.mark.parametrize("judged, listing", GRADED_ON_SAMPLES.values())
def test_sample_judgments_name_only_their_sample_with_one_grade_each(judged, listing):
    rows = judged_rows(judged)
    assert {row["file"] for row in rows} <= set(sample(listing))
    assert {row["grade"] for row in rows} <= {"0", "1", "2"}
    keys = Counter((row["query"], row["file"], row["sentence_sha1"]) for row in rows)
    assert [k for k, count in keys.items() if count > 1] == []
