"""The JSON API: search, completions, the pages, health, and its own OpenAPI description.

Each route is declared with an `Operation` (webui/openapi.py) naming the parameters it reads, so the
description at /api/openapi.json is made from the routes themselves. `/api/search` answers
`SearchResponse.to_dict()`, the shape of `condsearch search --json`, with each explanation in the requested
language. Errors are JSON too (see app.py): {"error": message, "parameter": name, "status": code}.
"""
from __future__ import annotations

import hashlib
from pathlib import PurePath

from flask import Blueprint, Flask, Response, abort, request, url_for
from flask_babel import force_locale

from . import engine, openapi, usage, views
from .explain import explain
from .i18n import best_language
from .openapi import SUGGESTIONS_JSON, Operation
from .params import API_SEARCH_PARAMS, PAGE_ID, PAGE_LIST_PARAMS, SUGGEST_PARAMS, read_params

bp = Blueprint("api", __name__)

PREFIX = "/api"
# How long a client or proxy may reuse a search or completion answer without asking again: an index rebuilt
# meanwhile is seen within a minute, and asking again after that costs a 304 while the ETag still holds.
CACHE_SECONDS = 60
OPERATIONS: list[Operation] = []

ACCEPT_LANGUAGE = ("Accept-Language", "The language of the explanations when `lang` is not given.")


def is_api_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def operation(path: str, **description):
    """Registers a route (GET unless `method` says otherwise) and its description for /api/openapi.json."""
    def register(view):
        declared = Operation(path=path, endpoint=f"{bp.name}.{view.__name__}", **description)
        OPERATIONS.append(declared)
        return bp.route(declared.flask_rule, methods=[declared.method.upper()])(view)
    return register


def is_current(etag: str, *, by_language: bool = False) -> Response | None:
    """A 304 when the client's copy (If-None-Match) is still current, before any work is done; else None."""
    if request.if_none_match.contains_weak(etag):
        # With the headers the full answer would have (RFC 9110: ETag, Cache-Control, Vary).
        return _cacheable(Response(status=304, mimetype="application/json"), etag, by_language=by_language)
    return None


def _cacheable(response: Response, etag: str, *, by_language: bool = False) -> Response:
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    if by_language:
        response.vary.add("Accept-Language")
    return response


def answer_tag(*parts: str) -> str:
    """An ETag for an answer computed from the current index and `parts` (such as the language): a rebuild
    gives every answer a new tag. The program's version takes part, as a new version may word answers
    differently from the same index."""
    index_id = engine.get_searcher().info().index_id
    key = "\0".join((openapi.program_version(), index_id, *parts))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def explanation_language(requested: str | None) -> str:
    return requested or best_language(request.accept_languages)


@operation("/api/search", summary="Search the condition pages", result="SearchResponse", cached=True,
           params=API_SEARCH_PARAMS, headers=(ACCEPT_LANGUAGE,), errors=(400, 503),
           description="The pages that match `q`, best first, each with why it matched.")
def search():
    values = read_params(request.args, API_SEARCH_PARAMS)
    language = explanation_language(values["lang"])
    etag = answer_tag(language)
    not_modified = is_current(etag, by_language=True)
    if not_modified:
        return not_modified
    data = views.search_view(values)
    usage.log_search(data, usage.Interface.API)
    answer = data["response"].to_dict()
    with force_locale(language):
        for result, hit in zip(answer["results"], data["response"].hits):
            result["explanation"] = explain(hit, language)
    response = _cacheable(views.render_json(answer), etag, by_language=True)
    response.headers["Content-Language"] = language
    return response


@operation("/api/suggest", summary="Complete what is being typed in a search box", cached=True,
           params=SUGGEST_PARAMS, errors=(400, 503),
           results=(("application/json", "SuggestResponse"), (SUGGESTIONS_JSON, "OpenSearchSuggestions")))
def suggest():
    values = read_params(request.args, SUGGEST_PARAMS)
    answer_format = values["format"]
    etag = answer_tag(answer_format)
    not_modified = is_current(etag)
    if not_modified:
        return not_modified
    data = views.suggest_view(values["q"], limit=values["limit"])
    usage.log_suggest(data, usage.Interface.API)
    if answer_format == "opensearch":
        response = views.render_json([data["query"], [suggestion["title"] for suggestion in data["suggestions"]]])
        response.mimetype = SUGGESTIONS_JSON
    else:
        response = views.render_json(data)
    # The same prefix is typed again and again by many visitors; a short cache spares the engine.
    return _cacheable(response, etag)


@operation("/api/pages", summary="List the pages: ids and titles, by id", result="PageList",
           params=PAGE_LIST_PARAMS, errors=(400, 503), tags=("pages",))
def page_list():
    values = read_params(request.args, PAGE_LIST_PARAMS)
    entries = engine.get_searcher().listing()
    offset, limit = values["offset"], values["limit"]
    return views.render_json({
        "pages": [{"id": page_id, "title": title, "url": url_for("pages.condition", page_id=page_id)}
                  for page_id, title in entries[offset:offset + limit]],
        "total": len(entries), "limit": limit, "offset": offset})


@operation("/api/pages/{id}", summary="One page, in the JSONL page model", result="Page",
           path_params=(PAGE_ID,), errors=(404, 503), tags=("pages",))
def page(id: str):  # noqa: A002 - the name is the path parameter's, as the description shows it
    found = engine.get_searcher().page(id)
    if found is None:
        abort(404)
    data = found.to_dict()
    if data["source"]:
        # Only the file's name, as on the page: the folders it sits in on the server are nobody's business.
        data["source"]["file"] = PurePath(data["source"]["file"]).name
    return views.render_json(data)


@operation("/api/click", summary="Record that a visitor opened a result (the search's log id and the rank)",
           method="post", params=usage.CLICK_PARAMS, errors=(400,), tags=("log",))
def click():
    usage.record_click(read_params(request.args, usage.CLICK_PARAMS))
    return Response(status=204)


@operation("/healthz", summary="Which index is served, and that it can be read", result="Health",
           tags=("health",))
def health():
    response = views.render_json(views.health_view())
    response.cache_control.no_store = True
    return response


@operation("/api/openapi.json", summary="This description of the API", result="OpenAPI", errors=(),
           tags=("health",))
def description():
    return views.render_json(openapi.document(tuple(OPERATIONS)))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
