"""The web app: `create_app(config=None)` assembles settings, blueprints, security headers and error pages.

Settings come from DEFAULTS, then the environment (webui.config), then the `config` mapping given here, so a
test can point an app at its own index without touching the environment.
"""
from __future__ import annotations

import logging
import re
from typing import Mapping

from flask import Flask, Response, request
from markupsafe import Markup
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from werkzeug.exceptions import BadHost, HTTPException

from search import IndexMissing, IndexUnreadable, SearchError, limits

from . import api, cors, crawlers, engine, i18n, pages, usage, views
from .config import from_environment
from .params import ParamError

log = logging.getLogger(__name__)

# C0 control characters other than tab and line breaks: a corpus file may hold them (a NUL, a terminal's
# escape sequence), but in HTML they are parse errors, and they mean nothing to a reader.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Longest condition id a 404 page repeats: ids are a few words; what is longer is shown cut, with an ellipsis.
MAX_SHOWN_ID_CHARS = 80
# Longest address the language links return to; from a longer one (only an edited or hostile address is
# that long) they return to the start page, so a page never repeats a huge address in each link.
MAX_RETURN_ADDRESS_CHARS = 500

DEFAULTS = {
    # Never the debugger: it would show stack traces, and run code typed into them, to anyone.
    "DEBUG": False,
    # Errors go through our handlers (a page in the site's style, or JSON), in tests too.
    "PROPAGATE_EXCEPTIONS": False,
    # Static files are named without a content hash, so browsers may keep them only a short while.
    "SEND_FILE_MAX_AGE_DEFAULT": 300,
}

# No inline script or style anywhere, no third-party origin: the page runs only our one script.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # What someone searches for here is health information: other sites get no referrer at all.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def create_app(config: Mapping | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(from_environment())
    if config:
        app.config.update(config)
    app.debug = False
    app.json.sort_keys = False  # keep the order of SearchResponse.to_dict(), as `condsearch search --json` prints it
    app.json.ensure_ascii = False  # "leucémie" reads better than "leuc\u00e9mie"

    i18n.init_app(app)
    engine.init_app(app)
    pages.init_app(app)
    crawlers.init_app(app)
    api.init_app(app)
    cors.init_app(app)
    usage.init_app(app)
    _init_errors(app)

    app.jinja_env.globals["MAX_QUERY_CHARS"] = limits.MAX_QUERY_CHARS
    app.jinja_env.globals["MAX_RETURN_ADDRESS_CHARS"] = MAX_RETURN_ADDRESS_CHARS
    app.jinja_env.finalize = _printable

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def _printable(value):
    """Every value a template prints, without control characters; markup stays markup (removing them adds none)."""
    if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
        cleaned = _CONTROL_CHARACTERS.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def _wants_json() -> bool:
    return api.is_api_path(request.path) or request.path == "/healthz"


def _error(status: int, message, *, parameter: str | None = None, title=None):
    """An error answer: JSON under /api/ and /healthz, else a page in the site's style.

    `message` and `title` may be lazy translations: JSON errors are always in English, the language of the
    API, while pages follow the visitor's interface language.
    """
    if _wants_json():
        with force_locale("en"):
            body = {"error": str(message)}
        if parameter:
            body["parameter"] = parameter
        body["status"] = status
        return views.render_json(body, status)
    return views.render_html("error.html", {"status": status, "title": str(title or message), "message": str(message),
                                            "query": request.args.get("q", "")[:200]}, status)


def _init_errors(app: Flask) -> None:
    @app.errorhandler(ParamError)
    def bad_parameter(error: ParamError):
        if _wants_json():
            return _error(400, error.message, parameter=error.parameter)
        # On a page, the one error a visitor can cause by typing (an empty box just goes back to the start
        # page) is a search that is too long; the others come from edited addresses and keep their detail.
        if error.parameter == "q":
            message = _("Your search is too long: a search may have at most %(count)d characters.",
                        count=limits.MAX_QUERY_CHARS)
        else:
            message = _("This address has a value that cannot be used (%(detail)s).", detail=error.message)
        return _error(400, message, parameter=error.parameter, title=_l("That search could not be run"))

    @app.errorhandler(SearchError)
    def bad_query(error: SearchError):
        return _error(400, str(error), parameter="q", title=_l("That search could not be run"))

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing):
        log.error("no search index: %s", error)
        message = _l("The search index is not built yet. Run “condsearch index” (or “condsearch serve”, "
                    "which builds it) and reload this page.")
        return _error(503, message, title=_l("Search is not available yet"))

    @app.errorhandler(IndexUnreadable)
    def unreadable_index(error: IndexUnreadable):
        log.error("search index unreadable: %s", error)
        return _error(503, _l("The search index cannot be read. Rebuild it with “condsearch index --force”."),
                      title=_l("Search is not available yet"))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if isinstance(error, BadHost):
            # No page can be drawn (its links are built for a host), so a line of text; one line of log.
            log.warning("refused a request whose Host header is not a host name")
            return Response("400 Bad Request: the Host header is not a valid host name.\n", 400,
                            mimetype="text/plain")
        if status == 404 and request.endpoint == "pages.condition":
            # The search box of the 404 page offers the id's words, the likeliest next step; an id too long
            # to be one is shown once, cut, and offers nothing.
            page_id = (request.view_args or {}).get("page_id", "")
            shown = page_id if len(page_id) <= MAX_SHOWN_ID_CHARS else page_id[:MAX_SHOWN_ID_CHARS] + "…"
            return views.render_html("error.html", {
                "status": 404, "title": _("No such condition page"),
                "message": _("No condition page has the id “%(id)s”.", id=shown),
                "query": page_id.replace("-", " ") if shown == page_id else ""}, 404)
        if status == 404:
            return _error(404, _l("There is no page at this address."), title=_l("Page not found"))
        if status == 405:
            response = _error(405, _l("This address does not accept that kind of request."), title=_l("Not allowed"))
            # RFC 9110: a 405 names the methods the address does take.
            response.headers["Allow"] = ", ".join(getattr(error, "valid_methods", None) or ())
            return response
        return _error(status, error.name)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # The trace goes to the server's log, never to the visitor.
        log.exception("unhandled error on %s", request.path)
        return _error(500, _l("Something went wrong on our side. Please try again in a moment."),
                      title=_l("Something went wrong"))
