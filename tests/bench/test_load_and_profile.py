"""The HTTP load driver and the profile summary.

1. The load driver sends exactly the bounded number of requests, over keep-alive connections, and counts
   non-200 answers as errors.
2. The profile summary adds self time up to the profiled time and names the functions where it went.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.http_load import drive_load


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as waitress speaks it

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        status = 200 if self.path.startswith("/api/search?q=") and "fail" not in self.path else 500
        body = json.dumps({"results": []}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_load_run_sends_the_bounded_number_of_requests(server_url):
    """A bounded run: exactly `total` timed requests, all answered."""
    figures = drive_load(server_url, ["leukemia", "wilms tumour"], connections=2, total=60)
    assert figures["requests"] == 60
    assert figures["errors"] == 0
    assert figures["latency"]["samples"] == 60 and figures["requests_per_second"] > 0


def test_failed_answers_are_counted_as_errors(server_url):
    """A 500 from the server is an error in the figures, not a fast success."""
    figures = drive_load(server_url, ["fail"], connections=1, total=10)
    assert figures["errors"] == 10


def test_profile_summary_accounts_for_the_profiled_time():
    """Self time per package sums to the whole; the busiest function is named."""
    pyinstrument = pytest.importorskip("pyinstrument")
    from bench.profiling import summarize_session

    def busy():
        return sum(i * i for i in range(200_000))

    profiler = pyinstrument.Profiler(interval=0.0005)
    profiler.start()
    for _ in range(5):
        busy()
    profiler.stop()
    summary = summarize_session(profiler.last_session.root_frame())
    assert sum(summary["by_package"].values()) == pytest.approx(100, abs=1)
    assert any(row["function"] in ("busy", "<genexpr>") for row in summary["top"])
