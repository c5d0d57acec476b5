"""The server in several processes on one listening socket, so that searches use every core.

Python runs one thread at a time: a server whose work is searching uses one core whatever its thread count.
So the parent opens the socket and forks `workers` children, each a `webui.http_server.Server` with
`threads` threads on that socket (the connections, thousands of them if need be, wait in its event loop;
see that module). Each child takes connections in turn with the others (`http_server.AcceptTurn`).
The parent only supervises: it starts a new child when one dies, and on SIGTERM or Ctrl+C stops them all;
each child then answers the requests it has received. A child whose parent dies (kill -9) is told by the
kernel (Linux's PR_SET_PDEATHSIG) and stops the same way, so no orphan keeps the port.
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
import sys
import time

from . import http_server, querylog
from .config import address_url

log = logging.getLogger(__name__)

# Connections waiting to be accepted: a client that finds the queue full waits a second before trying
# again, so it must hold a burst of connections (Linux caps it at net.core.somaxconn, 4096 by default).
BACKLOG = 4096
# A child stopped with SIGTERM has this long to answer what it received before it is killed (longer than
# the child's own grace, http_server.STOP_SECONDS).
STOP_SECONDS = http_server.STOP_SECONDS + 2.0
# A child that dies sooner than this after its start waits this long before the next one starts, so a
# child that cannot start does not become a busy loop of forks.
RESTART_PAUSE_SECONDS = 1.0
# The parent says the server is up once every first child has prepared, or after this long in any case (a
# child killed while opening the index never tells; the supervising loop starts another).
PREPARE_WAIT_SECONDS = 300.0
# Open files a process may have when its hard limit is "unlimited": each connection is one.
OPEN_FILES_WANTED = 65536
# prctl(2) option: the signal a process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


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
    return address_url(*sock.getsockname()[:2])


def serve(app, sock: socket.socket, *, workers: int, threads: int, prepare=lambda: None, ready=lambda: None,
          **server_options) -> None:
    """Serves `app` on `sock` until SIGTERM or Ctrl+C: in `workers` child processes where fork exists.

    `prepare` runs in each serving process before it takes requests; `ready` runs once, in the parent,
    when the first processes have prepared. Connections that come sooner wait in the socket's backlog.
    `server_options` go to `http_server.Server` (ident, max_body_bytes, error_headers)."""
    raise_open_files_limit()
    if workers <= 1 or not hasattr(os, "fork"):
        prepare()
        ready()
        http_server.Server(app, sock, threads=threads, **server_options).run()
        return
    children: dict[int, tuple[float, int]] = {}  # pid -> (its start, its slot in `turn`)
    prepared_reader, prepared_writer = os.pipe()
    turn = http_server.AcceptTurn(workers)
    parent = os.getpid()

    def start_child(slot: int) -> None:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _end_with_parent(parent)
                turn.slot = slot
                try:
                    prepare()
                finally:
                    os.write(prepared_writer, b".")
                http_server.Server(app, sock, threads=threads, turn=turn, **server_options).run()
                code = 0
            finally:
                try:  # the query log's last rows of this worker (atexit handlers do not run after _exit)
                    querylog.flush_all()
                finally:
                    os._exit(code)  # never return into the parent's code (click, atexit handlers)
        children[pid] = (time.monotonic(), slot)

    def request_stop(signum, frame):
        raise _Stop

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        for slot in range(workers):
            start_child(slot)
        _wait_prepared(prepared_reader, workers)
        ready()
        while True:
            pid, status = os.wait()
            child = children.pop(pid, None)
            if child is None:
                continue
            started, slot = child
            turn.leave(slot)
            log.error("worker %d ended (%s); starting another", pid, _ending(status))
            if time.monotonic() - started < RESTART_PAUSE_SECONDS:
                time.sleep(RESTART_PAUSE_SECONDS)
            start_child(slot)
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _stop_children(children)


def raise_open_files_limit() -> None:
    """Raises this process's limit of open files to its hard limit: each connection held is one, and the
    usual soft limit (1024) would refuse connections long before the server is busy."""
    try:
        import resource
    except ImportError:  # Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = OPEN_FILES_WANTED if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            log.warning("could not raise the limit of open files from %d", soft)


def _end_with_parent(parent: int) -> None:
    """Asks the kernel for a SIGTERM to this child when its parent dies, so that a parent killed with
    SIGKILL leaves no worker holding the port (Linux only; elsewhere such workers stay until stopped)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    if os.getppid() != parent:  # the parent died before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


def _wait_prepared(reader: int, count: int) -> None:
    """Waits until `count` children have written their byte, or PREPARE_WAIT_SECONDS have passed."""
    deadline = time.monotonic() + PREPARE_WAIT_SECONDS
    while count > 0 and time.monotonic() < deadline:
        readable, _, _ = select.select([reader], [], [], max(0.0, deadline - time.monotonic()))
        if readable:
            count -= len(os.read(reader, count))


def _stop_children(children: dict) -> None:
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
