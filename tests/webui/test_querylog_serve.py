"""The query log behind the real server (`condsearch serve --workers 2`, worker processes forked as deployed).

1. Searches served by several workers all reach one log; `condsearch report --format json` then lists a
   query with no result typed K times, with its count, and omits one typed once; the log's files hold no IP
   address and no user agent anywhere.
2. Killing workers while they write loses at most their last buffers, and never corrupts the log.
3. A corrupt log file is set aside (once, whichever worker finds it) and searching goes on into a new one.
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import sqlite3
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from webui import querylog
from webui.report import DEFAULT_MIN_COUNT

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"),
                                reason="worker processes are forked and followed through Linux's /proc")

VISITOR_HEADERS = {"User-Agent": "Mozilla/5.0 SecretBrowser/99.1", "Referer": "https://mail.example.org/secret",
                   "X-Forwarded-For": "203.0.113.77", "Cookie": "session=secret-cookie"}
VISITOR_TRACES = (b"SecretBrowser", b"mail.example.org", b"203.0.113.77", b"127.0.0.1", b"secret-cookie")


@pytest.fixture
def default_log(tmp_path, monkeypatch) -> Path:
    """The log where the server puts it by default: the per-user data folder, here a fresh one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "condsearch" / querylog.FILE_NAME


def search(url: str, query: str) -> int:
    request = urllib.request.Request(f"{url}/api/search?q={urllib.parse.quote(query)}", headers=VISITOR_HEADERS)
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status


def logged(path: Path, sql: str = "SELECT count(*) FROM searches"):
    """One value read from the log, or None while it is not there yet (or busy)."""
    try:
        connection = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
        try:
            return connection.execute(sql).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None


def worker_pids(parent: int) -> set[int]:
    import psutil

    return {child.pid for child in psutil.Process(parent).children() if child.status() != psutil.STATUS_ZOMBIE}


def test_searches_through_the_server_make_a_report_of_queries_typed_k_times(index_dir, default_log, served, wait_for):
    """1."""
    queries = ["zzxqv kkwpt"] * DEFAULT_MIN_COUNT + ["qqwxv once"] + ["Prostrate cancer"] * 2 + ["leucémie"]
    with served(index_dir, workers=2) as (url, _):
        assert all(search(url, query) == 200 for query in queries)
        wait_for(lambda: logged(default_log) == len(queries))
    result = CliRunner().invoke(cli, ["report", "--format", "json", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [(item["query"], item["count"]) for item in report["no_result"]] == [("zzxqv kkwpt", DEFAULT_MIN_COUNT)]
    assert "qqwxv once" not in result.stdout
    assert report["totals"]["searches"] == len(queries)
    stored = b"".join(path.read_bytes() for path in default_log.parent.iterdir() if path.is_file())
    for trace in VISITOR_TRACES:
        assert trace not in stored, f"{trace!r} reached the log"


def test_killing_workers_while_they_write_never_corrupts_the_log(index_dir, default_log, served, wait_for):
    """2. Each kill loses at most the killed worker's buffer: the rows of the batch it was writing (rolled
    back whole) and of the next one it was filling, at most 2 x FLUSH_ENTRIES."""
    kills, attempted, answered = 3, [], []
    with served(index_dir, workers=2) as (url, process):
        stop = threading.Event()

        def load(number: int) -> None:
            while not stop.is_set():
                attempted.append(1)
                try:
                    if search(url, f"melanoma {number} {len(attempted)}") == 200:
                        answered.append(1)
                except (OSError, http.client.HTTPException):
                    pass  # the connection of a worker killed under it

        threads = [threading.Thread(target=load, args=(number,)) for number in range(4)]
        for thread in threads:
            thread.start()
        try:
            for _ in range(kills):
                before = len(answered)
                wait_for(lambda: len(answered) >= before + 150)
                pids = wait_for(lambda: worker_pids(process.pid) if len(worker_pids(process.pid)) == 2 else None)
                os.kill(min(pids), signal.SIGKILL)
            wait_for(lambda: len(answered) >= before + 300)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        after_kills = len(answered)
        wait_for(lambda: (logged(default_log) or 0) >= after_kills - kills * 2 * querylog.FLUSH_ENTRIES)
    assert logged(default_log, "PRAGMA integrity_check") == "ok"
    assert logged(default_log) <= len(attempted)
    assert not [path for path in default_log.parent.iterdir() if ".corrupt-" in path.name]


def test_a_corrupt_log_is_set_aside_once_and_searching_goes_on(index_dir, default_log, served, wait_for):
    """3."""
    default_log.parent.mkdir(parents=True)
    default_log.write_bytes(b"damaged beyond repair " * 500)
    with served(index_dir, workers=2) as (url, _):
        for number in range(20):
            assert search(url, f"glioma {number}") == 200
        wait_for(lambda: logged(default_log) == 20)
    aside = [path for path in default_log.parent.iterdir() if ".corrupt-" in path.name and
             not path.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"damaged beyond repair")
    assert logged(default_log, "PRAGMA integrity_check") == "ok"
