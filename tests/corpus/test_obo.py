"""OBO 1.2 ontologies.

1. A live [Term] is a page: id as written, name as title, def without refs as summary; the refs that are
   web addresses (and PubMed ids) as references, the term's public address as url.
2. EXACT synonyms are synonyms (acronyms when typed OMO:0003012), the other scopes are related names.
3. Backslash escapes are resolved; obsolete terms and [Typedef] stanzas are left out.
4. --obo-root keeps a term and its is_a descendants, across several files, each term once.
5. On the real Disease Ontology, the cancer subtree matches a plainly correct independent count.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from corpus import CorpusError, Name, load_corpus
from corpus.obo import OboTerm, read_obo


@pytest.fixture
def mini_terms(fixtures_dir) -> dict[str, OboTerm]:
    results = list(read_obo(fixtures_dir / "obo" / "mini.obo"))
    assert all(isinstance(result, OboTerm) for result in results)
    return {term.page.id: term for term in results}


def test_term_becomes_a_page_with_id_title_and_definition(mini_terms):
    page = mini_terms["TEST:0002"].page
    assert (page.id, page.title) == ("TEST:0002", "cancer")
    assert page.summary == "A disease of cellular proliferation that is malignant."
    assert page.source.line == 11


def test_definition_refs_become_web_references_and_the_id_its_public_address(mini_terms):
    page = mini_terms["TEST:0003"].page
    assert page.references == ("http://example.org/all",)
    assert page.url == "http://purl.obolibrary.org/obo/TEST_0003"


def test_header_idspace_gives_the_terms_address_and_pmid_refs_link_to_pubmed():
    from corpus.obo import parse_obo

    text = ('format-version: 1.2\nidspace: XO https://example.org/xo/ "an ontology"\n\n[Term]\nid: XO:7\n'
            'name: thing\ndef: "A thing." [PMID:123, ls:IEDB, ISBN:0-07, url:https\\://example.org/a\\,b]\n')
    [term] = parse_obo(text, file="x.obo")
    assert term.page.url == "https://example.org/xo/7"
    assert term.page.references == ("https://pubmed.ncbi.nlm.nih.gov/123/", "https://example.org/a,b")


def test_synonym_scopes_and_types_give_the_name_kinds(mini_terms):
    assert mini_terms["TEST:0003"].page.names == (
        Name("ALL", "acronym"), Name("lymphoblastic leukaemia", "synonym"),
        Name("leukemia, lymphoid", "related"), Name('Leukemia of "B" type', "related"),
        Name("LL", "related"))


def test_escapes_are_resolved(mini_terms):
    assert mini_terms["TEST:0003"].page.summary == (
        'A leukemia of "lymphoblasts" in the bone marrow: the immature white cells.')


def test_obsolete_terms_and_typedefs_are_left_out(mini_terms):
    assert "TEST:0004" not in mini_terms
    assert "part_of" not in mini_terms
    assert len(mini_terms) == 5


def test_is_a_parents_are_kept_without_comments(mini_terms):
    assert mini_terms["TEST:0003"].parents == ("TEST:0002", "TEST:0001")


def test_obo_root_keeps_the_term_and_its_descendants(fixtures_dir):
    corpus = load_corpus([fixtures_dir / "obo" / "mini.obo"], obo_root="TEST:0002")
    assert [page.id for page in corpus.pages] == ["TEST:0002", "TEST:0003", "TEST:0006"]
    assert corpus.errors == []


def test_several_files_load_together_each_term_once(fixtures_dir):
    corpus = load_corpus([fixtures_dir / "obo"], obo_root="TEST:0003")
    ids = [page.id for page in corpus.pages]
    assert sorted(ids) == ["TEST:0003", "TEST:0006", "TEST:0007"]
    # The first file in sorted order wins: mini-update.obo comes before mini.obo.
    assert next(page for page in corpus.pages if page.id == "TEST:0003").title.endswith("(renamed in the update)")


def test_term_without_name_is_an_error_naming_its_stanza(fixtures_dir):
    corpus = load_corpus([fixtures_dir / "obo"])
    assert [(Path(error.file).name, error.line) for error in corpus.errors] == [("mini-update.obo", 14)]
    assert "TEST:0008 has no name" in corpus.errors[0].reason
    assert "TEST:0007" in {page.id for page in corpus.pages}


def test_unknown_obo_root_is_an_error(fixtures_dir):
    corpus = load_corpus([fixtures_dir / "obo" / "mini.obo"], obo_root="TEST:9999")
    assert corpus.pages == []
    assert "TEST:9999" in str(corpus.errors[0])


@pytest.mark.parametrize("stanza, line, words", [
    ('[Term]\nid: X:1\nname: x\nsynonym: unquoted EXACT []\n', 4, "quoted"),
    ('[Term]\nname: x\n', 1, "no id"),
    ('[Term]\nid: X:1\nname: x\nthis line has no tag\n', 4, "malformed line"),
])
def test_malformed_stanza_is_an_error_and_the_next_term_still_loads(tmp_path, stanza, line, words):
    path = tmp_path / "bad.obo"
    path.write_text("format-version: 1.2\n\n" + stanza + "\n[Term]\nid: X:2\nname: good\n", encoding="utf-8")
    results = list(read_obo(path))
    errors = [result for result in results if isinstance(result, CorpusError)]
    assert [(error.line, words in error.reason) for error in errors] == [(line + 2, True)]
    assert [result.page.id for result in results if isinstance(result, OboTerm)] == ["X:2"]


def naive_subtree(obo_text: str, root: str) -> set[str]:
    """Plainly correct: split into stanzas, keep live terms, follow is_a children from the root."""
    children = defaultdict(set)
    live = set()
    for stanza in obo_text.split("\n\n"):
        if not stanza.lstrip().startswith("[Term]") or "\nis_obsolete: true" in stanza:
            continue
        term_id = re.search(r"^id: (\S+)", stanza, re.MULTILINE).group(1)
        live.add(term_id)
        for parent in re.findall(r"^is_a: (\S+)", stanza, re.MULTILINE):
            children[parent].add(term_id)
    found, frontier = {root}, [root]
    while frontier:
        for child in children[frontier.pop()] & live:
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def test_disease_ontology_cancer_subtree(shared_dir):
    obo_file = shared_dir / "data" / "doid-2016-04-29.obo"
    corpus = load_corpus([obo_file], obo_root="DOID:162")
    ids = [page.id for page in corpus.pages]
    assert corpus.errors == []
    assert set(ids) == naive_subtree(obo_file.read_text(encoding="utf-8"), "DOID:162")
    assert 1800 <= len(ids) <= 2300  # "about 2,000" live terms, says the data README
    melanoma = next(page for page in corpus.pages if page.id == "DOID:1909")
    assert melanoma.title == "melanoma"
    assert "malignant melanoma" in [name.text for name in melanoma.names]


def test_disease_ontology_files_load_together_each_term_once(shared_dir):
    obo_files = sorted((shared_dir / "data").glob("DO_*.obo"))
    corpus = load_corpus(obo_files)
    ids = [page.id for page in corpus.pages]
    assert corpus.errors == []
    assert len(ids) == len(set(ids))
    per_file = sum(1 for path in obo_files for item in read_obo(path) if isinstance(item, OboTerm))
    assert len(ids) < per_file  # the subsets share terms
