"""The JSON API: /api/search, /api/suggest and /healthz.

`/api/search` answers exactly `SearchResponse.to_dict()`, the shape of `condsearch search --json`.
Errors are JSON too (see app.py): {"error": message, "parameter": name, "status": code}.
"""
from __future__ import annotations

from flask import Blueprint, Flask, request

from . import usage, views
from .params import PAGE_SIZE, ParamError

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    data = views.search_view(request.args, default_limit=PAGE_SIZE)
    usage.log_search(data, usage.Interface.API)
    return views.render_json(data["response"].to_dict())


@bp.get("/api/suggest")
def suggest():
    """Completions for the search box; `format=opensearch` gives the browsers' [query, [titles]] form."""
    answer_format = request.args.get("format", "json")
    if answer_format not in ("json", "opensearch"):
        raise ParamError("format", f"the parameter 'format' must be 'json' or 'opensearch', not {answer_format[:40]!r}")
    data = views.suggest_view(request.args)
    usage.log_suggest(data, usage.Interface.API)
    if answer_format == "opensearch":
        return views.render_json([data["query"], [suggestion["title"] for suggestion in data["suggestions"]]])
    response = views.render_json(data)
    # The same prefix is typed again and again by many visitors; a short cache spares the engine.
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response


@bp.get("/healthz")
def health():
    response = views.render_json(views.health_view())
    response.cache_control.no_store = True
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
