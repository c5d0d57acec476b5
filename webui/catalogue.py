"""Every page's id and title, for GET /api/pages: read once per index generation, in the order of their ids.

The Searcher answers queries and fetches one page by id; it has no listing of every page. The listing is
read here from the generation's stored fields (`id`, `title`: indexer/schema.py), once per generation, and
kept: a page of the listing is then a slice, whatever the offset.
"""
from __future__ import annotations

import threading
from pathlib import Path

from whoosh import index as whoosh_index

from indexer import current_generation
from search import IndexMissing, IndexUnreadable


class Catalogue:
    """The (id, title) of every page of the index in `index_dir`, following its current generation."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._entries: tuple[tuple[str, str], ...] = ()

    def entries(self) -> tuple[tuple[str, str], ...]:
        generation = current_generation(self.index_dir)
        if generation is None:
            raise IndexMissing(f"{self.index_dir}: no index here yet")
        with self._lock:
            if generation != self._generation:
                self._entries = _read_entries(generation)
                self._generation = generation
            return self._entries


def _read_entries(generation: Path) -> tuple[tuple[str, str], ...]:
    try:
        ix = whoosh_index.open_dir(str(generation))
        try:
            with ix.reader() as reader:
                entries = [(stored["id"], stored["title"]) for _docnum, stored in reader.iter_docs()]
        finally:
            ix.close()
    except Exception as error:  # a generation removed or damaged under us: the app answers 503
        raise IndexUnreadable(f"{generation}: the list of pages cannot be read ({type(error).__name__}: "
                              f"{error})") from error
    return tuple(sorted(entries))
