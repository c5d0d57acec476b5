"""The query pipeline: `run` names every stage in order (each one a module of search/stages/).

    normalise -> decompound -> focus -> sites and kinds -> expand (the words, compounds, synonyms)
      -> correct (typos, prefixes) -> sound (phonetic) -> weigh -> match names -> match text -> rank -> groups
                                                               (explain: search/stages/explain.py, per hit)

A *unit* is one way of matching some query words: the words themselves, a compound of two, a synonym
phrase, a corrected spelling, a completion, a sound-alike. Units are matched against page names phrase by
phrase; each name keeps the best non-overlapping set of units. Pages are ranked by the ordered rules of
`search.stages.rank.RANKING_RULES`.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from indexer.sites import Lexicon
from search import limits
from search.names import NameIndex
from search.query import ParsedQuery, Ranked
from search.stages.correct import correct
from search.stages.decompound import decompound
from search.stages.expand import SynonymTable, expand
from search.stages.groups import with_group_members
from search.stages.focus import focus
from search.stages.match_names import match_names, match_pages
from search.stages.match_text import match_text, text_share
from search.stages.normalise import as_typed_so_far, complete_words_only, normalise
from search.stages.rank import rank
from search.stages.sites import sites_and_kinds
from search.stages.sound import sound
from search.stages.weigh import word_weights
from search.textindex import TextIndex


class Mode(Enum):
    SEARCH = "search"  # a submitted query: names, then page text
    SUGGEST = "suggest"  # completions while typing: names only, the last word always a prefix


@dataclass(frozen=True)
class QueryIndex:
    """What a query reads of one index generation."""

    names: NameIndex
    synonyms: SynonymTable
    text: TextIndex
    lexicon: Lexicon  # sites and kinds of tumour in four languages
    english_forms: dict  # (category, key) -> English (terms, text): search.stages.sites.english_forms
    vocabulary: dict  # word -> frequency: the names' words and the lexicon's, for compounds and singulars


class Outcome(NamedTuple):
    query: ParsedQuery  # as read
    ranked: tuple[Ranked, ...]  # every page found, in rank order (those under the confidence floor left out)
    capped: bool = False  # a cap on the work left pages unscored: `ranked` is the best of a bounded search


def run(text: str, index: QueryIndex, *, mode: Mode) -> Outcome:
    """The pages a query finds. They depend on the query and the index only, never on how many are shown."""
    query = normalise(text)
    if mode is Mode.SUGGEST:
        query = as_typed_so_far(query)
    if query.empty:
        return Outcome(query, ())
    names = index.names
    if mode is Mode.SEARCH:
        query = decompound(query, names, index.vocabulary, index.lexicon.words)
    query = focus(query, names)
    query, site_units = sites_and_kinds(query, index.lexicon, index.english_forms, index.vocabulary,
                                        names.word_frequency)
    if query.empty:
        return Outcome(query, ())
    units = expand(query, index.synonyms) + site_units
    if mode is Mode.SEARCH:
        query = complete_words_only(query, names.has_term)
    corrections = correct(query, names)
    units += corrections + sound(query, names, corrections)
    searching_text = mode is Mode.SEARCH
    weights = word_weights(query, names, units, text_share(index.text) if searching_text else None)
    most = limits.MAX_NAMES_SCORED if searching_text else limits.MAX_SUGGEST_NAMES_SCORED
    name_matches = match_names(query, units, names, weights, most=most)
    text_matches = {}
    if searching_text:
        # The text is searched only when names leave something to find: a query word no name matched
        # (any of its words), or fewer than TEXT_FILL_BELOW pages (pages holding all of them).
        if not any(match.covered >= query.content for match in name_matches.values()):
            text_matches = match_text(query, index.text, every_word=False)
        elif len(name_matches) < limits.TEXT_FILL_BELOW:
            text_matches = match_text(query, index.text, every_word=True)
        capped = name_matches.capped or len(text_matches) >= limits.MAX_TEXT_HITS
        name_matches = match_pages(text_matches, query, units, names, name_matches)
        ranked = rank(query, name_matches, text_matches, names, weights)
        return Outcome(query, with_group_members(ranked, names), capped)
    return Outcome(query, rank(query, name_matches, text_matches, names, weights), name_matches.capped)
