"""A soak run: `condsearch serve` answering a steady mix of searches and suggestions for minutes.

`soak_benchmark` starts the server as `bench http` does (`http_load.running_server`), then runs this
module as a separate load process that sends requests at a fixed RATE for SECONDS over CONNECTIONS
keep-alive connections: SUGGEST_SHARE of them `/api/suggest` with a prefix of a query, as typed on the way
to it, the rest `/api/search`. Half the queries are respelled by one random edit (seeded), so the server
keeps meeting words it has not seen, as it does with real visitors: caches that grow without bound show
up as memory that keeps growing. Meanwhile each worker's memory is sampled every second.

The figures: requests, errors (any non-200 or broken connection), the rate reached, latency per minute,
worker restarts, and each worker's unshared memory (USS) over time. Memory is flat when, after the first
WARM_SHARE of the run (caches filling), no worker's USS grows by more than FLAT_MEMORY_MB.

    python -m bench.soak --url http://127.0.0.1:PORT --queries FILE --rate 400 --seconds 180
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import string
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

SUGGEST_SHARE = 0.3
RESPELLED_SHARE = 0.5
SEED = 20261201
WARM_SHARE = 0.2
FLAT_MEMORY_MB = 5.0
MEMORY_SAMPLE_SECONDS = 1.0
REQUEST_TIMEOUT_SECONDS = 10


def soak_paths(queries: list[str], count: int, seed: int = SEED) -> list[str]:
    """`count` request paths: searches for the queries, half of them respelled by one random edit, and
    SUGGEST_SHARE suggestions for prefixes of at least three letters."""
    chooser = random.Random(seed)
    paths = []
    for _ in range(count):
        query = chooser.choice(queries)
        if chooser.random() < RESPELLED_SHARE and len(query) > 3:
            at = chooser.randrange(1, len(query) - 1)
            edit = chooser.choice(("drop", "double", "swap", "replace"))
            query = {"drop": query[:at] + query[at + 1:],
                     "double": query[:at] + query[at] + query[at:],
                     "swap": query[:at - 1] + query[at] + query[at - 1] + query[at + 1:],
                     "replace": query[:at] + chooser.choice(string.ascii_lowercase) + query[at + 1:]}[edit]
        if chooser.random() < SUGGEST_SHARE:
            prefix = query[:chooser.randint(min(3, len(query)), len(query))]
            paths.append(f"/api/suggest?q={quote(prefix)}")
        else:
            paths.append(f"/api/search?q={quote(query)}")
    return paths


def drive_soak(url: str, queries: list[str], *, rate: float, seconds: float, connections: int) -> dict:
    """Sends rate x seconds requests, request k at start + k / rate (spread over the connections), and
    records when each was answered, how long it took and whether it was a 200."""
    parts = urlsplit(url)
    total = int(rate * seconds)
    paths = soak_paths(queries, total)
    records: list[tuple[float, int, bool]] = []  # (seconds since start at the answer, latency ns, ok)
    error_kinds: set[str] = set()
    lock = threading.Lock()
    started = time.perf_counter() + 0.1

    def connection_loop(first: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS)
        local = []
        for number in range(first, total, connections):
            delay = started + number / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            begin = time.perf_counter_ns()
            ok = False
            try:
                connection.request("GET", paths[number])
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if not ok:
                    error_kinds.add(f"HTTP {response.status}")
            except (OSError, http.client.HTTPException) as error:
                error_kinds.add(type(error).__name__)
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS)
            local.append((time.perf_counter() - started, time.perf_counter_ns() - begin, ok))
        connection.close()
        with lock:
            records.extend(local)

    threads = [threading.Thread(target=connection_loop, args=(first,)) for first in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from bench.measure import percentiles

    elapsed = max((answered for answered, _, _ in records), default=0.0)
    minutes = []
    for minute in range(int(elapsed // 60) + 1):
        inside = [latency for answered, latency, _ in records if minute * 60 <= answered < (minute + 1) * 60]
        if inside:
            minutes.append({"minute": minute + 1, "requests": len(inside), **percentiles(inside)})
    return {"requests": len(records), "errors": sum(1 for *_, ok in records if not ok),
            "error_kinds": sorted(error_kinds)[:5], "seconds": elapsed,
            "requests_per_second": len(records) / elapsed if elapsed else 0.0,
            "suggest_requests": sum(1 for path in paths if path.startswith("/api/suggest")),
            "latency": percentiles([latency for _, latency, _ in records]), "minutes": minutes,
            "rate_asked": rate, "connections": connections}


def memory_trend(samples: list[tuple[float, int, int, int]], worker_pids: list[int], seconds: float) -> dict:
    """Each worker's unshared memory (USS) once warm (after WARM_SHARE of the run) and at the end, in MB."""
    warm_after = seconds * WARM_SHARE
    workers = []
    for pid in worker_pids:
        own = [(at, uss) for at, sample_pid, _, uss in samples if sample_pid == pid]
        warm = [uss for at, uss in own if at >= warm_after]
        if not warm:
            continue
        workers.append({"pid": pid, "warm_uss_mb": round(warm[0] / 2**20, 1), "end_uss_mb": round(warm[-1] / 2**20, 1),
                        "peak_uss_mb": round(max(uss for _, uss in own) / 2**20, 1),
                        "growth_mb": round((warm[-1] - warm[0]) / 2**20, 1)})
    growth = max((worker["growth_mb"] for worker in workers), default=None)
    return {"workers": workers, "max_growth_mb": growth,
            "flat": growth is not None and growth <= FLAT_MEMORY_MB}


