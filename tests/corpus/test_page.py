"""The page model and its JSONL form.

1. `Page.from_dict` accepts what `Page.to_dict` writes, and hand-written records with only id and title.
2. A record that is not a page (wrong type, missing title, unknown key, bad kind or lang) is refused
   with a reason a page author can act on.
3. A page's names never repeat its title nor each other exactly; case and accent variants are kept.
"""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from corpus import NAME_KINDS, Name, Page, Section, Source
from corpus.page import looks_like_acronym, tidy_names
from corpus.slug import slugify


def test_from_dict_reads_back_what_to_dict_wrote():
    """A page survives to_dict/from_dict unchanged, source included."""
    page = Page(id="wilms-tumor", title="Wilms Tumor",
                names=(Name("nephroblastoma"), Name("néphroblastome", "synonym", "fr"), Name("WT", "acronym")),
                summary="A kidney cancer of children.", sections=(Section("Treatment", "Surgery."),),
                url="https://example.org/wilms", references=("https://example.org/wilms-ref",),
                source=Source("pages/wilms-tumor.md", 1))
    again = Page.from_dict(page.to_dict())
    assert again == page
    assert again.source == page.source


def test_from_dict_fills_in_optional_keys():
    """A hand-written record needs only id and title."""
    page = Page.from_dict({"id": "melanoma", "title": "Melanoma"})
    assert (page.names, page.summary, page.sections, page.url) == ((), "", (), None)


def test_from_dict_takes_the_source_it_is_given():
    """The caller's file and line replace the record's own source."""
    record = {"id": "x", "title": "X", "source": {"file": "old.md", "line": 1}}
    assert Page.from_dict(record, source=Source("new.jsonl", 7)).source == Source("new.jsonl", 7)


def test_plain_string_name_is_a_synonym_in_english():
    page = Page.from_dict({"id": "x", "title": "X", "names": ["other name"]})
    assert page.names == (Name("other name", "synonym", None),)


@pytest.mark.parametrize("record, words", [
    (["not", "an", "object"], "JSON object"),
    ({"id": "x"}, "no title"),
    ({"title": "X"}, "no id"),
    ({"id": "x", "title": "  "}, "no title"),
    ({"id": "x", "title": "X", "nmaes": []}, "unknown key"),
    ({"id": "x", "title": "X", "names": [{"text": "y", "kind": "nickname"}]}, "kind 'nickname'"),
    ({"id": "x", "title": "X", "names": [{"text": "y", "lang": "French"}]}, "lang 'French'"),
    ({"id": "x", "title": "X", "names": [{"kind": "synonym"}]}, "no text"),
    ({"id": "x", "title": "X", "names": "y"}, "names must be a list"),
    ({"id": "x", "title": "X", "sections": [{"text": "no heading"}]}, "no heading"),
    ({"id": "x", "title": "X", "source": {"file": "a", "line": "one"}}, "source line"),
    ({"id": "wilms tumor", "title": "X"}, "must not contain spaces"),
    ({"id": "a/b", "title": "X"}, "must not contain spaces, '/'"),
    ({"id": "x", "title": "X", "references": ["javascript:alert(1)"]}, r"references\[0\] must be a web address"),
])
def test_from_dict_refuses_a_record_that_is_not_a_page(record, words):
    """Each refusal says what is wrong."""
    with pytest.raises(ValueError, match=words):
        Page.from_dict(record)


def test_names_drop_title_repeats_and_exact_duplicates_but_keep_case_and_accent_variants():
    page = Page(id="x", title="Leucemia", names=[
        Name("Leucemia"), Name("leucemia"), Name("Leucémia"), Name("leucemia"),
        Name("leucemia", "lay"), Name("Leucemia", "synonym", "it")])
    assert [(name.text, name.kind, name.lang) for name in page.names] == [
        ("leucemia", "synonym", None), ("Leucémia", "synonym", None), ("leucemia", "lay", None),
        ("Leucemia", "synonym", "it")]


def test_lang_en_counts_as_english():
    page = Page.from_dict({"id": "x", "title": "X", "names": [{"text": "y", "lang": "en"}]})
    assert page.names[0].lang is None


@pytest.mark.parametrize("text, expected", [
    ("ALL", True), ("NSCLC", True), ("HER2", True), ("MEN2A", True),
    ("Burkitt", False), ("blood cancer", False), ("A", False), ("Non-Hodgkin Lymphoma", False),
])
def test_acronym_is_one_short_word_in_capitals(text, expected):
    assert looks_like_acronym(text) is expected


@pytest.mark.parametrize("title, slug", [
    ("Acute Lymphoblastic Leukemia", "acute-lymphoblastic-leukemia"),
    ("Waldenström Macroglobulinemia", "waldenstrom-macroglobulinemia"),
    ("Adult T-cell Leukemia/Lymphoma", "adult-t-cell-leukemia-lymphoma"),
    ("  Cancer of Unknown Primary (CUP) ", "cancer-of-unknown-primary-cup"),
])
def test_slug_of_title(title, slug):
    assert slugify(title) == slug


@given(st.text())
def test_slug_is_lowercase_ascii_words_joined_by_single_hyphens(title):
    """Whatever the title, its slug is usable in a URL."""
    slug = slugify(title)
    assert all(part and part.isascii() and part.isalnum() and part == part.lower()
               for part in slug.split("-")) or slug == ""


name_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1)
names = st.builds(Name, text=name_texts, kind=st.sampled_from(NAME_KINDS),
                  lang=st.sampled_from([None, "fr", "nl", "de"]))


@given(names=st.lists(names, max_size=8))
def test_tidy_names_keeps_each_distinct_name_once_in_order(names):
    """The slow, plainly correct version: first occurrences of names that are not the bare title."""
    title = "Title"
    expected = []
    for name in names:
        if name not in expected and not (name.text == title and name.lang is None):
            expected.append(name)
    assert list(tidy_names(title, names)) == expected
