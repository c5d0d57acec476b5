"""Condition pages as a visitor reads them, on the served HTML over real indexes: the bundled corpus, and the
Disease Ontology's cancer slim (../shared/data) as an operator would index it.

1. An ontology term's title is in sentence case, acronyms and proper names as the ontology writes them.
2. Its definition's relations read as words; its references are links; its id links to its public page.
3. Its broader and narrower terms are links (a long list says how many more); with no definition, the
   page says what the term is a kind of.
4. A page links back to the results the visitor came from (from its address or the results page that linked
   to it), the query kept in the box; it lists related pages (kinds of the same broader page).
5. No file name reaches a visitor (operators still find it in the JSON); the meta description is the summary.
6. In a French, Dutch or German interface the English content is marked lang="en".
"""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from indexer import ensure_index
from webui import create_app
from webui.condition import MAX_DESCRIPTION_CHARS, MAX_NARROWER_LINKS

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
CANCER_SLIM = SHARED_DATA / "DO_cancer_slim-2026-07-31.obo"


@pytest.fixture(scope="module")
def ontology_client(tmp_path_factory):
    """An app over an index of the Disease Ontology's cancer slim (729 live terms), as `--corpus FILE.obo` builds it."""
    report = ensure_index(tmp_path_factory.mktemp("do-index") / "index", corpus_paths=[CANCER_SLIM])
    return create_app({"INDEX_DIR": str(report.index_dir), "TESTING": True}).test_client()


def visible_text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def part(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, f"no {pattern!r} in the page"
    return found.group(0)


def links(html: str) -> list[tuple[str, str]]:
    return [(href, visible_text(text)) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)]


@pytest.mark.parametrize("term, title", [
    ("DOID:1037", "Lymphoid leukemia"),  # written "lymphoid leukemia"
    ("DOID:8584", "Burkitt lymphoma"),  # a proper name, already capitalised
    ("DOID:0060079", "HER2 positive breast cancer"),  # an acronym first
])
def test_ontology_title_is_in_sentence_case_keeping_names_and_acronyms(ontology_client, term, title):
    html = ontology_client.get(f"/condition/{term}").text
    assert f"<h1>{title}</h1>" in html
    assert f"<title>{title} – condsearch</title>" in html


def test_definition_relations_read_as_words(ontology_client):
    """DOID:1037's definition is "A leukemia that has_material_basis_in a B-cell or T-cell lineage ..." """
    html = ontology_client.get("/condition/DOID:1037").text
    summary = visible_text(part(html, r'<p class="summary">.*?</p>'))
    assert summary.startswith("A leukemia that is caused by a B-cell or T-cell lineage involving primarily")
    assert "has_material_basis_in" not in html


def test_every_relation_of_a_long_definition_is_in_words(ontology_client):
    """DOID:0060103: "... cells located_in cerebrum, has_material_basis_in ... cells derives_from neuroectoderm." """
    summary = visible_text(part(ontology_client.get("/condition/DOID:0060103").text, r'<p class="summary">.*?</p>'))
    assert "neural crest cells in cerebrum, caused by abnormally proliferating cells derives from neuroectoderm" \
        in summary
    assert "_" not in summary


def test_references_are_links_and_the_term_id_links_to_its_public_page(ontology_client):
    html = ontology_client.get("/condition/DOID:8584").text
    footer = part(html, r'<footer class="source">.*?</footer>')
    assert ("http://purl.obolibrary.org/obo/DOID_8584", "DOID:8584") in links(footer)
    assert ("http://en.wikipedia.org/wiki/Burkitt%27s_lymphoma", "en.wikipedia.org/wiki/Burkitt%27s_lymphoma") \
        in links(footer)
    assert ("http://www.cancer.gov/dictionary?CdrID=45203", "www.cancer.gov/dictionary?CdrID=45203") \
        in links(unescape(footer))


def test_broader_and_narrower_terms_are_links(ontology_client):
    html = ontology_client.get("/condition/DOID:1037").text
    assert links(part(html, r'<section class="broader">.*?</section>')) == [("/condition/DOID:1240", "Leukemia")]
    assert links(part(html, r'<section class="narrower">.*?</section>')) == [
        ("/condition/DOID:1040", "Chronic lymphocytic leukemia"), ("/condition/DOID:12603", "Acute leukemia")]
    assert ontology_client.get("/condition/DOID:1240").status_code == 200, "the link leads to a page"


def test_a_long_list_of_narrower_terms_says_how_many_more(ontology_client):
    """"cancer" (DOID:162) has 104 direct kinds in the slim."""
    narrower = part(ontology_client.get("/condition/DOID:162").text, r'<section class="narrower">.*?</section>')
    assert len(links(narrower)) == MAX_NARROWER_LINKS
    assert f"and {104 - MAX_NARROWER_LINKS} more" in visible_text(narrower)


