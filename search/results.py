"""What a search returns: plain frozen data, shared by the CLI, the JSON API and the HTML pages.

`SearchResponse.to_dict()` is the public JSON shape of `condsearch search --json` and `/api/search`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from search.kinds import MatchTier, ReasonKind

__all__ = ["Hit", "IndexInfo", "MatchTier", "Reason", "SearchResponse", "Suggestion"]


class Reason(NamedTuple):
    """One step of how a page matched, as data, so every interface can word it in its own language.

    `kind` says which step (search.kinds.ReasonKind); for a name, `name_kind` says which kind of name and
    `lang` its language. `typed` is what the visitor wrote, `matched` what it matched on the page.
    """

    kind: ReasonKind
    typed: str
    matched: str
    name_kind: str | None = None
    lang: str | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "typed": self.typed, "matched": self.matched,
                "name_kind": self.name_kind, "lang": self.lang}


class Hit(NamedTuple):
    """One ranked page (a named tuple, as Reason: a query makes dozens of both, and a frozen dataclass sets
    each field by a call).

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
    rank_rule: str | None = None  # the ranking rule that put it before the next result (RANKING_RULES' id)

    def to_dict(self, *, debug: bool = False) -> dict:
        shown = {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "match": self.match.label,
            "explanation": self.explanation,
            "matched_name": self.matched_name,
            "highlight": self.highlight,
        }
        if debug:
            shown["rank_rule"] = self.rank_rule
            shown["reasons"] = [reason.to_dict() for reason in self.reasons]
        return shown


@dataclass(frozen=True)
class SearchResponse:
    """The answer to one query. `hits` is empty for an honest no-match.

    `suggestion` is the corrected query ("did you mean") when words were corrected, else None.
    `total` counts every page the query found (the same whatever page of them is asked for), of which `hits`
    are those from `offset`; `total_is_lower_bound` when a cap on the work left pages unscored.
    """

    query: str
    hits: tuple[Hit, ...] = ()
    suggestion: str | None = None
    total: int = 0
    total_is_lower_bound: bool = False

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index):
        return self.hits[index]

    def to_dict(self, *, debug: bool = False) -> dict:
        return {
            "query": self.query,
            "results": [hit.to_dict(debug=debug) for hit in self.hits],
            "suggestion": self.suggestion,
            "total": self.total,
            "total_is_lower_bound": self.total_is_lower_bound,
        }


@dataclass(frozen=True)
class Suggestion:
    """A completion for the search box: the page and the name that completes what was typed, with the
    name's language (None for English), so a box can say "French" beside a French name."""

    id: str
    title: str
    name: str
    lang: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "name": self.name, "lang": self.lang}


@dataclass(frozen=True)
class IndexInfo:
    index_id: str
    page_count: int
    fingerprint: str
    analysis_version: str
    built_at: str = ""
