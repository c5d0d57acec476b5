"""Faults of the index directory and of builds. Properties checked:
1. A missing index: the Python API says how to build one; `condsearch search` and `condsearch serve` build
   it themselves (the corpus is known, so that is safe) and answer.
2. A damaged index (a file truncated, a file missing, `CURRENT` naming nothing): the Python API raises
   IndexUnreadable or IndexMissing naming the remedy; `condsearch index` and `condsearch serve` rebuild it.
3. An index written by another version (another analysis, a meta.json of another shape): the same.
4. A build killed with SIGKILL half-way (while adding pages, while committing) leaves the previous index
   intact and the running server serving it; the next build clears the leftovers and is picked up.
5. A read-only or full disk: the build fails with a one-line error (no traceback), leaves nothing behind,
   and the running server keeps serving the old index. `condsearch search`, finding no index and unable to
   build one (an unwritable folder, another build running), says so in one line and exits with status 2.
6. A byte flipped inside an index file (its size unchanged): the Python API refuses the generation naming
   the file; a running server keeps serving the previous generation and says once why; `condsearch search`
   says so in one line (exit status 2), or rebuilds when the index holds the bundled corpus;
   `condsearch serve` rebuilds it when given the corpus, and without one refuses to start, saying why. A
   stored summary damaged after the generation was opened makes the search IndexUnreadable, not a crash.
7. A disk that fills exactly when `CURRENT` is switched: the build fails with a one-line error, leaves
   neither its new generation nor the new pointer behind (the room they took is free again), and the
   previous generation stays in service.

One module for every fault of the index folder, over 400 lines for that reason: the faults share the
indexes, corpora and disks they are made on (the fixtures and helpers below).
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from indexer import ensure_index
from indexer.build import CURRENT_FILE, build_lock, check_generation, current_generation
from search import IndexMissing, IndexUnreadable, Searcher

OLD_PAGE = {"id": "old-marker-sarcoma", "title": "Old Marker Sarcoma",
            "names": [{"text": "vetustoma", "kind": "synonym", "lang": None}],
            "summary": "The page every test looks for in the index that was serving before."}
NEW_PAGE = {"id": "new-marker-sarcoma", "title": "New Marker Sarcoma",
            "names": [{"text": "novelloma", "kind": "synonym", "lang": None}],
            "summary": "The page only the rebuilt index holds."}


@pytest.fixture
def old_index(tmp_path, write_corpus, synthetic_pages):
    """A small index that a server can be serving when something goes wrong."""
    corpus = write_corpus(tmp_path / "old-corpus", [OLD_PAGE, *synthetic_pages(5)])
    report = ensure_index(tmp_path / "index", corpus_paths=[corpus])
    return report.index_dir, corpus


def new_corpus(tmp_path, write_corpus, synthetic_pages, count: int = 5) -> Path:
    return write_corpus(tmp_path / "new-corpus", [NEW_PAGE, *synthetic_pages(count, prefix="new")])


def served_ids(server, query: str) -> list[str]:
    status, answer = server.get_json(f"/api/search?q={query}")
    assert status == 200, answer
    return [hit["id"] for hit in answer["results"]]


def damage_truncate_segment(generation: Path) -> None:
    segment = max(generation.glob("MAIN_*.*"), key=lambda path: path.stat().st_size)
    os.truncate(segment, segment.stat().st_size // 2)


def damage_remove_toc(generation: Path) -> None:
    for toc in generation.glob("_MAIN_*.toc"):
        toc.unlink()


def damage_grow_synonyms(generation: Path) -> None:
    with open(generation / "synonyms.txt", "a", encoding="utf-8") as handle:
        handle.write("tumour, => ,\n")


def damage_other_analysis(generation: Path) -> None:
    meta = json.loads((generation / "meta.json").read_text())
    meta["analysis_version"] = "0-from-another-version"
    (generation / "meta.json").write_text(json.dumps(meta))


def damage_meta_of_another_shape(generation: Path) -> None:
    (generation / "meta.json").write_text(json.dumps({"format": 99, "id": generation.name}))


def damage_garbage_meta(generation: Path) -> None:
    (generation / "meta.json").write_bytes(b"\x00\xff not json")


DAMAGES = [damage_truncate_segment, damage_remove_toc, damage_grow_synonyms, damage_other_analysis,
           damage_meta_of_another_shape, damage_garbage_meta]


# ---- 1. missing --------------------------------------------------------------------------------------------

def test_missing_index_tells_how_to_build_one(tmp_path):
    """1."""
    with pytest.raises(IndexMissing, match="condsearch index"):
        Searcher(tmp_path / "nothing-here")


def test_current_naming_nothing_is_a_missing_index(old_index):
    """2. A pointer to a generation that is gone, or to something that is no generation at all."""
    index_dir, _ = old_index
    for pointer in ("gen-that-was-removed\n", "../../etc\n", "\x00\xff", ""):
        (index_dir / CURRENT_FILE).write_text(pointer, encoding="utf-8", errors="surrogateescape")
        with pytest.raises(IndexMissing):
            Searcher(index_dir)


def test_cli_search_builds_a_missing_index_and_answers(tmp_path, run_condsearch):
    """1."""
    result = run_condsearch("search", "--index", tmp_path / "index", "--json", "leukaemia")
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert b"indexing the bundled corpus first" in result.stderr
    assert json.loads(result.stdout)["results"]


def test_serve_builds_a_missing_index_and_serves(tmp_path, serve, write_corpus):
    """1."""
    corpus = write_corpus(tmp_path / "corpus", [OLD_PAGE])
    server = serve(tmp_path / "index", corpus=corpus)
    assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]


def test_index_removed_under_a_running_server_is_not_a_500(old_index, serve):
    """1. The operator deletes the folder; searches go on from what the server holds, or say 503."""
    index_dir, corpus = old_index
    server = serve(index_dir, corpus=corpus)
    assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]
    shutil.rmtree(index_dir)
    time.sleep(1.5)  # past the searchers' one-second look at CURRENT
    for query in ("vetustoma", "sarcoma", "leukaemia", "old marker"):
        status, _, body = server.request(f"/api/search?q={query.replace(' ', '+')}")
        assert status in (200, 503), (query, status, body[:300])
    status, _, _ = server.request("/condition/old-marker-sarcoma")
    assert status in (200, 503)


def test_a_searcher_whose_folder_was_removed_still_shows_its_pages(old_index):
    """1. The Python API: a searcher that has answered a query keeps its files open, so after the folder
    is removed it still shows a page, not only search results (a page's stored record used to be opened
    only when first read, and was gone by then)."""
    index_dir, _ = old_index
    searcher = Searcher(index_dir)
    assert [hit.id for hit in searcher.search("vetustoma").hits] == ["old-marker-sarcoma"]
    shutil.rmtree(index_dir)
    time.sleep(1.5)  # past the searcher's one-second look at CURRENT
    assert searcher.page("old-marker-sarcoma").id == "old-marker-sarcoma"


# ---- 2, 3. damaged, or from another version ----------------------------------------------------------------

@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.__name__)
def test_damaged_index_is_refused_with_the_remedy(old_index, damage):
    """2, 3. The Python API: a clear error naming the command that fixes it, never half an index."""
    index_dir, _ = old_index
    damage(current_generation(index_dir))
    with pytest.raises(IndexUnreadable, match=r"condsearch index --force"):
        Searcher(index_dir)


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.__name__)
def test_damaged_index_is_rebuilt_by_the_index_command(old_index, run_condsearch, damage):
    """2, 3."""
    index_dir, corpus = old_index
    damage(current_generation(index_dir))
    result = run_condsearch("index", "--index", index_dir, "--corpus", corpus)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert b"Indexed" in result.stdout
    assert Searcher(index_dir).search("vetustoma").hits[0].id == "old-marker-sarcoma"


@pytest.mark.parametrize("damage", [damage_truncate_segment, damage_other_analysis],
                         ids=lambda damage: damage.__name__)
def test_serve_rebuilds_a_damaged_index_and_serves(old_index, serve, damage):
    """2, 3."""
    index_dir, corpus = old_index
    damage(current_generation(index_dir))
    server = serve(index_dir, corpus=corpus)
    assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]


def test_a_running_server_ignores_a_damaged_new_generation(old_index, serve, write_corpus, synthetic_pages,
                                                           tmp_path, wait_until):
    """2. A generation damaged after its build (a disk error, a bad copy) never replaces a good one."""
    index_dir, corpus = old_index
    server = serve(index_dir, corpus=corpus)
    before = server.get_json("/healthz")[1]["index_id"]
    damaged = ensure_index(tmp_path / "elsewhere", corpus_paths=[new_corpus(tmp_path, write_corpus,
                                                                          synthetic_pages)])
    generation = current_generation(damaged.index_dir)
    damage_truncate_segment(generation)
    shutil.copytree(generation, index_dir / generation.name)
    (index_dir / CURRENT_FILE).write_text(generation.name + "\n")
    time.sleep(2.5)  # two looks at CURRENT
    for _ in range(20):
        assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]
    assert server.get_json("/healthz")[1]["index_id"] == before


# ---- 4. killed builds --------------------------------------------------------------------------------------

def building_files(index_dir: Path) -> list[Path]:
    return [path for folder in index_dir.glob(".building-*") for path in folder.iterdir()]


def kill_build_at(start_condsearch, index_dir: Path, corpus: Path, moment: str) -> None:
    """Starts `condsearch index --force` and SIGKILLs it at `moment`, seen from the files it has written."""
    process = start_condsearch("index", "--force", "--index", index_dir, "--corpus", corpus,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120  # a hang guard
        while time.monotonic() < deadline:
            files = building_files(index_dir)
            if moment == "adding pages" and any(path.name.endswith(".tmp") for path in files):
                time.sleep(0.2)  # well inside the adding: a thousand pages take seconds
                break
            if moment == "committing" and any(path.name.endswith(".col") for path in files):
                break
            assert process.poll() is None, f"the build ended before the moment '{moment}' was seen"
            time.sleep(0.005)
        else:
            raise AssertionError("the build never reached the moment to kill it")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("moment", ["adding pages", "committing"])
def test_a_build_killed_half_way_leaves_the_old_index_serving(old_index, serve, start_condsearch, run_condsearch,
                                                               write_corpus, synthetic_pages, tmp_path,
                                                               wait_until, moment):
    """4."""
    index_dir, corpus = old_index
    server = serve(index_dir, corpus=corpus)
    before = server.get_json("/healthz")[1]["index_id"]
    generation = current_generation(index_dir)
    big_corpus = new_corpus(tmp_path, write_corpus, synthetic_pages, count=1500)

    kill_build_at(start_condsearch, index_dir, big_corpus, moment)

    assert current_generation(index_dir) == generation
    check_generation(generation)  # every file as the build wrote it
    time.sleep(1.5)  # past the searchers' one-second look at CURRENT
    assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]
    assert served_ids(server, "novelloma") == []
    assert server.get_json("/healthz")[1]["index_id"] == before
    assert Searcher(index_dir).search("vetustoma").hits[0].id == "old-marker-sarcoma"

    # The next build clears what the killed one left, and the running server takes the new index.
    result = run_condsearch("index", "--index", index_dir, "--corpus", big_corpus)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert not list(index_dir.glob(".building-*"))
    wait_until(lambda: served_ids(server, "novelloma") == ["new-marker-sarcoma"])
    assert served_ids(server, "vetustoma") == []


# ---- 5. read-only and full disks ---------------------------------------------------------------------------

def mount(*arguments) -> bool:
    return subprocess.run(["mount", *arguments], capture_output=True).returncode == 0


@pytest.fixture
def read_only(tmp_path):
    """Makes a folder read-only for the builds the test starts: a read-only bind mount when running as root
    (root writes through permission bits), the permission bits otherwise."""
    made = []

    def make(folder: Path) -> None:
        if os.geteuid() == 0:
            if not (mount("--bind", str(folder), str(folder))
                    and mount("-o", "remount,bind,ro", str(folder), str(folder))):
                subprocess.run(["umount", "--lazy", str(folder)], capture_output=True)
                pytest.skip("running as root where mounts are not allowed: no way to make a folder read-only")
            made.append(("mount", folder))
        else:
            for path in [folder, *folder.rglob("*")]:
                path.chmod(path.stat().st_mode & ~0o222)
                made.append(("chmod", path))

    yield make
    for how, path in reversed(made):
        if how == "mount":
            # Lazily: a server started by the test may still hold files there until its own teardown.
            subprocess.run(["umount", "--lazy", str(path)], capture_output=True)
        else:
            path.chmod(path.stat().st_mode | 0o200)


@pytest.fixture
def small_disk(tmp_path):
    """(folder, preexec_fn) where a build of a thousand pages cannot fit: a 1 MiB tmpfs when mounts are
    allowed (ENOSPC, a real full disk); else a 512 KiB file-size limit on the build process (EFBIG)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if os.geteuid() == 0 and mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)):
        yield folder, None
        subprocess.run(["umount", "--lazy", str(folder)], capture_output=True)
        return

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (512 * 1024, 512 * 1024))

    yield folder, limit_file_size


