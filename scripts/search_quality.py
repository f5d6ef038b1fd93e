"""Search quality of baocao against SQLite FTS5 on the same sentences; prints, asserts nothing.

    python scripts/search_quality.py [--sets old,new] [--means-only] [--shared ../shared]
                                     [--archive /tmp/arch/docs-2000] [--cache DIR]

Four judged sets, reported separately (``--sets``; the default is the three tuning sets):

* the OLD set, ``scripts/judged_queries.tsv`` (22 queries, relevant sentences only), over the
  bundled report and ../shared/corpus-dev/;
* the NEW set, ``scripts/judged_queries_new.tsv`` (24 queries, graded 0/1/2, every pooled hit
  listed), over ../shared/corpus-dev2/ and the 100 archive documents of
  ``scripts/search_sample_100.txt`` (the archive unpacked at ``--archive``).  It was judged
  before any change to search was made for it; it has since been looked at and tuned on;
* the FRESH set, ``scripts/judged_queries_fresh.tsv`` (23 queries, graded, every judged sentence
  listed), over the 100 other archive documents of ``scripts/search_sample_fresh.txt``, judged
  before the round of changes it then measured (held out for that round: recall@K 0.817,
  nDCG@10 0.885); since measured and analysed, it is a tuning set like the two others;
* the FRESH2 set, ``scripts/judged_queries_fresh2.tsv`` (graded, every judged sentence listed),
  over the 100 official and legal-news archive documents of ``scripts/search_sample_fresh2.txt``
  (disjoint from the other samples), judged while the next round of changes was being made and
  before any of them: the held-out set (``--sets fresh2 --means-only``, which prints its means
  without its per-query rows).

Each collection is indexed with baocao; the very same sentences (the stored text of the
index) go into an FTS5 table (tokenize="unicode61 remove_diacritics 2", ranked by bm25) which
gets the query's words ANDed and, as a second baseline, ORed.  Printed per query and on
average: recall@K (K = max(20, number of relevant); grade 2 is relevant) and nDCG@10 (gain =
grade; binary for the old set), for the new set the share of unjudged hits in each top K, and
whether the query typed without diacritics returns the same top 10 sentences.

``--cache DIR`` keeps the two indexes in DIR (keyed by schema version) between runs.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import math
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SYSTEMS = ("baocao", "fts5 AND", "fts5 OR")


@functools.lru_cache(maxsize=None)
def sentence_key(text: str) -> str:
    """The key a judged sentence is stored under: SHA-1 of its search form, 16 hex digits.

    The judgments name sentences by key so that no text of ../shared is copied into the repo.
    """
    import nlp

    return hashlib.sha1(nlp.search_key(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Judged:
    """The judgments of one query: ``{(file, key): grade}`` (the old set: grade 2 for all)."""

    query: str
    grades: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def relevant(self) -> set[tuple[str, str]]:
        return {k for k, g in self.grades.items() if g >= 2}


def read_judgments(path: Path) -> list[Judged]:
    """The judged queries of ``path``, in file order; a missing grade column means 2."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    judged: dict[str, Judged] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        entry = judged.setdefault(row["query"], Judged(row["query"]))
        key = (row["file"], row["sentence_sha1"])
        entry.grades[key] = max(entry.grades.get(key, 0), int(row.get("grade") or 2))
    return list(judged.values())


def depth(judged: Judged) -> int:
    """K of recall@K: max(20, number of relevant sentences)."""
    return max(20, len(judged.relevant))


