"""condsearch itself, through its public API: `indexer.ensure_index` and `search.Searcher`.

It indexes the corpus's native source as an operator would (`corpus_paths`, `obo_root`), so its build
time includes reading the source files; the harness checks it indexed the same page ids as the peers.
Besides search it reports prefix completion (`Searcher.suggest`) latency over the prefixes a visitor
types on the way to each query (its first SUGGEST_PREFIX_LENGTHS characters).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from bench.peers import Peer

SUGGEST_PREFIX_LENGTHS = (2, 3, 5, 8)
SUGGEST_LIMIT = 8


class Condsearch(Peer):
    name = "condsearch"
    settings = "this project: ensure_index + Searcher.search (its own defaults)"

    @classmethod
    def available(cls) -> str | None:
        try:
            from indexer import ensure_index  # noqa: F401
            from search import Searcher  # noqa: F401
        except ImportError as error:
            return f"condsearch's engine cannot be imported yet ({error})"
        return None

    def build(self, corpus, workdir: Path) -> dict:
        from indexer import ensure_index
        from search import Searcher

        self.index_dir = Path(workdir) / "condsearch-index"
        paths = [str(path) for path in corpus.source_paths] if corpus.source_paths else None
        report = ensure_index(self.index_dir, corpus_paths=paths, obo_root=corpus.obo_root, force=True,
                              warn=lambda message: None)  # the corpus's own errors are reported by the harness
        if report.page_count != corpus.page_count:
            raise RuntimeError(f"condsearch indexed {report.page_count} pages, the peers {corpus.page_count}: "
                               "they would not be compared over the same pages")
        self.searcher = Searcher(self.index_dir)
        return {"page_count": report.page_count}

    def search(self, query: str, limit: int = 10) -> list[str]:
        return [hit.id for hit in self.searcher.search(query, limit=limit).hits]

    def extra_figures(self, queries: Sequence[str]) -> dict:
        from bench.measure import percentiles, time_queries

        prefixes = sorted({query[:length] for query in queries for length in SUGGEST_PREFIX_LENGTHS
                           if len(query) > length})
        if not prefixes:
            return {}
        _answers, latencies = time_queries(
            lambda prefix, limit: [s.id for s in self.searcher.suggest(prefix, limit=limit)],
            prefixes, limit=SUGGEST_LIMIT)
        return {"suggest": {"prefixes": len(prefixes), **percentiles(latencies)}}

    def close(self) -> None:
        close = getattr(self.searcher, "close", None)
        if close:
            close()


PEER = Condsearch