def assert_clear_build_error(result) -> None:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, (result.returncode, stderr[-2000:])
    assert "Traceback" not in stderr, stderr[-3000:]
    assert stderr.startswith("Error: ") and "could not be written" in stderr, stderr
    assert "unchanged" in stderr


def test_read_only_disk_gives_a_clear_error_and_keeps_serving(old_index, serve, run_condsearch, read_only,
                                                              write_corpus, synthetic_pages, tmp_path):
    """5."""
    index_dir, corpus = old_index
    server = serve(index_dir, corpus=corpus)
    generation = current_generation(index_dir)
    read_only(index_dir)
    result = run_condsearch("index", "--index", index_dir, "--corpus",
                            new_corpus(tmp_path, write_corpus, synthetic_pages))
    assert_clear_build_error(result)
    assert current_generation(index_dir) == generation
    time.sleep(1.5)
    assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]
    assert served_ids(server, "novelloma") == []


def test_full_disk_gives_a_clear_error_and_keeps_serving(small_disk, serve, run_condsearch, write_corpus,
                                                         synthetic_pages, tmp_path):
    """5."""
    folder, preexec_fn = small_disk
    corpus = write_corpus(tmp_path / "old-corpus", [OLD_PAGE])
    first = run_condsearch("index", "--index", folder / "index", "--corpus", corpus, preexec_fn=preexec_fn)
    assert first.returncode == 0, first.stderr.decode()[-2000:]
    index_dir = folder / "index"
    server = serve(index_dir, corpus=corpus)
    generation = current_generation(index_dir)

    result = run_condsearch("index", "--index", index_dir, "--corpus",
                            new_corpus(tmp_path, write_corpus, synthetic_pages, count=1000), preexec_fn=preexec_fn)
    assert_clear_build_error(result)
    assert current_generation(index_dir) == generation
    assert not list(index_dir.glob(".building-*")), "a failed build must not keep the disk full"
    check_generation(generation)
    time.sleep(1.5)
    assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]