def _forked_workers(parent, workers: int, timeout: float = 30.0) -> set:
    """The worker processes, once all `workers` are forked: the server reports its address before forking
    them, so counting straight away would take the first workers for restarted ones."""
    deadline = time.monotonic() + timeout
    while True:
        children = set(parent.children())
        if len(children) >= workers or workers <= 1 or time.monotonic() > deadline:
            return children
        time.sleep(0.05)


def soak_benchmark(corpus_name: str, *, shared_dir: Path, workdir: Path, workers: int, rate: float,
                   seconds: float, connections: int) -> dict:
    """Starts the server on `corpus_name`, soaks it from a second process, returns the figures."""
    from bench import runner
    from bench.http_load import Absent, MemorySampler, running_server

    base = {"corpus": corpus_name, "workers": workers, "rate_asked": rate, "seconds_asked": seconds}
    try:
        with running_server(corpus_name, shared_dir=shared_dir, workdir=workdir, workers=workers) as server, \
                MemorySampler(server.process, MEMORY_SAMPLE_SECONDS) as memory:
            first_workers = _forked_workers(server.process, workers)
            load = subprocess.run([sys.executable, "-m", "bench.soak", "--url", server.url, "--queries",
                                   str(server.queries_file), "--rate", str(rate), "--seconds", str(seconds),
                                   "--connections", str(connections)],
                                  capture_output=True, text=True, timeout=seconds * 3 + 120, cwd=runner.REPO_ROOT)
            last_workers = set(server.process.children())
    except Absent as reason:
        return {**base, "absent": str(reason)}
    if load.returncode != 0:
        return {**base, "absent": f"the load process failed: {load.stderr.strip()[-400:]}"}
    figures = json.loads(load.stdout)
    worker_pids = memory.worker_pids()
    return {**base, **figures, "queries": server.queries_description,
            "worker_restarts": len(last_workers - first_workers),
            "memory": memory_trend(memory.samples, worker_pids, figures["seconds"])}


def main() -> int:
    parser = argparse.ArgumentParser(description="Soak `condsearch serve` from this (second) process.")
    parser.add_argument("--url", required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--rate", type=float, default=400.0)
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    print(json.dumps(drive_soak(args.url, queries, rate=args.rate, seconds=args.seconds,
                                connections=args.connections)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
