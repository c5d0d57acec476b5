"""Stage 2b, sites and kinds: words naming a part of the body or a kind of tumour, in English, French, Dutch
or German (indexer/data/sites.tsv), also reach the English words names use for them; "malignant" words are
context.

    "Bösartige Neubildung des Magens" -> Magens: stomach, gastric (site); Neubildung: cancer, carcinoma,
      tumour, neoplasm ... (kind); Bösartige: context
"""
from __future__ import annotations

from dataclasses import replace

from indexer.sites import Category, Lexicon
from search import limits
from search.kinds import UnitKind
from search.query import ParsedQuery, Unit

# Kinds that stand for one another: a visitor's "tumour", "growth", "Neubildung" or "kanker" means the cancer a
# page names "carcinoma" or "cancer". The other kinds (lymphoma, sarcoma, leukemia, melanoma) are diseases
# of their own and reach only their own words.
GENERAL_KINDS = frozenset({"cancer", "carcinoma", "tumor"})


def english_forms(lexicon: Lexicon) -> dict[tuple[Category, str], tuple[tuple[str, str], ...]]:
    """(category, key) -> the English (terms, text) of that site or kind, read once per index."""
    forms: dict[tuple[Category, str], dict[tuple[str, ...], str]] = {}
    for entry in lexicon.entries:
        if entry.lang.value == "en" and entry.category is not Category.CONTEXT:
            forms.setdefault((entry.category, entry.key), {}).setdefault(entry.terms, entry.text)
    return {key: tuple(held.items()) for key, held in forms.items()}


def sites_and_kinds(query: ParsedQuery, lexicon: Lexicon, forms, vocabulary, name_words
                    ) -> tuple[ParsedQuery, tuple[Unit, ...]]:
    """The query with its context words ("malignant", "bösartig") made filler words, and a unit for each
    English word of each site and kind its content words name. `name_words`: words the names hold as they
    stand, never read as an inflected form or a compound."""
    units, context = [], set()
    for found in lexicon.find(query.text, vocabulary=vocabulary, whole_words=name_words):
        positions = frozenset(range(found.start, found.end))
        # Inside a compound a name holds ("Hautkrebs"), the whole word is matched: its "krebs" alone would
        # reach every cancer (the decompound stage has split the compounds no name holds).
        if found.compound or not positions <= query.content:
            continue
        entry = found.entry
        if entry.category is Category.CONTEXT:
            context |= positions
            continue
        keys = GENERAL_KINDS if entry.category is Category.KIND and entry.key in GENERAL_KINDS else {entry.key}
        kind = UnitKind.SITE if entry.category is Category.SITE else UnitKind.KIND
        typed = query.surfaces(positions)
        own = {(term,) for p in positions for term in query.words[p].terms}
        for key in sorted(keys):
            for terms, _text in forms.get((entry.category, key), ()):
                if terms not in own:  # the word as typed is a unit already
                    units.append(Unit(positions, terms, kind, limits.SITE_COST, typed, key, entry.lang.value))
        if len(units) >= limits.MAX_SITE_EXPANSIONS:
            break
    if context and context != query.content:
        words = tuple(replace(w, stop=True) if w.position in context else w for w in query.words)
        query = replace(query, words=words, content=query.content - context)
    return query, tuple(units[: limits.MAX_SITE_EXPANSIONS])
