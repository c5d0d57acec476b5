"""What `condsearch serve` says about an index built from someone's own pages, served without --corpus.

1. When none of the index's files changed since it was built, it is served with no advice to re-index.
2. When one changed or is gone, the message names it and advises --corpus.
"""
from __future__ import annotations

import os
import time

from click.testing import CliRunner

from corpus.cli import cli
from indexer import ensure_index

from tests.conftest import near_miss_pages, write_jsonl


def serve_output(index_dir) -> str:
    # An address that cannot be used ends the run right after the index is prepared.
    return CliRunner().invoke(cli, ["serve", "--index", str(index_dir), "--host", "256.0.0.1"]).output


def test_serve_gives_no_advice_when_the_index_is_current(tmp_path):
    pages = write_jsonl(near_miss_pages(), tmp_path / "pages.jsonl")
    ensure_index(tmp_path / "index", corpus_paths=[pages])
    output = serve_output(tmp_path / "index")
    assert "15 pages from" in output and "served as it is (its files are unchanged since it was built)" in output
    assert "--corpus" not in output


def test_serve_advises_corpus_when_a_file_changed_or_is_gone(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    pages = write_jsonl(near_miss_pages(), folder / "pages.jsonl")
    ensure_index(tmp_path / "index", corpus_paths=[folder])
    later = time.time() + 120  # as if edited two minutes after the build
    os.utime(pages, (later, later))
    assert f"{folder} changed since it was indexed: give --corpus to index it again" in serve_output(tmp_path / "index")
    pages.unlink()
    folder.rmdir()
    assert "give --corpus to index it again" in serve_output(tmp_path / "index")
