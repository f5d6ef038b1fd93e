"""The pages of ``baocao serve``: search, a report, classify an upload, trends, CSV export.

Each view reads its parameters, calls the library (``index`` through :class:`IndexView`,
``nlp`` for uploads) and renders a template; the search's URL carries the query and every
filter, so a search can be bookmarked and shared.
"""

from __future__ import annotations

import hashlib
import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, redirect, render_template, request,
                   url_for)
from werkzeug.datastructures import MultiDict

from nlp.classifier.labels import LABELS, label_from_name

from .store import IndexView

__all__ = ["pages", "SearchForm", "PER_PAGE", "marked", "section_tree"]

pages = Blueprint("web", __name__)

PER_PAGE = 20
MAX_PAGES = 50         # 1,000 hits: past that a reader narrows the query instead
EXPORT_HITS = 1000     # rows of the CSV export
FOCUS = ("limitation", "cause")  # the report page's "Hạn chế và nguyên nhân" filter


def _view() -> IndexView:
    return current_app.config["INDEX_VIEW"]


@dataclass(frozen=True)
class SearchForm:
    """The query and filters of a search, as the URL holds them."""

    q: str = ""
    label: str = ""
    year: int | None = None
    province: str = ""
    type: str = ""
    report: str = ""  # a report's id (its sha256 in the index), never a path
    page: int = 1

    @classmethod
    def from_args(cls, args: MultiDict) -> SearchForm:
        """Read the form from the URL's parameters; a bad value is a 400 saying which."""
        try:
            label = label_from_name(args["label"]) if args.get("label", "").strip() else ""
        except ValueError as error:
            abort(400, description=f"Error: {error}")
        year, page = _whole(args, "year", None), _whole(args, "page", 1)
        if page < 1:
            abort(400, description=f"Error: page must be at least 1, got {page}")
        return cls(args.get("q", "").strip(), label, year, args.get("province", "").strip(),
                   args.get("type", "").strip(), args.get("report", "").strip(), page)

    def args(self, **changes) -> dict:
        """The URL parameters of this form (empty ones left out), with ``changes``."""
        values = {**self.__dict__, **changes}
        return {k: v for k, v in values.items() if v not in ("", None) and
                not (k == "page" and v == 1)}

    def filters(self, view: IndexView) -> dict:
        """The library's search filters; the report id is looked up in the index."""
        source = None
        if self.report:
            record = view.report(self.report)
            if record is None:
                abort(404, description="Error: no such report in the index — open it from a "
                                       "search or the list of reports")
            source = record["source"]
        return {"label": self.label or None, "year": self.year, "place": self.province or None,
                "type": self.type or None, "report": source}


def _whole(args: MultiDict, name: str, default):
    text = args.get(name, "").strip()
    if not text:
        return default
    if not re.fullmatch(r"\d{1,6}", text):
        abort(400, description=f"Error: {name} must be a whole number, got {text!r}")
    return int(text)


