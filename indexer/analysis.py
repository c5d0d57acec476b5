"""The one analysis chain: pages are indexed and queries are read by the same steps, so they meet.

    >>> [t.term for t in analyze("Waldenström's macroglobulinaemia")]
    ['waldenstrom', 'macroglobulinem']

Each step is a small function over a list of tokens, with an example in its docstring; CHAIN lists them
in order with the modes each runs in (a page's text, a name, a name of kind acronym, a query), and
`analyze(text, mode=...)` runs them. Each token records which steps changed it (`Token.changes`: accents
folded, British spelling, stemmed, joined...), so an explanation reads the record instead of running the
steps again. The rules themselves are data in `indexer/data/` (spelling variants, stemming, filler
words, sound rules), so they can be read and tested apart from the code. One pattern tells acronyms
(ACRONYM_PATTERN) and one rule joins two words (`compound_of`), for pages and queries alike. The module
is longer than most (about 470 lines) because it is the one place that holds every step of the chain and
the rules they read, as the style guide asks: split, the steps would have to reach back into each other. An index built by another analysis version is rebuilt: the version names the code's revision
(bump CHAIN_REVISION when a step changes) and a digest of the rule files, so editing a rule is enough.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib.metadata import version
from importlib.resources import files
from typing import NamedTuple

import jellyfish

# 2: invisible format characters (zero-width space, soft hyphen...) no longer split a word.
# 3: the index stores each summary's analysed words (indexer.build.summary_record); names and titles are no
#    longer Whoosh fields. 4: the summaries' words are a column, apart from the stored record. 5: possessives
#    are found in the NFC text the words were read from. 6: French, Dutch and German function words of the
#    stop-words package are filler words; filler phrases ("how long").
CHAIN_REVISION = "6"
RULE_FILES = ("spelling-variants.tsv", "stemming.tsv", "stopwords.txt", "sound-rules.tsv")
# French, Dutch and German function words come from the stop-words package (the Snowball project's lists);
# its English list is not used: it holds a thousand words, among them "small", "large", "clear", "early",
# "non" and single letters, which tell disease names apart ("small cell", "clear cell", "B-cell").
FUNCTION_WORD_LANGUAGES = ("fr", "nl", "de")
# A line of stopwords.txt starting with this lists words the package's lists hold that are never filler.
KEEP_PREFIX = "keep:"
# A line starting with this is a phrase whose words are filler together, not alone: "how long" ("long QT
# syndrome" keeps its "long").
PHRASE_PREFIX = "phrase:"

# Letters a German writer may spell with a following e (ö = oe). Both readings are kept at one position.
UMLAUT_SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue"}
# Letters that do not decompose into a base letter and a combining mark.
LIGATURES = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i"}

# Readings of words met lately, kept so that a word read again (in a build's texts, in queries) is not
# re-analysed. Bounded low: a server meets new, misspelt words every minute, and its memory must stay flat
# once these caches are full (the soak run checks it); the frequent words of a corpus still stay in them.
WORD_CACHE_SIZE = 1 << 12

WORD_PATTERN = re.compile(r"[^\W_]+", re.UNICODE)
APOSTROPHES = "'’`´"
ACRONYM_PATTERN = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z0-9]{2,7}$")


class Mode(StrEnum):
    """What a text is, which decides the steps it goes through (see CHAIN)."""

    PAGE = "page"                  # a page's text: its words, and each pair of neighbours joined
    NAME = "name"                  # a page's name: its words
    ACRONYM_NAME = "acronym name"  # a name of kind acronym: each word an acronym, none a filler word ("ALL")
    QUERY = "query"                # a visitor's query: its words, and each pair of neighbours joined


class Change(StrEnum):
    """What a step did to a word."""

    FORMAT_CHARACTERS = "invisible format characters dropped"
    POSSESSIVE = "possessive dropped"
    ACCENTS = "accents folded"
    UMLAUT = "umlaut also read with e"
    SPELLING = "British spelling made American"
    STEMMED = "stemmed"
    ACRONYM = "acronym"
    FILLER = "filler word"
    FILLER_PHRASE = "in a filler phrase"
    JOINED = "joined with the next word"


class Token(NamedTuple):
    """One word of a text, as the engine sees it (a named tuple: every query and every name makes dozens,
    and a frozen dataclass sets each field by a call).

    `surface` is the text as written, less invisible format characters (`start` and `end` span them); `word`
    is folded (lower case, no accents) and spelled the American way: typo, prefix and sound matching compare
    words. `term` is `word` lightly stemmed: exact matching compares terms. `alternates` are other (word,
    term) readings of the same position (ö read as o and as oe). `span` is 2 for a compound made by joining
    this word and the next ("colo rectal" -> "colorectal"). `changes` records which steps changed the word
    (accents folded, British spelling, stemmed, joined...), for an explanation to read.
    """

    surface: str
    word: str
    term: str
    start: int
    end: int
    position: int
    alternates: tuple[tuple[str, str], ...] = ()
    acronym: bool = False
    stop: bool = False
    span: int = 1
    changes: frozenset[Change] = frozenset()

    def terms(self) -> tuple[str, ...]:
        return (self.term, *(term for _, term in self.alternates))

    def words(self) -> tuple[str, ...]:
        return (self.word, *(word for word, _ in self.alternates))


# ---- rules kept as data --------------------------------------------------------------------------------

def _data_lines(name: str):
    text = files("indexer").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line


@lru_cache(maxsize=None)
def spelling_rules() -> tuple[tuple[re.Pattern, str, str], ...]:
    rules = []
    for line in _data_lines("spelling-variants.tsv"):
        pattern, replacement, covers = line.split("\t")
        rules.append((re.compile(pattern), replacement, covers))
    return tuple(rules)


@lru_cache(maxsize=None)
def stemming_rules():
    rewrites, plurals, suffixes = [], [], []
    for line in _data_lines("stemming.tsv"):
        kind, pattern, value = line.split("\t")
        if kind == "rewrite":
            rewrites.append((re.compile(pattern), value))
        elif kind == "plural":
            plurals.append((re.compile(pattern), value))
        else:
            suffixes.append((pattern, int(value)))
    suffixes.sort(key=lambda item: -len(item[0]))
    return tuple(rewrites), tuple(plurals), tuple(suffixes)


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """The filler words: those stopwords.txt lists, and the French, Dutch and German function words of the
    stop-words package less those stopwords.txt keeps ("keep:" lines: words that name a site or tell names
    apart in some language, such as the German "sein" that is the French breast)."""
    listed, kept = listed_filler_words()
    return listed | (package_function_words() - kept)


@lru_cache(maxsize=None)
def listed_filler_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words stopwords.txt lists as filler, and those it keeps from the package's lists."""
    listed, kept = set(), set()
    for line in _data_lines("stopwords.txt"):
        if line.startswith(KEEP_PREFIX):
            kept.update(line[len(KEEP_PREFIX):].split())
        elif not line.startswith(PHRASE_PREFIX):
            listed.update(line.split())
    return frozenset(listed), frozenset(kept)


