"""Cross-origin access (CORS) to the read-only JSON API, for other sites' pages calling it from a browser.

Off unless CORS_ORIGINS (CONDSEARCH_CORS_ORIGINS) lists origins, or is "*" for any. Only /api/ answers carry
the CORS headers: the HTML pages are for visitors of this site, never for other sites' scripts. Preflight
requests (OPTIONS with Access-Control-Request-Method) get the methods and request headers the API takes.
"""
from __future__ import annotations

from flask import Flask, Response, request

from .api import is_api_path

ANY_ORIGIN = "*"
# Every API route is read-only: GET (and HEAD, which Flask answers from it) is all a browser may send.
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# The request headers the API reads; the browser asks before sending any other than the CORS-safelisted ones.
ALLOWED_HEADERS = ("Accept-Language", "If-None-Match")
# Response headers a script may read beyond the CORS-safelisted ones: the ETag, to ask "changed?" later.
EXPOSED_HEADERS = "ETag"
# How long a browser may keep a preflight's answer: ten minutes spares a preflight per search, and a changed
# setting reaches browsers soon enough (Chromium caps it at two hours anyway).
PREFLIGHT_MAX_AGE_SECONDS = 600


def allowed_origin(origins: tuple[str, ...], origin: str | None) -> str | None:
    """The Access-Control-Allow-Origin value for a request from `origin`, or None when it is not allowed.

    >>> allowed_origin(("*",), "https://a.example"), allowed_origin(("https://a.example",), "https://b.example")
    ('*', None)
    """
    if not origin or not origins:
        return None
    if ANY_ORIGIN in origins:
        return ANY_ORIGIN
    return origin if origin in origins else None


def add_cors_headers(response: Response, origins: tuple[str, ...]) -> Response:
    if origins and ANY_ORIGIN not in origins:
        # The answer names one origin among several: a cache must keep one copy per origin.
        response.vary.add("Origin")
    allow = allowed_origin(origins, request.headers.get("Origin"))
    if allow is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = allow
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        asked = {header.strip().lower() for header in
                 request.headers.get("Access-Control-Request-Headers", "").split(",") if header.strip()}
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        granted = [header for header in ALLOWED_HEADERS if header.lower() in asked]
        if granted:
            response.headers["Access-Control-Allow-Headers"] = ", ".join(granted)
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
    else:
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def init_app(app: Flask) -> None:
    @app.after_request
    def cors_for_the_api(response: Response) -> Response:
        if not is_api_path(request.path):
            return response
        return add_cors_headers(response, tuple(app.config.get("CORS_ORIGINS") or ()))
