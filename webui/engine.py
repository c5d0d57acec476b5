"""The search engine as the web app sees it: one Searcher per app, opened lazily on the first request that needs it.

One Searcher per app rather than per request because it is thread-safe, keeps its caches warm between
requests, and notices a rebuilt index by itself; opening the index again for every keystroke of the
suggestion box would cost more than the search. A failed open is not remembered, so a request after
`condsearch index` has run finds the new index. There is nothing to close per request: the Searcher holds
one Whoosh searcher per thread and swaps it itself when the index changes.
"""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from search import Searcher, SearchError

EXTENSION = "condsearch"


class EngineState:
    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self.searcher: Searcher | None = None
        self.lock = threading.Lock()

    def get(self) -> Searcher:
        with self.lock:
            if self.searcher is None:
                self.searcher = Searcher(self.index_dir)  # raises IndexMissing; the app answers 503
            return self.searcher


def resolve_index_dir(configured: str | Path | None) -> Path:
    if configured:
        return Path(configured).expanduser()
    from indexer import default_index_dir  # the indexer owns where indexes live by default

    return Path(default_index_dir())


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = EngineState(resolve_index_dir(app.config.get("INDEX_DIR")))


def open_now(app: Flask) -> None:
    """Opens the app's Searcher now rather than on the first request, in each worker before it takes
    requests. An index that cannot be opened yet is left to the requests, which answer 503 until it can."""
    try:
        app.extensions[EXTENSION].get()
    except SearchError:
        pass


def get_searcher() -> Searcher:
    """The app's Searcher, opened on first use. Raises search.IndexMissing when no index is built."""
    return current_app.extensions[EXTENSION].get()

