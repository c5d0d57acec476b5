"""The weigh and match-names stages: 1. a rare word weighs more than a common one; 2. a word found nowhere
weighs nothing; 3. each page keeps its best name; 4. a name reached only by filler words is no match; 5. the
tier says whether the name was written as typed."""
from search import limits
from search.kinds import MatchTier
from search.stages.correct import correct
from search.stages.expand import SynonymTable, expand
from search.stages.match_names import match_names
from search.stages.normalise import normalise
from search.stages.weigh import word_weights

from .helpers import name_index

NAMES = name_index()


def matched(text):
    query = normalise(text + " ")
    units = expand(query, SynonymTable(())) + correct(query, NAMES)
    weights = word_weights(query, NAMES, units, None)
    matches = match_names(query, units, NAMES, weights, most=limits.MAX_NAMES_SCORED)
    return query, weights, {NAMES.page_ids[page]: match for page, match in matches.items()}


def test_a_word_found_nowhere_weighs_nothing():
    _query, weights, _matches = matched("hodgkin zzyzx")
    assert weights[0] > 0 and weights[1] == 0


def test_each_page_keeps_its_best_name():
    _query, _weights, matches = matched("nephroblastoma")
    assert list(matches) == ["nephroblastoma"]
    assert NAMES.names[matches["nephroblastoma"].name].text == "nephroblastoma"


def test_filler_words_alone_match_nothing():
    assert matched("of the")[2] == {}


def test_a_name_written_otherwise_is_a_variant_and_a_typo_a_typo():
    assert matched("Leucemie")[2]["all"].tier is MatchTier.VARIANT
    assert matched("gallbladder")[2]["gallbladder"].tier is MatchTier.EXACT
    assert matched("nuroblastoma")[2]["neuroblastoma"].tier is MatchTier.TYPO
