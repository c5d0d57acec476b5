"""Stage 9, groups: a broad query answered by a group's overview page lists every type of the group after it.

    "leukaemia" -> Leukemia (overview), then each leukaemia: ALL, AML, CLL, ... each "a type of leukaemia"
A query names a group when the first page is an overview (it has narrower pages) found whole by its own name;
its types follow it, those the query matched first in their order, then the others, then the other pages.
"""
from __future__ import annotations


from search import limits
from search.kinds import MatchTier
from search.names import NameIndex
from search.query import Evidence, Ranked


def with_group_members(ranked: tuple[Ranked, ...], names: NameIndex) -> tuple[Ranked, ...]:
    if not ranked:
        return ranked
    top = ranked[0]
    members = names.narrower[top.page]
    if not members or len(members) > limits.MAX_GROUP_MEMBERS or not (top.name_match and top.name_match.whole):
        return ranked
    wanted = set(members)
    listed = [item._replace(member_of=top.page) for item in ranked[1:] if item.page in wanted]
    missing = sorted(wanted - {item.page for item in listed}, key=lambda page: names.titles[page].casefold())
    listed += [Ranked(page, _member_evidence(page, names), None, None, 0.0, top.page) for page in missing]
    rest = [item for item in ranked[1:] if item.page not in wanted]
    return (top, *listed, *rest)


def _member_evidence(page: int, names: NameIndex) -> Evidence:
    """A type listed for its group alone: no word of the query matched it."""
    return Evidence(page, 0, bool(names.narrower[page]), 0, 0, MatchTier.TEXT, 0.0, 0, limits.NO_NAME_COST,
                    limits.NO_NAME_KIND_RANK, 0.0, limits.NO_NAME_LENGTH)
