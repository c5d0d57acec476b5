"""German and Dutch compounds split into the parts a vocabulary holds.

    >>> vocabulary = {"niere": 3, "zell": 9, "tumor": 20, "eierstock": 1, "eier": 5, "stock": 5}
    >>> split_compound("nierenzelltumoren", vocabulary, lang=Lang.DE).readings
    ('nierenzelltumoren', 'niere', 'zell', 'tumor')
    >>> split_compound("eierstocktumor", vocabulary, lang=Lang.DE).readings
    ('eierstocktumor', 'eierstock', 'tumor')

A compound is read as parts, each a word of the vocabulary: a part but the last may be followed by a
linking element of its language ("Niere|n|zell"), and the last part may carry a plural or case ending
("-tumoren", "-gezwellen", "-karzinome": see indexer.inflection). Of every way to read a word, the one
with the highest geometric mean of its parts' frequencies wins (Koehn and Knight 2003, "Empirical methods
for compound splitting"), the unsplit word competing with its own frequency, as Koehn and Knight do.

What others taught us:
- Lucene's DictionaryCompoundWordTokenFilter and HyphenationCompoundWordTokenFilter emit every
  dictionary word found inside a compound, overlapping ones included; their users asked for
  onlyLongestMatch, then noSubMatches ("Eierstock" must not also give "Eier" and "Stock"; LUCENE-8183).
  Here a reading is one sequence of parts, and two neighbouring parts that the vocabulary knows as one word
  are that word: "Eierstock|tumor", never "Eier|stock|tumor".
- Meilisearch's charabia split German words into fragments of two letters ("Feuchteschutz" -> "Fe" "uc" ...)
  until it forbade such splits: no part here is shorter than MIN_PART_LENGTH, and a linking element is never
  a part of its own ("sporthalle" is not "sport" "hall" "e").
- Algolia's decompoundQuery matches the whole word as well as its parts: so does `Split.readings`, the
  whole word first, ranked above its parts.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass

from functools import lru_cache

from indexer.analysis import WORD_CACHE_SIZE, american_spelling, analyze
from indexer.inflection import Vocabulary, frequency_of, singular
from indexer.languages import LINKING_ELEMENTS, Lang

# No part of 1-2 letters: such parts are found inside almost any long word by chance (charabia's
# "Fe" "uc" "ht"), and no German or Dutch site or kind of tumour is that short.
MIN_PART_LENGTH = 3
# Two parts at least.
MIN_COMPOUND_LENGTH = 2 * MIN_PART_LENGTH
# "Nasen|neben|höhlen|krebs" has four; more parts are chance readings of a long word, and each part more
# multiplies the readings tried.
MAX_PARTS = 4


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a compound: `text` as it stands in the word, `word` the vocabulary word it is read as
    ("tumoren" -> "tumor"), `link` the linking element after it ("n" in "Nieren|zell"), or ""."""

    text: str
    word: str
    link: str = ""


@dataclass(frozen=True, slots=True)
class Split:
    """How a compound was read: its parts and the geometric mean of their frequencies."""

    word: str
    parts: tuple[Part, ...]
    score: float

    @property
    def readings(self) -> tuple[str, ...]:
        """The whole word first (a match of the whole ranks above a match of its parts), then each part's
        vocabulary word."""
        return (self.word, *(part.word for part in self.parts))

    def describe(self) -> str:
        """The reading as an explanation shows it: "nieren · zell · tumoren"."""
        return " · ".join(part.text + part.link for part in self.parts)


