"""Broader and narrower pages.

1. A page names the pages it is a kind of (`broader`) or the kinds of it (`narrower`), in front matter or
   JSONL; the loader gives every page both directions.
2. An unknown id and a cycle are errors naming the file and the line that wrote them; the pages load.
3. OBO `is_a` parents are broader pages (those loaded); their children are the narrower pages.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import load_corpus
from corpus.jsonl import read_jsonl


def write_page(folder: Path, page_id: str, front: str = "") -> Path:
    path = folder / f"{page_id}.md"
    path.write_text(f"---\ntitle: {page_id.title()}\n{front}---\nAbout {page_id}.\n", encoding="utf-8")
    return path


def pages_of(folder: Path):
    corpus = load_corpus([folder])
    return {page.id: page for page in corpus.pages}, corpus.errors


def test_a_page_listed_as_narrower_gets_the_overview_among_its_broader_pages(tmp_path):
    write_page(tmp_path, "leukaemia", "narrower: [all, aml]\n")
    write_page(tmp_path, "all")
    write_page(tmp_path, "aml", "broader: [blood-cancer]\n")
    write_page(tmp_path, "blood-cancer")
    pages, errors = pages_of(tmp_path)
    assert errors == []
    assert pages["all"].broader == ("leukaemia",)
    assert pages["aml"].broader == ("blood-cancer", "leukaemia")
    assert pages["blood-cancer"].narrower == ("aml",)
    assert pages["leukaemia"].narrower == ("all", "aml") and pages["leukaemia"].is_overview
    assert not pages["all"].is_overview


def test_an_unknown_id_is_an_error_on_the_line_that_names_it_and_the_page_still_loads(tmp_path):
    write_page(tmp_path, "lymphoma", "names: [lymphome]\nnarrower:\n  - hodgkin\n  - no-such-page\n")
    write_page(tmp_path, "hodgkin")
    pages, errors = pages_of(tmp_path)
    assert [str(error) for error in errors] == [
        f"{tmp_path / 'lymphoma.md'}:4: narrower 'no-such-page' is not the id of any page"]
    assert pages["lymphoma"].narrower == ("hodgkin",) and pages["hodgkin"].broader == ("lymphoma",)


@pytest.mark.parametrize("front", ["broader: [a]\n", "narrower: [a]\n"])
def test_a_page_cannot_be_a_kind_of_itself(tmp_path, front):
    write_page(tmp_path, "a", front)
    pages, [error] = pages_of(tmp_path)
    assert (Path(error.file).name, error.line) == ("a.md", 3)
    assert "cycle: a > a" in error.reason
    assert pages["a"].broader == pages["a"].narrower == ()


def test_a_cycle_through_several_pages_is_an_error_naming_the_path_and_the_rest_is_kept(tmp_path):
    write_page(tmp_path, "a", "narrower: [b]\n")
    write_page(tmp_path, "b", "narrower: [c]\n")
    write_page(tmp_path, "c", "narrower: [a]\n")
    pages, [error] = pages_of(tmp_path)
    assert Path(error.file).name == "c.md" and error.line == 3
    assert "cycle: a > b > c > a" in error.reason
    assert pages["a"].narrower == ("b",) and pages["c"].broader == ("b",) and pages["a"].broader == ()


def test_a_long_chain_of_pages_is_checked_without_exhausting_the_stack(tmp_path):
    lines = [json.dumps({"id": f"p{n}", "title": f"P {n}", "broader": [f"p{n - 1}"] if n else []})
             for n in range(5000)]
    (tmp_path / "chain.jsonl").write_text("\n".join(lines), encoding="utf-8")
    pages, errors = pages_of(tmp_path)
    assert errors == [] and pages["p0"].narrower == ("p1",) and pages["p4999"].broader == ("p4998",)


def test_jsonl_links_name_the_line_of_the_record(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text('{"id": "a", "title": "A"}\n{"id": "b", "title": "B", "broader": ["a", "zz"]}\n',
                    encoding="utf-8")
    pages, [error] = pages_of(tmp_path)
    assert (error.file, error.line) == (str(path), 2) and "broader 'zz'" in error.reason
    assert pages["a"].narrower == ("b",)


@pytest.mark.parametrize("front, reason", [
    ("broader: {a: b}\n", "broader must be a list"),
    ("narrower: [has space]\n", "must not contain spaces"),
    ("xrefs: [9256]\n", "xrefs[0] must be an ontology term id"),
])
def test_malformed_links_in_front_matter_are_errors_on_their_line(tmp_path, front, reason):
    write_page(tmp_path, "page", "names: [x]\n" + front)
    pages, [error] = pages_of(tmp_path)
    assert error.line == 4 and reason in error.reason and pages == {}


def test_links_and_xrefs_round_trip_through_jsonl(tmp_path):
    write_page(tmp_path, "lung-cancer", "narrower: [sclc]\nxrefs: [DOID:1324]\n")
    write_page(tmp_path, "sclc", "xrefs: [DOID:5409]\n")
    pages = load_corpus([tmp_path]).pages
    exported = tmp_path / "export" / "pages.jsonl"
    exported.parent.mkdir()
    exported.write_text("".join(json.dumps(page.to_dict()) + "\n" for page in pages), encoding="utf-8")
    assert list(read_jsonl(exported)) == pages
    assert pages[1].broader == ("lung-cancer",) and pages[1].xrefs == ("DOID:5409",)


def test_obo_is_a_parents_are_broader_pages_and_children_narrower(fixtures_dir):
    pages = {page.id: page for page in load_corpus([fixtures_dir / "obo" / "mini.obo"]).pages}
    assert pages["TEST:0003"].broader == ("TEST:0001", "TEST:0002")
    assert "TEST:0003" in pages["TEST:0002"].narrower
    assert pages["TEST:0001"].broader == ()


def test_an_obo_parent_above_the_root_kept_is_not_a_broader_page(fixtures_dir):
    corpus = load_corpus([fixtures_dir / "obo" / "mini.obo"], obo_root="TEST:0002")
    pages = {page.id: page for page in corpus.pages}
    assert corpus.errors == []
    assert pages["TEST:0002"].broader == () and pages["TEST:0003"].broader == ("TEST:0002",)
