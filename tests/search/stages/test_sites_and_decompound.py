"""The decompound and sites stages: 1. a classification phrase in another language finds the page of its site
and kind, saying which word means what; 2. a German or Dutch compound no name holds is read as its parts, and
the explanation says how; 3. a compound a name holds stays whole; 4. a "malignant" word is context, not a
word to match; 5. a lymphoma is not any tumour."""
from corpus.page import Name, Page
from search.kinds import UnitKind
from search.pipeline import Mode, run
from search.stages.decompound import decompound
from search.stages.explain import hit
from search.stages.normalise import normalise

from .helpers import query_index

PAGES = (
    Page("gastric", "Stomach Cancer", names=(Name("gastric cancer"),), summary="A cancer of the stomach lining."),
    Page("renal", "Renal Cell Carcinoma", names=(Name("Nierenzellkarzinom", lang="de"),),
         summary="The commonest kidney cancer in adults."),
    Page("bladder", "Bladder Cancer", names=(Name("Harnblasenkrebs", lang="de"),), summary="A cancer of the bladder."),
    Page("skin", "Melanoma", names=(Name("Hautkrebs", lang="de"),), summary="A cancer of pigment cells."),
    Page("mzl", "Gastric MALT Lymphoma", names=(Name("Marginalzonen-B-Zell-Lymphom", lang="de"),),
         summary="A lymphoma of the stomach."),
)
INDEX = query_index(PAGES)


def first(text):
    query, ranked, _capped = run(text, INDEX, mode=Mode.SEARCH)
    if not ranked:
        return None
    page = PAGES[ranked[0].page]
    return hit(query, ranked[0], INDEX.names, page.id, page.summary, [])


def test_a_classification_phrase_in_german_finds_the_page_of_its_site():
    found = first("Bösartige Neubildung des Magens")
    assert found.id == "gastric"
    assert "'Magens' is German for 'stomach'" in found.explanation


def test_a_french_phrase_of_kind_and_site_finds_its_page():
    assert first("tumeur maligne du rein").id == "renal"


def test_a_compound_no_name_holds_is_read_as_its_parts():
    found = first("Nierenzelltumoren")
    assert found.id == "renal"
    assert found.explanation.startswith("Read 'Nierenzelltumoren' as 'nieren · zell · tumoren'")


def test_a_compound_a_name_holds_stays_whole():
    query = normalise("Hautkrebs ")
    assert decompound(query, INDEX.names, INDEX.vocabulary, INDEX.lexicon.words) == query
    assert first("Hautkrebs").id == "skin"


def test_a_malignant_word_is_context():
    query = run("malignant stomach growth", INDEX, mode=Mode.SEARCH).query
    assert [w.surface for w in query.words if w.position in query.content] == ["stomach", "growth"]


def test_a_general_word_for_a_tumour_does_not_reach_a_lymphoma():
    query, ranked, _capped = run("stomach tumour", INDEX, mode=Mode.SEARCH)
    assert PAGES[ranked[0].page].id == "gastric"
    lymphoma = [item for item in ranked if PAGES[item.page].id == "mzl"]
    assert all(placed.unit.kind is not UnitKind.KIND for item in lymphoma if item.name_match
               for placed in item.name_match.placements)
