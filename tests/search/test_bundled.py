"""Behaviour on the bundled corpus that a visitor would notice, beyond the query files."""
import pytest

from search import MatchTier, Searcher


@pytest.fixture(scope="module")
def searcher(bundled_index):
    return Searcher(bundled_index)


def test_an_acronym_in_capitals_does_not_match_a_filler_word_of_a_name(searcher):
    """"ET" is essential thrombocythaemia, not the French "et" of "tête et cou"."""
    assert [hit.id for hit in searcher.search("ET")] == ["essential-thrombocythemia"]


def test_a_page_found_by_name_and_text_shows_its_name_match(searcher):
    hit = searcher.search("childhood leukemia")[0]
    assert hit.id == "acute-lymphoblastic-leukemia" and hit.match is MatchTier.EXACT
    assert "text mentions 'childhood'" in hit.explanation


def test_compounds_written_apart_find_the_compound_name(searcher):
    hit = searcher.search("borst kanker")[0]
    assert hit.id == "breast-cancer" and "written apart" in hit.explanation


def test_a_generic_word_lists_many_pages_and_the_page_count_says_so(searcher):
    response = searcher.search("sarcoma", limit=5)
    assert len(response.hits) == 5 and response.total > 5
    assert all("sarcoma" in (hit.matched_name or "").lower() for hit in response.hits)


def test_every_bundled_title_finds_its_own_page_first(searcher):
    for page_id, title in zip(searcher._state.names.page_ids, searcher._state.names.titles):
        assert searcher.search(title)[0].id == page_id, title