@lru_cache(maxsize=None)
def filler_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The filler phrases of stopwords.txt ("phrase:" lines), as folded words, by their first word."""
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for line in _data_lines("stopwords.txt"):
        if line.startswith(PHRASE_PREFIX):
            words = tuple(american_spelling(fold_accents(word)) for word in line[len(PHRASE_PREFIX):].split())
            phrases.setdefault(words[0], []).append(words)
    return {first: tuple(held) for first, held in phrases.items()}


@lru_cache(maxsize=None)
def package_function_words() -> frozenset[str]:
    """The function words of the stop-words package for FUNCTION_WORD_LANGUAGES, folded and respelled as
    words are. One letter alone is left out: "c", "t" and "m" name cells and types ("C-cell", "T-cell")."""
    from stop_words import get_stop_words  # its lists are data files inside the package: nothing is fetched

    words = set()
    for language in FUNCTION_WORD_LANGUAGES:
        for word in get_stop_words(language):
            folded = american_spelling(fold_accents(word))
            if len(folded) > 1 and WORD_PATTERN.fullmatch(folded):
                words.add(folded)
    return frozenset(words)


@lru_cache(maxsize=None)
def sound_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern), replacement)
                 for pattern, replacement, *_ in (line.split("\t") for line in _data_lines("sound-rules.tsv")))


def _analysis_version() -> str:
    digest = hashlib.sha256()
    for name in RULE_FILES:
        digest.update(files("indexer").joinpath("data", name).read_bytes())
    digest.update(f"stop-words {version('stop-words')}".encode())  # its lists are rules too
    return f"{CHAIN_REVISION}-{digest.hexdigest()[:12]}"


ANALYSIS_VERSION = _analysis_version()


# ---- single-word steps ---------------------------------------------------------------------------------

def fold_accents(text: str) -> str:
    """Lower case without diacritics: "Lymphoïd" -> "lymphoid", "Sézary" -> "sezary", "Straße" -> "strasse"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(LIGATURES.get(char, char) for char in text if not unicodedata.combining(char))
    return unicodedata.normalize("NFKC", text)