def test_serve_on_a_read_only_index_serves_the_old_one(old_index, read_only, write_corpus, synthetic_pages,
                                                       tmp_path, serve):
    """5. Start-up: the rebuild fails, so serve what is there and say why."""
    index_dir, _ = old_index
    read_only(index_dir)
    server = serve(index_dir, corpus=new_corpus(tmp_path, write_corpus, synthetic_pages))
    assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]


def assert_one_line_search_error(result, reason: str) -> None:
    """`condsearch search` could not run: exit status 2 and one line saying why, no traceback."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, (result.returncode, stderr[-2000:])
    assert "Traceback" not in stderr, stderr[-3000:]
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and reason in errors[0], stderr
    assert stderr.endswith(errors[0] + "\n"), stderr
    assert result.stdout == b""


def test_cli_search_that_cannot_build_a_missing_index_says_why(tmp_path, run_condsearch, read_only):
    """5. An unwritable folder: no index, and none can be made there."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    read_only(folder)
    result = run_condsearch("search", "--index", folder / "index", "leukaemia")
    assert_one_line_search_error(result, "could not be written")


def test_cli_search_while_another_build_runs_says_why(tmp_path, run_condsearch):
    """5. Another build holds the index's build lock (as `condsearch index` does while it runs)."""
    index_dir = tmp_path / "index"
    with build_lock(index_dir):
        result = run_condsearch("search", "--index", index_dir, "leukaemia")
    assert_one_line_search_error(result, "another build is running")


