"""Loading a corpus: every page of every file and folder given, with every problem collected.

A folder is walked recursively in sorted order and its files chosen by extension (READERS); hidden
files and folders are skipped, and so is a folder's README (README.md documents a folder of pages,
it is not one). A file named exactly `synonyms.txt` is not a page but the corpus's
synonym file: it is passed on unparsed (the indexer reads it); one named `ontology-names.tsv` holds the
names of the ontology terms the pages link to (corpus.ontology_names). A bad page never stops the load: its
CorpusError goes to `Corpus.errors` and every good page is kept; so does a folder that cannot be read.

Once every page is read, OBO `is_a` parents become `broader` pages, the broader/narrower links are checked
and completed both ways (corpus.hierarchy), pages with `xrefs` gain the names of their ontology terms, and
each page is held to the caps below.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from corpus.hierarchy import connect
from corpus.jsonl import read_jsonl
from corpus.markdown import read_markdown
from corpus.obo import OboTerm, read_obo
from corpus.ontology_names import ONTOLOGY_NAMES_FILE, LinkReport, add_ontology_names
from corpus.page import CorpusError, Page, Section
from corpus.scraped import read_scraped

SYNONYM_FILE_NAME = "synonyms.txt"
# A page's text (summary and sections) is cut to this many characters. The longest patient-information
# page we know runs to about 40,000; every character is analysed and indexed, and an unbounded page (a
# 50 MB file took over 10 minutes and 3 GB to index) would hold the build, and every rebuild, hostage.
MAX_PAGE_TEXT_CHARS = 200_000
# A page keeps at most this many names. Bundled pages have a few dozen and an ontology term some tens;
# with the names of an ontology subtree a linked page has a few hundred. Each name is analysed, held in
# memory and matched phrase by phrase: 100,000 names on one page made a query on a shared word take
# over 100 ms.
MAX_NAMES_PER_PAGE = 5_000
READERS: dict[str, Callable[[Path], Iterator[Page | OboTerm | CorpusError]]] = {
    ".md": read_markdown,
    ".jsonl": read_jsonl,
    ".txt": read_scraped,
    ".obo": read_obo,
}


@dataclass
class Corpus:
    """The pages loaded (in load order), the problems met, the synonym and ontology names files found, and
    what linking the pages to their ontology terms did."""

    pages: list[Page] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)
    synonym_files: list[Path] = field(default_factory=list)
    ontology_name_files: list[Path] = field(default_factory=list)
    links: LinkReport = field(default_factory=LinkReport)

    def fingerprint(self) -> str:
        """A sha256 hex digest that changes when any page or synonym file changes, and only then.

        Pages are taken sorted by id and without their source, so moving or reordering the files
        leaves it unchanged.
        """
        digest = hashlib.sha256()
        for page in sorted(self.pages, key=lambda page: page.id):
            record = page.to_dict()
            del record["source"]
            digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8"))
            digest.update(b"\n")
        for synonym_file in self.synonym_files:
            digest.update(b"\0synonyms\0")
            digest.update(synonym_file.read_bytes())
        return digest.hexdigest()


def bundled_corpus_dir() -> Path:
    """The folder of the pages shipped inside the package (corpus/pages/)."""
    return Path(str(resources.files("corpus") / "pages"))


def load_corpus(paths: Iterable[str | Path] | None = None, *, obo_root: str | None = None,
                ontology_names: bool = True) -> Corpus:
    """Every page under `paths` (files or folders, any mix of formats; None: the bundled corpus).

    With `ontology_names` False, the pages are left without the names of their ontology terms (the link
    command, which is about to write them, reads the pages so).

    With `obo_root`, OBO terms are kept only if they are that term or one of its `is_a` descendants
    (pages of other formats are unaffected). A term present in several OBO files is loaded once, from
    the first file, with the parents of all. A second page with an id already loaded is an error.
    """
    corpus = Corpus()
    if isinstance(paths, (str, Path)):
        paths = [paths]  # one path given alone, rather than a list of its characters
    files = _page_files([bundled_corpus_dir()] if paths is None else [Path(path) for path in paths], corpus)
    loaded: list[Page | OboTerm] = []
    for path in files:
        for item in READERS[path.suffix.lower()](path):
            if isinstance(item, CorpusError):
                corpus.errors.append(item)
            else:
                loaded.append(item)
    first_term_by_id, parents_by_id = _merge_obo_terms(loaded)
    if obo_root is not None:
        kept_ids = _subtree(obo_root, parents_by_id, corpus)
        loaded = [item for item in loaded if not isinstance(item, OboTerm) or item.page.id in kept_ids]
    first_source: dict[str, Page] = {}
    for item in loaded:
        page = item.page if isinstance(item, OboTerm) else item
        if isinstance(item, OboTerm) and first_term_by_id[page.id] is not item:
            continue  # the same term from a later OBO file
        if page.id in first_source:
            earlier = first_source[page.id]
            corpus.errors.append(CorpusError(page.source.file if page.source else "?",
                                             page.source.line if page.source else None,
                                             f"duplicate id {page.id!r}: already used by {earlier.source}"))
            continue
        first_source[page.id] = page
        corpus.pages.append(page)
    # OBO is_a parents are broader pages; one outside the files loaded (a subset's parent, or one above
    # --obo-root) is simply not a page here.
    corpus.pages = [replace(page, broader=tuple(sorted(parent for parent in parents_by_id[page.id]
                                                       if parent in first_source)))
                    if page.id in first_term_by_id and first_term_by_id[page.id].page is page else page
                    for page in corpus.pages]
    corpus.pages = connect(corpus.pages, corpus.errors)
    if ontology_names:
        corpus.pages = add_ontology_names(corpus.pages, corpus.ontology_name_files, corpus.errors, corpus.links)
    corpus.pages = [_within_caps(page, corpus.errors) for page in corpus.pages]
    return corpus


def _page_files(paths: list[Path], corpus: Corpus) -> list[Path]:
    """The page files under `paths`, in order, each once; synonym files go to the corpus, a missing
    path or an unreadable file type to its errors."""
    files: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path, *, named: bool) -> None:
        resolved = path.resolve()
        if resolved in seen:
            return
        seen.add(resolved)
        if path.name == SYNONYM_FILE_NAME:
            corpus.synonym_files.append(path)
        elif path.name == ONTOLOGY_NAMES_FILE:
            corpus.ontology_name_files.append(path)
        elif path.suffix.lower() in READERS:
            files.append(path)
        elif named:  # a file inside a folder with another extension is simply not a page
            corpus.errors.append(CorpusError(str(path), None, "not a page file: use .md, .jsonl, .txt "
                                                              "(scraped page) or .obo"))

    def unreadable(error: OSError) -> None:
        corpus.errors.append(CorpusError(error.filename or "?", None, f"folder not read: "
                                                                      f"{error.strerror or error}"))

    for path in paths:
        if path.is_dir():
            for child in _files_under(path, unreadable):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                readme = child.stem.upper() == "README"
                if not hidden and not readme:
                    add(child, named=False)
        elif path.is_file():
            add(path, named=True)
        else:
            corpus.errors.append(CorpusError(str(path), None, "no such file or folder"))
    return files


def _files_under(folder: Path, on_error: Callable[[OSError], None]) -> list[Path]:
    """Every file under `folder`, sorted; a subfolder that cannot be listed goes to `on_error` (Path.rglob
    would skip it without a word, and its pages would be missing unexplained). Links to folders are not
    followed: a link back to a folder above would make the walk endless."""
    found = []
    for root, _folders, names in os.walk(folder, onerror=on_error):
        found += [Path(root) / name for name in names if (Path(root) / name).is_file()]
    return sorted(found)


def _within_caps(page: Page, errors: list[CorpusError]) -> Page:
    """The page cut to MAX_PAGE_TEXT_CHARS of text and MAX_NAMES_PER_PAGE names, with an error saying so."""
    where = (page.source.file, page.source.line) if page.source else ("?", None)
    if len(page.names) > MAX_NAMES_PER_PAGE:
        errors.append(CorpusError(*where, f"page {page.id!r} has {len(page.names)} names; only the first "
                                          f"{MAX_NAMES_PER_PAGE} are kept"))
        page = replace(page, names=page.names[:MAX_NAMES_PER_PAGE])
    text_chars = len(page.summary) + sum(len(section.text) for section in page.sections)
    if text_chars > MAX_PAGE_TEXT_CHARS:
        errors.append(CorpusError(*where, f"page {page.id!r} has {text_chars} characters of text; only the "
                                          f"first {MAX_PAGE_TEXT_CHARS} are kept"))
        budget = MAX_PAGE_TEXT_CHARS
        summary = page.summary[:budget]
        budget -= len(summary)
        sections = []
        for section in page.sections:
            if budget <= 0:
                break
            sections.append(Section(section.heading, section.text[:budget]))
            budget -= len(sections[-1].text)
        page = replace(page, summary=summary, sections=tuple(sections))
    return page


def _merge_obo_terms(loaded: list[Page | OboTerm]) -> tuple[dict[str, OboTerm], dict[str, set[str]]]:
    """The first OboTerm of each id, and each id's `is_a` parents over every file that has the term."""
    first_term_by_id: dict[str, OboTerm] = {}
    parents_by_id: dict[str, set[str]] = defaultdict(set)
    for item in loaded:
        if isinstance(item, OboTerm):
            first_term_by_id.setdefault(item.page.id, item)
            parents_by_id[item.page.id].update(item.parents)
    return first_term_by_id, parents_by_id


