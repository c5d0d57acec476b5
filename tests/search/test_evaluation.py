"""How `condsearch eval` judges an answer when the corpus has overview pages.

1. A broad query (several right pages, or a group) answered by the overview page whose members include
   every right page counts as right, at that rank; members of members count.
2. An overview that holds only some of the right pages, or a query with one right page, is not helped.
3. `condsearch eval` reads the members from the index it measures.
"""
from __future__ import annotations

import json

from click.testing import CliRunner

from corpus.cli import cli
from indexer import ensure_index
from search.evaluation import EvalQuery, evaluate

NARROWER = {"blood-cancer": ["leukemia", "myeloma"], "leukemia": ["all", "aml"], "skin-cancer": ["melanoma"]}
GROUPS = {"leukemia": frozenset({"all", "aml"}), "blood": frozenset({"all", "aml", "myeloma"})}


def top1(expected: str, returned: list[str]) -> float:
    query = EvalQuery("a query", tuple(expected.split("|")), "synonym", 2)
    report = evaluate(lambda text: returned, [query], GROUPS, narrower_of=lambda page_id: NARROWER.get(page_id, ()))
    return report.overall.rates()["top1"]


def test_a_broad_query_answered_by_its_overview_page_is_right():
    assert top1("all|aml", ["leukemia", "all"]) == 1.0
    assert top1("group:leukemia", ["leukemia"]) == 1.0


def test_members_of_members_count():
    assert top1("group:blood", ["blood-cancer", "leukemia"]) == 1.0


def test_an_overview_missing_some_right_pages_is_not_right():
    assert top1("group:blood", ["leukemia", "all"]) == 0.0
    assert top1("melanoma|basal-cell", ["skin-cancer", "melanoma"]) == 0.0


def test_a_query_for_one_page_is_not_answered_by_its_overview():
    assert top1("all", ["leukemia", "all"]) == 0.0


def test_without_the_pages_members_only_the_pages_listed_count():
    query = EvalQuery("leukaemia", ("all", "aml"), "synonym", 2)
    assert evaluate(lambda text: ["leukemia"], [query]).overall.rates()["top1"] == 0.0


def test_condsearch_eval_reads_the_members_from_the_index(tmp_path):
    pages = [{"id": "skin-cancer", "title": "Skin Cancer", "narrower": ["melanoma", "basal-cell-carcinoma"]},
             {"id": "melanoma", "title": "Melanoma", "summary": "A cancer of the cells that colour the skin."},
             {"id": "basal-cell-carcinoma", "title": "Basal Cell Carcinoma"}]
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text("".join(json.dumps(page) + "\n" for page in pages), encoding="utf-8")
    ensure_index(tmp_path / "index", corpus_paths=[corpus])
    queries = tmp_path / "q.tsv"
    queries.write_text("query\texpected\tkind\nskin cancer\tmelanoma|basal-cell-carcinoma\tsynonym\n"
                       "skin cancer\tmelanoma\tsynonym\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(queries), "--index", str(tmp_path / "index"), "--json"])
    report = json.loads(result.output)
    assert report["overall"]["top1"] == 0.5
    assert [(miss["expected"], miss["returned"][0]) for miss in report["misses"]] == [("melanoma", "skin-cancer")]
