"""Search quality of baocao against SQLite FTS5 on the same sentences; prints, asserts nothing.

    python scripts/search_quality.py [--judged scripts/judged_queries.tsv] [--shared ../shared]

Indexes the bundled report and ../shared/corpus-dev/ with baocao, puts the very same sentences
(as nlp.read_report splits them) in an FTS5 table (tokenize="unicode61 remove_diacritics 2",
ranked by bm25), runs every judged query on both, and prints recall@20 and nDCG@10 per query
and on average.  FTS5 gets the query as its words, ANDed (its default) and, as a second
baseline, ORed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def sentence_key(text: str) -> str:
    """The key a judged sentence is stored under: SHA-1 of its search form, 16 hex digits.

    The judgments name sentences by key so that no text of ../shared is copied into the repo.
    """
    import nlp

    return hashlib.sha1(nlp.search_key(text).encode("utf-8")).hexdigest()[:16]


def read_judgments(path: Path) -> dict[str, list[tuple[str, str]]]:
    """``{query: [(file name, key of a relevant sentence), ...]}``."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    judged: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        judged[row["query"]].append((row["file"], row["sentence_sha1"]))
    return judged


def fts_index(reports) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute('CREATE VIRTUAL TABLE s USING fts5(file UNINDEXED, text, '
               'tokenize="unicode61 remove_diacritics 2")')
    db.executemany("INSERT INTO s VALUES (?, ?)", [(Path(r.source).name, sentence.text)
                                                   for r in reports for sentence in r.sentences])
    return db


def fts_search(db: sqlite3.Connection, query: str, operator: str, limit: int = 20):
    words = re.findall(r"\w+", query)
    match = f" {operator} ".join(f'"{w}"' for w in words)
    rows = db.execute("SELECT file, text FROM s WHERE s MATCH ? ORDER BY bm25(s) LIMIT ?",
                      (match, limit))
    return list(rows)


def metrics(ranked: list[tuple[str, str]], relevant: list[tuple[str, str]]) -> tuple[float, float]:
    """recall@20 and binary nDCG@10 of ``ranked`` (file, text) against the judged sentences."""
    found, gains = set(), []
    for file, text in ranked[:20]:
        text_key = sentence_key(text)
        match = next((i for i, (f, key) in enumerate(relevant)
                      if i not in found and f == file and key == text_key), None)
        gains.append(1 if match is not None else 0)
        if match is not None:
            found.add(match)
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:10]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return len(found) / len(relevant), dcg / ideal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judged", type=Path, default=REPO / "scripts" / "judged_queries.tsv")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    import index
    import nlp
    from corpus import BUNDLED_REPORT

    files = [BUNDLED_REPORT] + sorted((args.shared / "corpus-dev").glob("r*.txt"))
    reports = [nlp.read_report(f) for f in files]
    judged = read_judgments(args.judged)
    systems = ("baocao", "fts5 AND", "fts5 OR")
    totals = {name: [0.0, 0.0] for name in systems}
    with tempfile.TemporaryDirectory() as tmp:
        index.add_reports(Path(tmp) / "ix", files, workers=2)
        db = fts_index(reports)
        with index.SentenceSearcher(Path(tmp) / "ix") as searcher:
            print(f"{'query':42} {'n':>3}  " + "  ".join(f"{s:>17}" for s in systems))
            for query, relevant in judged.items():
                runs = {
                    "baocao": [(Path(h.source).name, h.text)
                               for h in searcher.search(query, limit=20).hits],
                    "fts5 AND": fts_search(db, query, "AND"),
                    "fts5 OR": fts_search(db, query, "OR"),
                }
                cells = []
                for name in systems:
                    recall, ndcg = metrics(runs[name], relevant)
                    totals[name][0] += recall
                    totals[name][1] += ndcg
                    cells.append(f"R {recall:4.2f} nDCG {ndcg:4.2f}")
                print(f"{query[:42]:42} {len(relevant):>3}  " + "  ".join(cells))
    print(f"\nmean over {len(judged)} queries ({sum(map(len, judged.values()))} judged sentences,"
          f" {sum(len(r.sentences) for r in reports)} sentences in {len(reports)} documents):")
    for name in systems:
        recall, ndcg = (v / len(judged) for v in totals[name])
        print(f"  {name:9} recall@20 {recall:.3f}   nDCG@10 {ndcg:.3f}")


if __name__ == "__main__":
    main()
