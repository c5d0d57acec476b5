"""The kinds the query path works with, as enums that carry their properties.

- `MatchTier`: how a page matched, best first (the `match` field of the public JSON).
- `UnitKind`: how a *unit* (one way of matching some query words) was made, and so its tier and whether it
  changed what was typed.
- `ReasonKind`: one step of the explanation of a hit; every kind has a wording in every interface language
  (search/wording.py, checked by a test).
- `NameKind`: the kinds of page names (the page model's `kind`, plus the title), and how much each counts.

Every other module reads these properties instead of restating sets of strings.
"""
from __future__ import annotations

from enum import IntEnum, StrEnum


class MatchTier(IntEnum):
    """How a page matched, best first; a lower value always ranks higher."""

    EXACT = 1  # the query is one of the page's names, as written
    VARIANT = 2  # the same name in another spelling: British/American, accents, compounds
    SYNONYM = 3  # reached through a general equivalence of synonyms.txt
    TYPO = 4  # a corrected misspelling, or a word still being typed (prefix)
    PHONETIC = 5  # a misspelling that sounds like the name
    TEXT = 6  # the words occur only in the page's text

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def is_correction(self) -> bool:
        """The best match changed what was typed (a typo or a sound-alike): "did you mean" is offered."""
        return self in (MatchTier.TYPO, MatchTier.PHONETIC)


class UnitKind(StrEnum):
    """How a unit was made from the query."""

    OPTIONAL = "optional"  # a filler word of the query ("of", "what is"): it only refines a match
    EXACT = "exact"  # a word as typed (its analysed terms)
    JOIN = "join"  # two neighbouring words written as one ("gall bladder" -> "gallbladder")
    SYNONYM = "synonym"  # a phrase synonyms.txt makes equal to typed words
    TYPO = "typo"  # a vocabulary word one or two edits from a typed word
    PREFIX = "prefix"  # a vocabulary word the last typed word starts (search as you type)
    PHONETIC = "phonetic"  # a vocabulary word that sounds like a typed word
    SITE = "site"  # an English word for the part of the body a typed word names ("Magens" -> stomach)
    KIND = "kind"  # an English word for the kind of tumour a typed word names ("Neubildung" -> cancer)

    @property
    def tier(self) -> MatchTier:
        return _UNIT_TIERS[self]

    @property
    def is_fuzzy(self) -> bool:
        """Reached by guessing what was meant (a typo, a completion, a sound): such a unit weighs less, is
        never applied to a short acronym, and ranks after the words as typed."""
        return self in _FUZZY_UNITS

    @property
    def is_correction(self) -> bool:
        """It replaced a word the visitor typed with another: the query is shown corrected ("did you mean")."""
        return self in (UnitKind.TYPO, UnitKind.PHONETIC)


_UNIT_TIERS = {UnitKind.OPTIONAL: MatchTier.EXACT, UnitKind.EXACT: MatchTier.EXACT, UnitKind.JOIN: MatchTier.EXACT,
               UnitKind.SYNONYM: MatchTier.SYNONYM, UnitKind.TYPO: MatchTier.TYPO, UnitKind.PREFIX: MatchTier.TYPO,
               UnitKind.PHONETIC: MatchTier.PHONETIC, UnitKind.SITE: MatchTier.SYNONYM,
               UnitKind.KIND: MatchTier.SYNONYM}
_FUZZY_UNITS = frozenset({UnitKind.TYPO, UnitKind.PREFIX, UnitKind.PHONETIC})


class NameKind(StrEnum):
    """The kinds of a page's names (corpus.page's kinds, plus the title itself)."""

    TITLE = "title"
    SYNONYM = "synonym"
    ACRONYM = "acronym"
    VARIANT = "variant"
    LAY = "lay"
    RELATED = "related"
    NARROWER = "narrower"  # a name of a kind of the page's condition (from an ontology's narrower terms)

    @property
    def rank(self) -> int:
        """How much less the name counts than the title when two matches are otherwise equal."""
        return _NAME_RANKS[self]


_NAME_RANKS = {NameKind.TITLE: 0, NameKind.SYNONYM: 1, NameKind.ACRONYM: 1, NameKind.VARIANT: 1, NameKind.LAY: 1,
               NameKind.RELATED: 2, NameKind.NARROWER: 2}


def name_kind_rank(kind: str) -> int:
    """The rank of a stored name kind; a kind this version does not know counts as a synonym."""
    try:
        return NameKind(kind).rank
    except ValueError:
        return NameKind.SYNONYM.rank


class ReasonKind(StrEnum):
    """One step of how a page matched."""

    TITLE = "title"  # the query is the page's title
    WORDS = "words"  # the query's words are part of the title
    NAME = "name"  # another name of the page (Reason.name_kind says which kind)
    TRANSLATION = "translation"  # a name of the page in another language (Reason.lang)
    BRITISH = "british"  # the visitor wrote the British spelling of the name's American one
    AMERICAN = "american"  # the visitor wrote the American spelling of the name's British one
    ACCENT = "accent"  # the visitor wrote without the accents the name has
    ACCENTED = "accented"  # the visitor wrote accents the name has not
    COMPOUND = "compound"  # written joined, apart, or divided elsewhere
    FORM = "form"  # another grammatical form
    SYNONYM = "synonym"  # a general equivalence of synonyms.txt
    TYPO = "typo"  # a corrected misspelling
    PREFIX = "prefix"  # a word still being typed
    PHONETIC = "phonetic"  # sounds alike
    TEXT = "text"  # found in the page's text
    SITE = "site"  # a word for the same part of the body (Reason.lang: the typed word's language)
    KIND = "kind"  # a word for a tumour, as the name's word is
    DECOMPOUND = "decompound"  # a compound read as its parts ("Nierenzelltumoren" as "nieren · zell · tumoren")

    @property
    def is_correction(self) -> bool:
        """The engine changed a word the visitor typed (the page says "showing results for ...")."""
        return self in (ReasonKind.TYPO, ReasonKind.PHONETIC)

    @classmethod
    def for_unit(cls, unit_kind: UnitKind) -> "ReasonKind | None":
        """The reason a fuzzy or synonym unit gives by its kind alone; None for the words as typed, whose
        reason depends on how the name writes them."""
        return _UNIT_REASONS.get(unit_kind)


_UNIT_REASONS = {UnitKind.TYPO: ReasonKind.TYPO, UnitKind.PREFIX: ReasonKind.PREFIX,
                 UnitKind.PHONETIC: ReasonKind.PHONETIC, UnitKind.SYNONYM: ReasonKind.SYNONYM,
                 UnitKind.SITE: ReasonKind.SITE, UnitKind.KIND: ReasonKind.KIND}
