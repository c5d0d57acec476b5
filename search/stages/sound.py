"""Stage 4, sound: sound-alikes of the words no name holds that spelling correction did not reach.

    "kolangiokarsinoma" -> cholangiocarcinoma (phonetic);  "hojkins" heard as "hojkin" -> hodgkin
"""
from __future__ import annotations

from search import limits
from search.kinds import UnitKind
from search.names import NameIndex
from search.query import ParsedQuery, Unit
from search.stages.correct import unknown_words


def sound(query: ParsedQuery, names: NameIndex, corrections: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """A word is also heard without its ending, as its term ("hojkins" as "hojkin")."""
    corrected = {unit.found for unit in corrections}
    units = []
    for word in unknown_words(query, names):
        candidates = {}
        for spelling in dict.fromkeys((word.word, *word.terms)):
            for candidate in names.vocabulary.sound_alikes(spelling):
                candidates.setdefault(candidate.word, candidate)
        for order, candidate in enumerate(candidates.values()):
            if candidate.word in corrected:
                continue
            cost = (limits.PHONETIC_BASE_COST + limits.PHONETIC_EDIT_COST * candidate.cost
                    + limits.CANDIDATE_ORDER_COST * order)
            units.extend(Unit(frozenset({word.position}), (term,), UnitKind.PHONETIC, cost, word.surface,
                              candidate.word) for term in names.terms_of(candidate.word))
    return tuple(units)
