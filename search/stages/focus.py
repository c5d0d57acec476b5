"""Stage 1b, focus: a long query's content words cut to MAX_QUERY_WORDS, keeping the words that names hold.

    "How can I find hospitals in Boston who specialize in thalidomide treatments for melanoma?"
      -> melanoma (a name holds it) is kept; the question's other words beyond the cap are read as context
"""
from __future__ import annotations

from dataclasses import replace

from search import limits
from search.names import NameIndex
from search.query import ParsedQuery


def focus(query: ParsedQuery, names: NameIndex) -> ParsedQuery:
    """The query with at most MAX_QUERY_WORDS content words: first those some name holds as a term, then the
    others, each in the order typed. The words left out become filler words: context, never evidence."""
    if len(query.content) <= limits.MAX_QUERY_WORDS:
        return query
    held = [w.position for w in query.words
            if w.position in query.content and any(names.has_term(term) for term in w.terms)]
    unheld = [w.position for w in query.words if w.position in query.content and w.position not in held]
    kept = frozenset((held + unheld)[: limits.MAX_QUERY_WORDS])
    words = tuple(word if word.position in kept or word.stop else replace(word, stop=True) for word in query.words)
    prefix = query.prefix_position if query.prefix_position in kept else None
    return replace(query, words=words, content=kept, prefix_position=prefix)
