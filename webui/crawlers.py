"""What search engines' crawlers read: `/robots.txt` (what not to fetch) and `/sitemap.xml` (every condition page).

Addresses are absolute, under the site's public address (pages.site_url: CONDSEARCH_BASE_URL, else the address
the server listens on), as the sitemap protocol requires. Built here rather than from templates: package data
ships templates/*.html only, and each answer is a few lines.
"""
from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from flask import Blueprint, Flask, Response, abort, url_for

from . import engine
from .pages import site_url

bp = Blueprint("crawlers", __name__)

# The sitemap protocol's cap on the addresses of one sitemap file (sitemaps.org). The whole Disease Ontology
# is about 11,000 pages; a corpus past the cap gets a sitemap index at /sitemap.xml pointing at its parts.
MAX_SITEMAP_URLS = 50_000

# Not for crawlers: the JSON API and the editors' report are not pages to list; results pages are endless
# (one per query) and the language switcher only redirects, so crawling them would only spend the server.
DISALLOWED_PATHS = ("/api/", "/admin/", "/search", "/language/")

_SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED_PATHS),
             f"Sitemap: {site_url(url_for('crawlers.sitemap'))}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    """Every condition page's address; for a corpus past MAX_SITEMAP_URLS, the index of the sitemap's parts."""
    listing = engine.get_searcher().listing()
    if len(listing) <= MAX_SITEMAP_URLS:
        return _urlset(page_id for page_id, _title in listing)
    parts = range(1, (len(listing) + MAX_SITEMAP_URLS - 1) // MAX_SITEMAP_URLS + 1)
    entries = "".join(f"  <sitemap><loc>{xml_escape(site_url(url_for('crawlers.sitemap_part', part=part)))}"
                      f"</loc></sitemap>\n" for part in parts)
    return _xml(f'<sitemapindex xmlns="{_SITEMAP_NAMESPACE}">\n{entries}</sitemapindex>\n')


@bp.get("/sitemap-<int:part>.xml")
def sitemap_part(part: int):
    """The `part`-th MAX_SITEMAP_URLS condition pages, by id (1 is the first)."""
    listing = engine.get_searcher().listing()
    chunk = listing[(part - 1) * MAX_SITEMAP_URLS:part * MAX_SITEMAP_URLS] if part >= 1 else ()
    if not chunk:
        abort(404)
    return _urlset(page_id for page_id, _title in chunk)


def _urlset(page_ids) -> Response:
    entries = "".join(f"  <url><loc>{xml_escape(site_url(url_for('pages.condition', page_id=page_id)))}</loc></url>\n"
                      for page_id in page_ids)
    return _xml(f'<urlset xmlns="{_SITEMAP_NAMESPACE}">\n{entries}</urlset>\n')


def _xml(body: str) -> Response:
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + body, mimetype="application/xml")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
