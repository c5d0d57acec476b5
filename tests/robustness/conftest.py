"""Fixtures for the robustness tests: real indexes on disk, real `condsearch` processes, a real HTTP server.

- `bundled_index`: the bundled corpus, built once per session (read-only for the tests that share it).
- `write_corpus(folder, pages)`: a JSONL corpus file of hand-made pages.
- `synthetic_pages(count)`: pages made up by rule, for corpora too big to write by hand.
- `serve(index_dir)`: starts `condsearch serve` on 127.0.0.1 (port 0) in its own process; stopped after the test.
- `run_condsearch(*args)`: runs the `condsearch` command in its own process.

Nothing here sends traffic anywhere but 127.0.0.1.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

import pytest

from indexer import ensure_index

# Hang guards only, never a measure: far above what any request or start-up takes on a slow machine.
REQUEST_TIMEOUT = 30.0
START_TIMEOUT = 60.0
# Environment variables of `condsearch serve` that must not leak from the developer's shell into a test.
SERVER_VARIABLES = ("CONDSEARCH_INDEX_DIR", "CONDSEARCH_CORPUS", "CONDSEARCH_HOST", "CONDSEARCH_PORT",
                    "CONDSEARCH_WORKERS", "CONDSEARCH_BASE_URL")


def condsearch_command() -> list[str]:
    """The installed `condsearch` script beside this interpreter (the virtualenv's), else the module."""
    script = Path(sys.executable).with_name("condsearch")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from corpus.cli import main; main()"]


def clean_environment() -> dict:
    environment = {name: value for name, value in os.environ.items() if name not in SERVER_VARIABLES}
    environment["PYTHONUNBUFFERED"] = "1"
    return environment


def run_condsearch(*args, input_bytes: bytes | None = None, timeout: float = 120.0,
                   preexec_fn=None) -> subprocess.CompletedProcess:
    return subprocess.run([*condsearch_command(), *map(str, args)], input=input_bytes, capture_output=True,
                          timeout=timeout, env=clean_environment(), preexec_fn=preexec_fn)


def start_condsearch(*args, **popen_options) -> subprocess.Popen:
    """`condsearch ARGS` started in its own process, not waited for."""
    return subprocess.Popen([*condsearch_command(), *map(str, args)], env=clean_environment(), **popen_options)


def write_corpus(folder: Path, pages: list[dict], name: str = "pages.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    corpus_file = folder / name
    corpus_file.write_text("".join(json.dumps(page, ensure_ascii=False) + "\n" for page in pages),
                           encoding="utf-8")
    return corpus_file


# Syllables for made-up condition names: pronounceable, so the typo and sound stages have real work.
SYLLABLES = ("neu", "ro", "bla", "sto", "ma", "lym", "pho", "sar", "co", "glio", "mel", "ano", "car", "ci",
             "no", "my", "elo", "leu", "ke", "mia", "hepa", "to", "thy", "mus", "os", "teo", "chon", "dro")


def made_up_word(number: int, syllables: int = 4) -> str:
    parts = []
    for _ in range(syllables):
        number, remainder = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[remainder])
    return "".join(parts)


def synthetic_pages(count: int, *, prefix: str = "synthetic", body_words: int = 60) -> list[dict]:
    """`count` distinct pages, each with a made-up name, a synonym, an acronym and some body text."""
    pages = []
    for number in range(count):
        word = made_up_word(number * 7919 + 13)
        pages.append({
            "id": f"{prefix}-{number}",
            "title": f"{word.capitalize()} {('Sarcoma', 'Carcinoma', 'Lymphoma', 'Leukemia')[number % 4]}",
            "names": [{"text": f"{made_up_word(number * 104729 + 7)} tumour", "kind": "synonym", "lang": None},
                      {"text": f"S{number % 1000:03d}X", "kind": "acronym", "lang": None}],
            "summary": " ".join(made_up_word(number * 31 + k, 3) for k in range(body_words)),
            "sections": [],
            "url": None,
            "source": None,
        })
    return pages


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory) -> Path:
    report = ensure_index(tmp_path_factory.mktemp("robustness-bundled") / "index")
    assert report.page_count >= 100
    return Path(report.index_dir)


def python_calls(action) -> int:
    """The work `action` does, counted as Python function calls: a measure of work that is the same on a
    fast machine and a slow one (the wall clock is not)."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


class Server:
    """`condsearch serve` in its own process on 127.0.0.1, with the address it printed."""

    def __init__(self, index_dir: Path, *, workers: int = 2, corpus: Path | None = None, extra_env=None):
        command = [*condsearch_command(), "serve", "--index", str(index_dir), "--host", "127.0.0.1",
                   "--port", "0", "--workers", str(workers)]
        environment = clean_environment()
        if corpus is not None:
            environment["CONDSEARCH_CORPUS"] = str(corpus)
        environment.update(extra_env or {})
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=environment)
        self.stderr_lines: list[str] = []
        self.port = self._read_port()
        # Keep draining stderr so a chatty server never blocks on a full pipe.
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read_port(self) -> int:
        found: list[int] = []

        def read():
            for raw in self.process.stdout:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith("Serving on http://127.0.0.1:"):
                    found.append(int(line.rstrip("/").rsplit(":", 1)[1]))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        if not found:
            self.stop()
            error = self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""
            raise RuntimeError(f"condsearch serve did not start: {error[-2000:]}")
        return found[0]

    def _drain_stderr(self) -> None:
        for raw in self.process.stderr:
            self.stderr_lines.append(raw.decode("utf-8", "replace"))

    def request(self, path: str, *, method: str = "GET", body: bytes | None = None, headers=None):
        """(status, headers, body bytes) of one request on a fresh connection."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get_json(self, path: str):
        status, _, body = self.request(path)
        return status, json.loads(body)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def bundled_server(bundled_index):
    """One server on the bundled index for the tests that only read."""
    server = Server(bundled_index, workers=2)
    yield server
    server.stop()


@pytest.fixture
def serve():
    servers: list[Server] = []

    def start(index_dir: Path, **options) -> Server:
        server = Server(index_dir, **options)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def quote(text: str) -> str:
    """Percent-encodes any text for a query string, lone surrogates included (as their WTF-8 bytes)."""
    return urllib.parse.quote(text.encode("utf-8", "surrogatepass"), safe="")


def wait_until(condition, *, timeout: float = 30.0, interval: float = 0.05):
    """Polls `condition` until it is true; a hang guard, not a measure."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"gave up waiting after {timeout} s")


# The helpers as fixtures: with --import-mode=importlib a test module cannot import this conftest.
@pytest.fixture(name="run_condsearch", scope="session")
def run_condsearch_fixture():
    return run_condsearch


@pytest.fixture(name="start_condsearch", scope="session")
def start_condsearch_fixture():
    return start_condsearch


@pytest.fixture(name="write_corpus", scope="session")
def write_corpus_fixture():
    return write_corpus


@pytest.fixture(name="synthetic_pages", scope="session")
def synthetic_pages_fixture():
    return synthetic_pages


@pytest.fixture(name="quote", scope="session")
def quote_fixture():
    return quote


@pytest.fixture(name="python_calls", scope="session")
def python_calls_fixture():
    return python_calls


@pytest.fixture(name="wait_until", scope="session")
def wait_until_fixture():
    return wait_until
