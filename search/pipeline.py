"""The query pipeline, as a visible list of stages that each map data to data.

    normalise -> expand (exact words, compounds, synonyms) -> correct (typos, prefixes)
              -> sound (phonetic) -> match names -> match text -> rank

A *unit* is one way of matching some query words: the words themselves, a compound of two, a synonym
phrase, a corrected spelling, a completion, a sound-alike. Units are matched against page names phrase
by phrase; each name keeps the best non-overlapping set of units. Pages are then ranked by ordered rules
(as Meilisearch does): query words matched, words matched by a name, match tier, how much of the name
was matched, edit cost, kind of name, text score. The rules live in `rank_key`.
"""
from __future__ import annotations

import heapq
import math
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Callable

from indexer.analysis import analyze, join_compounds
from search import limits
from search.names import NameIndex
from search.results import MatchTier

UNIT_TIER = {"optional": MatchTier.EXACT, "exact": MatchTier.EXACT, "join": MatchTier.EXACT, "synonym": MatchTier.SYNONYM,
             "typo": MatchTier.TYPO, "prefix": MatchTier.TYPO, "phonetic": MatchTier.PHONETIC}
FUZZY_KINDS = frozenset({"typo", "prefix", "phonetic"})


@dataclass(frozen=True, slots=True)
class QueryWord:
    position: int
    surface: str
    word: str
    terms: tuple[str, ...]
    acronym: bool
    stop: bool


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: tuple[QueryWord, ...]
    joins: tuple  # compound tokens of two neighbouring words (indexer.analysis.Token, span 2)
    content: frozenset[int]  # positions a full match must cover
    prefix_position: int | None  # the last word, when it may be a word still being typed
    acronym_only: bool = False  # a lone filler word ("all"): it may only be an acronym

    @property
    def empty(self) -> bool:
        return not self.content


@dataclass(frozen=True, slots=True)
class Unit:
    """One way to match query words: the name terms it looks for (a phrase), and at what cost."""

    positions: frozenset[int]
    terms: tuple[str, ...]
    kind: str  # exact, join, synonym, typo, prefix, phonetic
    cost: float
    typed: str
    found: str = ""  # the vocabulary word or phrase it stands for, for corrections and synonyms

    @property
    def typed_key(self) -> str:
        """What was typed, compared with a name's words: case and the spaces between words aside."""
        return " ".join(self.typed.casefold().split())


@dataclass(frozen=True, slots=True)
class NameMatch:
    name: int  # index into NameIndex.names
    covered: frozenset[int]  # query positions matched
    name_positions: frozenset[int]
    placements: tuple[tuple[Unit, int, int], ...]  # (unit, name position, span) for each unit used
    tier: MatchTier
    completeness: float  # share of the name's content words matched
    cost: float


@dataclass(frozen=True, slots=True)
class TextMatch:
    page: int
    covered: frozenset[int]
    score: float


@dataclass
class Ranked:
    page: int
    key: tuple
    name_match: NameMatch | None
    text_match: TextMatch | None
    coverage: float
    tier: MatchTier = field(default=MatchTier.TEXT)


# ---- stage 1: normalise ---------------------------------------------------------------------------------

def clean_text(text: str) -> str:
    """The query as read: at most MAX_QUERY_CHARS, with control and unpaired surrogate characters turned
    into spaces, so no character can break a later stage. Format characters (zero-width, soft hyphen,
    bidi) are left to the analysis chain, which reads them inside a word as pages are read."""
    text = text[: limits.MAX_QUERY_CHARS]
    if text.isascii() and text.isprintable():  # what almost every visitor types: nothing to look at
        return text
    return "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in text)


def normalise(text: str, *, allow_prefix: bool = True) -> ParsedQuery:
    cleaned = clean_text(text)
    tokens = analyze(cleaned)[: limits.MAX_QUERY_WORDS]
    # A folded word is cut to MAX_WORD_CHARS, so correcting, completing and sounding it is bounded work
    # (see limits). Its terms stay whole: matching a term as typed is a look-up, whatever its length.
    words = tuple(QueryWord(t.position, t.surface, t.word[: limits.MAX_WORD_CHARS], t.terms(), t.acronym,
                            t.stop) for t in tokens)
    content = frozenset(w.position for w in words if not w.stop)
    acronym_only = False
    if not content and len(words) == 1:
        # A lone filler word may still be an acronym typed in lower case ("all" for ALL).
        content, acronym_only = frozenset({0}), True
    joins = tuple(join_compounds(tokens))
    prefix_position = None
    if allow_prefix and words and not cleaned.endswith((" ", "\t")):
        last = words[-1]
        if not last.stop and len(last.word) >= limits.PREFIX_MIN_LENGTH:
            prefix_position = last.position
    return ParsedQuery(cleaned, words, joins, content, prefix_position, acronym_only)


