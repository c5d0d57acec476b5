"""Requests a browser never sends, against the real `condsearch serve` (loopback only).

1. A Host header that is no host name (a label of 64+ characters) gets a 400 and one line of log, no trace.
2. The errors the server answers itself (a malformed request, a head too large, a body too large) carry the
   same security headers as the app's pages.
3. A huge Accept-Language costs a page no more work than a usual one: it is cut before it is parsed.
4. /opensearch.xml gives the site's configured address whatever Host header came, and says it varies.
5. The 404 page of a huge condition id shows the id once, shortened, and stays small.
"""
from __future__ import annotations

import socket

import pytest

from webui import create_app
from webui.app import SECURITY_HEADERS

REQUEST_TIMEOUT = 30.0  # a hang guard


@pytest.fixture
def site(bundled_index):
    app = create_app({"INDEX_DIR": str(bundled_index), "TESTING": True})
    app.test_client().get("/")  # the index opens on the first request
    return app


def exchange(port: int, data: bytes) -> tuple[int, dict, bytes]:
    """Sends raw bytes on a new connection and reads the answer until the server closes it."""
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_TIMEOUT) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_a_host_header_with_a_label_too_long_gets_a_400_and_one_log_line(bundled_server, wait_until):
    """1."""
    seen = len(bundled_server.stderr_lines)
    host = "a" * 64 + ".example"
    for path in ("/", "/search?q=leukemia", "/condition/neuroblastoma"):
        status, headers, body = bundled_server.request(path, headers={"Host": host})
        assert status == 400, path
        assert headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    wait_until(lambda: sum("Host header" in line for line in bundled_server.stderr_lines[seen:]) == 3)
    assert "Traceback" not in "".join(bundled_server.stderr_lines[seen:]), "one line per request, no trace"


def test_errors_the_server_answers_itself_carry_the_security_headers(bundled_server):
    """2."""
    refused = {
        400: b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
        431: b"GET / HTTP/1.1\r\nHost: x\r\nX-Filler: " + b"a" * 200_000 + b"\r\n\r\n",
        413: b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + b"a" * 100_000,
    }
    for expected, data in refused.items():
        status, headers, _ = exchange(bundled_server.port, data)
        assert status == expected
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (expected, name)


def test_a_huge_accept_language_costs_no_more_than_a_usual_one(site, python_calls):
    """3. Counted in Python calls, the same on a fast machine as on a slow one."""
    client = site.test_client()
    usual = python_calls(lambda: client.get("/", headers={"Accept-Language": "fr-BE,fr;q=0.9,en;q=0.8"}))
    huge = "xx-" + ", xx;q=0.1" * 25_000 + ", fr"
    answer = []
    costly = python_calls(lambda: answer.append(client.get("/", headers={"Accept-Language": huge})))
    assert answer[0].status_code == 200
    assert costly < 2 * usual


def test_opensearch_description_uses_the_configured_address_whatever_the_host(site):
    """4."""
    site.config["BASE_URL"] = "https://search.example.org/"
    response = site.test_client().get("/opensearch.xml", headers={"Host": "evil.example"})
    text = response.get_data(as_text=True)
    assert "evil.example" not in text
    assert 'template="https://search.example.org/search?q={searchTerms}"' in text
    assert "Accept-Language" in response.headers["Vary"]


def test_the_404_page_of_a_huge_id_shows_it_once_and_stays_small(bundled_server):
    """5."""
    page_id = "abcdefghij" * 10_000
    status, _, body = bundled_server.request("/condition/" + page_id)
    assert status == 404
    assert body.count(b"abcdefghij" * 5) == 1, "the id once, in the message"
    assert len(body) < 10_000