def split_compound(word: str, vocabulary: Vocabulary, *, lang: Lang | None = None,
                   whole_competes: bool = True, units: Container[str] = frozenset()) -> Split | None:
    """The best reading of `word` (a folded word, as indexer.analysis makes it) as two or more parts of
    `vocabulary`, or None when there is none. `lang` picks the linking elements and endings (German or
    Dutch); None tries both, as for a query's words.

    With `whole_competes` (Koehn and Knight), a word the vocabulary holds more often than its parts stays
    whole (None): "hautkrebs" is in more names than "haut" and "krebs" are. Without it, the best reading
    into parts is returned whenever there is one, for a page's name, whose whole word is kept as well:
    then a query for "Hauttumor" meets the name "Hautkrebs" by its part "haut".

    `units` are words never split, whatever their letters and frequencies: the organs and kinds of the
    site lexicon (indexer.sites.Lexicon.words), as Lucene's decompounders leave a dictionary word whole:
    "Gallenblase" is one organ, not "gall" + en + "blase"."""
    if len(word) < MIN_COMPOUND_LENGTH or word in units:
        return None
    frequency = frequency_of(vocabulary)
    languages = (Lang.DE, Lang.NL) if lang is None else (lang,)
    if not any(language in LINKING_ELEMENTS for language in languages):
        return None
    best: Split | None = None
    for parts in _readings(word, 0, frequency, languages, MAX_PARTS):
        if len(parts) < 2 or _joins_a_known_word(parts, frequency):
            continue
        score = math.prod(frequency(part.word) for part in parts) ** (1 / len(parts))
        if best is None or score > best.score:
            best = Split(word, tuple(parts), score)
    if best is None or (whole_competes and best.score <= frequency(word)):
        return None
    return best


def _readings(word: str, start: int, frequency: Callable[[str], int], languages: tuple[Lang, ...],
              parts_left: int) -> Iterable[list[Part]]:
    """Every reading of word[start:] as at most `parts_left` parts."""
    rest = word[start:]
    head = _head_word(rest, frequency, languages)
    if head is not None:
        yield [Part(rest, head)]
    if parts_left < 2:
        return
    links = _links(languages)
    for end in range(start + MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        text = word[start:end]
        for link in links:
            if not text.endswith(link):
                continue
            stem = text[: len(text) - len(link)] if link else text
            if len(stem) < MIN_PART_LENGTH:
                continue
            known = _respelled(stem)
            if frequency(known) <= 0:
                continue
            for tail in _readings(word, end, frequency, languages, parts_left - 1):
                yield [Part(stem, known, link), *tail]


def _head_word(text: str, frequency: Callable[[str], int], languages: tuple[Lang, ...]) -> str | None:
    """The vocabulary word the last part stands for: its singular ("tumoren" -> "tumor", "gezwellen" ->
    "gezwel"), else itself, so that a plural head meets the singular of a page's name."""
    if len(text) < MIN_PART_LENGTH:
        return None
    text = _respelled(text)
    for language in languages:
        base = singular(text, language, frequency)
        if base != text and len(base) >= MIN_PART_LENGTH:
            return base
    return text if frequency(text) > 0 else None


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _respelled(part: str) -> str:
    """A part as the analysis chain spells a whole word, so that it meets the vocabulary: the spelling rules
    run over whole words, and the "hypophyse" in "hypophysentumoren" is the vocabulary's "hypophyze"."""
    return american_spelling(part)


@lru_cache(maxsize=None)  # a few tuples of languages; asked at every letter of every word split
def _links(languages: tuple[Lang, ...]) -> tuple[str, ...]:
    """No linking element first, then the languages' elements, shortest first: of two equally good readings
    the one with the shorter link wins ("Niere|n|zell", not "Nier|en|zell")."""
    links = {link for lang in languages for link in LINKING_ELEMENTS.get(lang, ())}
    return ("", *sorted(links, key=lambda link: (len(link), link)))


def _joins_a_known_word(parts: list[Part], frequency: Callable[[str], int]) -> bool:
    """Whether two neighbouring parts together make one word of the vocabulary (Lucene's noSubMatches):
    "eier" + "stock" is the organ "eierstock", not eggs and a stick. The whole word competes apart."""
    if len(parts) < 3:
        return False
    return any(frequency(first.text + first.link + second.text) > 0
               or frequency(first.text + first.link + second.text + second.link) > 0
               for first, second in zip(parts, parts[1:]))


def name_word_frequencies(names: Iterable[str]) -> Counter[str]:
    """How many names hold each folded word (both readings of an umlaut): the vocabulary the index's
    names make, as search.names.NameIndex counts it, for a caller that has names and no index."""
    frequencies: Counter[str] = Counter()
    for name in names:
        for token in analyze(name):
            frequencies.update({token.word, *(word for word, _ in token.alternates)})
    return frequencies
