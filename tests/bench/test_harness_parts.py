"""Corpora, measurements and the report.

1. The synthetic corpus keeps copy 0 as it is and makes nine ciphered copies, deterministically.
2. The cipher maps vowels to vowels and consonants to consonants, keeping case and word shape.
3. Percentiles are nearest-rank; repeats fill the sample without blowing the time budget.
4. The report checks targets only against what was measured, and says "not measured" otherwise.
5. Every query file of a corpus gets its own accuracy table, every engine a row in it.
"""
from __future__ import annotations

from bench.corpora import letter_cipher, read_pages_jsonl, synthesize, write_pages_jsonl
from bench.measure import MAX_REPEATS, percentiles, plan_repeats
from bench.report import check_targets, write_report


def test_synthetic_corpus_is_ten_copies_with_unique_ids(pages):
    """Ten times the pages, ids unique, copy 0 untouched, same seed same copies."""
    grown = synthesize(pages, factor=10, seed=1)
    assert len(grown) == 10 * len(pages)
    assert len({page.id for page in grown}) == len(grown)
    assert grown[:len(pages)] == pages
    assert synthesize(pages, factor=10, seed=1) == grown
    assert synthesize(pages, factor=10, seed=2) != grown


def test_cipher_keeps_the_shape_of_words():
    """Vowels stay vowels, consonants stay consonants, capitals stay capitals, the rest is untouched."""
    text = "Wilms' Tumour-2"
    ciphered = text.translate(letter_cipher(5))
    assert len(ciphered) == len(text)
    for before, after in zip(text, ciphered):
        if before.isalpha():
            assert (before.lower() in "aeiou") == (after.lower() in "aeiou")
            assert before.isupper() == after.isupper()
        else:
            assert before == after


def test_pages_survive_the_jsonl_round_trip(pages, tmp_path):
    """Peers read exactly the pages the corpus loader produced."""
    path = tmp_path / "pages.jsonl"
    write_pages_jsonl(pages, path)
    assert read_pages_jsonl(path) == pages


def test_percentiles_are_nearest_rank():
    """p50 of 1..100 ms is 50 ms, p99 is 99 ms."""
    figures = percentiles([value * 1_000_000 for value in range(1, 101)])
    assert (figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]) == (50.0, 95.0, 99.0)
    assert figures["samples"] == 100


def test_repeats_fill_the_sample_within_the_budget():
    """A fast engine gets enough passes for a stable p99; a slow one gets a single pass."""
    assert plan_repeats(100, 0.01) == MAX_REPEATS
    assert plan_repeats(500, 0.01) == 2
    assert plan_repeats(400, 500.0) == 1


def _record(top1, p99, kinds=None):
    kinds = kinds or {"typo": top1}
    return {"accuracy": {"overall": {"top1": top1, "recall@5": top1, "mrr@10": top1, "queries": 10},
                         "by_kind": {k: {"top1": v, "recall@5": v, "mrr@10": v} for k, v in kinds.items()}, "none_empty_rate": None,
                         "misses": []},
            "latency": {"p50_ms": p99 / 2, "p95_ms": p99, "p99_ms": p99, "samples": 10},
            "build_seconds": 1.0, "index_bytes": None,
            "memory": {"peak_over_baseline_mb": 1.0, "resident_over_baseline_mb": 1.0}, "settings": "s"}


