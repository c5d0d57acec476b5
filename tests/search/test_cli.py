"""`condsearch search` and `condsearch eval`, run as a user runs them."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from search import limits

DEV_QUERIES = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev-queries.tsv"
OUR_QUERIES = Path(__file__).parent / "data" / "bundled-queries.tsv"
SPEC = Path(__file__).resolve().parents[3] / "shared" / "corpus-spec" / "conditions.tsv"


def run(*args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


def test_search_prints_titles_explanations_and_the_correction(near_miss_index):
    result = run("search", "--index", near_miss_index, "nuroblastoma")
    assert result.exit_code == 0
    assert "Showing results for 'neuroblastoma' (you typed 'nuroblastoma')" in result.output
    assert " 1. Neuroblastoma  [neuroblastoma]  typo" in result.output


def test_search_says_so_when_nothing_matches_and_exits_1_as_grep_does(near_miss_index):
    result = run("search", "--index", near_miss_index, "asdfghjkl")
    assert result.exit_code == 1 and "No condition page matches 'asdfghjkl'." in result.output
    as_json = run("search", "--index", near_miss_index, "--json", "asdfghjkl")
    assert as_json.exit_code == 1 and json.loads(as_json.output)["results"] == []


def test_search_says_how_many_results_were_not_shown(near_miss_index):
    total = json.loads(run("search", "--index", near_miss_index, "--json", "--limit", "2", "cancer").output)["total"]
    assert total > 2
    result = run("search", "--index", near_miss_index, "--limit", "2", "cancer")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == f"2 of {total} results; --limit {total} to see them all."
    shown_all = run("search", "--index", near_miss_index, "--limit", limits.MAX_RESULTS, "cancer")
    assert " results" not in shown_all.output.splitlines()[-1]


def test_a_batch_exits_0_even_when_a_query_found_nothing(near_miss_index):
    result = run("search", "--index", near_miss_index, "--batch", "-", input="asdfghjkl\nzzxqv kkwpt\n")
    assert result.exit_code == 0 and result.output.count("No condition page matches") == 2


def test_search_json_has_the_documented_shape(near_miss_index):
    result = run("search", "--index", near_miss_index, "--json", "--limit", "2", "caposi sarcoma")
    answer = json.loads(result.output)
    assert answer["query"] == "caposi sarcoma" and answer["suggestion"] == "kaposi sarcoma"
    first = answer["results"][0]
    assert {"id", "title", "score", "match", "explanation"} <= set(first)
    assert (first["id"], first["match"]) == ("kaposi-sarcoma", "typo")
    assert len(answer["results"]) <= 2


def test_batch_reads_a_tsv_or_stdin_and_answers_in_order(near_miss_index, tmp_path):
    tsv = tmp_path / "q.tsv"
    tsv.write_text("query\texpected\nALL\tx\nwomb cancer\ty\n\nasdfghjkl\tNONE\n", encoding="utf-8")
    lines = run("search", "--index", near_miss_index, "--json", "--batch", tsv).output.splitlines()
    answers = [json.loads(line) for line in lines]
    assert [a["query"] for a in answers] == ["ALL", "womb cancer", "asdfghjkl"]
    assert answers[0]["results"][0]["id"] == "acute-lymphoblastic-leukemia" and answers[2]["results"] == []
    from_stdin = run("search", "--index", near_miss_index, "--json", "--batch", "-", input="AML\nHautkrebs\n")
    assert [json.loads(l)["results"][0]["id"] for l in from_stdin.output.splitlines()] == [
        "acute-myeloid-leukemia", "melanoma"]


@pytest.mark.parametrize("name, says", [("no-such-queries.txt", "does not exist"), (".", "is a directory")])
def test_a_batch_file_that_cannot_be_read_is_a_clear_error_naming_it(near_miss_index, tmp_path, name, says):
    path = tmp_path / name
    result = run("search", "--index", near_miss_index, "--batch", path)
    assert result.exit_code == 2 and result.output.startswith("Usage:")
    assert f"'{path}' {says}" in result.output


def test_search_needs_a_query_or_a_batch(near_miss_index):
    result = run("search", "--index", near_miss_index)
    assert result.exit_code == 2 and "QUERY or --batch" in result.output


def test_search_without_an_index_builds_the_bundled_one_first_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = run("search", "leukaemia")
    assert result.exit_code == 0
    assert "indexing the bundled corpus first" in result.output
    assert (tmp_path / "data" / "condsearch" / "index" / "CURRENT").exists()


def test_eval_reports_figures_per_kind_and_lists_misses(near_miss_index, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text("query\texpected\tkind\nnuroblastoma\tneuroblastoma\ttypo\n"
                       "melanoma\twrong-page\texact\nasdfghjkl\tNONE\tnoresult\n", encoding="utf-8")
    result = run("eval", queries, "--index", near_miss_index)
    assert result.exit_code == 0
    assert "miss (exact, not found): 'melanoma' wanted wrong-page, got melanoma" in result.output
    overall = [line for line in result.output.splitlines() if line.startswith("overall")][0].split()
    assert overall[1:] == ["3", "0.667", "0.667", "0.667"]
    assert "NONE queries answered with no result: 1/1" in result.output


def test_eval_names_a_bad_line(near_miss_index, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text("query\texpected\nonly-a-query\n", encoding="utf-8")
    result = run("eval", queries, "--index", near_miss_index)
    assert result.exit_code == 1 and "q.tsv:2" in result.output


def test_eval_prints_control_characters_of_queries_and_pages_as_replacement_marks(tmp_path, pages_file):
    """A query file or a page id holding an escape sequence or a BEL never reaches the terminal as one."""
    from indexer import ensure_index
    with pages_file.open("a", encoding="utf-8") as pages:
        pages.write(json.dumps({"id": "bell\x07glioma", "title": "Bell Glioma"}) + "\n")
    ensure_index(tmp_path / "ix", corpus_paths=[pages_file])
    queries = tmp_path / "q.tsv"
    queries.write_text("query\texpected\tkind\nbell glioma\twrong\x1b[2Jpage\tex\x1b]0;pwned\x07act\n"
                       "melan\x1b[31moma\tmelanoma\texact\n", encoding="utf-8")
    result = run("eval", queries, "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert ("miss (ex\ufffd]0;pwned\ufffdact, not found): 'bell glioma' wanted wrong\ufffd[2Jpage, "
            "got bell\ufffdglioma") in result.output
    assert "miss (exact, not found): 'melan\\x1b[31moma' wanted melanoma" in result.output
    assert "ex\ufffd]0;pwned\ufffdact" in [line.split()[0] for line in result.output.splitlines()]


@pytest.mark.skipif(not DEV_QUERIES.exists(), reason="../shared/eval is not beside the repository")
@pytest.mark.parametrize("queries", [DEV_QUERIES, OUR_QUERIES], ids=["dev", "ours"])
def test_relevance_bar_on_the_bundled_corpus(bundled_index, queries):
    """The bar of the engine: top-1 >= 0.95, recall@5 >= 0.98, and no result for every NONE query."""
    result = run("eval", queries, "--corpus-spec", SPEC, "--index", bundled_index, "--json")
    report = json.loads(result.output)
    assert report["overall"]["top1"] >= 0.95, report["misses"]
    assert report["overall"]["recall@5"] >= 0.98, report["misses"]
    assert report["none_empty_rate"] == 1.0


def _age_the_analysis(index_dir):
    from indexer.build import current_generation
    meta_path = current_generation(index_dir) / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["analysis_version"] = "0-older"
    meta_path.write_text(json.dumps(meta))


def test_an_index_of_another_version_is_rebuilt_when_it_holds_the_bundled_corpus(tmp_path):
    from indexer import ensure_index
    ensure_index(tmp_path / "ix")
    _age_the_analysis(tmp_path / "ix")
    result = run("search", "--index", tmp_path / "ix", "leukaemia")
    assert result.exit_code == 0 and "Rebuilding it from the bundled corpus" in result.output
    assert "Leukemia" in result.output


def test_an_index_of_another_version_from_an_operators_corpus_gets_a_clear_error(tmp_path, pages_file):
    from indexer import ensure_index
    ensure_index(tmp_path / "ix", corpus_paths=[pages_file])
    _age_the_analysis(tmp_path / "ix")
    result = run("search", "--index", tmp_path / "ix", "melanoma")
    assert result.exit_code == 2 and "condsearch index" in result.output and "analysis version" in result.output


def test_a_batch_line_that_cannot_be_read_exits_2_naming_file_and_line(near_miss_index, tmp_path):
    batch = tmp_path / "queries.txt"
    batch.write_bytes(b"melanoma\nleuk\xffemia\n")
    result = run("search", "--index", near_miss_index, "--batch", batch)
    assert result.exit_code == 2 and f"{batch}:2: the line is not UTF-8" in result.output
