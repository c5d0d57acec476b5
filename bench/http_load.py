"""`/api/search` under load: the production server (`condsearch serve`) on loopback, driven from a second
process.

`http_benchmark` builds the corpus's index, starts `condsearch serve --index DIR --port 0 --workers N`
(CONDSEARCH_CORPUS names the same files, so the server finds its index up to date and does not rebuild),
then loads it from a separate process: CONNECTIONS keep-alive connections cycling through the corpus's query
file until TOTAL requests were answered (after WARMUP_REQUESTS not counted). The load is sent by wrk
(Debian's package) with bench/http_load.lua when it is installed, else by this module, one thread per
connection (a Python client takes much of a small machine's cores from the server it measures). The
server's resident memory is sampled every MEMORY_SAMPLE_SECONDS during the run.

    python -m bench.http_load --url http://127.0.0.1:PORT --queries FILE --connections 8 --requests 6000
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

WARMUP_REQUESTS = 200
WARMUP_SECONDS = 2  # wrk's warm-up
WRK_MIN_SECONDS = 5
MEMORY_SAMPLE_SECONDS = 0.2
SERVER_START_TIMEOUT_SECONDS = 300  # it may build the index first
REQUEST_TIMEOUT_SECONDS = 10
LOAD_TIMEOUT_SECONDS = 600


def get_once(connection: http.client.HTTPConnection, path: str, errors: list[str]) -> bool:
    """One GET on `connection`, its answer read whole; a failure is appended to `errors` as its kind.
    Returns False when the connection failed and must be replaced."""
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            errors.append(f"HTTP {response.status}")
        return True
    except (OSError, http.client.HTTPException) as error:
        errors.append(type(error).__name__)
        return False


def drive_load(url: str, queries: list[str], *, connections: int, total: int) -> dict:
    """Sends `total` GET /api/search requests over `connections` keep-alive connections."""
    parts = urlsplit(url)
    paths = [f"/api/search?q={quote(query)}" for query in queries]
    counter = iter(range(10**9))
    lock = threading.Lock()
    latencies: list[int] = []
    errors: list[str] = []

    def worker(limit: int, record: bool) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS)
        local: list[int] = []
        while True:
            with lock:
                number = next(counter)
            if number >= limit:
                break
            begin = time.perf_counter_ns()
            if not get_once(connection, paths[number % len(paths)], errors):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS)
            local.append(time.perf_counter_ns() - begin)
        connection.close()
        if record:
            with lock:
                latencies.extend(local)

    def run(limit: int, record: bool) -> float:
        nonlocal counter
        counter = iter(range(10**9))
        threads = [threading.Thread(target=worker, args=(limit, record)) for _ in range(connections)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    run(WARMUP_REQUESTS, False)
    errors.clear()
    seconds = run(total, True)
    from bench.measure import percentiles

    return {"requests": len(latencies), "seconds": seconds, "requests_per_second": len(latencies) / seconds,
            "latency": percentiles(latencies), "errors": len(errors), "error_kinds": sorted(set(errors))[:5],
            "connections": connections}


def drive_load_wrk(wrk: str, url: str, queries: list[str], *, connections: int, total: int) -> dict:
    """The same load as `drive_load`, sent by wrk (bench/http_load.lua): a client in C takes a small share
    of the cores the server's workers need, where the Python client takes a large one on a small machine.
    wrk runs for a duration, not a count: a warm-up of WARMUP_SECONDS measures the rate, and the timed run
    lasts as long as `total` requests take at that rate (at least WRK_MIN_SECONDS)."""
    import tempfile

    script = Path(__file__).with_name("http_load.lua")
    with tempfile.NamedTemporaryFile("w", suffix=".paths", encoding="utf-8") as paths:
        paths.write("".join(f"/api/search?q={quote(query)}\n" for query in queries))
        paths.flush()

        def run(seconds: float) -> dict:
            finished = subprocess.run(
                [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
                 f"--timeout={REQUEST_TIMEOUT_SECONDS}s", "-s", str(script), url, "--", paths.name],
                capture_output=True, text=True, timeout=seconds + 60)
            lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
            if finished.returncode != 0 or not lines:
                raise Absent(f"wrk failed: {(finished.stderr or finished.stdout).strip()[-400:]}")
            return json.loads(lines[-1])

        warm = run(WARMUP_SECONDS)
        rate = warm["requests"] / (warm["duration_us"] / 1e6) or 1.0
        figures = run(min(LOAD_TIMEOUT_SECONDS, max(WRK_MIN_SECONDS, total / rate)))
    seconds = figures["duration_us"] / 1e6
    errors = figures["errors"] + figures["non_2xx"]
    return {"requests": figures["requests"], "seconds": seconds,
            "requests_per_second": figures["requests"] / seconds,
            "latency": {"samples": figures["requests"], "mean_ms": figures["mean_us"] / 1000,
                        **{f"{key}_ms": figures[f"{key}_us"] / 1000 for key in ("p50", "p95", "p99", "max")}},
            "errors": errors, "error_kinds": ["not 2xx"] if figures["non_2xx"] else [],
            "connections": connections, "client": "wrk (one thread)"}


class Absent(Exception):
    """The server could not be run on this corpus here; the message says why."""


class MemorySampler:
    """Samples, every `interval` seconds, the resident memory (RSS) of a server process and of each worker
    it forked, and the memory no other process shares (USS): forked workers share the pages of the parent
    they were forked from (libraries, until written), which RSS counts in every worker and USS in none."""

    def __init__(self, parent, interval: float = MEMORY_SAMPLE_SECONDS):
        self.parent, self.interval = parent, interval
        self.samples: list[tuple[float, int, int, int]] = []  # (seconds since start, pid, rss, uss)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MemorySampler":
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                processes = [self.parent, *self.parent.children()]
            except psutil.Error:
                return
            for process in processes:
                try:
                    memory = process.memory_full_info()
                except psutil.Error:
                    continue
                self.samples.append((time.monotonic() - self._started, process.pid, memory.rss, memory.uss))
            self._stop.wait(self.interval)

    def peaks(self, column: int) -> dict[int, int]:
        """pid -> the largest figure of `column` (2: RSS, 3: USS) sampled."""
        peaks: dict[int, int] = {}
        for sample in self.samples:
            peaks[sample[1]] = max(peaks.get(sample[1], 0), sample[column])
        return peaks

    def worker_pids(self) -> list[int]:
        """The workers seen, in the order they were first sampled; the parent when it served alone."""
        seen = list(dict.fromkeys(sample[1] for sample in self.samples if sample[1] != self.parent.pid))
        return seen or [self.parent.pid]


@dataclass
class RunningServer:
    url: str
    process: "object"  # psutil.Process of `condsearch serve`
    queries_file: Path  # the corpus's queries, as a JSON list
    queries_description: str


@contextlib.contextmanager
def running_server(corpus_name: str, *, shared_dir: Path, workdir: Path, workers: int, query_log: str | None = None):
    """`condsearch serve --workers N` on the corpus's index, up to date, on a free loopback port; yields a
    RunningServer and stops the server afterwards. Raises Absent when it cannot run here. `query_log` sets
    CONDSEARCH_QUERY_LOG (a file, or "off")."""
    import psutil

    from bench import corpora, runner
    from indexer import ensure_index
    from search.evaluation import read_queries

    specs = corpora.corpus_specs(shared_dir)
    spec = specs[corpus_name]
    if spec.obo_root:
        raise Absent(f"`condsearch serve` has no setting for an OBO root, so {corpus_name} ({spec.obo_root}) "
                     f"cannot be served as such")
    serve = Path(sys.executable).parent / "condsearch"
    if not serve.exists():
        raise Absent(f"the condsearch command is not installed beside {Path(sys.executable).name}")
    prepared: dict = {}
    corpora.prepare(spec, specs, workdir / "corpora", prepared)
    query_set = runner.query_set_for(corpus_name, shared_dir, workdir, prepared, mode="full")
    queries_file = workdir / "http" / f"{corpus_name}-queries.json"
    queries_file.parent.mkdir(parents=True, exist_ok=True)
    queries_file.write_text(json.dumps([q.query for q in read_queries(query_set.path)]), encoding="utf-8")
    index_dir = (workdir / "http" / f"{corpus_name}-index").resolve()
    paths = [str(Path(path).resolve()) for path in spec.source_paths] if spec.source_paths else None
    ensure_index(index_dir, corpus_paths=paths, warn=lambda message: None)
    environment = dict(os.environ)
    if paths:  # the same files, so the server finds its index up to date and does not rebuild
        environment["CONDSEARCH_CORPUS"] = os.pathsep.join(paths)
    if query_log:
        environment["CONDSEARCH_QUERY_LOG"] = query_log
    server = subprocess.Popen([str(serve), "serve", "--index", str(index_dir), "--port", "0",
                               "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, env=environment)
    try:
        url = _wait_for_url(server)
        if url is None:
            raise Absent("the server did not report its address (does `condsearch serve` run?)")
        yield RunningServer(url, psutil.Process(server.pid), queries_file, query_set.description)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def query_log_cost(corpus_name: str, *, rounds: int, **options) -> dict:
    """`http_benchmark` with the query log off and on, alternately `rounds` times each (so a neighbour's load
    weighs on both alike): requests per second and server CPU per request of each run, and the log's cost:
    the relative drop of the best rate with the log from the best without, and the relative rise of the
    least CPU per request."""
    log_file = options["workdir"] / "http" / "query-log.sqlite3"
    runs: dict[str, list] = {"off": [], "on": []}
    for _ in range(rounds):
        for state, setting in (("off", "off"), ("on", str(log_file))):
            for stale in (log_file, *(log_file.with_name(log_file.name + end) for end in ("-wal", "-shm"))):
                stale.unlink(missing_ok=True)
            figures = http_benchmark(corpus_name, query_log=setting, **options)
            runs[state].append({key: figures.get(key) for key in
                                ("requests_per_second", "server_cpu_ms_per_request", "latency", "absent")})
    best = {state: max((run["requests_per_second"] or 0) for run in results) for state, results in runs.items()}
    cpu = {state: min((run["server_cpu_ms_per_request"] or 0) for run in results) for state, results in runs.items()}
    return {"corpus": corpus_name, "runs": runs, "best_requests_per_second": best, "least_server_cpu_ms": cpu,
            "cost_percent": round(100 * (1 - best["on"] / best["off"]), 1) if best["off"] else None,
            "cpu_cost_percent": round(100 * (cpu["on"] / cpu["off"] - 1), 1) if cpu["off"] else None}


def http_benchmark(corpus_name: str, *, shared_dir: Path, workdir: Path, workers: int, connections: int,
                   total_requests: int, query_log: str | None = None) -> dict:
    """Starts the server on `corpus_name`, loads it from a second process, returns figures."""
    from bench import runner

    base = {"corpus": corpus_name, "workers": workers}
    try:
        with running_server(corpus_name, shared_dir=shared_dir, workdir=workdir, workers=workers,
                            query_log=query_log) as server, \
                MemorySampler(server.process) as memory:
            cpu_before = _server_cpu_seconds(server.process)
            wrk = shutil.which("wrk")
            if wrk:
                queries = json.loads(server.queries_file.read_text(encoding="utf-8"))
                figures = drive_load_wrk(wrk, server.url, queries, connections=connections, total=total_requests)
            else:
                load = subprocess.run([sys.executable, "-m", "bench.http_load", "--url", server.url, "--queries",
                                       str(server.queries_file), "--connections", str(connections),
                                       "--requests", str(total_requests)], capture_output=True, text=True,
                                      timeout=LOAD_TIMEOUT_SECONDS, cwd=runner.REPO_ROOT)
                if load.returncode != 0:
                    raise Absent(f"the load process failed: {load.stderr.strip()[-400:]}")
                figures = {**json.loads(load.stdout),
                           "client": "python -m bench.http_load (wrk is not installed: apt-get install wrk)"}
            # CPU the server spent per timed request (its warm-up included): unlike requests per second, it
            # hardly moves when other processes share the cores.
            figures["server_cpu_ms_per_request"] = round(
                1000 * (_server_cpu_seconds(server.process) - cpu_before) / max(figures["requests"], 1), 3)
    except Absent as reason:
        return {**base, "absent": str(reason)}
    peak_rss, peak_uss = memory.peaks(2), memory.peaks(3)
    workers_seen = memory.worker_pids()
    rss_mb = [round(peak_rss[pid] / 2**20, 1) for pid in workers_seen]
    uss_mb = [round(peak_uss[pid] / 2**20, 1) for pid in workers_seen]
    return {**base, **figures, "queries": server.queries_description, "server_processes": len(peak_rss),
            "worker_rss_mb": rss_mb, "max_worker_rss_mb": max(rss_mb), "worker_uss_mb": uss_mb,
            "parent_rss_mb": round(peak_rss.get(server.process.pid, 0) / 2**20, 1),
            "note": "each worker of `condsearch serve --workers N` opens the index itself, so its RSS "
                    "and USS differ by the libraries it shares with the others"}


def _server_cpu_seconds(parent) -> float:
    """User and system CPU seconds of the server and its workers so far."""
    import psutil

    total = 0.0
    for process in [parent, *parent.children()]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _wait_for_url(server: subprocess.Popen) -> str | None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            if server.poll() is not None:
                return None
            continue
        match = re.search(r"Serving on (http://\S+?)/?$", line.strip())
        if match:
            return match.group(1)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description="Load /api/search from this (second) process.")
    parser.add_argument("--url", required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--requests", type=int, default=6000)
    args = parser.parse_args()
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    print(json.dumps(drive_load(args.url, queries, connections=args.connections, total=args.requests)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
