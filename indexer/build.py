"""Building the on-disk index, so that a failed or killed build never costs the index that serves.

An index directory holds generations: each build writes a fresh `gen-*` folder (the Whoosh index, the
synonym rules and `meta.json`), and only once it is complete does the one-line file `CURRENT` switch to
it, by an atomic rename. Searchers read `CURRENT`, so they see the old generation or the new one, never
half of one. The previous generation is kept for searchers still reading it; older ones are removed
once they have been out of service for RETIRED_GENERATION_GRACE_SECONDS.

Every file of a generation is flushed to disk before `CURRENT` names it, and `meta.json` lists each file
with its size and SHA-256, so a generation cut short (a full disk, a crash, a copy that stopped) is
recognised as damaged and rebuilt instead of being served. A build that cannot write (a read-only or full
disk) raises IndexBuildError saying so, and leaves the serving generation as it was.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import click
from platformdirs import user_data_path
from whoosh import index as whoosh_index

from corpus.page import Page
from indexer.analysis import ANALYSIS_VERSION, analyze
from indexer.schema import make_schema
from indexer.synonyms import parse_synonyms, read_synonym_files

CURRENT_FILE = "CURRENT"
META_FILE = "meta.json"
SYNONYMS_FILE = "synonyms.txt"
LOCK_FILE = ".build.lock"
GENERATION_PREFIX = "gen-"
BUILDING_PREFIX = ".building-"
RETIRED_MARK = ".retired"
# Builds of at least this many pages show a progress bar when asked to.
PROGRESS_MIN_PAGES = 1000
# A generation replaced less than this long ago may still be read: searchers notice a new `CURRENT` within
# a second (search.searcher.RELOAD_CHECK_SECONDS) and a request in flight finishes with the generation it
# started on. Removing it sooner would turn those requests into errors when builds follow each other fast.
RETIRED_GENERATION_GRACE_SECONDS = 60.0
# Keys every meta.json has; a generation whose meta lacks one was written by another version.
META_KEYS = ("index_id", "fingerprint", "analysis_version", "page_count")
# The start of a summary whose words are stored analysed: a result's snippet is cut around the first matched
# word within it (search.explain.snippet).
SUMMARY_HEAD_CHARS = 880


class IndexBuildError(Exception):
    """A build that could not complete; the index that was serving before is untouched."""


@dataclass
class BuildReport:
    index_dir: Path
    rebuilt: bool
    reason: str
    page_count: int
    errors: list = field(default_factory=list)
    generation: str = ""


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


def check_generation(generation: Path, *, checksums: bool = False) -> dict:
    """The meta of a generation after checking that it is whole; ValueError naming the first problem.

    Every file the build listed in meta.json must be there with its size (and, with `checksums`, its
    SHA-256): a truncated or partly copied index fails here instead of in the middle of a search.
    Generations written before meta.json listed files are checked for their meta keys only."""
    meta = read_meta(generation)
    if not isinstance(meta, dict) or any(key not in meta for key in META_KEYS):
        raise ValueError(f"{META_FILE} lacks some of {', '.join(META_KEYS)} (written by another version?)")
    for name, expected in (meta.get("files") or {}).items():
        path = generation / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise ValueError(f"{name} is missing") from None
        if size != expected["size"]:
            raise ValueError(f"{name} has {size} bytes where the build wrote {expected['size']} (truncated?)")
        if checksums and _sha256(path) != expected["sha256"]:
            raise ValueError(f"{name} differs from what the build wrote (damaged?)")
    return meta


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _index_files(building: Path) -> dict:
    """Each file of a finished build, with its size and checksum; Whoosh's empty lock file and our own
    marks are not part of the index."""
    return {path.name: {"size": path.stat().st_size, "sha256": _sha256(path)}
            for path in sorted(building.iterdir())
            if path.is_file() and not path.name.startswith(".") and not path.name.endswith("WRITELOCK")}


def _fsync(path: Path) -> None:
    """Flushes a file or a folder entry to disk, so that what `CURRENT` names survives a power cut."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def name_records(page: Page) -> list[list]:
    """Every name of a page, analysed, in the compact form stored in the index for the name matcher:
    [text, kind, lang, [[surface, word, term, alternates, acronym, stop], ...]]."""
    records = []
    for name in page.all_names():
        acronym_name = name.kind == "acronym"
        tokens = [[token.surface, token.word, token.term, [list(pair) for pair in token.alternates],
                   bool(token.acronym or acronym_name), bool(token.stop and not acronym_name)]
                  for token in analyze(name.text)]
        if tokens:
            records.append([name.text, name.kind, name.lang, tokens])
    return records