# ---- 6. a byte flipped -------------------------------------------------------------------------------------

# The files of a generation a flipped byte goes unseen in without checksums, by what they hold: the stored
# pages (names), the summaries, the postings and the term dictionary.
FLIPPABLE_FILES = {"stored pages": "*._stored.col", "summaries": "*.summary_data.col", "postings": "*.pst",
                   "terms": "*.trm"}


def flip_a_byte(generation: Path, pattern: str) -> str:
    """Inverts the byte in the middle of the file `pattern` names (a bad sector, a bad copy); its size stays
    the same. Returns the file's name."""
    [path] = generation.glob(pattern)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(data)
    return path.name


@pytest.mark.parametrize("pattern", FLIPPABLE_FILES.values(), ids=FLIPPABLE_FILES.keys())
def test_a_flipped_byte_is_refused_naming_the_file(old_index, pattern):
    """6. The Python API."""
    index_dir, _ = old_index
    name = flip_a_byte(current_generation(index_dir), pattern)
    with pytest.raises(IndexUnreadable, match=rf"{re.escape(name)} differs from what the build wrote.*"
                                              rf"condsearch index --force"):
        Searcher(index_dir)


def test_a_byte_flipped_after_opening_is_an_unreadable_index_not_a_crash(tmp_path, write_corpus, synthetic_pages):
    """6. The Python API (and so the site's 503): a generation damaged on disk while it serves. The page
    looked for comes last, its summary far into the file from the first page's, which the searcher has read
    (the file is read through a buffer: a record read once may be read again from memory)."""
    corpus = write_corpus(tmp_path / "corpus", [*synthetic_pages(300), OLD_PAGE])
    index_dir = ensure_index(tmp_path / "index", corpus_paths=[corpus]).index_dir
    searcher = Searcher(index_dir)
    assert [hit.id for hit in searcher.search("S000X").hits] == ["synthetic-0"]
    [summaries] = current_generation(index_dir).glob(FLIPPABLE_FILES["summaries"])
    summaries.write_bytes(bytes(byte ^ 0xFF for byte in summaries.read_bytes()))  # every byte of it
    with pytest.raises(IndexUnreadable, match=r"old-marker-sarcoma cannot be read.*condsearch index --force"):
        searcher.search("vetustoma")


