"""`condsearch corpus check` and `condsearch corpus export`, run through the root `condsearch` group.

1. check lists every problem on stderr, each with file and line, and exits non-zero; zero problems: 0.
2. export writes one JSON page per line on stdout, skips bad pages with a warning on stderr and keeps
   every good page.
3. --obo-root keeps one subtree of the ontology, its prefix written in any case.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import cli


@pytest.fixture
def broken_folder(fixtures_dir, tmp_path) -> Path:
    """A folder with two good Markdown pages, one page with no title and one scraped page that is empty."""
    folder = tmp_path / "pages"
    shutil.copytree(fixtures_dir / "markdown", folder)
    (folder / "untitled.md").write_text("---\nid: untitled\n---\nNo title anywhere.\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_lists_every_problem_and_exits_non_zero(broken_folder):
    result = run("corpus", "check", str(broken_folder))
    assert result.exit_code == 1
    problems = result.stderr.splitlines()
    assert problems == [f"error: {broken_folder / 'empty.txt'}:1: page has no title: the file is empty",
                        f"error: {broken_folder / 'untitled.md'}:1: page has no title: add 'title: ...' "
                        f"to the front matter"]
    assert "2 pages, 2 problems" in result.stdout


def test_check_of_good_pages_exits_zero(fixtures_dir):
    result = run("corpus", "check", str(fixtures_dir / "markdown"), str(fixtures_dir / "scraped"))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "4 pages, 0 problems" in result.stdout


def test_export_skips_the_broken_page_with_a_warning_and_keeps_the_good_ones(broken_folder):
    result = run("corpus", "export", "--format", "jsonl", str(broken_folder))
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["neuroblastoma",
                                                                              "retinoblastoma"]
    assert "untitled.md:1" in result.stderr and "empty.txt:1" in result.stderr
    assert all(line.startswith("warning: skipped: ") for line in result.stderr.splitlines())


def test_export_of_mixed_paths_writes_every_page(fixtures_dir):
    result = run("corpus", "export", str(fixtures_dir / "obo" / "mini.obo"), str(fixtures_dir / "scraped"))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["id"] for record in records] == ["TEST:0001", "TEST:0002", "TEST:0003", "TEST:0005",
                                                    "TEST:0006", "chordoma", "wilms-tumour"]
    assert records[-1]["names"][0] == {"text": "Wilms tumor", "kind": "variant", "lang": None}


def test_export_with_obo_root_keeps_the_subtree(fixtures_dir):
    result = run("corpus", "export", "--obo-root", "TEST:0003", str(fixtures_dir / "obo" / "mini.obo"))
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["TEST:0003", "TEST:0006"]


def test_export_output_reads_back_as_the_same_pages(fixtures_dir, tmp_path):
    exported = tmp_path / "pages.jsonl"
    exported.write_text(run("corpus", "export", str(fixtures_dir)).stdout, encoding="utf-8")
    again = run("corpus", "export", str(exported)).stdout
    strip_source = lambda text: [{**json.loads(line), "source": None} for line in text.splitlines()]
    assert strip_source(again) == strip_source(exported.read_text(encoding="utf-8"))


def test_check_of_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    result = run("corpus", "check", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_check_with_an_unknown_obo_root_fails(fixtures_dir):
    result = run("corpus", "check", "--obo-root", "TEST:9999", str(fixtures_dir / "obo" / "mini.obo"))
    assert result.exit_code == 1
    assert "TEST:9999 is not a live term" in result.stderr


@pytest.mark.parametrize("root", ["test:0003", "Test:0003", "TEST:0003"])
def test_obo_root_accepts_any_case_of_the_prefix(fixtures_dir, root):
    result = run("corpus", "export", "--obo-root", root, str(fixtures_dir / "obo" / "mini.obo"))
    exported = run("corpus", "export", "--obo-root", "TEST:0003", str(fixtures_dir / "obo" / "mini.obo"))
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == exported.stdout and '"TEST:0003"' in result.stdout


def test_obo_root_compares_the_part_after_the_prefix_exactly(fixtures_dir):
    result = run("corpus", "check", "--obo-root", "test:0003x", str(fixtures_dir / "obo" / "mini.obo"))
    assert result.exit_code == 1 and "test:0003x is not a live term" in result.stderr
