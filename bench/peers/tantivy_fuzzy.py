"""Tantivy (the Rust engine's Python package) with fuzzy term queries.

Settings: title, names and body indexed with a `simple` tokenizer + `lowercase` + `ascii_fold` analyzer
(tantivy's fuzzy queries are not analysed, so the indexed terms must be plain folded words, not stems).
Each query word (folded the same way) becomes, in each field, a `fuzzy_term_query` with distance 2 and
transpositions costing one edit, plus the exact `term_query` boosted twice as high (fuzzy clauses score
a constant, so without it an exact match would not outrank a two-edit one); field boosts title 3, names 2,
body 1; all clauses are SHOULD (OR), ranked by tantivy's score.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from bench.corpora import page_body
from bench.peers import Peer

FIELD_BOOSTS = {"title": 3.0, "names": 2.0, "body": 1.0}
EXACT_BOOST = 2.0
DISTANCE = 2
ANALYZER = "folded"
WORD = re.compile(r"[^\W_]+", re.UNICODE)
WRITER_HEAP_BYTES = 100_000_000


def fold_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return WORD.findall(plain)


class TantivyFuzzy(Peer):
    name = "tantivy"
    settings = "simple+lowercase+ascii_fold; per word fuzzy_term_query(distance 2, transpositions) OR term x2"

    @classmethod
    def available(cls) -> str | None:
        try:
            import tantivy  # noqa: F401
        except ImportError:
            return "tantivy is not installed: pip install -e '.[bench]'"
        return None

    def build(self, corpus, workdir: Path) -> dict:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        for field in FIELD_BOOSTS:
            builder.add_text_field(field, tokenizer_name=ANALYZER)
        self.schema = builder.build()
        path = Path(workdir) / "tantivy"
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))
        analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                    .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())
        self.index.register_tokenizer(ANALYZER, analyzer)
        writer = self.index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
        for page in corpus.pages:
            writer.add_document(tantivy.Document(
                id=page.id, title=page.title, names="\n".join(name.text for name in page.names),
                body=page_body(page)))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        return {}

    def search(self, query: str, limit: int = 10) -> list[str]:
        import tantivy

        clauses = []
        for word in fold_words(query):
            for field, boost in FIELD_BOOSTS.items():
                fuzzy = tantivy.Query.fuzzy_term_query(self.schema, field, word, distance=DISTANCE,
                                                       transposition_cost_one=True)
                exact = tantivy.Query.term_query(self.schema, field, word)
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(fuzzy, boost)))
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(exact, boost * EXACT_BOOST)))
        if not clauses:
            return []
        result = self.searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
        return [self.searcher.doc(address)["id"][0] for _score, address in result.hits]


PEER = TantivyFuzzy
