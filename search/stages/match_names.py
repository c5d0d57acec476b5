"""Stage 6, match names: where the units stand in each page's names, and each page's best name match.

Only names whose units can reach the confidence floor are considered; of those, the MAX_NAMES_SCORED most
promising are scored, and of one page's names that the same units reach, the shortest few (search.stages
.prune). In each name, the units are placed greedily (widest first, then cheapest) without overlapping, and
the match records what it covered, its tier, completeness and cost.
"""
from __future__ import annotations

from itertools import chain
from math import fsum

from search import limits
from search.kinds import MatchTier, UnitKind
from search.names import NameIndex
from search.query import NameMatch, ParsedQuery, Placement, Unit
from search.stages.correct import short_acronym
from search.stages.naming import naming, whole_names
from search.stages.prune import ScoreBounds, counted_units, most_promising, shortest_alike, units_reaching
from search.stages.reach import phrase_span, reachable_names, unit_names, units_reach
from search.stages.weigh import WordWeights


def unit_tier(unit: Unit, names: NameIndex, name_number: int, position: int, span: int) -> MatchTier:
    """A unit's tier where it was placed: exact words written otherwise in the name are a variant."""
    tier = unit.kind.tier
    if tier is MatchTier.EXACT:
        words = names.names[name_number].words
        written = words[position].surface_key if span == 1 else " ".join(
            w.surface_key for w in words[position:position + span])
        if written != unit.typed_key:
            return MatchTier.VARIANT
    return tier


class NamePlacer:
    """Where a query's units stand in one name: built once per query, then asked name by name, so that
    the work grows with the names scored, not with the length of the posting lists of common words."""

    def __init__(self, query: ParsedQuery, units: tuple[Unit, ...]):
        self.query = query
        self.units = units
        # For each first term, the units it starts, as plain tuples read in the loop over a name's words:
        # (unit number, a filler-word unit, a fuzzy unit, the phrase's other terms, then how `assign` orders
        # the units: widest first, then cheapest; then, after the place in the name, query order with the
        # query's own words before filler words). Attribute reads cost a name's every word, every query.
        self.entries_by_term: dict[str, list[tuple]] = {}
        for number, unit in enumerate(units):
            optional = unit.kind is UnitKind.OPTIONAL
            self.entries_by_term.setdefault(unit.terms[0], []).append(
                (number, optional, unit.kind.is_fuzzy, unit.terms[1:],
                 -len(unit.positions), unit.cost, number + len(units) * optional))

    def places(self, names: NameIndex, name_number: int) -> list[tuple]:
        """(width, cost, name position, query order, unit number, span) of every unit that stands in the
        name, sorted in the order `assign` takes them: phrases with filler words of the name stepped over,
        compounds of two name words; a name's filler word is never the evidence for a page, acronyms are
        matched as written, and a lone filler word of the query ("all") only as an acronym."""
        by_term, acronym_only = self.entries_by_term, self.query.acronym_only
        name = names.names[name_number]
        words = name.words
        found = []
        for position, word in enumerate(words):
            if word.alternate_terms:
                entries = [entry for term in (word.term, *word.alternate_terms) for entry in by_term.get(term, ())]
            else:
                entries = by_term.get(word.term)
                if not entries:
                    continue
            for unit_number, optional, fuzzy, rest, width, cost, rank in entries:
                if (word.stop and not optional) or (acronym_only and not word.acronym) or (
                        fuzzy and short_acronym(word)):
                    continue
                span = phrase_span(words, position, rest) if rest else 1
                if span:
                    found.append((width, cost, position, rank, unit_number, span))
        for position, term in name.joins:
            acronym = words[position].acronym
            for unit_number, _optional, fuzzy, rest, width, cost, rank in by_term.get(term, ()):
                if not rest and not (acronym_only and not acronym) and not (acronym and fuzzy):
                    found.append((width, cost, position, rank, unit_number, 2))
        found.sort()
        return found


class NameMatches(dict):
    """page number -> its best NameMatch; `capped` when MAX_NAMES_SCORED or MAX_WHOLE_NAMES_SCORED left names
    unscored (the set of pages found is then a bound one); `scoring`, the query's NamePlacer and ScoreBounds,
    which match_pages goes on with."""

    capped: bool = False
    scoring: tuple | None = None


def match_names(query: ParsedQuery, units: tuple[Unit, ...], names: NameIndex, weights: WordWeights, *,
                most: int) -> NameMatches:
    """The best match of each page's names: page number -> NameMatch.

    Of the names that can reach the confidence floor, the `most` most promising are scored, in the order
    they will rank once scored: most query weight, then reached by a word as typed (or a variant or
    synonym of it) rather than only by a correction or completion, then holding the query's filler words
    too ("tumor of ..."), then fewest content words (as completeness ranks), then fewest words. Filler
    words of the query (optional units) only refine names found by other words."""
    reachable, names_at = reachable_names(query, units, names, weights)
    capped = len(reachable) > most
    if capped:
        plain = frozenset().union(*(unit_names(unit, query, names) for unit in units
                                    if unit.kind is not UnitKind.OPTIONAL and not unit.kind.is_fuzzy))
        fillers = frozenset().union(*(names.filler_names(unit.terms[0]) for unit in units
                                      if unit.kind is UnitKind.OPTIONAL and len(unit.terms) == 1))
        weighed = [(weights[p], names_at[p]) for p in names_at if weights.get(p)]
        reachable = most_promising(reachable, most, weighed, plain, fillers, names)
    whole = sorted(whole_names(names_at, names) - set(reachable))
    candidates = [*reachable, *whole[: limits.MAX_WHOLE_NAMES_SCORED]]
    reaching = units_reaching(candidates, units, units_reach(query, units, names), names)
    placer, bounds = NamePlacer(query, units), ScoreBounds(units, query, names)
    found = NameMatches(score_names(shortest_alike(candidates, reaching, units, names), reaching, placer, bounds,
                                    names, {}))
    found.capped = capped or len(whole) > limits.MAX_WHOLE_NAMES_SCORED
    found.scoring = placer, bounds
    return found


