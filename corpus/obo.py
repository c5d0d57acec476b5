"""OBO 1.2 ontologies (the Disease Ontology's format): one page per live `[Term]` stanza.

A term becomes a page: its id as written ("DOID:1909"), `name` as title, the `def` text as summary and
its [refs] that are web addresses as references, the term's public address as url (term_url), and its
synonyms as names: EXACT ones are synonyms (acronyms when typed
`OMO:0003012`, or when written as one word in capitals), RELATED, NARROW and BROAD ones are `related`
names, which the engine ranks lower. Obsolete terms and other stanzas (`[Typedef]`) are left out.
The `is_a` parents are kept beside the page (`OboTerm`) so the loader can keep one subtree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from corpus.page import WEB_ADDRESS, CorpusError, Name, Page, Source, looks_like_acronym
from corpus.textfile import lines_of, read_utf8

ACRONYM_SYNONYM_TYPE = "OMO:0003012"  # the OBO Metadata Ontology's "abbreviation" synonym type
SYNONYM_SCOPES = ("EXACT", "RELATED", "NARROW", "BROAD")

# A quoted OBO string (backslash escapes allowed inside), then the rest of the line.
_QUOTED = re.compile(r'\s*"((?:[^"\\]|\\.)*)"\s*(.*)', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPED_CHARS = {"n": "\n", "t": "\t", "W": " "}  # every other escaped character stands for itself
_TRAILING_COMMENT = re.compile(r"(?<!\\)\s!\s.*$")  # "is_a: DOID:162 ! cancer"
_REFS = re.compile(r"\[((?:[^\]\\]|\\.)*)\]")  # the [ref, ref] list after a def's quoted text
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")

# Where a term id's public page is when the file's header declares no `idspace` for its prefix: the OBO
# Foundry's permanent address rule, PREFIX:LOCAL -> .../obo/PREFIX_LOCAL (the Disease Ontology's terms
# resolve there; its files declare no idspace of their own).
OBO_PURL = "http://purl.obolibrary.org/obo/{prefix}_{local}"
# A PubMed article, for the `PMID:` references of definitions; other references that are not web
# addresses (curators' initials such as "ls:IEDB", ISBNs) have no page a visitor could open.
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{local}/"


@dataclass(frozen=True)
class OboTerm:
    """A term's page and the ids of its `is_a` parents."""

    page: Page
    parents: tuple[str, ...]


def read_obo(path: Path) -> Iterator[OboTerm | CorpusError]:
    """Yields an OboTerm for every live term of the file, a CorpusError for every term that is broken."""
    try:
        text = read_utf8(path)
    except CorpusError as error:
        yield error
        return
    yield from parse_obo(text, file=str(path))


def term_url(term_id: str, idspaces: dict[str, str] | None = None) -> str:
    """The public address of an ontology term: its prefix's `idspace` address from the file's header
    followed by the local id, else the OBO Foundry's permanent address.

    >>> term_url("DOID:1909")
    'http://purl.obolibrary.org/obo/DOID_1909'
    >>> term_url("GO:0001", {"GO": "urn:lsid:bioontology.org:GO:"})
    'urn:lsid:bioontology.org:GO:0001'
    """
    prefix, _colon, local = term_id.partition(":")
    if idspaces and prefix in idspaces:
        return idspaces[prefix] + local
    return OBO_PURL.format(prefix=prefix, local=local)


