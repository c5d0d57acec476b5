"""JSONL pages.

1. Every reader's pages round-trip through JSONL unchanged.
2. A line that is not a page is an error naming file and line; the other lines still load.
"""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, strategies as st

from corpus import CorpusError, Name, Page, Section, load_corpus
from corpus.jsonl import parse_jsonl, read_jsonl, write_jsonl


def round_trip(pages: list[Page]) -> list[Page]:
    stream = io.StringIO()
    write_jsonl(pages, stream)
    results = list(parse_jsonl(stream.getvalue(), file="pages.jsonl"))
    assert not [result for result in results if isinstance(result, CorpusError)]
    return results


@pytest.mark.parametrize("folder", ["markdown", "scraped", "obo/mini.obo"])
def test_every_reader_round_trips_through_jsonl(fixtures_dir, folder):
    pages = load_corpus([fixtures_dir / folder]).pages
    assert pages
    assert round_trip(pages) == pages


def test_seed_page_round_trips_through_jsonl(shared_dir):
    pages = load_corpus([shared_dir / "corpus-spec"]).pages
    assert [page.title for page in pages] == ["Acute Lymphoblastic Leukemia"]
    assert round_trip(pages) == pages


def test_jsonl_keeps_accents_readable(fixtures_dir):
    stream = io.StringIO()
    write_jsonl(load_corpus([fixtures_dir / "markdown"]).pages, stream)
    assert "neuroblastome" in stream.getvalue()
    assert all(list(json.loads(line)) == ["id", "title", "names", "summary", "sections", "url", "references",
                                          "broader", "narrower", "xrefs", "source"]
               for line in stream.getvalue().splitlines())


def test_page_read_from_jsonl_has_that_file_and_line_as_source(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text('{"id": "a", "title": "A"}\n\n{"id": "b", "title": "B"}\n', encoding="utf-8")
    assert [str(page.source) for page in read_jsonl(path)] == [f"{path}:1", f"{path}:3"]


def test_bad_lines_are_errors_and_good_lines_still_load(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join([
        '{"id": "a", "title": "A"}',
        '["a list", "is not a page"]',
        '{"id": "b", "title": "B"',
        '{"id": "c"}',
        '{"id": "d", "title": "D", "names": [{"text": "dd", "kind": "slang"}]}',
        '{"id": "e", "title": "E"}',
    ]), encoding="utf-8")
    results = list(read_jsonl(path))
    assert [result.id for result in results if isinstance(result, Page)] == ["a", "e"]
    errors = [result for result in results if isinstance(result, CorpusError)]
    assert [(error.file, error.line) for error in errors] == [(str(path), 2), (str(path), 3),
                                                               (str(path), 4), (str(path), 5)]
    assert "JSON object" in errors[0].reason and "not JSON" in errors[1].reason
    assert "no title" in errors[2].reason and "slang" in errors[3].reason


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
words = text.map(str.strip).filter(bool)
page_ids = st.from_regex(r"[a-z0-9][a-zA-Z0-9:_.-]{0,20}", fullmatch=True)
pages = st.builds(
    Page, id=page_ids, title=words,
    names=st.lists(st.builds(Name, text=words, kind=st.sampled_from(["synonym", "acronym", "variant", "lay",
                                                                     "related", "narrower"]),
                             lang=st.sampled_from([None, "fr", "nl", "de"])), max_size=4).map(tuple),
    summary=text.map(str.strip), sections=st.lists(st.builds(Section, heading=words, text=text.map(str.strip)),
                                                   max_size=3).map(tuple),
    url=st.none() | words,
    broader=st.lists(page_ids, max_size=3).map(tuple), narrower=st.lists(page_ids, max_size=3).map(tuple),
    xrefs=st.lists(st.from_regex(r"[A-Z]{2,6}:[0-9]{1,8}", fullmatch=True), max_size=3).map(tuple))


@given(page=pages)
def test_any_page_round_trips_through_jsonl(page):
    """Whatever the text (quotes, line ends, accents, emoji), a page comes back equal."""
    assert round_trip([page]) == [page]
