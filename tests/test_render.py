"""``baocao.render``: the jsonl and CSV of a value both follow its ``to_dict``."""

from __future__ import annotations

import csv
import io
import json

from baocao import render
from index.search import Hit, SearchResult
from nlp.classifier.apply import LabelledSentence
from nlp.classifier.explain import Reason

SCORES = {"achievement": 0.05, "limitation": 0.8, "cause": 0.1, "other": 0.05}
ROW = LabelledSentence("a.txt", 4, ("II. Hạn chế",), "Tiến độ giải ngân còn chậm.", "limitation",
                       0.8, SCORES, (Reason("còn chậm", 0.42),))


def test_csv_columns_follow_to_dict_with_one_column_per_probability():
    columns = render.csv_columns([ROW.to_dict()])
    assert columns == ["source", "index", "section", "text", "label", "score", "p_achievement",
                       "p_limitation", "p_cause", "p_other", "reasons"]
    [line] = render.csv_lines([ROW.to_dict()], columns, header=False)
    assert next(csv.reader([line])) == ["a.txt", "4", "II. Hạn chế", "Tiến độ giải ngân còn chậm.",
                                        "limitation", "0.8000", "0.0500", "0.8000", "0.1000",
                                        "0.0500", "còn chậm +0.42"]


def test_csv_rows_write_the_header_once_before_the_first_row():
    rows = render.CsvRows()
    assert rows.lines([]) == []
    first = rows.lines([ROW.to_dict()])
    second = rows.lines([ROW.to_dict()])
    assert first[0].startswith("source,index,section") and len(first) == 2
    assert len(second) == 1 and second == first[1:]


def test_a_new_to_dict_key_reaches_jsonl_and_csv():
    row = {**ROW.to_dict(), "page": 3}
    assert json.loads(render.jsonl_lines([row])[0])["page"] == 3
    assert render.csv_columns([row])[-1] == "page"


def test_search_csv_has_the_jsonl_keys_with_or_without_hits():
    hit = Hit("a.txt", "12/BC-UBND", None, "2023-01-05", "Kiên Giang", "BÁO CÁO", "An Giang",
              "I. Kết quả", 2, "achievement", 0.91, 7.5, "Đã hoàn thành kế hoạch.", ((4, 14),))
    lines = render.hits_csv(SearchResult([hit], {"achievement": 1}))
    [row] = csv.DictReader(io.StringIO("\n".join(lines)))
    assert list(row) == list(hit.to_dict())
    assert row["title"] == "" and row["label_score"] == "0.9100" and row["highlights"] == "[[4, 14]]"
    assert render.hits_csv(SearchResult([])) == [",".join(hit.to_dict())]
