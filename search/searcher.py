"""`Searcher`: opens an index directory and answers queries through the pipeline.

A Searcher is cheap to query many times and safe to share between threads: everything a query reads is
one immutable `IndexState`, swapped whole when `CURRENT` names a new generation (checked at most once a
second), so a query sees the old index or the new one, never a mix.
"""
from __future__ import annotations

import gc
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import And, Or, Term
from whoosh.scoring import BM25F

from corpus.page import Page
from indexer.analysis import ANALYSIS_VERSION
from indexer.build import SYNONYMS_FILE, check_generation, current_generation
from indexer.synonyms import SynonymRule, parse_synonyms
from search import explain, limits, pipeline
from search.names import NameIndex
from search.results import Hit, IndexInfo, MatchTier, SearchResponse, Suggestion

RELOAD_CHECK_SECONDS = 1.0


class SearchError(Exception):
    """Base of the errors a Searcher raises."""


class IndexMissing(SearchError):
    """No complete index in the directory: build one with `condsearch index`."""


class IndexUnreadable(SearchError):
    """An index directory whose index cannot be read (damaged, or written by an incompatible version)."""


@dataclass(frozen=True)
class IndexState:
    generation: Path
    meta: dict
    ix: object  # whoosh FileIndex
    names: NameIndex
    docnums: tuple[int, ...]  # page number -> Whoosh document number
    page_of_docnum: dict
    synonyms: pipeline.SynonymTable


