"""What a condition page shows, as plain data: its text as a visitor reads it, its place among the other pages
(broader, narrower and related pages), its ontology terms and references, and the way back to the results.

The page's data stays as its source wrote it; only what is shown changes (webui.term_text). No file name
is shown: where a page came from is for operators (`/api/pages/{id}`, `condsearch corpus check`).
"""
from __future__ import annotations

from bisect import bisect_left
from urllib.parse import parse_qsl, urlsplit

from flask import url_for
from flask_babel import gettext as _

from corpus.obo import term_url
from corpus.page import Page
from search import Searcher

from .params import SEARCH_PARAMS, ParamError, read_params
from .term_text import display_title, is_ontology_term, readable_definition
from .views import paragraphs, safe_url

# Narrower pages listed on a page: an overview page of the bundled corpus has a dozen, but a term high in the
# Disease Ontology has hundreds ("cancer" has over 100 direct kinds); past this many the page says how many more.
MAX_NARROWER_LINKS = 50
# Related pages (other kinds of the same broader page) listed: a handful to browse, not a second index.
MAX_RELATED_LINKS = 10
# The meta description search engines show under a result is about this long; a longer summary is cut at a word.
MAX_DESCRIPTION_CHARS = 160


def linked_pages(page_ids, listing: tuple[tuple[str, str], ...]) -> list[dict]:
    """{"id", "title", "url"} of each page id that the index holds, in the order given; titles as shown.

    `listing` is the index's (id, title) of every page sorted by id (Searcher.listing), searched by bisection,
    so a page linking to 50 others costs 50 look-ups in memory, not 50 reads of stored pages."""
    links = []
    for page_id in page_ids:
        position = bisect_left(listing, page_id, key=lambda entry: entry[0])
        if position < len(listing) and listing[position][0] == page_id:
            links.append({"id": page_id, "title": display_title(page_id, listing[position][1]),
                          "url": url_for("pages.condition", page_id=page_id)})
    return links


def related_ids(page: Page, searcher: Searcher) -> list[str]:
    """The other kinds of the page's broader pages (its "siblings"), each once, in the broader pages' order,
    without the page itself and its own broader and narrower pages (listed already)."""
    shown = {page.id, *page.broader, *page.narrower}
    related: list[str] = []
    for broader_id in page.broader:
        broader = searcher.page(broader_id)
        for sibling in broader.narrower if broader else ():
            if sibling not in shown:
                shown.add(sibling)
                related.append(sibling)
                if len(related) == MAX_RELATED_LINKS:
                    return related
    return related


def came_from(args, referrer: str | None) -> dict | None:
    """The results the visitor came from: the search parameters (q, offset, exact) of the page's own address,
    else those of the results page that linked here (the Referer; the site's Referrer-Policy sends it between
    its own pages only). None when neither holds a usable search."""
    if not args.get("q", "").strip() and referrer:
        parts = urlsplit(referrer)
        args = dict(parse_qsl(parts.query)) if parts.path == url_for("pages.search") else {}
    if not args.get("q", "").strip():
        return None
    try:
        values = read_params(args, SEARCH_PARAMS)
    except ParamError:
        return None  # an edited address: the page is still shown, without a way back
    return {"query": values["q"],
            "url": url_for("pages.search", q=values["q"], offset=values["offset"] or None,
                           exact=1 if values["exact"] else None)}


def description(text: str) -> str:
    """`text` on one line, cut at a word to at most MAX_DESCRIPTION_CHARS with an ellipsis.

    >>> text = description("A cancer of the blood. " * 10); len(text), text[-16:]
    (154, 'A cancer of the…')
    """
    text = " ".join(text.split())
    if len(text) <= MAX_DESCRIPTION_CHARS:
        return text
    cut = text[:MAX_DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def condition_page(page: Page, searcher: Searcher, *, args, referrer: str | None) -> dict:
    """Everything condition.html shows of `page`, besides the names (views.name_groups)."""
    listing = searcher.listing()
    term = is_ontology_term(page.id)
    summary = readable_definition(page.summary) if term else page.summary
    title = display_title(page.id, page.title)
    broader = linked_pages(page.broader, listing)
    narrower = linked_pages(page.narrower, listing)
    if summary.strip():
        meta_description = description(summary)
    elif broader:
        meta_description = _("%(title)s is a kind of %(kinds)s.", title=title,
                             kinds=", ".join(link["title"] for link in broader))
    else:
        meta_description = _("No definition is given for %(title)s.", title=title)
    return {
        "title": title,
        "summary": paragraphs(summary),
        "meta_description": meta_description,
        "broader": broader,
        "narrower": narrower[:MAX_NARROWER_LINKS],
        "more_narrower": max(len(narrower) - MAX_NARROWER_LINKS, 0),
        "related": linked_pages(related_ids(page, searcher), listing),
        # An ontology term's own public page, then the terms a page names in its xrefs.
        "terms": ([{"id": page.id, "url": safe_url(page.url) or term_url(page.id)}] if term else [])
        + [{"id": xref, "url": term_url(xref)} for xref in page.xrefs],
        "references": [{"url": url, "text": url.split("://", 1)[1]}
                       for url in page.references if safe_url(url)],
        "source_url": None if term else safe_url(page.url),
        "came_from": came_from(args, referrer),
    }
