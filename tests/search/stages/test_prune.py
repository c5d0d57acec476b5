"""Which reached names are scored: 1. of one page's many names that the same units reach, only the shortest
few are scored, and the page keeps its best match among them; 2. a name of another kind is never pruned in
favour of shorter names of one kind."""
from corpus.page import Name, Page
from search import limits
from search.stages.correct import correct
from search.stages.expand import SynonymTable, expand
from search.stages.match_names import match_names, units_reach
from search.stages.normalise import normalise
from search.stages.prune import shortest_alike
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
    reached = sorted(set().union(*units_reach(query, units, NAMES)))
    assert len(reached) > limits.MAX_ALIKE_NAMES_SCORED  # the page really has many alike names
    kept = shortest_alike(reached, units_reach(query, units, NAMES), NAMES)
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
    kept = {names.names[n].text for n in shortest_alike(reached, reach, names)}
    assert "sarcoma of the upper left limb" in kept
    assert len([text for text in kept if text.endswith(" sarcoma")]) == limits.MAX_ALIKE_NAMES_SCORED
