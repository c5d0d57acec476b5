"""Anatomical sites, kinds of tumour and "malignant" words in four languages (indexer/data/sites.tsv).

    >>> lexicon = load_lexicon()
    >>> [(found.entry.category.value, found.entry.key) for found in lexicon.find("Bösartige Neubildung des Magens", lang=Lang.DE)]
    [('context', 'malignant'), ('kind', 'tumor'), ('site', 'stomach')]
    >>> page_sites(["Renal Cell Carcinoma", ("Nierenzellkarzinom", "de")], lexicon.words_with({}))
    ('kidney',)

A visitor or a classification names a cancer as kind + site ("tumeur maligne du rein", "Lebertumor",
"cancer of the kidney"). The lexicon finds those words in a text, phrases first ("bone marrow" before
"bone"), inflected forms through indexer.inflection ("Magens" -> "Magen") and a site inside a German or
Dutch compound through indexer.compounds ("Nieren|zell|karzinom"). `page_sites` derives the sites a page
is about from its names. Words are compared as the analysis chain reads them (folded, respelled, stemmed),
so "tumours" meets "tumour" and "Gebarmutter" meets "Gebärmutter".

Some words mean a site in one language and something else in another (French "rate" is the spleen, Dutch
"long" the lung, French "sein" the breast): `find` with the text's language looks in that language only;
with `lang=None` (a query of unknown language) every language is searched, a filler word alone is not
read as a site ("survival rate"), and each found entry says its language, for the caller to weigh.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Container, Iterable, Mapping
from itertools import accumulate, product
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from indexer.analysis import Token, analyze, light_stem
from indexer.compounds import split_compound
from indexer.inflection import Vocabulary, frequency_of, singular
from indexer.languages import Lang

LEXICON_FILE = "sites.tsv"
COLUMNS = ("category", "key", "lang", "form", "words")
# Last parts that make a compound a tumour's name, besides the kind words: "-om" (German Lymphom, Gliom),
# "-oom" (Dutch lymfoom), "-oma"/"-ome": a site found in "Hirnstammgliom" counts, one in "Blasenmole" (a
# hydatidiform mole, not the bladder) does not.
TUMOUR_NAME_ENDINGS = ("om", "oma", "ome")


class Category(StrEnum):
    SITE = "site"          # where in the body: kidney, Niere, rein
    KIND = "kind"          # what sort of growth: carcinoma, Neubildung, gezwel
    CONTEXT = "context"    # says more about a tumour but names no page by itself: malignant, bösartig


class Form(StrEnum):
    NOUN = "noun"
    ADJECTIVE = "adjective"
    COMBINING = "combining"  # only at the start of a compound: "Hirn-" in "Hirntumor"


class LexiconError(ValueError):
    """A line of the lexicon file that cannot be read: the message is `FILE:LINE: reason`."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One word of the lexicon: `text` as written, `terms` as the analysis chain reads it."""

    category: Category
    key: str
    lang: Lang
    form: Form
    text: str
    terms: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Found:
    """An entry found in a text, over the tokens at positions [start, end); `compound` is the compound word
    it was found inside ("nierenzellkarzinom"), or ""."""

    entry: Entry
    start: int
    end: int
    compound: str = ""


def parse_lexicon(text: str, *, file: str) -> tuple[list[Entry], list[LexiconError]]:
    """Every entry of the lexicon text, and an error for each line that is not one (the others are kept)."""
    entries, errors = [], []
    for number, row in enumerate(text.splitlines(), start=1):
        if not row.strip() or row.startswith("#"):
            continue
        try:
            entries.extend(_entries_of(row, where=f"{file}:{number}", number=number))
        except LexiconError as error:
            errors.append(error)
    return entries, errors


def _entries_of(row: str, *, where: str, number: int) -> list[Entry]:
    cells = row.split("\t")
    if len(cells) != len(COLUMNS):
        raise LexiconError(f"{where}: expected {len(COLUMNS)} tab-separated columns "
                           f"({', '.join(COLUMNS)}), found {len(cells)}")
    category, key, lang, form, words = (cell.strip() for cell in cells)
    try:
        category, lang, form = Category(category), Lang(lang), Form(form)
    except ValueError as error:
        raise LexiconError(f"{where}: {error} (category: {', '.join(Category)}; lang: {', '.join(Lang)}; "
                           f"form: {', '.join(Form)})") from None
    if not key:
        raise LexiconError(f"{where}: the key (the English word the row stands for) is empty")
    texts = [word.strip() for word in words.split(",")]
    if not all(texts):
        raise LexiconError(f"{where}: an empty word in {words!r} (words are separated by single commas)")
    entries = []
    for text in texts:
        terms = tuple(token.term for token in analyze(text))
        if not terms:
            raise LexiconError(f"{where}: {text!r} holds no word")
        entries.append(Entry(category, key, lang, form, text, terms, number))
    return entries


