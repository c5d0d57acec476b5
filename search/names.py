"""The names of every page, held in memory for matching queries against names, phrase by phrase.

Built once per index generation from the analysed names the index stores (field `name_data`), so a
searcher opens without re-analysing anything. A posting says: this term stands at this position of this
name (or, for a compound join, at this position and the next).
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, replace
from sys import intern
from typing import Iterable

from indexer.analysis import Change, light_stem
from indexer.kept import Kept
from indexer.store import StoredPage
from search import limits
from search.kinds import name_kind_rank
from search.vocabulary import Vocabulary

# Terms in at least this many names keep a ready set of them; a shorter posting list is quicker to read.
CONTENT_SETS_MIN_POSTINGS = 16
# A name that this many pages carry is a broad word, whatever the pages say ("blood cancer" on every
# leukaemia and lymphoma): it names a group, never one page's own condition.
BROAD_NAME_MIN_PAGES = 3
# Kinds of name that are not the page's own condition: terms for its kinds and related terms.
NOT_OWN_KINDS = frozenset({"narrower", "related"})


@dataclass(frozen=True, slots=True)
class NameWord:
    surface: str
    word: str
    term: str
    alternate_terms: tuple[str, ...]  # its other index terms (stemmed otherwise), never `term` itself
    acronym: bool
    stop: bool
    surface_key: str  # the surface in lower case, to tell words typed as written from variants
    changes: frozenset[Change] = frozenset()  # the analysis steps that changed it (accents folded, ...)


@dataclass(frozen=True, slots=True)
class NameEntry:
    page: int  # index into NameIndex.page_ids
    text: str
    kind: str
    lang: str | None
    words: tuple[NameWord, ...]
    content_count: int  # words that are not filler
    joins: tuple[tuple[int, str], ...]  # (position, term) of each compound of two neighbouring content words
    kind_rank: int  # how much less the name counts than the title (search.kinds.NameKind.rank)
    # A name of the page's own condition: not a narrower or related term, nor a broad word (a name of one of
    # its broader pages, or of BROAD_NAME_MIN_PAGES pages: "blood cancer" on a leukaemia's page).
    own: bool = True


class NameIndex:
    """Postings from terms to name positions, the page titles, and the vocabulary of name words."""

    def __init__(self, stored_pages: Iterable[StoredPage]):
        self.page_ids: list[str] = []
        self.titles: list[str] = []
        self.names: list[NameEntry] = []
        # term -> list of (name index, position, span)
        self.postings: dict[str, list[tuple[int, int, int]]] = {}
        # folded word -> the index terms it stands for, and how many names hold it
        self.word_terms: dict[str, set[str]] = {}
        self.word_frequency: dict[str, int] = {}
        # page number -> the range of its name numbers (a page's names are numbered together)
        self.name_ranges: list[range] = []
        links = []
        for page in stored_pages:
            self._add_page(page)
            links.append((page.broader, page.narrower))
        number_of = {page_id: number for number, page_id in enumerate(self.page_ids)}
        # page number -> the page numbers it is a kind of, and those that are kinds of it (an overview has some)
        self.broader = [tuple(number_of[i] for i in broader if i in number_of) for broader, _ in links]
        self.narrower = [tuple(number_of[i] for i in narrower if i in number_of) for _, narrower in links]
        self._mark_names_not_own()
        # Each name's standing as one number: its page's own name or not, and its kind (names of one page
        # and standing are alike, search.stages.prune.shortest_alike).
        standings: dict[tuple[bool, str], int] = {}
        self.standing = array("i", (standings.setdefault((name.own, name.kind), len(standings)) for name in self.names))
        # Terms that stand for two neighbouring name words written as one (a unit of one term may take both).
        self.join_terms = frozenset(term for term, postings in self.postings.items()
                                    if any(span == 2 for _, _, span in postings))
        # The terms some own name of a page holds: a word held only by narrower, related or broad names says
        # less of what a query is about (search.stages.weigh).
        self.own_terms = frozenset(term for name in self.names if name.own for word in name.words
                                   for term in (word.term, *word.alternate_terms))
        # term -> the names holding it as a content word (not a filler word), and as an acronym: sets, so
        # that the names a query can reach are found by set operations, whatever the length of a posting
        # list. Sets of the content names are kept for the frequent terms only; the rest are made when asked.
        self._content_names: dict[str, frozenset[int]] = {}
        # (terms, fuzzy, acronyms only) -> the names a unit of those terms stands in (search.stages.match_names
        # .unit_names): the same words recur from query to query, and a phrase's names cost a posting walk.
        self.unit_names_cache: dict[tuple, frozenset[int]] = {}
        # The names a query position reaches (the union of its units' sets, search.stages.reach.position_names):
        # such a union holds thousands of names on an ontology, so they are kept by their count of names.
        self.position_names_kept = Kept(limits.POSITION_NAMES_KEPT, len)
        self.acronym_names: dict[str, frozenset[int]] = {}
        self._filler_names: dict[str, frozenset[int]] = {}
        for term, postings in self.postings.items():
            if len(postings) >= CONTENT_SETS_MIN_POSTINGS:
                self._content_names[term] = self._names_as_content(postings)
            acronym = {n for n, position, span in postings if self.names[n].words[position].acronym}
            if acronym:
                self.acronym_names[term] = frozenset(acronym)
        self.vocabulary = Vocabulary(self.word_frequency)
        # The names' words by their last COMPOUND_TAIL_MIN_LENGTH letters (names_ending_with), made when needed.
        self._words_by_ending: dict[str, list[str]] | None = None
        # Each name's place among all names ordered by content words, then words, then number, as compact
        # ints: the key that picks the shortest of many names without a Python call per name.
        self.page_of_name = array("i", (name.page for name in self.names))  # names.names[n].page, read fast
        self.content_counts = array("i", (name.content_count for name in self.names))  # ... and .content_count
        self.shortness = array("i", bytes(4 * len(self.names)))
        by_length = sorted(range(len(self.names)),
                           key=lambda n: (self.names[n].content_count, len(self.names[n].words), n))
        for place, name_number in enumerate(by_length):
            self.shortness[name_number] = place
        self.by_shortness = array("i", by_length)  # place -> name number

    def _names_as_content(self, postings) -> frozenset[int]:
        return frozenset(n for n, position, span in postings if span == 2 or not self.names[n].words[position].stop)

    def content_names(self, term: str) -> frozenset[int]:
        """The names holding `term` as a content word (a compound counts; a filler word does not)."""
        held = self._content_names.get(term)
        if held is None:
            held = self._names_as_content(self.postings.get(term, ()))
        return held

    def filler_names(self, term: str) -> frozenset[int]:
        """The names holding `term` as a filler word ("of" in "tumor of heart"). Only filler words of
        queries ask, and they are few, so each set is made once, when first asked, and kept."""
        held = self._filler_names.get(term)
        if held is None:
            held = frozenset(n for n, position, span in self.postings.get(term, ())
                             if span == 1 and self.names[n].words[position].stop)
            self._filler_names[term] = held
        return held

    def _add_page(self, page: StoredPage) -> None:
        page_number = len(self.page_ids)
        first_name = len(self.names)
        self.page_ids.append(page.id)
        self.titles.append(page.title)
        for text, kind, lang, analysed in page.names:
            # Interned: the same few words recur in thousands of names, and each would otherwise be a copy.
            words = tuple(NameWord(intern(surface), intern(word), intern(term),
                                   tuple(dict.fromkeys(intern(t) for _, t in alternates if t != term)),
                                   acronym, stop, intern(surface.casefold()), changes)
                          for surface, word, term, alternates, acronym, stop, changes in analysed)
            name_number = len(self.names)
            for position, name_word in enumerate(words):
                for term in (name_word.term, *name_word.alternate_terms):
                    self.postings.setdefault(term, []).append((name_number, position, 1))
                self.word_terms.setdefault(name_word.word, set()).add(name_word.term)
                self.word_frequency[name_word.word] = self.word_frequency.get(name_word.word, 0) + 1
            joins = []
            for position, (first, second) in enumerate(zip(words, words[1:])):
                if first.stop or second.stop:
                    continue
                joined_word = first.word + second.word
                joined_term = light_stem(joined_word)
                joins.append((position, joined_term))
                self.postings.setdefault(joined_term, []).append((name_number, position, 2))
                self.word_terms.setdefault(joined_word, set()).add(joined_term)
                self.word_frequency[joined_word] = self.word_frequency.get(joined_word, 0) + 1
            self.names.append(NameEntry(page_number, text, kind, lang, words,
                                        sum(1 for w in words if not w.stop), tuple(joins),
                                        name_kind_rank(kind)))
        self.name_ranges.append(range(first_name, len(self.names)))

    def ancestors(self, page: int) -> set[int]:
        """Every page `page` is a kind of, however far up."""
        found, todo = set(), list(self.broader[page])
        while todo:
            up = todo.pop()
            if up not in found:
                found.add(up)
                todo.extend(self.broader[up])
        return found

    def _mark_names_not_own(self) -> None:
        """Marks the names that are not the page's own: narrower and related terms, and broad words."""
        def key(name: NameEntry) -> tuple[str, ...]:
            return tuple(word.term for word in name.words if not word.stop)

        keys_of_page = [{key(self.names[n]) for n in names} for names in self.name_ranges]
        pages_of_key: dict[tuple[str, ...], int] = {}
        for held in keys_of_page:
            for name_key in held:
                pages_of_key[name_key] = pages_of_key.get(name_key, 0) + 1
        for page, numbers in enumerate(self.name_ranges):
            broad = set().union(*(keys_of_page[up] for up in self.ancestors(page)))
            for n in numbers:
                name = self.names[n]
                if name.kind in NOT_OWN_KINDS or (name.kind != "title" and (
                        key(name) in broad or pages_of_key[key(name)] >= BROAD_NAME_MIN_PAGES)):
                    self.names[n] = replace(name, own=False)

    def names_ending_with(self, word: str, *, most: int) -> list[int]:
        """The names holding a longer word that ends with `word` ("borstkanker" for "kanker"), of the `most`
        shortest such words, each name once, shortest names first. `word` is folded as names' words are."""
        if len(word) < limits.COMPOUND_TAIL_MIN_LENGTH:
            return []
        if self._words_by_ending is None:  # made when first asked: only completions ask, and ask often
            by_ending: dict[str, list[str]] = {}
            for held in self.word_frequency:
                by_ending.setdefault(held[-limits.COMPOUND_TAIL_MIN_LENGTH:], []).append(held)
            self._words_by_ending = by_ending
        candidates = self._words_by_ending.get(word[-limits.COMPOUND_TAIL_MIN_LENGTH:], ())
        endings = sorted((held for held in candidates if len(held) > len(word) and held.endswith(word)),
                         key=lambda held: (len(held), held))[:most]
        found = {number for held in endings for term in self.terms_of(held)
                 for number, position, span in self.postings.get(term, ())
                 if span == 1 and self.names[number].words[position].word == held}
        return sorted(found, key=lambda number: self.shortness[number])

    def terms_of(self, word: str) -> set[str]:
        return self.word_terms.get(word, set())

    def has_term(self, term: str) -> bool:
        return term in self.postings

    def holds_word(self, term: str) -> bool:
        """Whether a name holds `term` as one of its words, not only as two of its words written together:
        "diseasee" reads as the term of "disease Ia" written together, and is still worth correcting."""
        return any(span == 1 for _, _, span in self.postings.get(term, ()))
