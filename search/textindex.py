"""What the text stage needs of a full-text index, as a protocol: the stages never touch Whoosh objects.

The Whoosh implementation is `indexer.text_index.WhooshTextIndex`; a test may pass any object with these methods.
"""
from __future__ import annotations

from typing import Iterable, Protocol, Sequence

from indexer.text_index import TextHit

__all__ = ["TextHit", "TextIndex"]


class TextIndex(Protocol):
    def page_count(self) -> int:
        """Pages in the index."""

    def doc_frequency(self, term: str) -> int:
        """Pages whose text holds `term`."""

    def search_any(self, terms: Sequence[str], *, limit: int) -> Iterable[TextHit]:
        """The best `limit` pages whose text holds any of `terms`, best first."""

    def search_all(self, groups: Sequence[Sequence[str]], *, limit: int) -> Iterable[TextHit]:
        """The best `limit` pages whose text holds, for every group, one of its terms, best first."""
