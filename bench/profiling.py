"""Where condsearch spends its search time, by sampling with pyinstrument over a corpus's query file.

The index is built first (not profiled); the searcher warms up on every query; then PROFILE_PASSES passes
over the query file run under pyinstrument. Sampled time is summed per function (self time, and total
time counted once per call stack so recursion is not counted twice) and per package (self time of the
frames in whoosh, rapidfuzz, jellyfish, search/, indexer/, the standard library ...; built-ins and
generated code count for the package that called them).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

PROFILE_PASSES = 3
SAMPLE_INTERVAL_SECONDS = 0.0002
TOP_FUNCTIONS = 18
PROJECT_PACKAGES = ("search", "indexer", "corpus", "webui")


def _package_of(file_path: str) -> str:
    parts = Path(file_path or "?").parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return parts[parts.index(marker) + 1].split(".")[0]
    for package in PROJECT_PACKAGES:
        if package in parts:
            return f"{package}/ (condsearch)"
    if "python3" in " ".join(parts) or "lib" in parts:
        return "python stdlib"
    return parts[-1] if parts else "?"


def _where(frame) -> str:
    parts = Path(frame.file_path or "?").parts
    for anchor in (*PROJECT_PACKAGES, "site-packages"):
        if anchor in parts:
            tail = parts[parts.index(anchor) + (1 if anchor == "site-packages" else 0):]
            return f"{'/'.join(tail)}:{frame.line_no}"
    return f"{parts[-1] if parts else '?'}:{frame.line_no}"


def summarize_session(root, *, top: int = TOP_FUNCTIONS) -> dict:
    """Self/total time per function and self time per package, as shares of the profiled time."""
    self_time: dict[tuple, float] = defaultdict(float)
    total_time: dict[tuple, float] = defaultdict(float)
    package_time: dict[str, float] = defaultdict(float)
    where: dict[tuple, str] = {}

    def walk(frame, on_stack: frozenset, caller_package: str) -> None:
        key = (frame.function, frame.file_path, frame.line_no)
        package = caller_package
        if not frame.is_synthetic:
            where[key] = _where(frame)
            if key not in on_stack:
                total_time[key] += frame.time
            self_time[key] += frame.total_self_time
            # A built-in (dict.get, bisect) or generated code (a dataclass __init__) works for its caller.
            if not str(frame.file_path or "").startswith("<"):
                package = _package_of(frame.file_path)
            package_time[package] += frame.total_self_time
            on_stack = on_stack | {key}
        for child in frame.children:
            walk(child, on_stack, package)

    walk(root, frozenset(), "?")
    overall = root.time or 1e-9
    rows = sorted(self_time, key=self_time.get, reverse=True)[:top]
    return {
        "profiled_seconds": overall,
        "top": [{"function": key[0], "where": where[key], "self_pct": 100 * self_time[key] / overall,
                 "total_pct": 100 * total_time[key] / overall} for key in rows],
        "by_package": {package: 100 * seconds / overall
                       for package, seconds in sorted(package_time.items(), key=lambda item: -item[1])},
    }


def profile_condsearch(corpus_name: str, *, shared_dir: Path, workdir: Path) -> dict:
    from pyinstrument import Profiler

    from bench import corpora, runner
    from indexer import ensure_index
    from search import Searcher
    from search.evaluation import read_queries

    specs = corpora.corpus_specs(shared_dir)
    prepared: dict = {}
    corpus = corpora.prepare(specs[corpus_name], specs, workdir / "corpora", prepared)
    query_set = runner.query_set_for(corpus_name, shared_dir, workdir, prepared, mode="full")
    queries = [query.query for query in read_queries(query_set.path)]
    index_dir = workdir / "profile" / corpus_name
    paths = [str(path) for path in corpus.source_paths] if corpus.source_paths else None
    ensure_index(index_dir, corpus_paths=paths, obo_root=corpus.obo_root, warn=lambda message: None)
    searcher = Searcher(index_dir)
    for query in queries:
        searcher.search(query, limit=10)
    profiler = Profiler(interval=SAMPLE_INTERVAL_SECONDS)
    profiler.start()
    for _ in range(PROFILE_PASSES):
        for query in queries:
            searcher.search(query, limit=10)
    profiler.stop()
    (workdir / "profile").mkdir(parents=True, exist_ok=True)
    text_path = workdir / "profile" / f"{corpus_name}.txt"
    text_path.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    summary = summarize_session(profiler.last_session.root_frame())
    per_query_ms = 1000 * summary["profiled_seconds"] / (PROFILE_PASSES * len(queries))
    packages = ", ".join(f"{package} {share:.0f}%" for package, share in list(summary["by_package"].items())[:6])
    summary["summary"] = (
        f"pyinstrument, {PROFILE_PASSES} passes over {len(queries)} queries ({query_set.description}) after a "
        f"warm-up, {per_query_ms:.2f} ms per query under the profiler. Self time by package: {packages}. "
        f"The full call tree is written to bench/.work/profile/{corpus_name}.txt.")
    summary["queries"] = len(queries)
    return summary
