"""Stage 1a, decompound: a German or Dutch compound that no name holds is read as its parts, each a word of
its own (indexer/compounds.py splits it by the names' vocabulary, Koehn and Knight's score).

    "Nierenzelltumoren" -> niere · zell · tumor (each part a query word; the compound is kept on each part)
A word some name holds stays whole ("Hautkrebs" is a name): the whole word ranks above its parts.
"""
from __future__ import annotations

from dataclasses import replace

from indexer.compounds import split_compound
from search.names import NameIndex
from search.query import ParsedQuery
from search.stages.normalise import normalise


def decompound(query: ParsedQuery, names: NameIndex, vocabulary, units) -> ParsedQuery:
    """`vocabulary`: word -> frequency the parts are read from (the names' words and the site lexicon's);
    `units`: the site lexicon's words, never split ("Gallenblase" is one organ), one of which a compound
    must hold."""
    splits = {}
    for word in query.words:
        if word.position not in query.content or word.acronym or any(names.has_term(t) for t in word.terms):
            continue
        split = split_compound(word.word, vocabulary, whole_competes=False, units=units)
        # A compound of this domain names a site or a kind of tumour in one of its parts ("Nieren|zell|
        # tumoren"); a word that reads as a name word with a typo is that word mistyped, not a compound
        # ("diseassse" is no "dis|eas|sse").
        if split is not None and any(part.word in units for part in split.parts) \
                and not names.vocabulary.corrections(word.word):
            splits[word.position] = split
    if not splits:
        return query
    pieces = [" ".join(part.word for part in splits[w.position].parts) if w.position in splits else w.surface
              for w in query.words]
    text = " ".join(pieces) + ("" if query.prefix_position is not None else " ")
    parsed = normalise(text)
    words, position = list(parsed.words), 0
    for word in query.words:  # each surface is one word again; each compound as many as its parts
        split = splits.get(word.position)
        count = len(split.parts) if split else 1
        if split:
            for number in range(position, min(position + count, len(words))):
                words[number] = replace(words[number], compound=word.surface, reading=split.describe())
        position += count
    return replace(parsed, words=tuple(words))
