"""The soak run. Properties checked:
1. Its requests are a seeded mix: searches, a share of suggestions for typed prefixes, half the queries
   respelled, so the server keeps meeting new words; the same seed gives the same requests.
2. Memory counts as flat only when no worker grows past the allowance after the warm-up.
3. End to end on the real `condsearch serve` with two workers: every request is paced, answered with a 200,
   no worker restarts, and each worker's memory is followed.
"""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from bench import soak
from bench.runner import default_shared_dir

QUERIES = ["acute lymphoblastic leukemia", "wilms tumour", "glioblastoma", "ALL", "neuroblastoma"]


def test_requests_are_a_seeded_mix_of_searches_suggestions_and_new_spellings():
    """1."""
    paths = soak.soak_paths(QUERIES, 2000)
    assert paths == soak.soak_paths(QUERIES, 2000) != soak.soak_paths(QUERIES, 2000, seed=1)
    suggestions = [unquote(p.split("=", 1)[1]) for p in paths if p.startswith("/api/suggest?q=")]
    searches = [unquote(p.split("=", 1)[1]) for p in paths if p.startswith("/api/search?q=")]
    assert len(suggestions) + len(searches) == 2000
    assert 0.25 < len(suggestions) / 2000 < 0.35
    assert all(len(prefix) >= 3 for prefix in suggestions)
    respelled = [query for query in searches if query not in QUERIES]
    respellable = [query for query in searches if query != "ALL"]  # a word of three letters is left alone
    assert 0.4 < len(respelled) / len(respellable) < 0.6 and "ALL" in searches
    assert len(set(respelled)) > 100, "the server must keep meeting spellings it has not seen"


def test_memory_is_flat_only_when_no_worker_grows_past_the_allowance_once_warm():
    """2. Growth while warming up (the first fifth) does not count; growth after it does."""
    mb = 2**20
    warming = [(t, 11, 0, (100 + 10 * t) * mb) for t in range(20)]  # +200 MB while warming up
    steady = [(t, 11, 0, 300 * mb) for t in range(20, 100)]
    leaking = [(t, 12, 0, (100 + t) * mb) for t in range(100)]  # +1 MB a second throughout
    assert soak.memory_trend(warming + steady, [11], 100)["flat"]
    trend = soak.memory_trend(warming + steady + leaking, [11, 12], 100)
    assert not trend["flat"] and trend["max_growth_mb"] == 79.0
    assert [worker["growth_mb"] for worker in trend["workers"]] == [0.0, 79.0]


@pytest.mark.skipif(not (Path(sys.executable).parent / "condsearch").exists(),
                    reason="the condsearch command is not installed beside this Python")
@pytest.mark.skipif(not (default_shared_dir() / "eval").is_dir(), reason="../shared/eval is not beside the repository")
def test_a_short_soak_of_the_real_server_is_answered_in_full(tmp_path):
    """3. Four seconds at 40 requests a second on the bundled corpus."""
    pytest.importorskip("psutil")
    figures = soak.soak_benchmark("bundled", shared_dir=default_shared_dir(), workdir=tmp_path, workers=2,
                                  rate=40, seconds=4, connections=4)
    assert "absent" not in figures, figures.get("absent")
    assert figures["requests"] == 160 and figures["errors"] == 0 and figures["error_kinds"] == []
    assert figures["suggest_requests"] > 0
    assert figures["seconds"] >= 3.9, "the requests are paced at the asked rate, not sent at once"
    assert figures["worker_restarts"] == 0
    assert len(figures["memory"]["workers"]) == 2
    assert all(worker["end_uss_mb"] > 0 for worker in figures["memory"]["workers"])
