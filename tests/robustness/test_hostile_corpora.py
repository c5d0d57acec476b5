"""Hostile corpora: a damaged or hostile corpus costs its bad pages, never the load or the build.
Properties checked:
1. Front matter, or a JSONL line, nested hundreds of levels deep is one bad page named by file and line;
   the other pages load and index.
2. A page's text and its names are held to caps (corpus.loader: MAX_PAGE_TEXT_CHARS, MAX_NAMES_PER_PAGE):
   the page is kept, cut, with a warning naming its file.
3. A subfolder that cannot be read is reported by name, not skipped in silence.
"""
from __future__ import annotations

import ctypes
import json
import os
from pathlib import Path

import pytest

from corpus import load_corpus
from corpus.loader import MAX_NAMES_PER_PAGE, MAX_PAGE_TEXT_CHARS
from indexer import ensure_index

DEPTH = 500
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2  # from <linux/prctl.h>, <linux/capability.h>


def good_page(folder: Path, page_id: str = "good") -> None:
    (folder / f"{page_id}.md").write_text(f"---\ntitle: Good {page_id}\n---\nA page that loads.\n",
                                          encoding="utf-8")


@pytest.mark.parametrize("front", [
    "names: " + "[" * DEPTH + "]" * DEPTH + "\n",
    "names:\n" + "".join("  " * level + "- \n" for level in range(1, DEPTH)),
    "names: " + "{a: " * DEPTH + "b" + "}" * DEPTH + "\n",
])
def test_front_matter_nested_500_deep_is_one_bad_page_and_the_rest_index(tmp_path, front):
    corpus_dir = tmp_path / "pages"
    corpus_dir.mkdir()
    good_page(corpus_dir)
    (corpus_dir / "deep.md").write_text(f"---\ntitle: Deep\n{front}---\nText.\n", encoding="utf-8")
    warnings = []
    report = ensure_index(tmp_path / "index", corpus_paths=[corpus_dir], warn=warnings.append)
    assert report.page_count == 1
    assert warnings == [f"{corpus_dir / 'deep.md'}:2: malformed front matter: values nested too deeply "
                        f"(a page's keys hold texts and lists of texts)"]


def test_a_jsonl_line_nested_deeply_is_one_bad_page(tmp_path):
    path = tmp_path / "pages.jsonl"
    deep = {"id": "deep", "title": "Deep", "names": "[" * 100_000 + "]" * 100_000}
    path.write_text(json.dumps({"id": "a", "title": "A"}) + "\n"
                    + json.dumps(deep).replace('"' + deep["names"] + '"', deep["names"]) + "\n",
                    encoding="utf-8")
    corpus = load_corpus([path])
    assert [page.id for page in corpus.pages] == ["a"]
    assert [(error.file, error.line) for error in corpus.errors] == [(str(path), 2)]
    assert "nested too deeply" in corpus.errors[0].reason


def test_a_page_over_the_text_cap_is_cut_with_a_warning_naming_its_file(tmp_path):
    path = tmp_path / "huge.jsonl"
    sections = [{"heading": f"Part {number}", "text": "lorem ipsum " * 10_000} for number in range(30)]
    path.write_text(json.dumps({"id": "huge", "title": "Huge", "summary": "A huge page.",
                                "sections": sections}) + "\n", encoding="utf-8")
    corpus = load_corpus([path])
    [page] = corpus.pages
    text = len(page.summary) + sum(len(section.text) for section in page.sections)
    assert text == MAX_PAGE_TEXT_CHARS and page.sections[0].heading == "Part 0"
    [warning] = corpus.errors
    assert warning.file == str(path) and f"only the first {MAX_PAGE_TEXT_CHARS} are kept" in warning.reason


def test_a_page_over_the_names_cap_keeps_its_first_names_with_a_warning(tmp_path):
    path = tmp_path / "many.jsonl"
    names = [f"name number {number}" for number in range(MAX_NAMES_PER_PAGE + 500)]
    path.write_text(json.dumps({"id": "many", "title": "Many", "names": names}) + "\n", encoding="utf-8")
    corpus = load_corpus([path])
    [page] = corpus.pages
    assert [name.text for name in page.names] == names[:MAX_NAMES_PER_PAGE]
    [warning] = corpus.errors
    assert warning.file == str(path) and f"{MAX_NAMES_PER_PAGE + 500} names" in warning.reason


def without_permission_override() -> None:
    """Run in the child before exec: as root, drop the capabilities that let root read any folder (Linux
    prctl PR_CAPBSET_DROP), so that root too is held to a folder's modes."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_an_unreadable_subfolder_is_reported_by_name(tmp_path, run_condsearch):
    corpus_dir = tmp_path / "pages"
    (corpus_dir / "locked").mkdir(parents=True)
    good_page(corpus_dir)
    good_page(corpus_dir / "locked", "hidden-away")
    (corpus_dir / "locked").chmod(0)
    try:
        result = run_condsearch("corpus", "check", corpus_dir, preexec_fn=without_permission_override)
    finally:
        (corpus_dir / "locked").chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.decode() == f"error: {corpus_dir / 'locked'}: folder not read: Permission denied\n"
    assert result.stdout.decode() == "1 pages, 1 problem\n"
