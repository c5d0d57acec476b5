"""Timing, size and memory measurements shared by every peer, so all are measured the same way."""
from __future__ import annotations

import gc
import os
import resource
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

MIN_TIMED_QUERIES = 1000  # a p99 over fewer samples is one or two queries' worth of noise
MAX_REPEATS = 10  # ... but never more passes than this over a small query file
PASS_BUDGET_SECONDS = 20.0  # a slow engine gets as many passes as fit here (at least one)
WARMUP_QUERIES = 50  # enough to load every lazy structure; a full extra pass is too slow for some peers
WARMUP_BUDGET_SECONDS = 5.0  # ... and a peer taking seconds per query is warm long before 50 of them


def time_queries(search: Callable[[str, int], Sequence[str]], queries: Sequence[str], *, limit: int,
                 repeats: int | None = None) -> tuple[list[list[str]], list[int]]:
    """Warms up on the first WARMUP_QUERIES queries (at most WARMUP_BUDGET_SECONDS), then times passes.

    The answers kept are those of the first timed pass. `repeats` None: enough passes for
    MIN_TIMED_QUERIES samples, as many as fit in PASS_BUDGET_SECONDS (always at least one).
    Returns (answers per query, one latency in ns per timed query run).
    """
    clock = time.perf_counter_ns
    warmup_deadline = clock() + int(WARMUP_BUDGET_SECONDS * 1e9)
    for query in queries[:WARMUP_QUERIES]:
        search(query, limit)
        if clock() > warmup_deadline:
            break
    gc.collect()
    results: list[list[str]] = []
    latencies: list[int] = []
    started = clock()
    for query in queries:
        begin = clock()
        answer = search(query, limit)
        latencies.append(clock() - begin)
        results.append(list(answer))
    pass_seconds = (clock() - started) / 1e9
    if repeats is None:
        repeats = plan_repeats(len(queries), pass_seconds)
    for _ in range(repeats - 1):
        for query in queries:
            begin = clock()
            search(query, limit)
            latencies.append(clock() - begin)
    return results, latencies


def plan_repeats(query_count: int, pass_seconds: float) -> int:
    wanted = -(-MIN_TIMED_QUERIES // max(query_count, 1))
    affordable = int(PASS_BUDGET_SECONDS // max(pass_seconds, 1e-6))
    return max(1, min(wanted, affordable, MAX_REPEATS))


def percentiles(latencies_ns: Sequence[int]) -> dict:
    """p50/p95/p99/max in milliseconds (nearest-rank percentiles)."""
    if not latencies_ns:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None, "samples": 0}
    ordered = sorted(latencies_ns)

    def rank(fraction: float) -> float:
        index = max(0, min(len(ordered) - 1, int(-(-fraction * len(ordered) // 1)) - 1))
        return ordered[index] / 1e6

    return {"p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99), "max_ms": ordered[-1] / 1e6,
            "mean_ms": sum(ordered) / len(ordered) / 1e6, "samples": len(ordered)}


def directory_bytes(path: Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


def current_rss_bytes() -> int:
    """Resident memory of this process now (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return peak_rss_bytes()


def process_memory_bytes(pid: int) -> tuple[int, int]:
    """(resident, peak resident) of another process, e.g. a search server the peer started (Linux /proc)."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            fields[key] = value
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024  # kB in /proc


def memory_figures(baseline_bytes: int, peak_bytes: int, resident_bytes: int) -> dict:
    """The memory record of an engine: peak and resident above the baseline of its process, in MiB."""
    return {"baseline_mb": baseline_bytes / 2**20, "peak_over_baseline_mb": (peak_bytes - baseline_bytes) / 2**20,
            "resident_over_baseline_mb": (resident_bytes - baseline_bytes) / 2**20}


def peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB, macOS bytes


class Stopwatch:
    """`with Stopwatch() as watch: ...` then `watch.seconds`."""

    def __enter__(self) -> "Stopwatch":
        self._started = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._started