def umlaut_readings(text: str) -> tuple[str, ...]:
    """The folded word, then its German spelling when it has an umlaut: "Waldenström" ->
    ("waldenstrom", "waldenstroem"). Other accents have one reading only."""
    lowered = unicodedata.normalize("NFC", text.casefold())
    plain = fold_accents(lowered)
    if not any(char in UMLAUT_SPELLINGS for char in lowered):
        return (plain,)
    german = fold_accents("".join(UMLAUT_SPELLINGS.get(char, char) for char in lowered))
    return (plain, german)


def american_spelling(word: str) -> str:
    """British spellings rewritten by the rules of spelling-variants.tsv: "oesophageal" -> "esophageal",
    "haemangiosarcoma" -> "hemangiosarcoma", "tumours" -> "tumors"."""
    # Repeated until nothing changes, so the rules are idempotent: a British "pseudooedema" becomes
    # "pseudoedema", which must then meet the American "pseudoedema" read by the same rules.
    for _ in range(3):
        respelled = word
        for pattern, replacement, _ in spelling_rules():
            respelled = pattern.sub(replacement, respelled)
        if respelled == word:
            break
        word = respelled
    return word


@lru_cache(maxsize=WORD_CACHE_SIZE)
def light_stem(word: str) -> str:
    """One plural ending, then one derivational suffix: "ovaries" -> "ovar", "ovarian" -> "ovar",
    "esophageal" -> "esophag", "larynx" -> "laryng"; "myeloma" -> "myelom" but "myeloid" stays."""
    rewrites, plurals, suffixes = stemming_rules()
    for pattern, replacement in rewrites:
        word = pattern.sub(replacement, word)
    for pattern, replacement in plurals:
        stripped = pattern.sub(replacement, word)
        if stripped != word:
            word = stripped
            break
    for suffix, shortest_stem in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest_stem:
            return word[: -len(suffix)]
    return word


def term_for(word: str) -> str:
    """The index term of a folded, respelled word: filler words are kept whole, others stemmed."""
    return word if word in stopwords() else light_stem(word)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def normalize_word(surface: str) -> tuple[tuple[str, str], ...]:
    """Every (word, term) reading of one written word, the main reading first."""
    readings = []
    for folded in umlaut_readings(surface):
        word = american_spelling(folded)
        reading = (word, term_for(word))
        if reading not in readings:
            readings.append(reading)
    return tuple(readings)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def spelled_by_sound(word: str) -> str:
    """A word respelled by the sound rules, so that letters which sound alike are written alike:
    "nefroblastoma" and "nephroblastoma" -> "nefroblastoma"; "caposi" -> "kaposi"."""
    for pattern, replacement in sound_rules():
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=WORD_CACHE_SIZE)
def sound_key(word: str) -> str:
    """How a word sounds, for matching misspellings by ear: the sound rules, then Metaphone.
    "kolangiokarsinoma" and "cholangiocarcinoma" -> "KLNJKRSNM"."""
    return jellyfish.metaphone(spelled_by_sound(word))


