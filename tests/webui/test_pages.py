"""The HTML pages, through Flask's test client over a real index of the bundled corpus.

1. The start page's search box has focus on load and works as a plain GET form without JavaScript.
2. Results show the title, the matched name marked, a snippet and why the page matched.
3. A corrected query says what it searched for and links to a search for exactly what was typed.
4. Nothing found is an honest page with tips, not an error; an empty box goes back to the start page.
5. Many results come a page at a time, with links to the next and previous ones.
6. A condition page shows every name grouped by kind and language, the summary, the sections.
7. Unknown pages and ids are real 404s in the site's style; bad parameters are 400 pages naming them.
"""
from __future__ import annotations

import re
from html import unescape

import pytest

from search import limits
from webui.params import PAGE_SIZE


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<li class="hit[^"]*"[^>]*>\s*<h2><a href="/condition/([^"]+)"', html)


def hit_blocks(html: str) -> list[str]:
    """Each result's HTML, from its <li class="hit..."> to the next (an overview's types are a list inside)."""
    return re.findall(r'<li class="hit.*?(?=<li class="hit|</ol>)', html, re.S)


def visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_start_page_search_box_has_focus_and_submits_without_javascript(client):
    html = client.get("/").text
    form = re.search(r'<form class="search"[^>]*>', html).group(0)
    assert 'action="/search"' in form and 'method="get"' in form
    box = re.search(r"<input id=\"q\"[^>]*>", html, re.S).group(0)
    assert 'name="q"' in box and "autofocus" in box
    assert '<label for="q">' in html, "the box needs a label a screen reader can read"


def test_typo_finds_neuroblastoma_first_with_a_correction_note(client):
    html = client.get("/search?q=nuroblastoma").text
    assert hit_ids(html)[0] == "neuroblastoma"
    note = re.search(r'<p class="correction">(.*?)</p>', html, re.S).group(1)
    assert visible_text(note) == "Showing results for neuroblastoma (you typed nuroblastoma)"
    assert "<a " not in note, "'nuroblastoma' as typed finds nothing: no link to an empty page"


@pytest.mark.parametrize("query", ["nuroblastoma", "prostrate cancer"])
def test_what_was_typed_is_not_offered_when_its_corrected_words_find_nothing(client, query):
    """"prostrate cancer" as typed finds pages for "cancer", none for "prostrate": the link would mislead."""
    html = client.get("/search", query_string={"q": query}).text
    note = re.search(r'<p class="correction">(.*?)</p>', html, re.S).group(1)
    assert f"(you typed {query})" in visible_text(note) and "<a " not in note


def test_what_was_typed_is_offered_when_it_finds_pages_of_its_own(client):
    """"serious" is corrected to "serous" (a name's word), yet pages' text says "serious": the link finds them."""
    html = client.get("/search?q=serious").text
    note = re.search(r'<p class="correction">(.*?)</p>', html, re.S).group(1)
    assert visible_text(note) == "Showing results for serous (you typed serious)"
    assert 'href="/search?q=serious&amp;exact=1"' in note
    as_typed = client.get("/search?q=serious&exact=1").text
    assert hit_ids(as_typed), "the link leads to results"
    assert "The page's text mentions 'serious'" in visible_text(as_typed)


def test_searching_exactly_what_was_typed_drops_the_correction_and_offers_it(client):
    html = client.get("/search?q=nuroblastoma&exact=1").text
    assert "neuroblastoma" not in hit_ids(html)
    assert 'class="correction"' not in html
    did_you_mean = re.search(r'<p class="did-you-mean">(.*?)</p>', html, re.S).group(1)
    assert visible_text(did_you_mean) == "Did you mean neuroblastoma?"
    assert 'href="/search?q=neuroblastoma"' in did_you_mean


def test_searching_exactly_what_was_typed_still_completes_a_word_being_typed(client):
    assert hit_ids(client.get("/search?q=neurobl&exact=1").text)[:1] == ["neuroblastoma"]


def test_result_shows_its_title_snippet_and_one_line_of_why_naming_the_matched_name(client):
    html = client.get("/search", query_string={"q": "borstkanker"}).text
    first = hit_blocks(html)[0]
    assert "/condition/breast-cancer" in first
    assert re.findall(r'<p class="(\w+)"', first)[:2] == ["snippet", "why"], "title, snippet, one line of why"
    snippet = re.search(r'<p class="snippet">(.*?)</p>', first, re.S).group(1)
    assert len(visible_text(snippet)) > 40, "a result should carry a few lines of the page's text"
    why = visible_text(re.search(r'<p class="why">(.*?)</p>', first, re.S).group(1))
    assert "borstkanker" in why and "Dutch" in why


def test_title_match_marks_the_title_instead_of_repeating_it(client):
    html = client.get("/search?q=neuroblastoma").text
    first = hit_blocks(html)[0]
    assert "<h2><a href=\"/condition/neuroblastoma\"><mark>Neuroblastoma</mark></a></h2>" in first
    assert '<p class="matched-name">' not in first


def test_a_reason_several_results_share_is_said_once_above_them_with_how_many_it_explains(client):
    html = client.get("/search?q=lukemia").text
    shared = visible_text(re.search(r'<div class="shared-why">(.*?)</div>', html, re.S).group(1))
    said = re.search(r"Corrected 'lukemia' to 'leukemia' \((\d+) results\)", shared)
    assert said, shared
    api = client.get("/api/search?q=lukemia").get_json()["results"]
    reached = [result for result in api if "Corrected 'lukemia' to 'leukemia'" in result["explanation"]]
    assert int(said.group(1)) == len(reached) >= 2, "the count is the results the sentence is true of"
    whys = [visible_text(why) for why in re.findall(r'<p class="why">(.*?)</p>', html, re.S)]
    assert not any("Corrected 'lukemia' to 'leukemia'" in why for why in whys)


def test_a_broad_query_shows_its_overview_page_as_a_card_with_its_types(client):
    html = client.get("/search?q=leukaemia").text
    card = hit_blocks(html)[0]
    assert card.startswith('<li class="hit overview"') and "/condition/leukemia" in card
    narrower = client.get("/api/pages/leukemia").get_json()["narrower"]
    types = re.search(r'<nav class="types"[^>]*>(.*?)</nav>', card, re.S).group(1)
    assert re.findall(r'href="/condition/([^"]+)"', types) == narrower and len(narrower) >= 8


def test_a_narrow_query_shows_no_card(client):
    assert "overview" not in client.get("/search?q=neuroblastoma").text


@pytest.mark.parametrize("query", ["xqzvbnm", "qwxzpt vbnmr"])
def test_gibberish_gets_an_honest_no_match_page_with_tips(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    html = response.text
    assert hit_ids(html) == []
    assert f"No condition page matches “{query}”." in visible_text(html)
    assert '<ul class="tips">' in html


@pytest.mark.parametrize("url", ["/search", "/search?q=", "/search?q=%20%20"])
def test_empty_search_goes_back_to_the_search_box(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")


def test_many_results_come_a_page_at_a_time(client):
    first_page = client.get("/search?q=cancer").text
    first_ids = hit_ids(first_page)
    assert len(first_ids) == PAGE_SIZE
    assert f"Results 1 to {PAGE_SIZE} of" in first_page
    more = re.search(r'<a href="([^"]+)" rel="next">More results</a>', first_page)
    assert more, "a long list should offer more results"
    assert 'rel="prev"' not in first_page
    second_page = client.get(unescape(more.group(1)).split("#")[0]).text
    second_ids = hit_ids(second_page)
    assert second_ids and not set(second_ids) & set(first_ids)
    assert f"Results {PAGE_SIZE + 1} to" in second_page
    assert 'rel="prev"' in second_page
    assert f'<ol class="hits" start="{PAGE_SIZE + 1}"' in second_page


def test_condition_page_shows_title_names_by_kind_and_language_summary_and_sections(client):
    response = client.get("/condition/neuroblastoma")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Neuroblastoma</h1>" in html
    assert "<title>Neuroblastoma – condsearch</title>" in html
    names = re.search(r'<section class="names".*?</section>', html, re.S).group(0)
    assert "<dt>In French</dt>" in names and '<li lang="fr">neuroblastome</li>' in names
    assert "<dt>In Dutch</dt>" in names and '<li lang="nl">neuroblastoom</li>' in names
    assert "<dt>In German</dt>" in names and '<li lang="de">Neuroblastom</li>' in names
    assert "childhood cancer" in html
    assert "<h2>Who it affects</h2>" in html and "<h2>How it is treated</h2>" in html
    assert "/work/" not in html and "corpus/pages" not in html, "no server path reaches the page"


def test_condition_page_groups_english_names_by_kind(client):
    html = client.get("/condition/acute-lymphoblastic-leukemia").text
    groups = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd><ul class=\"name-list\">(.*?)</ul>", html, re.S))
    assert "Abbreviations" in groups and ">ALL</li>" in groups["Abbreviations"]
    assert "In French" in groups


def test_unknown_condition_is_a_404_page_in_the_site_style(client):
    response = client.get("/condition/no-such-thing")
    assert response.status_code == 404
    html = response.text
    assert "No such condition page" in html
    assert "No condition page has the id “no-such-thing”." in visible_text(html)
    assert 'class="site-header"' in html, "the 404 page keeps the site's header and style"
    assert 'value="no such thing"' in html, "the search box offers the id's words as a search"


def test_unknown_address_is_a_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text and "text/html" in response.content_type


def test_overlong_query_on_the_page_is_a_400_naming_q(client):
    response = client.get("/search", query_string={"q": "x" * 10_000})
    assert response.status_code == 400
    assert "text/html" in response.content_type
    assert f"Your search is too long: a search may have at most {limits.MAX_QUERY_CHARS} characters." \
        in response.text
    french = client.get("/search", query_string={"q": "x" * 10_000}, headers={"Accept-Language": "fr"})
    assert french.status_code == 400 and "Votre recherche est trop longue" in french.text


def test_bad_paging_value_on_the_page_is_a_400_naming_it(client):
    response = client.get("/search?q=cancer&offset=-1")
    assert response.status_code == 400
    assert "'offset'" in unescape(response.text)


def test_post_to_search_is_405_not_500(client):
    response = client.post("/search", data={"q": "x"})
    assert response.status_code == 405
    assert "Not allowed" in response.text


def test_missing_index_answers_503_with_the_remedy(tmp_path):
    from webui import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "nothing-here"), "TESTING": True}).test_client()
    page = client.get("/search?q=leukaemia")
    assert page.status_code == 503 and "condsearch index" in page.text
    health = client.get("/healthz")
    assert health.status_code == 503 and "condsearch index" in health.get_json()["error"]
    assert client.get("/").status_code == 200, "the start page needs no index"


