"""Stage 2, expand: the units a query's own words make, their compounds, and the phrases synonyms.txt
makes them equal to.

    "gall bladder cancer" -> gall, bladder, cancer (exact); gallbladder (join)
    "kidney cancer" with `kidney, renal` -> also renal (synonym, cost SYNONYM_COST)
"""
from __future__ import annotations

from search import limits
from search.kinds import UnitKind
from search.query import ParsedQuery, Unit


class SynonymTable:
    """The synonym rules of an index, each as (rule, source phrases, target phrases), a phrase being
    (its terms, its text); and where each source phrase starts, by its first term, so that a query looks
    up its own words instead of trying every phrase at every place."""

    def __init__(self, rules):
        self.rules = tuple(rules)
        self.starts: dict[str, list[tuple[int, int]]] = {}
        for rule_number, (_rule, sources, _targets) in enumerate(self.rules):
            for source_number, (terms, _text) in enumerate(sources):
                if terms:  # a phrase of filler words only stands for nothing
                    self.starts.setdefault(terms[0], []).append((rule_number, source_number))


def expand(query: ParsedQuery, synonyms: SynonymTable) -> tuple[Unit, ...]:
    units = []
    for word in query.words:
        kind = UnitKind.EXACT if word.position in query.content else UnitKind.OPTIONAL
        units.extend(Unit(frozenset({word.position}), (term,), kind, 0.0, word.surface) for term in word.terms)
    for join in query.joins:
        units.append(Unit(frozenset({join.position, join.position + 1}), (join.term,), UnitKind.JOIN, 0.0,
                          join.surface))
    units.extend(synonym_units(query, synonyms))
    return tuple(units)


def synonym_units(query: ParsedQuery, synonyms: SynonymTable) -> list[Unit]:
    content_words = [w for w in query.words if w.position in query.content]
    # In the order of the rules, then of their phrases: the first MAX_SYNONYM_EXPANSIONS are kept.
    started = sorted({start for word in content_words for term in word.terms
                      for start in synonyms.starts.get(term, ())})
    units = []
    for rule_number, source_number in started:
        _rule, source_phrases, target_phrases = synonyms.rules[rule_number]
        source_terms, _source_text = source_phrases[source_number]
        for start in range(len(content_words) - len(source_terms) + 1):
            window = content_words[start:start + len(source_terms)]
            if not all(term in word.terms for term, word in zip(source_terms, window)):
                continue
            positions = frozenset(word.position for word in window)
            typed = " ".join(word.surface for word in window)
            for target_terms, target_text in target_phrases:
                if target_terms != source_terms:
                    units.append(Unit(positions, target_terms, UnitKind.SYNONYM, limits.SYNONYM_COST, typed,
                                      target_text))
            if len(units) >= limits.MAX_SYNONYM_EXPANSIONS:
                return units
    return units
