"""The match-text and rank stages: 1. text terms map back to the query's words; 2. a page must hold every word
when asked for every word; 3. a name match ranks above a text-only match; 4. a page under the coverage floor
is left out; 5. `deciding_rule` names the first rule that tells two pages apart."""
from corpus.page import Page
from search import limits
from search.kinds import MatchTier
from search.pipeline import Mode, QueryIndex, run
from search.stages.expand import SynonymTable
from search.stages.match_text import match_text
from search.stages.normalise import normalise
from search.stages.rank import RANKING_RULES, deciding_rule

from .helpers import SummaryTextIndex, name_index, query_index

NAMES = name_index()
TEXT = SummaryTextIndex()
INDEX = query_index()


def ids(ranked):
    return [NAMES.page_ids[item.page] for item in ranked]


def test_text_matches_say_which_query_words_the_text_holds():
    query = normalise("childhood kidney ")
    any_word = match_text(query, TEXT, every_word=False)
    covered = {NAMES.page_ids[p]: m.covered for p, m in any_word.items()}
    assert covered == {"nephroblastoma": {1}, "all": {0}, "neuroblastoma": {0}}
    every_word = match_text(query, TEXT, every_word=True)
    assert every_word == {}  # no page holds both


def test_a_name_match_ranks_above_pages_found_by_their_text():
    _query, ranked, _capped = run("lymphoma", INDEX, mode=Mode.SEARCH)
    assert ids(ranked)[0] == "hodgkin"
    assert ranked[0].tier is not MatchTier.TEXT


def test_a_page_matching_too_little_of_the_query_is_left_out():
    _query, ranked, _capped = run("hodgkin zzyzx qqqq", INDEX, mode=Mode.SEARCH)
    assert ids(ranked) == ["hodgkin"]
    _query, ranked, _capped = run("zzyzx qqqq", INDEX, mode=Mode.SEARCH)
    assert ranked == ()


def test_the_deciding_rule_is_the_first_that_differs():
    _query, ranked, _capped = run("tumour", INDEX, mode=Mode.SEARCH)
    assert len(ranked) >= 2
    rule = deciding_rule(ranked[0].evidence, ranked[1].evidence)
    earlier = RANKING_RULES[:RANKING_RULES.index(rule)]
    assert all(r.key(ranked[0].evidence) == r.key(ranked[1].evidence) for r in earlier)
    assert rule.key(ranked[0].evidence) < rule.key(ranked[1].evidence)
    assert limits.MIN_QUERY_COVERAGE > 0


def test_a_name_found_whole_in_a_question_outranks_pages_whose_text_holds_its_other_words():
    pages = (Page("lung", "Lung Cancer", summary="A cancer of the airways."),
             Page("liver", "Liver Cancer", summary="Survival in pregnancy after a liver tumour that spread to the lung."))
    index = query_index(pages)
    _query, ranked, _capped = run("lung cancer survival in pregnancy", index, mode=Mode.SEARCH)
    assert [pages[item.page].id for item in ranked][0] == "lung"
    assert ranked[0].evidence.named == 2