def parse_obo(text: str, *, file: str) -> Iterator[OboTerm | CorpusError]:
    stanza_type: str | None = None  # None in the header, before the first stanza
    stanza_line = 0
    tags: list[tuple[int, str, str]] = []
    idspaces: dict[str, str] = {}  # the header's `idspace: PREFIX ADDRESS` declarations
    for line_number, line in enumerate(lines_of(text), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if stanza_type == "Term":
                yield from _term_or_error(tags, file=file, stanza_line=stanza_line, idspaces=idspaces)
            stanza_type, stanza_line, tags = stripped.strip("[]").strip(), line_number, []
            continue
        if stanza_type is None and stripped.startswith("idspace:"):
            declared = stripped.removeprefix("idspace:").split()
            if len(declared) >= 2:
                idspaces[declared[0]] = declared[1]
            continue
        if stanza_type != "Term" or not stripped or stripped.startswith("!"):
            continue
        tag, colon, value = stripped.partition(":")
        if not colon:
            tags.append((line_number, "", stripped))  # reported as malformed with its term
            continue
        tags.append((line_number, tag.strip(), value.strip()))
    if stanza_type == "Term":
        yield from _term_or_error(tags, file=file, stanza_line=stanza_line, idspaces=idspaces)


def _term_or_error(tags: list[tuple[int, str, str]], *, file: str, stanza_line: int,
                   idspaces: dict[str, str]) -> Iterator[OboTerm | CorpusError]:
    """The stanza's term (nothing for an obsolete one), or the error that keeps it out."""
    try:
        term = _term(tags, file=file, stanza_line=stanza_line, idspaces=idspaces)
    except CorpusError as error:
        yield error
        return
    if term is not None:
        yield term


def _term(tags: list[tuple[int, str, str]], *, file: str, stanza_line: int,
          idspaces: dict[str, str]) -> OboTerm | None:
    term_id = name = summary = None
    references: tuple[str, ...] = ()
    names: list[Name] = []
    parents: list[str] = []
    for line_number, tag, value in tags:
        if tag == "":
            raise CorpusError(file, line_number, f"malformed line in [Term] stanza, expected 'tag: value': "
                                                 f"{value[:60]!r}")
        if tag == "id":
            term_id = _strip_comment(value)
        elif tag == "name":
            name = _unescape(_strip_comment(value)).strip()
        elif tag == "is_obsolete" and value.lower().startswith("true"):
            return None
        elif tag == "is_a":
            parent = _strip_comment(value).split()
            if parent:
                parents.append(parent[0])
        elif tag == "def":
            summary, rest = _quoted(value, file=file, line=line_number, tag=tag)
            references = _web_references(rest)
        elif tag == "synonym":
            names.append(_synonym(value, file=file, line=line_number))
    if not term_id:
        raise CorpusError(file, stanza_line, "[Term] stanza has no id")
    if not name:
        raise CorpusError(file, stanza_line, f"term {term_id} has no name")
    page = Page(id=term_id, title=name, names=tuple(names), summary=summary or "",
                url=term_url(term_id, idspaces), references=references, source=Source(file, stanza_line))
    return OboTerm(page=page, parents=tuple(parents))


def _synonym(value: str, *, file: str, line: int) -> Name:
    """A `synonym: "text" SCOPE [TYPE] [xrefs]` value as a Name."""
    text, rest = _quoted(value, file=file, line=line, tag="synonym")
    words = rest.split()
    scope = words[0] if words and words[0] in SYNONYM_SCOPES else "RELATED"  # OBO 1.2's default scope
    synonym_type = words[1] if len(words) > 1 and not words[1].startswith("[") else None
    if scope != "EXACT":
        kind = "related"
    elif synonym_type == ACRONYM_SYNONYM_TYPE or looks_like_acronym(text):
        kind = "acronym"
    else:
        kind = "synonym"
    return Name(text=text.strip(), kind=kind, lang=None)


def _web_references(rest: str) -> tuple[str, ...]:
    r"""The web addresses among a def's [refs]: `url:` references, and PubMed's page of a `PMID:` one.

    >>> _web_references(r'[url:https\://en.wikipedia.org/wiki/X, PMID:123, ls:IEDB] {comment="x"}')
    ('https://en.wikipedia.org/wiki/X', 'https://pubmed.ncbi.nlm.nih.gov/123/')
    """
    match = _REFS.match(rest.strip())
    if not match:
        return ()
    addresses = []
    for ref in _UNESCAPED_COMMA.split(match.group(1)):
        words = _unescape(ref).split()
        if not words:
            continue
        kind, _colon, local = words[0].partition(":")
        if kind.lower() == "url" and WEB_ADDRESS.match(local):
            addresses.append(local)
        elif kind == "PMID" and local.isdigit():
            addresses.append(PUBMED_URL.format(local=local))
    return tuple(addresses)


def _quoted(value: str, *, file: str, line: int, tag: str) -> tuple[str, str]:
    match = _QUOTED.fullmatch(value)
    if not match or not match.group(1).strip():
        raise CorpusError(file, line, f"{tag} needs a quoted text first: {tag}: \"...\"")
    return _unescape(match.group(1)), match.group(2)


def _unescape(text: str) -> str:
    r"""OBO backslash escapes resolved: '\"' is '"', '\:' is ':', '\n' a line end, '\W' a space."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda match: _ESCAPED_CHARS.get(match.group(1), match.group(1)), text)


def _strip_comment(value: str) -> str:
    return _TRAILING_COMMENT.sub("", value).strip()
