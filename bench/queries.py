"""Query files for corpora that have no hand-written one: real term names, misspelt with a fixed seed.

How a file is made (`make_query_file`), so that RESULTS.md can state it and a reader can redo it:

1. Every page name that a visitor could plausibly type is a candidate: the title and the names of kind
   synonym/variant/lay (acronyms and `related` names are left out: misspelling "ATLL" is not realistic and a
   BROAD/NARROW synonym does not name the page itself), at most MAX_NAME_WORDS words, with at least one word
   of MIN_EDIT_WORD letters or more, and no bracketed qualifier ("... (disorder)").
2. A seeded `random.Random(seed)` picks pages (each at most once), then one candidate name of that page.
3. Each query gets a kind from a fixed cycle (KIND_CYCLE): `exact` (the name as written, a control),
   `typo1` (one edit) or `typo2` (two edits). An edit is applied to a word of MIN_EDIT_WORD letters or more
   and is one of: drop a letter, double a letter, swap two neighbours, or a sound-alike substitution
   (ph→f, f→ph, c→k, k→c, y→i, i→y, ae→e, oe→e, s→z, z→s, ou→u).
4. A misspelling is rejected (and another edit drawn) when the edited word is itself a word of the corpus,
   or the whole query equals a name of any page: then it would not be a misspelling.
5. The expected answer is every page that carries the original name (folded for case and accents), so
   duplicates across ontology files are not held against an engine.
6. Gibberish NONE queries (kind `noresult`): keyboard runs and random consonant-heavy strings of
   7-12 letters, one or two words, each used once, rejected when any word is within GIBBERISH_MIN_DISTANCE edits of a word
   of the corpus.

The file is a query TSV as `search.evaluation.read_queries` reads it, plus a fourth column naming the edits
applied (`swap:ep@4`), which the reader ignores.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from rapidfuzz.distance import OSA
from rapidfuzz import process

NAME_KINDS_TYPED = frozenset({"title", "synonym", "variant", "lay"})
MAX_NAME_WORDS = 6  # longer ontology labels ("... of the ... with ...") are not what people type
QUALIFIER_MARKS = "()[]"  # "... (disorder)": an ontology's qualifier, not something people type
MIN_EDIT_WORD = 5  # people misspell long words; editing "of" or "ALL" is a different kind of query
KIND_CYCLE = ("exact", "typo1", "typo1", "typo2", "typo1", "typo2", "exact", "typo1", "typo2", "typo2")
EDIT_OPERATIONS = ("drop", "double", "swap", "sound")
# Sound-alike spellings people reach for; each is applied left to right at one place in the word.
SOUND_ALIKES = (("ph", "f"), ("f", "ph"), ("c", "k"), ("k", "c"), ("y", "i"), ("i", "y"), ("ae", "e"),
                ("oe", "e"), ("s", "z"), ("z", "s"), ("ou", "u"))
GIBBERISH_MIN_DISTANCE = 4  # a gibberish word this many edits from every corpus word cannot be a typo
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
CONSONANTS = "bcdfghjklmnpqrstvwxz"
VOWELS = "aeiou"
DEFAULT_SEED = 20260731
MAX_ATTEMPTS = 40  # edits drawn for one name before it is given up (every edit landed on a real word)


def fold(text: str) -> str:
    """`Waldenström's` -> `waldenstrom's`: lowercase without accents, to compare names as a visitor would."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower().strip()


@dataclass(frozen=True)
class GeneratedQuery:
    query: str
    expected: tuple[str, ...]
    kind: str
    edits: tuple[str, ...] = ()
    source_name: str = ""

    def tsv_row(self) -> str:
        expected = "|".join(self.expected)
        return "\t".join((self.query, expected, self.kind, ";".join(self.edits) or "-"))


def apply_edit(word: str, operation: str, rng: random.Random) -> tuple[str, str] | None:
    """One edit of `operation` at a random place: `("leukemia", "swap")` -> `("luekemia", "swap:eu@1")`.

    Returns None when the operation cannot apply to this word (no sound-alike spelling in it).
    """
    if operation == "drop":
        position = rng.randrange(len(word))
        return word[:position] + word[position + 1:], f"drop:{word[position]}@{position}"
    if operation == "double":
        position = rng.randrange(len(word))
        return word[:position + 1] + word[position:], f"double:{word[position]}@{position}"
    if operation == "swap":
        candidates = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
        if not candidates:
            return None
        position = rng.choice(candidates)
        swapped = word[:position] + word[position + 1] + word[position] + word[position + 2:]
        return swapped, f"swap:{word[position:position + 2]}@{position}"
    if operation == "sound":
        places = [(position, old, new) for old, new in SOUND_ALIKES
                  for position in _find_all(word, old)]
        if not places:
            return None
        position, old, new = rng.choice(places)
        return word[:position] + new + word[position + len(old):], f"sound:{old}>{new}@{position}"
    raise ValueError(f"unknown edit operation {operation!r}; use one of {EDIT_OPERATIONS}")


def _find_all(word: str, part: str) -> list[int]:
    return [i for i in range(len(word) - len(part) + 1) if word.startswith(part, i)]