def as_typed_so_far(query: ParsedQuery) -> ParsedQuery:
    """The query as a search box holds it while a word is typed: a last word of fewer than
    PREFIX_MIN_LENGTH letters, after other words, is the start of a word too short to complete ("bone c").
    It is not required (a name holding a lone "C" would otherwise outweigh "bone"), only a filler word
    that may refine the order."""
    if query.prefix_position is not None or not query.words or query.text.endswith((" ", "\t")):
        return query
    last = query.words[-1].position
    if last in query.content and len(query.content) > 1 and len(query.words[-1].word) < limits.PREFIX_MIN_LENGTH:
        return replace(query, content=query.content - {last})
    return query


# ---- stage 2: expand -------------------------------------------------------------------------------------

def expand(query: ParsedQuery, synonyms: SynonymTable) -> list[Unit]:
    """The query's own words, their compounds, and the phrases synonyms.txt makes them equal to."""
    units = []
    for word in query.words:
        kind = "exact" if word.position in query.content else "optional"
        units.extend(Unit(frozenset({word.position}), (term,), kind, 0.0, word.surface)
                     for term in word.terms)
    for join in query.joins:
        units.append(Unit(frozenset({join.position, join.position + 1}), (join.term,), "join", 0.0,
                          join.surface))
    units.extend(synonym_units(query, synonyms))
    return units


class SynonymTable:
    """The synonym rules of an index, each as (rule, source phrases, target phrases), a phrase being
    (its terms, its text); and where each source phrase starts, by its first term, so that a query looks
    up its own words instead of trying every phrase at every place."""

    def __init__(self, rules):
        self.rules = tuple(rules)
        self.starts: dict[str, list[tuple[int, int]]] = {}
        for rule_number, (_rule, sources, _targets) in enumerate(self.rules):
            for source_number, (terms, _text) in enumerate(sources):
                if terms:  # a phrase of filler words only stands for nothing
                    self.starts.setdefault(terms[0], []).append((rule_number, source_number))


def synonym_units(query: ParsedQuery, synonyms: SynonymTable) -> list[Unit]:
    content_words = [w for w in query.words if w.position in query.content]
    # In the order of the rules, then of their phrases: the first MAX_SYNONYM_EXPANSIONS are kept.
    started = sorted({start for word in content_words for term in word.terms
                      for start in synonyms.starts.get(term, ())})
    units = []
    for rule_number, source_number in started:
        _rule, source_phrases, target_phrases = synonyms.rules[rule_number]
        source_terms, _source_text = source_phrases[source_number]
        for start in range(len(content_words) - len(source_terms) + 1):
            window = content_words[start:start + len(source_terms)]
            if not all(term in word.terms for term, word in zip(source_terms, window)):
                continue
            positions = frozenset(word.position for word in window)
            typed = " ".join(word.surface for word in window)
            for target_terms, target_text in target_phrases:
                if target_terms != source_terms:
                    units.append(Unit(positions, target_terms, "synonym", 0.5, typed, target_text))
            if len(units) >= limits.MAX_SYNONYM_EXPANSIONS:
                return units
    return units


# ---- stage 3: correct, and stage 4: sound ----------------------------------------------------------------

def short_acronym(word) -> bool:
    """An acronym too short to correct, complete or match by sound (a query's word or a name's)."""
    return word.acronym and len(word.word) < limits.LONG_ACRONYM_MIN_LENGTH


def unknown_words(query: ParsedQuery, names: NameIndex) -> list[QueryWord]:
    """Content words that no name holds as a word, alone or joined with a query neighbour: the ones worth
    correcting. A word that only two words of a name written together read as ("diseasee" as "disease
    Ia") is corrected too; its reading as that compound stays, and the two compete in the ranking."""
    joined = {p for join in query.joins if names.has_term(join.term)
              for p in (join.position, join.position + 1)}
    return [w for w in query.words
            if w.position in query.content and w.position not in joined and not short_acronym(w)
            and not query.acronym_only and not any(names.holds_word(term) for term in w.terms)]


