"""The text of the pages as `search.textindex.TextIndex`: BM25F over Whoosh's `body` field.

Each term's postings are read from Whoosh once, with the BM25F score Whoosh gives the term in each page, and
kept in memory (kept_postings): finding a term in Whoosh's files costs more than the rest of the text search
on a small index, and the same words recur from query to query. A query is then scored here, as Whoosh would
score it: Whoosh sums the scores of a page's terms along a tree of its matchers (built by
`whoosh.util.make_weighted_tree`), and float sums depend on their grouping, so the same tree is built and
summed the same way. tests/indexer/test_text_index.py checks pages, scores, ties and terms against
Whoosh's own search.
"""
from __future__ import annotations

import heapq
from functools import lru_cache
from typing import NamedTuple

from indexer.kept import Kept

# Text postings (a page and a score each, about 60 bytes in Python lists) kept in memory per open
# generation (kept_postings), the least recently used terms dropped first: at most about 6 MB. A pass over
# the bench's generated DO union queries keeps 536 terms in 29,000 postings (1.7 MB); a word on every page
# of the union is 7,000.
TEXT_POSTINGS_KEPT = 100_000
# ... and pages' counts of terms (a number each), per searcher thread
TEXT_FREQUENCIES_KEPT = 16_384


class TextHit(NamedTuple):
    """A page found by its text (`search.textindex.TextIndex`)."""

    page: int
    terms: frozenset[str]  # the query terms its text holds
    score: float


class Postings(NamedTuple):
    """One term in one segment: how many pages hold it (Whoosh's estimate of its size), and page -> the
    BM25F score of the term in the page, as Whoosh scores it in a query."""

    pages: int
    scores: dict[int, float]


def kept_postings() -> Kept:
    """Text postings kept for a generation's searcher threads (key: segment and term), at most
    TEXT_POSTINGS_KEPT postings."""
    return Kept(TEXT_POSTINGS_KEPT, lambda postings: 1 + (len(postings.scores) if postings else 0))


# The nodes of the tree Whoosh builds of a query's matchers, standing in for its matcher classes. Whoosh
# orders two matchers of equal weight by class alone (Matcher.__lt__: "the other is of my class"), and
# make_weighted_tree sorts on that, so each stand-in compares as the class it stands for: a term's matcher,
# the null matcher of a term no page holds, a union (any of), an intersection (all of).
class _Node:
    __slots__ = ("scores", "terms")

    # Whoosh's comparisons, all of them: a tuple of (weight, matcher) compares its matchers by == first
    def __eq__(self, other) -> bool:
        return type(other) is type(self)

    def __lt__(self, other) -> bool:
        return type(other) is type(self)

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    def __gt__(self, other) -> bool:
        return not (self.__lt__(other) or self.__eq__(other))

    def __le__(self, other) -> bool:
        return self.__eq__(other) or self.__lt__(other)

    def __ge__(self, other) -> bool:
        return self.__eq__(other) or self.__gt__(other)

    __hash__ = object.__hash__


class _Term(_Node):
    def __init__(self, term: str, postings: Postings | None):
        self.scores = postings.scores
        self.terms = ((term, self.scores),)


class _Null(_Node):
    def __init__(self):
        self.scores = {}
        self.terms = ()


class _Union(_Node):
    def __init__(self, a: _Node, b: _Node):
        # Whoosh's UnionMatcher.score: a's score plus b's where both hold the page, else the one's
        self.scores = dict(a.scores)
        for page, score in b.scores.items():
            self.scores[page] = self.scores[page] + score if page in self.scores else score
        self.terms = a.terms + b.terms


class _Intersection(_Node):
    def __init__(self, a: _Node, b: _Node):
        # Whoosh's IntersectionMatcher.score: a's score plus b's, on the pages both hold
        self.scores = {page: score + b.scores[page] for page, score in a.scores.items() if page in b.scores}
        self.terms = a.terms + b.terms


