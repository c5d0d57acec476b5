"""Stage 7, match text: the pages whose text holds the query's words, through the `TextIndex` protocol.

    "leukemia childhood" -> pages whose text says "childhood" (and "leukemia"), with their BM25F scores
"""
from __future__ import annotations

from search import limits
from search.query import ParsedQuery, TextMatch
from search.textindex import TextIndex


def text_terms(query: ParsedQuery) -> dict[str, int]:
    """Text terms to look for: each content word's readings, mapped to the word's position."""
    return {term: word.position for word in query.words if word.position in query.content
            for term in word.terms}


def text_share(text_index: TextIndex):
    """The share of pages whose text holds a term, as a function (the weigh stage's `text_share`)."""
    pages = max(1, text_index.page_count())
    return lambda term: text_index.doc_frequency(term) / pages


def match_text(query: ParsedQuery, text_index: TextIndex, *, every_word: bool) -> dict[int, TextMatch]:
    """With `every_word`, only pages holding all the query's words (to add pages after the names'
    matches); otherwise any of them, leaving out words so common that they tell pages apart no more than a
    filler word does (they would make every query score most of the corpus)."""
    position_of_term = text_terms(query)
    if not position_of_term:
        return {}
    if every_word:
        by_position: dict[int, list[str]] = {}
        for term, position in position_of_term.items():
            by_position.setdefault(position, []).append(term)
        hits = text_index.search_all(list(by_position.values()), limit=limits.MAX_TEXT_HITS)
    else:
        most = max(limits.MIN_COMMON_WORD_DOCS, text_index.page_count() * limits.COMMON_WORD_SHARE)
        telling = [term for term in position_of_term if text_index.doc_frequency(term) <= most]
        if not telling:
            return {}
        hits = text_index.search_any(telling, limit=limits.MAX_TEXT_HITS)
    return {hit.page: TextMatch(hit.page, frozenset(position_of_term[t] for t in hit.terms if t in position_of_term),
                                hit.score)
            for hit in hits}
