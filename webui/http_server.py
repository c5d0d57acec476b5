"""The HTTP/1.1 server of one worker process: an asyncio loop holds the connections, a pool of threads runs the app.

Why not waitress, which served here before: its loop rebuilds a poll() set of every connection on each
turn and accepts at most 100 of them, so a few hundred idle or slow clients (one header byte every few
seconds is never "inactive") took a two-worker server off the air (issue 19). Here an epoll loop waits on
thousands of connections at no cost per idle one, and each connection has deadlines, as nginx's
client_header_timeout and Apache's mod_reqtimeout give: a request (head and body) must arrive whole within
REQUEST_SECONDS of its first byte, whatever the byte rate; a keep-alive connection idle for IDLE_SECONDS is
closed, and the longest idle one at once when the worker holds MAX_CONNECTIONS. Parsing is h11's (a
complete, tested HTTP/1.1 state machine; hand-written parsing is where request smuggling comes from).

A request is read whole before a thread runs it, so slow clients hold no thread; the app's answer is
collected whole in the thread (every answer here is small) and then sent by the loop. One client (one peer
address) runs at most CLIENT_RUNNING_CAP requests at once in a worker; its others wait in memory, so one
client's burst of heavy searches leaves threads to everyone else. Errors the server answers itself (a
malformed request, a head too large, a body too large, a request too slow) carry `error_headers`, the
app's security headers.

Stopping (`stop`, on SIGTERM): no more connections are taken, those waiting in the socket's backlog are
taken and answered, every request already received is answered, idle connections are closed, and the loop
ends when the last answer is sent or after STOP_SECONDS.
"""
from __future__ import annotations

import asyncio
import collections
import logging
import mmap
import select
import socket
import struct
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import h11

from . import wsgi

log = logging.getLogger(__name__)

# A request's head and body must arrive whole within this long of its first byte (nginx and Apache allow
# 60 s and 20-40 s for far larger requests; ours are one line of query string and a few headers).
REQUEST_SECONDS = 5.0
# A connection that sends nothing for this long (a new one, or a keep-alive one between requests) is closed.
IDLE_SECONDS = 5.0
# A client that does not take its answer within this long is dropped.
SEND_SECONDS = 30.0
# Largest request head (request line and headers); larger gets a 431. Browsers send under 8 KB, but an
# address with a search far over the length allowed (a paste of a whole page) should get the app's own
# answer that the search is too long, which needs the address whole.
MAX_HEAD_BYTES = 128 * 1024
# Connections one worker holds at most; at this count the longest idle one is closed for each new one.
# Each is a file descriptor: serve raises the process's limit, and this stays under it.
MAX_CONNECTIONS = 10_000
# File descriptors kept for the index files, the log and the pipes, whatever the connections take.
RESERVED_FILES = 256
# Requests of one client (peer address) running at once in one worker. Searching is work for a processor
# and Python runs one thread at a time, so one running request per client loses a client next to nothing,
# and a client sending 8 heavy searches at once leaves the other threads to the other clients.
CLIENT_RUNNING_CAP = 1
# How long a worker that has taken more connections than another leaves the next waiting one to the
# others, and how often it looks meanwhile whether they took it. Measured: 0.1 s made a visitor's new
# connection wait behind a worker busy with a burst of slow clients (p99 155 ms beside 2,000 of them,
# 26 ms without a turn); 0.02 s gave 57 ms and still spread four connections opened at once over two
# workers with six other busy processes on two cores (6 runs in 6).
ACCEPT_TURN_SECONDS = 0.02
ACCEPT_PAUSE_SECONDS = 0.001
# Connections taken at most per turn of the loop, so that a burst of them does not keep requests waiting.
ACCEPT_BATCH = 64
# How often the loop looks whether the server is stopping.
STOP_POLL_SECONDS = 0.25
# After SIGTERM, how long requests already received have to be answered (the supervisor waits longer).
STOP_SECONDS = 8.0
RECEIVE_BYTES = 64 * 1024
# After an error answer, how long what the client still sends is read and dropped before the close.
LINGER_SECONDS = 2.0

_REASONS = {400: "Bad Request", 408: "Request Timeout", 413: "Content Too Large",
            431: "Request Header Fields Too Large", 500: "Internal Server Error"}