def _as_loaded(term_id: str, loaded_ids) -> str:
    """`term_id` as the OBO files write it, whatever the case of its prefix: a person types doid:162 for
    DOID:162. Only the prefix: the part after the colon is the ontology's own and is compared exactly."""
    if term_id in loaded_ids:
        return term_id
    prefix, colon, local = term_id.partition(":")
    if not colon:
        return term_id
    for loaded in loaded_ids:
        loaded_prefix, _, loaded_local = loaded.partition(":")
        if loaded_local == local and loaded_prefix.casefold() == prefix.casefold():
            return loaded
    return term_id


def _subtree(root_id: str, parents_by_id: dict[str, set[str]], corpus: Corpus) -> set[str]:
    """The ids of `root_id` and all its `is_a` descendants."""
    children: dict[str, list[str]] = defaultdict(list)
    for term_id, parents in parents_by_id.items():
        for parent in parents:
            children[parent].append(term_id)
    root_id = _as_loaded(root_id, parents_by_id)
    if root_id not in parents_by_id:
        corpus.errors.append(CorpusError("--obo-root", None, f"{root_id} is not a live term of any OBO "
                                                             f"file loaded"))
        return set()
    kept, pending = {root_id}, [root_id]
    while pending:
        for child in children[pending.pop()]:
            if child not in kept:
                kept.add(child)
                pending.append(child)
    return kept
