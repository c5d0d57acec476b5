"""Stage 1, normalise: the query text read by the analysis chain into words, filler words marked.

    "What is Hodgkin's lymphoma" -> words what(filler) is(filler) hodgkin lymphoma; content = {2, 3}
"""
from __future__ import annotations

import unicodedata
from dataclasses import replace

from indexer.analysis import analyze, join_compounds
from search import limits
from search.query import Join, ParsedQuery, QueryWord


def clean_text(text: str) -> str:
    """The query as read: at most MAX_QUERY_CHARS, with control and unpaired surrogate characters turned
    into spaces, so no character can break a later stage. Format characters (zero-width, soft hyphen,
    bidi) are left to the analysis chain, which reads them inside a word as pages are read."""
    text = text[: limits.MAX_QUERY_CHARS]
    if text.isascii() and text.isprintable():  # what almost every visitor types: nothing to look at
        return text
    return "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in text)


def normalise(text: str, *, allow_prefix: bool = True) -> ParsedQuery:
    cleaned = clean_text(text)
    tokens = analyze(cleaned)[: limits.MAX_READ_WORDS]
    # A folded word is cut to MAX_WORD_CHARS, so correcting, completing and sounding it is bounded work
    # (see limits). Its terms stay whole: matching a term as typed is a look-up, whatever its length.
    words = tuple(QueryWord(t.position, t.surface, t.word[: limits.MAX_WORD_CHARS], t.terms(), t.acronym,
                            t.stop, changes=t.changes) for t in tokens)
    content = frozenset(w.position for w in words if not w.stop)
    acronym_only = False
    if not content and len(words) == 1:
        # A lone filler word may still be an acronym typed in lower case ("all" for ALL).
        content, acronym_only = frozenset({0}), True
    joins = tuple(Join(t.position, t.term, t.surface) for t in join_compounds(tokens))
    prefix_position = None
    if allow_prefix and words and not cleaned.endswith((" ", "\t")):
        last = words[-1]
        if not last.stop and len(last.word) >= limits.PREFIX_MIN_LENGTH:
            prefix_position = last.position
    return ParsedQuery(cleaned, words, joins, content, prefix_position, acronym_only)


def as_typed_so_far(query: ParsedQuery) -> ParsedQuery:
    """The query as a search box holds it while a word is typed: a last word of fewer than
    PREFIX_MIN_LENGTH letters, after other words, is the start of a word too short to complete ("bone c").
    It is not required (a name holding a lone "C" would otherwise outweigh "bone"), only a filler word
    that may refine the order."""
    if query.prefix_position is not None or not query.words or query.text.endswith((" ", "\t")):
        return query
    last = query.words[-1].position
    if last in query.content and len(query.content) > 1 and len(query.words[-1].word) < limits.PREFIX_MIN_LENGTH:
        return replace(query, content=query.content - {last})
    return query


def complete_words_only(query: ParsedQuery, holds_term) -> ParsedQuery:
    """For a search (not a completion): a last word that some name holds as typed is a whole word, not the
    start of a longer one ("lymphoma" is not read as "lymphomatoid" too). `holds_term(term)` says whether
    any name holds the term."""
    if query.prefix_position is None:
        return query
    if any(holds_term(term) for term in query.words[query.prefix_position].terms):
        return replace(query, prefix_position=None)
    return query
