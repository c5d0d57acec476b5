"""Xapian (the `xapian-bindings-binary` wheel) with its stemmed query parser and spelling correction.

Settings, as Xapian's documentation sets up "did you mean": a `TermGenerator` with the English stemmer
and `FLAG_SPELLING` (so every indexed word feeds the spelling table), title indexed with weight 3, names
2, body 1; a `QueryParser` with the same stemmer, `STEM_SOME`, the database attached and
`FLAG_DEFAULT | FLAG_SPELLING_CORRECTION`, default operator OR. When the parser offers a corrected query
string, that corrected string is parsed and run (Xapian corrects words within two edits that are rare or
absent in the index).
"""
from __future__ import annotations

from pathlib import Path

from bench.corpora import page_body
from bench.peers import Peer

FIELD_WEIGHTS = (3, 2, 1)  # title, names, body: wdf increments


class XapianSpelling(Peer):
    name = "xapian"
    settings = "TermGenerator english stem + FLAG_SPELLING; QueryParser STEM_SOME + FLAG_SPELLING_CORRECTION"

    @classmethod
    def available(cls) -> str | None:
        try:
            import xapian  # noqa: F401
        except ImportError:
            return "xapian is not installed: pip install -e '.[bench]' (wheel xapian-bindings-binary)"
        return None

    def build(self, corpus, workdir: Path) -> dict:
        import xapian

        path = Path(workdir) / "xapian"
        path.mkdir(parents=True, exist_ok=True)
        writable = xapian.WritableDatabase(str(path), xapian.DB_CREATE_OR_OVERWRITE)
        generator = xapian.TermGenerator()
        generator.set_stemmer(xapian.Stem("english"))
        generator.set_database(writable)
        generator.set_flags(xapian.TermGenerator.FLAG_SPELLING)
        for page in corpus.pages:
            document = xapian.Document()
            generator.set_document(document)
            texts = (page.title, "\n".join(name.text for name in page.names), page_body(page))
            for text, weight in zip(texts, FIELD_WEIGHTS):
                generator.index_text(text, weight)
                generator.increase_termpos()  # no phrase matches across fields
            document.set_data(page.id)
            document.add_boolean_term("Q" + page.id)
            writable.replace_document("Q" + page.id, document)
        writable.commit()
        writable.close()
        self.db = xapian.Database(str(path))
        self.parser = xapian.QueryParser()
        self.parser.set_stemmer(xapian.Stem("english"))
        self.parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.parser.set_database(self.db)
        self.parser.set_default_op(xapian.Query.OP_OR)
        self.flags = xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_SPELLING_CORRECTION
        self.enquire = xapian.Enquire(self.db)
        return {"xapian_version": xapian.version_string()}

    def search(self, query: str, limit: int = 10) -> list[str]:
        import xapian

        try:
            parsed = self.parser.parse_query(query, self.flags)
            corrected = self.parser.get_corrected_query_string()
            if corrected:
                parsed = self.parser.parse_query(corrected, self.flags)
        except xapian.QueryParserError:
            return []
        self.enquire.set_query(parsed)
        return [match.document.get_data().decode("utf-8") for match in self.enquire.get_mset(0, limit)]

    def close(self) -> None:
        self.db.close()


PEER = XapianSpelling