# ---- chain steps over token lists ----------------------------------------------------------------------

def tokenize(text: str) -> list[Token]:
    """Words and numbers, split on spaces, hyphens, slashes and apostrophes: "Non-Hodgkin's" ->
    ["Non", "Hodgkin", "s"] (the possessive is dropped by the next step). Invisible format characters
    inside a word do not split it: "Hid\u200bden" (a zero-width space) is one token, dropped by `normalize`.
    `text` is in NFC (`analyze` sees to it): the offsets are offsets into it."""
    tokens: list[Token] = []
    for match in WORD_PATTERN.finditer(text):
        if tokens and only_format_characters(text[tokens[-1].end:match.start()]):
            start = tokens.pop().start
            tokens.append(Token(text[start:match.end()], "", "", start, match.end(), 0))
        else:
            tokens.append(Token(match.group(), "", "", match.start(), match.end(), 0))
    return tokens


def only_format_characters(text: str) -> bool:
    """Whether `text` is only format characters (Unicode category Cf: zero-width space and joiners, soft
    hyphen, word joiner, byte order mark, bidi controls), which a writer or an editor may put inside a word."""
    return all(unicodedata.category(char) == "Cf" for char in text)


def drop_possessives(tokens: list[Token], text: str) -> list[Token]:
    """A lone "s" after an apostrophe is a possessive: "Hodgkin's" -> "Hodgkin"; French elisions ("l'")
    stay and are dropped as filler words later."""
    kept: list[Token] = []
    for token in tokens:
        after_apostrophe = token.start > 0 and text[token.start - 1] in APOSTROPHES
        if token.surface.lower() == "s" and after_apostrophe and kept:
            kept[-1] = kept[-1]._replace(changes=kept[-1].changes | {Change.POSSESSIVE})
            continue
        kept.append(token)
    return kept


def normalize(tokens: list[Token]) -> list[Token]:
    """Drop format characters, then fold, respell and stem each token, marking filler words and acronyms
    written in capitals: "Glio\u00adma" -> "glioma"; "ALL" is an acronym, "all" a filler word."""
    normalized = []
    for position, token in enumerate(tokens):
        surface = token.surface
        changes = token.changes
        if not surface.isascii():  # format characters are never ASCII: most words need no look at each letter
            surface = "".join(char for char in surface if unicodedata.category(char) != "Cf")
            if surface != token.surface:
                changes = changes | {Change.FORMAT_CHARACTERS}
        (word, term), *alternates = normalize_word(surface)
        is_acronym = bool(ACRONYM_PATTERN.match(surface))
        stop = word in stopwords() and not is_acronym
        changes = changes | reading_changes(surface) if changes else reading_changes(surface)
        normalized.append(Token(surface, word, term, token.start, token.end, position,
                                tuple(alternates), is_acronym, stop, changes=changes))
    return normalized


@lru_cache(maxsize=WORD_CACHE_SIZE)
def reading_changes(surface: str) -> frozenset[Change]:
    """What folding, respelling, stemming and marking did to a written word: "Leukämien" -> accents folded,
    umlaut also read with e; "tumours" -> British spelling made American, stemmed; "ALL" -> acronym."""
    (word, term), *alternates = normalize_word(surface)
    plain = fold_accents(surface)
    changes = set()
    if ACRONYM_PATTERN.match(surface):
        changes.add(Change.ACRONYM)
    elif word in stopwords():
        changes.add(Change.FILLER)
    if plain != unicodedata.normalize("NFC", surface.casefold()):
        changes.add(Change.ACCENTS)
    if alternates:
        changes.add(Change.UMLAUT)
    if word != plain:
        changes.add(Change.SPELLING)
    if term != word:
        changes.add(Change.STEMMED)
    return frozenset(changes)


def mark_acronym_name(tokens: list[Token]) -> list[Token]:
    """Every word of a name of kind acronym is an acronym, and none is a filler word, however it is written:
    the acronym "ALL" of a leukaemia, listed as "all"."""
    return [token._replace(acronym=True, stop=False, changes=(token.changes - {Change.FILLER}) | {Change.ACRONYM})
            for token in tokens]