def correct(query: ParsedQuery, names: NameIndex) -> list[Unit]:
    """Typo corrections of unknown words, and completions of the word still being typed."""
    units = []
    corrected = set()
    for word in unknown_words(query, names):
        for order, candidate in enumerate(names.vocabulary.corrections(word.word)):
            # The order (closeness, then frequency) breaks ties between equally costly corrections.
            units.extend(Unit(frozenset({word.position}), (term,), "typo", candidate.cost + 0.01 * order,
                              word.surface, candidate.word) for term in names.terms_of(candidate.word))
            corrected.add(word.position)
    if query.prefix_position is not None:
        word = query.words[query.prefix_position]
        # A word that reads as a whole word with a typo needs no completion read with a typo as well.
        for candidate in names.vocabulary.completions(word.word, typo=word.position not in corrected):
            units.extend(Unit(frozenset({word.position}), (term,), "prefix",
                              candidate.cost + 0.01 * (len(candidate.word) - len(word.word)),
                              word.surface, candidate.word)
                         for term in names.terms_of(candidate.word))
    return units


def sound(query: ParsedQuery, names: NameIndex, corrections: list[Unit]) -> list[Unit]:
    """Sound-alikes of unknown words that spelling correction did not reach. A word is also heard without
    its ending, as its term ("hojkins" as "hojkin", which sounds as "hodgkin")."""
    corrected = {unit.found for unit in corrections}
    units = []
    for word in unknown_words(query, names):
        candidates = {}
        for spelling in dict.fromkeys((word.word, *word.terms)):
            for candidate in names.vocabulary.sound_alikes(spelling):
                candidates.setdefault(candidate.word, candidate)
        for order, candidate in enumerate(candidates.values()):
            if candidate.word in corrected:
                continue
            units.extend(Unit(frozenset({word.position}), (term,), "phonetic",
                              2.0 + 0.1 * candidate.cost + 0.01 * order, word.surface, candidate.word)
                         for term in names.terms_of(candidate.word))
    return units


# ---- stage 5: match names --------------------------------------------------------------------------------

def unit_tier(unit: Unit, names: NameIndex, name_number: int, position: int, span: int) -> MatchTier:
    """A unit's tier where it was placed: exact words written otherwise in the name are a variant."""
    tier = UNIT_TIER[unit.kind]
    if tier is MatchTier.EXACT:
        words = names.names[name_number].words
        written = words[position].surface_key if span == 1 else " ".join(
            w.surface_key for w in words[position:position + span])
        if written != unit.typed_key:
            return MatchTier.VARIANT
    return tier


class NamePlacer:
    """Where a query's units stand in one name: built once per query, then asked name by name, so that
    the work grows with the names scored, not with the length of the posting lists of common words."""

    def __init__(self, query: ParsedQuery, units: list[Unit]):
        self.query = query
        self.units = units
        # For each first term, the units it starts, as plain tuples read in the loop over a name's words:
        # (unit number, a filler-word unit, a fuzzy unit, the phrase's other terms, then how `assign` orders
        # the units: widest first, then cheapest; then, after the place in the name, query order with the
        # query's own words before filler words). Attribute reads cost a name's every word, every query.
        self.entries_by_term: dict[str, list[tuple]] = {}
        for number, unit in enumerate(units):
            optional = unit.kind == "optional"
            self.entries_by_term.setdefault(unit.terms[0], []).append(
                (number, optional, unit.kind in FUZZY_KINDS, unit.terms[1:],
                 -len(unit.positions), unit.cost, number + len(units) * optional))

    def places(self, names: NameIndex, name_number: int) -> list[tuple]:
        """(width, cost, name position, query order, unit number, span) of every unit that stands in the
        name, sorted in the order `assign` takes them: phrases with filler
        words of the name stepped over, compounds of two name words; a name's filler word is never the
        evidence for a page, acronyms are matched as written, and a lone filler word of the query
        ("all") only as an acronym."""
        by_term, acronym_only = self.entries_by_term, self.query.acronym_only
        name = names.names[name_number]
        words = name.words
        found = []
        for position, word in enumerate(words):
            if word.alternate_terms:
                entries = [entry for term in (word.term, *word.alternate_terms) for entry in by_term.get(term, ())]
            else:
                entries = by_term.get(word.term)
                if not entries:
                    continue
            for unit_number, optional, fuzzy, rest, width, cost, rank in entries:
                if (word.stop and not optional) or (acronym_only and not word.acronym) or (
                        fuzzy and short_acronym(word)):
                    continue
                span = phrase_span(words, position, rest) if rest else 1
                if span:
                    found.append((width, cost, position, rank, unit_number, span))
        for position, term in name.joins:
            acronym = words[position].acronym
            for unit_number, _optional, fuzzy, rest, width, cost, rank in by_term.get(term, ()):
                if not rest and not (acronym_only and not acronym) and not (acronym and fuzzy):
                    found.append((width, cost, position, rank, unit_number, 2))
        found.sort()
        return found


