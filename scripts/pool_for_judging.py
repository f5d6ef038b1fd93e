"""Print the pool of sentences to judge for new theme queries; writes nothing to the repo.

    python scripts/pool_for_judging.py QUERIES.tsv OUT.tsv [--set fresh] [--depth 30]
                                       [--grep 25] [--cache DIR]

``QUERIES.tsv`` has one query a line, optionally followed by a TAB and ``|``-separated
variant spellings (a synonym, an abbreviation) that the grep candidates also look for.  For
each query the pool is: the top ``--depth`` hits of baocao (the code as it is now) and of
SQLite FTS5 with the words ANDed and ORed (as in ``search_quality.py``), plus up to ``--grep``
sentences that contain the query or one of its variants, folded, as a phrase or with all its
words.  The pool of each query is written, shuffled with a fixed seed and without saying which
system found what, to ``OUT.tsv`` (query, file, sentence key, empty grade, text) for a person
to grade 0/1/2; the text column is for judging only and is dropped from the committed file.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

import search_quality as sq  # noqa: E402


def grep_candidates(sentences, phrases: list[str], limit: int) -> list[tuple[str, str]]:
    """Sentences containing one of ``phrases`` folded: as a phrase first, then all its words."""
    from nlp.text import fold_diacritics

    def words(text: str) -> list[str]:
        return fold_diacritics(text).lower().split()

    folded = [(file, text, " " + " ".join(words(text)) + " ") for file, text in sentences]
    found: list[tuple[str, str]] = []
    for phrase in phrases:
        needle = " " + " ".join(words(phrase)) + " "
        found += [(f, sq.sentence_key(t)) for f, t, s in folded if needle in s]
    for phrase in phrases:
        wanted = set(words(phrase))
        found += [(f, sq.sentence_key(t)) for f, t, s in folded if wanted <= set(s.split())]
    return list(dict.fromkeys(found))[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--set", default="fresh")
    parser.add_argument("--depth", type=int, default=30)
    parser.add_argument("--grep", type=int, default=25)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--archive", type=Path, default=Path("/tmp/arch/docs-2000"))
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    import index

    (files,) = [f for name, _, f, _ in sq.judged_sets(args.shared, args.archive, (args.set,))
                if name == args.set]
    with tempfile.TemporaryDirectory() as tmp:
        where = args.cache or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        with index.SentenceSearcher(sq.build_index(files, where / f"ix-{args.set}")) as searcher:
            sentences = sq.stored_sentences(searcher)
            text_of = {(f, sq.sentence_key(t)): t for f, t in sentences}
            db = sq.fts_index(sentences)
            rows = []
            for line in args.queries.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                query, _, variants = line.partition("\t")
                pool = (sq.baocao_search(searcher, query, args.depth)
                        + sq.fts_search(db, query, "AND", args.depth)
                        + sq.fts_search(db, query, "OR", args.depth)
                        + grep_candidates(sentences, [query] + [v for v in variants.split("|")
                                                                if v], args.grep))
                pool = list(dict.fromkeys(pool))
                random.Random(query).shuffle(pool)
                rows += [(query, f, k, "", text_of[(f, k)].replace("\t", " ")) for f, k in pool]
                print(f"{query}: {len(pool)} to judge", file=sys.stderr)
    with args.out.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerow(("query", "file", "sentence_sha1", "grade", "text"))
        writer.writerows(rows)


if __name__ == "__main__":
    main()