def test_opensearch_description_points_at_the_search_and_suggest_urls(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.content_type.startswith("application/opensearchdescription+xml")
    body = response.text
    config = client.application.config  # without CONDSEARCH_BASE_URL: the address the server listens on
    assert f'template="http://{config["HOST"]}:{config["PORT"]}/search?q={{searchTerms}}"' in body
    assert "format=opensearch" in body
    assert 'rel="search"' in client.get("/").text, "pages announce it so browsers can add the site"


def test_damaged_index_answers_503_not_500(tmp_path, index_dir):
    import shutil

    from indexer import current_generation
    from webui import create_app

    damaged = tmp_path / "index"
    shutil.copytree(index_dir, damaged)
    (current_generation(damaged) / "meta.json").write_text("{not json", encoding="utf-8")
    client = create_app({"INDEX_DIR": str(damaged), "TESTING": True}).test_client()
    page = client.get("/search?q=leukaemia")
    assert page.status_code == 503 and "condsearch index --force" in page.text
    assert client.get("/api/search?q=leukaemia").status_code == 503


@pytest.mark.parametrize("path, json_expected", [("/crash", False), ("/api/crash", True)])
def test_unexpected_error_is_a_plain_500_without_a_trace(app, path, json_expected, caplog):
    """A route that fails (added here, as a bug would be) gives the visitor an apology; the log gets the trace."""
    app.add_url_rule(path, "crash" + path.replace("/", "_"), lambda: 1 / 0)
    response = app.test_client().get(path)
    assert response.status_code == 500
    assert response.is_json == json_expected
    assert "ZeroDivisionError" not in response.text and "Traceback" not in response.text
    assert "Something went wrong on our side" in response.text
    assert "ZeroDivisionError" in caplog.text, "the server's log keeps the trace for whoever runs it"
