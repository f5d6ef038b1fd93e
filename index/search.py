"""Search the sentence index: a parsed query turned into a plan of terms, hits with highlights.

How a sentence is scored — BM25 (k1=1.2, b=0.75, Whoosh's idf; see ``index.plan``) of each
part of the query the sentence holds, on the syllable and syllable-pair fields, summed:

* A theme of plain words (``chuyển đổi số trong cơ quan nhà nước``) does not demand every
  word.  Its units are the pairs of adjacent syllables ("chuyển đổi", "đổi số", ... "nhà
  nước"), any abbreviation or synonym it contains ("CCHC" = "cải cách hành chính", "tiếp dân"
  = "tiếp công dân"), a one-syllable theme's syllable, and a rare syllable of a two-syllable
  theme ("nghèo" of "giảm nghèo", weight 0.3).  A sentence matches if it holds one unit;
  each unit it holds adds its BM25 score, so the more of the theme it covers, and the rarer
  the parts it covers, the higher it ranks.
* Units are matched without diacritics, so ``tinh gian bien che`` finds exactly the same
  sentences as ``tinh giản biên chế``.  The best few times ``--limit`` are then re-ranked:
  a sentence's score is multiplied by 1 + 0.5 x the share of the query's units it holds with
  the query's own diacritics, so exact hits rank first.
* "Quoted phrases" must appear in order; AND, OR, NOT and parentheses combine parts;
  ``label:``, ``year:``, ``place:``, ``type:`` and ``report:`` filter without scoring.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import plan
from .analysis import lower_tokens
from .catalog import resolve_source
from .highlight import Target, highlight_spans
from .query import LABELS, And, Filter, Not, Or, Phrase, parse
from .schema import damage_guard, open_index
from .synonyms import USER_FILE_NAME, fold_tokens, load_synonyms

__all__ = ["Hit", "SearchResult", "SentenceSearcher", "search"]

EXACT_BONUS = 0.5    # a sentence with all the query's units in its diacritics scores x1.5
SINGLE_WEIGHT = 0.3  # weight of a rare syllable of a longer theme found on its own
RARE_SHARE = 0.02    # a syllable in at most this share of the sentences is rare
_MANY = 5000         # matches above which label counts use cached per-label sets


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
    undated: int = 0  # reports a year filter left out because they carry no date

    @property
    def total(self) -> int:
        """How many sentences match in all (not only the ones returned)."""
        return sum(self.counts.values())


def _pairs(tokens: tuple[str, ...]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def _sequence(tokens: tuple[str, ...], boost: float = 1.0):
    """Match folded ``tokens`` in order: one term, or all their adjacent pairs as terms.

    Pairs stand in for positions: a positional phrase scans every sentence holding all its
    syllables, far too slow for common syllables on a large index, while a sentence holding
    "tinh giản", "giản biên" and "biên chế" but not "tinh giản biên chế" is vanishingly rare.
    """
    if len(tokens) == 1:
        return plan.Term("folded", tokens[0], boost)
    terms = tuple(plan.Term("folded2", pair, boost) for pair in _pairs(tokens))
    return terms[0] if len(terms) == 1 else plan.All(terms)


class _Compiler:
    """Turns the syntax tree into a plan, and collects what to highlight and rank exactly."""

    def __init__(self, synonyms, is_rare):
        self.synonyms = synonyms
        self.is_rare = is_rare  # folded syllable -> True if few sentences hold it
        self.targets: list[Target] = []
        self.exact_units: list[tuple[str, ...]] = []  # the query's wording, diacritics kept
        self.has_text = False

    def compile(self, node, positive: bool = True):
        if isinstance(node, And):
            keep = [self.compile(p, positive) for p in node.parts if not isinstance(p, Not)]
            drop = [self.compile(p.part, False) for p in node.parts if isinstance(p, Not)]
            kept = keep[0] if len(keep) == 1 else plan.All(tuple(keep))
            return plan.But(kept, plan.Any(tuple(drop))) if drop else kept
        if isinstance(node, Or):
            return plan.Any(tuple(self.compile(p, positive) for p in node.parts))
        if isinstance(node, Not):  # only inside Or: "a OR NOT b" keeps a
            return plan.Nothing()
        if isinstance(node, Filter):
            return filter_plan(node.field, node.value)
        self.has_text = True
        if isinstance(node, Phrase):
            return self.phrase(node.text, positive)
        return self.theme(" ".join(node.words), positive)

    def phrase(self, text: str, positive: bool):
        folded = fold_tokens(text)
        if not folded:
            return plan.Nothing()
        if positive:
            self.targets.append(Target(folded, len(folded)))
            self.exact_units.append(lower_tokens(text))
        return _sequence(folded)

    def theme(self, text: str, positive: bool):
        folded, exact = fold_tokens(text), lower_tokens(text)
        if not folded:
            return plan.Nothing()
        found = self.synonyms.find(folded)
        # A pair or syllable inside an abbreviation's long form is not a unit of its own:
        # "công dân" alone is not the theme "tiếp công dân".
        inside = {i for (start, end), _ in found for i in range(start, end - 1)}
        covered = {i for (start, end), _ in found for i in range(start, end)}
        pairs = [i for i in range(len(folded) - 1) if i not in inside]
        # In a two-syllable theme a rare syllable is often the head of the concept on its
        # own ("nghèo" of "giảm nghèo" in "hộ nghèo"); longer themes have pairs enough.
        singles = [i for i in range(len(folded)) if i not in covered and
                   (len(folded) == 1 or len(folded) == 2 and self.is_rare(folded[i]))]
        weight = 1.0 if len(folded) == 1 else SINGLE_WEIGHT
        units = [plan.Any(tuple(_sequence(form) for form in forms)) for _, forms in found]
        units += [_sequence(folded[i:i + 2]) for i in pairs]
        units += [plan.Term("folded", folded[i], weight) for i in singles]
        if positive:
            self.targets.append(Target(folded, 2))
            self.targets += [Target((folded[i],), 1) for i in singles]
            self.targets += [Target(form, len(form)) for _, forms in found for form in forms]
            self.exact_units += [exact[start:end] for (start, end), _ in found]
            self.exact_units += [exact[i:i + 2] for i in pairs] + [exact[i:i + 1] for i in singles]
        return plan.Any(tuple(units)) if units else plan.Nothing()


def filter_plan(name: str, value: str):
    """The plan of one filter (``label``, ``year``, ``place``, ``type``, ``report``)."""
    if name in ("label", "year"):
        return plan.Term(name, value.lower(), 0.0)
    if name in ("place", "type"):
        tokens = fold_tokens(value)
        field_name = "doc_type" if name == "type" else "place"
        terms = tuple(plan.Term(field_name, token, 0.0) for token in tokens)
        return plan.All(terms) if terms else plan.Nothing()
    if name == "report":
        source = resolve_source(value)
        return plan.Any((plan.Term("source", source, 0.0),
                         plan.Prefix("source", source.rstrip(os.sep) + os.sep)))
    raise ValueError(f"unknown filter field {name!r}")


def exact_share(text: str, units: list[tuple[str, ...]]) -> float:
    """The share of the query's units that ``text`` holds with the query's own diacritics.

    >>> exact_share("Tinh giản biên chế đạt 39,9%", [("tinh", "giản"), ("giản", "biên")])
    1.0
    >>> exact_share("tính gián biến chè", [("tinh", "giản")])
    0.0
    """
    if not units:
        return 0.0
    tokens = lower_tokens(text)
    singles, pairs = set(tokens), set(zip(tokens, tokens[1:]))
    held = sum(1 for unit in units if (unit[0] in singles if len(unit) == 1 else
                                       all(p in pairs for p in zip(unit, unit[1:]))))
    return held / len(units)


class SentenceSearcher:
    """An open index ready for many searches (what a long-running caller keeps)."""

    def __init__(self, index_dir: str | os.PathLike):
        index_dir = Path(index_dir)
        self.index_dir = index_dir
        # Before the reader opens: a bad synonyms file must not leave index files open.
        self.synonyms = load_synonyms([index_dir / USER_FILE_NAME])
        ix = open_index(index_dir)
        with damage_guard(index_dir):
            # A bare reader, not a Searcher: scoring is done here (see index.plan), and a
            # cold search process then never imports Whoosh's query and collector machinery.
            self.reader = ix.reader()
            self.scorer = plan.Scorer(self.reader)
        self._reports: dict[str, dict] = {}
        self._label_sets: dict[str, set[int]] | None = None

    def close(self) -> None:
        """Release the index files."""
        self.reader.close()

    def __enter__(self) -> SentenceSearcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _report(self, source: str) -> dict:
        if source not in self._reports:
            docs = plan.matches(plan.All((plan.Term("kind", "r"), plan.Term("source", source))),
                                self.reader)
            fields = self.reader.stored_fields(min(docs)) if docs else {}
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
        if self.reader.doc_count_all() == 0:
            return SearchResult([], {})
        with damage_guard(self.index_dir):
            result = self._search(tree, limit, filters)
            if filters.get("year") or _filters_year(tree):
                result = replace(result, undated=self._undated_reports())
            return result

    def _undated_reports(self) -> int:
        """How many reports have no date (a year filter can never match them)."""
        reports = plan.matches(plan.Term("kind", "r"), self.reader)
        return sum(1 for doc in reports
                   if not self.reader.stored_fields(doc).get("meta", {}).get("date"))

    def _search(self, tree, limit: int, filters: dict) -> SearchResult:
        compiler = _Compiler(self.synonyms, self._is_rare)
        query_plan = compiler.compile(tree)
        conditions = tuple(filter_plan(name, str(value)) for name, value in filters.items()
                           if value not in (None, ""))
        if not compiler.has_text:
            conditions += (plan.Term("kind", "s", 0.0),)
        reader, scorer = self.reader, self.scorer
        scores = scorer.scores(plan.All((query_plan,) + conditions) if conditions else query_plan)
        if not scores:
            return SearchResult([], {})
        # The best few times ``limit`` by BM25, then re-ranked so that the sentences with
        # the query's own diacritics come first.
        ranked = []
        for score, doc in scorer.rank(scores, max(2 * limit, 40)):
            fields = reader.stored_fields(doc)
            share = exact_share(fields["text"], compiler.exact_units)
            ranked.append((score * (1 + EXACT_BONUS * share), doc, fields))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        hits = [self._hit(fields, score, compiler.targets) for score, _, fields in ranked[:limit]]
        return SearchResult(hits, self._counts(set(scores)))

    def _is_rare(self, syllable: str) -> bool:
        # A distinctive syllable alone is evidence of a theme ("nghèo" in "hộ nghèo" for
        # "giảm nghèo"); a common one ("công", "nhà") is not, and would flood the matches.
        return self.reader.doc_frequency("folded", syllable) <= RARE_SHARE * \
            self.reader.doc_count()

    def _counts(self, matched: set[int]) -> dict[str, int]:
        if len(matched) > _MANY:  # set intersections beat a column lookup per document
            if self._label_sets is None:
                self._label_sets = {label: plan.matches(plan.Term("label", label), self.reader)
                                    for label in LABELS}
            counts = {label: len(matched & docs) for label, docs in self._label_sets.items()}
        else:
            labels = self.scorer.labels
            counts = Counter(labels[docnum] for docnum in matched)
        return dict(sorted(((k, v) for k, v in counts.items() if v),
                           key=lambda kv: (-kv[1], kv[0])))

    def _hit(self, fields: dict, score: float, targets: list[Target]) -> Hit:
        meta = self._report(fields["source"])
        return Hit(source=fields["source"], number=meta.get("number"), title=meta.get("title"),
                   date=meta.get("date"), place=meta.get("place"),
                   doc_type=meta.get("doc_type"), section=fields.get("section", ""),
                   index=fields.get("position", 0), label=fields.get("label", ""),
                   label_score=fields.get("score", 0.0), score=score, text=fields["text"],
                   highlights=tuple(highlight_spans(fields["text"], targets)))


def _filters_year(node) -> bool:
    """True if the query tree holds a ``year:`` filter outside a NOT."""
    if isinstance(node, Filter):
        return node.field == "year"
    if isinstance(node, (And, Or)):
        return any(_filters_year(part) for part in node.parts)
    return False


def search(index_dir: str | os.PathLike, query: str, *, limit: int = 20,
           **filters: str | int | None) -> SearchResult:
    """Search the index at ``index_dir`` once (see :meth:`SentenceSearcher.search`)."""
    with SentenceSearcher(index_dir) as searcher:
        return searcher.search(query, limit=limit, **filters)
