"""Which names a query's units can reach: the sets the match names stage starts from.

    "bone cancer" -> "bone": the names holding bone; "cancer": those holding cancer, carcinoma, tumour ...
    (its units); the names holding enough of both to reach the confidence floor

Every set is read from the name index's postings, and kept with it (NameIndex.unit_names_cache): the same
words bring the same units from query to query.
"""
from __future__ import annotations

from search import limits
from search.kinds import UnitKind
from search.names import NameIndex
from search.query import ParsedQuery, Unit
from search.stages.weigh import WordWeights


def phrase_span(words, position: int, rest: tuple[str, ...]) -> int:
    """How many name words, from `position`, a phrase whose first term stands there covers when its
    other terms follow (filler words of the name stepped over); 0 when they do not follow."""
    cursor = position + 1
    for term in rest:
        while cursor < len(words) and words[cursor].stop:
            cursor += 1
        if cursor >= len(words) or not (term == words[cursor].term or term in words[cursor].alternate_terms):
            return 0
        cursor += 1
    return cursor - position


def unit_names(unit: Unit, query: ParsedQuery, names: NameIndex) -> frozenset[int]:
    """The names a (non-filler) unit can stand in, as a set: for one term, straight from the name index."""
    key = (unit.terms, unit.kind.is_fuzzy, query.acronym_only)
    found = names.unit_names_cache.get(key)
    if found is None:
        if len(names.unit_names_cache) >= limits.UNIT_NAMES_CACHED:
            names.unit_names_cache.clear()  # a crude bound: a busy server refills what it uses
        found = names.unit_names_cache[key] = _unit_names(unit, query, names)
    return found


def _unit_names(unit: Unit, query: ParsedQuery, names: NameIndex) -> frozenset[int]:
    first = unit.terms[0]
    if query.acronym_only:
        candidates = names.acronym_names.get(first, frozenset())
    else:
        candidates = names.content_names(first)
        if unit.kind.is_fuzzy and first in names.acronym_names and len(first) < limits.LONG_ACRONYM_MIN_LENGTH:
            candidates = candidates - names.acronym_names[first]  # a short acronym is matched as written
    if len(unit.terms) == 1 or not candidates:
        return candidates
    return frozenset(n for n, position, span in names.postings[first]
                     if span == 1 and n in candidates and phrase_span(names.names[n].words, position, unit.terms[1:]))


def position_names(units: list[Unit], query: ParsedQuery, names: NameIndex) -> frozenset[int]:
    """The names some of the units of one query position can stand in: the union of their sets, kept
    (NameIndex.position_names_kept, within POSITION_NAMES_KEPT names), as the same word brings the same
    units ("cancer" and its kinds, a dozen sets of hundreds of names each) from query to query."""
    if len(units) == 1:
        return unit_names(units[0], query, names)
    key = (query.acronym_only, *sorted((unit.terms, unit.kind.is_fuzzy) for unit in units))
    return names.position_names_kept.get(
        key, lambda: frozenset().union(*(unit_names(unit, query, names) for unit in units)))


def reachable_names(query: ParsedQuery, units: tuple[Unit, ...], names: NameIndex, weights: WordWeights
                    ) -> tuple[set[int], dict[int, frozenset[int]]]:
    """The names whose units can cover at least the confidence floor of the query's weight, and the names
    each query position reaches. A name must hold every word of some set of words weighing the floor, so
    the answer is the union, over the smallest such sets, of the intersections of their names."""
    units_at: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.kind is not UnitKind.OPTIONAL:
            for position in unit.positions:
                units_at.setdefault(position, []).append(unit)
    names_at = {position: position_names(held, query, names) for position, held in units_at.items()}
    floor = limits.MIN_QUERY_COVERAGE * sum(weights.values()) - limits.FLOAT_TOLERANCE
    if floor <= 0:
        return set().union(*names_at.values()), names_at
    # Positions that reach the same names ("cancer cancer cancer") act as one word of their summed weight.
    groups: dict[frozenset[int], float] = {}
    for position, reached in names_at.items():
        if position in weights:
            key = frozenset(reached)
            groups[key] = groups.get(key, 0.0) + weights[position]
    group_names, group_weights = list(groups), list(groups.values())
    # Masks over the groups (at most 2 ** MAX_QUERY_WORDS), in numeric order, so that every mask less one
    # of its groups comes before it. A mask reaching the floor whose every smaller mask falls short is a
    # minimal cover; its names are those every one of its groups reaches.
    weight_of = [0.0] * (1 << len(groups))
    covered = [False] * (1 << len(groups))  # reaches the floor
    reachable: set[int] = set()
    for mask in range(1, 1 << len(groups)):
        lowest = mask & -mask
        weight_of[mask] = weight_of[mask ^ lowest] + group_weights[lowest.bit_length() - 1]
        if weight_of[mask] < floor:
            continue
        covered[mask] = True
        bits, minimal = mask, True
        while bits and minimal:
            bit = bits & -bits
            minimal = not covered[mask ^ bit]
            bits ^= bit
        if minimal:
            chosen = [group_names[i] for i in range(len(groups)) if mask >> i & 1]
            reachable |= min(chosen, key=len).intersection(*chosen)
    return reachable, names_at


def units_reach(query: ParsedQuery, units: tuple[Unit, ...], names: NameIndex) -> list[frozenset[int]]:
    """The names each unit can stand in (none for a filler-word unit: it only refines a match)."""
    return [frozenset() if unit.kind is UnitKind.OPTIONAL else unit_names(unit, query, names) for unit in units]
