"""The Whoosh schema, and the analysis chain wrapped as a Whoosh analyzer.

Names weigh more than body text. Two fields hold the names: `names` (stemmed terms, for exact matching)
and `name_words` (unstemmed folded words: the vocabulary that typo, prefix and sound matching draw their
candidates from). `name_data` stores each name already analysed, so a searcher opens without re-analysing;
`summary_data` the summary's words with their offsets, so a result's snippet is marked without analysis.
"""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Composable, Token as WhooshToken
from whoosh.fields import ID, STORED, TEXT, Schema

from indexer.analysis import analyze

# Names weigh more than a page's text: a word in a name is stronger evidence than one in a paragraph.
TITLE_BOOST = 3.0
NAMES_BOOST = 2.0


@lru_cache(maxsize=4)
def analyzed(value: str) -> tuple:
    """The chain's tokens of a field value, with compounds. A page's names are one value given to two
    fields (`names` and `name_words`), analysed once."""
    return tuple(analyze(value, compounds=True))


class ChainAnalyzer(Composable):
    """Runs `indexer.analysis.analyze` and yields Whoosh tokens: the `term` of each word (or its `word`
    with emit="word"), alternate readings at the same position, and compound joins."""

    def __init__(self, emit: str = "term"):
        self.emit = emit

    def __eq__(self, other):
        return isinstance(other, ChainAnalyzer) and other.emit == self.emit

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        for token in analyzed(value):
            if token.stop and removestops:
                continue
            texts = token.words() if self.emit == "word" else token.terms()
            for text in dict.fromkeys(texts):
                whoosh_token = WhooshToken(positions, chars, removestops=removestops, mode=mode)
                whoosh_token.text = text
                whoosh_token.boost = 1.0
                whoosh_token.stopped = False
                if keeporiginal:
                    whoosh_token.original = token.surface
                if positions:
                    whoosh_token.pos = start_pos + token.position
                if chars:
                    whoosh_token.startchar = start_char + token.start
                    whoosh_token.endchar = start_char + token.end
                yield whoosh_token


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=ChainAnalyzer(), stored=True, field_boost=TITLE_BOOST),
        names=TEXT(analyzer=ChainAnalyzer(), field_boost=NAMES_BOOST),
        name_words=TEXT(analyzer=ChainAnalyzer(emit="word"), phrase=False),
        body=TEXT(analyzer=ChainAnalyzer()),
        page=STORED(),
        name_data=STORED(),
        summary_data=STORED(),
    )
