"""The Flask application of ``baocao serve``: configuration, error pages, label names.

Flask because it is small, well kept and documented, renders pages on the server with Jinja2
(whose autoescaping makes every report text safe in HTML) and has a test client; the pages need
no JavaScript framework.  Every error a reader can cause becomes a page with a status and the
one-line message the CLI would print, never a stack trace.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from index.errors import IndexBusyError, QuerySyntaxError, SearchIndexError
from nlp.classifier.labels import LABELS, VIETNAMESE_NAMES
from nlp.errors import ReportError

from .store import IndexView

__all__ = ["create_app", "MAX_UPLOAD_MB"]

MAX_UPLOAD_MB = 20  # a long report as PDF is a few MB; more is a scan or a mistake
# Up to this many reports the search form lists them to choose from; past it the list is too
# long to read and to render on every page (45 ms of a search page at 200 reports), and a
# search within one report starts from that report's page.
REPORT_CHOICES = 50

_log = logging.getLogger(__name__)


def create_app(index_dir: str | Path, *, model: str | Path | None = None,
               max_upload_mb: float = MAX_UPLOAD_MB, upload_dir: str | Path | None = None) -> Flask:
    """Return the web application over the index at ``index_dir``.

    ``model`` is the classifier model for uploads (default: the cached one); uploads larger than
    ``max_upload_mb`` are refused; uploaded reports that are added to the index are kept in
    ``upload_dir`` (default: a new temporary folder), the only place the server writes files.
    """
    from .views import pages

    app = Flask(__name__)
    app.config.update(
        INDEX_VIEW=IndexView(index_dir), INDEX_DIR=Path(index_dir), MODEL=model,
        MAX_CONTENT_LENGTH=int(max_upload_mb * 1024 * 1024), MAX_UPLOAD_MB=max_upload_mb,
        UPLOAD_DIR=Path(upload_dir) if upload_dir else None)  # made on the first added upload
    app.register_blueprint(pages)
    app.jinja_env.globals.update(LABELS=LABELS, LABEL_NAMES=VIETNAMESE_NAMES,
                                 report_choices=REPORT_CHOICES)
    _register_errors(app)
    return app


def error_page(status: int, title: str, message: str):
    """The error page: a Vietnamese title and the message, with ``status``."""
    return render_template("error.html", title=title, message=message), status


def _register_errors(app: Flask) -> None:
    @app.errorhandler(QuerySyntaxError)
    def bad_query(error):
        return error_page(400, "Câu tìm kiếm chưa đúng cú pháp", f"Error: {error}")

    @app.errorhandler(IndexBusyError)
    def busy(error):
        return error_page(503, "Chỉ mục đang bận", f"Error: {error}")

    @app.errorhandler(SearchIndexError)
    def index_error(error):
        return error_page(500, "Không mở được chỉ mục", f"Error: {error}")

    @app.errorhandler(ReportError)
    def report_error(error):
        return error_page(400, "Không đọc được tệp", f"Error: {error}")

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        limit = app.config["MAX_UPLOAD_MB"]
        return error_page(413, "Tệp quá lớn",
                          f"Error: the file is larger than {limit:g} MB — upload a smaller file "
                          f"(tệp tối đa {limit:g} MB)")

    @app.errorhandler(HTTPException)
    def http_error(error):
        titles = {404: "Không tìm thấy trang", 405: "Phương thức không được phép"}
        return error_page(error.code or 500, titles.get(error.code, "Yêu cầu không hợp lệ"),
                          error.description or "")

    @app.errorhandler(Exception)
    def unexpected(error):  # logged for the operator; the reader sees no traceback
        _log.exception("unexpected error")
        return error_page(500, "Lỗi máy chủ", "Error: unexpected server error — see the "
                                              "server's log")
