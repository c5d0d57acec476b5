"""`python -m bench`: the benchmark harness (see bench/README.md).

    python -m bench run [--quick] [--corpora a,b] [--engines x,y] [--shared DIR]
    python -m bench queries --corpus do-union          # write a generated query file and show a sample
    python -m bench profile --corpus do-union          # where condsearch's time goes (pyinstrument)
    python -m bench http --corpus do-union             # /api/search under load on the production server
    python -m bench slowclients --corpus do-union      # a visitor's latency beside slow, idle and greedy clients
    python -m bench soak --corpus do-union             # minutes of searches and suggestions: errors, memory
    python -m bench report                             # RESULTS.md and plots from bench/results.json
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path

from bench import runner
from bench.corpora import CORPUS_NAMES

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_JSON = BENCH_DIR / "results.json"
WORK_DIR = BENCH_DIR / ".work"


def _list(value: str, allowed: tuple[str, ...], what: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown {what}: {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return names


def load_results() -> dict:
    if RESULTS_JSON.is_file():
        return json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
    return {"corpora": {}, "runs": []}


def save_results(results: dict) -> None:
    text = json.dumps(results, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    RESULTS_JSON.write_text(without_machine_paths(text), encoding="utf-8")


def without_machine_paths(text: str) -> str:
    """`text` with this machine's folders written as the repository sees them: the results file is committed,
    and where the repository and the shared data lie differs from one machine to the next."""
    repository = BENCH_DIR.resolve().parent
    for folder, written in ((repository.parent / "shared", "../shared"), (repository, ".")):
        text = text.replace(json.dumps(str(folder))[1:-1] + "/", written + "/")
    return text


def command_line() -> str:
    return "python -m bench " + " ".join(shlex.quote(arg) for arg in sys.argv[1:])


def _load_average() -> str | None:
    """Other work on the machine skews latency; the record says how busy it was."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except (AttributeError, OSError):
        return None


STARTING_LOAD = _load_average()


