"""Broader and narrower (the groups stage and the names' ownership): 1. a broad query shows the group's overview
page first, then every type of the group, each explained as a type; 2. a broad word on a type's page is never
called another name of it; 3. an ontology's narrower term is explained as a kind of the page; 4. a query naming
a type and its group finds the type first; 5. a type found through a longer name of its own that holds the group's
word is explained as a type alone, not by that name; 6. a query that is all of a group's name finds the group first."""
from corpus.page import Name, Page
from search.pipeline import Mode, run
from search.stages.explain import hit

from .helpers import query_index

PAGES = (
    Page("skin", "Skin Cancer", names=(Name("Hautkrebs", lang="de"),), narrower=("bcc", "melanoma", "merkel"),
         summary="Cancers that start in the skin."),
    Page("bcc", "Basal Cell Carcinoma", names=(Name("skin cancer", kind="lay"), Name("BCC", kind="acronym")),
         broader=("skin",), summary="The commonest skin cancer."),
    Page("melanoma", "Melanoma", names=(Name("skin cancer", kind="lay"), Name("lentigo maligna melanoma",
                                                                              kind="narrower")),
         broader=("skin",), summary="A cancer of the pigment cells."),
    Page("merkel", "Merkel Cell Carcinoma", names=(Name("neuroendocrine skin cancer"),), broader=("skin",),
         summary="A rare cancer of touch cells."),
    Page("lung", "Lung Cancer", summary="A cancer of the airways."),
)
INDEX = query_index(PAGES)


def hits(text):
    query, ranked, _capped = run(text, INDEX, mode=Mode.SEARCH)
    return [hit(query, item, INDEX.names, PAGES[item.page].id, PAGES[item.page].summary, []) for item in ranked]


def test_a_broad_query_shows_the_overview_then_every_type():
    found = hits("skin cancer")
    assert [h.id for h in found[:1]] == ["skin"]
    assert {h.id for h in found[1:4]} == {"bcc", "melanoma", "merkel"}
    assert all("is a type of" in h.explanation for h in found[1:4])


def test_a_broad_word_is_never_another_name_of_a_type():
    for found in hits("skin cancer") + hits("Hautkrebs"):
        assert "another name for Basal Cell" not in found.explanation
        assert "another name for Melanoma" not in found.explanation


def test_a_narrower_term_is_a_kind_of_the_page():
    found = hits("lentigo maligna melanoma")[0]
    assert found.id == "melanoma"
    assert "'lentigo maligna melanoma' is a kind of Melanoma" in found.explanation


def test_a_query_naming_a_type_and_its_group_finds_the_type_first():
    assert hits("Hautkrebs bcc")[0].id == "bcc"


def test_a_type_found_through_a_longer_name_is_explained_as_a_type_alone():
    merkel = next(h for h in hits("skin cancer") if h.id == "merkel")
    assert merkel.explanation == "Merkel Cell Carcinoma is a type of 'Skin Cancer'"


def test_a_query_that_is_a_group_s_whole_name_finds_the_group_before_a_type_named_alike():
    """An ontology's inner term: its title typed whole is what was asked, not a child whose synonym holds the
    same words ("cancer of choroid plexus")."""
    pages = (Page("DOID:3540", "choroid plexus cancer", narrower=("DOID:5648",), summary="A brain cancer."),
             Page("DOID:5648", "choroid plexus carcinoma", names=(Name("cancer of choroid plexus"),),
                  broader=("DOID:3540",), summary="A carcinoma of the choroid plexus."))
    index = query_index(pages)
    _query, ranked, _capped = run("choroid plexus cancer", index, mode=Mode.SEARCH)
    assert [pages[item.page].id for item in ranked] == ["DOID:3540", "DOID:5648"]
