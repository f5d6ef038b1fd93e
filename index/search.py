"""Search the sentence index: a parsed query turned into a plan of terms, hits with highlights.

How a sentence is scored — BM25 (k1=1.2, b=0.75, Whoosh's idf; see ``index.plan``) of each
unit of the query the sentence holds, summed; a theme's units are in ``index.theme``:

* Units are matched without diacritics, so ``tinh gian bien che`` finds the same sentences
  as ``tinh giản biên chế``.  The best ``--limit`` are then re-ranked among themselves: a
  sentence's score is multiplied by 1 + ``Weights.exact_bonus`` x the share of the query's
  units it holds with the query's own diacritics, so exact hits rank first.
* "Quoted phrases" must appear in order; AND, OR, NOT and parentheses combine parts;
  ``label:``, ``year:``, ``place:``, ``type:`` and ``report:`` filter without scoring.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from nlp.reader.places import current_province, province_key, strip_prefix

from . import plan
from .analysis import lower_tokens
from .catalog import resolve_source
from .highlight import Target, highlight_spans
from .label_counts import LabelCodes
from .errors import QuerySyntaxError
from .query import LABELS, And, Filter, Node, Not, Or, Phrase, parse
from .schema import damage_guard, open_index
from .synonyms import USER_FILE_NAME, Synonyms, fold_tokens, load_synonyms
from .theme import ExactUnit, Weights, exact_share, sequence, theme_units

__all__ = ["Hit", "SearchResult", "SentenceSearcher", "search", "Weights"]


@dataclass(frozen=True)
class Hit:
    """One matching sentence, with its report's metadata and the matched character spans."""

    source: str
    number: str | None
    title: str | None
    date: str | None
    place: str | None
    doc_type: str | None
    province: str | None
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
                "date": self.date, "place": self.place, "province": self.province,
                "section": self.section,
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


class _Compiler:
    """Turns the syntax tree into a plan, and collects what to highlight and rank exactly."""

    def __init__(self, synonyms: Synonyms, frequency: Callable[[str, str], int], count: int,
                 weights: Weights) -> None:
        self.synonyms = synonyms
        self.frequency = frequency  # (field, term) -> how many documents hold it
        self.count = count
        self.weights = weights
        self.targets: list[Target] = []
        self.exact_units: list[ExactUnit] = []  # the query's wording, diacritics kept
        self.has_text = False

    def compile(self, node: Node, positive: bool = True) -> plan.Plan:
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

    def phrase(self, text: str, positive: bool) -> plan.Plan:
        folded = fold_tokens(text)
        if not folded:
            return plan.Nothing()
        if positive:
            self.targets.append(Target(folded, len(folded)))
            self.exact_units.append(ExactUnit(lower_tokens(text)))
        return sequence(folded)

    def theme(self, text: str, positive: bool) -> plan.Plan:
        folded, exact = fold_tokens(text), lower_tokens(text)
        if not folded:
            return plan.Nothing()
        units = theme_units(folded, exact, self.synonyms, self.frequency, self.count,
                            self.weights)
        if positive:
            self.targets.append(Target(folded, 2))
            # A lone syllable is lit only as typed when the query has diacritics: "tinh" of
            # "tinh giản biên chế" is not "tỉnh" (a query without them lights every form).
            typed = dict(zip(folded, exact)) if exact != folded else {}
            self.targets += [Target((syllable,), 1, (typed[syllable],) if syllable in typed else ())
                             for syllable in units.singles]
            self.targets += [Target(form, len(form)) for form in units.forms]
            self.exact_units += units.exact
        return units.plan


def province_filter_key(value: str) -> str:
    """The indexed key of the current province ``value`` names (a former one stands for the
    province it is part of now); raise QuerySyntaxError for a place that is no province."""
    province = current_province(value)
    if province is None:
        raise QuerySyntaxError(f"unknown province {value!r} — give one of the 34 provinces "
                               f"(corpus/provinces.tsv), e.g. \"An Giang\", or use --place")
    return province_key(province)


def filter_plan(name: str, value: str) -> plan.Plan:
    """The plan of one filter (label, year, place, province, type or report)."""
    if name in ("label", "year"):
        return plan.Term(name, value.lower(), 0.0)
    if name == "province":
        return plan.Term("province", province_filter_key(value), 0.0)
    if name in ("place", "type"):
        # "tỉnh Kiên Giang" is the place written "Kiên Giang"
        tokens = fold_tokens(strip_prefix(value) if name == "place" else value)
        field_name = "doc_type" if name == "type" else "place"
        terms = tuple(plan.Term(field_name, token, 0.0) for token in tokens)
        return plan.All(terms) if terms else plan.Nothing()
    if name == "report":
        source = resolve_source(value)
        return plan.Any((plan.Term("source", source, 0.0),
                         plan.Prefix("source", source.rstrip(os.sep) + os.sep)))
    raise ValueError(f"unknown filter field {name!r}")


