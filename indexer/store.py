"""The on-disk index: its layout, its metadata and the encoding of every record it stores, in one place.

An index directory holds generations (`gen-*` folders: the Whoosh index, the synonym rules, `meta.json`)
and the one-line file `CURRENT` naming the one in service (indexer/build.py writes them). This module is
the only reader of that layout: `search/` opens an index through `OpenIndex`, and the text stage sees it
through `indexer.text_index.WhooshTextIndex` (the `search.textindex.TextIndex` protocol).

Two versions decide whether an index can be read: `FORMAT_VERSION` (this layout and record encoding) and
the analysis version (indexer/analysis.py: the terms). Changing either rebuilds the index, saying which.
"""
from __future__ import annotations

import hashlib
import json
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple

from platformdirs import user_data_path

from corpus.page import Page
from indexer.analysis import Change, Mode, analyze
from indexer.text_index import WhooshTextIndex, kept_postings

# Bump when the layout or a record's encoding changes: an index of another format is rebuilt, not misread.
FORMAT_VERSION = 3  # 3: each word of a name records the analysis steps that changed it
CURRENT_FILE = "CURRENT"
META_FILE = "meta.json"
SYNONYMS_FILE = "synonyms.txt"
GENERATION_PREFIX = "gen-"
META_KEYS = ("index_id", "fingerprint", "analysis_version", "page_count", "files")
# Characters of a summary whose words are stored analysed for its snippet (search/stages/explain.py shows
# at most SNIPPET_CHARS from the first matched word, found within the first half of that).
SUMMARY_HEAD_CHARS = 880
# Decoded summaries kept in memory per open generation: a result list reads ten, and reading and decoding
# one from disk cost a fifth of a short query's time. 2,048 cover every page of a site and the pages a large
# ontology's visitors actually reach, for a few MB.
SUMMARY_CACHE_SIZE = 2048


class IndexFormatError(ValueError):
    """A generation whose files are missing, cut short, damaged or of another format."""


def default_index_dir() -> Path:
    """Where `condsearch index` keeps the index when no --index is given: the user's data directory."""
    return user_data_path("condsearch") / "index"


def current_generation(index_dir: str | Path) -> Path | None:
    """The generation `CURRENT` names, or None when there is no complete index in `index_dir`."""
    pointer = Path(index_dir) / CURRENT_FILE
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    generation = Path(index_dir) / name
    return generation if name.startswith(GENERATION_PREFIX) and generation.is_dir() else None


def read_meta(generation: Path) -> dict:
    return json.loads((generation / META_FILE).read_text(encoding="utf-8"))


def format_version_of(meta: dict) -> int:
    """The format a generation was written in; generations from before formats were numbered are 0."""
    return meta.get("format_version", 0)


def check_generation(generation: Path) -> dict:
    """The meta of a generation after checking that it is whole; IndexFormatError naming the first problem.

    Every file the build listed in meta.json must be there with its size and its SHA-256: a truncated or
    partly copied index, or one with a byte flipped on disk, fails here instead of in the middle of a
    search or, worse, ranking silently otherwise. Hashing costs little beside the rest of an open: 15 ms
    (30 on a busy machine) for the 15 MB of the Disease Ontology union (7,088 pages), whose open takes about
    3 s, so every file is hashed on every open, none left to a lazier check."""
    meta = read_meta(generation)
    if (not isinstance(meta, dict) or any(key not in meta for key in META_KEYS)
            or not isinstance(meta["files"], dict) or not meta["files"]):
        raise IndexFormatError(f"{META_FILE} lacks some of {', '.join(META_KEYS)} (written by another version?)")
    for name, expected in meta["files"].items():
        path = generation / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise IndexFormatError(f"{name} is missing") from None
        if size != expected["size"]:
            raise IndexFormatError(f"{name} has {size} bytes where the build wrote {expected['size']} (truncated?)")
        if sha256_of(path) != expected["sha256"]:
            raise IndexFormatError(f"{name} differs from what the build wrote (damaged?)")
    return meta


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def index_files(generation: Path) -> dict:
    """Each file of a finished build, with its size and checksum, as meta.json lists them; Whoosh's empty
    lock file and our own marks are not part of the index."""
    return {path.name: {"size": path.stat().st_size, "sha256": sha256_of(path)}
            for path in sorted(generation.iterdir())
            if path.is_file() and not path.name.startswith(".") and not path.name.endswith("WRITELOCK")}