def record_run(results: dict, section: str, corpus: str | None = None) -> None:
    """Adds this command to the list RESULTS.md shows. A section kept per corpus (http, soak, profile)
    replaces the figures of that corpus, so the earlier commands that made them leave the list too."""
    def replaced(run: dict) -> bool:
        return run.get("section") == section and (
            run.get("command") == command_line() or (corpus is not None and run.get("corpus") == corpus))

    results["runs"] = [run for run in results.get("runs", []) if not replaced(run)]
    results["runs"].append({"section": section, "command": command_line(), "corpus": corpus,
                            "date": time.strftime("%Y-%m-%d %H:%M %Z"), "load_average": STARTING_LOAD})
    results["machine"] = runner.machine_description()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run engines over corpora and regenerate RESULTS.md")
    run.add_argument("--corpora", type=lambda v: _list(v, CORPUS_NAMES, "corpus"), default=list(CORPUS_NAMES))
    run.add_argument("--engines", type=lambda v: _list(v, runner.ALL_ENGINES, "engine"), default=None,
                     help="engines to run (default: all; on the synthetic corpus all but whoosh)")
    run.add_argument("--quick", action="store_true", help="small generated query files, no synthetic corpus")
    run.add_argument("--limit", type=int, default=runner.DEFAULT_LIMIT)

    queries = sub.add_parser("queries", help="write a generated query file and print a sample")
    queries.add_argument("--corpus", choices=("do-subtree", "do-union"), default="do-union")
    queries.add_argument("--quick", action="store_true")

    profile = sub.add_parser("profile", help="profile condsearch's search with pyinstrument")
    profile.add_argument("--corpus", choices=("bundled", "do-subtree", "do-union"), default="do-union")

    http = sub.add_parser("http", help="load-test /api/search on `condsearch serve`")
    http.add_argument("--corpus", choices=("bundled", "do-subtree", "do-union"), default="do-union")
    http.add_argument("--workers", type=int, default=2)
    http.add_argument("--connections", type=int, default=None,
                      help="concurrent keep-alive connections (default: twice --workers, so no worker idles)")
    http.add_argument("--requests", type=int, default=6000)
    http.add_argument("--query-log-cost", type=int, metavar="ROUNDS", default=0,
                      help="instead: runs with the query log off and on, ROUNDS times each, alternately; prints "
                           "the figures and the log's cost, and records nothing")

    soak = sub.add_parser("soak", help="a steady mix of searches and suggestions on `condsearch serve`, for minutes")
    soak.add_argument("--corpus", choices=("bundled", "do-union"), default="do-union")
    soak.add_argument("--workers", type=int, default=2)
    soak.add_argument("--rate", type=float, default=400.0,
                      help="requests per second asked (default: the HTTP target of the benchmark)")
    soak.add_argument("--seconds", type=float, default=180.0)
    soak.add_argument("--connections", type=int, default=None, help="keep-alive connections (default: 4 x --workers)")

    slow = sub.add_parser("slowclients", help="a visitor's latency beside 2,000 slow and idle connections and "
                                              "beside one client sending heavy searches at once")
    slow.add_argument("--corpus", choices=("bundled", "do-subtree", "do-union"), default="do-union")
    slow.add_argument("--workers", type=int, default=2)

    sub.add_parser("report", help="regenerate RESULTS.md and the plots from bench/results.json")

    worker = sub.add_parser("worker", help=argparse.SUPPRESS)
    worker.add_argument("--engine", required=True)
    worker.add_argument("--corpus-record", type=Path, required=True)
    worker.add_argument("--queries", type=Path, required=True)
    worker.add_argument("--groups", type=Path)
    worker.add_argument("--other-queries", type=Path, action="append", default=[],
                        help="another query file judged in the same batch (repeatable)")
    worker.add_argument("--workdir", type=Path, required=True)
    worker.add_argument("--out", type=Path, required=True)
    worker.add_argument("--limit", type=int, default=runner.DEFAULT_LIMIT)

    for each in (run, queries, profile, http, soak, slow):
        each.add_argument("--shared", type=Path, default=runner.default_shared_dir(),
                          help="the shared folder with data/, eval/ and corpus-spec/ (default: ../shared)")

    args = parser.parse_args(argv)
    if args.command == "worker":
        record = runner.run_worker(args.engine, json.loads(args.corpus_record.read_text(encoding="utf-8")),
                                   args.queries, args.groups, args.workdir, limit=args.limit,
                                   other_queries_paths=tuple(args.other_queries))
        args.out.write_text(json.dumps(record), encoding="utf-8")
        return 0
    if args.command in ("run", "queries", "profile", "http", "soak", "slowclients") and not (args.shared / "data").is_dir():
        print(f"note: {args.shared / 'data'} is absent: the Disease Ontology corpora will be reported as absent "
              f"(pass --shared DIR to point at the shared folder)", file=sys.stderr)

    if args.command == "run":
        results = load_results()
        outcome = runner.run_suite(corpus_names=args.corpora, engine_names=args.engines or list(runner.ALL_ENGINES),
                                   engines_chosen=args.engines is not None, shared_dir=args.shared,
                                   workdir=WORK_DIR, mode="quick" if args.quick else "full", limit=args.limit,
                                   log=lambda line: print(line, flush=True))
        results.setdefault("corpora", {}).update(outcome["corpora"])
        record_run(results, "run")
        save_results(results)
    elif args.command == "queries":
        from bench.corpora import corpus_specs, prepare

        specs = corpus_specs(args.shared)
        prepared: dict = {}
        prepare(specs[args.corpus], specs, WORK_DIR / "corpora", prepared)
        query_set = runner.query_set_for(args.corpus, args.shared, WORK_DIR, prepared,
                                         mode="quick" if args.quick else "full")
        print(query_set.path)
        print("\n".join(query_set.path.read_text(encoding="utf-8").splitlines()[:25]))
        return 0
    elif args.command == "profile":
        from bench.profiling import profile_condsearch

        results = load_results()
        results.setdefault("profile", {})[args.corpus] = profile_condsearch(
            args.corpus, shared_dir=args.shared, workdir=WORK_DIR)
        record_run(results, "profile", args.corpus)
        save_results(results)
    elif args.command == "http" and args.query_log_cost:
        from bench.http_load import query_log_cost

        print(json.dumps(query_log_cost(args.corpus, rounds=args.query_log_cost, shared_dir=args.shared,
                                        workdir=WORK_DIR, workers=args.workers,
                                        connections=args.connections or 2 * args.workers,
                                        total_requests=args.requests), indent=2))
        return 0
    elif args.command == "http":
        from bench.http_load import http_benchmark

        results = load_results()
        results.setdefault("http", {})[args.corpus] = http_benchmark(
            args.corpus, shared_dir=args.shared, workdir=WORK_DIR, workers=args.workers,
            connections=args.connections or 2 * args.workers, total_requests=args.requests)
        record_run(results, "http", args.corpus)
        save_results(results)
    elif args.command == "slowclients":
        from bench.slow_clients import slow_clients_benchmark

        results = load_results()
        results.setdefault("slowclients", {})[args.corpus] = slow_clients_benchmark(
            args.corpus, shared_dir=args.shared, workdir=WORK_DIR, workers=args.workers)
        record_run(results, "slowclients", args.corpus)
        save_results(results)
    elif args.command == "soak":
        from bench.soak import soak_benchmark

        results = load_results()
        results.setdefault("soak", {})[args.corpus] = soak_benchmark(
            args.corpus, shared_dir=args.shared, workdir=WORK_DIR, workers=args.workers, rate=args.rate,
            seconds=args.seconds, connections=args.connections or 4 * args.workers)
        record_run(results, "soak", args.corpus)
        save_results(results)
    from bench.report import write_report

    path = write_report(load_results(), BENCH_DIR)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
