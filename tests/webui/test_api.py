"""The JSON API.

1. /api/search answers exactly what the engine's SearchResponse.to_dict() says (the `--json` shape).
2. /api/suggest gives at most 8 typo-tolerant completions with ids, titles and page URLs.
3. /healthz names the index, its page count and the corpus fingerprint.
4. Every bad parameter is a 400 JSON error naming the parameter; no input at all gives a 500; parameters a
   route does not read are ignored.
5. /api/openapi.json describes every JSON route with the parameters the code reads (and their bounds).
6. /api/pages lists every page once, paged by id; /api/pages/{id} gives one page in the JSONL model.
7. Explanations follow `lang`, else Accept-Language, worded as on the HTML page.
8. /api/search and /api/suggest carry an ETag of the index generation and answer If-None-Match with 304.
9. CORS headers only when CONDSEARCH_CORS_ORIGINS allows the origin, and only on /api/ answers.
"""
from __future__ import annotations

import html
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import ensure_index
from search import Searcher, limits
from webui import create_app, engine
from webui.config import ConfigError, from_environment
from webui.params import MAX_PAGE_LIST_SIZE

from tests.conftest import near_miss_pages, write_jsonl


def test_api_search_is_the_engines_response_as_json(client, index_dir):
    response = client.get("/api/search?q=nuroblastoma&limit=5")
    assert response.status_code == 200 and response.is_json
    expected = Searcher(index_dir).search("nuroblastoma", limit=5).to_dict()
    assert response.get_json() == expected
    assert list(response.get_json()) == ["query", "results", "suggestion", "total", "total_is_lower_bound"]
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
    assert set(suggestions[0]) == {"id", "title", "name", "lang", "url"}


@pytest.mark.parametrize("word, lang, compounds", [
    ("kanker", "nl", {"borstkanker", "longkanker", "blaaskanker"}),
    ("Krebs", "de", {"Brustkrebs", "Blasenkrebs", "Knochenkrebs"}),
])
def test_suggest_offers_the_compounds_a_word_for_cancer_ends_with(client, word, lang, compounds):
    """Dutch and German write a kind of cancer as one word: the word for cancer alone offers them, in that
    language, for the page each names."""
    suggestions = client.get("/api/suggest", query_string={"q": word}).get_json()["suggestions"]
    offered = [suggestion for suggestion in suggestions if suggestion["name"] in compounds]
    assert len(suggestions) == 8 and len(offered) >= 2, [suggestion["name"] for suggestion in suggestions]
    assert all(suggestion["lang"] == lang for suggestion in offered)
    assert all(suggestion["id"] in ("breast-cancer", "lung-cancer", "bladder-cancer", "bone-cancer")
               for suggestion in offered)


def test_suggest_keeps_completing_english_words_first(client):
    """The compounds come after the names holding the word itself: "tumor" completes English names first."""
    suggestions = client.get("/api/suggest?q=tumor").get_json()["suggestions"]
    assert suggestions[0]["lang"] is None and "tumor" in suggestions[0]["name"].casefold().split()


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
    ("/api/search?q=x&limit=1_0", "limit"),
    ("/api/search?q=x&limit=%2B5", "limit"),
    ("/api/search?q=x&limit=%D9%A5", "limit"),  # an Arabic-Indic five, which int() would read
    ("/api/search?q=x&offset=" + "9" * 5000, "offset"),  # more digits than int() reads
    ("/api/search?q=x&lang=es", "lang"),
    ("/api/search?q=x&exact=TRUE", "exact"),
    ("/api/pages?limit=0", "limit"),
    (f"/api/pages?limit={MAX_PAGE_LIST_SIZE + 1}", "limit"),
    ("/api/pages?offset=-1", "offset"),
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
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=80) | st.sampled_from(["%", "\x00", "''", "<script>", "‮", "🦀🦀", "a" * 600]))
def test_no_query_ever_gives_a_500(client, query):
    """Whatever is typed, the answer is results (200) or a named parameter error (400)."""
    for url in ("/api/search", "/api/suggest", "/search"):
        response = client.get(url, query_string={"q": query})
        assert response.status_code in (200, 302, 400), (url, query, response.status_code)


def test_parameters_a_route_does_not_read_are_ignored(client):
    plain = client.get("/api/search?q=leukaemia&limit=3")
    extra = client.get("/api/search?q=leukaemia&limit=3&utm_source=mail&_=1712&LIMIT=99")
    assert extra.status_code == 200 and extra.get_json() == plain.get_json()


@pytest.mark.parametrize("path", ["/api", "/api/"])
def test_the_api_root_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.is_json
    assert response.get_json() == {"error": "There is no page at this address.", "status": 404}


# ---- the OpenAPI description ----

def described_operations(client) -> dict:
    description = client.get("/api/openapi.json").get_json()
    return {path: operation for path, item in description["paths"].items() for operation in item.values()}


