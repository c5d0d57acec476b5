"""Which of the names a query reaches are worth scoring: the caps that keep one query's work bounded,
whatever the corpus, and the order that keeps the names most likely to win.

    "leukemia" on an index linked to an ontology reaches hundreds of names; the MAX_NAMES_SCORED most
    promising are scored, and of one page's names that the same units reach, the shortest few.
    Of those, a name is placed only when the best its units could give (ScoreBounds) may better what its
    page already has: "bone cancer" places the title "Bone Cancer" and leaves its twenty other names.
"""
from __future__ import annotations

from collections import Counter
from math import fsum

from search import limits
from search.kinds import UnitKind
from search.names import NameIndex
from search.query import NameMatch, ParsedQuery, Unit


def shortest_alike(name_numbers, reaching: dict[int, int], units: tuple[Unit, ...], names: NameIndex) -> list[int]:
    """Of the names of one page that the same units reach (the same query words, matched the same way:
    as typed, as another form, through a correction ...) and of the same standing (the page's own name
    or a narrower term's, and the same kind of name), only the MAX_ALIKE_NAMES_SCORED shortest. A page
    linked to an ontology has dozens of names holding "carcinoma": scoring each would cost more than
    the rest of the query, and a longer name reached by the same units is matched less completely.
    `reaching`: name -> the units that can stand in it (units_reaching); filler-word units do not count."""
    name_numbers = list(name_numbers)
    pages = list(map(names.page_of_name.__getitem__, name_numbers))
    crowded = {page for page, count in Counter(pages).items() if count > limits.MAX_ALIKE_NAMES_SCORED}
    if not crowded:  # no page has more names than are kept of one group
        return name_numbers
    counted = counted_units(units)
    standing = names.standing
    kept: list[int] = []
    alike: dict[tuple, list[int]] = {}
    for n, page in zip(name_numbers, pages):
        if page in crowded:
            alike.setdefault((page, standing[n], reaching[n] & counted), []).append(n)
        else:
            kept.append(n)
    shortness = names.shortness.__getitem__
    for group in alike.values():
        kept.extend(group if len(group) <= limits.MAX_ALIKE_NAMES_SCORED else
                    sorted(group, key=shortness)[: limits.MAX_ALIKE_NAMES_SCORED])
    return kept


def units_reaching(name_numbers, units: tuple[Unit, ...], units_at: list[frozenset[int]], names: NameIndex
                   ) -> dict[int, int]:
    """name -> the units that can stand in it, as bits: `units_at` holds the names each unit can stand in
    (match_names.units_reach), and a filler-word unit ("of") may stand in any name holding its word."""
    reached_by = dict.fromkeys(name_numbers, 0)
    wanted = frozenset(reached_by)
    for number, (unit, held) in enumerate(zip(units, units_at)):
        bit = 1 << number
        if unit.kind is UnitKind.OPTIONAL:
            for held in (names.filler_names(unit.terms[0]), names.content_names(unit.terms[0])):
                for n in held & wanted:
                    reached_by[n] |= bit
        else:
            for n in held & wanted:
                reached_by[n] |= bit
    return reached_by


def counted_units(units: tuple[Unit, ...]) -> int:
    """The units that find names by themselves (not filler words: they only refine a match), as bits."""
    return sum(1 << number for number, unit in enumerate(units) if unit.kind is not UnitKind.OPTIONAL)


class ScoreBounds:
    """The best a name's match could be, from the units that can stand in it, before placing them: a name
    whose bound cannot better what its page already has is not placed (match_names.score_names). One per
    query: what a set of units can give is worked out once. Units placed in a name never share a query
    position, so each position counts once, at the best any of the units reaching the name
    (`reaching`: units_reaching) offers per position: the positions covered, then
    (when all are covered) the worst of the positions' best tiers, the most name words taken and the least
    cost. The name's kind and length are its own."""

    def __init__(self, units: tuple[Unit, ...], query: ParsedQuery, names: NameIndex):
        self._units = units
        self._facts: dict[int, tuple] = {}  # unit number -> _unit_facts, made when a mask holds it
        self._content = query.content
        self._of_mask: dict[int, tuple | None] = {}  # units as bits -> what they can give (None: fillers only)
        self._names = names

    def _reach(self, mask: int) -> tuple | None:
        """What the units of `mask` can give (_reach), worked out once per query for each set of units."""
        facts = []
        for i in range(mask.bit_length()):
            if mask >> i & 1:
                fact = self._facts.get(i)
                if fact is None:
                    fact = self._facts[i] = _unit_facts(self._units[i], self._names)
                facts.append(fact)
        reach = self._of_mask[mask] = _reach(facts, self._content)
        return reach

    def order(self, name_numbers, reaching: dict[int, int]) -> list[tuple[int, tuple]]:
        """(name, what its units can give) of the names that may match, a page's names together, the
        likeliest best first (the most positions covered, the best tier, then the shortest): the names
        after it then seldom need placing. A name only filler words reach is left out: placing it finds no
        match. Sorted as one integer each (page, positions not covered, tier, shortness): a tuple each
        costs twice as much."""
        ordered, reach_of = [], {}
        page_of_name, shortness, of_mask = self._names.page_of_name, self._names.shortness, self._of_mask
        for n in name_numbers:
            mask = reaching[n]
            reach = of_mask[mask] if mask in of_mask else self._reach(mask)
            if reach is not None:
                reach_of[n] = reach
                ordered.append(page_of_name[n] << 41 | reach[6] | shortness[n])
        ordered.sort()
        by_shortness = self._names.by_shortness
        return [(n, reach_of[n]) for n in (by_shortness[key & 0xFFFFFFFF] for key in ordered)]

    def may_better(self, n: int, reach: tuple, kept: NameMatch, kept_key: tuple) -> bool:
        """Whether name `n`, whose units can give `reach`, may give its page a match better than `kept` (of
        key kept_key, match_names.name_key), name it more surely, or name it whole."""
        covered, tier, most_taken, cost, content, may_complete, _order = reach
        name = self._names.names[n]
        count, own = name.content_count, name.own
        taken = count if most_taken >= count else most_taken  # content words it may take
        complete = may_complete and taken == count
        if content - (not complete) - (not own) > kept.named or (complete and own and not kept.whole):
            return True
        completeness = taken / count if count else 1.0  # as match_names.assign computes it
        return (-covered, tier, -completeness, cost, name.kind_rank, len(name.words), n) < kept_key


