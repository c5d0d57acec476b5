"""Rebuilding the index while a server answers a bounded loopback load. Properties checked:
1. Every response during the run is a 200.
2. Every result set is the old index's answer or the new index's answer to that query, never a mix of the two
   and never anything else.
3. Afterwards every worker of the same server process answers from the new index, without a restart.
4. Two rebuilds in quick succession (within one second) are picked up too, and no request fails meanwhile.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.parse

import pytest

from indexer import ensure_index
from search import Searcher

# The load: bounded in both count and time, and only ever to 127.0.0.1.
CLIENTS = 4
MAX_REQUESTS = 20_000
MAX_SECONDS = 30.0

QUERIES = ["vetustoma", "novelloma", "marker sarcoma", "marker", "sarcoma", "lymphoma", "leukaemia", "carcinoma",
           "changed title", "neuroblastoma"]


def corpus_pages(version: str, synthetic_pages) -> list[dict]:
    """Two corpora that answer most QUERIES differently: pages removed, added and renamed between them."""
    marker = {"old": ("old-marker-sarcoma", "Old Marker Sarcoma", "vetustoma"),
              "new": ("new-marker-sarcoma", "New Marker Sarcoma", "novelloma")}[version]
    pages = [{"id": marker[0], "title": marker[1], "names": [{"text": marker[2], "kind": "synonym", "lang": None}],
              "summary": "A page that only one of the two corpora holds."},
             {"id": "renamed-page", "title": "Changed Title Lymphoma" if version == "new" else "Original Lymphoma",
              "summary": "A page renamed between the two corpora."}]
    return pages + synthetic_pages(40 if version == "old" else 25, prefix=version)


@pytest.fixture
def two_corpora(tmp_path, write_corpus, synthetic_pages):
    corpora, answers = {}, {}
    for version in ("old", "new"):
        corpora[version] = write_corpus(tmp_path / f"{version}-corpus", corpus_pages(version, synthetic_pages))
        reference = ensure_index(tmp_path / f"{version}-reference", corpus_paths=[corpora[version]])
        searcher = Searcher(reference.index_dir)
        answers[version] = {query: [hit.id for hit in searcher.search(query).hits] for query in QUERIES}
    differing = [query for query in QUERIES if answers["old"][query] != answers["new"][query]]
    assert len(differing) >= 5, "the two corpora must answer most queries differently"
    return corpora, answers


class Load:
    """CLIENTS threads sending searches to one server until stopped, MAX_REQUESTS or MAX_SECONDS."""

    def __init__(self, server):
        self.server = server
        self.records: list[tuple[str, int, list[str] | None]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._client, args=(number,), daemon=True)
                        for number in range(CLIENTS)]
        self.deadline = time.monotonic() + MAX_SECONDS

    def _client(self, number: int) -> None:
        turn = number
        while not self.stopping.is_set() and time.monotonic() < self.deadline:
            with self.lock:
                if len(self.records) >= MAX_REQUESTS:
                    return
            query = QUERIES[turn % len(QUERIES)]
            turn += 1
            try:
                status, _, body = self.server.request("/api/search?q=" + urllib.parse.quote(query))
                ids = [hit["id"] for hit in json.loads(body)["results"]] if status == 200 else None
            except Exception as error:  # a refused or broken connection is a failure to record, not a crash
                status, ids = -1, [repr(error)]
            with self.lock:
                self.records.append((query, status, ids))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=MAX_SECONDS + 30)

    def count(self) -> int:
        with self.lock:
            return len(self.records)


def assert_every_response_consistent(records, answers, allowed_versions) -> None:
    failures = [record for record in records if record[1] != 200]
    assert not failures, f"{len(failures)} of {len(records)} requests failed, e.g. {failures[:5]}"
    mixed = [(query, ids) for query, _, ids in records
             if not any(ids == answers[version][query] for version in allowed_versions)]
    assert not mixed, f"{len(mixed)} answers are neither the old nor the new index's, e.g. {mixed[:5]}"


def test_rebuild_under_load_serves_old_or_new_never_a_mix(tmp_path, two_corpora, serve, run_condsearch,
                                                         wait_until):
    """1, 2, 3."""
    corpora, answers = two_corpora
    index_dir = tmp_path / "index"
    ensure_index(index_dir, corpus_paths=[corpora["old"]])
    server = serve(index_dir, workers=2, corpus=corpora["old"])
    pid = server.process.pid

    with Load(server) as load:
        wait_until(lambda: load.count() >= 200)  # the load is running before the rebuild starts
        result = run_condsearch("index", "--index", index_dir, "--corpus", corpora["new"])
        assert result.returncode == 0, result.stderr.decode()[-2000:]
        rebuilt_at = load.count()

        def new_answers_seen() -> int:
            with load.lock:
                return sum(1 for query, _, ids in load.records[rebuilt_at:]
                           if ids == answers["new"][query] != answers["old"][query])
        # The searchers look at CURRENT once a second: a fast server answers many requests before they do.
        wait_until(lambda: new_answers_seen() >= 100)  # fails, naming the wait, if the load never sees it
        wait_until(lambda: load.count() >= rebuilt_at + 400)  # and goes on well after it
    records = load.records

    assert_every_response_consistent(records, answers, ("old", "new"))

    # 3. Every worker of the same server (processes and their threads) now answers from the new index.
    time.sleep(1.5)  # past the searchers' one-second look at CURRENT
    assert server.process.poll() is None and server.process.pid == pid
    after = [(query, 200, [hit["id"] for hit in server.get_json("/api/search?q=" + urllib.parse.quote(query))[1]
                           ["results"]]) for query in QUERIES * 4]
    assert_every_response_consistent(after, answers, ("new",))
    index_ids = {server.get_json("/healthz")[1]["index_id"] for _ in range(20)}
    assert len(index_ids) == 1


def test_rebuilds_in_quick_succession_under_load(tmp_path, two_corpora, serve, run_condsearch, wait_until):
    """4. old -> new -> old again, the second build right after the first: older generations must outlive
    the searchers that may still read them."""
    corpora, answers = two_corpora
    index_dir = tmp_path / "index"
    ensure_index(index_dir, corpus_paths=[corpora["old"]])
    server = serve(index_dir, workers=2, corpus=corpora["old"])

    with Load(server) as load:
        wait_until(lambda: load.count() >= 100)
        for version in ("new", "old", "new"):
            result = run_condsearch("index", "--index", index_dir, "--corpus", corpora[version])
            assert result.returncode == 0, result.stderr.decode()[-2000:]
        settled_at = load.count()
        wait_until(lambda: load.count() >= settled_at + 300)

    assert_every_response_consistent(load.records, answers, ("old", "new"))
    time.sleep(1.5)
    for query in QUERIES:
        assert [hit["id"] for hit in server.get_json("/api/search?q=" + urllib.parse.quote(query))[1]
                ["results"]] == answers["new"][query]
