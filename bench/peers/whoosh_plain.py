"""Plain Whoosh, as its documentation sets it up for typo-tolerant search.

Settings: one TEXT field each for title, names and body, all with `StemmingAnalyzer`; a
`MultifieldParser` over the three with field boosts (title 3, names 2, body 1), OR grouping with the
documented `OrGroup.factory(0.9)` (pages matching more words score higher), and the `FuzzyTermPlugin`:
every query word is sent as `(word^2 OR word~2)`, up to two edits in Whoosh's documented fuzzy syntax.
The exact clause is there because Whoosh scores fuzzy terms with a constant (`constantscore=True`), so
without it an exact match would rank no higher than a two-edit one (the same treatment tantivy gets).
"""
from __future__ import annotations

import re
from pathlib import Path

from bench.corpora import page_body
from bench.peers import Peer

WORD = re.compile(r"\w+", re.UNICODE)
FIELD_BOOSTS = {"title": 3.0, "names": 2.0, "body": 1.0}
MAX_EDITS = 2
EXACT_BOOST = 2.0


class WhooshPlain(Peer):
    name = "whoosh"
    settings = "StemmingAnalyzer on title/names/body, MultifieldParser OrGroup(0.9), FuzzyTermPlugin (word^2 OR word~2)"

    @classmethod
    def available(cls) -> str | None:
        try:
            import whoosh  # noqa: F401
        except ImportError:
            return "whoosh-reloaded is not installed (a runtime dependency of condsearch)"
        return None

    def build(self, corpus, workdir: Path) -> dict:
        from whoosh import index
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, OrGroup

        analyzer = StemmingAnalyzer()
        schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer),
                        names=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer))
        self.path = Path(workdir) / "whoosh"
        self.path.mkdir(parents=True, exist_ok=True)
        self.index = index.create_in(str(self.path), schema)
        writer = self.index.writer()
        for page in corpus.pages:
            writer.add_document(id=page.id, title=page.title,
                                names="\n".join(name.text for name in page.names), body=page_body(page))
        writer.commit()
        self.searcher = self.index.searcher()
        self.parser = MultifieldParser(list(FIELD_BOOSTS), schema, fieldboosts=FIELD_BOOSTS,
                                       group=OrGroup.factory(0.9))
        self.parser.add_plugin(FuzzyTermPlugin())
        return {}

    def search(self, query: str, limit: int = 10) -> list[str]:
        # Only the words go to the parser: operators and quotes typed by a visitor are not queries.
        words = WORD.findall(query)
        if not words:
            return []
        clauses = (f"({word}^{EXACT_BOOST:g} OR {word}~{MAX_EDITS})" for word in words)
        parsed = self.parser.parse(" ".join(clauses))
        return [hit["id"] for hit in self.searcher.search(parsed, limit=limit)]

    def close(self) -> None:
        self.searcher.close()


PEER = WhooshPlain
