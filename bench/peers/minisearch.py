"""MiniSearch, the JavaScript site-search library, run with node: what a static site would use.

Settings (MiniSearch's documented site-search set-up): fields title, names, body; `fuzzy: 0.2` (edits up
to a fifth of each term's length), `prefix: true`, boosts title 3 and names 2; default tokenizer and term
processing. The index is built and every query timed inside node (bench/peers/minisearch_run.mjs), so
latencies exclude node start-up and the pipe. Index size is the serialised index a site would ship.

Set-up: `npm install --prefix bench` (bench/package.json pins the version).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Sequence

from bench.peers import Peer, PeerUnavailable

BENCH_DIR = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve().parent / "minisearch_run.mjs"
NODE_TIMEOUT_SECONDS = 900


class MiniSearchPeer(Peer):
    name = "minisearch"
    settings = "node; fields title/names/body, fuzzy 0.2, prefix true, boost title 3 names 2"
    in_memory = True

    @classmethod
    def available(cls) -> str | None:
        if shutil.which("node") is None:
            return "node is not on PATH (MiniSearch runs in node)"
        if not (BENCH_DIR / "node_modules" / "minisearch").is_dir():
            return "minisearch is not installed: run `npm install --prefix bench`"
        return None

    def build(self, corpus, workdir: Path) -> dict:
        # node builds its own index when it runs the queries; the pages file is all it needs.
        self.pages_jsonl = Path(corpus.pages_jsonl).resolve()
        self.workdir = Path(workdir).resolve()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.answers: dict[str, list[str]] = {}
        return {}

    def run_batch(self, queries: Sequence[str], *, limit: int, repeats: int | None):
        from bench.measure import MIN_TIMED_QUERIES, MAX_REPEATS

        if repeats is None:  # node is fast enough for the full sample count
            repeats = max(1, min(MAX_REPEATS, -(-MIN_TIMED_QUERIES // max(len(queries), 1))))
        queries_file = self.workdir / "minisearch-queries.json"
        queries_file.write_text(json.dumps(list(queries), ensure_ascii=False), encoding="utf-8")
        completed = subprocess.run(
            ["node", str(SCRIPT), str(self.pages_jsonl), str(queries_file), str(limit), str(repeats)],
            capture_output=True, text=True, timeout=NODE_TIMEOUT_SECONDS, cwd=BENCH_DIR)
        if completed.returncode != 0:
            raise PeerUnavailable(f"minisearch: node failed: {completed.stderr.strip()[-500:]}")
        output = json.loads(completed.stdout)
        self.node_figures = {key: output[key] for key in (
            "build_seconds", "index_bytes", "rss_start_bytes", "rss_after_build_bytes", "peak_rss_bytes",
            "node_version", "minisearch_version")}
        self.answers = dict(zip(queries, output["results"]))
        return output["results"], output["latencies_ns"]

    def search(self, query: str, limit: int = 10) -> list[str]:
        return self.answers.get(query, [])[:limit]

    def own_process_figures(self) -> dict:
        """Build time, size and memory are node's own (memory above node's start)."""
        from bench.measure import memory_figures

        node = self.node_figures
        return {"build_seconds": node["build_seconds"], "index_bytes": node["index_bytes"],
                "memory": memory_figures(node["rss_start_bytes"], node["peak_rss_bytes"],
                                         node["rss_after_build_bytes"]),
                "build_stats": {"node": node["node_version"], "minisearch": node["minisearch_version"]}}


PEER = MiniSearchPeer
