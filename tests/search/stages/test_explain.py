"""The explain stage and its wording: 1. a correction is said as such, in every language; 2. a translated name
says its language; 3. every reason kind has a wording in every interface language; 4. the matched words are
marked in the snippet."""
import pytest

from search.kinds import ReasonKind
from search.pipeline import Mode, QueryIndex, run
from search.results import Reason
from search.stages.expand import SynonymTable
from search.stages.explain import hit, reasons_for
from search.wording import LANGUAGES, WORDINGS, explanation, wording_key

from corpus.page import Name, Page

from .helpers import PAGES, SummaryTextIndex, name_index, query_index

NAMES = name_index()
INDEX = query_index()


def first_hit(text):
    query, ranked, _capped = run(text, INDEX, mode=Mode.SEARCH)
    page = PAGES[ranked[0].page]
    return hit(query, ranked[0], NAMES, page.id, page.summary, [])


def test_a_correction_is_explained_as_one():
    found = first_hit("nuroblastoma ")
    assert found.reasons[0] == Reason(ReasonKind.TYPO, "nuroblastoma", "neuroblastoma")
    assert found.explanation == "Corrected 'nuroblastoma' to 'neuroblastoma'"
    assert explanation(found.reasons, found.title, "de") == "„nuroblastoma“ wurde zu „neuroblastoma“ korrigiert."


def test_a_translated_name_says_its_language():
    found = first_hit("leucémie ")
    assert found.id == "all"
    assert "French name for Acute Lymphoblastic Leukemia" in found.explanation
    assert "nom en français" in explanation(found.reasons, found.title, "fr")


@pytest.mark.parametrize("key", sorted(WORDINGS))
def test_every_wording_exists_in_every_interface_language(key):
    assert set(WORDINGS[key]) == set(LANGUAGES)


@pytest.mark.parametrize("kind", list(ReasonKind))
def test_every_reason_kind_has_a_wording(kind):
    assert wording_key(Reason(kind, "a", "b", "synonym", "fr")) in WORDINGS


VARIANT_PAGES = (
    Page("all", "Acute Lymphoblastic Leukemia", names=(Name("leucémie", lang="fr"),)),
    Page("wilms", "Wilms Tumor"),
    Page("oesophageal", "Oesophageal Cancer"),
    Page("gallbladder", "Gallbladder Cancer"),
    Page("nsclc", "Non-Small Cell Lung Cancer"),
)
VARIANT_NAMES = name_index(VARIANT_PAGES)
VARIANT_INDEX = query_index(VARIANT_PAGES)


@pytest.mark.parametrize("text, kind, typed, matched", [
    ("leucemie ", ReasonKind.ACCENT, "leucemie", "leucémie"),
    ("acute lymphoblàstic leukemia ", ReasonKind.ACCENTED, "lymphoblàstic", "Lymphoblastic"),
    ("wilms tumour ", ReasonKind.BRITISH, "tumour", "Tumor"),
    ("esophageal cancer ", ReasonKind.AMERICAN, "esophageal", "Oesophageal"),
    ("gall bladder cancer ", ReasonKind.COMPOUND, "gall bladder", "Gallbladder"),
    ("nons mall cell lung cancer ", ReasonKind.COMPOUND, "nons mall", "Non Small"),
])
def test_a_variant_says_which_way_it_goes(text, kind, typed, matched):
    """What the analysis changed in the typed word and in the name's word decides the direction: accents
    typed or left out, the British or the American spelling typed."""
    query, ranked, _capped = run(text, VARIANT_INDEX, mode=Mode.SEARCH)
    reasons = reasons_for(query, ranked[0], VARIANT_NAMES, VARIANT_NAMES.titles[ranked[0].page])
    # The words may be said alone or with their neighbour (a unit of two words joined).
    assert any(reason.kind is kind and typed in reason.typed and matched in reason.matched for reason in reasons), reasons


def test_words_divided_elsewhere_say_so():
    query, ranked, _capped = run("nons mall cell lung cancer ", VARIANT_INDEX, mode=Mode.SEARCH)
    reasons = reasons_for(query, ranked[0], VARIANT_NAMES, "Non-Small Cell Lung Cancer")
    assert explanation(reasons, "Non-Small Cell Lung Cancer") == "'nons mall' is 'Non Small' with its words divided elsewhere"


def test_a_title_typed_in_another_order_is_said_to_contain_the_words():
    query, ranked, _capped = run("cancer gallbladder ", VARIANT_INDEX, mode=Mode.SEARCH)
    reasons = reasons_for(query, ranked[0], VARIANT_NAMES, "Gallbladder Cancer")
    assert [reason.kind for reason in reasons] == [ReasonKind.WORDS]
    assert explanation(reasons, "Gallbladder Cancer") == "Its name contains 'cancer gallbladder'"


def test_the_text_reason_lists_the_words_the_text_holds():
    reason = Reason(ReasonKind.TEXT, "womb cancer", "Endometrial Cancer")
    assert explanation([reason], "Endometrial Cancer") == "The page's text mentions 'womb' and 'cancer'"
    assert explanation([reason], "Endometrial Cancer", "fr") == \
        "Le texte de la page mentionne «\xa0womb\xa0» et «\xa0cancer\xa0»."
