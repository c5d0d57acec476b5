"""Every explanation is a checkable fact about the data (issue 16). This module checks:

1. every reason kind has a check here: a kind this module cannot check fails, so a new kind cannot slip by;
2. over the bundled corpus and the union of the bundled pages with the Disease Ontology files, for queries
   made from the pages themselves (names as written, mistyped, without or with accents, British, joined,
   cut short, asked as questions, translations, broad words) and the shared eval queries, each reason of
   each result states a fact the page data holds: a name of that kind and language on that page, a phrase
   in its text, a broader page, a synonym rule, a lexicon entry, a word one or two edits away...;
3. each reason worded in English, French, Dutch and German names exactly what its fact is about (what
   was typed, what it matched, the page's title, the name's language), in every language alike;
4. a false reason is caught: a made-up one fails its check.

The facts are read from the pages as the corpus loader gives them and from the data files (synonyms,
sites lexicon), through the analysis chain, never from the engine's own stage code.
"""
from __future__ import annotations

import csv
import random
import string
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from corpus import load_corpus
from corpus.loader import bundled_corpus_dir
from indexer.analysis import Mode, analyze, fold_accents, sound_key
from indexer.sites import Category, load_lexicon
from indexer.synonyms import parse_synonyms, read_synonym_files
from search import Searcher
from search.kinds import ReasonKind
from search.results import Reason
from search.wording import LANGUAGES, QUOTES, WORDINGS, language_name, sentence, wording_key

SHARED = Path(__file__).resolve().parents[3] / "shared"
DO_UNION_FILES = ("DO_NCIthesaurus_subset-2026-07-31.obo", "DO_cancer_slim-2026-07-31.obo",
                  "DO_rare_slim-2026-07-31.obo")
SEED = 16  # the number: the same sample of pages and queries on every run
RESULTS_CHECKED = 5  # the results a visitor reads first
PAGES_SAMPLED = {"bundled": 120, "union": 150}  # pages queries are made from (all 120 bundled; a sample of 7,208)
EVAL_QUERIES_SAMPLED = {"bundled": None, "union": 120}  # None: every eval query
MOST_TYPO_EDITS = 2  # the corrector's budget (search.vocabulary.allowed_edits)
PART_SEPARATOR = " · "  # between the parts of a compound's reading (indexer.compounds.Split.describe)
BROADER = "broader"  # the name_kind of a reason saying the page is a type of a broad word
# Queries that reach the rarer reason kinds whatever the sample (the README's own examples): a compound read
# as parts, a site and a kind in another language, sound-alikes, accents typed and left out.
EVERY_KIND_QUERIES = ("Nierenzelltumoren", "Bösartige Neubildung des Magens", "tumeur maligne du rein",
                      "kolangiokarsinoma", "hojkins lymphoma", "neurobl", "nuroblastoma", "leukaemia", "Waldenstrom",
                      "lymphoïd leukemia", "womb cancer", "kidney cancer", "colo rectal cancer", "leucémie")


# ---- the facts ---------------------------------------------------------------------------------------------

def words_of(text: str) -> list:
    """The content tokens of a text as the analysis chain reads it (filler words left out)."""
    return [token for token in analyze(text) if not token.stop]


def term_sets(text: str) -> list[set[str]]:
    return [set(token.terms()) for token in words_of(text)]


def has_accents(text: str) -> bool:
    return fold_accents(text) != unicodedata.normalize("NFC", text.casefold())


def british(text: str) -> bool:
    """Some word of `text` is a British spelling: the chain respells it."""
    return any(token.word != fold_accents(token.surface) for token in analyze(text))


def holds_phrase(container: list[set[str]], phrase: list[set[str]]) -> bool:
    """Whether the words of `phrase` stand one after another in `container` (each word by any term)."""
    return any(all(container[start + i] & wanted for i, wanted in enumerate(phrase))
               for start in range(len(container) - len(phrase) + 1))


