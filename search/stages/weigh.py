"""Stage 5, weigh: how much each content word of the query weighs in its coverage — its inverse frequency
among names, so that matching only "cancer" of "prostrate cancer" is not half a match.

    "is melanoma curable" -> melanoma: 4.1, curable: 0 (found nowhere); "is" is a filler word
"""
from __future__ import annotations

import math
from typing import Callable

from search import limits
from search.kinds import UnitKind
from search.names import NameIndex
from search.query import ParsedQuery, Unit

WordWeights = dict[int, float]  # query position -> weight


def word_weights(query: ParsedQuery, names: NameIndex, units: tuple[Unit, ...],
                 text_share: Callable[[str], float] | None) -> WordWeights:
    """A word no name holds weighs as the names its compounds, synonyms or corrections reach; failing that,
    as its frequency in page texts (`text_share`: the share of pages whose text holds a term; None when the
    text is not searched); a word found nowhere weighs nothing, so "is melanoma curable" is still about
    melanoma."""
    name_count = max(1, len(names.names))
    reached: dict[int, tuple[float, int]] = {}  # position -> (discount, -frequency) of the surest unit
    for unit in units:
        if unit.kind in (UnitKind.EXACT, UnitKind.OPTIONAL):
            continue
        frequency = len(names.postings.get(unit.terms[0], ()))
        discount = limits.FUZZY_WORD_WEIGHT if unit.kind.is_fuzzy else 1.0
        for position in unit.positions if frequency else ():
            reached[position] = max(reached.get(position, (0.0, 0)), (discount, -frequency))
    weights = {}
    for word in query.words:
        if word.position not in query.content:
            continue
        frequency = max((len(names.postings.get(term, ())) for term in word.terms), default=0)
        if frequency:
            weights[word.position] = math.log(1 + name_count / frequency)
            if names.own_terms.isdisjoint(word.terms):  # only in narrower, related or broad names
                weights[word.position] *= limits.NOT_OWN_WORD_WEIGHT
            continue
        if word.position in reached:
            discount, negative_frequency = reached[word.position]
            weights[word.position] = discount * math.log(1 + name_count / -negative_frequency)
            continue
        share = max((text_share(term) for term in word.terms), default=0.0) if text_share else 0.0
        if share:
            weights[word.position] = limits.TEXT_WORD_WEIGHT * math.log(1 + 1 / share)
        elif text_share is not None and not word.context_only:
            weights[word.position] = limits.UNKNOWN_WORD_WEIGHT * math.log(1 + name_count)
        else:
            weights[word.position] = 0.0
    return weights