# ---- records ----------------------------------------------------------------------------------------------

class StoredWord(NamedTuple):
    """One analysed word of a name (indexer.analysis.Token, as stored)."""

    surface: str
    word: str
    term: str
    alternates: tuple[tuple[str, str], ...]  # other (word, term) readings
    acronym: bool
    stop: bool
    changes: frozenset[Change] = frozenset()  # the steps that changed it (indexer.analysis.Token.changes)


class StoredName(NamedTuple):
    text: str
    kind: str
    lang: str | None
    words: tuple[StoredWord, ...]


class StoredPage(NamedTuple):
    """What the name matcher reads of a page: read once when a searcher opens the index."""

    id: str
    title: str
    names: tuple[StoredName, ...]
    broader: tuple[str, ...] = ()  # ids of the pages it is a kind of
    narrower: tuple[str, ...] = ()  # ids of its kinds (an overview page has some)


class SummaryRecord(NamedTuple):
    """A page's summary (NFC) and the analysed words of its start: (start, end, term, other terms...) each,
    so that a snippet is marked without analysing the summary on every query."""

    summary: str
    tokens: tuple
    # term -> the numbers of the tokens holding it, in order: a snippet looks up the few terms a query
    # matched instead of reading every word of the summary, on every result of every query
    places: Mapping[str, tuple[int, ...]]


def token_places(tokens) -> Mapping[str, tuple[int, ...]]:
    """SummaryRecord.places of `tokens`."""
    places: dict[str, list[int]] = {}
    for number, (_start, _end, *terms) in enumerate(tokens):
        for term in dict.fromkeys(terms):
            places.setdefault(term, []).append(number)
    return MappingProxyType({term: tuple(numbers) for term, numbers in places.items()})


def encode_names(page: Page) -> str:
    """Every name of a page, analysed: [[text, kind, lang, [[surface, word, term, alternates, acronym, stop,
    changes], ...]], ...] as JSON, `changes` the names of the Change members. A name of kind acronym has
    every word an acronym and none a filler word."""
    records = []
    for name in page.all_names():
        acronym_name = name.kind == "acronym"
        tokens = [[token.surface, token.word, token.term, [list(pair) for pair in token.alternates],
                   bool(token.acronym or acronym_name), bool(token.stop and not acronym_name),
                   sorted(change.name for change in token.changes)]
                  for token in analyze(name.text, mode=Mode.ACRONYM_NAME if acronym_name else Mode.NAME)]
        if tokens:
            records.append([name.text, name.kind, name.lang, tokens])
    return json.dumps(records, ensure_ascii=False)


def decode_names(data: str) -> tuple[StoredName, ...]:
    return tuple(StoredName(text, kind, lang, tuple(
        StoredWord(surface, word, term, tuple(tuple(pair) for pair in alternates), bool(acronym), bool(stop),
                   changes_named(tuple(changes)))
        for surface, word, term, alternates, acronym, stop, changes in analysed))
        for text, kind, lang, analysed in json.loads(data))


@lru_cache(maxsize=None)
def changes_named(names: tuple[str, ...]) -> frozenset[Change]:
    """The set of changes a stored word lists, one shared object per combination (few combinations occur,
    and a corpus has hundreds of thousands of name words)."""
    return frozenset(Change[name] for name in names)


def encode_summary(page: Page) -> bytes:
    summary = unicodedata.normalize("NFC", page.summary)  # the analysis reads NFC: offsets point into it
    tokens = [[token.start, token.end, *token.terms()] for token in analyze(summary[:SUMMARY_HEAD_CHARS])]
    return json.dumps([summary, tokens], ensure_ascii=False).encode("utf-8")


def decode_summary(data: bytes) -> SummaryRecord:
    summary, tokens = json.loads(data)
    tokens = tuple(map(tuple, tokens))
    return SummaryRecord(summary, tokens, token_places(tokens))  # immutable: a cached record is shared


def page_document(page: Page) -> dict:
    """The Whoosh document of a page (indexer/schema.py)."""
    body = "\n".join([page.summary, *(f"{s.heading}\n{s.text}" for s in page.sections)])
    return {
        "id": page.id,
        "title": page.title,
        "body": body,
        "page": json.dumps(page.to_dict(), ensure_ascii=False),
        "name_data": encode_names(page),
        "summary_data": encode_summary(page),
        "links_data": json.dumps([list(page.broader), list(page.narrower)]),
    }


