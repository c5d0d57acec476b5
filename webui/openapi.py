"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json, built from the routes themselves.

Each JSON route is declared with an `Operation` (webui/api.py): its path, the `Param`s it reads
(webui/params.py: the same objects that check the request), the shape of its answer and its error
statuses. `document()` turns those into the description, so a parameter cannot be accepted by the code and
missing from the description, or the other way round. The answer shapes are JSON Schemas written here,
next to nothing else; a test runs schemathesis against the live server to hold the two together.

Answers may gain keys in later versions: every object schema allows more properties, and a client should
ignore the keys it does not know.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from corpus.page import NAME_KINDS
from search.results import MatchTier

from .params import Param

OPENAPI_VERSION = "3.1.0"
JSON = "application/json"
# The media type browsers ask for when they fetch completions for their search box (OpenSearch suggestions).
SUGGESTIONS_JSON = "application/x-suggestions+json"

ERROR_MEANINGS = {
    304: "Not Modified: the client's copy (If-None-Match) is still current.",
    400: "A parameter cannot be used; `parameter` names it and `error` says why.",
    404: "There is nothing at this address.",
    503: "The search index is not built yet, or cannot be read.",
}


@dataclass(frozen=True)
class Operation:
    """One route of the API, as the description presents it (GET, but for the click beacon's POST).

    `result` names the answer's schema in SCHEMAS; `results` gives one per media type when the route can
    answer in several (chosen by a parameter). `cached` routes send ETag and Cache-Control and answer 304.
    """

    path: str  # in OpenAPI's form: /api/pages/{id}
    endpoint: str
    summary: str
    description: str = ""
    params: tuple[Param, ...] = ()
    path_params: tuple[Param, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()  # (request header the route reads, what it does)
    result: str = ""
    results: tuple[tuple[str, str], ...] = ()  # (media type, schema name)
    errors: tuple[int, ...] = (503,)
    cached: bool = False
    tags: tuple[str, ...] = field(default=("search",))
    method: str = "get"

    @property
    def flask_rule(self) -> str:
        """The path as a Flask rule: {id} becomes <id>."""
        return self.path.replace("{", "<").replace("}", ">")


def _object(properties: dict, *, required: tuple[str, ...] | None = None, description: str = "") -> dict:
    schema = {"type": "object", "required": list(properties if required is None else required),
              "properties": properties}
    return {**schema, "description": description} if description else schema


TEXT = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
COUNT = {"type": "integer", "minimum": 0}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS = {
    "Error": _object({
        "error": {**TEXT, "description": "What is wrong, in English."},
        "parameter": {**TEXT, "description": "The parameter at fault, when one is."},
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
    }, required=("error", "status")),
    "Result": _object({
        "id": TEXT,
        "title": TEXT,
        "score": {"type": "number", "minimum": 0, "maximum": 1,
                  "description": "How well the page matched, in [0, 1]; it falls (or stays) with the rank."},
        "match": {"type": "string", "enum": [tier.label for tier in MatchTier],
                  "description": "The tier of the match, best first in this list."},
        "explanation": {**TEXT, "description": "Why the page matched, in plain words, in the requested language."},
        "matched_name": {**TEXT_OR_NULL, "description": "The page's name that the query matched; null for a "
                                                        "match in the page's text."},
        "highlight": {**TEXT, "description": "The snippet as HTML: every character escaped, matched words in "
                                             "<mark>."},
    }),
    "SearchResponse": _object({
        "query": TEXT,
        "results": {"type": "array", "items": _ref("Result")},
        "suggestion": {**TEXT_OR_NULL, "description": "The corrected query (did you mean), or null."},
        "total": {**COUNT, "description": "How many pages matched, whatever `limit` and `offset`; `results` are "
                                          "those from `offset`, at most `limit` of them."},
        "total_is_lower_bound": {"type": "boolean", "description": "True when a cap on the work of one query left "
                                                                   "pages unscored: `total` is then at least that."},
    }),
    "Suggestion": _object({
        "id": TEXT,
        "title": TEXT,
        "name": {**TEXT, "description": "The name of the page that completes what was typed."},
        "lang": {**TEXT_OR_NULL, "description": "The language of `name` (an ISO 639 code such as `fr`), or null "
                                                "for English."},
        "url": {**TEXT, "description": "The page's address on this site."},
    }),
    "SuggestResponse": _object({
        "query": TEXT,
        "suggestions": {"type": "array", "items": _ref("Suggestion")},
    }),
    "OpenSearchSuggestions": {
        # Written without prefixItems, which schemathesis (4.32) cannot check yet: two items, a text then a list.
        "type": "array", "minItems": 2, "maxItems": 2,
        "items": {"anyOf": [TEXT, {"type": "array", "items": TEXT}]},
        "description": "The OpenSearch suggestions form: [what was typed, [titles]].",
    },
    "PageEntry": _object({"id": TEXT, "title": TEXT, "url": {**TEXT, "description": "The page on this site."}}),
    "PageList": _object({
        "pages": {"type": "array", "items": _ref("PageEntry")},
        "total": {**COUNT, "description": "How many pages the index holds."},
        "limit": COUNT,
        "offset": COUNT,
    }),
    "Name": _object({
        "text": TEXT,
        "kind": {"type": "string", "enum": list(NAME_KINDS)},
        "lang": {**TEXT_OR_NULL, "description": "ISO 639 code of a name in another language; null: English."},
    }),
    "Section": _object({"heading": TEXT, "text": TEXT}),
    "Page": _object({
        "id": TEXT,
        "title": TEXT,
        "names": {"type": "array", "items": _ref("Name")},
        "summary": TEXT,
        "sections": {"type": "array", "items": _ref("Section")},
        "url": {**TEXT_OR_NULL, "description": "The page's address on the site it came from, if any."},
        "references": {"type": "array", "items": TEXT,
                       "description": "Web addresses the summary comes from (an ontology definition's references)."},
        "source": {"oneOf": [{"type": "null"}, _object({
            "file": {**TEXT, "description": "The name of the file the page was read from (without its folders)."},
            "line": {"type": ["integer", "null"]},
        })]},
    }, description="A page in the JSONL page model of README.md."),
    "Health": _object({
        "status": {"type": "string", "enum": ["ok"]},
        "index_id": {**TEXT, "description": "The index generation being served; it changes with every build."},
        "page_count": COUNT,
        "fingerprint": {**TEXT, "description": "A digest of the corpus the index was built from."},
        "analysis_version": TEXT,
        "built_at": TEXT,
    }),
    "OpenAPI": {"type": "object", "description": "This description."},
}


def _parameter(param: Param, where: str) -> dict:
    parameter = {"name": param.name, "in": where, "required": param.required or where == "path",
                 "description": param.description, "schema": param.schema()}
    if where == "query" and not param.required:
        parameter["allowEmptyValue"] = True  # an empty value counts as absent: the default applies
    return parameter


def _header(name: str, description: str) -> dict:
    return {"name": name, "in": "header", "required": False, "description": description, "schema": TEXT}


def _answer(schema_name: str) -> dict:
    return {"schema": _ref(schema_name)}


def _responses(operation: Operation) -> dict:
    content = dict(operation.results) if operation.results else {JSON: operation.result}
    if not operation.result and not operation.results:  # an answer with no body
        return {"204": {"description": "Recorded"},
                **{str(status): {"description": ERROR_MEANINGS[status], "content": {JSON: _answer("Error")}}
                   for status in sorted(operation.errors)}}
    success = {"description": "OK", "content": {media: _answer(name) for media, name in content.items()}}
    if operation.cached:
        success["headers"] = {
            "ETag": {"required": True, "description": "Names the index generation (and the language); it "
                                                      "changes when the index is rebuilt.", "schema": TEXT},
            "Cache-Control": {"required": True, "schema": TEXT},
        }
    responses = {"200": success}
    for status in sorted(operation.errors + ((304,) if operation.cached else ())):
        answer = {"description": ERROR_MEANINGS[status]}
        if status != 304:
            answer["content"] = {JSON: _answer("Error")}
        responses[str(status)] = answer
    return responses


def _operation(operation: Operation) -> dict:
    parameters = [_parameter(param, "path") for param in operation.path_params]
    parameters += [_parameter(param, "query") for param in operation.params]
    parameters += [_header(name, description) for name, description in operation.headers]
    if operation.cached:
        parameters.append(_header("If-None-Match", "The ETag of a copy the client holds: 304 while it is "
                                                   "current."))
    body = {"operationId": operation.endpoint.replace(".", "_"), "summary": operation.summary,
            "tags": list(operation.tags), "responses": _responses(operation)}
    if operation.description:
        body["description"] = operation.description
    if parameters:
        body["parameters"] = parameters
    return body


@cache
def program_version() -> str:
    """condsearch's version, read once: the ETags of every answer include it."""
    try:
        return version("condsearch")
    except PackageNotFoundError:  # run from a source folder that was never installed
        return "0"


API_DESCRIPTION = (
    "Search medical condition pages whatever the visitor types (typos, British spellings, other languages), "
    "with an explanation of each match. Every route is GET and read-only, but POST /api/click (a result "
    "opened, for the site's editors). Errors are JSON: "
    '{"error": message, "parameter": name, "status": code}. Parameters a route does not list are ignored. '
    "Answers may gain keys; ignore those you do not know."
)


def document(operations: tuple[Operation, ...]) -> dict:
    """The OpenAPI 3.1 description of `operations`."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "condsearch", "version": program_version(), "description": API_DESCRIPTION},
        "paths": {operation.path: {operation.method: _operation(operation)} for operation in operations},
        "components": {"schemas": SCHEMAS},
    }
