"""The page model: one condition page, as every reader yields it and every later stage consumes it.

The JSONL form (``Page.to_dict``) is a public interface, documented in README.md::

    {"id": "wilms-tumor", "title": "Wilms Tumor",
     "names": [{"text": "nephroblastoma", "kind": "synonym", "lang": null}],
     "summary": "...", "sections": [{"heading": "...", "text": "..."}],
     "url": null, "references": [], "broader": ["kidney-cancer"], "narrower": [], "xrefs": ["DOID:2154"],
     "source": {"file": "corpus/pages/wilms-tumor.md", "line": 1}}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

# What a name is to its page. `related` names (an ontology's BROAD/NARROW/RELATED synonyms) are
# ranked below the others by the engine; `narrower` names are names of a kind of the page's condition
# (an ontology term below the one the page is linked to: "oat cell carcinoma" for Small Cell Lung
# Cancer); the rest differ only in how a match is explained.
NAME_KINDS = ("synonym", "acronym", "variant", "lay", "related", "narrower")

# The keys of the JSONL form, in the order `Page.to_dict` writes them.
PAGE_KEYS = ("id", "title", "names", "summary", "sections", "url", "references", "broader", "narrower", "xrefs",
             "source")
# The keys that hold lists of page ids: the pages this one is a kind of, and the kinds of this one.
LINK_KEYS = ("broader", "narrower")
NAME_KEYS = ("text", "kind", "lang")
SECTION_KEYS = ("heading", "text")

# An ISO 639 language code ("fr", "nl", "de"; three letters for languages with no two-letter code),
# optionally with a region or script subtag ("pt-BR").
LANG_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# An ontology term id as OBO writes it: a prefix, a colon, a local id ("DOID:9256", "NCIT:C4917").
TERM_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*:[^\s:]+")
# A web address a page may link to: only http(s), never `javascript:` or a local file.
WEB_ADDRESS = re.compile(r"https?://\S+$", re.IGNORECASE)


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
    """Where a page came from, for error messages and the page's source link.

    `key_lines` holds the line of each front matter key that a later check may blame (the
    line of `broader:` for an unknown broader id); it is not part of the JSONL form."""

    file: str
    line: int | None = None
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line}

    def at(self, key: str) -> "Source":
        """Where `key` of the page is written: its own line when known, else the page's."""
        return Source(self.file, dict(self.key_lines).get(key, self.line))

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Page:
    """One condition page. Its names never repeat the bare title nor each other exactly (see
    `tidy_names`); `source` does not take part in equality, so a page read back from JSONL equals the
    page it was written from."""

    id: str
    title: str
    names: tuple[Name, ...] = ()
    summary: str = ""
    sections: tuple[Section, ...] = ()
    url: str | None = None
    # Web addresses the summary's statements come from (an ontology definition's references), as links.
    references: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()  # ids of the pages this condition is a kind of
    narrower: tuple[str, ...] = ()  # ids of the pages that are kinds of it (an overview page has some)
    xrefs: tuple[str, ...] = ()  # ontology terms it corresponds to ("DOID:9256")
    source: Source | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Readers and tests may pass lists; a frozen page holds tuples so it stays hashable and
        # nobody edits a page that the index was already built from.
        object.__setattr__(self, "names", tidy_names(self.title, self.names))
        object.__setattr__(self, "sections", tuple(self.sections))
        for key in ("references", "broader", "narrower", "xrefs"):
            object.__setattr__(self, key, tuple(dict.fromkeys(getattr(self, key))))

    @property
    def is_overview(self) -> bool:
        """True for a page that stands for a group of conditions: it has narrower pages."""
        return bool(self.narrower)

    @classmethod
    def from_dict(cls, data: Any, *, source: Source | None = None) -> "Page":
        """The page of one JSONL record, validated: raises ValueError saying what is wrong.

        `id` and `title` are required; every other key may be left out (hand-written records). A key outside the JSONL form is an error, so a misspelt key is not lost
        silently. `source`, when given, replaces the record's own (the caller knows file and line).
        """
        if not isinstance(data, dict):
            raise ValueError(f"a page must be a JSON object, not {_json_type(data)}")
        unknown = sorted(set(data) - set(PAGE_KEYS))
        if unknown:
            raise ValueError(f"unknown key(s) {', '.join(map(repr, unknown))}; "
                             f"a page has only {', '.join(PAGE_KEYS)}")
        page_id = check_page_id(_required_text(data, "id"))
        title = _required_text(data, "title")
        names = [name_from_dict(item, where=f"names[{index}]")
                 for index, item in enumerate(_list_of(data, "names"))]
        sections = [_section_from_dict(item, where=f"sections[{index}]")
                    for index, item in enumerate(_list_of(data, "sections"))]
        summary = _optional_text(data, "summary") or ""
        url = _optional_text(data, "url")
        references = references_from_list(_list_of(data, "references"))
        links = {key: ids_from_list(_list_of(data, key), key=key) for key in LINK_KEYS}
        xrefs = xrefs_from_list(_list_of(data, "xrefs"))
        if source is None and data.get("source") is not None:
            source = _source_from_dict(data["source"])
        return cls(id=page_id, title=title, names=tuple(names), summary=summary,
                   sections=tuple(sections), url=url, references=references, xrefs=xrefs, source=source, **links)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "names": [name.to_dict() for name in self.names],
            "summary": self.summary,
            "sections": [section.to_dict() for section in self.sections],
            "url": self.url,
            "references": list(self.references),
            "broader": list(self.broader),
            "narrower": list(self.narrower),
            "xrefs": list(self.xrefs),
            "source": self.source.to_dict() if self.source else None,
        }

    def all_names(self) -> list[Name]:
        """The title first (as a name of kind "title"), then every other name."""
        return [Name(self.title, "title", None), *self.names]