@dataclass(eq=False)  # hashed by identity: its look-ups are cached per corpus
class Facts:
    """What a corpus says: its pages, their names, texts and links, its synonym rules, the sites lexicon."""

    pages: dict
    synonym_rules: list
    vocabulary: frozenset[str]  # the words of the index's names, each pair of neighbours joined too
    lexicon: object = field(default_factory=load_lexicon)

    @classmethod
    def of(cls, paths, searcher: Searcher) -> "Facts":
        corpus = load_corpus(paths)
        rules = parse_synonyms(read_synonym_files(corpus.synonym_files))
        # The index's vocabulary, as the searcher holds it: the words a correction may reach.
        vocabulary = frozenset(searcher._current().names.word_frequency)
        return cls({page.id: page for page in corpus.pages}, rules, vocabulary)

    @cached_property
    def pages_by_name_key(self) -> dict[tuple[str, ...], set[str]]:
        """The content terms of every title and name -> the pages carrying it (a name on several pages is
        a broad word)."""
        held: dict[tuple[str, ...], set[str]] = {}
        for page in self.pages.values():
            for text in (page.title, *(name.text for name in page.names)):
                held.setdefault(name_key(text), set()).add(page.id)
        return held

    def ancestors(self, page_id: str) -> set[str]:
        found, todo = set(), list(self.pages[page_id].broader)
        while todo:
            up = todo.pop()
            if up not in found and up in self.pages:
                found.add(up)
                todo.extend(self.pages[up].broader)
        return found

    def texts_of_names(self, page_id: str) -> list[str]:
        page = self.pages[page_id]
        return [page.title, *(name.text for name in page.names)]

    @lru_cache(maxsize=None)
    def name_terms(self, page_id: str) -> frozenset[str]:
        """Every term of the page's title and names, and of each pair of their neighbouring words joined."""
        return frozenset(term for text in self.texts_of_names(page_id)
                         for token in analyze(text, mode=Mode.PAGE) for term in token.terms())

    @lru_cache(maxsize=None)
    def text_terms(self, page_id: str) -> frozenset[str]:
        """The terms of the page's text (summary and sections, what the text index holds), each pair of
        neighbouring words joined too ("basal cell" also as "basalcell")."""
        page = self.pages[page_id]
        body = "\n".join([page.summary, *(f"{s.heading}\n{s.text}" for s in page.sections)])
        return frozenset(term for token in analyze(body, mode=Mode.PAGE) for term in token.terms())

    def in_names(self, page_id: str, phrase: str) -> bool:
        """Whether the words of `phrase` stand together in one of the page's names or its title."""
        wanted = term_sets(phrase) or [set(token.terms()) for token in analyze(phrase)]
        return any(holds_phrase([set(token.terms()) for token in analyze(text)], wanted)
                   or name_key(text) == name_key(phrase)
                   for text in self.texts_of_names(page_id))

    def lexicon_keys(self, text: str, category: Category, lang: str | None = None) -> set[str]:
        """The lexicon keys `text` names in a category (in `lang`, when given): the entries found in it (an
        inflected form too: "Magens"), and every entry written as it is ("sinonasal" is listed under two
        sites, of which a search finds the first)."""
        terms = tuple(token.term for token in analyze(text))
        entries = [found.entry for found in self.lexicon.find(text)]
        entries += [entry for entry in self.lexicon.entries if entry.terms == terms]
        return {entry.key for entry in entries
                if entry.category is category and (lang is None or entry.lang.value == lang)}


def name_key(text: str) -> tuple[str, ...]:
    return tuple(token.term for token in words_of(text))


# Each check returns what is false about a reason, or "" when its fact holds. `page` is the page the result
# shows; `facts` the corpus.

def check_title(reason, page, facts):
    """The typed words are the title's, in its order: each content word of either side is a word of the
    other (a filler word on one side may be an acronym on the other: "fus" and "FUS")."""
    if reason.matched != page.title:
        return f"{reason.matched!r} is not the title {page.title!r}"
    typed, title = analyze(reason.typed), analyze(page.title)
    start = 0
    for word in (word for word in title if not word.stop):  # each title word after the one before
        found = next((at for at in range(start, len(typed)) if set(typed[at].terms()) & set(word.terms())), None)
        if found is None:
            return f"{reason.typed!r} lacks {word.surface!r} of the title {page.title!r}, or has it out of order"
        start = found + 1
    extra = [word.surface for word in typed if not word.stop
             and not any(set(word.terms()) & set(held.terms()) for held in title)]
    return f"{reason.typed!r} has {extra}, which the title {page.title!r} has not" if extra else ""


