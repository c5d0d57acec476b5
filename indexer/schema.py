"""The Whoosh schema, and the analysis chain wrapped as a Whoosh analyzer.

Whoosh searches one field, `body` (a page's text), with BM25F. Names are matched in memory
(`search.names.NameIndex`) from `name_data`, which stores each name already analysed, so a searcher opens
without re-analysing; the column `summary_data` holds the summary's words with their offsets, so a
result's snippet is marked without analysis. Names are not indexed as Whoosh fields: nothing would query
them, and their postings were a third of the build.
"""
from __future__ import annotations

from whoosh.analysis import Composable, Token as WhooshToken
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

from indexer.analysis import analyze


class ChainAnalyzer(Composable):
    """Runs `indexer.analysis.analyze` and yields Whoosh tokens: the `term` of each word, alternate
    readings at the same position, and compound joins."""

    def __eq__(self, other):
        return isinstance(other, ChainAnalyzer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        for token in analyze(value, compounds=True):
            if token.stop and removestops:
                continue
            for text in dict.fromkeys(token.terms()):
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
    # The body keeps no positions: text is searched by terms, never by phrases.
    return Schema(
        id=ID(stored=True, unique=True),
        title=STORED(),
        body=TEXT(analyzer=ChainAnalyzer(), phrase=False),
        page=STORED(),
        name_data=STORED(),
        links_data=STORED(),
        # A column, apart from the stored fields: a result reads its own few hundred bytes without
        # decompressing the page and its names (the stored record) as well.
        summary_data=COLUMN(VarBytesColumn()),
    )