def score_names(name_numbers, reaching: dict[int, int], placer: NamePlacer, bounds: ScoreBounds,
                names: NameIndex, found: dict[int, NameMatch]) -> dict[int, NameMatch]:
    """`found` with the best match of each page among `name_numbers` added (a new dict): the units placed
    in each name; a name that only filler words of the query reach is no match (`reaching`: name -> the
    units that can stand in it, search.stages.prune.units_reaching). A page's names are taken
    most promising first, and a name whose bound (search.stages.prune.ScoreBounds) cannot change what its
    page has is not placed: the result is the same as scoring every name."""
    best = dict(found)
    units = placer.units
    context_only = frozenset(word.position for word in placer.query.words if word.context_only)
    kept_keys: dict[int, tuple] = {}
    page_of_name = names.page_of_name
    for name_number, reach in bounds.order(name_numbers, reaching):
        page = page_of_name[name_number]
        kept = best.get(page)
        if kept is not None:
            kept_key = kept_keys.get(page) or kept_keys.setdefault(page, name_key(kept, names))
            if not bounds.may_better(name_number, reach, kept, kept_key):
                continue
        places = placer.places(names, name_number)
        if any(units[unit_number].kind is not UnitKind.OPTIONAL for *_, unit_number, _span in places):
            match = assign(name_number, places, units, names)
            named, whole = naming(match, placer.query, names, context_only)
            if kept is not None:
                named, whole = max(named, kept.named), whole or kept.whole
            key = name_key(match, names)
            if kept is None or key < kept_keys[page]:
                kept, kept_keys[page] = match, key
            best[page] = kept if (kept.named, kept.whole) == (named, whole) else with_naming(kept, named, whole)
    return best


def with_naming(match: NameMatch, named: int, whole: bool) -> NameMatch:
    """`match` naming its page as surely as the page's names together do (_replace written out: it costs a
    third as much, and runs for most pages found)."""
    return NameMatch(match.name, match.covered, match.name_positions, match.placements, match.tier,
                     match.completeness, match.cost, named, whole)


def match_pages(pages, query: ParsedQuery, units: tuple[Unit, ...], names: NameIndex,
                found: dict[int, NameMatch]) -> dict[int, NameMatch]:
    """`found` with the names of the given pages (found by their text) that `match_names` left out scored
    too, so that a page matching "leukemia" by name and "childhood" by text shows its name match. Only
    names holding one of the query's words are placed: the others cannot match, and pages found by text
    have dozens."""
    pages = set(pages) - found.keys()
    if not pages:
        return found
    every = list(chain.from_iterable(map(names.name_ranges.__getitem__, pages)))
    reaching = units_reaching(every, units, units_reach(query, units, names), names)
    counted = counted_units(units)
    candidates = [n for n in every if reaching[n] & counted]
    placer, bounds = getattr(found, "scoring", None) or (NamePlacer(query, units), ScoreBounds(units, query, names))
    return score_names(shortest_alike(candidates, reaching, units, names), reaching, placer, bounds, names, found)


def assign(name_number: int, places, units: tuple[Unit, ...], names: NameIndex) -> NameMatch:
    """Greedily picks non-overlapping units for one name, in the order of `NamePlacer.places`: widest
    first, then cheapest."""
    covered: set[int] = set()
    taken: set[int] = set()
    placed, tiers = [], []
    for _width, _cost, position, _rank, unit_number, span in places:
        unit = units[unit_number]
        span_positions = range(position, position + span)
        if not covered.isdisjoint(unit.positions) or not taken.isdisjoint(span_positions):
            continue
        covered.update(unit.positions)
        taken.update(span_positions)
        placed.append(Placement(unit, position, span))
        tiers.append(unit_tier(unit, names, name_number, position, span))
    name = names.names[name_number]
    content_taken = sum(1 for p in taken if not name.words[p].stop)
    completeness = content_taken / name.content_count if name.content_count else 1.0
    # summed exactly (fsum), so that the same costs give the same sum in any order (prune.ScoreBounds)
    return NameMatch(name_number, frozenset(covered), frozenset(taken), tuple(placed), max(tiers),
                     completeness, fsum(placement.unit.cost for placement in placed))


def name_key(match: NameMatch, names: NameIndex) -> tuple:
    """Which of a page's names matched best. The name number last: the page's best name does not depend
    on the order names were scored in."""
    return (-len(match.covered), match.tier, -match.completeness, match.cost,
            names.names[match.name].kind_rank, len(names.names[match.name].words), match.name)
