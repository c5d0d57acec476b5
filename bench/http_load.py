"""`/api/search` under load: the production server (`condsearch serve`) on loopback, driven from a second
process.

`http_benchmark` builds the corpus's index, starts `condsearch serve --index DIR --port 0 --workers N`
(CONDSEARCH_CORPUS names the same files, so the server finds its index up to date and does not rebuild),
then runs this module as a separate load process: CONNECTIONS keep-alive connections, one thread each,
cycling through the corpus's query file until TOTAL requests were answered (after WARMUP_REQUESTS not
counted). The server's resident memory is sampled every MEMORY_SAMPLE_SECONDS during the run.

    python -m bench.http_load --url http://127.0.0.1:PORT --queries FILE --connections 8 --requests 6000
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

WARMUP_REQUESTS = 200
MEMORY_SAMPLE_SECONDS = 0.2
SERVER_START_TIMEOUT_SECONDS = 300  # it may build the index first
REQUEST_TIMEOUT_SECONDS = 10
LOAD_TIMEOUT_SECONDS = 600


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
            try:
                connection.request("GET", paths[number % len(paths)])
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"HTTP {response.status}")
            except (OSError, http.client.HTTPException) as error:
                errors.append(type(error).__name__)
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


def http_benchmark(corpus_name: str, *, shared_dir: Path, workdir: Path, workers: int, connections: int,
                   total_requests: int) -> dict:
    """Starts the server on `corpus_name`, loads it from a second process, returns figures."""
    import psutil

    from bench import corpora, runner
    from indexer import ensure_index
    from search.evaluation import read_queries

    base = {"corpus": corpus_name, "workers": workers}
    specs = corpora.corpus_specs(shared_dir)
    spec = specs[corpus_name]
    if spec.obo_root:
        return {**base, "absent": f"`condsearch serve` has no setting for an OBO root, so {corpus_name} "
                                  f"({spec.obo_root}) cannot be served as such"}
    serve = Path(sys.executable).parent / "condsearch"
    if not serve.exists():
        return {**base, "absent": f"the condsearch command is not installed beside {Path(sys.executable).name}"}
    prepared: dict = {}
    corpus = corpora.prepare(spec, specs, workdir / "corpora", prepared)
    query_set = runner.query_set_for(corpus_name, shared_dir, workdir, prepared, mode="full")
    queries_file = workdir / "http" / f"{corpus_name}-queries.json"
    queries_file.parent.mkdir(parents=True, exist_ok=True)
    queries_file.write_text(json.dumps([q.query for q in read_queries(query_set.path)]), encoding="utf-8")
    index_dir = (workdir / "http" / f"{corpus_name}-index").resolve()
    paths = [str(Path(path).resolve()) for path in spec.source_paths] if spec.source_paths else None
    ensure_index(index_dir, corpus_paths=paths, warn=lambda message: None)
    environment = dict(os.environ)
    if paths:
        environment["CONDSEARCH_CORPUS"] = os.pathsep.join(paths)
    server = subprocess.Popen([str(serve), "serve", "--index", str(index_dir), "--port", "0",
                               "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, env=environment)
    try:
        url = _wait_for_url(server)
        if url is None:
            return {**base, "absent": "the server did not report its address (does `condsearch serve` run?)"}
        parent = psutil.Process(server.pid)
        # Per process (the parent and each worker it forked): the peak resident memory, and the peak of
        # the memory no other process shares (USS): forked workers share the index's pages copy-on-write.
        peak_rss: dict[int, int] = {}
        peak_uss: dict[int, int] = {}
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                try:
                    processes = [parent, *parent.children()]
                except psutil.Error:
                    return
                for process in processes:
                    try:
                        memory = process.memory_full_info()
                    except psutil.Error:
                        continue
                    peak_rss[process.pid] = max(peak_rss.get(process.pid, 0), memory.rss)
                    peak_uss[process.pid] = max(peak_uss.get(process.pid, 0), memory.uss)
                stop.wait(MEMORY_SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load = subprocess.run([sys.executable, "-m", "bench.http_load", "--url", url, "--queries", str(queries_file),
                               "--connections", str(connections), "--requests", str(total_requests)],
                              capture_output=True, text=True, timeout=LOAD_TIMEOUT_SECONDS, cwd=runner.REPO_ROOT)
        stop.set()
        sampler.join()
        if load.returncode != 0:
            return {**base, "absent": f"the load process failed: {load.stderr.strip()[-400:]}"}
        figures = json.loads(load.stdout)
        workers_seen = [pid for pid in peak_rss if pid != parent.pid] or [parent.pid]
        rss_mb = [round(peak_rss[pid] / 2**20, 1) for pid in workers_seen]
        uss_mb = [round(peak_uss[pid] / 2**20, 1) for pid in workers_seen]
        return {**base, **figures, "queries": query_set.description, "server_processes": len(peak_rss),
                "worker_rss_mb": rss_mb, "max_worker_rss_mb": max(rss_mb), "worker_uss_mb": uss_mb,
                "parent_rss_mb": round(peak_rss.get(parent.pid, 0) / 2**20, 1),
                "note": "`condsearch serve --workers N` forks N worker processes after loading the index, so "
                        "they share its pages: RSS counts the shared pages in every worker, USS only a "
                        "worker's own"}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


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