class AcceptTurn:
    """How many connections each worker has taken, in memory the workers share (made before they fork).

    Several workers wait on one listening socket; each is woken for a new connection, and the first to run
    would take every connection waiting, so a client opening its keep-alive connections at once could have
    them all on one worker while another core idles. A worker that has taken more than another leaves the
    next waiting one to the others, for up to ACCEPT_TURN_SECONDS (a worker the machine has not scheduled
    must not stall the rest). A worker not taking connections (starting, or dead and not yet replaced) is
    marked ABSENT and waited for by none. Each slot is written by its own worker (the parent marks a dead
    one), so no lock is needed."""

    ABSENT = -1

    def __init__(self, workers: int):
        self.workers = workers
        self._memory = mmap.mmap(-1, 8 * workers)  # anonymous and shared: the forked workers see one copy
        self.slot = 0
        for slot in range(workers):
            self.leave(slot)

    def leave(self, slot: int) -> None:
        struct.pack_into("q", self._memory, 8 * slot, self.ABSENT)

    def _taken(self, slot: int) -> int:
        return struct.unpack_from("q", self._memory, 8 * slot)[0]

    def _others(self) -> list[int]:
        return [taken for slot in range(self.workers) if slot != self.slot
                and (taken := self._taken(slot)) != self.ABSENT]

    def join(self) -> None:
        """This worker (its place set in `slot` when it was forked) starts taking connections, level with
        the others."""
        struct.pack_into("q", self._memory, 8 * self.slot, max(self._others(), default=0))

    def count(self) -> None:
        struct.pack_into("q", self._memory, 8 * self.slot, self._taken(self.slot) + 1)

    def ahead(self) -> bool:
        """True when this worker has taken more connections than another worker taking them."""
        return self._taken(self.slot) > min(self._others(), default=self._taken(self.slot))


class _ClientSlots:
    """At most CLIENT_RUNNING_CAP running requests per client; the others wait in arrival order. Held in
    memory only, an entry for as long as the client has requests here; never logged."""

    def __init__(self):
        self._running: dict[str, int] = {}
        self._waiting: dict[str, collections.deque] = {}

    async def acquire(self, client: str) -> None:
        if self._running.get(client, 0) < CLIENT_RUNNING_CAP:
            self._running[client] = self._running.get(client, 0) + 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, collections.deque()).append(waiter)
        try:
            await waiter  # `release` hands its slot over
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release(client)
            else:
                self._waiting[client].remove(waiter)
            raise

    def release(self, client: str) -> None:
        waiting = self._waiting.get(client)
        while waiting:
            waiter = waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._waiting.pop(client, None)
        self._running[client] -= 1
        if not self._running[client]:
            del self._running[client]


