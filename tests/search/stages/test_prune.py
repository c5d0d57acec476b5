"""Which reached names are scored: 1. of one page's many names that the same units reach, only the shortest
few are scored, and the page keeps its best match among them; 2. a name of another kind is never pruned in
favour of shorter names of one kind; 3. a name whose bound cannot better its page's match is not placed,
and the matches are those of placing every name."""

import pytest

import search.stages.match_names as match_names_stage
from corpus.page import Name, Page
from search import limits
from search.kinds import UnitKind
from search.searcher import Searcher
from search.stages.correct import correct
from search.stages.expand import SynonymTable, expand
from search.stages.match_names import NamePlacer, assign, match_names, name_key
from search.stages.reach import units_reach
from search.stages.naming import naming
from search.stages.normalise import normalise
from search.stages.prune import shortest_alike, units_reaching
from search.stages.weigh import word_weights

from .helpers import name_index

# An ontology-linked page: dozens of narrower names hold "carcinoma", a few hold it as the title does.
SUBTYPES = tuple(Name(f"{organ} carcinoma of the {part}", kind="related") for organ in
                 ("serous", "mucinous", "clear cell", "papillary", "squamous") for part in ("left", "right", "upper"))
PAGES = (
    Page("carcinoma", "Carcinoma", names=(Name("carcinomas"), *SUBTYPES), summary="A cancer of the lining cells."),
    Page("adenoma", "Adenoma", summary="A benign tumour of glands."),
)
NAMES = name_index(PAGES)


def prepared(text):
    query = normalise(text + " ")
    units = expand(query, SynonymTable(())) + correct(query, NAMES)
    return query, units


def test_of_many_alike_names_only_the_shortest_few_are_scored_and_the_best_match_stays():
    query, units = prepared("carcinoma")
    reach = units_reach(query, units, NAMES)
    reached = sorted(set().union(*reach))
    assert len(reached) > limits.MAX_ALIKE_NAMES_SCORED  # the page really has many alike names
    kept = shortest_alike(reached, units_reaching(reached, units, reach, NAMES), units, NAMES)
    assert len(kept) < len(reached)
    kept_texts = {NAMES.names[n].text for n in kept}
    assert "Carcinoma" in kept_texts  # the title, the shortest, is never pruned
    weights = word_weights(query, NAMES, units, None)
    best = match_names(query, units, NAMES, weights, most=limits.MAX_NAMES_SCORED)
    assert NAMES.names[best[NAMES.page_ids.index("carcinoma")].name].text == "Carcinoma"


def test_a_name_of_another_kind_is_never_pruned_for_shorter_names_of_one_kind():
    """The kind of a name ranks and words its match (a variant, a translation, a lay name): eight shorter
    synonyms do not push out the one variant that holds the same word."""
    page = Page("sarcoma", "Sarcoma", names=(
        *(Name(f"{site} sarcoma") for site in ("bone", "skin", "lung", "liver", "brain", "heart", "eye", "ear")),
        Name("sarcoma of the upper left limb", kind="variant")), summary="A cancer of connective tissue.")
    names = name_index((page,))
    query = normalise("sarcoma ")
    units = expand(query, SynonymTable(())) + correct(query, names)
    reach = units_reach(query, units, names)
    reached = sorted(set().union(*reach))
    kept = {names.names[n].text for n in shortest_alike(reached, units_reaching(reached, units, reach, names), units,
                                                        names)}
    assert "sarcoma of the upper left limb" in kept
    assert len([text for text in kept if text.endswith(" sarcoma")]) == limits.MAX_ALIKE_NAMES_SCORED


def every_name_placed(name_numbers, placer: NamePlacer, names, found):
    """What score_names gives, placing every name: the oracle the bound must agree with."""
    best = dict(found)
    context_only = frozenset(word.position for word in placer.query.words if word.context_only)
    for n in name_numbers:
        places = placer.places(names, n)
        if not any(placer.units[unit].kind is not UnitKind.OPTIONAL for *_, unit, _span in places):
            continue
        match = assign(n, places, placer.units, names)
        page = names.names[n].page
        named, whole = naming(match, placer.query, names, context_only)
        kept = best.get(page)
        if kept is not None:
            named, whole = max(named, kept.named), whole or kept.whole
            if name_key(kept, names) < name_key(match, names):
                match = kept
        best[page] = match._replace(named=named, whole=whole)
    return best


# Our own queries of every shape that reaches many names of one page: a title, a name inside a question,
# kind and site words in four languages, typos, completions, filler words, numbers, compounds.
OWN_QUERIES = ("bone cancer", "leukemia", "carcinoma", "malignant neoplasm of the bone marrow",
               "what is the survival rate for skin cancer stage 3", "tumeur maligne du rein",
               "Bösartige Neubildung der Leber", "kwaadaardige nieuwvorming van de blaas", "lukemia childhood",
               "non small cell lung cancer squamous", "cancer of the head and neck", "brain tumour in children",
               "lymphome non hodgkinien", "Nierenzelltumoren", "melan", "sarcoma of soft tissue", "all", "AML M3",
               "is it normal to have blood in urine after chemotherapy for bladder cancer",
               "cancer du sein triple négatif", "adenocarcinoma of the pancreas", "hodgkins disease in adults")


@pytest.fixture(scope="module")
def bundled_names(bundled_index):
    return Searcher(bundled_index)


def test_the_bound_leaves_every_match_as_placing_every_name_gives(bundled_names, monkeypatch):
    """score_names, which skips names its bound rules out, gives each page the match, `named` and `whole`
    that placing every one of the same names gives, on searches and completions."""
    scored = match_names_stage.score_names
    calls, placed = [], []
    real_places = NamePlacer.places

    def counting_places(self, names, name_number):
        placed.append(name_number)
        return real_places(self, names, name_number)

    def checked(name_numbers, reaching, placer, bounds, names, found):
        name_numbers = list(name_numbers)
        got = scored(name_numbers, reaching, placer, bounds, names, found)
        assert got == every_name_placed(name_numbers, placer, names, found), placer.query.text
        calls.append(len(name_numbers))
        return got

    monkeypatch.setattr(match_names_stage, "score_names", checked)
    monkeypatch.setattr(NamePlacer, "places", counting_places)
    for query in OWN_QUERIES:
        bundled_names.search(query)
        bundled_names.suggest(query[: max(3, len(query) // 2)])
    assert len(calls) > len(OWN_QUERIES)
    # half the names are placed by the oracle alone: score_names placed the fewer
    assert len(placed) - sum(calls) < sum(calls) * 0.6
