"""Scraped plain-text pages: the text of a condition page as copied from a web site.

The form, read by its structure rather than by any one page's wording::

    Title                                  <- the first non-blank line
    This definition is based on ...        <- a source line (boilerplate, left out)
    Definition paragraph(s).               <- long lines ending in punctuation: the summary
    Other name one                         <- a block of short lines without final punctuation:
    Other name two                            the page's other names
    Therapies by type                      <- a known section heading (or, failing that, the last short
    Section text ...                          line before a paragraph) starts the sections

Boilerplate (attribution lines, "content will follow shortly", link hints such as "... is available
here.") is recognised by the patterns below, kept as data, and left out of summary and sections.
The page id is the slug of the title; the url stays null.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterator

from corpus.page import CorpusError, Name, Page, Section, Source, looks_like_acronym
from corpus.slug import slugify
from corpus.textfile import lines_of, read_utf8

# A line this short, without final punctuation, is a name or a heading rather than prose. Long enough
# for "Malignant peripheral nerve sheath tumour of the soft tissue", short of any real sentence.
SHORT_LINE_MAX_CHARS = 80
# A first line longer than this is prose, so the file has no title line.
TITLE_MAX_CHARS = 120
SENTENCE_END = ".!?:;,"

# Headings that start a section wherever they occur (compared case-insensitively, a final ':' ignored).
KNOWN_SECTION_HEADINGS = frozenset(heading.casefold() for heading in (
    "Therapies by type", "Clinical trials", "Treatment", "Treatments", "Treatment options",
    "Symptoms", "Signs and symptoms", "Diagnosis", "Causes", "Risk factors", "Prognosis", "Survival",
    "Prevention", "Screening", "Staging", "Stages", "Types", "Subtypes", "Side effects",
    "Living with cancer", "Support", "Research", "Follow-up", "Statistics",
))
# Labels that introduce the summary or the names; they are neither a name nor a heading.
LABEL_LINES = frozenset(label.casefold() for label in (
    "Definition", "Summary", "Overview", "Description", "What is it", "Also known as", "Also called",
    "Other names", "Alternative names", "Synonyms",
))
# Lines that belong to the web site rather than to the condition.
BOILERPLATE = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^this (definition|information|text) is based on information\b",  # the source line
    r"\bcontent will follow shortly\b",
    r"\bfollowing links? will provide\b",
    r"\bis available here\b\W*$",
    r"^more information is available\b",
    r"^(click|see|read more) here\b",
    r"^last (updated|reviewed)\b",
    r"^(share|print|back to top)$",
))
# A link's text left at the end of a sentence ("... in the European Union. More").
LINK_HINT_SUFFIX = re.compile(r"(?<=[.!?])\s+(More|Read more|More info|Learn more)$", re.IGNORECASE)


def read_scraped(path: Path) -> Iterator[Page | CorpusError]:
    """Yields the file's one page, or the CorpusError saying why it has none."""
    try:
        yield parse_scraped(read_utf8(path), file=str(path))
    except CorpusError as error:
        yield error


def parse_scraped(text: str, *, file: str) -> Page:
    """The page of one scraped text; raises CorpusError naming `file` and line when it has no title."""
    lines = [(number, " ".join(line.split())) for number, line in enumerate(lines_of(text), start=1)]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        raise CorpusError(file, 1, "page has no title: the file is empty")
    title_line, title = lines[0]
    if len(title) > TITLE_MAX_CHARS or title[-1] in ".!?":
        raise CorpusError(file, title_line, "page has no title: the first line should be the page's "
                                            "title, not a sentence")
    page_id = slugify(title)
    if not page_id:
        raise CorpusError(file, title_line, f"title {title!r} has no letters or digits to make an id of")

    summary: list[str] = []
    name_texts: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for _, line in lines[1:]:
        line = LINK_HINT_SUFFIX.sub("", line)
        if any(pattern.search(line) for pattern in BOILERPLATE):
            continue
        label = line.rstrip(":").strip().casefold()
        if label in KNOWN_SECTION_HEADINGS:
            sections.append((line.rstrip(":").strip(), []))
        elif sections:
            sections[-1][1].append(line)
        elif label in LABEL_LINES:
            continue
        elif is_short_line(line):
            name_texts.append(line)
        elif name_texts:
            # Prose after the name block with no known heading between: the block's last line was
            # the heading of this prose.
            sections.append((name_texts.pop(), [line]))
        else:
            summary.append(line)
    return Page(id=page_id, title=title, names=_names(title, name_texts), summary="\n\n".join(summary),
                sections=tuple(Section(heading, "\n\n".join(text)) for heading, text in sections),
                source=Source(file, title_line))


def is_short_line(line: str) -> bool:
    """True for a line that reads as a name or heading: short, with no sentence punctuation at its end."""
    return len(line) <= SHORT_LINE_MAX_CHARS and line[-1] not in SENTENCE_END and any(
        char.isalpha() for char in line)


def _names(title: str, name_texts: list[str]) -> tuple[Name, ...]:
    """The name block as names: a line that only repeats the title is dropped; a line that is the title
    or an earlier name in another spelling (British, accents, case) is a variant."""
    spellings_seen = {spelling_key(title)}
    names = []
    for text in name_texts:
        if text.casefold() == title.casefold():
            continue
        key = spelling_key(text)
        if looks_like_acronym(text):
            kind = "acronym"
        elif key in spellings_seen:
            kind = "variant"
        else:
            kind = "synonym"
        spellings_seen.add(key)
        names.append(Name(text=text, kind=kind, lang=None))
    return tuple(names)


_BRITISH_ENDINGS = ((re.compile(r"our\b"), "or"), (re.compile(r"tre\b"), "ter"))
_BRITISH_DIGRAPHS = re.compile(r"(?<=[a-z])(ae|oe)|\b(ae|oe)(?=[a-z])")


def spelling_key(text: str) -> str:
    """A key equal for spellings that differ only by accents, case or British/American letters.

    Only for telling a variant from a synonym here; the engine's own folding lives in indexer/.

    >>> spelling_key("Acute lymphoïd leukaemia") == spelling_key("acute lymphoid leukemia")
    True
    >>> spelling_key("Wilms tumour") == spelling_key("Wilms Tumor")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = _BRITISH_DIGRAPHS.sub("e", folded)
    for ending, american in _BRITISH_ENDINGS:
        folded = ending.sub(american, folded)
    return " ".join(folded.split())
