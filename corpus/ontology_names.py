"""A corpus's ontology names: what the ontology terms its pages link to (`xrefs`) are called.

The file `ontology-names.tsv` sits in a corpus folder, as `synonyms.txt` does; `condsearch corpus link`
writes it from OBO files, so the installed product answers to those names without reading any ontology.
After `#` comment lines (where the names came from: files, versions, checksums, licence) and a header, one
row per name:

    term<TAB>kind<TAB>text<TAB>from
    DOID:5409<TAB>synonym<TAB>small cell carcinoma of lung<TAB>DOID:5409
    DOID:5409<TAB>narrower<TAB>lung oat cell carcinoma<TAB>DOID:5411

`kind` is what the name is to a page linked to `term`: `synonym` or `acronym` (the term's name and its EXACT
synonyms), `related` (its RELATED, NARROW and BROAD synonyms), or `narrower` (the name or an EXACT synonym
of a term below it, `from`, that no other linked term stands between).

When the corpus loads, `add_ontology_names` gives each page the names of its xrefs, except the names it
already has, a name written on another page (its author placed it there), and a name the ontology gives
to several pages: that one belongs to none of them (a note says so, shown by `corpus check --verbose`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from corpus.page import TERM_ID, CorpusError, Name, Page
from corpus.textfile import lines_of, read_utf8

ONTOLOGY_NAMES_FILE = "ontology-names.tsv"
COLUMNS = ("term", "kind", "text", "from")
ROW_KINDS = ("synonym", "acronym", "related", "narrower")


@dataclass(frozen=True)
class OntologyName:
    term: str  # the term a page links to
    kind: str  # one of ROW_KINDS
    text: str
    source_term: str  # the term whose name it is: `term` itself, or one below it


def name_key(text: str) -> str:
    """A name as compared with others: case, punctuation and spacing aside ("Hodgkin's" is "hodgkin s")."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def read_ontology_names(path: Path) -> tuple[list[OntologyName], list[CorpusError]]:
    """The rows of an ontology names file, and an error naming the line of each row that is not one."""
    try:
        text = read_utf8(path)
    except CorpusError as error:
        return [], [error]
    rows, errors = [], []
    header_seen = False
    for line_number, line in enumerate(lines_of(text), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(cells) != COLUMNS:
                errors.append(CorpusError(str(path), line_number, f"the header must be {'<TAB>'.join(COLUMNS)}"))
                return [], errors
            continue
        if len(cells) != len(COLUMNS) or cells[1] not in ROW_KINDS or not cells[2].strip() \
                or not TERM_ID.fullmatch(cells[0]) or not TERM_ID.fullmatch(cells[3]):
            errors.append(CorpusError(str(path), line_number, f"expected term<TAB>kind<TAB>text<TAB>from with a "
                                                              f"kind among {', '.join(ROW_KINDS)}"))
            continue
        rows.append(OntologyName(cells[0], cells[1], cells[2].strip(), cells[3]))
    return rows, errors


def write_ontology_names(path: Path, rows: Iterable[OntologyName], header_comments: list[str]) -> int:
    """Writes the file (comments, header, rows sorted); returns how many rows it wrote."""
    rows = sorted(set(rows), key=lambda row: (row.term, ROW_KINDS.index(row.kind), row.text.casefold(),
                                              row.text, row.source_term))
    lines = [f"# {comment}" for comment in header_comments] + ["\t".join(COLUMNS)]
    lines += ["\t".join((row.term, row.kind, row.text, row.source_term)) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


@dataclass
class LinkReport:
    """What `add_ontology_names` did: pages linked, names added, names left out as belonging to several."""

    pages_linked: int = 0
    names_added: int = 0
    left_out: list[str] = field(default_factory=list)  # a note per name left out


def add_ontology_names(pages: list[Page], files: list[Path], errors: list[CorpusError],
                       report: LinkReport) -> list[Page]:
    """The pages with the ontology names of their xrefs added (after their own names)."""
    if not files:
        return pages
    rows_by_term = _rows_by_term(files, errors)
    wanted: dict[str, dict[str, OntologyName]] = {}  # page id -> name key -> the row it comes from
    pages_of_key: dict[str, set[str]] = defaultdict(set)
    text_of_key: dict[str, str] = {}
    # A name written on a page by its author is that page's: the ontology does not give it to another.
    written_on: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        for text in (page.title, *(name.text for name in page.names)):
            written_on[name_key(text)].add(page.id)
    for page in pages:
        if not page.xrefs:
            continue
        own = {name_key(page.title)} | {name_key(name.text) for name in page.names}
        wanted[page.id] = {}
        for term in page.xrefs:
            if term not in rows_by_term:
                where = page.source.at("xrefs") if page.source else None
                errors.append(CorpusError(where.file if where else "?", where.line if where else None,
                                          f"xref {term} has no names in {ONTOLOGY_NAMES_FILE}: run "
                                          f"`condsearch corpus link` again"))
                continue
            for row in rows_by_term[term]:
                key = name_key(row.text)
                pages_of_key[key].add(page.id)
                text_of_key.setdefault(key, row.text)
                if key in written_on and key not in own:
                    report.left_out.append(f"'{row.text}' ({row.source_term}) is a name of "
                                           f"{', '.join(sorted(written_on[key]))}: not added to {page.id}")
                elif key not in own:
                    wanted[page.id].setdefault(key, row)
    shared = {key for key, page_ids in pages_of_key.items() if len(page_ids) > 1}
    for key in sorted(shared):
        report.left_out.append(f"'{text_of_key[key]}' is named by the ontology for "
                               f"{', '.join(sorted(pages_of_key[key]))}: left to none of them")
    linked = []
    for page in pages:
        rows = [row for key, row in wanted.get(page.id, {}).items() if key not in shared]
        if page.id in wanted:
            report.pages_linked += 1
            report.names_added += len(rows)
        if rows:
            rows.sort(key=lambda row: ROW_KINDS.index(row.kind))
            # Each row kind is the name kind (corpus.page.NAME_KINDS) of the same meaning.
            page = replace(page, names=page.names + tuple(Name(row.text, row.kind) for row in rows))
        linked.append(page)
    return linked


def _rows_by_term(files: list[Path], errors: list[CorpusError]) -> dict[str, list[OntologyName]]:
    rows_by_term: dict[str, list[OntologyName]] = defaultdict(list)
    for path in files:
        rows, file_errors = read_ontology_names(path)
        errors.extend(file_errors)
        for row in rows:
            rows_by_term[row.term].append(row)
    return rows_by_term
