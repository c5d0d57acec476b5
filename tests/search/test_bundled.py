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
    hit = searcher.search("hodgkin lymphoma itching")[0]
    assert hit.id == "hodgkin-lymphoma" and hit.match is MatchTier.EXACT
    assert "text mentions 'itching'" in hit.explanation


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


def test_a_word_is_also_heard_without_its_ending(searcher):
    """"hojkins" sounds as "hodgkin" once its plural ending is set aside (dg sounds as j)."""
    hit = searcher.search("hojkins disease")[0]
    assert hit.id == "hodgkin-lymphoma" and hit.match in (MatchTier.TYPO, MatchTier.PHONETIC)


def test_one_plain_typo_beats_a_respelled_sound_plus_a_typo(searcher):
    """"neroblastoma" is one letter from neuroblastoma; nephroblastoma needs ph as f and one more edit."""
    assert searcher.search("neroblastoma")[0].id == "neuroblastoma"


def test_words_of_a_question_found_only_in_page_texts_do_not_hide_the_name(searcher):
    """The question around a name ("come back", "removed") weighs less than the name it asks about."""
    assert searcher.search("can melanoma come back after it is removed")[0].id == "melanoma"


def test_a_medical_adjective_finds_the_lay_name(searcher):
    """synonyms.txt: "haematological" means "blood", and "blood cancer" is a name of the blood cancers."""
    hits = searcher.search("haematological cancer")
    assert hits and hits[0].id == "blood-cancer"
    assert all("blood cancer" in hit.explanation.lower() for hit in hits[:3])


def test_a_baby_is_matched_as_a_childhood_name(searcher):
    """A lay word for the youngest patients reaches the "childhood" of a name (corpus synonyms.txt): the
    eye cancer of babies is retinoblastoma, not the adults' uveal melanoma."""
    hit = searcher.search("eye cancer in a baby")[0]
    assert hit.id == "retinoblastoma" and "'baby' means 'childhood'" in hit.explanation


def test_but_and_not_in_a_question_are_filler_words(searcher):
    """"but" and "not" are function words: counted as words of the question they outweighed the disease
    words, and the question found nothing."""
    from search.stages.normalise import normalise
    query = normalise("cancer spread but primary not found")
    assert [w.surface for w in query.words if w.position not in query.content] == ["but", "not"]
    ids = [hit.id for hit in searcher.search("cancer spread but primary not found")]
    assert "cancer-of-unknown-primary" in ids[:3]
