"""Fixtures for the web UI tests: real indexes on disk, a fresh app and client per test.

- `index_dir`: the bundled corpus (108 pages), built once per session.
- `hostile_index_dir`: a two-page corpus whose title, names, text and url carry HTML and script, to prove
  that nothing a corpus file says ever runs in the page.
"""
from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from indexer import ensure_index
from webui import create_app

# Generous: a slow CI machine may need to check the corpus fingerprint before serving. Not a timing assertion.
SERVER_START_TIMEOUT = 120

HOSTILE_PAGES = [
    {
        "id": "hostile-sarcoma",
        "title": "Hostile <script>alert('title')</script> Sarcoma",
        "names": [
            {"text": "<img src=x onerror=alert('name')> tumour", "kind": "synonym", "lang": None},
            {"text": "sarcome <b>hostile</b>", "kind": "synonym", "lang": "fr"},
        ],
        "summary": "A made-up sarcoma whose text says <script>alert('summary')</script> & more,\x00 with a NUL"
                   " and a bell\x07 in it.",
        "sections": [{"heading": "<i>Treatment</i>", "text": "Surgery <script>alert('section')</script>."}],
        "url": "javascript:alert('url')",
        "source": None,
    },
    {
        "id": "plain-glioma",
        "title": "Plain Glioma",
        "names": [{"text": "PG", "kind": "acronym", "lang": None}],
        "summary": "A made-up glioma with an ordinary page.",
        "sections": [],
        "url": "https://example.org/plain-glioma",
        "source": None,
    },
]


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    report = ensure_index(tmp_path_factory.mktemp("webui-index") / "index")
    assert report.page_count >= 100, "the bundled corpus should give the index its 108 pages"
    return Path(report.index_dir)


@pytest.fixture(scope="session")
def hostile_index_dir(tmp_path_factory) -> Path:
    corpus_dir = tmp_path_factory.mktemp("hostile-corpus")
    corpus_file = corpus_dir / "pages.jsonl"
    corpus_file.write_text("\n".join(json.dumps(page) for page in HOSTILE_PAGES) + "\n", encoding="utf-8")
    report = ensure_index(corpus_dir / "index", corpus_paths=[corpus_file])
    assert report.page_count == len(HOSTILE_PAGES)
    return Path(report.index_dir)


@pytest.fixture
def app(index_dir):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def hostile_client(hostile_index_dir):
    return create_app({"INDEX_DIR": str(hostile_index_dir), "TESTING": True}).test_client()




@contextlib.contextmanager
def served(index_dir: Path, workers: int):
    """`condsearch serve` in a child process on a free port of 127.0.0.1: the real WSGI server, as deployed.
    Yields the base URL (read from the server's "Serving on" line) and the process; stops it with SIGTERM."""
    command = [sys.executable, "-c", "from corpus.cli import main; main()", "serve", "--index", str(index_dir),
               "--host", "127.0.0.1", "--port", "0", "--workers", str(workers)]
    env = {name: value for name, value in os.environ.items() if not name.startswith("CONDSEARCH_")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    errors: list[str] = []
    threading.Thread(target=lambda: errors.extend(process.stderr), daemon=True).start()
    try:
        url = None
        while url is None:
            try:
                line = lines.get(timeout=SERVER_START_TIMEOUT)
            except queue.Empty:
                break
            match = re.match(r"Serving on (http://\S+?)/?$", line.strip())
            url = match.group(1) if match else None
        if url is None:
            process.kill()
            pytest.fail("`condsearch serve` did not start: " + "".join(errors)[-2000:])
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=SERVER_START_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def live_server(index_dir):
    """The server of `served`, with four worker processes, for the whole session: its base URL."""
    with served(index_dir, workers=4) as (url, _):
        yield url


@pytest.fixture(name="served")
def served_fixture():
    """`served` itself, for tests that start and stop a server of their own."""
    return served


def wait_for(condition, timeout: float = 60.0):
    """Polls `condition` until it is true and returns its value; a hang guard, not a timing assertion."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting after {timeout} s")


@pytest.fixture(name="wait_for")
def wait_for_fixture():
    """`wait_for` itself, for tests that wait on a server's workers."""
    return wait_for
