"""The page model: one condition page, as every reader yields it and every later stage consumes it.

The JSONL form (``Page.to_dict``) is a public interface, documented in README.md::

    {"id": "wilms-tumor", "title": "Wilms Tumor",
     "names": [{"text": "nephroblastoma", "kind": "synonym", "lang": null}],
     "summary": "...", "sections": [{"heading": "...", "text": "..."}],
     "url": null, "source": {"file": "corpus/pages/wilms-tumor.md", "line": 1}}
"""
from __future__ import annotations

from dataclasses import dataclass, field

# What a name is to its page. `related` names (an ontology's BROAD/NARROW/RELATED synonyms) are
# ranked below the others by the engine; the rest differ only in how a match is explained.
NAME_KINDS = ("synonym", "acronym", "variant", "lay", "related")


class CorpusError(Exception):
    """A record that cannot become a page: names the file, the line and the reason.

    Raised by the readers for one bad record; loaders collect these and go on with the next record.
    """

    def __init__(self, file: str, line: int | None, reason: str):
        self.file = str(file)
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Name:
    """Another name a page is known by: `text`, its `kind` (one of NAME_KINDS) and `lang`
    (an ISO 639-1 code such as "fr" for a non-English name, else None)."""

    text: str
    kind: str = "synonym"
    lang: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "kind": self.kind, "lang": self.lang}


@dataclass(frozen=True)
class Section:
    heading: str
    text: str

    def to_dict(self) -> dict:
        return {"heading": self.heading, "text": self.text}


@dataclass(frozen=True)
class Source:
    """Where a page came from, for error messages and the page's source link."""

    file: str
    line: int | None = None

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line}

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    names: tuple[Name, ...] = ()
    summary: str = ""
    sections: tuple[Section, ...] = ()
    url: str | None = None
    source: Source | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "names": [name.to_dict() for name in self.names],
            "summary": self.summary,
            "sections": [section.to_dict() for section in self.sections],
            "url": self.url,
            "source": self.source.to_dict() if self.source else None,
        }

    def all_names(self) -> list[Name]:
        """The title first (as a name of kind "title"), then every other name."""
        return [Name(self.title, "title", None), *self.names]