def test_a_running_server_keeps_serving_when_a_new_generation_has_a_flipped_byte(
        old_index, serve, write_corpus, synthetic_pages, tmp_path, wait_until):
    """6. The damaged generation is refused once, with a line in the server's log, not every second."""
    index_dir, corpus = old_index
    server = serve(index_dir, corpus=corpus, workers=2)
    before = server.get_json("/healthz")[1]["index_id"]
    damaged = ensure_index(tmp_path / "elsewhere", corpus_paths=[new_corpus(tmp_path, write_corpus,
                                                                          synthetic_pages)])
    generation = current_generation(damaged.index_dir)
    name = flip_a_byte(generation, FLIPPABLE_FILES["postings"])
    shutil.copytree(generation, index_dir / generation.name)
    (index_dir / CURRENT_FILE).write_text(generation.name + "\n")
    for _ in range(3):
        time.sleep(1.1)  # past another look at CURRENT
        for _ in range(4):
            assert served_ids(server, "vetustoma") == ["old-marker-sarcoma"]
            assert served_ids(server, "novelloma") == []
    assert server.get_json("/healthz")[1]["index_id"] == before
    said = wait_until(lambda: [line for line in server.stderr_lines if generation.name in line and name in line])
    assert "keeps serving" in said[0], said
    assert len(said) <= 2, said  # once in each worker


