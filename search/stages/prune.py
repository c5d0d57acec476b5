"""Which of the names a query reaches are worth scoring: the caps that keep one query's work bounded,
whatever the corpus, and the order that keeps the names most likely to win.

    "leukemia" on an index linked to an ontology reaches hundreds of names; the MAX_NAMES_SCORED most
    promising are scored, and of one page's names that the same units reach, the shortest few.
"""
from __future__ import annotations

import heapq
from collections import Counter

from search import limits
from search.names import NameIndex


def shortest_alike(name_numbers, units_at: list[frozenset[int]], names: NameIndex) -> list[int]:
    """Of the names of one page that the same units reach (the same query words, matched the same way:
    as typed, as another form, through a correction ...) and of the same standing (the page's own name
    or a narrower term's, and the same kind of name), only the MAX_ALIKE_NAMES_SCORED shortest. A page
    linked to an ontology has dozens of names holding "carcinoma": scoring each would cost more than
    the rest of the query, and a longer name reached by the same units is matched less completely."""
    name_numbers = list(name_numbers)
    per_page = Counter(names.page_of_name[n] for n in name_numbers)
    crowded = {page for page, count in per_page.items() if count > limits.MAX_ALIKE_NAMES_SCORED}
    if not crowded:  # no page has more names than are kept of one group
        return name_numbers
    kept = [n for n in name_numbers if names.page_of_name[n] not in crowded]
    name_numbers = [n for n in name_numbers if names.page_of_name[n] in crowded]
    reached_by = dict.fromkeys(name_numbers, 0)  # name -> the units reaching it, as bits
    for number, held in enumerate(units_at):
        bit = 1 << number
        for n in held.intersection(reached_by):
            reached_by[n] |= bit
    alike: dict[tuple, list[int]] = {}
    for n, reaching in reached_by.items():
        name = names.names[n]
        alike.setdefault((name.page, name.own, name.kind, reaching), []).append(n)
    for group in alike.values():
        kept.extend(group if len(group) <= limits.MAX_ALIKE_NAMES_SCORED else
                    heapq.nsmallest(limits.MAX_ALIKE_NAMES_SCORED, group, key=names.shortness.__getitem__))
    return kept


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
                chosen.extend(heapq.nsmallest(room, group, key=names.shortness.__getitem__))
                return chosen
    return chosen
