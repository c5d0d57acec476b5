"""Building the index. Properties checked:
1. A build writes a complete generation and `CURRENT` names it; the index can be searched.
2. An unchanged corpus is not rebuilt; a changed corpus or analysis is, and the reason is said.
3. A build that fails leaves the previous index serving, untouched.
4. Leftovers of a killed build are cleared by the next build; old generations do not pile up.
"""
import json

import pytest

from indexer.build import (CURRENT_FILE, IndexBuildError, current_generation, ensure_index, read_meta)
from search import IndexMissing, Searcher


def test_a_build_writes_a_generation_that_current_names(tmp_path, pages_file):
    """1."""
    report = ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    assert report.rebuilt and report.reason == "no index yet" and report.page_count == 15
    generation = current_generation(tmp_path / "index")
    assert generation.name == (tmp_path / "index" / CURRENT_FILE).read_text().strip()
    assert read_meta(generation)["page_count"] == 15
    assert Searcher(tmp_path / "index").search("neuroblastoma")[0].id == "neuroblastoma"


def test_an_unchanged_corpus_is_not_rebuilt(tmp_path, pages_file):
    """2a."""
    first = ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    second = ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    assert not second.rebuilt and "up to date" in second.reason
    assert second.generation == first.generation


def test_a_changed_corpus_is_rebuilt_and_says_why(tmp_path, pages_file):
    """2b."""
    ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    with pages_file.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "new-page", "title": "Brand New Sarcoma"}) + "\n")
    report = ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    assert report.rebuilt and "corpus changed" in report.reason
    assert Searcher(tmp_path / "index").search("brand new sarcoma")[0].id == "new-page"


def test_an_index_from_another_analysis_version_is_rebuilt(tmp_path, pages_file):
    """2c."""
    ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    meta_path = current_generation(tmp_path / "index") / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["analysis_version"] = "0-old"
    meta_path.write_text(json.dumps(meta))
    report = ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    assert report.rebuilt and "analysis changed" in report.reason


def test_a_failed_build_leaves_the_previous_index_serving(tmp_path, pages_file):
    """3."""
    ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    before = current_generation(tmp_path / "index")
    searcher = Searcher(tmp_path / "index")
    (tmp_path / "synonyms.txt").write_text("kidney => renal => nephric\n", encoding="utf-8")
    pages_file.with_name("more.jsonl").write_text(json.dumps({"id": "x", "title": "Extra Page"}) + "\n")
    with pytest.raises(Exception) as error:
        ensure_index(tmp_path / "index", corpus_paths=[tmp_path])
    assert "synonyms.txt:1" in str(error.value)
    assert current_generation(tmp_path / "index") == before
    assert searcher.search("melanoma")[0].id == "melanoma"
    assert Searcher(tmp_path / "index").search("melanoma")[0].id == "melanoma"


def test_an_empty_corpus_is_refused_without_touching_the_index(tmp_path, pages_file):
    ensure_index(tmp_path / "index", corpus_paths=[pages_file])
    before = current_generation(tmp_path / "index")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(IndexBuildError, match="no page"):
        ensure_index(tmp_path / "index", corpus_paths=[empty])
    assert current_generation(tmp_path / "index") == before


def test_leftovers_of_a_killed_build_are_cleared_and_generations_do_not_pile_up(tmp_path, pages_file,
                                                                                 monkeypatch):
    """4. (retired generations are kept for a grace period for searchers still reading them: none here)"""
    from indexer import build
    monkeypatch.setattr(build, "RETIRED_GENERATION_GRACE_SECONDS", 0)
    index_dir = tmp_path / "index"
    ensure_index(index_dir, corpus_paths=[pages_file])
    (index_dir / ".building-killed").mkdir()
    for _ in range(3):
        ensure_index(index_dir, corpus_paths=[pages_file], force=True)
    assert not (index_dir / ".building-killed").exists()
    assert len([p for p in index_dir.iterdir() if p.name.startswith("gen-")]) == 2


def test_a_directory_without_an_index_is_reported_with_the_remedy(tmp_path):
    with pytest.raises(IndexMissing, match="condsearch index"):
        Searcher(tmp_path)
