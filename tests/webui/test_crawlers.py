"""robots.txt and sitemap.xml, served over a real index of the bundled corpus.

1. robots.txt keeps crawlers out of the API, the editors' report and the endless results pages, and names the
   sitemap at the site's public address.
2. The sitemap lists every condition page once, at absolute addresses under CONDSEARCH_BASE_URL, and each
   address it lists answers with the page.
3. A corpus past the protocol's cap per sitemap gets a sitemap index whose parts hold every page between them.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from webui import create_app, crawlers

NAMESPACE = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE_URL = "https://conditions.example.org/"


@pytest.fixture
def public_client(index_dir):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "BASE_URL": BASE_URL}).test_client()


def test_robots_txt_keeps_crawlers_out_of_the_api_and_the_admin_pages_and_names_the_sitemap(public_client):
    response = public_client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /api/", "Disallow: /admin/", "Disallow: /search"} <= set(lines)
    assert "Sitemap: https://conditions.example.org/sitemap.xml" in lines
    assert "Disallow: /condition/" not in lines and "Disallow: /" not in lines, "condition pages stay crawlable"


def sitemap_locations(client, path: str = "/sitemap.xml", tag: str = "url") -> list[str]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ElementTree.fromstring(response.data)
    return [loc.text for loc in root.findall(f"sm:{tag}/sm:loc", NAMESPACE)]


def test_sitemap_lists_every_condition_page_once_at_its_public_address(public_client):
    locations = sitemap_locations(public_client)
    listed = public_client.get("/api/pages?limit=1000").get_json()
    assert len(locations) == listed["total"] == len(set(locations))
    assert "https://conditions.example.org/condition/neuroblastoma" in locations
    assert all(location.startswith(BASE_URL + "condition/") for location in locations)


def test_every_address_in_the_sitemap_answers_with_its_page(public_client):
    for location in sitemap_locations(public_client)[::10]:  # every tenth: each costs a page render
        response = public_client.get(urlsplit(location).path)
        assert response.status_code == 200, location
        assert re.search(r"<h1[^>]*>", response.text)


def test_a_corpus_past_the_cap_gets_a_sitemap_index_whose_parts_hold_every_page(public_client, monkeypatch):
    every_page = set(sitemap_locations(public_client))
    monkeypatch.setattr(crawlers, "MAX_SITEMAP_URLS", 40)  # the bundled 108+ pages then need three parts
    parts = sitemap_locations(public_client, tag="sitemap")
    assert parts == [f"{BASE_URL}sitemap-{part}.xml" for part in range(1, len(parts) + 1)]
    assert len(parts) == -(-len(every_page) // 40)
    found = [location for part in parts for location in sitemap_locations(public_client, urlsplit(part).path)]
    assert len(found) == len(every_page) and set(found) == every_page
    assert public_client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
    assert public_client.get("/sitemap-0.xml").status_code == 404