def summary_record(page: Page) -> list:
    """A page's summary and the analysed words of its start, [start, end, term, other terms...] each, stored
    so that a result's snippet marks the matched words without analysing the summary on every query (it
    was half the time of a search). NFC, as the analysis reads it: the offsets are offsets into that form."""
    summary = unicodedata.normalize("NFC", page.summary)
    return [summary, [[token.start, token.end, *token.terms()] for token in analyze(summary[:SUMMARY_HEAD_CHARS])]]


def page_document(page: Page) -> dict:
    body = "\n".join([page.summary, *(f"{s.heading}\n{s.text}" for s in page.sections)])
    return {
        "id": page.id,
        "title": page.title,
        "body": body,
        "page": json.dumps(page.to_dict(), ensure_ascii=False),
        "name_data": json.dumps(name_records(page), ensure_ascii=False),
        "summary_data": json.dumps(summary_record(page), ensure_ascii=False).encode("utf-8"),
    }


@contextmanager
def build_lock(index_dir: Path):
    """One build at a time per index directory; the lock dies with its process, even on SIGKILL."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBuildError(f"{index_dir}: another build is running on this index") from None
        yield


def build_index(pages: list[Page], index_dir: str | Path, *, fingerprint: str, synonyms_text: str = "",
                sources: Iterable[str] = (), progress: bool = False) -> Path:
    """Writes a new generation for `pages` and switches `CURRENT` to it; returns the generation folder.

    Raises IndexBuildError when the folder cannot be written (read-only, full, not a folder): the
    generation that was serving stays as it was, and so does `CURRENT`."""
    index_dir = Path(index_dir)
    parse_synonyms(synonyms_text)  # a bad rule stops the build before anything is written
    try:
        with build_lock(index_dir):
            return _build_locked(pages, index_dir, fingerprint=fingerprint, synonyms_text=synonyms_text,
                                 sources=sources, progress=progress)
    except OSError as error:
        reason = error.strerror or str(error)
        where = error.filename or index_dir
        raise IndexBuildError(f"{index_dir}: the index could not be written ({reason}: {where}); the index "
                              f"that was serving is unchanged. Free some space or make the folder writable, "
                              f"then build again with `condsearch index`.") from error


def _build_locked(pages: list[Page], index_dir: Path, *, fingerprint: str, synonyms_text: str,
                  sources: Iterable[str], progress: bool) -> Path:
    _remove_abandoned_builds(index_dir)
    # mkdir rather than mkdtemp: the generation gets the permissions of the umask, so a server running as
    # another user of the group can read what the operator built.
    building = index_dir / f"{BUILDING_PREFIX}{uuid.uuid4().hex}"
    building.mkdir()
    try:
        ix = whoosh_index.create_in(str(building), make_schema())
        writer = ix.writer(limitmb=128, compound=False)
        try:
            show_bar = progress and len(pages) >= PROGRESS_MIN_PAGES
            with click.progressbar(pages, label="Indexing pages", file=sys.stderr,
                                   hidden=not show_bar) as bar:
                for page in bar:
                    writer.add_document(**page_document(page))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        (building / SYNONYMS_FILE).write_text(synonyms_text, encoding="utf-8")
        generation_name = f"{GENERATION_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        meta = {
            "index_id": generation_name,
            "fingerprint": fingerprint,
            "analysis_version": ANALYSIS_VERSION,
            "page_count": len(pages),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": list(sources),
            "files": _index_files(building),
        }
        (building / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        for path in building.iterdir():
            _fsync(path)
        _fsync(building)
        generation = index_dir / generation_name
        building.rename(generation)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    previous = current_generation(index_dir)
    _switch_current(index_dir, generation_name)
    if previous is not None and previous != generation:
        _mark_retired(previous)
    _remove_old_generations(index_dir, keep={generation_name, previous.name if previous else ""})
    return generation


def _switch_current(index_dir: Path, generation_name: str) -> None:
    pointer_tmp = index_dir / f".{CURRENT_FILE}.{os.getpid()}"
    with open(pointer_tmp, "w", encoding="utf-8") as handle:
        handle.write(generation_name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT_FILE)
    _fsync(index_dir)


def _mark_retired(generation: Path) -> None:
    """Notes when a generation stopped being current: it is removed RETIRED_GENERATION_GRACE_SECONDS later."""
    try:
        (generation / RETIRED_MARK).touch()
    except OSError:
        pass  # then it just lives until the next build finds it unmarked and old


def _generations(index_dir: Path) -> list[Path]:
    return sorted(path for path in index_dir.iterdir()
                  if path.is_dir() and path.name.startswith(GENERATION_PREFIX))


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    """Removes generations out of service for longer than the grace period. Which generation replaced which
    is read from the retired marks, not from the names: two builds within one second have names whose
    order is random."""
    now = time.time()
    for path in _generations(index_dir):
        if path.name in keep:
            continue
        try:
            retired_for = now - (path / RETIRED_MARK).stat().st_mtime
        except FileNotFoundError:
            # Never current (its build was killed between the rename and the switch), or retired by a
            # version that left no mark: its folder's age stands in.
            retired_for = now - path.stat().st_mtime
        if retired_for >= RETIRED_GENERATION_GRACE_SECONDS:
            shutil.rmtree(path, ignore_errors=True)


def _remove_abandoned_builds(index_dir: Path) -> None:
    """Leftovers of builds that were killed half-way: safe to remove while we hold the build lock."""
    for path in index_dir.iterdir():
        if path.name.startswith(BUILDING_PREFIX):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{CURRENT_FILE}."):
            path.unlink(missing_ok=True)  # a pointer written but never switched in


def index_status(index_dir: Path, fingerprint: str) -> tuple[bool, str]:
    """(needs a rebuild, why) for an index directory and the fingerprint of the corpus it should hold."""
    generation = current_generation(index_dir)
    if generation is None:
        return True, "no index yet"
    try:
        meta = check_generation(generation, checksums=True)
        ix = whoosh_index.open_dir(str(generation))
        try:
            with ix.reader() as reader:  # the stored pages are what a searcher reads first
                for _docnum, _stored in reader.iter_docs():
                    pass
        finally:
            ix.close()
    except Exception as error:  # any unreadable index is rebuilt rather than served
        return True, f"the index could not be read ({type(error).__name__}: {error})"
    if meta.get("analysis_version") != ANALYSIS_VERSION:
        return True, (f"the analysis changed (index built with version {meta.get('analysis_version')}, "
                      f"this is version {ANALYSIS_VERSION})")
    if meta.get("fingerprint") != fingerprint:
        return True, "the corpus changed since the last build"
    return False, "the index is up to date"


def ensure_index(index_dir: str | Path | None = None, *, corpus_paths=None, obo_root: str | None = None,
                 progress: bool = False, force: bool = False,
                 warn: Callable[[str], None] | None = None) -> BuildReport:
    """Builds the index for a corpus (None: the bundled one) unless the one there already holds it.

    Bad pages are skipped, each reported through `warn` (default: stderr); the good ones are indexed."""
    from corpus import load_corpus  # the corpus package is only needed when building

    index_dir = Path(index_dir) if index_dir else default_index_dir()
    warn = warn or (lambda message: print(f"warning: {message}", file=sys.stderr))
    corpus = load_corpus(corpus_paths, obo_root=obo_root)
    for error in corpus.errors:
        warn(str(error))
    synonyms_text = read_synonym_files(corpus.synonym_files)
    fingerprint = corpus.fingerprint()
    needed, reason = index_status(index_dir, fingerprint)
    if force and not needed:
        needed, reason = True, "a rebuild was asked for"
    if not needed:
        generation = current_generation(index_dir)
        return BuildReport(index_dir, False, reason, read_meta(generation)["page_count"],
                           corpus.errors, generation.name)
    if not corpus.pages:
        raise IndexBuildError("the corpus has no page to index; the index was left as it was")
    sources = [str(path) for path in corpus_paths] if corpus_paths else ["bundled corpus"]
    generation = build_index(corpus.pages, index_dir, fingerprint=fingerprint, synonyms_text=synonyms_text,
                             sources=sources, progress=progress)
    return BuildReport(index_dir, True, reason, len(corpus.pages), corpus.errors, generation.name)