def phrase_span(words, position: int, rest: tuple[str, ...]) -> int:
    """How many name words, from `position`, a phrase whose first term stands there covers when its
    other terms follow (filler words of the name stepped over); 0 when they do not follow."""
    cursor = position + 1
    for term in rest:
        while cursor < len(words) and words[cursor].stop:
            cursor += 1
        if cursor >= len(words) or not (term == words[cursor].term or term in words[cursor].alternate_terms):
            return 0
        cursor += 1
    return cursor - position


def unit_names(unit: Unit, query: ParsedQuery, names: NameIndex) -> frozenset[int]:
    """The names a (non-filler) unit can stand in, as a set: for one term, straight from the name index."""
    first = unit.terms[0]
    if query.acronym_only:
        candidates = names.acronym_names.get(first, frozenset())
    else:
        candidates = names.content_names(first)
        if unit.kind in FUZZY_KINDS and first in names.acronym_names and len(first) < limits.LONG_ACRONYM_MIN_LENGTH:
            candidates = candidates - names.acronym_names[first]  # a short acronym is matched as written
    if len(unit.terms) == 1 or not candidates:
        return candidates
    return frozenset(n for n, position, span in names.postings[first]
                     if span == 1 and n in candidates and phrase_span(names.names[n].words, position, unit.terms[1:]))


def reachable_names(query: ParsedQuery, units: list[Unit], names: NameIndex, weights: dict[int, float]
                    ) -> tuple[set[int], dict[int, frozenset[int]]]:
    """The names whose units can cover at least the confidence floor of the query's weight, and the names
    each query position reaches. A name must hold every word of some set of words weighing the floor, so
    the answer is the union, over the smallest such sets, of the intersections of their names."""
    names_at: dict[int, set[int]] = {}
    for unit in units:
        if unit.kind == "optional":
            continue
        reached = unit_names(unit, query, names)
        for position in unit.positions:
            names_at.setdefault(position, set()).update(reached)
    floor = limits.MIN_QUERY_COVERAGE * sum(weights.values()) - 1e-9
    if floor <= 0:
        return set().union(*names_at.values()), names_at
    # Positions that reach the same names ("cancer cancer cancer") act as one word of their summed weight.
    groups: dict[frozenset[int], float] = {}
    for position, reached in names_at.items():
        if position in weights:
            key = frozenset(reached)
            groups[key] = groups.get(key, 0.0) + weights[position]
    group_names, group_weights = list(groups), list(groups.values())
    # Masks over the groups (at most 2 ** MAX_QUERY_WORDS), in numeric order, so that every mask less one
    # of its groups comes before it. A mask reaching the floor whose every smaller mask falls short is a
    # minimal cover; its names are those every one of its groups reaches.
    weight_of = [0.0] * (1 << len(groups))
    covered = [False] * (1 << len(groups))  # reaches the floor
    reachable: set[int] = set()
    for mask in range(1, 1 << len(groups)):
        lowest = mask & -mask
        weight_of[mask] = weight_of[mask ^ lowest] + group_weights[lowest.bit_length() - 1]
        if weight_of[mask] < floor:
            continue
        covered[mask] = True
        bits, minimal = mask, True
        while bits and minimal:
            bit = bits & -bits
            minimal = not covered[mask ^ bit]
            bits ^= bit
        if minimal:
            chosen = [group_names[i] for i in range(len(groups)) if mask >> i & 1]
            reachable |= min(chosen, key=len).intersection(*chosen)
    return reachable, names_at


