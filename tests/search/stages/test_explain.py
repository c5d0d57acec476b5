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
