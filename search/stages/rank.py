"""Stage 8, rank: each page's evidence, the pages under the confidence floor dropped, the rest ordered by
`RANKING_RULES` — an ordered list of rules, as Meilisearch's milli lists its ranking rules: the first rule
that tells two pages apart decides their order, and `deciding_rule` says which one did.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from search import limits
from search.kinds import MatchTier
from search.names import NameIndex
from search.query import Evidence, NameMatch, ParsedQuery, Ranked, TextMatch
from search.stages.weigh import WordWeights


@dataclass(frozen=True)
class RankingRule:
    id: str
    key: Callable[[Evidence], Any]  # smaller ranks first
    why: str


RANKING_RULES: tuple[RankingRule, ...] = (
    # A name found whole in the query names the page: a page's text that merely mentions the question's other
    # words ("survival", "pregnancy") does not rise above it. A name found in part counts as one word less,
    # so a longer name missing one mistyped word still ranks with a shorter name found whole.
    RankingRule("named", lambda e: -e.named, "the query names it more surely: a longer name of it found whole "
                                             "(a word less when found in part, or not its own name)"),
    RankingRule("words", lambda e: -e.words, "more of the query's words matched anywhere on the page"),
    RankingRule("name_words", lambda e: -e.name_words, "more of the query's words matched by one name"),
    RankingRule("tier", lambda e: e.tier, "a better kind of match: exact > variant > synonym > typo > "
                                          "phonetic > text"),
    RankingRule("completeness", lambda e: -e.completeness, "more of the matched name typed"),
    RankingRule("fillers", lambda e: -e.fillers, "the query's filler words found in the name too"),
    RankingRule("closeness", lambda e: e.cost, "fewer and cheaper edits"),
    # Where a group's overview page and one of its conditions are named as surely ("leukemia apl"), the
    # condition: the visitor named it.
    RankingRule("specific", lambda e: e.overview, "a condition before the overview of a group"),
    RankingRule("name_kind", lambda e: e.name_kind_rank, "the title before other names, related terms last"),
    RankingRule("text", lambda e: -e.text_score, "the page's text more relevant"),
    RankingRule("name_length", lambda e: e.name_length, "a shorter name"),
    RankingRule("page_order", lambda e: e.page, "the page's place in the index (a stable tie-break)"),
)


_RULE_KEYS = tuple(rule.key for rule in RANKING_RULES)


def rank_key(evidence: Evidence) -> tuple:
    return tuple([key(evidence) for key in _RULE_KEYS])


def deciding_rule(higher: Evidence, lower: Evidence) -> RankingRule:
    """The first rule that puts `higher` before `lower`."""
    for rule in RANKING_RULES:
        if rule.key(higher) != rule.key(lower):
            return rule
    return RANKING_RULES[-1]


def evidence(page: int, query: ParsedQuery, name_match: NameMatch | None, text_match: TextMatch | None,
             names: NameIndex, by_name: frozenset[int], words: int) -> Evidence:
    if name_match is None:
        return Evidence(page, 0, bool(names.narrower[page]), words, 0, MatchTier.TEXT, 0.0, 0, limits.NO_NAME_COST, limits.NO_NAME_KIND_RANK,
                        text_match.score if text_match else 0.0, limits.NO_NAME_LENGTH)
    name = names.names[name_match.name]
    # An overview yields to one of the conditions only where the query holds more than the name that found
    # the overview ("leukemia apl"): named by all the query, it is what was asked ("choroid plexus cancer").
    overview = bool(names.narrower[page]) and not query.content <= name_match.covered
    return Evidence(page, name_match.named, overview, words, len(by_name), name_match.tier if by_name else MatchTier.TEXT,
                    name_match.completeness, len(name_match.covered - query.content), name_match.cost,
                    name.kind_rank, text_match.score if text_match else 0.0, len(name.words))


def rank(query: ParsedQuery, name_matches: dict[int, NameMatch], text_matches: dict[int, TextMatch],
         names: NameIndex, weights: WordWeights) -> tuple[Ranked, ...]:
    """The pages matching at least MIN_QUERY_COVERAGE of the query's weight, or holding a name found whole
    in it, in the order of the rules."""
    total_weight = sum(weights.values())
    context_only = frozenset(word.position for word in query.words if word.context_only)
    ranked = []
    for page in name_matches.keys() | text_matches.keys():
        name_match, text_match = name_matches.get(page), text_matches.get(page)
        by_name = name_match.covered & query.content if name_match else frozenset()
        by_text = text_match.covered if text_match else frozenset()
        words = len(by_name | by_text)
        coverage = sum(weights.get(p, 0.0) for p in by_name | by_text) / total_weight if total_weight else 0.0
        # A page one of whose names the query holds whole is a match whatever the query's other words weigh:
        # a question's words around the condition it names do not push that page under the floor.
        if words == 0 or (coverage < limits.MIN_QUERY_COVERAGE and not (name_match and name_match.whole)):
            continue
        if (by_name | by_text) <= context_only:  # "stage 3" alone is not the name "LAM 3"
            continue
        ranked.append(Ranked(page, evidence(page, query, name_match, text_match, names, by_name, words),
                             name_match, text_match, coverage))
    ranked.sort(key=lambda r: rank_key(r.evidence))
    return tuple(ranked)


def score_of(ranked: Ranked) -> float:
    """A relevance figure for display, in [0, 1]: coverage, lowered by tier and for partial names."""
    completeness = ranked.name_match.completeness if ranked.name_match else limits.NO_NAME_COMPLETENESS
    tier_factor = 1.0 - limits.SCORE_TIER_STEP * (int(ranked.tier) - 1)
    return round(ranked.coverage * tier_factor * (limits.SCORE_BASE + limits.SCORE_COMPLETENESS_SHARE * completeness), 4)