def match_names(query: ParsedQuery, units: list[Unit], names: NameIndex,
                weights: dict[int, float] | None = None, *, most: int = limits.MAX_NAMES_SCORED
                ) -> dict[int, NameMatch]:
    """The best match of each page's names: page number -> NameMatch.

    Only names that can reach the confidence floor with the words they hold are considered; of those, the
    `most` most promising are scored, in the order they will rank once scored: most query weight, then
    reached by a word as typed (or a variant or synonym of it) rather than only by a correction or
    completion, then holding the query's filler words too ("tumor of ..."), then fewest content words
    (as completeness ranks), then fewest words. Filler words of the query (optional units) only refine
    names found by other words."""
    weights = weights if weights is not None else word_weights(query, names)
    reachable, names_at = reachable_names(query, units, names, weights)
    if len(reachable) > most:
        plain = frozenset().union(*(unit_names(unit, query, names) for unit in units
                                    if unit.kind != "optional" and unit.kind not in FUZZY_KINDS))
        fillers = frozenset().union(*(names.filler_names(unit.terms[0]) for unit in units
                                      if unit.kind == "optional" and len(unit.terms) == 1))
        weighed = [(weights[p], names_at[p]) for p in names_at if weights.get(p)]
        reachable = most_promising(reachable, most, weighed, plain, fillers, names)
    best: dict[int, NameMatch] = {}
    score_names(reachable, NamePlacer(query, units), names, best)
    return best


def most_promising(reachable: set[int], most: int, weighed: list[tuple[float, set[int]]],
                   plain: frozenset[int], fillers: frozenset[int], names: NameIndex) -> list[int]:
    """The `most` first of `reachable` in the order of `match_names`. The names are split by set
    operations into parts of equal query weight (each word's names in or out), each part into four by
    (plain, fillers), and only the last part needed is ordered name by name (`NameIndex.shortness`): a key
    computed in Python for each of thousands of names would cost more than scoring the names kept."""
    parts = [(0.0, reachable)]
    for weight, held in weighed:
        parts = [(total, piece) for total, part in parts
                 for total, piece in ((total + weight, part & held), (total, part - held)) if piece]
    by_weight: dict[float, set[int]] = {}
    for total, part in parts:
        by_weight.setdefault(total, set()).update(part)
    chosen: list[int] = []
    for total in sorted(by_weight, reverse=True):
        part = by_weight[total]
        for group in (part & plain & fillers, (part & plain) - fillers, (part & fillers) - plain,
                      part - plain - fillers):
            room = most - len(chosen)
            if len(group) < room:
                chosen.extend(group)
            else:
                chosen.extend(heapq.nsmallest(room, group, key=names.shortness.__getitem__))
                return chosen
    return chosen


def score_names(name_numbers, placer: NamePlacer, names: NameIndex, best: dict[int, NameMatch]) -> None:
    """Places the units in each name and keeps each page's best match; a name that only filler words of
    the query reach is no match."""
    units = placer.units
    for name_number in name_numbers:
        places = placer.places(names, name_number)
        if any(units[place[4]].kind != "optional" for place in places):
            keep_best(best, assign(name_number, places, units, names), names)


def keep_best(best: dict[int, NameMatch], match: NameMatch, names: NameIndex) -> None:
    page = names.names[match.name].page
    if page not in best or name_key(match, names) < name_key(best[page], names):
        best[page] = match


def match_pages(pages, query: ParsedQuery, units: list[Unit], names: NameIndex,
                best: dict[int, NameMatch]) -> None:
    """Scores the names of the given pages (found by their text) that `match_names` left out, so that a
    page matching "leukemia" by name and "childhood" by text shows its name match too. Only names holding
    one of the query's words are placed: the others cannot match, and pages found by text have dozens."""
    holding = frozenset().union(*(unit_names(unit, query, names) for unit in units if unit.kind != "optional"))
    score_names([n for page in set(pages) - best.keys() for n in names.name_ranges[page] if n in holding],
                NamePlacer(query, units), names, best)


def assign(name_number: int, places, units: list[Unit], names: NameIndex) -> NameMatch:
    """Greedily picks non-overlapping units for one name, in the order of `NamePlacer.places`: widest
    first, then cheapest."""
    covered: set[int] = set()
    taken: set[int] = set()
    placed, tiers, cost = [], [], 0.0
    for _, _, position, _, unit_number, span in places:
        unit = units[unit_number]
        span_positions = range(position, position + span)
        if not covered.isdisjoint(unit.positions) or not taken.isdisjoint(span_positions):
            continue
        covered.update(unit.positions)
        taken.update(span_positions)
        placed.append((unit, position, span))
        tiers.append(unit_tier(unit, names, name_number, position, span))
        cost += unit.cost
    name = names.names[name_number]
    content_taken = sum(1 for p in taken if not name.words[p].stop)
    completeness = content_taken / name.content_count if name.content_count else 1.0
    return NameMatch(name_number, frozenset(covered), frozenset(taken), tuple(placed), max(tiers),
                     completeness, cost)