class Lexicon:
    """The entries, found by the terms they start with."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = tuple(entries)
        # first term -> entries starting with it, longest first (so "bone marrow" is tried before "bone")
        self._by_first_term: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for terms in _spellings(entry.text):
                self._by_first_term.setdefault(terms[0], []).append(_respelled(entry, terms))
        for held in self._by_first_term.values():
            held.sort(key=lambda entry: -len(entry.terms))
        # The folded words of every entry: words a compound's parts and a plural's singular may be.
        self.words = frozenset(token.word for entry in self.entries for token in analyze(entry.text))
        # The folded words of the kinds of tumour: a compound ending in one names a tumour ("Nierenkrebs").
        self.kind_words = frozenset(token.word for entry in self.entries if entry.category is Category.KIND
                                    for token in analyze(entry.text))

    def _words_of(self, lang: Lang) -> frozenset[str]:
        return frozenset(token.word for entry in self.entries if entry.lang is lang for token in analyze(entry.text))

    def keys(self, category: Category) -> frozenset[str]:
        return frozenset(entry.key for entry in self.entries if entry.category is category)

    def words_with(self, frequencies: Mapping[str, int], *, lang: Lang | None = None) -> dict[str, int]:
        """The vocabulary for splitting compounds and finding singulars: `frequencies` (the index's name
        words and how many names hold each), each lexicon word counted once more, and once for every name
        word it starts or ends ("kanker" ends "nierkanker", "leverkanker"...): German and Dutch write a site
        or a kind inside compounds far more often than alone, and Koehn and Knight count a word's
        frequency in a text whose compounds are split. With `lang`, only that language's lexicon words are
        added: a vocabulary of one language's names (a page name whose `lang` is known) finds singulars of
        that language ("sarcomen" is Dutch "sarcoom" + en, not French "sarcome" + n)."""
        merged = dict(frequencies)
        starting, ending = _AffixCounts(frequencies), _AffixCounts({held[::-1]: n for held, n in frequencies.items()})
        words = self.words if lang is None else self._words_of(lang)
        for word in words:
            held_alone = frequencies.get(word, 0)
            inside = starting.holding(word) + ending.holding(word[::-1]) - 2 * held_alone
            merged[word] = held_alone + 1 + inside
        return merged

    def find(self, text: str, *, lang: Lang | None = None, vocabulary: Vocabulary | None = None,
             whole_words: Container[str] = frozenset()) -> list[Found]:
        """The entries named in `text`, in text order, each place read once (the longest phrase wins).
        A word no entry holds is read as its singular, then as a compound of `vocabulary`'s words
        (default: the lexicon's own words), unless it is one of `whole_words` (words known as they stand,
        such as the words of an index's names: looking inside them costs a query more than the rest)."""
        known = frequency_of(vocabulary if vocabulary is not None else self.words_with({}))
        tokens = analyze(text)
        found: list[Found] = []
        position = 0
        while position < len(tokens):
            entry = self._entry_at(tokens, position, lang)
            if entry is not None:
                found.append(Found(entry, position, position + len(entry.terms)))
                position += len(entry.terms)
                continue
            if not tokens[position].stop and tokens[position].word not in whole_words:
                found.extend(self._inside_word(tokens[position], position, lang, known))
            position += 1
        return found

    def _entry_at(self, tokens: list[Token], position: int, lang: Lang | None) -> Entry | None:
        """The longest entry starting at `position`. A filler word alone names a site only in a text of the
        entry's language: "survival rate" is no French spleen, "cancer de la rate" is."""
        for term in tokens[position].terms():
            for entry in self._by_first_term.get(term, ()):
                if lang is not None and entry.lang is not lang:
                    continue
                if lang is None and len(entry.terms) == 1 and tokens[position].stop:
                    continue
                if _matches_at(entry.terms, tokens, position):
                    return entry
        return None

    def _inside_word(self, token: Token, position: int, lang: Lang | None, known) -> list[Found]:
        """An inflected form ("Magens"), or the parts of a compound ("Nieren|zell|karzinom")."""
        base = singular(token.word, lang, known)
        if base != token.word:
            entry = self._entry_at(analyze(base), 0, lang)
            if entry is not None and len(entry.terms) == 1:
                return [Found(entry, position, position + 1)]
        split = split_compound(token.word, known, lang=lang, whole_competes=False, units=self.words)
        if split is None:
            return []
        found = []
        for part in split.parts:
            entry = self._entry_at(analyze(part.word), 0, lang)
            if entry is not None and len(entry.terms) == 1:
                found.append(Found(entry, position, position + 1, compound=token.word))
        return found


class _AffixCounts:
    """How many times the words of a vocabulary start with a given text, found by bisection over the sorted
    words rather than a scan: an ontology's vocabulary holds a hundred thousand words."""

    def __init__(self, frequencies: Mapping[str, int]):
        self.words = sorted(frequencies)
        self.running = list(accumulate((frequencies[word] for word in self.words), initial=0))

    def holding(self, prefix: str) -> int:
        first = bisect_left(self.words, prefix)
        last = bisect_left(self.words, prefix + "\U0010ffff", lo=first)
        return self.running[last] - self.running[first]


def _spellings(text: str) -> list[tuple[str, ...]]:
    """Every reading of an entry's words ("Gebärmutter" as "gebarmutter" and as "gebaermutter", respelled
    as the chain does), and for a phrase of two words also the two written as one: "gastro-intestinal"
    meets "gastrointestinal", as the analysis chain's compound joins let names meet."""
    tokens = analyze(text)
    readings = list(dict.fromkeys(product(*(token.terms() for token in tokens))))
    if len(tokens) == 2:
        readings.append((light_stem(tokens[0].word + tokens[1].word),))
    return readings


def _respelled(entry: Entry, terms: tuple[str, ...]) -> Entry:
    if terms == entry.terms:
        return entry
    return Entry(entry.category, entry.key, entry.lang, entry.form, entry.text, terms, entry.line)


def _matches_at(terms: tuple[str, ...], tokens: list[Token], position: int) -> bool:
    if position + len(terms) > len(tokens):
        return False
    return all(term in tokens[position + offset].terms() for offset, term in enumerate(terms))


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The lexicon of `path`, by default the bundled indexer/data/sites.tsv. Raises LexiconError naming
    every bad line (FILE:LINE: reason, one per line of the message)."""
    if path is None:
        return _bundled_lexicon()
    return _lexicon_of(Path(path).read_text(encoding="utf-8"), file=str(path))


@lru_cache(maxsize=1)
def _bundled_lexicon() -> Lexicon:
    text = files("indexer").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
    return _lexicon_of(text, file=f"indexer/data/{LEXICON_FILE}")


def _lexicon_of(text: str, *, file: str) -> Lexicon:
    entries, errors = parse_lexicon(text, file=file)
    if errors:
        raise LexiconError("\n".join(str(error) for error in errors))
    return Lexicon(entries)


def page_sites(names: Iterable[str | tuple[str, str | None]], vocabulary: Vocabulary, *,
               lexicon: Lexicon | None = None) -> tuple[str, ...]:
    """The sites a page is about, as English keys in the order its names first name them: each name is
    a text (English) or a (text, lang) pair, as a page's title and `names` give them; `vocabulary` is the
    index's name words with the lexicon's (`Lexicon.words_with`). A site inside a compound counts when the
    compound names a tumour ("Hirnstammgliom", "Nierenkrebs"), not in any compound ("Blasenmole")."""
    lexicon = lexicon or load_lexicon()
    sites: dict[str, None] = {}
    for name in names:
        text, code = (name, None) if isinstance(name, str) else name
        lang = Lang.of(code)
        for found in lexicon.find(text, lang=lang, vocabulary=vocabulary):
            if found.entry.category is not Category.SITE:
                continue
            if found.compound and not _names_a_tumour(found.compound, vocabulary, lang, lexicon):
                continue
            sites[found.entry.key] = None
    return tuple(sites)


def _names_a_tumour(compound: str, vocabulary: Vocabulary, lang: Lang | None, lexicon: Lexicon) -> bool:
    split = split_compound(compound, vocabulary, lang=lang, whole_competes=False, units=lexicon.words)
    head = split.parts[-1].word if split else compound
    return head in lexicon.kind_words or head.endswith(TUMOUR_NAME_ENDINGS)
