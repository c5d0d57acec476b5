"""Property-based tests over the whole query pipeline (hypothesis), on the bundled index. Properties checked:
1. `search` and `suggest` never raise, whatever the text: any Unicode, lone surrogates, query syntax,
   real name words misspelt, cut short, joined or glued to junk.
2. They return only real page ids, at most the limit asked for, each page once, scores in [0, 1].
3. The work of one call is bounded: at most WORK_BOUND Python function calls (see test_hostile_queries).
4. The pipeline reads at most limits.MAX_QUERY_CHARS characters and limits.MAX_READ_WORDS words, of which
   at most limits.MAX_QUERY_WORDS are content words once focused.
5. `offset` pages through one ranking: page two starts where page one ended.
6. The set of results, its order and `total` depend only on the query: pages of any size partition it, and
   scores never rise down the list.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from search import Searcher, limits
from search.stages.normalise import normalise

WORK_BOUND = 40_000  # the same bound as test_hostile_queries, stated there

SYNTAX = ["*", "?", "~", "^", ":", "(", ")", "[", "]", "{", "}", '"', "'", "AND", "OR", "NOT", "TO", "+", "-",
          "\\", "/", "title:", "body:", "id:"]


@pytest.fixture(scope="module")
def searcher(bundled_index):
    return Searcher(bundled_index)


def name_words(searcher) -> list[str]:
    state = searcher._current()
    return sorted({word.surface for name in state.names.names for word in name.words})


@st.composite
def mangled_word(draw, words):
    """A real name word, then perhaps misspelt, cut short, upper-cased or glued to junk."""
    word = draw(st.sampled_from(words))
    operation = draw(st.sampled_from(["keep", "drop", "swap", "double", "cut", "upper", "junk"]))
    if len(word) > 2:
        at = draw(st.integers(0, len(word) - 2))
        if operation == "drop":
            word = word[:at] + word[at + 1:]
        elif operation == "swap":
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        elif operation == "double":
            word = word[:at] + word[at] + word[at:]
        elif operation == "cut":
            word = word[: max(1, at)]
    if operation == "upper":
        word = word.upper()
    if operation == "junk":
        word += draw(st.text(min_size=1, max_size=3))
    return word


def queries(words):
    any_text = st.text(alphabet=st.characters(codec=None), max_size=80)  # every code point, surrogates too
    long_text = st.text(alphabet=st.characters(codec=None), min_size=400, max_size=2000)
    mixed = st.lists(st.one_of(mangled_word(words), st.sampled_from(SYNTAX), st.text(max_size=4)),
                     min_size=1, max_size=20).map(" ".join)
    glued = st.lists(mangled_word(words), min_size=1, max_size=6).map("".join)
    return st.one_of(any_text, mixed, mixed, glued, long_text)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


def test_search_never_raises_and_returns_real_pages(searcher, python_calls):
    """1, 2, 3."""
    page_ids = set(searcher._current().names.page_ids)

    @SETTINGS
    @given(query=queries(name_words(searcher)), limit=st.integers(1, 20))
    def check(query, limit):
        responses = []
        work = python_calls(lambda: responses.append(searcher.search(query, limit=limit)))
        response = responses[0]
        ids = [hit.id for hit in response.hits]
        assert set(ids) <= page_ids and len(ids) == len(set(ids)) and len(ids) <= limit
        assert response.total >= len(ids)
        assert all(0.0 <= hit.score <= 1.0 for hit in response.hits)
        assert work <= WORK_BOUND * limit / 10 + WORK_BOUND, work

    check()


def test_suggest_never_raises_and_returns_real_pages(searcher, python_calls):
    """1, 2, 3."""
    page_ids = set(searcher._current().names.page_ids)

    @SETTINGS
    @given(prefix=queries(name_words(searcher)), limit=st.integers(1, limits.MAX_SUGGESTIONS))
    def check(prefix, limit):
        answers = []
        work = python_calls(lambda: answers.append(searcher.suggest(prefix, limit=limit)))
        ids = [suggestion.id for suggestion in answers[0]]
        assert set(ids) <= page_ids and len(ids) <= limit
        assert work <= WORK_BOUND, work

    check()


@SETTINGS
@given(text=st.text(alphabet=st.characters(codec=None), max_size=3000))
def test_the_pipeline_reads_a_bounded_query(text):
    """4."""
    parsed = normalise(text)
    assert len(parsed.text) <= limits.MAX_QUERY_CHARS
    assert len(parsed.words) <= limits.MAX_READ_WORDS


def test_offset_pages_through_one_ranking(searcher):
    """5."""
    words = name_words(searcher)

    @settings(max_examples=40, deadline=None)
    @given(query=st.lists(mangled_word(words), min_size=1, max_size=3).map(" ".join), size=st.integers(1, 5))
    def check(query, size):
        whole = [hit.id for hit in searcher.search(query, limit=2 * size).hits]
        second = [hit.id for hit in searcher.search(query, limit=size, offset=size).hits]
        assert second == whole[size:]

    check()


def test_the_results_of_a_query_do_not_depend_on_the_page_asked_for(searcher):
    """6. Paging through every result with any page size gives the one big page, each page once; `total` is the
    same for every limit; scores never rise down the list."""
    words = name_words(searcher)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(query=st.lists(mangled_word(words), min_size=1, max_size=3).map(" ".join), size=st.integers(1, 7))
    def check(query, size):
        whole = searcher.search(query, limit=limits.MAX_RESULTS)
        paged, offset = [], 0
        while offset < min(whole.total, limits.MAX_RESULTS):
            page = searcher.search(query, limit=size, offset=offset)
            assert page.total == whole.total and page.total_is_lower_bound == whole.total_is_lower_bound
            paged += page.hits
            offset += size
        assert [hit.id for hit in paged][: len(whole.hits)] == [hit.id for hit in whole.hits]
        assert len({hit.id for hit in whole.hits}) == len(whole.hits)
        scores = [hit.score for hit in paged]
        assert scores == sorted(scores, reverse=True) and all(0 <= score <= 1 for score in scores)

    check()