def metrics(ranked: list[tuple[str, str]], judged: Judged) -> tuple[float | None, float, float]:
    """recall@K, nDCG@10 (gain = grade) and the share of unjudged hits in the top K.

    ``ranked`` holds ``(file, sentence key)`` best first; recall is None without relevant.
    """
    k = depth(judged)
    top = list(dict.fromkeys(ranked))[:k]
    relevant = judged.relevant
    recall = len(relevant & set(top)) / len(relevant) if relevant else None
    gains = [judged.grades.get(hit, 0) for hit in top[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal_gains = sorted(judged.grades.values(), reverse=True)[:10]
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(ideal_gains))
    unjudged = sum(1 for hit in top if hit not in judged.grades) / max(1, len(top))
    return recall, (dcg / ideal if ideal else 0.0), unjudged


# --- the collections --------------------------------------------------------------------------

def old_files(shared: Path) -> list[Path]:
    from corpus import BUNDLED_REPORT

    return [Path(BUNDLED_REPORT)] + sorted((shared / "corpus-dev").glob("r*.txt"))


def archive_sample(archive: Path, listing: str) -> list[Path]:
    """The archive documents named in ``scripts/<listing>``."""
    names = [line.strip() for line in
             (REPO / "scripts" / listing).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    missing = [n for n in names if not (archive / n).is_file()]
    if missing:
        sys.exit(f"{len(missing)} sample documents missing under {archive} — unpack "
                 f"../shared/scale/docs-2000.tar.xz there (e.g. {missing[0]})")
    return [archive / n for n in names]


def new_files(shared: Path, archive: Path) -> list[Path]:
    return (sorted((shared / "corpus-dev2").glob("d*.txt"))
            + archive_sample(archive, "search_sample_100.txt"))


def build_index(files: list[Path], where: Path) -> Path:
    """Index ``files`` at ``where`` unless an index of this schema version is there."""
    import index
    from index.schema import SCHEMA_VERSION

    target = where.parent / f"{where.name}-v{SCHEMA_VERSION}"
    if not (target / "baocao-index.json").exists() or not index.indexed_sources(target):
        index.add_reports(target, files, workers=2)
    return target


def stored_sentences(searcher) -> list[tuple[str, str]]:
    """``(file name, text)`` of every sentence of the index, as baocao stored it."""
    reader = searcher.reader
    return [(Path(f["source"]).name, f["text"]) for _, f in reader.iter_docs()
            if "text" in f]


def fts_index(sentences: list[tuple[str, str]]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute('CREATE VIRTUAL TABLE s USING fts5(file UNINDEXED, text, '
               'tokenize="unicode61 remove_diacritics 2")')
    db.executemany("INSERT INTO s VALUES (?, ?)", sentences)
    return db


def fts_search(db: sqlite3.Connection, query: str, operator: str, limit: int):
    words = re.findall(r"\w+", query)
    match = f" {operator} ".join(f'"{w}"' for w in words)
    rows = db.execute("SELECT file, text FROM s WHERE s MATCH ? ORDER BY bm25(s) LIMIT ?",
                      (match, limit))
    return [(file, sentence_key(text)) for file, text in rows]


def baocao_search(searcher, query: str, limit: int) -> list[tuple[str, str]]:
    return [(Path(h.source).name, sentence_key(h.text))
            for h in searcher.search(query, limit=limit).hits]


def folded_query(query: str) -> str:
    from nlp.text import fold_diacritics

    return fold_diacritics(query)


# --- the report -------------------------------------------------------------------------------

def evaluate(name: str, judged: list[Judged], searcher, db, graded: bool,
             per_query: bool = True) -> dict:
    """Print the per-query table of one set (unless not ``per_query``) and its means; return the
    means by system."""
    print(f"\n== {name}: {len(judged)} queries, "
          f"{sum(len(j.relevant) for j in judged)} relevant sentences ==")
    print(f"{'query':36} {'rel':>3} {'K':>3}  " + "  ".join(f"{s:>21}" for s in SYSTEMS)
          + "  same10")
    sums = {s: {"recall": [], "ndcg": [], "unjudged": []} for s in SYSTEMS}
    same_top = 0
    for entry in judged:
        k = depth(entry)
        runs = {"baocao": baocao_search(searcher, entry.query, k),
                "fts5 AND": fts_search(db, entry.query, "AND", k),
                "fts5 OR": fts_search(db, entry.query, "OR", k)}
        cells = []
        for system in SYSTEMS:
            recall, ndcg, unjudged = metrics(runs[system], entry)
            if recall is not None:
                sums[system]["recall"].append(recall)
            sums[system]["ndcg"].append(ndcg)
            sums[system]["unjudged"].append(unjudged)
            shown = "  -  " if recall is None else f"{recall:4.2f}"
            cells.append(f"R {shown} N {ndcg:4.2f}" + (f" u{unjudged:4.2f}" if graded else
                                                       "      "))
        # as a user sees them: the first 10 of both queries, each run with limit 10
        folded = baocao_search(searcher, folded_query(entry.query), 10)
        same = set(folded) == set(baocao_search(searcher, entry.query, 10))
        same_top += same
        if per_query:
            print(f"{entry.query[:36]:36} {len(entry.relevant):>3} {k:>3}  " + "  ".join(cells)
                  + f"  {'yes' if same else 'NO'}")
    means = {}
    print(f"mean ({name}):")
    for system in SYSTEMS:
        values = {m: sum(v) / len(v) if v else 0.0 for m, v in sums[system].items()}
        means[system] = values
        extra = f"   unjudged in top K {values['unjudged']:.3f}" if graded else ""
        print(f"  {system:9} recall@K {values['recall']:.3f}   nDCG@10 {values['ndcg']:.3f}"
              f"{extra}")
    print(f"  folded query returns the same top 10: {same_top}/{len(judged)} queries")
    return means


# The sets weights may be tuned on ("fresh" was held out for one round only); "fresh2" is held
# out (scored only when named in --sets, never by tune_search.py, which reads TUNING_SETS).
TUNING_SETS = ("old", "new", "fresh")
HELD_OUT_SETS = ("fresh2",)


def judged_sets(shared: Path, archive: Path,
                names: tuple[str, ...] = TUNING_SETS) -> list[tuple[str, Path, list[Path], bool]]:
    """(name, judgments file, documents, graded) of the judged query sets ``names``."""
    every = {
        "old": lambda: ("old", REPO / "scripts" / "judged_queries.tsv", old_files(shared), False),
        "new": lambda: ("new", REPO / "scripts" / "judged_queries_new.tsv",
                        new_files(shared, archive), True),
        "fresh": lambda: ("fresh", REPO / "scripts" / "judged_queries_fresh.tsv",
                          archive_sample(archive, "search_sample_fresh.txt"), True),
        "fresh2": lambda: ("fresh2", REPO / "scripts" / "judged_queries_fresh2.tsv",
                           archive_sample(archive, "search_sample_fresh2.txt"), True),
    }
    return [every[name]() for name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--archive", type=Path, default=Path("/tmp/arch/docs-2000"))
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--sets", default=",".join(TUNING_SETS),
                        help="comma-separated: old, new, fresh, fresh2 (the last held out)")
    parser.add_argument("--means-only", action="store_true",
                        help="print no per-query rows (for the held-out set: its errors unseen)")
    args = parser.parse_args()
    import index

    with tempfile.TemporaryDirectory() as tmp:
        where = args.cache or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        for name, judged_path, files, graded in judged_sets(args.shared, args.archive,
                                                             tuple(args.sets.split(","))):
            ix = build_index(files, where / f"ix-{name}")
            with index.SentenceSearcher(ix) as searcher:
                db = fts_index(stored_sentences(searcher))
                evaluate(name, read_judgments(judged_path), searcher, db, graded,
                         per_query=not args.means_only)


if __name__ == "__main__":
    main()