def check_words(reason, page, facts):
    if reason.matched != page.title:
        return f"{reason.matched!r} is not the title {page.title!r}"
    # The title's words, and each pair of them written together ("Non-Hodgkin" also as "nonhodgkin").
    title_terms = {term for token in analyze(page.title, mode=Mode.PAGE) for term in token.terms()}
    missing = [token.surface for token in words_of(reason.typed) if not set(token.terms()) & title_terms]
    return f"the title {page.title!r} lacks {missing}" if missing else ""


def has_name(page, reason) -> bool:
    """The page has a name written as the reason's `matched`, of its kind and language."""
    return any((name.text, name.kind, name.lang) == (reason.matched, reason.name_kind, reason.lang)
               for name in page.names)


def check_name(reason, page, facts):
    if reason.name_kind == BROADER:
        if any(reason.matched in facts.texts_of_names(group) for group in facts.ancestors(page.id)):
            return ""
        carriers = facts.pages_by_name_key.get(name_key(reason.matched), set())
        if reason.matched in facts.texts_of_names(page.id) and len(carriers) > 1:
            return ""  # a broad word: a name the page shares with other pages ("blood cancer")
        return f"{reason.matched!r} names no broader page of {page.id} nor a word it shares with others"
    return "" if has_name(page, reason) else f"{reason.matched!r} is no {reason.name_kind} name ({reason.lang}) of {page.id}"


def check_translation(reason, page, facts):
    if reason.lang in (None, "en"):
        return f"a translation into {reason.lang!r}"
    return "" if has_name(page, reason) else f"{reason.matched!r} is no {reason.lang} {reason.name_kind} name of {page.id}"


def check_british(reason, page, facts):
    return check_spelling(reason, page, facts, british_typed=True)


def check_american(reason, page, facts):
    return check_spelling(reason, page, facts, british_typed=False)


def check_spelling(reason, page, facts, *, british_typed: bool):
    """The typed words and the name's are the same words, and each typed word that differs is written the
    British way where the name's is not, or the other way round (accents aside: "léukemia" is still the
    American spelling of "leukaemia")."""
    typed, matched = analyze(fold_accents(reason.typed)), analyze(fold_accents(reason.matched))
    if [t.word for t in typed] != [m.word for m in matched]:
        return f"{reason.typed!r} and {reason.matched!r} are not the same words"
    differing = [(british(t.surface), british(m.surface)) for t, m in zip(typed, matched) if t.surface != m.surface]
    if not differing or any(pair != (british_typed, not british_typed) for pair in differing):
        return f"{reason.typed!r} is not the {'British' if british_typed else 'American'} spelling of {reason.matched!r}"
    return "" if facts.in_names(page.id, reason.matched) else f"{reason.matched!r} is in no name of {page.id}"


def check_accent(reason, page, facts):
    return check_accents(reason, page, facts, accents_typed=False)


def check_accented(reason, page, facts):
    return check_accents(reason, page, facts, accents_typed=True)


def check_accents(reason, page, facts, *, accents_typed: bool):
    """The same letters but for accents, which only one side has."""
    if fold_accents(reason.typed) != fold_accents(reason.matched) or reason.typed.casefold() == reason.matched.casefold():
        return f"{reason.typed!r} and {reason.matched!r} differ by more than accents"
    if (has_accents(reason.typed), has_accents(reason.matched)) != (accents_typed, not accents_typed):
        return f"{reason.typed!r} is not {reason.matched!r} written {'with' if accents_typed else 'without'} accents"
    return "" if facts.in_names(page.id, reason.matched) else f"{reason.matched!r} is in no name of {page.id}"


