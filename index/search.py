"""Search the sentence index: a parsed query turned into Whoosh queries, hits with highlights.

How a sentence is scored — BM25F (Whoosh's defaults k1=1.2, b=0.75; sentences are short
documents), summed over the parts of the query the sentence contains:

* A theme of plain words (``chuyển đổi số trong cơ quan nhà nước``) does not demand every
  word.  Its units are the pairs of adjacent syllables ("chuyển đổi", "đổi số", ... "nhà
  nước"), any abbreviation or synonym it contains ("CCHC" = "cải cách hành chính", "tiếp dân"
  = "tiếp công dân"), a one-syllable theme's syllable, and a rare syllable of a two-syllable
  theme ("nghèo" of "giảm nghèo", weight 0.3).  A sentence matches if it holds one unit;
  each unit it holds adds its BM25F score, so the more of the theme it covers, and the rarer
  the parts it covers, the higher it ranks.
* Units are matched without diacritics (so ``tinh gian bien che`` finds exactly the same
  sentences as ``tinh giản biên chế``) and score again, 1.5 times, where the sentence has the
  query's own diacritics, so exact hits rank first.
* "Quoted phrases" must appear in order; AND, OR, NOT and parentheses combine parts;
  ``label:``, ``year:``, ``place:``, ``type:`` and ``report:`` filter without scoring.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq

from .analysis import prepare_text, token_spans
from .catalog import resolve_source
from .highlight import Target, highlight_spans
from .query import And, Filter, Not, Or, Phrase, Theme, parse
from .schema import damage_guard, open_index
from .synonyms import USER_FILE_NAME, fold_tokens, load_synonyms

__all__ = ["Hit", "SearchResult", "SentenceSearcher", "search"]

EXACT_WEIGHT = 1.5   # extra weight of a match with the query's own diacritics
SINGLE_WEIGHT = 0.3  # weight of a rare syllable of a longer theme found on its own
RARE_SHARE = 0.02    # a syllable in at most this share of the sentences is rare


@dataclass(frozen=True)
class Hit:
    """One matching sentence, with its report's metadata and the matched character spans."""

    source: str
    number: str | None
    title: str | None
    date: str | None
    place: str | None
    doc_type: str | None
    section: str
    index: int
    label: str
    label_score: float
    score: float
    text: str
    highlights: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict:
        """The JSON shape of one ``baocao search --format jsonl`` line."""
        return {"source": self.source, "number": self.number, "title": self.title,
                "date": self.date, "place": self.place, "section": self.section,
                "index": self.index, "label": self.label, "score": round(self.score, 4),
                "label_score": round(self.label_score, 4), "text": self.text,
                "highlights": [list(span) for span in self.highlights]}


