"""`Searcher`: opens an index directory and answers queries through the pipeline (search/pipeline.py).

A Searcher is cheap to query many times and safe to share between threads: everything a query reads is
one immutable `IndexState`, swapped whole when `CURRENT` names a new generation (checked at most once a
second), so a query sees the old index or the new one, never a mix.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
from itertools import accumulate
from dataclasses import dataclass
from pathlib import Path

from corpus.page import Page
from indexer.analysis import ANALYSIS_VERSION
from indexer.sites import Lexicon, load_lexicon
from indexer.store import IndexFormatError, OpenIndex, current_generation
from indexer.synonyms import SynonymRule, parse_synonyms
from search import limits
from search.names import NameIndex
from search.pipeline import Mode, QueryIndex, run
from search.query import ParsedQuery
from search.results import IndexInfo, SearchResponse, Suggestion
from search.stages.expand import SynonymTable
from search.stages.explain import hit, suggestion_for
from search.stages.rank import deciding_rule, score_of
from search.stages.sites import english_forms

RELOAD_CHECK_SECONDS = 1.0
# A new generation that could not be opened is tried again after this long, not at every check: opening
# hashes every file (15 ms for the DO union, in each worker) and logs why it failed, which once a second
# would be a cost and a flood for nothing; trying again at all recovers from a passing failure (no file
# descriptor left, a disk that was slow to answer).
REFUSED_GENERATION_RETRY_SECONDS = 60.0

log = logging.getLogger(__name__)


class SearchError(Exception):
    """Base of the errors a Searcher raises."""


class IndexMissing(SearchError):
    """No complete index in the directory: build one with `condsearch index`."""


class IndexUnreadable(SearchError):
    """An index directory whose index cannot be read (damaged, or written by an incompatible version)."""


@dataclass(frozen=True)
class IndexState:
    generation: Path
    opened: OpenIndex
    names: NameIndex
    synonyms: SynonymTable
    lexicon: Lexicon
    english_forms: dict
    vocabulary: dict
    listing: tuple[tuple[str, str], ...]  # (id, title) of every page, by id


def freeze_for_gc() -> None:
    """Moves everything alive into the collector's permanent generation: the index's millions of small
    objects are never garbage, and scanning them made rare queries pause for 200 ms. Unfreezing first lets
    the collector reclaim a generation replaced by a rebuild."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def synonym_table(synonyms_text: str, origin: str) -> SynonymTable:
    rules = []
    for rule in parse_synonyms(synonyms_text, origin=origin):
        sources = tuple((SynonymRule.terms(p), p) for p in rule.sources)
        targets = tuple((SynonymRule.terms(p), p) for p in rule.targets)
        rules.append((rule, sources, targets))
    return SynonymTable(rules)


def load_state(generation: Path) -> IndexState:
    """Everything a query reads from one generation. Raises IndexUnreadable when its files are damaged,
    cut short or written by a version whose format or analysis differs from ours."""
    try:
        opened = OpenIndex.open(generation, analysis_version=ANALYSIS_VERSION)
        names = NameIndex(opened.stored_pages)
        lexicon = load_lexicon()
        state = IndexState(generation, opened, names, synonym_table(opened.synonyms_text(), str(generation)),
                           lexicon, english_forms(lexicon), lexicon.words_with(names.word_frequency),
                           tuple(sorted(zip(names.page_ids, names.titles))))
    except Exception as error:  # whatever is wrong with the files, the caller gets one clear error
        raise IndexUnreadable(f"{generation}: the index cannot be read ({type(error).__name__}: {error}); "
                              f"rebuild it with `condsearch index --force`") from error
    freeze_for_gc()
    return state


def _with_compound_tails(found: list, query: ParsedQuery, names: NameIndex, *, limit: int) -> list:
    """`found` (page, name) completions with the names whose words end with the one content word of `query`
    put after those holding it as a word of its own: "kanker" offers "hematologische kanker", then
    "borstkanker", "longkanker", ..., before the cancers it reaches only as a translation of "cancer"."""
    words = [word.word for word in query.words if word.position in query.content]
    if len(words) != 1 or len(words[0]) < limits.COMPOUND_TAIL_MIN_LENGTH:
        return found
    word = words[0]
    tails = [(names.names[number].page, names.names[number])
             for number in names.names_ending_with(word, most=limits.MAX_COMPOUND_TAIL_WORDS)]
    if not tails:
        return found
    holding = [(page, name) for page, name in found if any(held.word == word for held in name.words)]
    merged, pages = [], set()
    for page, name in holding + tails + found:
        if page not in pages:
            pages.add(page)
            merged.append((page, name))
    return merged[:limit]