class _Refused(Exception):
    """A request the server answers itself with `status` and closes."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class Server:
    """Serves a WSGI `app` on the listening `sock` (which other workers may share) until `stop`."""

    def __init__(self, app, sock: socket.socket, *, threads: int, ident: str = "condsearch",
                 max_body_bytes: int = 1024 * 1024, error_headers: dict | None = None,
                 turn: AcceptTurn | None = None):
        self.app, self.sock, self.ident, self.turn = app, sock, ident, turn
        self.max_body_bytes = max_body_bytes
        self.error_headers = list((error_headers or {}).items())
        self.threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="request")
        self.max_connections = min(MAX_CONNECTIONS, _open_files_limit() - RESERVED_FILES)
        self.server_name, self.server_port = _server_address(sock)
        self._clients = _ClientSlots()
        self._idle: collections.OrderedDict[asyncio.Task, socket.socket] = collections.OrderedDict()
        self._tasks: set[asyncio.Task] = set()
        self._stopping = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def run(self) -> None:
        """Serves until `stop`, then answers what was received and returns."""
        if hasattr(asyncio, "WindowsSelectorEventLoopPolicy"):  # Windows' default loop has no add_reader
            asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
        asyncio.run(self._main())

    def stop(self) -> None:
        """Stops taking connections and ends the server once what was received is answered; from any thread."""
        self._stopping.set()
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._close_idle)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        if threading.current_thread() is threading.main_thread():
            import signal

            for signum in (signal.SIGTERM, signal.SIGINT):
                try:
                    self._loop.add_signal_handler(signum, self.stop)
                except NotImplementedError:  # Windows
                    signal.signal(signum, lambda number, frame: self.stop())
        self.sock.setblocking(False)
        if self.turn is not None:
            self.turn.join()
        self._listen()
        while not self._stopping.is_set():
            await asyncio.sleep(STOP_POLL_SECONDS)
        self._loop.remove_reader(self.sock.fileno())
        self._accept(until_empty=True)  # connections completed before the stop: their requests are received
        self._close_idle()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=STOP_SECONDS)
        self.threads.shutdown(wait=False, cancel_futures=True)

    # Taking connections ------------------------------------------------------------------------------------

    def _listen(self, turn_began: float | None = None) -> None:
        if not self._stopping.is_set():
            self._loop.add_reader(self.sock.fileno(), self._accept, False, turn_began)

    def _resume(self, turn_began: float) -> None:
        """After a pause in this worker's turn: the turn goes on while the connection it left still waits;
        once another worker took it, the next connection begins a new turn."""
        self._listen(turn_began if select.select([self.sock], [], [], 0)[0] else None)

    def _accept(self, until_empty: bool = False, turn_began: float | None = None) -> None:
        """Takes the connections waiting (ACCEPT_BATCH at most), in turn with the other workers: taken in the
        loop, never by a thread of its own, which would wait for the interpreter's lock for each one."""
        for _ in range(ACCEPT_BATCH if not until_empty else MAX_CONNECTIONS):
            if self.turn is not None and self.turn.ahead() and not until_empty:
                now = time.monotonic()
                turn_began = turn_began or now
                if now - turn_began < ACCEPT_TURN_SECONDS:
                    self._loop.remove_reader(self.sock.fileno())
                    self._loop.call_later(ACCEPT_PAUSE_SECONDS, self._resume, turn_began)
                    return
            try:
                conn, address = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                return  # another worker took it, or none is left
            except OSError as error:
                log.warning("accept() failed: %s", error)  # out of file descriptors: the next turn retries
                return
            turn_began = None
            if self.turn is not None:
                self.turn.count()
            self._open(conn, address)

    def _open(self, conn: socket.socket, address) -> None:
        conn.setblocking(False)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if len(self._tasks) >= self.max_connections:
            if not self._idle:
                conn.close()  # every connection is busy with a request: the client may retry
                return
            self._idle.popitem(last=False)[0].cancel()
        client = address[0] if isinstance(address, tuple) else ""
        task = self._loop.create_task(self._connection(conn, client))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _close_idle(self) -> None:
        """On stop: closes the connections waiting for a request that has not begun to arrive."""
        for task, conn in list(self._idle.items()):
            if not _peek(conn):
                task.cancel()

    # One connection -------------------------------------------------------------------------------------

    async def _connection(self, conn: socket.socket, client: str) -> None:
        protocol = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD_BYTES)
        try:
            while True:
                try:
                    received = await self._read_request(conn, protocol)
                except _Refused as refused:
                    await self._refuse(conn, protocol, refused.status)
                    return
                if received is None:
                    return
                request, body = received
                await self._answer(conn, protocol, client, request, body)
                if protocol.our_state is not h11.DONE or protocol.their_state is not h11.DONE:
                    return
                protocol.start_next_cycle()
        except (OSError, TimeoutError, h11.LocalProtocolError):
            pass  # the client left, or did not take its answer
        finally:
            self._idle.pop(asyncio.current_task(), None)
            conn.close()

    async def _read_request(self, conn, protocol) -> tuple[h11.Request, bytes] | None:
        """The next request and its body, or None when the client closed or stayed idle too long."""
        loop = asyncio.get_running_loop()
        request, body, begun = None, bytearray(), False
        task = asyncio.current_task()
        try:
            async with asyncio.timeout(IDLE_SECONDS) as deadline:
                while True:
                    event = protocol.next_event()
                    if event is h11.NEED_DATA:
                        if not begun and self._stopping.is_set() and not _peek(conn):
                            return None  # stopping: a request not begun is not waited for
                        if not begun:
                            self._idle[task] = conn
                        data = await loop.sock_recv(conn, RECEIVE_BYTES)
                        if not begun:
                            self._idle.pop(task, None)
                            begun = True
                            deadline.reschedule(loop.time() + REQUEST_SECONDS)
                        protocol.receive_data(data)
                    elif isinstance(event, h11.Request):
                        request, begun = event, True
                        length = _content_length(event)
                        if length is not None and length > self.max_body_bytes:
                            raise _Refused(413)
                    elif isinstance(event, h11.Data):
                        body += event.data
                        if len(body) > self.max_body_bytes:
                            raise _Refused(413)
                    elif isinstance(event, h11.EndOfMessage):
                        return request, bytes(body)
                    else:  # ConnectionClosed, or PAUSED after a close
                        return None
        except h11.RemoteProtocolError as error:
            raise _Refused(error.error_status_hint) from None
        except TimeoutError:
            if begun:
                raise _Refused(408) from None
            return None
        finally:
            self._idle.pop(task, None)

    async def _answer(self, conn, protocol, client: str, request: h11.Request, body: bytes) -> None:
        loop = asyncio.get_running_loop()
        environ = wsgi.environ_for(request, body, client, server=(self.server_name, self.server_port))
        await self._clients.acquire(client)
        try:
            if _peek(conn) == b"":
                return  # a search typed over (the page aborted its request) costs nothing more
            answer = await loop.run_in_executor(self.threads, wsgi.call_app, self.app, environ)
        finally:
            self._clients.release(client)
        if answer is None:
            await self._refuse(conn, protocol, 500)
            return
        status, headers, content = answer
        names = {name.lower() for name, _ in headers}
        if "server" not in names:
            headers.append(("Server", self.ident))
        if "content-length" not in names and request.method != b"HEAD" and status not in (204, 304):
            headers.append(("Content-Length", str(len(content))))
        if self._stopping.is_set():
            headers.append(("Connection", "close"))
        await self._send(conn, protocol, h11.Response(status_code=status, headers=headers),
                         b"" if request.method == b"HEAD" else content)

    async def _refuse(self, conn, protocol, status: int) -> None:
        if protocol.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return
        text = f"{status} {_REASONS.get(status, 'Error')}\n".encode()
        headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(text))),
                   ("Connection", "close"), ("Server", self.ident), *self.error_headers]
        try:
            await self._send(conn, protocol, h11.Response(status_code=status, headers=headers), text)
            # What the client is still sending would make closing now reset the connection, and a reset can
            # destroy the answer before the client reads it: read and drop it for a moment (nginx's
            # lingering_close).
            conn.shutdown(socket.SHUT_WR)
            async with asyncio.timeout(LINGER_SECONDS):
                while await asyncio.get_running_loop().sock_recv(conn, RECEIVE_BYTES):
                    pass
        except (OSError, TimeoutError, h11.LocalProtocolError):
            pass

    async def _send(self, conn, protocol, response: h11.Response, content: bytes) -> None:
        data = protocol.send(response)
        if content:
            data += protocol.send(h11.Data(data=content))
        data += protocol.send(h11.EndOfMessage())
        async with asyncio.timeout(SEND_SECONDS):
            await asyncio.get_running_loop().sock_sendall(conn, data)


def _peek(conn: socket.socket) -> bytes | None:
    """A byte the client has sent and the server not yet read; b"" when the client has closed its side (it no
    longer waits for an answer); None when there is nothing yet."""
    try:
        return conn.recv(1, socket.MSG_PEEK)
    except BlockingIOError:
        return None
    except OSError:
        return b""


def _content_length(request: h11.Request) -> int | None:
    for name, value in request.headers:
        if name == b"content-length":
            return int(value)
    return None


def _server_address(sock: socket.socket) -> tuple[str, str]:
    try:
        host, port = sock.getsockname()[:2]
    except (OSError, ValueError):
        return "localhost", "80"
    return str(host), str(port)


def _open_files_limit() -> int:
    try:
        import resource
    except ImportError:  # Windows: no such limit to read
        return MAX_CONNECTIONS + RESERVED_FILES
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return MAX_CONNECTIONS + RESERVED_FILES if soft == resource.RLIM_INFINITY else max(soft, 2 * RESERVED_FILES)