def freeze_for_gc() -> None:
    """Moves everything alive into the collector's permanent generation: the index's millions of small
    objects are never garbage, and scanning them made rare queries pause for 200 ms. Unfreezing first lets
    the collector reclaim a generation replaced by a rebuild."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def load_state(generation: Path) -> IndexState:
    """Everything a query reads from one generation. Raises IndexUnreadable when its files are damaged,
    cut short or written by a version whose analysis differs from ours (its terms would not meet the
    query's: results would be silently wrong rather than visibly missing)."""
    try:
        meta = check_generation(generation)
        if meta["analysis_version"] != ANALYSIS_VERSION:
            raise ValueError(f"it was built with analysis version {meta['analysis_version']}, "
                             f"this program reads version {ANALYSIS_VERSION}")
        ix = whoosh_index.open_dir(str(generation))
        documents, docnums = [], []
        with ix.reader() as reader:
            for docnum, stored in reader.iter_docs():
                docnums.append(docnum)
                documents.append({"id": stored["id"], "title": stored["title"],
                                  "name_data": stored["name_data"]})
        names = NameIndex(documents)
        synonyms_file = generation / SYNONYMS_FILE
        rules = []
        for rule in parse_synonyms(synonyms_file.read_text(encoding="utf-8"), origin=str(synonyms_file)):
            sources = tuple((SynonymRule.terms(p), p) for p in rule.sources)
            targets = tuple((SynonymRule.terms(p), p) for p in rule.targets)
            rules.append((rule, sources, targets))
    except Exception as error:  # whatever is wrong with the files, the caller gets one clear error
        raise IndexUnreadable(f"{generation}: the index cannot be read ({type(error).__name__}: {error}); "
                              f"rebuild it with `condsearch index --force`") from error
    state = IndexState(generation, meta, ix, names, tuple(docnums),
                       {docnum: page for page, docnum in enumerate(docnums)}, pipeline.SynonymTable(rules))
    freeze_for_gc()
    return state


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
        self._reload_lock = threading.Lock()
        self._checked_at = time.monotonic()
        self._local = threading.local()

    # ---- index state ----------------------------------------------------------------------------------

    def _current(self) -> IndexState:
        """The state to answer with, after switching to a newer generation if one was built."""
        now = time.monotonic()
        if now - self._checked_at >= RELOAD_CHECK_SECONDS and self._reload_lock.acquire(blocking=False):
            try:
                self._checked_at = now
                generation = current_generation(self.index_dir)
                if generation is not None and generation != self._state.generation:
                    self._state = load_state(generation)
            except IndexUnreadable:
                pass  # keep serving the generation we have; the next check tries again
            finally:
                self._reload_lock.release()
        return self._state

    def _whoosh_searcher(self, state: IndexState):
        searchers = getattr(self._local, "searchers", None)
        if searchers is None or searchers[0] is not state:
            if searchers is not None:
                searchers[1].close()
            try:
                opened = state.ix.searcher(weighting=BM25F())
                # Every file this thread will read is opened now, together: Whoosh opens some only when
                # first read, and a folder removed under a running server stays readable only through
                # the files already open (the summaries' column, the stored pages).
                summaries = opened.reader().column_reader("summary_data")
                if opened.doc_count():
                    opened.stored_fields(0)
            except Exception as error:  # each thread opens the files anew: they may be gone by now
                raise IndexUnreadable(f"{state.generation}: the index files cannot be opened any more "
                                      f"({type(error).__name__}: {error}); was the folder removed? Rebuild it "
                                      f"with `condsearch index --force`") from error
            self._local.searchers = (state, opened, summaries)
        return self._local.searchers[1]

    def _summaries(self, state: IndexState):
        """Each page's summary and its analysed words (indexer.build.summary_record), by document number."""
        self._whoosh_searcher(state)
        return self._local.searchers[2]

    # ---- queries ----------------------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = limits.DEFAULT_RESULTS, offset: int = 0) -> SearchResponse:
        limit = max(0, min(int(limit), limits.MAX_RESULTS))
        offset = max(0, int(offset))
        state = self._current()
        parsed = pipeline.normalise(query)
        if parsed.empty:
            return SearchResponse(query=query)
        ranked = self._rank(state, parsed, with_text=True, always_complete=False, wanted=offset + limit)
        hits = tuple(self._hit(state, parsed, item) for item in ranked[offset:offset + limit])
        suggestion = None
        if ranked and ranked[0].tier in (MatchTier.TYPO, MatchTier.PHONETIC):
            suggestion = explain.suggestion_for(parsed, ranked[0].name_match, state.names)
        return SearchResponse(query=query, hits=hits, suggestion=suggestion, total=len(ranked))

    def suggest(self, prefix: str, *, limit: int = limits.MAX_SUGGESTIONS) -> list[Suggestion]:
        """Completions for a search box: the pages whose names complete what was typed."""
        limit = max(0, min(int(limit), limits.MAX_SUGGESTIONS))
        state = self._current()
        parsed = pipeline.as_typed_so_far(pipeline.normalise(prefix))
        if parsed.empty:
            return []
        ranked = self._rank(state, parsed, with_text=False, always_complete=True, wanted=limit,
                            names_scored=limits.MAX_SUGGEST_NAMES_SCORED)
        names = state.names
        return [Suggestion(names.page_ids[item.page], names.titles[item.page],
                           names.names[item.name_match.name].text)
                for item in ranked[:limit] if item.name_match]

    def _rank(self, state: IndexState, parsed, *, with_text: bool, always_complete: bool, wanted: int,
              names_scored: int = limits.MAX_NAMES_SCORED):
        """Runs the stages. The body text is searched only when names leave something to find: a query
        word no name matched, or fewer pages than asked for."""
        names = state.names
        units = pipeline.expand(parsed, state.synonyms)
        if not always_complete and parsed.prefix_position is not None:
            last = parsed.words[parsed.prefix_position]
            if any(names.has_term(term) for term in last.terms):
                parsed = _without_prefix(parsed)
        corrections = pipeline.correct(parsed, names)
        units += corrections
        units += pipeline.sound(parsed, names, corrections)
        weights = pipeline.word_weights(parsed, names, units, self._text_share(state) if with_text else None)
        name_matches = pipeline.match_names(parsed, units, names, weights, most=names_scored)
        text_matches = {}
        if with_text:
            fully_named = any(match.covered >= parsed.content for match in name_matches.values())
            if not fully_named:
                text_matches = self._match_text(state, parsed, every_word=False)
            elif len(name_matches) < wanted:
                text_matches = self._match_text(state, parsed, every_word=True)
            pipeline.match_pages(text_matches, parsed, units, names, name_matches)
        return pipeline.rank(parsed, name_matches, text_matches, names, weights)

    def _text_share(self, state: IndexState):
        searcher = self._whoosh_searcher(state)
        pages = max(1, searcher.doc_count())
        return lambda term: searcher.doc_frequency("body", term) / pages

    def _match_text(self, state: IndexState, parsed, *, every_word: bool) -> dict[int, pipeline.TextMatch]:
        """Pages whose text holds the query's words (Whoosh BM25F on the body field).

        With `every_word`, only pages holding all of them (to add pages after the names' matches);
        otherwise any of them, leaving out words so common that they tell pages apart no more than a
        filler word does (they would make every query score most of the corpus)."""
        position_of_term = pipeline.text_terms(parsed)
        if not position_of_term:
            return {}
        searcher = self._whoosh_searcher(state)
        if every_word:
            by_position: dict[int, list] = {}
            for term, position in position_of_term.items():
                by_position.setdefault(position, []).append(Term("body", term))
            query = And([Or(terms) for terms in by_position.values()])
        else:
            most = max(limits.MIN_COMMON_WORD_DOCS, searcher.doc_count() * limits.COMMON_WORD_SHARE)
            telling = [Term("body", t) for t in position_of_term if searcher.doc_frequency("body", t) <= most]
            if not telling:
                return {}
            query = Or(telling)
        matches = {}
        for hit in searcher.search(query, limit=limits.MAX_TEXT_HITS, terms=True):
            covered = set()
            for _field, term in hit.matched_terms():
                term = term.decode("utf-8") if isinstance(term, bytes) else term
                if term in position_of_term:
                    covered.add(position_of_term[term])
            page = state.page_of_docnum[hit.docnum]
            matches[page] = pipeline.TextMatch(page, frozenset(covered), hit.score)
        return matches

    def _hit(self, state: IndexState, parsed, ranked: pipeline.Ranked) -> Hit:
        names = state.names
        title = names.titles[ranked.page]
        summary, summary_tokens = json.loads(self._summaries(state)[state.docnums[ranked.page]])
        reasons = explain.reasons_for(parsed, ranked, names, title)
        wanted_terms = {term for unit, _, _ in (ranked.name_match.placements if ranked.name_match else ())
                        for term in unit.terms}
        wanted_terms |= set(pipeline.text_terms(parsed))
        matched_name = matched_html = None
        if ranked.name_match is not None:
            name = names.names[ranked.name_match.name]
            matched_name, matched_html = name.text, str(explain.mark_name(name, wanted_terms))
        snippet, highlight = explain.snippet(summary, summary_tokens, wanted_terms)
        return Hit(id=names.page_ids[ranked.page], title=title, score=pipeline.score_of(ranked),
                   match=ranked.tier, explanation=explain.explanation(reasons, title),
                   matched_name=matched_name, matched_name_html=matched_html or "",
                   snippet=snippet, highlight=str(highlight), reasons=reasons)

    # ---- pages and facts ------------------------------------------------------------------------------

    def page(self, page_id: str) -> Page | None:
        state = self._current()
        stored = self._whoosh_searcher(state).document(id=page_id)
        return Page.from_dict(json.loads(stored["page"])) if stored else None

    def info(self) -> IndexInfo:
        meta = self._current().meta
        return IndexInfo(index_id=meta["index_id"], page_count=meta["page_count"],
                         fingerprint=meta["fingerprint"], analysis_version=meta["analysis_version"],
                         built_at=meta.get("built_at", ""))


def _without_prefix(parsed: pipeline.ParsedQuery) -> pipeline.ParsedQuery:
    from dataclasses import replace
    return replace(parsed, prefix_position=None)