@dataclass(frozen=True)
class SearchResult:
    """The best hits, and the number of matching sentences per label for the whole query."""

    hits: list[Hit]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many sentences match in all (not only the ones returned)."""
        return sum(self.counts.values())


def _exact_tokens(text: str) -> tuple[str, ...]:
    prepared = prepare_text(text).lower()
    return tuple(prepared[s:e] for s, e in token_spans(prepared))


def _pairs(tokens: tuple[str, ...]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def _sequence(tokens: tuple[str, ...], exact: bool = False, boost: float = 1.0) -> wq.Query:
    """Match ``tokens`` in order: one term, or all their adjacent pairs as terms.

    Pairs stand in for positions: a positional phrase scans every sentence holding all its
    syllables, far too slow for common syllables on a large index, while a sentence holding
    "tinh giản", "giản biên" and "biên chế" but not "tinh giản biên chế" is vanishingly rare.
    """
    single, pair = ("exact", "exact2") if exact else ("folded", "folded2")
    if len(tokens) == 1:
        return wq.Term(single, tokens[0], boost=boost)
    if len(tokens) == 2:
        return wq.Term(pair, _pairs(tokens)[0], boost=boost)
    return wq.And([wq.Term(pair, p) for p in _pairs(tokens)], boost=boost)


class _Compiler:
    """Turns the syntax tree into a Whoosh query and collects what to highlight."""

    def __init__(self, synonyms, is_rare, scoring: bool = True):
        self.synonyms = synonyms
        self.is_rare = is_rare  # folded syllable -> True if few sentences hold it
        self.scoring = scoring  # False: only which sentences match (cheaper, for counting)
        self.targets: list[Target] = []
        self.has_text = False

    def compile(self, node, positive: bool = True) -> wq.Query:
        if isinstance(node, And):
            # "a NOT b" as AndNot: Whoosh's And with a Not walks every document of the index.
            keep = [self.compile(p, positive) for p in node.parts if not isinstance(p, Not)]
            drop = [self.compile(p.part, False) for p in node.parts if isinstance(p, Not)]
            kept = keep[0] if len(keep) == 1 else wq.And(keep)
            return wq.AndNot(kept, wq.Or(drop)) if drop else kept
        if isinstance(node, Or):
            return wq.Or([self.compile(p, positive) for p in node.parts])
        if isinstance(node, Not):
            return wq.Not(self.compile(node.part, False))
        if isinstance(node, Filter):
            return filter_query(node.field, node.value)
        self.has_text = True
        if isinstance(node, Phrase):
            return self.phrase(node.text, positive)
        return self.theme(" ".join(node.words), positive)

    def phrase(self, text: str, positive: bool) -> wq.Query:
        folded, exact = fold_tokens(text), _exact_tokens(text)
        if not folded:
            return wq.NullQuery
        if positive:
            self.targets.append(Target(folded, len(folded)))
        if not self.scoring:
            return _sequence(folded)
        return wq.AndMaybe(_sequence(folded), _sequence(exact, exact=True, boost=EXACT_WEIGHT))

    def synonym(self, forms: tuple, exact: tuple[str, ...]) -> wq.Query:
        """Any form of an abbreviation group; the query's own wording, exact, ranks higher."""
        either = wq.Or([_sequence(form) for form in forms])
        if not self.scoring:
            return either
        return wq.AndMaybe(either, _sequence(exact, exact=True, boost=EXACT_WEIGHT))

    def theme(self, text: str, positive: bool) -> wq.Query:
        folded, exact = fold_tokens(text), _exact_tokens(text)
        if not folded:
            return wq.NullQuery
        found = self.synonyms.find(folded)
        clauses = [self.synonym(forms, exact[start:end]) for (start, end), forms in found]
        # A pair or syllable inside an abbreviation's long form is not a unit of its own:
        # "công dân" alone is not the theme "tiếp công dân".
        inside = {i for (start, end), _ in found for i in range(start, end - 1)}
        covered = {i for (start, end), _ in found for i in range(start, end)}
        pairs = [i for i in range(len(folded) - 1) if i not in inside]
        clauses += [wq.Term("folded2", _pairs(folded)[i]) for i in pairs]
        if self.scoring:  # an exact pair implies its folded pair: the matches do not change
            clauses += [wq.Term("exact2", _pairs(exact)[i], boost=EXACT_WEIGHT) for i in pairs]
        # In a two-syllable theme a rare syllable is often the head of the concept on its
        # own ("nghèo" of "giảm nghèo" in "hộ nghèo"); longer themes have pairs enough.
        singles = [i for i in range(len(folded)) if i not in covered and
                   (len(folded) == 1 or len(folded) == 2 and self.is_rare(folded[i]))]
        clauses += [wq.Term("folded", folded[i], boost=1.0 if len(folded) == 1 else
                            SINGLE_WEIGHT) for i in singles]
        if self.scoring:
            clauses += [wq.Term("exact", exact[i], boost=EXACT_WEIGHT * (
                1.0 if len(folded) == 1 else SINGLE_WEIGHT)) for i in singles]
        if positive:
            self.targets.append(Target(folded, 2))
            self.targets += [Target((folded[i],), 1) for i in singles]
            self.targets += [Target(form, len(form)) for _, forms in found for form in forms]
        return wq.Or(clauses) if clauses else wq.NullQuery


