"""Per-request limits: one client cannot exhaust a worker. Properties checked:
1. Every cap of the query pipeline is a named constant in search/limits.py with a comment saying why.
2. The request parameters are held to those caps: at the cap a request is served, one past it is a 400
   naming the parameter and the cap.
3. Oversized requests are refused before they cost anything: a head beyond the server's 128 KiB gets a 431;
   a request body (the API takes none) gets a 413 before it is read.
4. Slow or idle clients do not hold the workers: with dozens of half-sent requests open, a real search is
   still answered.
5. Heavy queries from many clients at once are all answered, each within the work bound.
"""
from __future__ import annotations

import ast
import json
import socket
import threading
from pathlib import Path

import pytest

from search import limits
from webui.params import MAX_OFFSET

LIMITS_FILE = Path(limits.__file__)


def test_every_cap_is_a_documented_constant():
    """1. A constant whose block of lines does not start with a comment is a bare number."""
    lines = LIMITS_FILE.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    constants = [node for node in tree.body if isinstance(node, ast.Assign)]
    assert len(constants) >= 10
    undocumented = []
    for node in constants:
        line = node.lineno - 2
        while line >= 0 and lines[line].strip() and not lines[line].lstrip().startswith("#"):
            line -= 1  # a constant sharing the comment of the block it sits in
        if line < 0 or not lines[line].lstrip().startswith("#"):
            undocumented.append(node.targets[0].id)
    assert not undocumented, f"constants without a comment saying why: {undocumented}"


@pytest.mark.parametrize("path,parameter,cap", [
    ("/api/search?q={}", "q", limits.MAX_QUERY_CHARS),
    ("/api/suggest?q={}", "q", limits.MAX_QUERY_CHARS),
    ("/api/search?q=leukaemia&limit={}", "limit", limits.MAX_RESULTS),
    ("/api/search?q=leukaemia&offset={}", "offset", MAX_OFFSET),
    ("/api/suggest?q=leuk&limit={}", "limit", limits.MAX_SUGGESTIONS),
])
def test_parameters_are_held_to_their_caps(bundled_server, path, parameter, cap):
    """2."""
    def value(size: int) -> str:
        return "a" * size if parameter == "q" else str(size)

    status, answer = bundled_server.get_json(path.format(value(cap)))
    assert status == 200, answer
    status, answer = bundled_server.get_json(path.format(value(cap + 1)))
    assert status == 400 and answer["parameter"] == parameter and str(cap) in answer["error"]


def test_a_search_returns_at_most_the_results_asked_for(bundled_server):
    """2."""
    status, answer = bundled_server.get_json(f"/api/search?q=cancer&limit={limits.MAX_RESULTS}")
    assert status == 200 and 10 < len(answer["results"]) <= limits.MAX_RESULTS


def test_oversized_headers_are_refused(bundled_server):
    """3."""
    status, _, _ = bundled_server.request("/api/search?q=leukaemia", headers={"X-Padding": "a" * 300_000})
    assert status == 431
    status, _, _ = bundled_server.request("/api/search?q=leukaemia")
    assert status == 200


def test_a_request_body_is_refused_before_it_is_read(bundled_server):
    """3."""
    # The body announced is never sent: the answer comes from the headers alone. (Sending it whole made
    # the client fail now and then with a broken pipe, the server having answered and closed first.)
    with socket.create_connection(("127.0.0.1", bundled_server.port), timeout=30) as connection:
        connection.sendall(b"POST /api/search?q=leukaemia HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           b"Content-Length: 2000000\r\n\r\n" + b"x" * 1000)
        status_line = connection.makefile("rb").readline()
    assert status_line.split()[1] == b"413"


def test_half_sent_requests_do_not_hold_the_workers(bundled_server):
    """4. Waitress reads requests outside the worker threads: 50 clients stuck mid-request (more than the
    server has workers) leave a real search answered."""
    stuck = []
    try:
        for _ in range(50):
            connection = socket.create_connection(("127.0.0.1", bundled_server.port), timeout=30)
            connection.sendall(b"GET /api/search?q=leuk")  # no end of line: the request never ends
            stuck.append(connection)
        status, answer = bundled_server.get_json("/api/search?q=leukaemia")
        assert status == 200 and answer["results"]
    finally:
        for connection in stuck:
            connection.close()


def test_unread_responses_do_not_hold_the_workers(bundled_server):
    """4. Clients that ask for the largest answer and never read it."""
    idle = []
    try:
        for _ in range(20):
            connection = socket.create_connection(("127.0.0.1", bundled_server.port), timeout=30)
            connection.sendall(f"GET /api/search?q=cancer&limit={limits.MAX_RESULTS} HTTP/1.1\r\n"
                               "Host: 127.0.0.1\r\n\r\n".encode())
            idle.append(connection)
        status, answer = bundled_server.get_json("/api/search?q=leukaemia")
        assert status == 200 and answer["results"]
    finally:
        for connection in idle:
            connection.close()


HEAVY = ["ß" * 250, "a" * 500, " ".join(["prostrrate", "kanser", "lukemia", "nurroblastoma"] * 30),
         "cancer " * 70, "abcdefghij" * 50, "title:* AND (" * 30]


def test_heavy_queries_from_many_clients_are_all_answered(bundled_server, quote):
    """5. 8 clients x 6 heavy queries x 3 rounds at once: every one a 200 or a 400."""
    statuses = []
    lock = threading.Lock()

    def client():
        for _ in range(3):
            for query in HEAVY:
                status, _, body = bundled_server.request("/api/search?q=" + quote(query))
                json.loads(body)
                with lock:
                    statuses.append(status)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == 8 * 3 * len(HEAVY)
    assert set(statuses) <= {200, 400}
