"""What reaches the page is escaped, and every response carries the security headers.

1. Every route, errors included, sends a CSP with no inline script, nosniff and a Referrer-Policy.
2. A query holding HTML or script comes back as text, on the page and in the API.
3. A corpus page whose title, names, text and url hold HTML or script is shown as text; a `javascript:`
   url never becomes a link.
4. No response ever holds a stack trace, and the language switcher never sends a visitor to another site.
"""
from __future__ import annotations

import re

import pytest

ROUTES = ["/", "/search?q=leukaemia", "/search?q=xqzvbnm", "/condition/neuroblastoma", "/condition/nope",
          "/api/search?q=leukaemia", "/api/search", "/api/suggest?q=leuk", "/healthz", "/opensearch.xml",
          "/static/style.css", "/static/search.js", "/no/such/page", "/language/fr?next=/"]
INJECTION = "<script>alert('q')</script><img src=x onerror=alert(1)>"


@pytest.mark.parametrize("url", ROUTES)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'", "no inline script, no other origin"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["default-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")


def test_pages_use_no_inline_script_or_style(client):
    for url in ["/", "/search?q=leukaemia", "/condition/neuroblastoma", "/condition/nope"]:
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), f"inline script on {url}"
        assert " style=" not in html and "<style" not in html, f"inline style on {url}"
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {url}"


def test_injected_query_is_shown_as_text_on_the_results_page(client):
    html = client.get("/search", query_string={"q": INJECTION}).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;" in html


def test_injected_query_is_plain_data_in_the_api(client):
    answer = client.get("/api/search", query_string={"q": INJECTION})
    assert answer.get_json()["query"] == INJECTION
    assert answer.content_type.startswith("application/json"), "a browser must never read it as HTML"


def test_injected_id_in_a_condition_url_is_escaped_on_the_404_page(client):
    response = client.get("/condition/%3Cscript%3Ealert(1)%3Cb%3E")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;" in response.text


def test_hostile_page_title_names_and_text_are_shown_as_text(hostile_client):
    html = hostile_client.get("/condition/hostile-sarcoma").text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>hostile</b>" not in html
    assert "<h1>Hostile &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Sarcoma</h1>" in html
    assert "&lt;img src=x onerror=alert(&#39;name&#39;)&gt; tumour" in html
    assert "<h2>&lt;i&gt;Treatment&lt;/i&gt;</h2>" in html


def test_control_characters_of_a_page_never_reach_the_html(hostile_client):
    page = hostile_client.get("/condition/hostile-sarcoma").text
    assert "more, with a NUL and a bell in it." in page, "the text around them stays"
    for html in (page, hostile_client.get("/search?q=hostile+sarcoma").text):
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)


def test_hostile_javascript_url_never_becomes_a_link(hostile_client):
    html = hostile_client.get("/condition/hostile-sarcoma").text
    assert "javascript:" not in html
    plain = hostile_client.get("/condition/plain-glioma").text
    assert '<a href="https://example.org/plain-glioma"' in plain, "an http(s) source stays a link"


def test_hostile_names_in_results_and_suggestions_are_escaped(hostile_client):
    html = hostile_client.get("/search?q=hostile+sarcoma").text
    assert "/condition/hostile-sarcoma" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    suggestions = hostile_client.get("/api/suggest?q=hostile").get_json()["suggestions"]
    assert suggestions and suggestions[0]["title"].startswith("Hostile <script>"), \
        "the API returns the data as it is; the script escapes it when it builds the list"


def test_no_stack_trace_in_any_error(client):
    for url in ["/api/search?q=" + "x" * 10_000, "/condition/%00", "/search?q=%00", "/api/suggest?q=%ff"]:
        body = client.get(url).text
        assert "Traceback" not in body and "File \"" not in body


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_language_switch_never_redirects_to_another_site(client, target):
    response = client.get("/language/fr", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", "http://localhost/")
