"""Hostile clients against `condsearch serve --workers N` on loopback: what a normal visitor gets meanwhile.

Two figures, each beside the same client's figure on a quiet server (measured first):

- Slow and idle clients: a second process (`python -m bench.slow_clients --attack`) keeps IDLE connections
  open that send nothing and SLOW connections that send a request head one byte every SLOW_BYTE_SECONDS,
  opening a new one whenever the server closes one (as a slowloris attack does). Meanwhile a normal client
  sends NORMAL_REQUESTS searches one after another, each on a new connection; its latency percentiles and
  failures are reported. Target: p99 <= 100 ms, no failure, with 2,000 connections held.
- One greedy client: GREEDY_CONNECTIONS connections of one client address (127.0.0.1) send heavy searches
  (HEAVY_QUERY, long and misspelt) back to back, while the normal client (from 127.0.0.2) searches as
  above. Target: its median within 3x of the quiet one.

    python -m bench slowclients --corpus do-union
"""
from __future__ import annotations

import argparse
import http.client
import json
import selectors
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

IDLE_CONNECTIONS = 1000
SLOW_CONNECTIONS = 1000
SLOW_BYTE_SECONDS = 2.0
SLOW_HEAD = b"GET /api/search?q=leukemia HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 1000
NORMAL_REQUESTS = 400
NORMAL_PAUSE_SECONDS = 0.02  # between the normal client's requests: a visitor, not a load
# The attack is given this long to open its connections before the normal client is measured.
ATTACK_SETTLE_SECONDS = 5.0
GREEDY_CONNECTIONS = 8
# A query at the length cap of misspelt words: the most work one search can ask for.
HEAVY_QUERY = " ".join(["prostrrate", "kanser", "lukemia", "nurroblastoma", "hepatoblastomma"] * 8)[:500]
REQUEST_TIMEOUT_SECONDS = 10
TARGET_P99_MS = 100.0
TARGET_GREEDY_RATIO = 3.0


def _normal_client(url: str, queries: list[str], *, source: str = "127.0.0.1") -> dict:
    """NORMAL_REQUESTS searches one after another, each on a new connection from `source`."""
    from bench.http_load import get_once
    from bench.measure import percentiles

    parts = urlsplit(url)
    latencies, failures = [], []
    for number in range(NORMAL_REQUESTS):
        path = f"/api/search?q={quote(queries[number % len(queries)])}"
        begin = time.perf_counter_ns()
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS,
                                                source_address=(source, 0))
        get_once(connection, path, failures)
        connection.close()
        latencies.append(time.perf_counter_ns() - begin)
        time.sleep(NORMAL_PAUSE_SECONDS)
    return {"latency": percentiles(latencies), "failures": len(failures), "failure_kinds": sorted(set(failures))}


def attack(url: str, *, idle: int, slow: int, seconds: float) -> dict:
    """Holds `idle` silent and `slow` trickling connections for `seconds`, reopening each the server closes.
    Returns how many were opened and closed by the server."""
    parts = urlsplit(url)
    address = (parts.hostname, parts.port)
    selector = selectors.DefaultSelector()
    sent: dict[socket.socket, int] = {}  # slow connection -> bytes of SLOW_HEAD sent
    counts = {"opened": 0, "closed_by_server": 0, "answered_408": 0, "refused": 0}

    def open_one(trickle: bool) -> None:
        try:
            sock = socket.create_connection(address, timeout=REQUEST_TIMEOUT_SECONDS)
        except OSError:
            counts["refused"] += 1
            return
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, trickle)
        if trickle:
            sent[sock] = 0
        counts["opened"] += 1

    for number in range(idle + slow):
        open_one(number >= idle)
    deadline = time.monotonic() + seconds
    next_byte = time.monotonic() + SLOW_BYTE_SECONDS
    while time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.1):
            sock, trickle = key.fileobj, key.data
            try:
                data = sock.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if data.startswith(b"HTTP/1.1 408"):
                counts["answered_408"] += 1
            selector.unregister(sock)
            sent.pop(sock, None)
            sock.close()
            counts["closed_by_server"] += 1
            open_one(trickle)
        if time.monotonic() >= next_byte:
            next_byte += SLOW_BYTE_SECONDS
            for sock, count in list(sent.items()):
                try:
                    sock.send(SLOW_HEAD[count % len(SLOW_HEAD):count % len(SLOW_HEAD) + 1])
                    sent[sock] = count + 1
                except OSError:
                    pass
    return counts