def check_compound(reason, page, facts):
    def squeezed(text):
        return "".join(token.word for token in analyze(text))

    if squeezed(reason.typed) != squeezed(reason.matched):
        return f"{reason.typed!r} and {reason.matched!r} are not the same letters"
    typed, matched = len(analyze(reason.typed)), len(analyze(reason.matched))
    said = {"compound.apart": typed > matched, "compound.joined": typed < matched,
            "compound.elsewhere": typed == matched and reason.typed.casefold() != reason.matched.casefold()}
    if not said[wording_key(reason)]:
        return f"{reason.typed!r} is not {reason.matched!r} {wording_key(reason)}"
    return "" if facts.in_names(page.id, reason.matched) else f"{reason.matched!r} is in no name of {page.id}"


def joined_terms(text: str) -> set[str]:
    """The terms of a text's content words written together, in every reading of each ("Waldenström" is
    also "Waldenstroem")."""
    joined = [""]
    for token in words_of(text):
        joined = [start + word for start in joined for word in token.words()]
    return {term for word in joined for token in analyze(word) for term in token.terms()}


def check_form(reason, page, facts):
    """The same words in another form: word for word the same terms, or, written together, the same term
    ("NeuroendocrineTumors" and "Neuroendocrine Tumor")."""
    typed, matched = term_sets(reason.typed), term_sets(reason.matched)
    if reason.typed.casefold() == reason.matched.casefold():
        return f"{reason.typed!r} is {reason.matched!r} as written"
    word_for_word = typed and len(typed) == len(matched) and all(a & b for a, b in zip(typed, matched))
    together = joined_terms(reason.typed) & joined_terms(reason.matched)
    if not (word_for_word or together):
        return f"{reason.typed!r} is not a form of {reason.matched!r}"
    return "" if facts.in_names(page.id, reason.matched) else f"{reason.matched!r} is in no name of {page.id}"


def check_synonym(reason, page, facts):
    typed, matched = name_key(reason.typed), name_key(reason.matched)
    if not any(typed in {name_key(p) for p in rule.sources} and matched in {name_key(p) for p in rule.targets}
               for rule in facts.synonym_rules):
        return f"no synonym rule makes {reason.typed!r} mean {reason.matched!r}"
    return "" if facts.in_names(page.id, reason.matched) else f"{reason.matched!r} is in no name of {page.id}"


def one_word(text: str) -> str:
    """The folded, respelled words of a text written together ("nasal cancer" -> "nasalcancer"): a word
    of the index's vocabulary, which holds each name's neighbouring words joined too."""
    return "".join(token.word for token in analyze(text))


def in_vocabulary(reason, page, facts) -> str:
    """The word a typed word was taken for is a word of the index, and the page's names hold it (in some
    form: the same term)."""
    matched = one_word(reason.matched)
    if matched not in facts.vocabulary:
        return f"{reason.matched!r} is no word of the index"
    if not {token.term for token in analyze(matched)} & facts.name_terms(page.id):
        return f"{reason.matched!r} is in no name of {page.id}, in any form"
    return ""


def check_typo(reason, page, facts):
    typed, matched = one_word(reason.typed), one_word(reason.matched)
    edits = OSA.distance(typed, matched)
    if not typed or not 0 < edits <= MOST_TYPO_EDITS:
        return f"{reason.typed!r} is {edits} edits from {reason.matched!r}"
    return in_vocabulary(reason, page, facts)


def check_prefix(reason, page, facts):
    """The typed word starts the word, as typed or with one typo."""
    typed, matched = one_word(reason.typed), one_word(reason.matched)
    starts = [matched[:length] for length in (len(typed) - 1, len(typed), len(typed) + 1)]
    if not typed or typed == matched or min(OSA.distance(typed, start) for start in starts) > 1:
        return f"{reason.typed!r} is not the start of {reason.matched!r}"
    return in_vocabulary(reason, page, facts)


def check_phonetic(reason, page, facts):
    typed, matched = analyze(reason.typed), one_word(reason.matched)
    heard = {sound_key(w) for w in (one_word(reason.typed), *(w for t in typed for w in (*t.words(), *t.terms())))}
    if not typed or sound_key(matched) not in heard:
        return f"{reason.typed!r} does not sound like {reason.matched!r}"
    return in_vocabulary(reason, page, facts)


