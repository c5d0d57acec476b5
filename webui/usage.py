"""The query log in the web app: the hooks the search routes call, the click beacon, and the editors' report.

- `log_search` / `log_suggest`: one line in each route that serves a search or a suggestion; they hand an
  entry to this process's buffered writer (webui.querylog) and never raise into the request.
- `POST /api/click?id=LOG_ID&rank=N`: what the results page's script sends (navigator.sendBeacon) when a
  result is opened; the log id and the rank, nothing else. Without the script nothing is sent.
- `/admin/report`: the report of `condsearch report`, only when CONDSEARCH_ADMIN_TOKEN is set (else the route
  does not exist: 404). The token comes in an `Authorization: Bearer` header or through a login form, and is
  compared in constant time; the page is never cached nor indexed.
"""
from __future__ import annotations

import hmac
import logging
import time

from flask import Blueprint, Flask, Response, current_app, g, render_template, request, url_for

from . import engine, querylog
from .i18n import current_language
from .params import MAX_OFFSET, Param, ParamError, ParamKind
from .querylog import Click, Interface
from search import limits

log = logging.getLogger(__name__)

EXTENSION = "condsearch.querylog"
# The highest rank a click can name: the last result of the last page a request may ask for.
MAX_RANK = MAX_OFFSET + limits.MAX_RESULTS
CLICK_PARAMS = (
    Param("id", ParamKind.WHOLE_NUMBER, "The log id of the search whose result was opened.", required=True,
          minimum=1, maximum=2 ** 63 - 1),
    Param("rank", ParamKind.WHOLE_NUMBER, "The rank of the result opened, from 1.", required=True, minimum=1,
          maximum=MAX_RANK),
)
# Headers of every answer of /admin/report: what visitors searched for stays out of caches and search engines.
ADMIN_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}

beacon = Blueprint("usage", __name__)
admin = Blueprint("admin", __name__)


def _writer() -> querylog.QueryLog | None:
    return current_app.extensions.get(EXTENSION)


def _latency_ms() -> float:
    started = g.get("query_log_started")
    return (time.perf_counter() - started) * 1000 if started is not None else 0.0


def _language(interface: Interface) -> str | None:
    """The interface language of a page; none for the API, whose answers have no interface (and choosing a
    language for a request that needs none costs about 50 µs, a few per cent of a search)."""
    return current_language() if interface is Interface.WEB else None


def log_search(data: dict, interface: Interface) -> int | None:
    """Logs the search `data` (of views.search_view) and returns its log id, for the click beacon; None
    when the log is off or the request pages on (`offset`: the same search, not a new one)."""
    writer = _writer()
    if writer is None or data["offset"]:
        return None
    try:
        entry = querylog.search_entry(data["query"], data["response"], interface=interface,
                                      language=_language(interface), latency_ms=_latency_ms())
        writer.record(entry)
        return entry.id
    except Exception:  # never fail a search for its log
        log.exception("query log: the search was not logged")
        return None


def log_suggest(data: dict, interface: Interface) -> None:
    """Logs the completions `data` (of views.suggest_view)."""
    writer = _writer()
    if writer is None:
        return
    try:
        writer.record(querylog.suggest_entry(data["query"], [item["id"] for item in data["suggestions"]],
                                             interface=interface, language=_language(interface),
                                             latency_ms=_latency_ms()))
    except Exception:
        log.exception("query log: the suggestion was not logged")


def status() -> dict:
    """The log's state for /healthz (this worker's counts)."""
    writer = _writer()
    return writer.status() if writer is not None else {"enabled": False}


def record_click(values: dict) -> None:
    """Records a result opened: the search's log id and the rank, nothing else."""
    search_id, rank = values["id"], values["rank"]
    writer = _writer()
    if writer is not None:
        writer.record(Click(search_id, rank, querylog.this_hour()))


@admin.route("/admin/report", methods=["GET", "POST"])
def report():
    from .report import ReportError, build_report, period_seconds
    from .report_cli import as_html

    since = request.values.get("since", "7d")
    stylesheet_url = url_for("static", filename="report.css")
    if not _token_given():
        refused = request.method == "POST"
        page = render_template("report-login.html", action=url_for("admin.report"), since=since,
                               stylesheet_url=stylesheet_url, refused=refused)
        response = Response(page, status=403 if refused else 401, mimetype="text/html")
        if not refused:
            response.headers["WWW-Authenticate"] = 'Bearer realm="condsearch report"'
        return response
    try:
        since_seconds = period_seconds(since)
    except ReportError as error:
        raise ParamError("since", str(error)) from None
    writer = _writer()
    if writer is None:
        return Response("The query log is off (CONDSEARCH_QUERY_LOG=off): there is nothing to report.\n",
                        status=404, mimetype="text/plain")
    writer.flush()  # this worker's last second too
    data = build_report([writer.path], since_seconds=since_seconds, searcher=engine.get_searcher(),
                        warn=lambda message: log.warning("query report: %s", message))
    return Response(as_html(data, stylesheet_url=stylesheet_url), mimetype="text/html")


def _token_given() -> bool:
    expected = current_app.config["ADMIN_TOKEN"].encode()
    header = request.headers.get("Authorization", "")
    given = header[len("Bearer "):] if header.startswith("Bearer ") else request.form.get("token", "")
    return hmac.compare_digest(given.encode(), expected)


@admin.after_request
def admin_headers(response: Response) -> Response:
    response.headers.update(ADMIN_HEADERS)
    return response


def init_app(app: Flask) -> None:
    writer = querylog.writer_from_settings(app.config)
    if writer is not None:
        app.extensions[EXTENSION] = writer

        @app.before_request
        def start_timer() -> None:
            g.query_log_started = time.perf_counter()

    app.register_blueprint(beacon)
    if app.config.get("ADMIN_TOKEN"):
        app.register_blueprint(admin)
