"""The values that flow between the stages of the query pipeline: frozen, so no stage changes what it was given.

    ParsedQuery (normalise) -> Units (expand, correct, sound) -> WordWeights (weigh)
      -> NameMatch per page (names) -> TextMatch per page (text) -> Ranked (rank) -> Hit (explain)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from indexer.analysis import Change
from search.kinds import MatchTier, UnitKind


@dataclass(frozen=True, slots=True)
class QueryWord:
    position: int
    surface: str  # as typed
    word: str  # folded (case, accents), cut to limits.MAX_WORD_CHARS
    terms: tuple[str, ...]  # its index terms
    acronym: bool
    stop: bool  # a filler word
    compound: str = ""  # the compound typed, when this word is one of its parts ("Nierenzelltumoren")
    reading: str = ""  # ... and how the compound was read ("nieren · zell · tumoren")
    changes: frozenset[Change] = frozenset()  # the analysis steps that changed it (indexer.analysis.Token)

    @property
    def context_only(self) -> bool:
        """A number ("stage 3", "15-3", "5 year old") or a lone letter typed in lower case ("fera-t-il"): it
        refines a match ("grade 3", "b-cell lymphoma") but never names a page by itself. A capital letter
        may ("Q fever")."""
        return self.word.isdigit() or (len(self.word) == 1 and self.surface.islower())


@dataclass(frozen=True, slots=True)
class Join:
    """Two neighbouring query words read as one (a compound), at `position` and the next."""

    position: int
    term: str
    surface: str


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: tuple[QueryWord, ...]
    joins: tuple[Join, ...]
    content: frozenset[int]  # positions a full match must cover
    prefix_position: int | None  # the last word, when it may be a word still being typed
    acronym_only: bool = False  # a lone filler word ("all"): it may only be an acronym

    @property
    def empty(self) -> bool:
        return not self.content

    def surfaces(self, positions) -> str:
        """The words typed at `positions`, in query order."""
        return " ".join(word.surface for word in self.words if word.position in positions)


@dataclass(frozen=True, slots=True)
class Unit:
    """One way to match query words: the name terms it looks for (a phrase), and at what cost."""

    positions: frozenset[int]
    terms: tuple[str, ...]
    kind: UnitKind
    cost: float
    typed: str
    found: str = ""  # the vocabulary word or phrase it stands for, for corrections and synonyms
    lang: str | None = None  # the language of the typed word, when a site or kind word says it
    # What was typed, compared with a name's words: case and the spaces between words aside (computed once:
    # it is read for every name the unit stands in).
    typed_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "typed_key", " ".join(self.typed.casefold().split()))


class Placement(NamedTuple):
    """A unit placed in a name: at which word of the name, over how many words."""

    unit: Unit
    position: int
    span: int


class NameMatch(NamedTuple):
    """How a page's best name matched (search.stages.match_names). These per-page records are named tuples,
    not frozen dataclasses: a query makes hundreds, and a frozen dataclass sets each field by a call."""

    name: int  # index into NameIndex.names
    covered: frozenset[int]  # query positions matched
    name_positions: frozenset[int]
    placements: tuple[Placement, ...]
    tier: MatchTier
    completeness: float  # share of the name's content words matched
    cost: float
    # How surely the query names the page, over all its names matched (search.stages.match_names.naming):
    # the query words a name covers, less one for a name found only in part, less one for a name that is
    # not the page's own (a narrower term, a broad word).
    named: int = 0
    # Some own name of the page stands whole in the query, typed as written (an acronym in capitals), not
    # only guessed: the page is a match whatever the query's other words weigh.
    whole: bool = False


class TextMatch(NamedTuple):
    page: int
    covered: frozenset[int]  # query positions whose terms the page's text holds
    score: float  # the text index's relevance score


class Evidence(NamedTuple):
    """Everything the ranking rules know of one page for one query (search/stages/rank.py)."""

    page: int
    named: int  # how surely the query names the page (NameMatch.named)
    # The page stands for a group of conditions (it has narrower pages), and the name that found it is not all
    # of the query.
    overview: bool
    words: int  # query words matched anywhere on the page
    name_words: int  # query content words matched by the page's best name
    tier: MatchTier
    completeness: float  # share of the best name's content words matched
    fillers: int  # filler words of the query the name holds too
    cost: float  # edit cost of the name match
    name_kind_rank: int  # title < other names < related
    text_score: float
    name_length: int  # words of the best name


class Ranked(NamedTuple):
    page: int
    evidence: Evidence
    name_match: NameMatch | None
    text_match: TextMatch | None
    coverage: float  # share of the query's weight matched
    member_of: int | None = None  # the overview page (of a broad query) it is listed under as a type

    @property
    def tier(self) -> MatchTier:
        return self.evidence.tier
