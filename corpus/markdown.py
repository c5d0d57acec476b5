"""Markdown pages with YAML front matter: the bundled authoring format, one page per file.

    ---
    id: wilms-tumor                 # optional: defaults to the file name without .md
    title: Wilms Tumor
    url: https://example.org/wilms  # optional
    broader: [kidney-cancer]        # optional: ids of the pages this one is a kind of
    narrower: []                    # optional: ids of the pages that are kinds of this one
    xrefs: [DOID:2154]              # optional: the ontology terms it corresponds to
    names:
      - nephroblastoma                          # a plain text is a synonym
      - {text: Wilms' tumour, kind: variant}
      - {text: néphroblastome, lang: fr}        # kind defaults to synonym, lang to null (English)
    ---
    Text before the first `##` heading is the summary.

    ## Who it affects
    Each `##` heading starts a section; deeper headings stay inside its text.

A leading `# Title` line in the body is allowed and is not part of the summary; it is the title only
when the front matter has none.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from corpus.page import (LINK_KEYS, CorpusError, Page, Section, Source, check_page_id, ids_from_list,
                         name_from_dict, xrefs_from_list)
from corpus.textfile import lines_of, read_utf8

FRONT_MATTER_KEYS = ("id", "title", "names", "url", *LINK_KEYS, "xrefs")
_FENCE = "---"
_SECTION_HEADING = re.compile(r"##(?!#)\s*(.*?)\s*#*\s*$")
_TITLE_HEADING = re.compile(r"#(?!#)\s*(.*?)\s*#*\s*$")


def read_markdown(path: Path) -> Iterator[Page | CorpusError]:
    """Yields the file's one page, or the CorpusError saying why it has none."""
    try:
        yield parse_markdown(read_utf8(path), file=str(path), default_id=path.stem)
    except CorpusError as error:
        yield error


def parse_markdown(text: str, *, file: str, default_id: str) -> Page:
    """The page of one Markdown file's text; raises CorpusError naming `file` and the line at fault."""
    lines = lines_of(text)
    if not lines or lines[0].strip() != _FENCE:
        raise CorpusError(file, 1, "no front matter: the file must start with a '---' line, then id, "
                                   "title and names, then another '---' line")
    closing = next((index for index in range(1, len(lines)) if lines[index].strip() == _FENCE), None)
    if closing is None:
        raise CorpusError(file, 1, "front matter is not closed: add a '---' line after it")
    fields, line_of_key = _front_matter(lines[1:closing], file=file)
    title_from_body, summary, sections = _body(lines[closing + 1:])

    def fail(key: str, reason: str) -> CorpusError:
        return CorpusError(file, line_of_key.get(key, 2), reason)

    unknown = [key for key in fields if key not in FRONT_MATTER_KEYS]
    if unknown:
        raise fail(unknown[0], f"unknown front matter key {unknown[0]!r}; "
                               f"a page has only {', '.join(FRONT_MATTER_KEYS)}")
    page_id = _text_field(fields, "id", fail) or default_id
    try:
        check_page_id(page_id)
    except ValueError as error:
        raise fail("id", str(error)) from None
    title = _text_field(fields, "title", fail) or title_from_body
    if not title:
        raise CorpusError(file, 1, "page has no title: add 'title: ...' to the front matter")
    url = _text_field(fields, "url", fail)
    raw_names = fields.get("names") or []
    if not isinstance(raw_names, list):
        raise fail("names", "names must be a list (one '- ...' line per name)")
    names = []
    for index, item in enumerate(raw_names):
        try:
            names.append(name_from_dict(item, where=f"name {index + 1}"))
        except ValueError as error:
            raise CorpusError(file, line_of_key.get(("names", index), line_of_key.get("names")),
                              str(error)) from None
    lists = {}
    for key in (*LINK_KEYS, "xrefs"):
        try:
            items = _list_field(fields, key, fail)
            lists[key] = xrefs_from_list(items) if key == "xrefs" else ids_from_list(items, key=key)
        except ValueError as error:
            raise fail(key, str(error)) from None
    key_lines = tuple((key, line_of_key[key]) for key in lists if key in line_of_key)
    return Page(id=page_id, title=title, names=tuple(names), summary=summary, sections=tuple(sections),
                url=url, source=Source(file, 1, key_lines), **lists)


def _front_matter(lines: list[str], *, file: str) -> tuple[dict[str, Any], dict[Any, int]]:
    """The front matter's mapping and the file line of each key (and of each item of names)."""
    # Front matter starts on line 2 of the file: YAML's zero-based line n is file line n + 2.
    text = "\n".join(lines)
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(error, "problem", None) or str(error)
        raise CorpusError(file, line, f"malformed front matter: {problem}") from None
    except RecursionError:
        # PyYAML composes and constructs nested values recursively: a hostile page nested hundreds of
        # levels deep must be one bad page, not the end of the whole load.
        raise CorpusError(file, 2, "malformed front matter: values nested too deeply "
                                   "(a page's keys hold texts and lists of texts)") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CorpusError(file, 2, "malformed front matter: it must be 'key: value' lines "
                                   f"({', '.join(FRONT_MATTER_KEYS)})")
    line_of_key: dict[Any, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            line_of_key[key] = key_node.start_mark.line + 2
            if key == "names" and isinstance(value_node, yaml.SequenceNode):
                for index, item_node in enumerate(value_node.value):
                    line_of_key[("names", index)] = item_node.start_mark.line + 2
    return data, line_of_key


def _text_field(fields: dict, key: str, fail) -> str | None:
    value = fields.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
        return str(value)  # an id such as 404 reads as a number in YAML; it is still an id
    if not isinstance(value, str):
        raise fail(key, f"{key} must be a text, not {type(value).__name__}")
    return value.strip() or None


def _list_field(fields: dict, key: str, fail) -> list:
    """A list-valued key: absent is empty, one bare value is a list of one."""
    value = fields.get(key)
    if value is None:
        return []
    if isinstance(value, dict):
        raise fail(key, f"{key} must be a list of ids, not a mapping")
    return value if isinstance(value, list) else [value]


def _body(lines: list[str]) -> tuple[str | None, str, list[Section]]:
    """(title from a leading '# ' line or None, summary, sections) of the body's lines."""
    title = None
    summary_lines: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    in_code_block = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_code_block = not in_code_block  # a '## ' inside a code block is not a heading
        heading = None if in_code_block else _SECTION_HEADING.fullmatch(line)
        if heading:
            sections.append((heading.group(1), []))
            continue
        top = None if in_code_block else _TITLE_HEADING.fullmatch(line)
        if top and title is None and not sections and not "".join(summary_lines).strip():
            title = top.group(1) or None
            continue
        (sections[-1][1] if sections else summary_lines).append(line)
    return (title, _paragraphs(summary_lines),
            [Section(heading or "(untitled)", _paragraphs(text)) for heading, text in sections])


def _paragraphs(lines: list[str]) -> str:
    """The lines as text: hard-wrapped lines joined with spaces, paragraphs separated by a blank line."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs if paragraph)

