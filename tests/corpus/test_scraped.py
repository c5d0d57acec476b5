"""Scraped plain-text pages.

1. The seed page (../shared) becomes "Acute Lymphoblastic Leukemia" with the seven other names of its
   block, the definition as summary, and no boilerplate in it.
2. On pages of our own in the same form: the name block ends at a known heading, or at the last short
   line before prose; names that only respell the title or an earlier name are variants.
3. Boilerplate and link hints stay out of summary and sections.
4. A file with no title line is an error naming file and line.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus import CorpusError, Name
from corpus.scraped import read_scraped

SEED_PAGE = Path("corpus-spec") / "seed-page-acute-lymphoblastic-leukemia.txt"


def only_page(path: Path):
    results = list(read_scraped(path))
    assert len(results) == 1
    return results[0]


def test_seed_page_has_its_title_and_the_seven_other_names_of_its_block(shared_dir):
    page = only_page(shared_dir / SEED_PAGE)
    assert page.title == "Acute Lymphoblastic Leukemia"
    assert page.id == "acute-lymphoblastic-leukemia"
    assert [name.text for name in page.names] == [
        "Acute lymphocytic leukemia", "Acute lymphoïd leukemia", "Acute lymphoblastic leukaemia",
        "Acute lymphocytic leukaemia", "Acute lymphoïd leukaemia", "Acute leukemia", "Blood cancer"]


def test_seed_page_summary_is_the_definition_without_boilerplate(shared_dir):
    page = only_page(shared_dir / SEED_PAGE)
    assert "lymphoblasts" in page.summary
    for boilerplate in ("content will follow shortly", "Following link", "This definition is based",
                        "NCI-website"):
        assert boilerplate not in page.summary


def test_seed_page_sections_are_therapies_and_clinical_trials(shared_dir):
    page = only_page(shared_dir / SEED_PAGE)
    assert [section.heading for section in page.sections] == ["Therapies by type", "Clinical trials"]
    assert "is available here" not in page.sections[1].text


def test_seed_page_british_spellings_are_variants(shared_dir):
    kinds = {name.text: name.kind for name in only_page(shared_dir / SEED_PAGE).names}
    assert kinds["Acute lymphoblastic leukaemia"] == "variant"
    assert kinds["Acute lymphocytic leukaemia"] == "variant"
    assert kinds["Acute lymphocytic leukemia"] == "synonym"


def test_name_block_ends_at_a_known_heading(fixtures_dir):
    page = only_page(fixtures_dir / "scraped" / "wilms-tumour.txt")
    assert (page.id, page.title) == ("wilms-tumour", "Wilms Tumour")
    assert page.names == (Name("Wilms tumor", "variant"), Name("Nephroblastoma", "synonym"),
                          Name("Néphroblastome", "synonym"), Name("WT", "acronym"),
                          Name("Kidney cancer in children", "synonym"))
    assert [section.heading for section in page.sections] == ["Treatment", "Clinical trials"]


def test_boilerplate_and_link_hints_are_left_out(fixtures_dir):
    page = only_page(fixtures_dir / "scraped" / "wilms-tumour.txt")
    assert page.summary.startswith("A Wilms tumour is a cancer of the kidney")
    assert "outlook after treatment" in page.summary
    text = page.summary + " ".join(section.text for section in page.sections)
    for boilerplate in ("based on information", "will follow shortly", "Following link", "available here",
                        "Last updated", "Read more", "radiotherapy. More"):
        assert boilerplate not in text
    assert "Surgery" in page.sections[0].text  # a sub-heading stays inside its section


def test_name_block_ends_at_the_last_short_line_before_prose(fixtures_dir):
    page = only_page(fixtures_dir / "scraped" / "chordoma.txt")
    assert [name.text for name in page.names] == ["Notochordal sarcoma", "Chordoma of the clivus",
                                                  "Sacral chordoma"]
    assert [section.heading for section in page.sections] == ["About the disease"]
    assert page.summary.startswith("Chordoma is a rare, slow-growing bone cancer")


@pytest.mark.parametrize("text, line", [
    ("", 1),
    ("\n\n   \n", 1),
    ("\n\nThis is a whole sentence rather than the page title that should be here.\n", 3),
])
def test_page_without_title_is_an_error(tmp_path, text, line):
    path = tmp_path / "untitled.txt"
    path.write_text(text, encoding="utf-8")
    error = only_page(path)
    assert isinstance(error, CorpusError)
    assert (error.file, error.line) == (str(path), line)
    assert "no title" in error.reason


def test_bytes_that_are_not_utf8_are_an_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Ewing Sarcoma\n\nA bone cancer.\n\nSarcome d'Ewing\nEwing-Sarkom \xe4\n")
    error = only_page(path)
    assert isinstance(error, CorpusError)
    assert error.line == 6