def check_page_id(page_id: str) -> str:
    """The id, if it can name a page in a URL and on a command line; else ValueError saying why."""
    if any(char.isspace() for char in page_id) or "/" in page_id or "?" in page_id or "#" in page_id:
        raise ValueError(f"id {page_id!r} must not contain spaces, '/', '?' or '#' "
                         f"(use the slug of the title, e.g. 'wilms-tumor')")
    return page_id


def ids_from_list(items: list, *, key: str) -> tuple[str, ...]:
    """The page ids of a `broader` or `narrower` list, each checked; ValueError saying which is wrong.
    (Whether a page has that id is the loader's check: it needs the whole corpus.)"""
    ids = []
    for index, item in enumerate(items):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)  # an id such as 404 reads as a number in YAML
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{key}[{index}] must be a page id, not {_json_type(item)}")
        ids.append(check_page_id(item.strip()))
    return tuple(ids)


def xrefs_from_list(items: list) -> tuple[str, ...]:
    """The ontology term ids of an `xrefs` list; ValueError for one that is not written PREFIX:ID."""
    return _texts_from_list(items, key="xrefs", accepts=TERM_ID.fullmatch,
                            what="an ontology term id such as DOID:9256")


def references_from_list(items: list) -> tuple[str, ...]:
    """The web addresses of a `references` list; ValueError for one that is not an http(s) address."""
    return _texts_from_list(items, key="references", accepts=WEB_ADDRESS.match,
                            what="a web address starting with http:// or https://")


def _texts_from_list(items: list, *, key: str, accepts, what: str) -> tuple[str, ...]:
    """The texts of the list `key`, stripped; ValueError naming the first that is not a text `accepts`."""
    for index, item in enumerate(items):
        if not isinstance(item, str) or not accepts(item.strip()):
            raise ValueError(f"{key}[{index}] must be {what}, not {item!r}")
    return tuple(item.strip() for item in items)


def tidy_names(title: str, names: Iterable[Name]) -> tuple[Name, ...]:
    """The names worth keeping, in their order: drops a name that only repeats the title and exact repeats.

    A name whose text differs from the title or from another name by case or accents is kept: it may be
    the very spelling a visitor types. A non-English name spelt like the title is kept too, since it
    records that the language uses that name.

    >>> tidy_names("Wilms Tumor", [Name("Wilms Tumor"), Name("wilms tumor"), Name("wilms tumor")])
    (Name(text='wilms tumor', kind='synonym', lang=None),)
    """
    kept: list[Name] = []
    seen: set[tuple[str, str, str | None]] = set()
    for name in names:
        key = (name.text, name.kind, name.lang)
        if key in seen or (name.text == title and name.lang is None):
            continue
        seen.add(key)
        kept.append(name)
    return tuple(kept)