class WhooshTextIndex:
    """`search.textindex.TextIndex` over one thread's Whoosh searcher, its postings kept in `kept`."""

    FIELD = "body"

    def __init__(self, searcher, page_of_docnum: dict[int, int], kept: Kept):
        self._searcher = searcher
        self._page_of_docnum = page_of_docnum
        self._leaves = searcher.leaf_searchers()  # (searcher, first document number) per segment
        self._kept = kept  # shared by the threads: the postings are the generation's, whoever reads them
        self.doc_frequency = lru_cache(maxsize=TEXT_FREQUENCIES_KEPT)(self._doc_frequency)

    def page_count(self) -> int:
        return self._searcher.doc_count()

    def _doc_frequency(self, term: str) -> int:
        """Pages whose text holds `term` (the TextIndex method; cached per term)."""
        return self._searcher.doc_frequency(self.FIELD, term)

    def search_any(self, terms, *, limit: int) -> list[TextHit]:
        return self._hits(lambda leaf: self._any(leaf, terms), limit)

    def search_all(self, groups, *, limit: int) -> list[TextHit]:
        """Whoosh's And of an Or per group: the groups' trees joined by intersections, weighted by the
        negated size of each group (its Or's estimate), as And._matcher weighs them."""
        def tree(leaf: int) -> _Node:
            if len(groups) == 1:
                return self._any(leaf, groups[0])
            sized = [(-self._or_size(leaf, group), self._any(leaf, group)) for group in groups]
            return _weighted_tree(_Intersection, sized)
        return self._hits(tree, limit)

    def _any(self, leaf: int, terms) -> _Node:
        """Whoosh's Or of the terms (DefaultOr: unions weighted by each term's page count)."""
        postings = [self._postings(leaf, term) for term in terms]
        nodes = [_Term(term, held) if held else _Null() for term, held in zip(terms, postings)]
        if len(nodes) == 1:
            return nodes[0]
        return _weighted_tree(_Union, [(held.pages if held else 0, node) for held, node in zip(postings, nodes)])

    def _or_size(self, leaf: int, terms) -> int:
        """Or.estimate_size: the terms' page counts summed, at most the pages of the index."""
        total = sum(held.pages for held in (self._postings(leaf, term) for term in terms) if held)
        return min(total, self._leaves[leaf][0].reader().doc_count())

    def _postings(self, leaf: int, term: str) -> Postings | None:
        return self._kept.get((leaf, term), lambda: self._read_postings(leaf, term))

    def _read_postings(self, leaf: int, term: str) -> Postings | None:
        """The term's postings in one segment, scored by Whoosh's own term matcher; None when the segment
        does not hold the term."""
        from whoosh.query import Term

        searcher = self._leaves[leaf][0]
        matcher = Term(self.FIELD, term).matcher(searcher, searcher.context(weighting=self._searcher.weighting))
        if not matcher.is_active():
            return None
        scores = {}
        while matcher.is_active():
            scores[matcher.id()] = matcher.score()
            matcher.next()
        return Postings(searcher.reader().doc_frequency(self.FIELD, term), scores)

    def _hits(self, tree, limit: int) -> list[TextHit]:
        """`tree`: segment number -> the root of its query's tree. The best `limit` pages by score, ties in
        document order (as Whoosh's TopCollector keeps them), with the query terms each holds."""
        found = []  # (score, -document number, segment's root, document number in the segment)
        for leaf, (_searcher, offset) in enumerate(self._leaves):
            root = tree(leaf)
            found += [(score, -(offset + docnum), root, docnum) for docnum, score in root.scores.items()]
        best = heapq.nlargest(limit, found, key=lambda entry: entry[:2])
        return [TextHit(self._page_of_docnum[-negated], frozenset(term for term, scores in root.terms
                                                                  if docnum in scores), score)
                for score, negated, root, docnum in best]


def _weighted_tree(join, weighted: list[tuple[int, _Node]]) -> _Node:
    """whoosh.util.make_weighted_tree: the two lightest joined first, ties ordered as Whoosh orders them."""
    from whoosh.util import make_weighted_tree

    return make_weighted_tree(join, weighted)
