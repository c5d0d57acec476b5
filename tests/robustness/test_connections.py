"""Slow and idle clients against the real `condsearch serve` with two workers (loopback only).

1. With 2,000 connections open, half idle and half sending a request head one byte at a time, a normal
   client's requests are all answered.
2. A request head that trickles in is cut off (a 408) however steadily its bytes come, and a connection
   that sends nothing is closed: neither holds its place for long.
3. A keep-alive connection left idle after its request is closed by the server.

How fast the normal client is answered meanwhile is measured by `python -m bench slowclients`.
"""
from __future__ import annotations

import contextlib
import resource
import socket
import threading

HANG_GUARD = 30.0  # seconds; far above the server's deadlines of a few seconds, never a measure
IDLE_CONNECTIONS = 1000
SLOW_CONNECTIONS = 1000
SLOW_HEAD = b"GET /api/search?q=leukemia HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 200
SLOW_BYTE_SECONDS = 1.0  # each slow connection sends its next byte this often


def enough_open_files(count: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < count:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(count, hard), hard))


@contextlib.contextmanager
def trickling(sockets: list[socket.socket]):
    """Sends each socket the next byte of SLOW_HEAD every SLOW_BYTE_SECONDS until the block ends."""
    stop = threading.Event()

    def send():
        sent = 0
        while not stop.wait(SLOW_BYTE_SECONDS) and sent < len(SLOW_HEAD):
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.send(SLOW_HEAD[sent:sent + 1])
            sent += 1

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


class Connection:
    """A client connection and what the server sent on it."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD)
        self.received = b""
        self.closed = False

    def closed_by_server(self) -> bool:
        """Reads what has come; true once the server has closed the connection."""
        if not self.closed:
            self.sock.setblocking(False)
            try:
                while chunk := self.sock.recv(65536):
                    self.received += chunk
            except BlockingIOError:
                return False
            except ConnectionResetError:
                pass
            self.closed = True
        return True


def test_a_client_is_answered_while_two_thousand_slow_and_idle_connections_are_open(serve, bundled_index,
                                                                                   wait_until):
    """1 and 2."""
    enough_open_files(IDLE_CONNECTIONS + SLOW_CONNECTIONS + 1000)
    server = serve(bundled_index, workers=2)
    idle = [Connection(server.port) for _ in range(IDLE_CONNECTIONS)]
    slow = [Connection(server.port) for _ in range(SLOW_CONNECTIONS)]
    try:
        with trickling([connection.sock for connection in slow]):
            for _ in range(50):
                status, _, _ = server.request("/api/search?q=leukaemia")
                assert status == 200
            wait_until(lambda: all(connection.closed_by_server() for connection in idle + slow),
                       timeout=HANG_GUARD)
        assert {connection.received for connection in idle} == {b""}
        assert all(connection.received.startswith(b"HTTP/1.1 408 ") for connection in slow)
    finally:
        for connection in idle + slow:
            connection.sock.close()


def test_a_keep_alive_connection_left_idle_is_closed(bundled_server, wait_until):
    """3."""
    connection = Connection(bundled_server.port)
    try:
        connection.sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        wait_until(connection.closed_by_server, timeout=HANG_GUARD)
        assert connection.received.startswith(b"HTTP/1.1 200 ")
    finally:
        connection.sock.close()
