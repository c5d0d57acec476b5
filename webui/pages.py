"""The HTML pages: home, results, condition pages, the language switcher and the OpenSearch description."""
from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from flask import Blueprint, Flask, Response, current_app, redirect, request, url_for
from flask_babel import gettext as _

from . import engine, resultlist, usage, views
from .condition import condition_page
from .config import address_url
from .i18n import COOKIE, COOKIE_MAX_AGE, LANGUAGES, current_language
from .params import SEARCH_PARAMS, read_params, safe_next

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    return views.render_html("index.html", {"query": ""})


@bp.get("/search")
def search():
    # A form sent with nothing in the box is not an error for a person: take them back to the box.
    if not request.args.get("q", "").strip():
        return redirect(url_for("pages.home"))
    data = views.search_view(read_params(request.args, SEARCH_PARAMS))
    data["log_id"] = usage.log_search(data, usage.Interface.WEB)
    response = data["response"]
    ui = current_language()
    overview = _overview(response.hits[0].id) if response.hits and data["offset"] == 0 else None
    data.update(resultlist.results_for_display(response.hits, ui, overview=overview))
    # "(you typed ...)" links to the search as typed only when that search finds something of its own.
    data["typed_link"] = bool(response.suggestion and response.hits and not data["exact"]
                              and views.typed_words_find_their_own(response))
    data["first"] = data["offset"] + 1
    data["last"] = data["offset"] + len(response.hits)
    data["more_offset"] = data["last"] if data["last"] < response.total else None
    data["previous_offset"] = max(data["offset"] - data["limit"], 0) if data["offset"] > 0 else None
    if not response.hits:
        # The honest empty state still offers a way on: completions of what was typed, if any come close.
        data["completions"] = views.suggest_view(data["query"])["suggestions"]
    return views.render_html("search.html", data)


def _overview(page_id: str):
    """(page, its types as (id, title)) when `page_id` is an overview page, else None."""
    searcher = engine.get_searcher()
    page = searcher.page(page_id)
    if page is None or not page.is_overview:
        return None
    titles = dict(searcher.listing())
    return page, [(narrower, titles[narrower]) for narrower in page.narrower if narrower in titles]


@bp.get("/condition/<page_id>")
def condition(page_id: str):
    data = views.condition_view(page_id)
    page = data["page"]
    ui = current_language()
    data.update(condition_page(page, engine.get_searcher(), args=request.args, referrer=request.referrer))
    data.update(
        name_groups=views.name_groups(page, ui),
        sections=[{"heading": section.heading, "paragraphs": views.paragraphs(section.text)}
                  for section in page.sections],
        query=data["came_from"]["query"] if data["came_from"] else "",
        # One address for the page however it was reached (with or without the way back to the results).
        canonical_url=site_url(url_for("pages.condition", page_id=page_id)),
    )
    response = views.render_html("condition.html", data)
    # The way back to the results comes from the Referer when the address has no query: a cache must not
    # give one visitor's way back to another.
    response.vary.add("Referer")
    return response


@bp.get("/language/<code>")
def choose_language(code: str):
    """Remembers the visitor's interface language and goes back to the page they were on."""
    target = safe_next(request.args.get("next"))
    response = redirect(target, code=303)
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    return response


def site_url(path: str) -> str:
    """`path` under the site's public address: CONDSEARCH_BASE_URL, else the address it listens on (never
    the Host header, which any client may set)."""
    base = current_app.config.get("BASE_URL") or address_url(current_app.config["HOST"], current_app.config["PORT"])
    return base.rstrip("/") + path


@bp.get("/opensearch.xml")
def opensearch():
    # Built here rather than from a template: package data ships templates/*.html only, and this is six lines.
    search_url = site_url(url_for("pages.search")) + "?q={searchTerms}"
    suggest_url = site_url(url_for("api.suggest")) + "?format=opensearch&q={searchTerms}"
    icon_url = site_url(url_for("static", filename="favicon.svg"))
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
        "  <ShortName>condsearch</ShortName>\n"
        f"  <Description>{xml_escape(_('Find the page about a condition, whatever you type'))}</Description>\n"
        "  <InputEncoding>UTF-8</InputEncoding>\n"
        f'  <Image type="image/svg+xml">{xml_escape(icon_url)}</Image>\n'
        f'  <Url type="text/html" method="get" template="{xml_escape(search_url, {chr(34): "&quot;"})}"/>\n'
        f'  <Url type="application/x-suggestions+json" method="get" '
        f'template="{xml_escape(suggest_url, {chr(34): "&quot;"})}"/>\n'
        "</OpenSearchDescription>\n"
    )
    return Response(body, mimetype="application/opensearchdescription+xml")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
