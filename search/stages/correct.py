"""Stage 3, correct: typo corrections of the words no name holds, and completions of the word still being
typed, from the names' own vocabulary (search/vocabulary.py).

    "nuroblastoma" -> neuroblastoma (typo, cost 1.0);  "neurobl" -> neuroblastoma (prefix)
"""
from __future__ import annotations

from search import limits
from search.kinds import UnitKind
from search.names import NameIndex
from search.query import ParsedQuery, QueryWord, Unit


def short_acronym(word) -> bool:
    """An acronym too short to correct, complete or match by sound (a query's word or a name's)."""
    return word.acronym and len(word.word) < limits.LONG_ACRONYM_MIN_LENGTH


def unknown_words(query: ParsedQuery, names: NameIndex) -> list[QueryWord]:
    """Content words that no name holds as a word, alone or joined with a query neighbour: the ones worth
    correcting. A word that only two words of a name written together read as ("diseasee" as "disease
    Ia") is corrected too; its reading as that compound stays, and the two compete in the ranking."""
    joined = {p for join in query.joins if names.has_term(join.term)
              for p in (join.position, join.position + 1)}
    return [w for w in query.words
            if w.position in query.content and w.position not in joined and not short_acronym(w)
            and not query.acronym_only and not any(names.holds_word(term) for term in w.terms)]


def correct(query: ParsedQuery, names: NameIndex) -> tuple[Unit, ...]:
    units = []
    corrected = set()
    for word in unknown_words(query, names):
        for order, candidate in enumerate(names.vocabulary.corrections(word.word)):
            # The order (closeness, then frequency) breaks ties between equally costly corrections.
            units.extend(Unit(frozenset({word.position}), (term,), UnitKind.TYPO,
                              candidate.cost + limits.CANDIDATE_ORDER_COST * order, word.surface, candidate.word)
                         for term in names.terms_of(candidate.word))
            corrected.add(word.position)
    if query.prefix_position is not None:
        word = query.words[query.prefix_position]
        # A word that reads as a whole word with a typo needs no completion read with a typo as well.
        for candidate in names.vocabulary.completions(word.word, typo=word.position not in corrected):
            units.extend(Unit(frozenset({word.position}), (term,), UnitKind.PREFIX,
                              candidate.cost + limits.CANDIDATE_ORDER_COST * (len(candidate.word) - len(word.word)),
                              word.surface, candidate.word)
                         for term in names.terms_of(candidate.word))
    return tuple(units)
