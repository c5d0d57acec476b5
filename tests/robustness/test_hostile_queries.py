"""Hostile queries, through the Python API, the CLI and every HTTP route. Properties checked:
1. Every hostile query is answered: results (real page ids only, at most the limit) or a clear 400; never
   an exception, a 500 or a hang.
2. The work of one query is bounded: at most WORK_BOUND Python function calls, whatever was typed.
3. User text is never read as Whoosh query syntax: `*` and `title:*` match nothing, `NOT x` still finds x.
4. The CLI answers every line of a batch, one JSON object each, and never prints a traceback.
5. Every HTTP route answers a hostile value with 200, 303, 400 or 404 and a well-formed body.
"""
from __future__ import annotations

import json

import pytest

from search import Searcher, limits

# A search (10 results) or a suggestion on the bundled index costs at most this many Python function calls.
# Ordinary queries cost 1,000 to 16,000; the bound leaves room for the pipeline to grow, yet catches work
# that grows with the length of the input (a 500-letter word used to cost 50,000 to 100,000).
WORK_BOUND = 40_000

HOSTILE_QUERIES = {
    # Whoosh query syntax: must be read as plain words.
    "field wildcard": "title:*",
    "open group": "a AND (",
    "star": "*",
    "question mark": "?",
    "tilde": "~",
    "caret": "^",
    "open quote": '"leukaemia',
    "range": "[a TO z]",
    "boost": "leukemia^100 sarcoma",
    "fuzzy operator": "leukemia~2",
    "boolean words": "AND OR NOT",
    # Strings meant for other engines.
    "regex": "(a|b)*c+[^x]{2,}$",
    "catastrophic regex": "(a+)+" * 20 + "b",
    "sql": "'; DROP TABLE pages; --",
    "format string": "%s%n%x {0} {name!r} ${HOME}",
    "html": "<script>alert(1)</script>",
    "path": "../../../../etc/passwd",
    # Characters that break naive text handling.
    "nul": "\x00",
    "nul inside a word": "leuk\x00emia",
    "control characters": "".join(chr(code) for code in range(32)) + "\x7f",
    "lone surrogate": "\ud800",
    "surrogate inside a word": "leuk\udc80emia",
    "right-to-left override": "\u202eaimeakuel",
    "zero-width inside a word": "leu\u200bke\u200dmia",
    "byte order mark": "\ufeffsarcoma",
    "emoji": "🦀 cancer 🎗️👩‍⚕️",
    "combining marks only": "\u0301" * 200,
    "arabic ligature": "\ufdfa" * 40,
    "expanding folds": "ß" * 250,
    "title-case digraph": "ǅ" * 250,
    "dotted capital i": "İ" * 250,
    "private use": "\ue000\uf8ff",
    "non-characters": "\ufffe\uffff",
    "astral letters": "𝔩𝔢𝔲𝔨𝔢𝔪𝔦𝔞",
    "whitespace only": " \t\n\r\u00a0\u2028\u3000",
    # Sizes far beyond any real query.
    "10,000 characters": "a" * 10_000,
    "10,000 words": " ".join(["cancer"] * 10_000),
    "10,000 different words": " ".join(f"w{number}" for number in range(10_000)),
    "long misspelt words": " ".join(["prostrrate", "kanser", "lukemia", "nurroblastoma"] * 200),
    "one long word": "leukemia" * 60,
}


def case_params() -> list:
    return [pytest.param(query, id=name) for name, query in HOSTILE_QUERIES.items()]


@pytest.fixture(scope="module")
def searcher(bundled_index):
    return Searcher(bundled_index)


@pytest.fixture(scope="module")
def page_ids(searcher):
    return set(searcher._current().names.page_ids)


@pytest.mark.parametrize("query", case_params())
def test_hostile_query_is_answered_with_real_pages_only(searcher, page_ids, query):
    """1. (Python API)"""
    response = searcher.search(query, limit=10)
    assert len(response.hits) <= 10 and response.total >= len(response.hits)
    assert {hit.id for hit in response.hits} <= page_ids
    assert all(0.0 <= hit.score <= 1.0 for hit in response.hits)
    json.dumps(response.to_dict())  # what the API and the CLI print must serialise
    suggestions = searcher.suggest(query)
    assert len(suggestions) <= limits.MAX_SUGGESTIONS
    assert {suggestion.id for suggestion in suggestions} <= page_ids


@pytest.mark.parametrize("query", case_params())
def test_hostile_query_costs_a_bounded_amount_of_work(searcher, python_calls, query):
    """2."""
    search_work = python_calls(lambda: searcher.search(query, limit=10))
    suggest_work = python_calls(lambda: searcher.suggest(query))
    assert search_work <= WORK_BOUND and suggest_work <= WORK_BOUND, (search_work, suggest_work)


@pytest.mark.parametrize("query", ["a" * 500, "ß" * 250, "leukemia" * 60])
def test_no_word_longer_than_the_cap_is_read(query):
    """2. The cap that makes the work of one word bounded."""
    from search.stages.normalise import normalise

    assert all(len(word.word) <= limits.MAX_WORD_CHARS for word in normalise(query).words)