def test_cli_search_on_a_flipped_byte_says_so(old_index, run_condsearch):
    """6. Built from the operator's files: not rebuilt behind their back, and never different results."""
    index_dir, _ = old_index
    name = flip_a_byte(current_generation(index_dir), FLIPPABLE_FILES["postings"])
    result = run_condsearch("search", "--index", index_dir, "vetustoma")
    assert_one_line_search_error(result, f"{name} differs from what the build wrote")


def test_cli_search_rebuilds_a_bundled_index_with_a_flipped_byte(bundled_index, run_condsearch, tmp_path):
    """6. Built from the bundled corpus, which ships with the program: rebuilt, then searched."""
    index_dir = tmp_path / "index"
    shutil.copytree(bundled_index, index_dir)
    flip_a_byte(current_generation(index_dir), FLIPPABLE_FILES["summaries"])
    result = run_condsearch("search", "--index", index_dir, "--json", "leukaemia")
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert b"Rebuilding it from the bundled corpus" in result.stderr
    assert json.loads(result.stdout)["results"]


def test_serve_without_the_corpus_refuses_a_flipped_byte(old_index, run_condsearch):
    """6. Served as it is (built from the operator's files, no --corpus given): not served damaged."""
    index_dir, corpus = old_index
    name = flip_a_byte(current_generation(index_dir), FLIPPABLE_FILES["terms"])
    # A hang guard: a server that starts anyway would serve until killed.
    result = run_condsearch("serve", "--index", index_dir, "--port", "0", timeout=60)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1 and "Traceback" not in stderr, stderr[-3000:]
    assert stderr.startswith("Error: ") and len(stderr.splitlines()) == 1, stderr
    assert f"{name} differs from what the build wrote" in stderr and f"--corpus to index {corpus} again" in stderr


# ---- 7. a disk full at the switch --------------------------------------------------------------------------

@pytest.fixture
def tmpfs(tmp_path):
    """make(name): a folder on a tmpfs of its own (a disk whose free room the test controls to the block);
    skips when mounts are not allowed."""
    mounted = []

    def make(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if os.geteuid() != 0 or not mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)):
            pytest.skip("no way to mount a tmpfs here (not root, or mounts not allowed)")
        mounted.append(folder)
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", "--lazy", str(folder)], capture_output=True)


def free_bytes(folder: Path) -> int:
    status = os.statvfs(folder)
    return status.f_bavail * status.f_frsize


def test_a_disk_full_at_the_switch_leaves_nothing_behind(tmpfs, run_condsearch, write_corpus, synthetic_pages,
                                                         tmp_path):
    """7."""
    old_corpus = write_corpus(tmp_path / "old-corpus", [OLD_PAGE, *synthetic_pages(5)])
    corpus = new_corpus(tmp_path, write_corpus, synthetic_pages, count=50)

    def build(index_dir: Path, pages: Path):
        return run_condsearch("index", "--index", index_dir, "--corpus", pages)

    # The room the new generation takes, measured on a disk of the same kind where it fits: the same pages
    # give files of the same sizes. Switching `CURRENT` then costs nothing more, as the old pointer goes.
    probe = tmpfs("probe")
    assert build(probe / "index", old_corpus).returncode == 0
    before = free_bytes(probe)
    assert build(probe / "index", corpus).returncode == 0
    needed = before - free_bytes(probe)

    # The same builds on a disk left with exactly that room: the generation fits, the new pointer does not.
    disk = tmpfs("disk")
    index_dir = disk / "index"
    assert build(index_dir, old_corpus).returncode == 0
    generation = current_generation(index_dir)
    with open(disk / "filler", "wb") as filler:
        os.posix_fallocate(filler.fileno(), 0, free_bytes(disk) - needed)
    assert free_bytes(disk) == needed

    result = build(index_dir, corpus)
    assert_clear_build_error(result)
    assert f"No space left on device: {index_dir / '.CURRENT.'}" in result.stderr.decode(), "failed elsewhere"
    assert sorted(path.name for path in index_dir.iterdir()) == [".build.lock", CURRENT_FILE, generation.name]
    assert free_bytes(disk) == needed, "a failed switch must not keep the disk full"
    assert current_generation(index_dir) == generation
    assert Searcher(index_dir).search("vetustoma").hits[0].id == "old-marker-sarcoma"
