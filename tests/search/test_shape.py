"""The shape of the query path, as the README promises it: 1. the README's ranking rules are RANKING_RULES,
in order; 2. no module of search/ is over MAX_MODULE_LINES lines; 3. search/ never imports the index writer
(indexer/build.py); 4. the pipeline names every stage module."""
import re
from pathlib import Path

from search.stages.rank import RANKING_RULES

ROOT = Path(__file__).resolve().parents[2]
SEARCH = ROOT / "search"
MAX_MODULE_LINES = 300


def test_the_readme_lists_the_ranking_rules_of_the_code_in_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^  \| (\d+) \| `(\w+)` \| (.+) \|$", readme, re.M)
    assert [(int(n), rule, why) for n, rule, why in listed] == [
        (number, rule.id, rule.why) for number, rule in enumerate(RANKING_RULES, 1)]


def test_no_module_of_the_query_path_is_long():
    long = {path.name: n for path in SEARCH.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long


def test_the_query_path_never_imports_the_index_writer():
    writers = [path.name for path in SEARCH.rglob("*.py")
               if re.search(r"indexer\.build|from indexer import .*build", path.read_text(encoding="utf-8"))]
    assert not writers


def test_the_pipeline_runs_every_stage_module():
    pipeline = (SEARCH / "pipeline.py").read_text(encoding="utf-8")
    # explain runs per hit shown (the searcher); naming, prune and reach are parts of match_names
    stages = {path.stem for path in (SEARCH / "stages").glob("*.py")} - {"__init__", "explain", "naming", "prune", "reach"}
    assert all(f"search.stages.{stage} import" in pipeline for stage in stages)
