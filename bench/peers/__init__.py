"""The engines the benchmark compares, behind one tiny interface.

A peer is built once over a corpus (`build`) and then answers queries (`search`: query text -> ranked page
ids). `available()` says whether its library is installed; when it is not, the harness reports the peer as
absent with that reason instead of leaving it out silently.

Each peer module documents the settings it uses and where they come from: each engine is run with its own
documented best settings for this job (typo-tolerant search of condition names), never tuned to the dev
query file.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Sequence

# Report order: condsearch first, then the peers as the issue lists them.
PEER_MODULES = {
    "condsearch": "bench.peers.condsearch_engine",
    "whoosh": "bench.peers.whoosh_plain",
    "rapidfuzz": "bench.peers.rapidfuzz_names",
    "tantivy": "bench.peers.tantivy_fuzzy",
    "sqlite-fts5": "bench.peers.sqlite_trigram",
    "xapian": "bench.peers.xapian_spelling",
    "minisearch": "bench.peers.minisearch",
    "typesense": "bench.peers.typesense_server",
}
ENGINE_NAMES = tuple(PEER_MODULES)


class PeerUnavailable(RuntimeError):
    """A peer whose library or runtime is missing; the message says what and how to install it."""


class Peer:
    """Base class: subclasses set `name` and `settings` and implement `build` and `search`."""

    name = "peer"
    settings = ""  # one line for RESULTS.md: what the peer is configured to do
    in_memory = False  # True when the index lives only in the process (no size on disk)

    @classmethod
    def available(cls) -> str | None:
        """None when the peer can run, else the reason it cannot."""
        return None

    def build(self, corpus, workdir: Path) -> dict:
        """Indexes `corpus` (a bench.corpora.PreparedCorpus; `.pages` holds its pages) under `workdir`.
        Returns extra figures for the report (e.g. {"index_bytes": n})."""
        raise NotImplementedError

    def search(self, query: str, limit: int = 10) -> list[str]:
        raise NotImplementedError

    def run_batch(self, queries: Sequence[str], *, limit: int, repeats: int):
        """Results and per-query latencies (ns) for `queries`, after one warm-up pass.

        The default times `search` in-process; peers running out of process (MiniSearch) time inside
        their own runtime instead. Returns (results per query, latencies in ns)."""
        from bench.measure import time_queries

        return time_queries(self.search, queries, limit=limit, repeats=repeats)

    def extra_figures(self, queries: Sequence[str]) -> dict:
        """Figures only this engine has (condsearch's suggest latency); empty for most peers."""
        return {}

    def own_process_figures(self) -> dict:
        """For an engine that runs in a process of its own (MiniSearch in node, the Typesense server): the
        figures measured there (`build_seconds`, `memory`, ...), which replace the worker's; else empty."""
        return {}

    def close(self) -> None:
        pass


def load_peer(name: str) -> type[Peer]:
    if name not in PEER_MODULES:
        raise KeyError(f"unknown engine {name!r}; choose from {', '.join(ENGINE_NAMES)}")
    try:
        module = importlib.import_module(PEER_MODULES[name])
    except ImportError as error:  # the module itself imports only stdlib at top level
        raise PeerUnavailable(f"{name}: {error}") from error
    return module.PEER