def _greedy(url: str, stop: threading.Event) -> int:
    """GREEDY_CONNECTIONS keep-alive connections sending HEAVY_QUERY back to back; returns requests made."""
    from bench.http_load import get_once

    parts = urlsplit(url)
    path = f"/api/search?q={quote(HEAVY_QUERY)}"
    made = []

    def one_connection():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS)
        while not stop.is_set():
            if get_once(connection, path, []):
                made.append(1)
            else:
                connection.close()
        connection.close()

    threads = [threading.Thread(target=one_connection) for _ in range(GREEDY_CONNECTIONS)]
    for thread in threads:
        thread.start()
    stop.wait()
    for thread in threads:
        thread.join()
    return len(made)


def slow_clients_benchmark(corpus_name: str, *, shared_dir: Path, workdir: Path, workers: int,
                           idle: int = IDLE_CONNECTIONS, slow: int = SLOW_CONNECTIONS) -> dict:
    from bench import runner
    from bench.http_load import Absent, running_server

    base = {"corpus": corpus_name, "workers": workers, "idle_connections": idle, "slow_connections": slow,
            "normal_requests": NORMAL_REQUESTS}
    try:
        with running_server(corpus_name, shared_dir=shared_dir, workdir=workdir, workers=workers) as server:
            queries = json.loads(server.queries_file.read_text(encoding="utf-8"))
            quiet = _normal_client(server.url, queries)
            attacker = subprocess.Popen(
                [sys.executable, "-m", "bench.slow_clients", "--attack", server.url, "--idle", str(idle),
                 "--slow", str(slow), "--seconds", "600"], stdout=subprocess.PIPE, text=True,
                cwd=runner.REPO_ROOT)
            try:
                time.sleep(ATTACK_SETTLE_SECONDS)
                attacked = _normal_client(server.url, queries)
            finally:
                attacker.terminate()
                attacker.wait(timeout=30)
            stop = threading.Event()
            greedy_made: list[int] = []
            greedy = threading.Thread(target=lambda: greedy_made.append(_greedy(server.url, stop)))
            greedy.start()
            try:
                time.sleep(1.0)  # the greedy client's searches fill the workers
                beside_greedy = _normal_client(server.url, queries, source="127.0.0.2")
            finally:
                stop.set()
                greedy.join()
    except Absent as reason:
        return {**base, "absent": str(reason)}
    ratio = beside_greedy["latency"]["p50_ms"] / quiet["latency"]["p50_ms"]
    return {**base, "quiet": quiet, "with_slow_and_idle": attacked, "beside_greedy_client": beside_greedy,
            "greedy_requests": greedy_made[0] if greedy_made else 0, "greedy_median_ratio": round(ratio, 2),
            "met": attacked["latency"]["p99_ms"] <= TARGET_P99_MS and attacked["failures"] == 0
            and ratio <= TARGET_GREEDY_RATIO}


def main() -> int:
    parser = argparse.ArgumentParser(description="The attacking side of the slow-client benchmark.")
    parser.add_argument("--attack", required=True, metavar="URL")
    parser.add_argument("--idle", type=int, default=IDLE_CONNECTIONS)
    parser.add_argument("--slow", type=int, default=SLOW_CONNECTIONS)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    import resource
    import signal

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print(json.dumps(attack(args.attack, idle=args.idle, slow=args.slow, seconds=args.seconds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