class Searcher:
    """Answers queries from the index in `index_dir`.

    Raises IndexMissing when the directory holds no complete index, IndexUnreadable when it is damaged.
    """

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        generation = current_generation(self.index_dir)
        if generation is None:
            raise IndexMissing(f"{self.index_dir}: no index here yet; build one with "
                               f"`condsearch index --index {self.index_dir}`")
        self._state = load_state(generation)
        # The last generation `CURRENT` named that could not be opened, and when it was tried.
        self._refused: Path | None = None
        self._refused_at = 0.0
        self._reload_lock = threading.Lock()
        self._checked_at = time.monotonic()
        self._local = threading.local()

    def _current(self) -> IndexState:
        """The state to answer with, after switching to a newer generation if one was built."""
        now = time.monotonic()
        if now - self._checked_at >= RELOAD_CHECK_SECONDS and self._reload_lock.acquire(blocking=False):
            try:
                self._checked_at = now
                generation = current_generation(self.index_dir)
                retry = generation != self._refused or now - self._refused_at >= REFUSED_GENERATION_RETRY_SECONDS
                if generation not in (None, self._state.generation) and retry:
                    self._state = load_state(generation)
            except IndexUnreadable as error:
                # Keep serving the generation we have: a damaged one never replaces it.
                self._refused, self._refused_at = generation, now
                log.warning("%s; %s keeps serving", error, self._state.generation.name)
            finally:
                self._reload_lock.release()
        state = self._state
        previous = getattr(self._local, "opened", None)
        if previous is not state.opened:
            if previous is not None:
                previous.close_thread()
            self._local.opened = state.opened
        return state

    def _query_index(self, state: IndexState) -> QueryIndex:
        try:
            text = state.opened.text_index()
        except Exception as error:  # each thread opens the files anew: they may be gone by now
            raise IndexUnreadable(f"{state.generation}: the index files cannot be opened any more "
                                  f"({type(error).__name__}: {error}); was the folder removed? Rebuild it "
                                  f"with `condsearch index --force`") from error
        return QueryIndex(state.names, state.synonyms, text, state.lexicon, state.english_forms, state.vocabulary)

    def search(self, query: str, *, limit: int = limits.DEFAULT_RESULTS, offset: int = 0) -> SearchResponse:
        limit = max(0, min(int(limit), limits.MAX_RESULTS))
        offset = max(0, int(offset))
        state = self._current()
        parsed, ranked, capped = run(query, self._query_index(state), mode=Mode.SEARCH)
        if not ranked:
            return SearchResponse(query=query, total_is_lower_bound=capped)
        names, opened = state.names, state.opened
        # A score never rises down the list: each is at most the one above it (the rules, not the score,
        # decide the order; the score says how much of the query a page answers).
        scores = list(accumulate((score_of(item) for item in ranked[:offset + limit]), min))
        hits = []
        for place in range(offset, min(offset + limit, len(ranked))):
            item = ranked[place]
            record = self._read(state, opened.summary, item.page)
            decided = deciding_rule(item.evidence, ranked[place + 1].evidence).id if place + 1 < len(ranked) else None
            hits.append(hit(parsed, item, names, names.page_ids[item.page], record.summary, record.tokens,
                            rank_rule=decided, score=scores[place], summary_places=record.places))
        suggestion = None
        if ranked[0].tier.is_correction:
            suggestion = suggestion_for(parsed, ranked[0].name_match, names)
        return SearchResponse(query=query, hits=tuple(hits), suggestion=suggestion, total=len(ranked),
                              total_is_lower_bound=capped)

    def suggest(self, prefix: str, *, limit: int = limits.MAX_SUGGESTIONS) -> list[Suggestion]:
        """Completions for a search box: the pages whose names complete what was typed."""
        limit = max(0, min(int(limit), limits.MAX_SUGGESTIONS))
        state = self._current()
        outcome = run(prefix, self._query_index(state), mode=Mode.SUGGEST)
        names = state.names
        found = [(item.page, names.names[item.name_match.name]) for item in outcome.ranked[:limit] if item.name_match]
        found = _with_compound_tails(found, outcome.query, names, limit=limit)
        return [Suggestion(names.page_ids[page], names.titles[page], name.text,
                           name.lang if name.lang and name.lang != "en" else None) for page, name in found]

    def page(self, page_id: str) -> Page | None:
        state = self._current()
        self._query_index(state)  # opens this thread's files, with the same error when they are gone
        return self._read(state, state.opened.page, page_id)

    @staticmethod
    def _read(state: IndexState, read, key):
        """A stored record; IndexUnreadable when its bytes changed on disk since the generation was opened."""
        try:
            return read(key)
        except IndexFormatError as error:
            raise IndexUnreadable(f"{state.generation}: {error}; rebuild it with `condsearch index --force`") \
                from error

    def listing(self) -> tuple[tuple[str, str], ...]:
        """The (id, title) of every page, in the order of their ids."""
        return self._current().listing

    def info(self) -> IndexInfo:
        meta = self._current().opened.meta
        return IndexInfo(index_id=meta["index_id"], page_count=meta["page_count"],
                         fingerprint=meta["fingerprint"], analysis_version=meta["analysis_version"],
                         built_at=meta.get("built_at", ""))