def filter_query(name: str, value: str) -> wq.Query:
    """The Whoosh query of one filter (``label``, ``year``, ``place``, ``type``, ``report``)."""
    if name in ("label", "year"):
        return wq.Term(name, value.lower())
    if name in ("place", "type"):
        tokens = fold_tokens(value)
        if not tokens:
            return wq.NullQuery
        field_name = "doc_type" if name == "type" else "place"
        if len(tokens) == 1:
            return wq.Term(field_name, tokens[0])
        return wq.Phrase(field_name, list(tokens), slop=1)
    if name == "report":
        source = resolve_source(value)
        return wq.Or([wq.Term("source", source),
                      wq.Prefix("source", source.rstrip(os.sep) + os.sep)])
    raise ValueError(f"unknown filter field {name!r}")


class SentenceSearcher:
    """An open index ready for many searches (what a long-running caller keeps)."""

    def __init__(self, index_dir: str | os.PathLike):
        index_dir = Path(index_dir)
        self.index_dir = index_dir
        ix = open_index(index_dir)
        with damage_guard(index_dir):
            self.searcher = ix.searcher()
        self.synonyms = load_synonyms([index_dir / USER_FILE_NAME])
        self._reports: dict[str, dict] = {}
        self._labels = None

    def close(self) -> None:
        """Release the index files."""
        self.searcher.close()

    def __enter__(self) -> SentenceSearcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _report(self, source: str) -> dict:
        if source not in self._reports:
            fields = self.searcher.document(kind="r", source=source) or {}
            self._reports[source] = fields.get("meta", {})
        return self._reports[source]

    def search(self, query: str, *, limit: int = 20, **filters: str | int | None) -> SearchResult:
        """Return the best ``limit`` sentences for ``query`` and the counts per label.

        ``filters`` are ``label``, ``year``, ``place``, ``type`` and ``report``; they restrict
        the hits without changing their scores.  Raises QuerySyntaxError for a bad query.
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        tree = parse(query)
        if self.searcher.doc_count_all() == 0:
            return SearchResult([], {})
        with damage_guard(self.index_dir):
            return self._search(tree, limit, filters)

    def _search(self, tree, limit: int, filters: dict) -> SearchResult:
        compiler = _Compiler(self.synonyms, self._is_rare)
        compiled = compiler.compile(tree)
        conditions = [filter_query(name, str(value)) for name, value in filters.items()
                      if value not in (None, "")]
        if not compiler.has_text:
            conditions.append(wq.Term("kind", "s"))
        results = self.searcher.search(compiled, limit=limit,
                                       filter=wq.And(conditions) if conditions else None)
        hits = [self._hit(hit, compiler.targets) for hit in results]
        matching = wq.And([_Compiler(self.synonyms, self._is_rare, scoring=False).compile(tree)]
                          + conditions)
        return SearchResult(hits, self._counts(matching))

    def _is_rare(self, syllable: str) -> bool:
        # A distinctive syllable alone is evidence of a theme ("nghèo" in "hộ nghèo" for
        # "giảm nghèo"); a common one ("công", "nhà") is not, and would flood the matches.
        return self.searcher.doc_frequency("folded", syllable) <= RARE_SHARE * \
            self.searcher.doc_count()

    def _counts(self, matching: wq.Query) -> dict[str, int]:
        # One unscored pass and the label column: Whoosh's facets would score every match.
        if self._labels is None:
            self._labels = self.searcher.reader().column_reader("label")
        counts = Counter(self._labels[docnum] for docnum in self.searcher.docs_for_query(matching))
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def _hit(self, hit, targets: list[Target]) -> Hit:
        fields = hit.fields()
        meta = self._report(fields["source"])
        return Hit(source=fields["source"], number=meta.get("number"), title=meta.get("title"),
                   date=meta.get("date"), place=meta.get("place"),
                   doc_type=meta.get("doc_type"), section=fields.get("section", ""),
                   index=fields.get("position", 0), label=fields.get("label", ""),
                   label_score=fields.get("score", 0.0), score=hit.score, text=fields["text"],
                   highlights=tuple(highlight_spans(fields["text"], targets)))


def search(index_dir: str | os.PathLike, query: str, *, limit: int = 20,
           **filters: str | int | None) -> SearchResult:
    """Search the index at ``index_dir`` once (see :meth:`SentenceSearcher.search`)."""
    with SentenceSearcher(index_dir) as searcher:
        return searcher.search(query, limit=limit, **filters)