def check_text(reason, page, facts):
    """The page's text holds each typed word (the sentence lists them: "mentions 'womb' and 'cancer'")."""
    if reason.matched != page.title:
        return f"{reason.matched!r} is not the title {page.title!r}"
    text, typed = facts.text_terms(page.id), [set(token.terms()) for token in analyze(reason.typed)]
    missing = [word for word, terms in zip(reason.typed.split(), typed) if not terms & text]
    if not typed or len(typed) != len(reason.typed.split()) or missing:
        return f"the text of {page.id} does not hold {missing or reason.typed!r}"
    return ""


def check_site(reason, page, facts):
    if reason.lang not in (None, "en"):  # "'Magens' is German for 'stomach'"
        if reason.matched not in facts.lexicon_keys(reason.typed, Category.SITE, reason.lang):
            return f"the lexicon has no {reason.lang} word {reason.typed!r} for {reason.matched!r}"
        return ""
    shared = facts.lexicon_keys(reason.typed, Category.SITE) & facts.lexicon_keys(reason.matched, Category.SITE)
    if not shared:
        return f"{reason.typed!r} and {reason.matched!r} name no same site"
    return "" if facts.in_names(page.id, reason.matched) else f"{reason.matched!r} is in no name of {page.id}"


def check_kind(reason, page, facts):
    if not facts.lexicon_keys(reason.typed, Category.KIND) or not facts.lexicon_keys(reason.matched, Category.KIND):
        return f"{reason.typed!r} or {reason.matched!r} names no kind of tumour"
    return "" if facts.in_names(page.id, reason.matched) else f"{reason.matched!r} is in no name of {page.id}"


def check_decompound(reason, page, facts):
    parts = reason.matched.split(PART_SEPARATOR)
    if len(parts) < 2 or fold_accents("".join(parts)) != fold_accents(reason.typed):
        return f"{reason.matched!r} is not {reason.typed!r} cut into parts"
    return ""


CHECKS = {
    ReasonKind.TITLE: check_title, ReasonKind.WORDS: check_words, ReasonKind.NAME: check_name,
    ReasonKind.TRANSLATION: check_translation, ReasonKind.BRITISH: check_british,
    ReasonKind.AMERICAN: check_american, ReasonKind.ACCENT: check_accent, ReasonKind.ACCENTED: check_accented,
    ReasonKind.COMPOUND: check_compound, ReasonKind.FORM: check_form, ReasonKind.SYNONYM: check_synonym,
    ReasonKind.TYPO: check_typo, ReasonKind.PREFIX: check_prefix, ReasonKind.PHONETIC: check_phonetic,
    ReasonKind.TEXT: check_text, ReasonKind.SITE: check_site, ReasonKind.KIND: check_kind,
    ReasonKind.DECOMPOUND: check_decompound,
}
# What each kind's sentence must name, in every language: the things its check verified.
NAMED = {
    "title": {"typed"}, "words": {"typed"}, "translation": {"matched", "title", "language"},
    "british": {"typed", "matched"}, "american": {"typed", "matched"}, "accent": {"typed", "matched"},
    "compound": {"typed", "matched"}, "form": {"typed", "matched"}, "synonym": {"typed", "matched"}, "typo": {"typed", "matched"},
    "prefix": {"typed", "matched"}, "phonetic": {"typed", "matched"}, "text": {"words"},
    "site.translated": {"typed", "matched", "language"}, "site.same": {"typed", "matched"},
    "kind": {"typed", "matched"}, "decompound": {"typed", "matched"},
    "name": {"matched", "title"},
}


def false_in(reason: Reason, page, facts: Facts) -> str:
    """What is false about `reason` (its fact, or its wording in some language); "" when all holds."""
    check = CHECKS.get(ReasonKind(reason.kind))
    if check is None:
        return f"no check for reason kind {reason.kind!r}: add one to CHECKS"
    wrong = check(reason, page, facts)
    return wrong or wording_problem(reason, page.title)


