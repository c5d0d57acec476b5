"""SQLite FTS5 with the trigram tokenizer (Python's own sqlite3).

Settings: one FTS5 table (title, names, body) with `tokenize='trigram'` (case-insensitive). SQLite's
documentation presents the trigram tokenizer for substring and LIKE matching; a typo breaks only the
trigrams around it, so the query is sent as the OR of its trigrams (each quoted as a phrase) and pages
are ranked by `bm25()` with column weights title 10, names 5, body 1. Queries shorter than three
characters have no trigram and find nothing.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.corpora import page_body
from bench.peers import Peer

COLUMN_WEIGHTS = (10.0, 5.0, 1.0)  # title, names, body


def trigrams(text: str) -> list[str]:
    """`"Lung cancer"` -> `['lun', 'ung', 'ng ', 'g c', ...]`, lowercased, each once, in order."""
    lowered = " ".join(text.lower().split())
    seen: dict[str, None] = {}
    for start in range(len(lowered) - 2):
        seen.setdefault(lowered[start:start + 3], None)
    return list(seen)


class SqliteTrigram(Peer):
    name = "sqlite-fts5"
    settings = "FTS5 tokenize='trigram', query = OR of the query's trigrams, bm25(10, 5, 1)"

    def build(self, corpus, workdir: Path) -> dict:
        path = Path(workdir) / "fts5.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        self.path = path
        self.db = sqlite3.connect(str(path))
        self.db.execute("CREATE VIRTUAL TABLE pages USING fts5(id UNINDEXED, title, names, body, "
                        "tokenize='trigram')")
        with self.db:
            self.db.executemany(
                "INSERT INTO pages (id, title, names, body) VALUES (?, ?, ?, ?)",
                ((page.id, page.title, "\n".join(name.text for name in page.names), page_body(page))
                 for page in corpus.pages))
        self.db.execute("INSERT INTO pages(pages) VALUES ('optimize')")
        self.db.commit()
        self.sql = ("SELECT id FROM pages WHERE pages MATCH ? ORDER BY bm25(pages, 0, ?, ?, ?) LIMIT ?")
        return {"sqlite_version": sqlite3.sqlite_version}

    def search(self, query: str, limit: int = 10) -> list[str]:
        grams = trigrams(query)
        if not grams:
            return []
        expression = " OR ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
        rows = self.db.execute(self.sql, (expression, *COLUMN_WEIGHTS, limit)).fetchall()
        return [row[0] for row in rows]

    def close(self) -> None:
        self.db.close()


PEER = SqliteTrigram
