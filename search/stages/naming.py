"""How surely a query names a page: the names found whole in the query, and how much each counts.

    "breast cancer survival rates" -> Breast Cancer's name "breast cancer" stands whole in it: named 2, whole
    "leukemia apl" -> Leukemia (its title, whole) and APL (its acronym, whole): named 1 each
"""
from __future__ import annotations

from collections import Counter
from itertools import chain

from search import limits
from search.kinds import UnitKind
from search.names import NameIndex
from search.query import NameMatch, ParsedQuery


def whole_names(names_at: dict[int, set[int]], names: NameIndex) -> set[int]:
    """Names each content word of which some query word reaches: names possibly found whole in the query,
    whatever its other words weigh (a question's condition). A name is looked for through its query words
    reaching at most MAX_WHOLE_NAME_POSTINGS names: a name made only of very common words ("cancer",
    "disease") is not a condition named in a question."""
    reached = list(names_at.values())
    rare = [held for held in reached if len(held) <= limits.MAX_WHOLE_NAME_POSTINGS]
    if not rare:
        return set()
    candidates = set().union(*rare)
    # how many query words reach each candidate, counted by C loops: a question reaches hundreds of names
    reaching = Counter(chain.from_iterable(held.intersection(candidates) for held in reached))
    content_counts = names.content_counts
    return {n for n, count in reaching.items() if count >= content_counts[n]}


def naming(match: NameMatch, query: ParsedQuery, names: NameIndex, context_only: frozenset[int]) -> tuple[int, bool]:
    """How surely a name match names its page (NameMatch.named), and whether it stands whole in the query
    so surely that the page is a match whatever else the query holds (NameMatch.whole).

    A name found whole counts the query words it covers; found in part, one less; a name not the page's own
    (a narrower term, a broad word such as "blood cancer" on a leukaemia's page), one less again; reached
    through other words for its site or kind ("lung cancer" for "lung carcinoma"), one less again. Nothing
    when every word it matched is a number or a lone letter (`context_only`: "stage 3" is not the name
    "LAM 3") or a guess (a typo or sound-alike: "good" read as "food" is no name of food pipe cancer).
    Whole, not when an acronym name was matched by words not typed as one ("cup" of tea is not CUP, Cancer
    of Unknown Primary)."""
    typed = match.covered & query.content
    if typed <= context_only:
        return 0, False
    name = names.names[match.name]
    kinds = [placed.unit.kind for placed in match.placements]
    complete = match.completeness == 1.0 and not all(kind.is_fuzzy for kind in kinds)
    translated = UnitKind.SITE in kinds or UnitKind.KIND in kinds
    named = len(typed) - (not complete) - (not name.own) - translated
    whole = complete and name.own and (name.kind != "acronym" or any(query.words[p].acronym for p in typed))
    return named, whole
