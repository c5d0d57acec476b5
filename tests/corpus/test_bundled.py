"""The bundled corpus (corpus/pages/) against the corpus specification (../shared/corpus-spec).

1. It loads with zero problems.
2. Every row of conditions.tsv has its page, with its title and every name the row requires; every other
   page is an overview page, for a group of them.
3. Nearly every page (at least 100 of the 108) has names in each of French, Dutch and German, and every
   overview page has.
4. A broad name is on its overview page, and on a member page only where the spec requires it there.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import corpus
from corpus import bundled_corpus_dir, load_corpus

LANGUAGES_EVERY_PAGE_SHOULD_HAVE = ("fr", "nl", "de")
MIN_PAGES_WITH_EACH_LANGUAGE = 100


@pytest.fixture(scope="module")
def bundled():
    return load_corpus()


@pytest.fixture
def spec_rows(shared_dir) -> list[dict]:
    with open(shared_dir / "corpus-spec" / "conditions.tsv", encoding="utf-8", newline="") as spec:
        return list(csv.DictReader(spec, delimiter="\t"))


def test_bundled_corpus_has_no_problems(bundled):
    assert [str(error) for error in bundled.errors] == []


def test_bundled_pages_are_inside_the_package():
    """The pages ship with the package, so a plain install finds them."""
    assert bundled_corpus_dir() == Path(corpus.__file__).parent / "pages"
    assert any(bundled_corpus_dir().glob("*.md"))


def test_every_spec_row_has_its_page_and_every_other_page_is_an_overview(bundled, spec_rows):
    spec_ids = {row["slug"] for row in spec_rows}
    assert spec_ids <= {page.id for page in bundled.pages}
    overviews = [page for page in bundled.pages if page.id not in spec_ids]
    assert all(page.is_overview for page in overviews)
    assert {"leukemia", "lymphoma", "brain-and-spinal-cord-tumors", "skin-cancer", "bone-cancer", "lung-cancer",
            "throat-cancer", "sarcoma", "blood-cancer"} <= {page.id for page in overviews}


@pytest.mark.parametrize("lang", LANGUAGES_EVERY_PAGE_SHOULD_HAVE)
def test_every_overview_page_has_names_in_each_language(bundled, spec_rows, lang):
    spec_ids = {row["slug"] for row in spec_rows}
    assert [page.id for page in bundled.pages if page.id not in spec_ids
            and not any(name.lang == lang for name in page.names)] == []


def test_a_broad_name_is_on_no_member_page_unless_the_spec_requires_it_there(bundled, spec_rows):
    """"leukaemia" names the group: on ALL it would be called another name for ALL, which is false."""
    required = {row["slug"]: {name.strip().casefold() for name in row["names_that_must_be_on_the_page"].split(";")}
                for row in spec_rows}
    pages = {page.id: page for page in bundled.pages}
    misplaced = []
    for overview in (page for page in bundled.pages if page.is_overview and page.id not in required):
        broad = {(overview.title.casefold(), None)} | {(name.text.casefold(), name.lang) for name in overview.names
                                                      if name.kind != "narrower"}
        for member in map(pages.get, overview.narrower):
            misplaced += [f"{member.id}: {name.text!r} ({name.lang or 'en'}) names {overview.id}"
                          for name in member.names if (name.text.casefold(), name.lang) in broad
                          and not (name.lang is None and name.text.casefold() in required.get(member.id, ()))]
    assert misplaced == []


def test_every_page_has_its_title_and_the_names_the_spec_requires(bundled, spec_rows):
    pages_by_id = {page.id: page for page in bundled.pages}
    missing = []
    for row in spec_rows:
        page = pages_by_id.get(row["slug"])
        if page is None:
            missing.append(f"{row['slug']}: no page")
            continue
        if page.title != row["title"]:
            missing.append(f"{row['slug']}: title {page.title!r}, the spec says {row['title']!r}")
        texts = {page.title.casefold()} | {name.text.casefold() for name in page.names}
        required = [name.strip() for name in row["names_that_must_be_on_the_page"].split(";") if name.strip()]
        missing += [f"{row['slug']}: no name {name!r}" for name in required if name.casefold() not in texts]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES_EVERY_PAGE_SHOULD_HAVE)
def test_nearly_every_page_has_names_in_each_language(bundled, lang):
    pages_without = [page.id for page in bundled.pages if not any(name.lang == lang for name in page.names)]
    assert len(bundled.pages) - len(pages_without) >= MIN_PAGES_WITH_EACH_LANGUAGE, pages_without