@pytest.mark.parametrize("query", ["*", "title:*", "id:*", "[a TO z]", "?", "*:*", "{* TO *}"])
def test_query_syntax_matches_nothing(searcher, query):
    """3. Read as Whoosh syntax, each of these would match every page."""
    assert searcher.search(query).hits == ()


def test_not_does_not_exclude(searcher):
    """3. "NOT leukaemia" is words, not an exclusion: leukaemia pages are still found."""
    found = [hit.id for hit in searcher.search("NOT leukaemia").hits]
    assert found and all("leukemia" in page_id for page_id in found[:3])


@pytest.mark.parametrize("typed", ["leukaemia)", "(leukaemia", "leukaemia*", "title:leukaemia",
                                   '"leukaemia"', "leukaemia~", "+leukaemia", "-leukaemia"])
def test_syntax_characters_around_a_word_are_ignored(searcher, typed):
    """3. Punctuation of a query language changes nothing: the same pages as the bare word (a group's overview,
    then its types)."""
    bare = [hit.id for hit in searcher.search("leukaemia").hits]
    found = [hit.id for hit in searcher.search(typed).hits]
    assert found[:1] == bare[:1] and set(found) == set(bare)


def test_cli_batch_answers_every_hostile_line(bundled_index, run_condsearch, tmp_path, page_ids):
    """4. Lines of valid UTF-8 (a lone surrogate cannot be written as UTF-8, so it is replaced)."""
    lines = [query.replace("\n", " ").replace("\r", " ").replace("\x0b", " ").replace("\x0c", " ")
             .replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ").replace("\x85", " ")
             .replace("\u2028", " ").replace("\u2029", " ")
             .encode("utf-8", "replace").decode("utf-8") for query in HOSTILE_QUERIES.values()]
    lines = [line for line in lines if line.strip()]
    batch = tmp_path / "queries.txt"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_condsearch("search", "--index", bundled_index, "--json", "--batch", batch)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(answers) == len(lines)
    assert {hit["id"] for answer in answers for hit in answer["results"]} <= page_ids
    assert b"Traceback" not in result.stderr


def test_cli_batch_of_invalid_utf8_gives_a_clear_error(bundled_index, run_condsearch, tmp_path):
    """4."""
    batch = tmp_path / "queries.txt"
    batch.write_bytes(b"leuk\xffemia\nsarcoma\n")
    result = run_condsearch("search", "--index", bundled_index, "--batch", batch)
    assert b"Traceback" not in result.stderr
    assert result.returncode == 0 or b"Error:" in result.stderr


@pytest.mark.parametrize("argument", [b"title:*", b"a AND (", b"\xff\xfe", b"leuk\xffemia", b"\x01\x02\x1b[31m",
                                      "🦀 cancer".encode(), b"x" * 20_000])
def test_cli_query_argument_never_fails(bundled_index, run_condsearch, argument):
    """4. Arguments are bytes on Linux: undecodable ones reach the engine as lone surrogates."""
    import os

    result = run_condsearch("search", "--index", bundled_index, os.fsdecode(argument))
    assert result.returncode in (0, 1), result.stderr.decode("utf-8", "replace")[-2000:]  # 1: no page matched
    assert b"Traceback" not in result.stderr


ROUTES = [
    ("/api/search?q={}", {200, 400}, "json"),
    ("/api/suggest?q={}", {200, 400}, "json"),
    ("/api/suggest?format=opensearch&q={}", {200, 400}, "json"),
    ("/search?q={}", {200, 302, 400}, "html"),  # 302: a blank query goes back to the home page
    ("/condition/{}", {200, 404}, "html"),
    ("/api/search?q=leukemia&limit={}", {200, 400}, "json"),
    ("/api/search?q=leukemia&offset={}", {200, 400}, "json"),
    ("/api/search?q=leukemia&exact={}", {200, 400}, "json"),
    ("/language/{}?next=/search", {303, 404}, "html"),  # 404: a "/" in the value splits the path
    ("/language/en?next={}", {303}, "html"),
]


@pytest.mark.parametrize("route,allowed,kind", ROUTES, ids=[route for route, _, _ in ROUTES])
def test_every_route_answers_every_hostile_value(bundled_server, page_ids, quote, route, allowed, kind):
    """5. One connection per request; a 500 anywhere fails the test with the value that caused it."""
    failures = []
    for name, query in HOSTILE_QUERIES.items():
        status, headers, body = bundled_server.request(route.format(quote(query)))
        if status not in allowed:
            failures.append((name, status, body[:200]))
            continue
        if kind == "json" and status in (200, 400):
            data = json.loads(body)
            if status == 200 and isinstance(data, dict) and "results" in data:
                assert {hit["id"] for hit in data["results"]} <= page_ids
            if status == 400:
                assert data["error"] and data["status"] == 400
        if status == 303:
            location = headers.get("Location", "")
            assert "\r" not in location and "\n" not in location and not location.startswith("//")
    assert not failures, failures


def test_html_results_never_echo_markup(bundled_server, quote):
    """5. The query is shown back as text: the page holds no tag the visitor typed."""
    status, _, body = bundled_server.request("/search?q=" + quote('<script>alert(1)</script>"><img src=x>'))
    assert status == 200
    assert b"<script>alert(1)" not in body and b"<img src=x>" not in body
