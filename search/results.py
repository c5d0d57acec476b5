"""What a search returns: plain frozen data, shared by the CLI, the JSON API and the HTML pages.

`SearchResponse.to_dict()` is the public JSON shape of `condsearch search --json` and `/api/search`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class MatchTier(IntEnum):
    """How a page matched, best first; a lower value always ranks higher."""

    EXACT = 1  # the query is one of the page's names, as written
    VARIANT = 2  # the same name in another spelling: British/American, accents, compounds
    SYNONYM = 3  # reached through a general equivalence of synonyms.txt
    TYPO = 4  # a corrected misspelling, or a word still being typed (prefix)
    PHONETIC = 5  # a misspelling that sounds like the name
    TEXT = 6  # the words occur only in the page's text

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Reason:
    """One step of how a page matched, as data, so every interface can word it in its own language.

    `kind` is one of: "title" (typed the page's title), "name" (another name of the page; `name_kind` says
    which: synonym, acronym, variant, lay, related), "translation" (a name in `lang`), "british"
    (British/American spelling), "accent" (written with or without accents), "compound" (written joined or
    apart), "form" (another grammatical form), "synonym" (a general equivalence from synonyms.txt), "typo",
    "prefix" (a word still being typed), "phonetic" (sounds alike), "text" (found in the page's text).
    `typed` is what the visitor wrote, `matched` what it matched on the page.
    """

    kind: str
    typed: str
    matched: str
    name_kind: str | None = None
    lang: str | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "typed": self.typed, "matched": self.matched,
                "name_kind": self.name_kind, "lang": self.lang}


@dataclass(frozen=True)
class Hit:
    """One ranked page.

    `matched_name` is the page name the query matched (None for a body-text match);
    `highlight` is `snippet` as HTML: every character escaped, matched words wrapped in <mark>.
    `matched_name_html` is `matched_name` the same way.
    """

    id: str
    title: str
    score: float
    match: MatchTier
    explanation: str
    matched_name: str | None = None
    matched_name_html: str = ""
    snippet: str = ""
    highlight: str = ""
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "match": self.match.label,
            "explanation": self.explanation,
            "matched_name": self.matched_name,
            "highlight": self.highlight,
        }


@dataclass(frozen=True)
class SearchResponse:
    """The answer to one query. `hits` is empty for an honest no-match.

    `suggestion` is the corrected query ("did you mean") when words were corrected, else None.
    `total` counts every page that passed the confidence floor, of which `hits` are the first `limit`.
    """

    query: str
    hits: tuple[Hit, ...] = ()
    suggestion: str | None = None
    total: int = 0

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index):
        return self.hits[index]

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "results": [hit.to_dict() for hit in self.hits],
            "suggestion": self.suggestion,
            "total": self.total,
        }


@dataclass(frozen=True)
class Suggestion:
    """A completion for the search box: the page and the name that completes what was typed."""

    id: str
    title: str
    name: str

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "name": self.name}


@dataclass(frozen=True)
class IndexInfo:
    index_id: str
    page_count: int
    fingerprint: str
    analysis_version: str
    built_at: str = ""
    extra: dict = field(default_factory=dict)
