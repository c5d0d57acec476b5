"""Plural and inflected forms of French, Dutch and German words meet their singular.

    >>> known = {"tumor", "niere", "gezwel", "carcinoom", "tumeur", "magen"}.__contains__
    >>> [singular(word, Lang.NL, known) for word in ("tumoren", "gezwellen", "carcinomen")]
    ['tumor', 'gezwel', 'carcinoom']
    >>> [singular(word, Lang.DE, known) for word in ("nieren", "magens", "magen")]
    ['niere', 'magen', 'magen']
    >>> singular("tumeurs", None, known)
    'tumeur'

An ending (indexer.languages.INFLECTION_ENDINGS) is taken off only when what is left is a word the caller
knows: the words of the index's names and of the site and kind vocabulary. Without a dictionary, no rule
over letters tells the singular "Magen" (stomach) from the plural "Nieren" (kidneys); the vocabulary does.
Words are folded words (indexer.analysis: lower case, accents and umlauts folded), as the vocabulary holds
them. English is left to indexer.analysis.light_stem.

Why not a Snowball stemmer (PyStemmer): measured on the pairs of tests/indexer/test_inflection.py, it
maps a word and its plural apart where these rules meet them ("Krebs"/"Krebses", "cancer"/"cancers",
"tumor"/"tumoren" in Dutch), and it cuts words no vocabulary holds ("gezwel" -> "zwel", "Magens" -> "mag").
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from indexer.languages import INFLECTION_ENDINGS, Lang

# The vocabulary a caller passes: each folded word and how often the index's names hold it, as a mapping
# or a function (0 for a word it does not hold).
Vocabulary = Mapping[str, int] | Callable[[str], int]

# A singular shorter than this is never read out of a longer word: "ores" is not "or" + es.
MIN_BASE_LENGTH = 3
VOWELS = frozenset("aeiouy")
# Each step takes one ending off a known word; a word of mixed-language vocabulary needs two at most
# ("Magens" -> "Magen" -> Dutch "maag"), and a third step only confirms that nothing changes.
MAX_STEPS = 3
# Languages tried, in turn, for a word of unknown language (a query): German and Dutch inflect most.
INFLECTING_LANGUAGES = (Lang.DE, Lang.NL, Lang.FR)


def frequency_of(vocabulary: Vocabulary) -> Callable[[str], int]:
    """The vocabulary as a function from a word to its frequency (0 when it is not held)."""
    if callable(vocabulary):
        return vocabulary
    return lambda word: vocabulary.get(word, 0)


def base_forms(word: str, lang: Lang) -> tuple[str, ...]:
    """The words `word` may be an inflected form of, most likely first, `word` itself not included:
    ("gezwellen", NL) -> (..., "gezwell", "gezwel"); ("renaux", FR) -> ("renal", ...)."""
    forms = []
    if lang is Lang.FR and word.endswith("aux"):
        forms.append(word[:-3] + "al")                 # rénaux -> rénal, cérébraux -> cérébral
    for ending in INFLECTION_ENDINGS[lang]:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_BASE_LENGTH:
            base = word[: -len(ending)]
            forms.append(base)
            if lang is Lang.NL:
                forms.extend(_dutch_spellings(base))
    return tuple(dict.fromkeys(form for form in forms if form != word))


def _dutch_spellings(base: str) -> Iterator[str]:
    """A Dutch plural doubles the consonant after a short vowel ("gezwel" -> "gezwellen") and writes a long
    vowel once in an open syllable ("carcinoom" -> "carcinomen"): the singular undoes either."""
    if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in VOWELS:
        yield base[:-1]
    elif len(base) >= 3 and base[-1] not in VOWELS and base[-2] in "aeou" and base[-3] not in VOWELS:
        yield base[:-1] + base[-2] + base[-1]


def singular(word: str, lang: Lang | None, vocabulary: Vocabulary) -> str:
    """The known word `word` is a plural or inflected form of in `lang`, else `word` itself. With `lang`
    None (a query's words), German, Dutch and French are tried in turn: ("tumoren", None) -> "tumor".

    Repeated until nothing changes, so that a word and its singular end at the same word even when the
    vocabulary mixes languages: "carcinomes" -> "carcinome" -> "carcinoom", as "carcinome" itself does."""
    frequency = frequency_of(vocabulary)
    for _ in range(MAX_STEPS):
        base = _one_step(word, lang, frequency)
        if base == word:
            break
        word = base
    return word


def _one_step(word: str, lang: Lang | None, frequency: Callable[[str], int]) -> str:
    if lang is Lang.EN:
        return word
    for language in (INFLECTING_LANGUAGES if lang is None else (lang,)):
        forms = base_forms(word, language)
        # Of the forms known, the most frequent ("carcinomen" is Dutch "carcinoom" + en, more often met
        # than the French "carcinome" + n), the first on a tie.
        best = max(range(len(forms)), key=lambda order: (frequency(forms[order]), -order), default=None)
        if best is not None and frequency(forms[best]) > 0:
            return forms[best]
    return word