def wording_problem(reason: Reason, title: str) -> str:
    key = wording_key(reason)
    expected = NAMED.get(key) or NAMED.get(key.split(".")[0])
    if expected is None:
        return f"no list of what wording {key!r} must name: add it to NAMED"
    values = {"typed": reason.typed, "matched": reason.matched, "title": title}
    for language in LANGUAGES:
        named = {name for _, name, _, _ in string.Formatter().parse(WORDINGS[key][language]) if name}
        if named != expected:
            return f"the {language} wording {key!r} names {sorted(named)}, not {sorted(expected)}"
        said = sentence(reason, title, language)
        if "language" in named:
            values["language"] = language_name(reason.lang, in_language=language)
        if "words" in named and not all(QUOTES[language].format(word) in said for word in reason.typed.split()):
            return f"the {language} sentence {said!r} does not say every word of {reason.typed!r}"
        values["words"] = ""
        missing = [name for name in named if values[name] not in said]
        if missing:
            return f"the {language} sentence {said!r} does not say the {missing}"
    return ""


# ---- the queries -------------------------------------------------------------------------------------------

def mistyped(word: str, rng: random.Random) -> str:
    """The word with two neighbouring letters swapped or one dropped, never the first letter."""
    if len(word) < 6:
        return word
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2:] if rng.random() < 0.5 else word[:at] + word[at + 1:]


ACCENTED = {"e": "é", "o": "ö", "i": "ï", "a": "à"}


def accented(text: str) -> str:
    """The text with its first accentable letter after the first written with an accent ("leukémia")."""
    for at, char in enumerate(text[1:], start=1):
        if char in ACCENTED:
            return text[:at] + ACCENTED[char] + text[at + 1:]
    return text


@lru_cache(maxsize=1)
def british_of() -> dict[str, str]:
    path = SHARED / "data" / "gb-us-medical-spellings.tsv"
    if not path.exists():
        return {"tumor": "tumour", "leukemia": "leukaemia", "esophageal": "oesophageal", "hemangioma": "haemangioma"}
    with path.open(encoding="utf-8") as handle:
        return {row["american"]: row["british"] for row in csv.DictReader(handle, delimiter="\t")}


def queries_from(page, rng: random.Random) -> list[str]:
    """Queries a visitor might type for a page: its title and some names as written and altered."""
    names = [name for name in page.names if len(name.text) < 60]
    picked = rng.sample(names, min(4, len(names)))
    translated = [name.text for name in names if name.lang not in (None, "en")]
    title = page.title
    words = title.split()
    longest = max(words, key=len)
    queries = [title, title.lower() + " ", fold_accents(title), accented(title.lower()),
               title.replace(longest, mistyped(longest.lower(), rng)), f"what is {title.lower()}",
               " ".join(british_of().get(w.lower(), w) for w in words), title[: max(4, len(title) - 3)]]
    if len(words) >= 2:
        queries += [words[0] + words[1] + " " + " ".join(words[2:]), title.replace("-", " ")]
    queries += [name.text for name in picked] + rng.sample(translated, min(2, len(translated)))
    queries += [mistyped(name.text, rng) for name in picked[:1]]
    if page.narrower:  # an overview page: its title is a broad word
        queries.append(f"{title.lower()} symptoms")
    return list(dict.fromkeys(q for q in queries if q.strip()))


def eval_queries() -> list[str]:
    """The queries of every shared eval file (none when ../shared is not beside the repository)."""
    found = []
    for path in sorted((SHARED / "eval").glob("*.tsv")):
        with path.open(encoding="utf-8") as handle:
            found += [row["query"] for row in csv.DictReader(handle, delimiter="\t")]
    return found


def sampled_queries(facts: Facts, corpus: str) -> list[str]:
    rng = random.Random(SEED)
    pages = sorted(facts.pages.values(), key=lambda p: p.id)
    # The bundled pages always; in the union, a sample of the ontology's pages besides.
    bundled = [p for p in pages if not p.id.startswith("DOID:")]
    others = [p for p in pages if p.id.startswith("DOID:")]
    chosen = bundled[: PAGES_SAMPLED[corpus]] + rng.sample(others, min(len(others), PAGES_SAMPLED[corpus]))
    queries = [q for page in chosen for q in queries_from(page, rng)]
    if corpus == "union":
        queries = rng.sample(queries, min(len(queries), 900))
    queries += EVERY_KIND_QUERIES
    from_eval = eval_queries()
    most = EVAL_QUERIES_SAMPLED[corpus]
    queries += from_eval if most is None else rng.sample(from_eval, min(most, len(from_eval)))
    return list(dict.fromkeys(queries))