def _unit_facts(unit: Unit, names: NameIndex) -> tuple:
    """(filler word, fuzzy, positions, tier, name words per position, cost per position, cost share exact)."""
    share = len(unit.positions)
    # content words it can take: a phrase one per term, a lone term two where it is a compound of two
    words = 2 if len(unit.terms) == 1 and unit.terms[0] in names.join_terms else len(unit.terms)
    return (unit.kind is UnitKind.OPTIONAL, unit.kind.is_fuzzy, unit.positions, unit.kind.tier, words / share,
            unit.cost / share, share & (share - 1) == 0)  # a cost halved or quartered is exact


def _reach(facts: list[tuple], content: frozenset[int]) -> tuple | None:
    """(positions, tier, name words, cost, content positions, may be complete, order) at best for the units
    whose `_unit_facts` are given."""
    tier_at: dict[int, int] = {}
    words_at: dict[int, float] = {}
    cost_at: dict[int, float] = {}
    exact_shares, required, fuzzy_only, filler = True, False, True, False
    for optional, fuzzy, positions, tier, words, cost, exact in facts:
        exact_shares = exact_shares and exact
        if optional:
            filler = True
        else:
            required = True
            fuzzy_only = fuzzy_only and fuzzy
        for p in positions:
            if p in tier_at:
                tier_at[p] = min(tier_at[p], tier)
                words_at[p] = max(words_at[p], words)
                cost_at[p] = min(cost_at[p], cost)
            else:
                tier_at[p], words_at[p], cost_at[p] = tier, words, cost
    if not required:
        return None
    # Costs are summed exactly (fsum, as match_names.assign does), so the least costs per position sum to at
    # most any match's cost; a share of a unit over three positions is rounded, and lowered by a tolerance.
    cost = fsum(cost_at.values())
    if not exact_shares:
        cost -= limits.FLOAT_TOLERANCE
    covered, tier = len(tier_at), max(tier_at.values())
    # the part of a name's place in ScoreBounds.order its units give: positions not covered (six bits, a
    # query has at most MAX_READ_WORDS), then tier (three), above the shortness (32)
    order = ((63 - min(covered, 63)) << 3 | tier) << 32
    # a match of fuzzy units only is never complete (search.stages.naming)
    return (covered, tier, int(sum(words_at.values()) + limits.FLOAT_TOLERANCE), cost,
            len(tier_at.keys() & content), filler or not fuzzy_only, order)


def most_promising(reachable: set[int], most: int, weighed: list[tuple[float, set[int]]],
                   plain: frozenset[int], fillers: frozenset[int], names: NameIndex) -> list[int]:
    """The `most` first of `reachable` in the order of `match_names`. The names are split by set
    operations into parts of equal query weight (each word's names in or out), each part into four by
    (plain, fillers), and only the last part needed is ordered name by name (`NameIndex.shortness`): a key
    computed in Python for each of thousands of names would cost more than scoring the names kept."""
    parts = [(0.0, reachable)]
    for weight, held in weighed:
        parts = [(total, piece) for total, part in parts
                 for total, piece in ((total + weight, part & held), (total, part - held)) if piece]
    by_weight: dict[float, set[int]] = {}
    for total, part in parts:
        by_weight.setdefault(total, set()).update(part)
    chosen: list[int] = []
    for total in sorted(by_weight, reverse=True):
        part = by_weight[total]
        for group in (part & plain & fillers, (part & plain) - fillers, (part & fillers) - plain,
                      part - plain - fillers):
            room = most - len(chosen)
            if len(group) < room:
                chosen.extend(group)
            else:
                chosen.extend(sorted(group, key=names.shortness.__getitem__)[:room])
                return chosen
    return chosen
