"""Building the on-disk index, so that a failed or killed build never costs the index that serves.

An index directory holds generations: each build writes a fresh `gen-*` folder (the Whoosh index, the
synonym rules and `meta.json`), and only once it is complete does the one-line file `CURRENT` switch to
it, by an atomic rename. Searchers read `CURRENT`, so they see the old generation or the new one, never
half of one. The previous generation is kept for searchers still reading it; older ones are removed
once they have been out of service for RETIRED_GENERATION_GRACE_SECONDS.

Every file of a generation is flushed to disk before `CURRENT` names it, and `meta.json` lists each file
with its size and SHA-256, so a generation cut short (a full disk, a crash, a copy that stopped) or with
a byte flipped on disk is recognised as damaged (indexer.store.check_generation, on every open) and
rebuilt instead of being served. A build that cannot write (a read-only or full
disk) raises IndexBuildError saying so, and leaves the serving generation as it was.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import click
from whoosh import index as whoosh_index

from corpus.page import Page
from indexer.analysis import ANALYSIS_VERSION
from indexer.store import (CURRENT_FILE, FORMAT_VERSION, GENERATION_PREFIX, META_FILE, SYNONYMS_FILE,
                           check_generation, current_generation, default_index_dir, format_version_of,
                           index_files, page_document, read_meta)
from indexer.schema import make_schema
from indexer.synonyms import parse_synonyms, read_synonym_files

LOCK_FILE = ".build.lock"
BUILDING_PREFIX = ".building-"
RETIRED_MARK = ".retired"
# Builds of at least this many pages show a progress bar when asked to.
PROGRESS_MIN_PAGES = 1000
# A generation replaced less than this long ago may still be read: searchers notice a new `CURRENT` within
# a second (search.searcher.RELOAD_CHECK_SECONDS) and a request in flight finishes with the generation it
# started on. Removing it sooner would turn those requests into errors when builds follow each other fast.
RETIRED_GENERATION_GRACE_SECONDS = 60.0


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


def _fsync(path: Path) -> None:
    """Flushes a file or a folder entry to disk, so that what `CURRENT` names survives a power cut."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
        raise IndexBuildError(f"{index_dir}: the index could not be written ({reason}: {where}); any index "
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
            "format_version": FORMAT_VERSION,
            "fingerprint": fingerprint,
            "analysis_version": ANALYSIS_VERSION,
            "page_count": len(pages),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": list(sources),
            "files": index_files(building),
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
    try:
        _switch_current(index_dir, generation_name)
    except BaseException:
        # A disk that fills up just now would stay full with a generation nothing names: remove it, unless
        # the switch went through and only flushing the folder failed.
        if current_generation(index_dir) != generation:
            shutil.rmtree(generation, ignore_errors=True)
        raise
    if previous is not None and previous != generation:
        _mark_retired(previous)
    _remove_old_generations(index_dir, keep={generation_name, previous.name if previous else ""})
    return generation


def _switch_current(index_dir: Path, generation_name: str) -> None:
    """Points `CURRENT` at a generation, atomically; a pointer that could not be written is removed."""
    pointer_tmp = index_dir / f".{CURRENT_FILE}.{os.getpid()}"
    try:
        with open(pointer_tmp, "w", encoding="utf-8") as handle:
            handle.write(generation_name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer_tmp, index_dir / CURRENT_FILE)
    except BaseException as error:
        pointer_tmp.unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename is None:
            error.filename = str(pointer_tmp)  # a write or flush that fails does not say which file
        raise
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
        meta = check_generation(generation)
        ix = whoosh_index.open_dir(str(generation))
        try:
            with ix.reader() as reader:  # the stored pages are what a searcher reads first
                for _docnum, _stored in reader.iter_docs():
                    pass
        finally:
            ix.close()
    except Exception as error:  # any unreadable index is rebuilt rather than served
        return True, f"the index could not be read ({type(error).__name__}: {error})"
    if format_version_of(meta) != FORMAT_VERSION:
        return True, (f"the index format changed (index written in format {format_version_of(meta)}, "
                      f"this is format {FORMAT_VERSION})")
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