# ---- reading a generation -----------------------------------------------------------------------------------

class OpenIndex:
    """One generation opened for searching: its pages' names (read once), its synonym rules, and per thread
    a Whoosh searcher for the text, the summaries and the stored pages.

    Pages are numbered in the order Whoosh stores them; `page_ids[n]` is page n's id."""

    def __init__(self, generation: Path, meta: dict):
        from whoosh import index as whoosh_index

        self.generation = generation
        self.meta = meta
        self._ix = whoosh_index.open_dir(str(generation))
        self._local = threading.local()
        self.docnums: list[int] = []
        self.stored_pages: list[StoredPage] = []
        with self._ix.reader() as reader:
            for docnum, stored in reader.iter_docs():
                self.docnums.append(docnum)
                broader, narrower = json.loads(stored["links_data"])
                self.stored_pages.append(StoredPage(stored["id"], stored["title"], decode_names(stored["name_data"]),
                                                    tuple(broader), tuple(narrower)))
        self.page_of_docnum = {docnum: page for page, docnum in enumerate(self.docnums)}
        # shared by the threads (lru_cache locks itself); each miss reads through the calling thread's files
        self.summary = lru_cache(maxsize=SUMMARY_CACHE_SIZE)(self._read_summary)
        self.kept_postings = kept_postings()  # the text's postings, kept for every thread (indexer.text_index)

    @classmethod
    def open(cls, generation: Path, *, analysis_version: str) -> "OpenIndex":
        """Raises IndexFormatError when the generation is incomplete, damaged, or of another format or
        analysis: its terms would not meet the query's, and results would be silently wrong rather than
        visibly missing. Every file is checked against its SHA-256 (`check_generation`)."""
        meta = check_generation(generation)
        if format_version_of(meta) != FORMAT_VERSION:
            raise IndexFormatError(f"it was written in index format {format_version_of(meta)}, this program "
                                   f"reads format {FORMAT_VERSION}")
        if meta["analysis_version"] != analysis_version:
            raise IndexFormatError(f"it was built with analysis version {meta['analysis_version']}, "
                                   f"this program reads version {analysis_version}")
        return cls(generation, meta)

    def synonyms_text(self) -> str:
        return (self.generation / SYNONYMS_FILE).read_text(encoding="utf-8")

    def _opened(self):
        """This thread's Whoosh searcher and summaries column, opened together (see `text_index`)."""
        opened = getattr(self._local, "opened", None)
        if opened is None:
            from whoosh.scoring import BM25F

            searcher = self._ix.searcher(weighting=BM25F())
            # Every file this thread will read is opened now, together: Whoosh opens some only when first
            # read, and a folder removed under a running server stays readable only through the files
            # already open (the summaries' column, the stored pages).
            summaries = searcher.reader().column_reader("summary_data")
            if searcher.doc_count():
                searcher.stored_fields(0)
            text = WhooshTextIndex(searcher, self.page_of_docnum, self.kept_postings)
            opened = self._local.opened = (searcher, summaries, text)
        return opened

    def text_index(self) -> "WhooshTextIndex":
        return self._opened()[2]

    def _read_summary(self, page: int) -> SummaryRecord:
        """Page number -> its summary record (read through `summary`, which caches it). Raises
        IndexFormatError when the record cannot be decoded: its file was checked when the generation was
        opened, so it changed on disk since (a failing disk)."""
        try:
            return decode_summary(self._opened()[1][self.docnums[page]])
        except ValueError as error:  # bytes that are not UTF-8, or not JSON of a summary record
            raise IndexFormatError(f"the summary of {self.stored_pages[page].id} cannot be read ({error}); "
                                   f"its file changed on disk after it was checked") from None

    def page(self, page_id: str) -> Page | None:
        """Raises IndexFormatError as `summary` does."""
        stored = self._opened()[0].document(id=page_id)
        try:
            return Page.from_dict(json.loads(stored["page"])) if stored else None
        except ValueError as error:
            raise IndexFormatError(f"the page {page_id} cannot be read ({error}); its file changed on disk "
                                   f"after it was checked") from None

    def close_thread(self) -> None:
        """Closes this thread's searcher (when the thread moves to a newer generation)."""
        opened = getattr(self._local, "opened", None)
        if opened is not None:
            opened[0].close()
            self._local.opened = None
