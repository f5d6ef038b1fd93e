"""Choose the weights and caps of theme search by leave-one-query-out; prints, asserts nothing.

    python scripts/tune_search.py [--configs 300] [--cache DIR] [--on all|old]
                                  [--hold NAME=VALUE ...] [--cross NAME] [--shared ../shared]
                                  [--archive /tmp/arch/docs-2000]

Every candidate ``index.theme.Weights`` (a fixed random sample, seed 0, of the grid below,
plus the current defaults) is run on every judged query of the three tuning sets of
``scripts/search_quality.py``; a query's objective is the mean of its recall@K and nDCG@10
(nDCG alone when it has no relevant sentence).  Printed, per set:

* **fitted**: the figures of the one candidate with the best mean objective over the tuning
  queries (``--on all``: every set; ``--on old``: the old set only, so the others are fully
  held out) — these are the weights to make the defaults;
* **LOO**: for each query, the figures it gets under the candidate that is best on the *other*
  tuning queries — the estimate of what the procedure gives on a query it never saw.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
from dataclasses import asdict, fields, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

import search_quality as sq  # noqa: E402

# ``Weights.share`` is not here: below ``index.theme.CAP_FLOOR`` sentences (every judged
# collection) it changes nothing, so it is a speed setting, not a quality one.
GRID = {
    "single": (0.0, 0.15, 0.3, 0.5, 0.7),
    "group": (0.34, 0.67, 1.0),
    "heading": (0.0, 0.25, 0.5, 1.0),
    "title": (0.0, 0.1, 0.25, 0.5),
    "words": (0.0, 0.25, 0.5, 1.0),
    "exact_bonus": (0.0, 0.25, 0.5),
    "b": (0.0, 0.2, 0.4, 0.6, 0.75),
}


def candidates(count: int, seed: int = 0, held: dict[str, float] | None = None,
               cross: str | None = None) -> list:
    """The current defaults and ``count`` distinct random points of GRID.

    ``held`` weights are fixed, to measure one change at a time; with ``cross``, that weight is
    held at its first grid value for the sample, and each point is then tried with every value
    of it (so the candidates without the change are a subset of those with it).
    """
    from index.theme import Weights

    held = dict(held or {})
    if cross:
        held[cross] = GRID[cross][0]
    grid = {**GRID, **{name: (value,) for name, value in held.items()}}
    names = list(grid)
    everything = list(itertools.product(*(grid[n] for n in names)))
    random.Random(seed).shuffle(everything)
    chosen = [Weights()] + [Weights(**dict(zip(names, values))) for values in everything[:count]]
    if cross:
        chosen = [replace(w, **{cross: value}) for w in chosen for value in GRID[cross]]
    return list(dict.fromkeys(chosen))


def objective(recall: float | None, ndcg: float) -> float:
    return ndcg if recall is None else (recall + ndcg) / 2


def run_all(weights_list, queries) -> list[list[tuple]]:
    """``table[c][q]`` = (recall, nDCG) of query q under candidate c."""
    table = []
    for number, weights in enumerate(weights_list):
        row = []
        for _, searcher, entry in queries:
            searcher.weights = weights
            ranked = sq.baocao_search(searcher, entry.query, sq.depth(entry))
            recall, ndcg, _ = sq.metrics(ranked, entry)
            row.append((recall, ndcg))
        table.append(row)
        if number % 25 == 0:
            print(f"  ... {number + 1}/{len(weights_list)} candidates", file=sys.stderr)
    return table


def best(table, columns: list[int]) -> int:
    """The candidate with the best mean objective over ``columns`` (the first on ties)."""
    return max(range(len(table)),
               key=lambda c: (sum(objective(*table[c][q]) for q in columns), -c))


def means(pairs: list[tuple]) -> tuple[float, float]:
    recalls = [r for r, _ in pairs if r is not None]
    return sum(recalls) / max(1, len(recalls)), sum(n for _, n in pairs) / max(1, len(pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", type=int, default=300)
    parser.add_argument("--on", choices=("all", "old"), default="all")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--archive", type=Path, default=Path("/tmp/arch/docs-2000"))
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--hold", action="append", default=[], metavar="NAME=VALUE",
                        help="keep one weight of GRID at VALUE (repeatable)")
    parser.add_argument("--cross", default=None, metavar="NAME",
                        help="try every sampled point with every value of this weight")
    args = parser.parse_args()
    held = {name: float(value) for name, _, value in (h.partition("=") for h in args.hold)}
    import index

    with tempfile.TemporaryDirectory() as tmp:
        where = args.cache or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        searchers, queries = [], []
        # only the tuning sets: the held-out ones (sq.HELD_OUT_SETS) are never tuned on
        for name, judged_path, files, _ in sq.judged_sets(args.shared, args.archive,
                                                          sq.TUNING_SETS):
            searcher = index.SentenceSearcher(sq.build_index(files, where / f"ix-{name}"))
            searchers.append(searcher)
            queries += [(name, searcher, entry) for entry in sq.read_judgments(judged_path)]
        weights_list = candidates(args.configs, held=held, cross=args.cross)
        table = run_all(weights_list, queries)
        for searcher in searchers:
            searcher.close()
    tuning = [q for q, (name, _, _) in enumerate(queries) if args.on == "all" or name == "old"]
    fitted = best(table, tuning)
    loo = {q: best(table, [c for c in tuning if c != q]) for q in tuning}
    print(f"{len(weights_list)} candidates, tuned on {args.on} ({len(tuning)} queries)")
    print("fitted weights:",
          ", ".join(f"{k}={v:g}" for k, v in asdict(weights_list[fitted]).items()))
    for name in dict.fromkeys(n for n, _, _ in queries):
        columns = [q for q, (n, _, _) in enumerate(queries) if n == name]
        fit_r, fit_n = means([table[fitted][q] for q in columns])
        default_r, default_n = means([table[0][q] for q in columns])
        line = (f"  {name}: current defaults recall@K {default_r:.3f} nDCG@10 {default_n:.3f}"
                f" | fitted recall@K {fit_r:.3f} nDCG@10 {fit_n:.3f}")
        held = [q for q in columns if q in loo]
        if held:
            loo_r, loo_n = means([table[loo[q]][q] for q in held])
            line += f" | LOO recall@K {loo_r:.3f} nDCG@10 {loo_n:.3f}"
        else:
            line += " | (not tuned on: fitted = held out)"
        print(line)
    chosen = [weights_list[loo[q]] for q in tuning]
    print("weights chosen across the LOO folds:")
    for name in (f.name for f in fields(weights_list[0])):
        values = sorted({getattr(w, name) for w in chosen})
        print(f"  {name}: {', '.join(f'{v:g}' for v in values)}")


if __name__ == "__main__":
    main()