def test_a_term_without_definition_says_what_it_is_a_kind_of(ontology_client):
    """DOID:14145 "malignant anus melanoma" has no def; it is_a DOID:3119 "gastrointestinal system cancer"."""
    html = ontology_client.get("/condition/DOID:14145").text
    fallback = part(html, r'<p class="summary no-definition">.*?</p>')
    assert visible_text(fallback) == "Malignant anus melanoma is a kind of Gastrointestinal system cancer."
    assert ("/condition/DOID:3119", "Gastrointestinal system cancer") in links(fallback)
    assert 'content="Malignant anus melanoma is a kind of Gastrointestinal system cancer."' in html


def test_condition_page_links_back_to_the_results_it_was_opened_from(client):
    html = client.get("/condition/neuroblastoma?q=nuroblastoma&offset=10").text
    back = part(html, r'<p class="back">.*?</p>')
    assert links(back) == [("/search?q=nuroblastoma&amp;offset=10", "Back to the results for “nuroblastoma”")]
    assert re.search(r'<input id="q"[^>]*value="nuroblastoma"', html), "the query stays in the box"


def test_the_way_back_comes_from_the_results_page_that_linked_here(client):
    html = client.get("/condition/neuroblastoma",
                      headers={"Referer": "http://localhost/search?q=neuroblastome&exact=1"}).text
    assert links(part(html, r'<p class="back">.*?</p>')) == [
        ("/search?q=neuroblastome&amp;exact=1", "Back to the results for “neuroblastome”")]


@pytest.mark.parametrize("referrer", [None, "http://localhost/", "http://localhost/condition/melanoma?q=x",
                                      "http://localhost/search?q=x&offset=-5"])
def test_no_way_back_without_a_search_to_go_back_to(client, referrer):
    headers = {"Referer": referrer} if referrer else {}
    response = client.get("/condition/neuroblastoma", headers=headers)
    assert response.status_code == 200
    assert '<p class="back">' not in response.text
    assert "Referer" in response.headers["Vary"], "a cache must not hand one visitor's way back to another"


def test_related_pages_are_the_other_kinds_of_the_same_broader_page(client):
    html = client.get("/condition/acute-lymphoblastic-leukemia").text
    assert links(part(html, r'<section class="broader">.*?</section>')) == [("/condition/leukemia", "Leukemia")]
    related = dict(links(part(html, r'<section class="related">.*?</section>')))
    assert related["/condition/acute-myeloid-leukemia"] == "Acute Myeloid Leukemia"
    assert "/condition/acute-lymphoblastic-leukemia" not in related and "/condition/leukemia" not in related


def test_no_file_name_is_shown_but_operators_still_get_it_in_the_json(client):
    html = client.get("/condition/neuroblastoma").text
    assert "neuroblastoma.md" not in html and ".md" not in visible_text(html)
    assert client.get("/api/pages/neuroblastoma").get_json()["source"]["file"] == "neuroblastoma.md"


def test_meta_description_is_the_summary(client):
    html = client.get("/condition/neuroblastoma").text
    description = unescape(re.search(r'<meta name="description" content="([^"]*)"', html).group(1))
    summary = visible_text(part(html, r'<p class="summary">.*?</p>'))
    assert len(description) <= MAX_DESCRIPTION_CHARS
    assert summary.startswith(description.rstrip("…"))
    assert '<link rel="canonical" href="http://' in html and '/condition/neuroblastoma">' in html


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_english_content_is_marked_english_in_another_interface_language(client, language):
    html = client.get("/condition/neuroblastoma", headers={"Accept-Language": language}).text
    assert f'<html lang="{language}">' in html
    assert '<h1 lang="en">Neuroblastoma</h1>' in html
    assert '<p class="summary" lang="en">' in html
    assert '<section class="section" lang="en">' in html
    assert '<li lang="fr">neuroblastome</li>' in html, "a name in another language keeps its own"


def test_an_english_interface_needs_no_lang_marks(client):
    html = client.get("/condition/neuroblastoma").text
    assert "<h1>Neuroblastoma</h1>" in html and 'lang="en"' not in html.split("<main", 1)[1]


@pytest.mark.parametrize("language, back, kind_of", [
    ("fr", "Retour aux résultats pour « leucémie »", "Une forme de"),
    ("nl", "Terug naar de resultaten voor ‘leucémie’", "Een vorm van"),
    ("de", "Zurück zu den Ergebnissen für „leucémie“", "Eine Form von"),
])
def test_the_page_around_the_content_speaks_the_interface_language(client, language, back, kind_of):
    html = client.get("/condition/acute-lymphoblastic-leukemia?q=leucémie", headers={"Accept-Language": language}).text
    assert visible_text(part(html, r'<p class="back">.*?</p>')) == back
    assert f"<h2>{kind_of}</h2>" in html
    assert '<a href="/condition/leukemia" lang="en">Leukemia</a>' in html


def test_a_result_shows_an_ontology_title_as_its_page_does(ontology_client):
    """The results page writes a term's name in sentence case too, the typed words still marked."""
    html = ontology_client.get("/search?q=lymphoid+leukemia").text
    first = part(html, r'<h2><a href="/condition/DOID:1037">.*?</a></h2>')
    assert visible_text(first) == "Lymphoid leukemia"
    assert "<mark>" in first