def mark_filler_phrases(tokens: list[Token]) -> list[Token]:
    """The words of a filler phrase are filler words there: "how long does it take" -> "how", "long" filler,
    while "long QT syndrome" keeps its "long". Acronyms stay as they are."""
    phrases = filler_phrases()
    marked = list(tokens)
    for index, token in enumerate(tokens):
        for phrase in phrases.get(token.word, ()):
            span = tokens[index:index + len(phrase)]
            if tuple(t.word for t in span) == phrase:
                for offset, held in enumerate(span):
                    if not held.stop and not held.acronym:
                        marked[index + offset] = held._replace(stop=True, changes=held.changes | {Change.FILLER_PHRASE})
    return marked


def compound_of(first, second) -> tuple[str, str] | None:
    """The one rule joining two neighbouring words (tokens, or the words of a stored name: anything with
    `word` and `stop`), as (word, term): "colo" + "rectal" -> ("colorectal", "colorect"). Filler words are
    not joined."""
    if first.stop or second.stop:
        return None
    word = first.word + second.word
    return word, light_stem(word)


def join_compounds(tokens: list[Token]) -> list[Token]:
    """Each pair of neighbouring words also as one word, so that "colo rectal" meets "colorectal" and
    "non-Hodgkin" meets "nonhodgkin" (for pages and queries alike). Filler words are not joined."""
    joined = []
    for first, second in zip(tokens, tokens[1:]):
        compound = None if first.span > 1 or second.span > 1 else compound_of(first, second)
        if compound is None:
            continue
        word, term = compound
        joined.append(Token(
            surface=f"{first.surface} {second.surface}", word=word, term=term,
            start=first.start, end=second.end, position=first.position, span=2,
            acronym=first.acronym and second.acronym, changes=frozenset({Change.JOINED})))
    return joined


def add_compound_joins(tokens: list[Token]) -> list[Token]:
    """The words, then the joined pairs (span 2) after them."""
    return tokens + join_compounds(tokens)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the chain: a function from the tokens so far (and the text) to new tokens, and the modes
    it runs in."""

    run: Callable[[list[Token], str], list[Token]]
    modes: frozenset[Mode]


EVERY_MODE = frozenset(Mode)
# The chain, in order. Pages, names and queries go through the same steps, so they meet; where they differ,
# the step says for which modes it runs (as Whoosh's MultiFilter keys a filter on its mode).
CHAIN: tuple[Step, ...] = (
    Step(lambda tokens, text: tokenize(text), EVERY_MODE),
    Step(drop_possessives, EVERY_MODE),
    Step(lambda tokens, text: normalize(tokens), EVERY_MODE),
    Step(lambda tokens, text: mark_acronym_name(tokens), frozenset({Mode.ACRONYM_NAME})),
    Step(lambda tokens, text: mark_filler_phrases(tokens), EVERY_MODE),
    Step(lambda tokens, text: add_compound_joins(tokens), frozenset({Mode.PAGE, Mode.QUERY})),
)


def analyze(text: str, *, mode: Mode = Mode.NAME, compounds: bool = False) -> list[Token]:
    """The chain (CHAIN) over `text` read as `mode`: tokenize -> drop possessives -> fold, respell, stem,
    mark -> (acronym name) -> mark filler phrases -> (compound joins, after the words: span=2).

    `compounds=True` is the page mode for a caller that does not name one. The text is read in NFC, once
    for every step: NFC can lengthen a text (U+FB2C is three characters in NFC), and the offsets of the
    words must be read against the text they were found in."""
    if compounds and mode is Mode.NAME:
        mode = Mode.PAGE
    text = unicodedata.normalize("NFC", text)
    tokens: list[Token] = []
    for step in CHAIN:
        if mode in step.modes:
            tokens = step.run(tokens, text)
    return tokens


def content_terms(text: str) -> list[str]:
    """The terms of a text that are not filler words: what the body-text search looks for."""
    return [token.term for token in analyze(text) if not token.stop]