def test_targets_compare_condsearch_with_the_measured_peers(tmp_path):
    """A lost kind is named; unmeasured targets are not counted as met; the report renders."""
    results = {"corpora": {"bundled": {
        "description": "d", "corpus": {"page_count": 6, "name_count": 9},
        "queries": {"path": "shared/eval/q.tsv", "description": "q", "kinds": {"typo": 5, "acronym": 5}},
        "mode": "quick",
        "engines": {"condsearch": _record(0.9, 2.0, {"typo": 1.0, "acronym": 0.8}),
                    "whoosh": _record(0.8, 50.0, {"typo": 0.6, "acronym": 1.0}),
                    "tantivy": {"absent": "tantivy is not installed"}}}}}
    rows = {target: (figure, verdict) for target, figure, verdict in check_targets(results)}
    figure, verdict = rows["bundled: top-1 ≥ every peer's on every kind"]
    assert "acronym < whoosh" in figure and verdict == "**MISSED**"
    assert rows["bundled: p99 ≤ whoosh's"][1] == "met"
    assert rows["do-union: top-1 vs peers"] == ("not measured", "—")
    text = write_report(results, tmp_path).read_text(encoding="utf-8")
    assert "ABSENT: tantivy is not installed" in text


def test_report_shows_every_engine_on_every_query_file_of_a_corpus(tmp_path):
    """The real-queries file is a table of its own beside the corpus's file, with each engine's figures."""
    def with_other(record, top1):
        other = _record(top1, 9.0, {"q-en": top1})
        return {**record, "other_accuracy": {"real.tsv": other["accuracy"]},
                "other_latency": {"real.tsv": other["latency"]}}

    results = {"corpora": {"bundled": {
        "description": "d", "corpus": {"page_count": 6, "name_count": 9}, "mode": "full",
        "queries": {"path": "shared/eval/dev.tsv", "description": "dev file", "kinds": {"typo": 5}},
        "other_queries": {"real.tsv": {"path": "shared/eval/real.tsv", "description": "real file",
                                       "kinds": {"q-en": 3}}},
        "engines": {"condsearch": with_other(_record(0.9, 2.0), 0.5),
                    "typesense": with_other(_record(0.8, 3.0), 0.25)}}}}
    text = write_report(results, tmp_path).read_text(encoding="utf-8")
    real_table = text.split("### Accuracy (real file)")[1].split("###")[0]
    assert "| condsearch | 50.0 | 50.0 | 50.0 | — | 50.0 | 4.50 / 9.00 |" in real_table
    assert "| typesense | 25.0 | 25.0 | 25.0 | — | 25.0 | 4.50 / 9.00 |" in real_table
    assert "|  |  |  |  | real file | q-en 3 |" in text  # listed with the corpus's query files


def test_the_command_list_drops_commands_whose_figures_a_later_run_replaced(monkeypatch):
    """RESULTS.md lists the commands its figures come from: a new http run on a corpus replaces that
    corpus's figures, so the earlier http command for it leaves the list; other corpora's stay."""
    import sys

    from bench.__main__ import record_run

    results = {"runs": [
        {"section": "http", "command": "python -m bench http --corpus do-union --requests 2000",
         "corpus": "do-union"},
        {"section": "http", "command": "python -m bench http --corpus do-subtree", "corpus": "do-subtree"},
        {"section": "run", "command": "python -m bench run"},
    ]}
    monkeypatch.setattr(sys, "argv", ["bench", "http", "--corpus", "do-union", "--requests", "6000"])
    record_run(results, "http", "do-union")
    assert [run["command"] for run in results["runs"]] == [
        "python -m bench http --corpus do-subtree", "python -m bench run",
        "python -m bench http --corpus do-union --requests 6000"]


def test_the_committed_results_name_no_folder_of_this_machine():
    """bench/results.json is committed: the repository's and the shared data's folders are written relative."""
    import json

    from bench.__main__ import BENCH_DIR, without_machine_paths

    repository = BENCH_DIR.resolve().parent
    record = {"pages_jsonl": str(repository / "bench" / ".work" / "b.jsonl"),
              "source_paths": [str(repository.parent / "shared" / "data" / "x.obo")]}
    text = without_machine_paths(json.dumps(record))
    assert str(repository) not in text
    assert json.loads(text) == {"pages_jsonl": "./bench/.work/b.jsonl", "source_paths": ["../shared/data/x.obo"]}
    assert str(repository) not in (BENCH_DIR / "results.json").read_text(encoding="utf-8")
