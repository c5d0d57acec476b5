"""Broader and narrower pages: the corpus's tree of "is a kind of", checked and made the same both ways.

A page may say which pages it is a kind of (`broader`) and which are kinds of it (`narrower`); an author
writes either side. `connect` checks every id against the corpus, refuses cycles (a page cannot be a kind
of itself, however far round), and gives each page both directions: a page listed as narrower of X gets
X among its broader pages, and the other way round.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Callable, Iterable

from corpus.page import LINK_KEYS, CorpusError, Page, Source


def connect(pages: list[Page], errors: list[CorpusError]) -> list[Page]:
    """The pages with `broader` and `narrower` complete in both directions.

    An id that names no page, and a link that would close a cycle, are errors (naming the file and line
    of the page that wrote them) and are left out; the page itself is kept.
    """
    if not any(page.broader or page.narrower for page in pages):
        return pages
    ids = {page.id for page in pages}
    # parent -> children, each edge with the page and key that wrote it (for the error), in load order
    children: dict[str, dict[str, tuple[Page, str]]] = defaultdict(dict)
    for page in pages:
        for key in LINK_KEYS:
            for other in getattr(page, key):
                if other not in ids:
                    errors.append(_error(page, key, f"{key} {other!r} is not the id of any page"))
                    continue
                parent, child = (other, page.id) if key == "broader" else (page.id, other)
                children[parent].setdefault(child, (page, key))
    for parent, child, cycle in _edges_closing_cycles(children, [page.id for page in pages]):
        writer, key = children[parent].pop(child)
        errors.append(_error(writer, key, f"{key} {(child if key == 'narrower' else parent)!r} makes a "
                                          f"cycle: {' > '.join(cycle)} (a page cannot be a kind of itself)"))
    parents: dict[str, list[str]] = defaultdict(list)
    for parent, kids in children.items():
        for child in kids:
            parents[child].append(parent)
    return [replace(page, broader=_ordered(page.broader, parents[page.id]),
                    narrower=_ordered(page.narrower, children.get(page.id, {})))
            for page in pages]


def _ordered(declared: tuple[str, ...], linked) -> tuple[str, ...]:
    """The ids still linked: those the page declared first (in its order), then the others (in load order)."""
    linked = list(linked)
    return tuple([page_id for page_id in declared if page_id in linked]
                 + [page_id for page_id in linked if page_id not in declared])


def _edges_closing_cycles(children: dict[str, dict], order: list[str]):
    """Yields (parent, child, cycle path) for each edge that closes a cycle, found by a depth-first walk
    (an explicit stack: a chain of thousands of pages must not exhaust Python's recursion limit)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    closing = []
    for root in order:
        if root in state:
            continue
        path = [root]
        stack = [iter(list(children.get(root, {})))]
        state[root] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(child) == 1:
                closing.append((path[-1], child, path[path.index(child):] + [child]))
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append(iter(list(children.get(child, {}))))
    yield from closing


def _error(page: Page, key: str, reason: str) -> CorpusError:
    where = page.source.at(key) if page.source else Source("?")
    return CorpusError(where.file, where.line, reason)


class Descendants:
    """Every id below an id (its narrower ids, theirs, and so on), from `narrower_of` (id -> the ids directly
    below it), each id's worked out once; an explicit stack, so a deep tree cannot exhaust the recursion
    limit."""

    def __init__(self, narrower_of: Callable[[str], Iterable[str]]):
        self._narrower_of = narrower_of
        self._below: dict[str, frozenset[str]] = {}

    def __call__(self, node: str) -> frozenset[str]:
        if node not in self._below:
            found: set[str] = set()
            pending = list(self._narrower_of(node))
            while pending:
                child = pending.pop()
                if child not in found:
                    found.add(child)
                    pending.extend(self._narrower_of(child))
            self._below[node] = frozenset(found)
        return self._below[node]