# ---- the tests ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled(bundled_index):
    searcher = Searcher(bundled_index)
    return searcher, Facts.of(None, searcher)


@pytest.fixture(scope="module")
def union(tmp_path_factory):
    missing = [name for name in DO_UNION_FILES if not (SHARED / "data" / name).exists()]
    if missing:
        pytest.skip(f"../shared/data lacks {', '.join(missing)}")
    from indexer import ensure_index

    paths = [bundled_corpus_dir(), *(SHARED / "data" / name for name in DO_UNION_FILES)]
    index_dir = tmp_path_factory.mktemp("union-index")
    ensure_index(index_dir, corpus_paths=paths, warn=lambda message: None)
    searcher = Searcher(index_dir)
    return searcher, Facts.of(paths, searcher)


def false_reasons(searcher: Searcher, facts: Facts, queries) -> tuple[list[str], set[ReasonKind]]:
    """Every false reason the results of `queries` give, and the reason kinds seen."""
    wrong, seen = [], set()
    for query in queries:
        for hit in searcher.search(query, limit=RESULTS_CHECKED):
            page = facts.pages[hit.id]
            for reason in hit.reasons:
                seen.add(ReasonKind(reason.kind))
                problem = false_in(reason, page, facts)
                if problem:
                    wrong.append(f"{query!r} -> {hit.id}: {reason.kind} ({reason.typed!r}, {reason.matched!r}): "
                                 f"{problem}")
    return wrong, seen


@pytest.mark.parametrize("kind", list(ReasonKind))
def test_every_reason_kind_has_a_check_and_a_list_of_what_it_names(kind):
    """A new reason kind fails here until this module can check its fact."""
    assert kind in CHECKS, f"no check for {kind}"
    reason = Reason(kind, "a", "b", "synonym", "fr")
    key = wording_key(reason)
    assert key in NAMED or key.split(".")[0] in NAMED


def test_every_reason_over_the_bundled_corpus_is_true(bundled):
    """Each reason of the first results of ~2,000 queries states a fact of the bundled pages."""
    searcher, facts = bundled
    wrong, seen = false_reasons(searcher, facts, sampled_queries(facts, "bundled"))
    assert not wrong, f"{len(wrong)} false reasons:\n" + "\n".join(wrong[:40])
    assert seen == set(ReasonKind), f"no query reached the kinds {sorted(set(ReasonKind) - seen)}: add queries"


def test_every_reason_over_the_union_with_the_disease_ontology_is_true(union):
    """The same over the bundled pages with the Disease Ontology's 7,000, for ~1,000 queries of a sample of both."""
    searcher, facts = union
    wrong, seen = false_reasons(searcher, facts, sampled_queries(facts, "union"))
    assert not wrong, f"{len(wrong)} false reasons:\n" + "\n".join(wrong[:40])
    assert seen == set(ReasonKind), f"no query reached the kinds {sorted(set(ReasonKind) - seen)}: add queries"


@pytest.mark.parametrize("reason, page_id", [
    (Reason(ReasonKind.NAME, "womb cancer", "womb cancer", "acronym"), "endometrial-cancer"),
    (Reason(ReasonKind.TRANSLATION, "leucemie", "leucémie", "synonym", "de"), "leukemia"),
    (Reason(ReasonKind.TEXT, "gibberish", "Leukemia"), "leukemia"),
    (Reason(ReasonKind.ACCENT, "lymphoïd", "lymphoid"), "acute-lymphoblastic-leukemia"),
    (Reason(ReasonKind.BRITISH, "tumor", "tumour"), "wilms-tumor"),
    (Reason(ReasonKind.TYPO, "leukemia", "lymphoma"), "lymphoma"),
    (Reason(ReasonKind.SYNONYM, "kidney", "liver"), "hepatocellular-carcinoma"),
    (Reason(ReasonKind.NAME, "skin cancer", "skin cancer", BROADER), "leukemia"),
])
def test_a_false_reason_is_caught(bundled, reason, page_id):
    """The checks are not vacuous: a made-up reason fails."""
    _searcher, facts = bundled
    assert false_in(reason, facts.pages[page_id], facts)