class SentenceSearcher:
    """An open index ready for many searches (what a long-running caller keeps)."""

    def __init__(self, index_dir: str | os.PathLike, weights: Weights | None = None):
        index_dir = Path(index_dir)
        self.weights = weights or Weights()
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
        self._label_codes: LabelCodes | None = None
        self._records: tuple[list[int], list[dict]] | None = None

    def close(self) -> None:
        """Release the index files."""
        self.reader.close()

    def __enter__(self) -> SentenceSearcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def report_records(self) -> tuple[list[int], list[dict]]:
        """The document numbers of the reports' own records, in order, and their metadata,
        read once per searcher (trends group by them; a page kept open asks again and again)."""
        if self._records is None:
            with damage_guard(self.index_dir):
                docs = sorted(plan.matches(plan.Term("kind", "r"), self.reader))
                self._records = docs, [self.reader.stored_fields(doc)["meta"] for doc in docs]
        return self._records

    def _report(self, source: str) -> dict:
        if source not in self._reports:
            docs = plan.matches(plan.All((plan.Term("kind", "r"), plan.Term("source", source))),
                                self.reader)
            fields = self.reader.stored_fields(min(docs)) if docs else {}
            self._reports[source] = fields.get("meta", {})
        return self._reports[source]

    def search(self, query: str, *, limit: int = 20, **filters: str | int | None) -> SearchResult:
        """Return the best ``limit`` sentences for ``query`` (every one if ``limit`` is 0) and
        the counts per label.

        ``filters`` are ``label``, ``year``, ``place``, ``province``, ``type`` and ``report``;
        they restrict the hits without changing their scores.  Raises QuerySyntaxError for a
        bad query.
        """
        if limit < 0:
            raise ValueError(f"limit must be 0 (all) or more, not {limit}")
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

    def matching(self, query: str, **filters: str | int | None) -> set[int]:
        """The document numbers of every sentence ``search`` would count for ``query``."""
        tree = parse(query)
        if self.reader.doc_count_all() == 0:
            return set()
        with damage_guard(self.index_dir):
            return set(self._scores(tree, filters)[1])

    def _scores(self, tree: Node, filters: dict[str, str | int | None]
                ) -> tuple[_Compiler, dict[int, float]]:
        compiler = _Compiler(self.synonyms, self.reader.doc_frequency, self.reader.doc_count(),
                             self.weights)
        query_plan = compiler.compile(tree)
        conditions = tuple(filter_plan(name, str(value)) for name, value in filters.items()
                           if value not in (None, ""))
        if not compiler.has_text:
            conditions += (plan.Term("kind", "s", 0.0),)
        full = plan.All((query_plan,) + conditions) if conditions else query_plan
        return compiler, self.scorer.scores(full)

    def _search(self, tree: Node, limit: int, filters: dict[str, str | int | None]
                ) -> SearchResult:
        compiler, scores = self._scores(tree, filters)
        reader, scorer = self.reader, self.scorer
        if not scores:
            return SearchResult([], {})
        limit = limit or len(scores)
        # The best ``limit`` by BM25, then re-ranked among themselves so that the sentences
        # with the query's own diacritics come first: the query typed without diacritics
        # returns the very same ``limit`` sentences.
        ranked = []
        for score, doc in scorer.rank(scores, limit, self.weights.b):
            fields = reader.stored_fields(doc)
            share = exact_share(fields["text"], compiler.exact_units)
            ranked.append((self.weights.exact_boosted(score, share), doc, fields))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        hits = [self._hit(fields, score, compiler.targets) for score, _, fields in ranked[:limit]]
        return SearchResult(hits, self._counts(set(scores)))

    def label_codes(self) -> LabelCodes:
        """Every sentence's label, one byte per document number, read once per searcher."""
        if self._label_codes is None:
            with damage_guard(self.index_dir):
                self._label_codes = LabelCodes(self.reader, LABELS)
        return self._label_codes

    def _counts(self, matched: set[int]) -> dict[str, int]:
        counts = self.label_codes().counts(matched)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def _hit(self, fields: dict, score: float, targets: list[Target]) -> Hit:
        meta = self._report(fields["source"])
        return Hit(source=fields["source"], number=meta.get("number"), title=meta.get("title"),
                   date=meta.get("date"), place=meta.get("place"),
                   doc_type=meta.get("doc_type"), province=meta.get("province"),
                   section=fields.get("section", ""),
                   index=fields.get("position", 0), label=fields.get("label", ""),
                   label_score=fields.get("score", 0.0), score=score, text=fields["text"],
                   highlights=tuple(highlight_spans(fields["text"], targets)))


def _filters_year(node: Node) -> bool:
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
