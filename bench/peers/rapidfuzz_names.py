"""RapidFuzz alone: every name of every page scored against the query, no index.

Settings (RapidFuzz's documented recipe for fuzzy look-up in a list): `process.extract` with
`fuzz.WRatio` over the title and every other name of every page, choices preprocessed once with
`utils.default_process` (lowercase, non-alphanumerics to spaces) and the query with the same processor;
`score_cutoff` 60, chosen a priori (below it a WRatio match is more different than alike), so that
gibberish can come back empty. A page's score is its best name's; pages are ranked by it.
"""
from __future__ import annotations

from pathlib import Path

from bench.peers import Peer

SCORE_CUTOFF = 60
CANDIDATES_PER_HIT = 5  # names fetched per wanted page, since one page may hold several close names


class RapidfuzzNames(Peer):
    name = "rapidfuzz"
    settings = "process.extract, WRatio, default_process, score_cutoff 60, over every name of every page"
    in_memory = True

    @classmethod
    def available(cls) -> str | None:
        try:
            import rapidfuzz  # noqa: F401
        except ImportError:
            return "rapidfuzz is not installed (a runtime dependency of condsearch)"
        return None

    def build(self, corpus, workdir: Path) -> dict:
        from rapidfuzz import utils

        self.choices: list[str] = []
        self.page_of: list[str] = []
        for page in corpus.pages:
            for name in page.all_names():
                self.choices.append(utils.default_process(name.text))
                self.page_of.append(page.id)
        return {"choices": len(self.choices)}

    def search(self, query: str, limit: int = 10) -> list[str]:
        from rapidfuzz import fuzz, process, utils

        processed = utils.default_process(query)
        if not processed:
            return []
        matches = process.extract(processed, self.choices, scorer=fuzz.WRatio, processor=None,
                                  limit=limit * CANDIDATES_PER_HIT, score_cutoff=SCORE_CUTOFF)
        ranked: list[str] = []
        for _choice, _score, position in matches:  # already best first
            page_id = self.page_of[position]
            if page_id not in ranked:
                ranked.append(page_id)
                if len(ranked) == limit:
                    break
        return ranked


PEER = RapidfuzzNames