def name_from_dict(item: Any, *, where: str = "name") -> Name:
    """A Name from a mapping {text, kind?, lang?} or a plain string (a synonym); ValueError if invalid.

    `kind` defaults to "synonym" and `lang` to None; lang "en" is taken as None, since English is the
    corpus language and a null lang already means English.
    """
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict):
        raise ValueError(f"{where} must be a text or a mapping with text, kind and lang, "
                         f"not {_json_type(item)} (a name such as NO or ON needs quotes in YAML)")
    unknown = sorted(set(item) - set(NAME_KEYS))
    if unknown:
        raise ValueError(f"{where} has unknown key(s) {', '.join(map(repr, unknown))}; "
                         f"a name has only {', '.join(NAME_KEYS)}")
    text = item.get("text")
    if text is not None and not isinstance(text, str):
        # YAML reads a bare NO, ON or 1.5 as a boolean or a number, not as the acronym meant.
        raise ValueError(f"{where} text {text!r} is {_json_type(text)}, not a text: put it in quotes")
    if text is None or not text.strip():
        raise ValueError(f"{where} has no text")
    kind = item.get("kind")
    if kind is None:
        kind = "synonym"
    if kind not in NAME_KINDS:
        raise ValueError(f"{where} ({text!r}) has kind {kind!r}; use one of {', '.join(NAME_KINDS)}")
    lang = item.get("lang")
    if lang is not None and (not isinstance(lang, str) or not LANG_CODE.fullmatch(lang)):
        raise ValueError(f"{where} ({text!r}) has lang {lang!r}; use an ISO 639 code such as "
                         f"\"fr\", or null for English")
    if lang == "en":
        lang = None
    return Name(text=text.strip(), kind=kind, lang=lang)


def _section_from_dict(item: Any, *, where: str) -> Section:
    if not isinstance(item, dict):
        raise ValueError(f"{where} must be an object with heading and text, not {_json_type(item)}")
    unknown = sorted(set(item) - set(SECTION_KEYS))
    if unknown:
        raise ValueError(f"{where} has unknown key(s) {', '.join(map(repr, unknown))}; "
                         f"a section has only heading and text")
    heading = item.get("heading")
    text = item.get("text", "")
    if not isinstance(heading, str) or not heading.strip():
        raise ValueError(f"{where} has no heading")
    if not isinstance(text, str):
        raise ValueError(f"{where} text must be a string, not {_json_type(text)}")
    return Section(heading=heading.strip(), text=text.strip())


def _source_from_dict(item: Any) -> Source:
    if not isinstance(item, dict) or not isinstance(item.get("file"), str):
        raise ValueError("source must be an object {\"file\": text, \"line\": number or null}")
    line = item.get("line")
    if line is not None and (not isinstance(line, int) or isinstance(line, bool)):
        raise ValueError(f"source line must be a number or null, not {_json_type(line)}")
    return Source(file=item["file"], line=line)


def _required_text(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"page has no {key}")
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, not {_json_type(value)}")
    return value.strip()


def _optional_text(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be a string or null, not {_json_type(value)}")
    return value


def _list_of(data: dict, key: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list, not {_json_type(value)}")
    return value


def _json_type(value: Any) -> str:
    """The JSON/YAML word for a value's type, for error messages a page author understands."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# An acronym as sources write it without saying so: one word of capitals and digits, at least two
# capitals ("ALL", "NSCLC", "MPNST", "HER2"); mixed-case words ("Burkitt") are names, not acronyms.
_ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z0-9][A-Z0-9-]{1,9}")


def looks_like_acronym(text: str) -> bool:
    """True for a name that is one short word in capitals, such as "ALL" or "NSCLC"."""
    return bool(_ACRONYM.fullmatch(text.strip()))