def misspell(name: str, edits: int, rng: random.Random, *, vocabulary: frozenset[str] = frozenset()
             ) -> tuple[str, tuple[str, ...]] | None:
    """`name` with `edits` edits on its long words, none of which lands on a word in `vocabulary`.

    >>> misspell("acute myeloid leukemia", 1, random.Random(1))  # doctest: +SKIP
    ('acute myeloid leukmia', ('drop:e@4',))
    """
    words = name.split(" ")
    for _ in range(MAX_ATTEMPTS):
        edited = list(words)
        applied: list[str] = []
        touched: set[int] = set()
        for _ in range(edits):
            long_words = [i for i, word in enumerate(edited) if len(word) >= MIN_EDIT_WORD and word.isalpha()]
            if not long_words:
                break
            index = rng.choice(long_words)
            result = apply_edit(edited[index], rng.choice(EDIT_OPERATIONS), rng)
            if result is None:
                break
            edited[index], label = result
            applied.append(f"{label}#w{index}")
            touched.add(index)
        if len(applied) != edits:
            continue
        if any(fold(edited[i]) in vocabulary for i in touched):
            continue
        if fold(" ".join(edited)) == fold(name):  # e.g. two swaps that undo each other
            continue
        return " ".join(edited), tuple(applied)
    return None


def gibberish(rng: random.Random, vocabulary: Sequence[str]) -> str:
    """A string no one would mean as a condition: `sdfghjk`, `qzvbrt kxwpl`; far from every corpus word."""
    while True:
        words = []
        for _ in range(rng.choice((1, 1, 2))):
            length = rng.randint(7, 12) if not words else rng.randint(4, 7)
            if rng.random() < 0.4:
                row = rng.choice(KEYBOARD_ROWS)
                start = rng.randrange(max(1, len(row) - length + 1))
                word = row[start:start + length]
            else:
                # Mostly consonants, an occasional vowel, so it looks typed rather than random bytes.
                word = "".join(rng.choice(VOWELS) if rng.random() < 0.15 else rng.choice(CONSONANTS)
                               for _ in range(length))
            words.append(word)
        if all(_far_from(word, vocabulary) for word in words):
            return " ".join(words)


def _far_from(word: str, vocabulary: Sequence[str]) -> bool:
    if not vocabulary:
        return True
    nearest = process.extractOne(word, vocabulary, scorer=OSA.distance,
                                 score_cutoff=GIBBERISH_MIN_DISTANCE - 1)
    return nearest is None


def generate_queries(pages: Iterable, *, count: int, none_count: int, seed: int = DEFAULT_SEED
                     ) -> list[GeneratedQuery]:
    """`count` name queries (exact, one edit, two edits) and `none_count` gibberish queries, seeded."""
    pages = list(pages)
    rng = random.Random(seed)
    ids_by_name: dict[str, set[str]] = {}
    vocabulary: set[str] = set()
    candidates_by_page: dict[str, list[str]] = {}
    for page in pages:
        for name in page.all_names():
            folded = fold(name.text)
            ids_by_name.setdefault(folded, set()).add(page.id)
            vocabulary.update(folded.split())
            if name.kind in NAME_KINDS_TYPED and _typable(name.text):
                candidates_by_page.setdefault(page.id, []).append(name.text)
    frozen_vocabulary = frozenset(vocabulary)
    page_ids = sorted(candidates_by_page)
    rng.shuffle(page_ids)
    queries: list[GeneratedQuery] = []
    for page_id in page_ids:
        if len(queries) >= count:
            break
        name = rng.choice(sorted(set(candidates_by_page[page_id])))
        kind = KIND_CYCLE[len(queries) % len(KIND_CYCLE)]
        expected = tuple(sorted(ids_by_name[fold(name)]))
        if kind == "exact":
            queries.append(GeneratedQuery(name, expected, kind, (), name))
            continue
        result = misspell(name, 1 if kind == "typo1" else 2, rng, vocabulary=frozen_vocabulary)
        if result is None or fold(result[0]) in ids_by_name:
            continue
        queries.append(GeneratedQuery(result[0], expected, kind, result[1], name))
    long_vocabulary = sorted(word for word in vocabulary if len(word) >= 3)
    seen_gibberish: set[str] = set()
    while len(seen_gibberish) < none_count:
        text = gibberish(rng, long_vocabulary)
        if text not in seen_gibberish:
            seen_gibberish.add(text)
            queries.append(GeneratedQuery(text, ("NONE",), "noresult"))
    return queries


def _typable(text: str) -> bool:
    words = text.split()
    if any(mark in text for mark in QUALIFIER_MARKS):
        return False
    return 0 < len(words) <= MAX_NAME_WORDS and any(len(w) >= MIN_EDIT_WORD and w.isalpha() for w in words)


def write_query_file(queries: Sequence[GeneratedQuery], path: str | Path, *, header_note: str = "") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["query\texpected\tkind\tedits"]
    if header_note:
        lines.append(f"# {header_note}")
    lines.extend(query.tsv_row() for query in queries)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