def name_key(match: NameMatch, names: NameIndex) -> tuple:
    # The name number last: the page's best name does not depend on the order names were scored in.
    return (-len(match.covered), match.tier, -match.completeness, match.cost,
            names.names[match.name].kind_rank, len(names.names[match.name].words), match.name)


# ---- stage 6: match text ---------------------------------------------------------------------------------

def text_terms(query: ParsedQuery) -> dict[str, int]:
    """Body terms to look for: each content word's readings, mapped to the word's position."""
    return {term: word.position for word in query.words if word.position in query.content
            for term in word.terms}


# ---- stage 7: rank ---------------------------------------------------------------------------------------

def rank(query: ParsedQuery, name_matches: dict[int, NameMatch], text_matches: dict[int, TextMatch],
         names: NameIndex, weights: dict[int, float] | None = None) -> list[Ranked]:
    """Orders pages by the ranking rules and drops those under the confidence floor."""
    weights = weights if weights is not None else word_weights(query, names)
    total_weight = sum(weights.values())
    ranked = []
    for page in name_matches.keys() | text_matches.keys():
        name_match, text_match = name_matches.get(page), text_matches.get(page)
        by_name = name_match.covered & query.content if name_match else frozenset()
        by_text = text_match.covered if text_match else frozenset()
        words = len(by_name | by_text)
        coverage = sum(weights.get(p, 0.0) for p in by_name | by_text) / total_weight if total_weight else 0.0
        if words == 0 or coverage < limits.MIN_QUERY_COVERAGE:
            continue
        tier = name_match.tier if name_match and by_name else MatchTier.TEXT
        key = (
            -words,  # 1. words: query words matched anywhere on the page
            -len(by_name),  # 2. words matched by one name of the page
            tier,  # 3. tier: exact > variant > synonym > typo > phonetic > text
            -(name_match.completeness if name_match else 0.0),  # 4. how much of the name was matched
            -(len(name_match.covered - query.content) if name_match else 0),  # 5. filler words matched too
            name_match.cost if name_match else 9.0,  # 6. closeness: fewer, cheaper edits
            names.names[name_match.name].kind_rank if name_match else 3,  # 7. title > names > related
            -(text_match.score if text_match else 0.0),  # 8. body text relevance
            len(names.names[name_match.name].words) if name_match else 99,  # 9. shorter names first
            page,
        )
        ranked.append(Ranked(page, key, name_match, text_match, coverage, tier))
    ranked.sort(key=lambda r: r.key)
    return ranked


def word_weights(query: ParsedQuery, names: NameIndex, units: list[Unit] = (),
                 text_share: Callable[[str], float] | None = None) -> dict[int, float]:
    """How much each content word of the query weighs in its coverage: its inverse document frequency,
    so that matching only "cancer" of "prostrate cancer" is not half a match.

    A word no name holds weighs as the names its compounds, synonyms or corrections reach; failing that, as its frequency in
    page texts (`text_share`: the share of pages whose text holds a term); a word found nowhere weighs
    nothing, so "is melanoma curable" is still about melanoma."""
    name_count = max(1, len(names.names))
    reached: dict[int, tuple[float, int]] = {}  # position -> (discount, frequency) of the surest unit
    for unit in units:
        if unit.kind in ("exact", "optional"):
            continue
        frequency = len(names.postings.get(unit.terms[0], ()))
        discount = limits.FUZZY_WORD_WEIGHT if unit.kind in FUZZY_KINDS else 1.0
        for position in unit.positions if frequency else ():
            reached[position] = max(reached.get(position, (0.0, 0)), (discount, -frequency))
    weights = {}
    for word in query.words:
        if word.position not in query.content:
            continue
        frequency = max((len(names.postings.get(term, ())) for term in word.terms), default=0)
        if frequency:
            weights[word.position] = math.log(1 + name_count / frequency)
            continue
        if word.position in reached:
            discount, negative_frequency = reached[word.position]
            weights[word.position] = discount * math.log(1 + name_count / -negative_frequency)
            continue
        share = max((text_share(term) for term in word.terms), default=0.0) if text_share else 0.0
        weights[word.position] = limits.TEXT_WORD_WEIGHT * math.log(1 + 1 / share) if share else 0.0
    return weights


def score_of(ranked: Ranked) -> float:
    """A relevance figure for display, in [0, 1]: coverage, lowered by tier and for partial names."""
    completeness = ranked.name_match.completeness if ranked.name_match else 0.5
    tier_factor = 1.0 - 0.1 * (int(ranked.tier) - 1)
    return round(ranked.coverage * tier_factor * (0.6 + 0.4 * completeness), 4)