def marked(text: str, spans) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, highlighted) at the hit's spans, for the template to escape.

    >>> marked("Tinh giản biên chế đạt", [(0, 18)])
    [('Tinh giản biên chế', True), (' đạt', False)]
    """
    pieces, at = [], 0
    for start, end in sorted(spans):
        if start >= at:
            pieces += [(text[at:start], False)] * (start > at) + [(text[start:end], True)]
            at = end
    return pieces + [(text[at:], False)] * (at < len(text))


@pages.route("/")
def home():
    return redirect(url_for("web.search"))


@pages.route("/search")
def search():
    form = SearchForm.from_args(request.args)
    view = _view()
    context = {"form": form, "reports": view.reports(), "result": None}
    if form.q:
        if form.page > MAX_PAGES:
            abort(400, description=f"Error: page must be at most {MAX_PAGES} — narrow the query")
        filters = form.filters(view)
        result = view.search(form.q, limit=form.page * PER_PAGE, **filters)
        counts = result.counts if not form.label else \
            view.search(form.q, limit=1, **{**filters, "label": None}).counts
        ids = {r["source"]: r["sha256"] for r in context["reports"]}
        hits = result.hits[(form.page - 1) * PER_PAGE:]
        context.update(result=result, counts=counts, ids=ids, marked=marked,
                       hits=hits, first=(form.page - 1) * PER_PAGE,
                       pages=min(MAX_PAGES, math.ceil(result.total / PER_PAGE)))
    return render_template("search.html", **context)


@pages.route("/export.csv")
def export_csv():
    from baocao import render

    form = SearchForm.from_args(request.args)
    if not form.q:
        abort(400, description="Error: empty query — type the words to search for")
    view = _view()
    result = view.search(form.q, limit=EXPORT_HITS, **form.filters(view))
    # The byte-order mark is what makes Excel read the file as UTF-8 (Vietnamese intact).
    body = "\ufeff" + "".join(line + "\r\n" for line in render.hits_csv(result))
    return Response(body.encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=baocao-tim-kiem.csv",
                             "Content-Type": "text/csv; charset=utf-8"})


@pages.route("/trends")
def trends():
    form = SearchForm.from_args(request.args)
    view = _view()
    context = {"form": form, "reports": view.reports(), "counts": None}
    if form.q:
        filters = form.filters(view)
        tables = {by: view.trends(form.q, by, **filters) for by in ("year", "place")}
        counts = {by: [(row.group, row.sentences, row.reports_matching, row.reports)
                       for row in table.rows] for by, table in tables.items()}
        total = tables["year"].total()
        context.update(counts=counts if total.sentences else None, total=total.sentences,
                       reports_matching=total.reports_matching, reports_total=total.reports)
    return render_template("trends.html", **context)


def section_tree(sentences) -> list[tuple[int, str, int]]:
    """(depth, heading, first sentence's index) of every section, in reading order.

    >>> from collections import namedtuple
    >>> S = namedtuple("S", "index section")
    >>> section_tree([S(0, "I. KẾT QUẢ > 1. Công tác"), S(1, "I. KẾT QUẢ > 2. Hạn chế")])
    [(0, 'I. KẾT QUẢ', 0), (1, '1. Công tác', 0), (1, '2. Hạn chế', 1)]
    """
    seen, tree = set(), []
    for sentence in sentences:
        parts = tuple(p for p in sentence.section.split(" > ") if p)
        for depth in range(len(parts)):
            if parts[:depth + 1] not in seen:
                seen.add(parts[:depth + 1])
                tree.append((depth, parts[depth], sentence.index))
    return tree


@pages.route("/report/<report_id>")
def report(report_id: str):
    view = _view()
    record = view.report(report_id)
    if record is None:
        abort(404, description="Error: no such report in the index — open it from a search "
                               "or the list of reports")
    sentences = view.sentences(record["source"])
    focus = request.args.get("only") == "focus"
    shown = [s for s in sentences if s.label in FOCUS] if focus else sentences
    return render_template("report.html", record=record, sentences=shown, focus=focus,
                           total=len(sentences), tree=section_tree(sentences),
                           report_id=report_id)


@pages.route("/classify", methods=["GET", "POST"])
def classify():
    if request.method == "GET":
        return render_template("classify.html", rows=None)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, description="Error: no file — choose a .txt, .docx or .pdf report to upload")
    name, data = _safe_name(upload.filename), upload.read()
    import nlp
    from nlp.classifier.apply import classify_report

    report = nlp.read_bytes(data, source=name)  # refused files: the CLI's ReportError messages
    classifier = nlp.load_classifier(current_app.config["MODEL"])
    rows = classify_report(classifier, report, None, 0.0, explain=True)
    added = _add_upload(name, data) if request.form.get("add") else None
    by_label = {label: [r for r in rows if r.label == label] for label in LABELS}
    return render_template("classify.html", rows=rows, by_label=by_label, report=report,
                           name=name, added=added)


def _safe_name(filename: str) -> str:
    """The uploaded file's own name, without folders or characters a file system may refuse."""
    name = re.sub(r"[^\w.\- ]", "_", Path(filename.replace("\\", "/")).name).strip(" .")
    return (name or "upload")[-120:]


def _add_upload(name: str, data: bytes) -> str:
    """Index the upload; return its report id.  The file is kept in the upload folder (a
    temporary folder unless configured) so that ``baocao index rebuild`` can read it again."""
    import index

    digest = hashlib.sha256(data).hexdigest()
    if current_app.config["UPLOAD_DIR"] is None:
        current_app.config["UPLOAD_DIR"] = Path(tempfile.mkdtemp(prefix="baocao-uploads-"))
    folder = current_app.config["UPLOAD_DIR"] / digest[:16]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    result = index.add_reports(current_app.config["INDEX_DIR"], [folder / name], workers=1)
    if result.failed:
        abort(400, description=f"Error: {result.failed[0][1]}")
    return digest
