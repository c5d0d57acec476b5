"""What each route computes, as plain data, apart from how it is shown.

Every route calls one of these functions and hands the result to a renderer: `render_json` for the API,
`render_html` (a template) for the pages. So `/search` and `/api/search` run the same search with the same
parameters and differ only in the last step.
"""
from __future__ import annotations

import re
from collections import defaultdict
from html import unescape

from flask import Response, abort, jsonify, render_template, url_for
from markupsafe import Markup, escape

from corpus.page import NAME_KINDS, Page
from search import limits
from search.results import Hit, SearchResponse
from search.wording import language_name

from . import engine, usage
from .params import SUGGEST_LIMIT

_MARK_SPLIT = re.compile(r"(</?mark>)")
_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)


# ---- views: request arguments in, plain data out ----

def search_view(values: dict) -> dict:
    """The search asked for by the parameters `values` (read through params.SEARCH_PARAMS or API_SEARCH_PARAMS)."""
    query, limit, offset = values["q"], values["limit"], values["offset"]
    searcher = engine.get_searcher()
    if values["exact"]:
        response = _as_typed(searcher.search(query, limit=limits.MAX_RESULTS), limit=limit, offset=offset)
    else:
        response = searcher.search(query, limit=limit, offset=offset)
    return {**values, "query": query, "response": response}


def _as_typed(response: SearchResponse, *, limit: int, offset: int) -> SearchResponse:
    """The response without the pages found only by correcting the query: "search for what I typed".

    A page counts as corrected when a word of the query reached it as a typo or a sound-alike (a word still
    being typed, a prefix, is not a correction). The rest keep the engine's order. Done here, on the engine's
    own answer, because the engine has no switch for it; `suggestion` stays, so an empty answer can still ask
    "did you mean ...?". `total` counts within the first limits.MAX_RESULTS pages the engine ranked.
    """
    kept = tuple(hit for hit in response.hits if not _corrected(hit))
    return SearchResponse(query=response.query, hits=kept[offset:offset + limit], suggestion=response.suggestion,
                          total=len(kept))


def typed_words_find_their_own(response: SearchResponse) -> bool:
    """Whether the words the engine corrected in `response` find a page as they were typed, so that "search
    for what I typed" leads somewhere: "prostrate cancer" as typed finds pages for "cancer" only, and none
    for "prostrate". A second search, made only when a correction was shown."""
    corrected_words = {word.casefold() for hit in response.hits for reason in hit.reasons
                       if reason.kind.is_correction for word in reason.typed.split()}
    if not corrected_words:
        return False
    as_typed = _as_typed(engine.get_searcher().search(response.query, limit=limits.MAX_RESULTS),
                         limit=limits.MAX_RESULTS, offset=0)
    for hit in as_typed.hits:
        typed_words = {word.casefold() for reason in hit.reasons for word in reason.typed.split()}
        if corrected_words <= typed_words:
            return True
    return False


def _corrected(hit: Hit) -> bool:
    if hit.reasons:
        return any(reason.kind.is_correction for reason in hit.reasons)
    return hit.match.is_correction


def suggest_view(prefix: str, *, limit: int = SUGGEST_LIMIT) -> dict:
    suggestions = engine.get_searcher().suggest(prefix, limit=limit)
    return {"query": prefix, "suggestions": [
        {**suggestion.to_dict(), "url": url_for("pages.condition", page_id=suggestion.id)}
        for suggestion in suggestions]}


def condition_view(page_id: str) -> dict:
    page = engine.get_searcher().page(page_id)
    if page is None:
        abort(404, description=page_id)
    return {"page": page}


def health_view() -> dict:
    info = engine.get_searcher().info()
    return {"status": "ok", "index_id": info.index_id, "page_count": info.page_count,
            "fingerprint": info.fingerprint, "analysis_version": info.analysis_version, "built_at": info.built_at,
            "query_log": usage.status()}


# ---- renderers ----

def render_json(data: dict, status: int = 200) -> Response:
    response = jsonify(data)
    response.status_code = status
    return response


def render_html(template: str, data: dict, status: int = 200) -> Response:
    response = Response(render_template(template, **data), status=status, mimetype="text/html")
    return response


# ---- helpers the HTML renderer uses ----

def marked(html_text: str) -> Markup:
    """The engine's highlighted HTML made safe to insert whatever it holds: only <mark> survives as markup.

    The engine already escapes, but a page must never run what a corpus file or a visitor wrote, so every
    piece between the marks is unescaped and escaped again (a no-op for well-formed input, a rescue for
    anything else).

    >>> str(marked('a <mark>b&amp;c</mark> <script>'))
    'a <mark>b&amp;c</mark> &lt;script&gt;'
    """
    pieces = []
    for piece in _MARK_SPLIT.split(html_text or ""):
        pieces.append(piece if piece in ("<mark>", "</mark>") else str(escape(unescape(piece))))
    text = "".join(pieces)
    # Balance the marks so a stray tag cannot swallow the rest of the page in yellow.
    missing = text.count("<mark>") - text.count("</mark>")
    return Markup(text + "</mark>" * max(missing, 0))


def safe_url(url: str | None) -> str | None:
    """A page's source address as a link target only when it is http(s): a `javascript:` URL must not become a link."""
    return url if url and _SAFE_URL.match(url.strip()) else None


def name_groups(page: Page, ui_language: str) -> list[dict]:
    """The page's other names, grouped: names without a language by kind, names in another language by language.

    Each group is {"kind" or "lang", "names": [Name, ...]}, kinds in NAME_KINDS order, then languages by their
    name in the interface language.
    """
    by_kind: dict[str, list] = defaultdict(list)
    by_lang: dict[str, list] = defaultdict(list)
    for name in page.names:
        if name.lang and name.lang != "en":
            by_lang[name.lang].append(name)
        else:
            by_kind[name.kind].append(name)
    kind_order = {kind: position for position, kind in enumerate(NAME_KINDS)}
    groups = [{"kind": kind, "lang": None, "names": names}
              for kind, names in sorted(by_kind.items(), key=lambda item: kind_order.get(item[0], len(kind_order)))]
    languages = sorted(by_lang, key=lambda code: language_name(code, in_language=ui_language).casefold())
    groups += [{"kind": None, "lang": code, "language": language_name(code, in_language=ui_language),
                "names": by_lang[code]} for code in languages]
    return groups


def paragraphs(text: str) -> list[str]:
    """Text split at blank lines, each paragraph's line breaks joined (the corpus wraps lines at ~100 characters)."""
    return [" ".join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", text or "")
            if block.strip()]
