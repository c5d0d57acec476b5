"""The JSON API.

1. /api/search answers exactly what the engine's SearchResponse.to_dict() says (the `--json` shape).
2. /api/suggest gives at most 8 typo-tolerant completions with ids, titles and page URLs.
3. /healthz names the index, its page count and the corpus fingerprint.
4. Every bad parameter is a 400 JSON error naming the parameter; no input at all gives a 500.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import Searcher, limits


def test_api_search_is_the_engines_response_as_json(client, index_dir):
    response = client.get("/api/search?q=nuroblastoma&limit=5")
    assert response.status_code == 200 and response.is_json
    expected = Searcher(index_dir).search("nuroblastoma", limit=5).to_dict()
    assert response.get_json() == expected
    assert list(response.get_json()) == ["query", "results", "suggestion", "total"]
    assert response.get_json()["results"][0]["id"] == "neuroblastoma"
    assert response.get_json()["suggestion"] == "neuroblastoma"


def test_api_search_pages_with_limit_and_offset(client):
    first = client.get("/api/search?q=cancer&limit=3").get_json()
    second = client.get("/api/search?q=cancer&limit=3&offset=3").get_json()
    assert len(first["results"]) == len(second["results"]) == 3
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    assert first["total"] == second["total"] > 6


def test_api_search_no_match_is_an_empty_list_not_an_error(client):
    answer = client.get("/api/search?q=xqzvbnm").get_json()
    assert answer["results"] == [] and answer["total"] == 0


def test_api_keeps_accents_readable(client):
    assert "leucémie" in client.get("/api/search?q=leucémie").text


def test_suggest_completes_a_misspelt_prefix(client):
    response = client.get("/api/suggest?q=nurobla")
    assert response.status_code == 200
    suggestions = response.get_json()["suggestions"]
    assert suggestions[0]["id"] == "neuroblastoma"
    assert suggestions[0]["title"] == "Neuroblastoma"
    assert suggestions[0]["url"] == "/condition/neuroblastoma"
    assert set(suggestions[0]) == {"id", "title", "name", "url"}


def test_suggest_gives_at_most_eight(client):
    assert 0 < len(client.get("/api/suggest?q=leuk").get_json()["suggestions"]) <= 8
    assert len(client.get("/api/suggest?q=ca&limit=3").get_json()["suggestions"]) <= 3


def test_suggest_in_opensearch_form_for_browsers(client):
    answer = client.get("/api/suggest?q=neurobl&format=opensearch").get_json()
    assert answer[0] == "neurobl" and "Neuroblastoma" in answer[1]


def test_healthz_names_index_page_count_and_fingerprint(client, index_dir):
    response = client.get("/healthz")
    assert response.status_code == 200
    health = response.get_json()
    info = Searcher(index_dir).info()
    assert health["status"] == "ok"
    assert health["index_id"] == info.index_id
    assert health["page_count"] == info.page_count == 120
    assert health["fingerprint"] == info.fingerprint and len(health["fingerprint"]) >= 16


@pytest.mark.parametrize("url, parameter", [
    ("/api/search", "q"),
    ("/api/search?q=", "q"),
    ("/api/search?q=%20%09", "q"),
    ("/api/search?q=x&limit=0", "limit"),
    ("/api/search?q=x&limit=-1", "limit"),
    (f"/api/search?q=x&limit={limits.MAX_RESULTS + 1}", "limit"),
    ("/api/search?q=x&limit=ten", "limit"),
    ("/api/search?q=x&limit=1e3", "limit"),
    ("/api/search?q=x&offset=-5", "offset"),
    ("/api/search?q=x&offset=abc", "offset"),
    ("/api/search?q=x&exact=maybe", "exact"),
    ("/api/search?q=" + "a" * 10_000, "q"),
    ("/api/suggest", "q"),
    ("/api/suggest?q=", "q"),
    ("/api/suggest?q=x&limit=9", "limit"),
    ("/api/suggest?q=x&format=xml", "format"),
    ("/api/suggest?q=" + "b" * 10_000, "q"),
])
def test_bad_parameter_is_a_400_json_error_naming_it(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert response.is_json
    error = response.get_json()
    assert error["parameter"] == parameter
    assert f"'{parameter}'" in error["error"]
    assert error["status"] == 400


def test_api_errors_are_json_in_english_whatever_the_browser_language(client):
    response = client.get("/api/nothing-here", headers={"Accept-Language": "de"})
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"] == "There is no page at this address."


def test_api_rejects_other_methods_with_json(client):
    response = client.post("/api/search?q=x")
    assert response.status_code == 405 and response.is_json


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=80) | st.sampled_from(["%", "\x00", "''", "<script>", "‮", "🦀🦀", "a" * 600]))
def test_no_query_ever_gives_a_500(client, query):
    """Whatever is typed, the answer is results (200) or a named parameter error (400)."""
    for url in ("/api/search", "/api/suggest", "/search"):
        response = client.get(url, query_string={"q": query})
        assert response.status_code in (200, 302, 400), (url, query, response.status_code)