def test_openapi_description_is_version_3_1_with_error_and_result_shapes(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.is_json
    description = response.get_json()
    assert description["openapi"].startswith("3.1")
    schemas = description["components"]["schemas"]
    assert {"Error", "SearchResponse", "Result", "Page", "PageList"} <= set(schemas)
    assert schemas["Result"]["properties"]["match"]["enum"] == ["exact", "variant", "synonym", "typo", "phonetic",
                                                                "text"]


def test_openapi_describes_every_json_route_the_app_serves(app, client):
    served = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api") or rule.rule == "/healthz"}
    assert served == set(described_operations(client))


def test_every_documented_bound_is_the_one_the_route_enforces(client):
    """Each whole-number parameter accepts its documented bounds and refuses one past each, naming itself."""
    checked = 0
    description = client.get("/api/openapi.json").get_json()
    for path, item in description["paths"].items():
        for method, operation in item.items():
            success = 200 if "200" in operation["responses"] else 204
            required = {p["name"]: p["schema"]["minimum"] for p in operation.get("parameters", [])
                        if p["required"] and p["schema"].get("type") == "integer"}
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if parameter["in"] != "query" or schema.get("type") != "integer":
                    continue
                for accepted, refused in ((schema["maximum"], schema["maximum"] + 1),
                                          (schema["minimum"], schema["minimum"] - 1)):
                    values = {"q": "leukaemia", **required, parameter["name"]: accepted}
                    answer = client.open(path, method=method.upper(), query_string=values)
                    assert answer.status_code == success, (path, parameter["name"])
                    answer = client.open(path, method=method.upper(),
                                         query_string={**values, parameter["name"]: refused})
                    assert answer.status_code == 400 and answer.get_json()["parameter"] == parameter["name"]
                checked += 1
    assert checked == 7  # limit and offset of search and of pages, limit of suggest, id and rank of a click


def test_every_documented_choice_is_accepted_and_others_refused(client):
    for path, operation in described_operations(client).items():
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query" or "enum" not in parameter["schema"]:
                continue
            for value in parameter["schema"]["enum"]:
                answer = client.get(path, query_string={"q": "leukaemia", parameter["name"]: value})
                assert answer.status_code == 200, (path, parameter["name"], value)
            refused = client.get(path, query_string={"q": "leukaemia", parameter["name"]: "maybe"})
            assert refused.status_code == 400 and refused.get_json()["parameter"] == parameter["name"]


# ---- pages ----

def test_page_list_pages_through_every_page_once_by_id(client, index_dir):
    seen, offset = [], 0
    while True:
        answer = client.get("/api/pages", query_string={"limit": 7, "offset": offset}).get_json()
        assert answer["total"] == Searcher(index_dir).info().page_count == 120
        if not answer["pages"]:
            break
        seen += answer["pages"]
        offset += 7
    ids = [entry["id"] for entry in seen]
    assert len(ids) == len(set(ids)) == 120 and ids == sorted(ids)
    wilms = next(entry for entry in seen if entry["id"] == "wilms-tumor")
    assert wilms == {"id": "wilms-tumor", "title": "Wilms Tumor", "url": "/condition/wilms-tumor"}


def test_a_page_is_its_jsonl_model_with_the_files_name_only(client, index_dir):
    response = client.get("/api/pages/wilms-tumor")
    assert response.status_code == 200
    expected = Searcher(index_dir).page("wilms-tumor").to_dict()
    expected["source"]["file"] = "wilms-tumor.md"
    assert response.get_json() == expected


def test_an_unknown_page_is_a_json_404(client):
    response = client.get("/api/pages/no-such-page")
    assert response.status_code == 404 and response.is_json and response.get_json()["status"] == 404


# ---- explanations in the requested language ----

def html_explanations(client, query: str, language: str) -> list[str]:
    """The sentences of why on the results page: those said once above the list, then each result's own."""
    page = client.get("/search", query_string={"q": query}, headers={"Accept-Language": language}).text
    above = re.search(r'<div class="shared-why">.*?</div>', page, re.S)
    shared = re.findall(r'<li>(.*?) <span class="reach">', above.group(0), re.S) if above else []
    own = re.findall(r'<p class="why"><span class="label">[^<]*</span>(.*?)</p>', page, re.S)
    return [html.unescape(why).strip() for why in shared + own]


@pytest.mark.parametrize("how", ["lang", "Accept-Language"])
@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_api_explanations_follow_the_requested_language_as_the_page_does(client, how, language):
    query = "nuroblastoma"
    if how == "lang":
        response = client.get("/api/search", query_string={"q": query, "lang": language},
                              headers={"Accept-Language": "en"})
    else:
        response = client.get("/api/search", query_string={"q": query}, headers={"Accept-Language": language})
    explanations = [result["explanation"] for result in response.get_json()["results"]]
    english = [result["explanation"] for result in client.get("/api/search", query_string={"q": query}).get_json()["results"]]
    page_sentences = html_explanations(client, query, language)
    assert page_sentences and all(any(sentence in explanation for explanation in explanations)
                                  for sentence in page_sentences), "the page says what the API says"
    assert explanations[0] != english[0]
    assert response.headers["Content-Language"] == language and "Accept-Language" in response.headers["Vary"]


# ---- caching ----

@pytest.mark.parametrize("url", ["/api/search?q=leukaemia", "/api/suggest?q=leuk",
                                 "/api/suggest?q=leuk&format=opensearch"])
def test_cached_answers_carry_an_etag_and_answer_if_none_match_with_304(client, url):
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    other = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data


def test_a_current_copy_is_answered_without_searching(app, client, monkeypatch):
    etag = client.get("/api/search?q=leukaemia").headers["ETag"]
    with app.app_context():
        searcher = engine.get_searcher()
    monkeypatch.setattr(searcher, "search", lambda *args, **kwargs: pytest.fail("searched for a current copy"))
    assert client.get("/api/search?q=leukaemia", headers={"If-None-Match": etag}).status_code == 304


def test_the_etag_depends_on_the_explanations_language(client):
    english = client.get("/api/search?q=leukaemia").headers["ETag"]
    french = client.get("/api/search?q=leukaemia&lang=fr").headers["ETag"]
    assert english != french
    assert client.get("/api/search?q=leukaemia", headers={"If-None-Match": english,
                                                          "Accept-Language": "fr"}).status_code == 200


def test_opensearch_suggestions_have_their_own_media_type(client):
    response = client.get("/api/suggest?q=neurobl&format=opensearch")
    assert response.mimetype == "application/x-suggestions+json"
    assert client.get("/api/suggest?q=neurobl").mimetype == "application/json"


def test_a_rebuild_changes_the_etag(tmp_path):
    corpus = write_jsonl(near_miss_pages(), tmp_path / "pages.jsonl")
    ensure_index(tmp_path / "index", corpus_paths=[corpus])
    client = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True}).test_client()
    before = client.get("/api/search?q=melanoma")
    built = client.get("/healthz").get_json()["index_id"]
    ensure_index(tmp_path / "index", corpus_paths=[corpus], force=True)
    deadline = time.monotonic() + 30  # the app notices a new generation within a second; not a timing test
    while client.get("/healthz").get_json()["index_id"] == built and time.monotonic() < deadline:
        time.sleep(0.2)
    after = client.get("/api/search?q=melanoma", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert after.get_json() == before.get_json()


# ---- CORS ----

def cors_client(index_dir, origins: str):
    config = from_environment({"CONDSEARCH_CORS_ORIGINS": origins})
    return create_app({**config, "INDEX_DIR": str(index_dir), "TESTING": True}).test_client()


def test_no_cors_headers_by_default(client):
    response = client.get("/api/search?q=leukaemia", headers={"Origin": "https://other.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_any_origin_reaches_the_api_but_not_the_pages(index_dir):
    client = cors_client(index_dir, "*")
    response = client.get("/api/search?q=leukaemia", headers={"Origin": "https://other.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    for page in ("/", "/search?q=leukaemia", "/condition/wilms-tumor"):
        assert "Access-Control-Allow-Origin" not in client.get(page, headers={"Origin": "https://o.example"}).headers


def test_cors_listed_origins_only(index_dir):
    client = cors_client(index_dir, "https://a.example, https://b.example:8443")
    for origin in ("https://a.example", "https://b.example:8443"):
        response = client.get("/api/suggest?q=leuk", headers={"Origin": origin})
        assert response.headers["Access-Control-Allow-Origin"] == origin and "Origin" in response.headers["Vary"]
    refused = client.get("/api/suggest?q=leuk", headers={"Origin": "https://c.example"})
    assert refused.status_code == 200 and "Access-Control-Allow-Origin" not in refused.headers


def test_cors_preflight_grants_get_and_the_headers_the_api_reads(index_dir):
    client = cors_client(index_dir, "https://a.example")
    response = client.options("/api/search", headers={
        "Origin": "https://a.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "accept-language, if-none-match, x-custom"})
    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "Accept-Language, If-None-Match"
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    page = client.options("/search", headers={"Origin": "https://a.example", "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in page.headers


@pytest.mark.parametrize("value", ["example.org", "https://a.example/path", "ftp://a.example"])
def test_a_cors_origin_that_is_not_an_origin_fails_at_start_naming_the_variable(value):
    with pytest.raises(ConfigError, match="CONDSEARCH_CORS_ORIGINS"):
        from_environment({"CONDSEARCH_CORS_ORIGINS": value})
