"""Waitress in several processes on one listening socket, so that searches use every core.

Waitress serves with threads in one process, and Python runs one thread at a time: a server whose work is
searching uses one core whatever its thread count. So the parent opens the socket and forks `workers`
children, each a waitress server with `threads` threads on that socket. In each child a thread blocked
in accept() takes connections, so the kernel hands them to the children in turn (`_accept_in_turn`), and
waitress's own I/O loop, outside the threads, reads each request whole, so slow clients hold no thread.
The parent only supervises: it starts a new child when one dies, and on SIGTERM or Ctrl+C stops them all.
With one worker, or where there is no fork (Windows), the one process serves by itself.

Each child opens the search index itself (`prepare`), and the parent says the server is up (`ready`) once
the first children have. An index opened once in the parent and shared copy-on-write looked cheaper, but
Python writes a reference count into every object a query reads, so each shared page became a worker's own
copy as queries reached it: a worker's memory grew for hours (bench/FINDINGS.md) and ended as large.
"""
from __future__ import annotations

import logging
import os
import select
import signal
import socket
import threading
import time

log = logging.getLogger(__name__)

# Connections waiting to be accepted (waitress's own default).
BACKLOG = 1024
# A child stopped with SIGTERM has this long to finish before it is killed.
STOP_SECONDS = 10.0
# A child that dies sooner than this after its start waits this long before the next one starts, so a
# child that cannot start does not become a busy loop of forks.
RESTART_PAUSE_SECONDS = 1.0
# The parent says the server is up once every first child has prepared, or after this long in any case (a
# child killed while opening the index never tells; the supervising loop starts another).
PREPARE_WAIT_SECONDS = 300.0
# How long a worker that has just taken a connection leaves the next waiting one to the other workers.
ACCEPT_TURN_SECONDS = 0.002


class _Stop(Exception):
    """Raised by the parent's signal handler to leave its supervising loop."""


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on the first address `host` resolves to. Raises OSError (socket.gaierror for a
    host that does not resolve)."""
    family, kind, protocol, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                            flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, protocol)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(app, sock: socket.socket, *, workers: int, threads: int, prepare=lambda: None, ready=lambda: None,
          **waitress_options) -> None:
    """Serves `app` on `sock` until SIGTERM or Ctrl+C: in `workers` child processes where fork exists.

    `prepare` runs in each serving process before it takes requests; `ready` runs once, in the parent,
    when the first processes have prepared. Connections that come sooner wait in the socket's backlog."""
    if workers <= 1 or not hasattr(os, "fork"):
        prepare()
        ready()
        _run_server(app, sock, threads, waitress_options)
        return
    children: dict[int, float] = {}
    prepared_reader, prepared_writer = os.pipe()

    def start_child() -> None:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                try:
                    prepare()
                finally:
                    os.write(prepared_writer, b".")
                _run_server(app, sock, threads, waitress_options, shared=True)
                code = 0
            finally:
                os._exit(code)  # never return into the parent's code (click, atexit handlers)
        children[pid] = time.monotonic()

    def request_stop(signum, frame):
        raise _Stop

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        for _ in range(workers):
            start_child()
        _wait_prepared(prepared_reader, workers)
        ready()
        while True:
            pid, status = os.wait()
            started = children.pop(pid, None)
            if started is None:
                continue
            log.error("worker %d ended (%s); starting another", pid, _ending(status))
            if time.monotonic() - started < RESTART_PAUSE_SECONDS:
                time.sleep(RESTART_PAUSE_SECONDS)
            start_child()
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _stop_children(children)


def _wait_prepared(reader: int, count: int) -> None:
    """Waits until `count` children have written their byte, or PREPARE_WAIT_SECONDS have passed."""
    deadline = time.monotonic() + PREPARE_WAIT_SECONDS
    while count > 0 and time.monotonic() < deadline:
        readable, _, _ = select.select([reader], [], [], max(0.0, deadline - time.monotonic()))
        if readable:
            count -= len(os.read(reader, count))


def _run_server(app, sock: socket.socket, threads: int, waitress_options: dict, *,
                shared: bool = False) -> None:
    """Runs waitress on `sock` until SIGTERM or Ctrl+C. With `shared`, other processes serve the same socket:
    connections are then taken by an accepting thread (`_accept_in_turn`) instead of waitress's loop."""
    import waitress

    def leave(signum, frame):
        raise SystemExit(0)

    # Stopping finishes the request at hand: SIGTERM from a service manager, Ctrl+C from a terminal.
    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGINT, leave)
    server = waitress.create_server(app, sockets=[sock], threads=threads, _start=not shared, **waitress_options)
    if shared:
        threading.Thread(target=_accept_in_turn, args=(server, sock), name="accept", daemon=True).start()
    try:
        server.run()
    except SystemExit:
        pass
    finally:
        server.close()


def _accept_in_turn(server, sock: socket.socket) -> None:
    """Takes the connections of a socket that several workers share, and gives each to `server`'s loop.

    Waitress's loop waits for connections with poll(), and poll wakes every worker: the first to run takes
    them all, and a keep-alive client's connections can end up on one worker while the other stays idle
    (bench/FINDINGS.md). Threads blocked in accept() are woken one at a time, longest waiting first, so
    the workers take new connections in turn. Waitress made the socket non-blocking (a flag every process
    shares) and another worker starting may do so again; until the socket is blocking, poll() waits."""
    sock.setblocking(True)
    while True:
        if len(server.active_channels) >= server.adj.connection_limit:
            time.sleep(0.05)  # waitress's own limit of open connections, which its loop no longer checks
            continue
        try:
            conn, addr = sock.accept()
        except (BlockingIOError, InterruptedError):
            select.select([sock], [], [], 0.1)
            sock.setblocking(True)
            continue
        except OSError:
            if sock.fileno() == -1:
                return  # the server is closing
            log.warning("accept() failed on the shared socket", exc_info=True)
            time.sleep(0.05)
            continue
        server.trigger.pull_trigger(lambda conn=conn, addr=addr: _open_channel(server, conn, addr))
        # More connections already waiting means the others have not been woken yet (a client opening
        # several at once; the cores busy): leave them a moment to take theirs, rather than take them all.
        if select.select([sock], [], [], 0)[0]:
            time.sleep(ACCEPT_TURN_SECONDS)


def _open_channel(server, conn: socket.socket, addr) -> None:
    """What waitress's `handle_accept` does with a connection it accepted, run in its loop's thread."""
    try:
        server.set_socket_options(conn)
    except OSError:  # the client left before its connection was opened (waitress skips it too)
        conn.close()
        return
    server.channel_class(server, conn, server.fix_addr(addr), server.adj, map=server._map)


def _stop_children(children: dict[int, float]) -> None:
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + STOP_SECONDS
    while children and time.monotonic() < deadline:
        for pid in list(children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                children.pop(pid)
        time.sleep(0.05)
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _ending(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
