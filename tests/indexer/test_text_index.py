"""The text index answers as Whoosh's own search does (the same pages, scores, ties and terms), although it
keeps postings in memory and skips Whoosh's collector; and it keeps at most its budget of postings."""
import pytest

import indexer.text_index as text_index_module
from indexer.analysis import analyze
from search.searcher import Searcher

# Our own query words: common and rare, absent ones, several readings of one word (all-words groups).
ANY_QUERIES = ("cancer", "leukaemia childhood acute", "surgery radiotherapy chemotherapy", "zzqx cancer",
               "bone marrow transplant", "skin", "survival rate years", "lymph nodes spread")


def terms_of(text):
    return [term for token in analyze(text) for term in token.terms()]


def whoosh_hits(text_index, query, limit):
    """What Searcher.search with terms=True gives: the oracle."""
    found = text_index._searcher.search(query, limit=limit, terms=True)
    return [(text_index._page_of_docnum[hit.docnum], frozenset(
        term.decode() if isinstance(term, bytes) else term for _field, term in hit.matched_terms()), hit.score)
        for hit in found]


@pytest.fixture(scope="module")
def text_index(bundled_index):
    searcher = Searcher(bundled_index)
    return searcher._current().opened.text_index()


@pytest.mark.parametrize("limit", [3, 50])
def test_any_and_all_words_find_what_whoosh_finds(text_index, limit):
    from whoosh.query import And, Or, Term

    field = text_index.FIELD
    for text in ANY_QUERIES:
        terms = list(dict.fromkeys(terms_of(text)))
        got = [(hit.page, hit.terms, hit.score) for hit in text_index.search_any(terms, limit=limit)]
        assert got == whoosh_hits(text_index, Or([Term(field, term) for term in terms]), limit), text
        groups = [[term] for term in terms]
        got = [(hit.page, hit.terms, hit.score) for hit in text_index.search_all(groups, limit=limit)]
        assert got == whoosh_hits(text_index, And([Or([Term(field, t) for t in g]) for g in groups]), limit), text
        # groups of several readings each (a word's other forms), as the search for every word makes them
        pairs = [terms[i:i + 2] for i in range(0, len(terms), 2)]
        got = [(hit.page, hit.terms, hit.score) for hit in text_index.search_all(pairs, limit=limit)]
        assert got == whoosh_hits(text_index, And([Or([Term(field, t) for t in g]) for g in pairs]), limit), text
    assert any(text_index.search_any(terms_of("cancer"), limit=limit))  # the oracle is not empty
    assert any(text_index.search_all([terms_of("cancer") + terms_of("zzqx"), terms_of("blood")], limit=limit))


def test_kept_postings_stay_within_their_budget_and_answers_do_not_change(text_index, monkeypatch):
    from whoosh.query import Or, Term

    monkeypatch.setattr(text_index_module, "TEXT_POSTINGS_KEPT", 40)  # fewer than "cancer" alone: every read evicts
    kept = text_index_module.kept_postings()
    monkeypatch.setattr(text_index, "_kept", kept)
    for _ in range(2):
        for text in ANY_QUERIES:
            terms = terms_of(text)
            got = [(hit.page, hit.terms, hit.score) for hit in text_index.search_any(terms, limit=50)]
            assert got == whoosh_hits(text_index, Or([Term(text_index.FIELD, t) for t in terms]), 50)
            assert kept.weight <= 40
    assert len(kept) > 0  # the rare terms were kept, "cancer" (heavier than the budget) never
