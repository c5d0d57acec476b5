"""The focus stage and the floor for long questions: 1. a long question keeps the words names hold, up to
MAX_QUERY_WORDS content words; 2. a name found whole in a long question makes its page a match whatever
else the question holds; 3. a number alone never matches a name that holds it; 4. a guess (a typo of a
common word) found whole is no such match."""
from corpus.page import Name, Page
from search import limits
from search.pipeline import Mode, QueryIndex, run
from search.stages.expand import SynonymTable
from search.stages.focus import focus
from search.stages.normalise import normalise

from .helpers import SummaryTextIndex, name_index, query_index

QUESTION = ("could you please tell me everything you know about the outlook, survival, recovery, diet, sleep, "
            "exercise, school, friends, sport, holidays, music, painting, swimming, reading, cooking, gardening, "
            "travel and family life of children treated for neuroblastoma")


def ids(text, pages=None):
    index = query_index(*(pages,) if pages else ())
    _query, ranked, _capped = run(text, index, mode=Mode.SEARCH)
    return [index.names.page_ids[item.page] for item in ranked]


def test_a_long_question_keeps_the_words_names_hold():
    query = focus(normalise(QUESTION), name_index())
    assert len(query.content) == limits.MAX_QUERY_WORDS
    assert "neuroblastoma" in [w.surface for w in query.words if w.position in query.content]
    assert len(normalise(QUESTION).content) > limits.MAX_QUERY_WORDS


def test_a_name_found_whole_in_a_long_question_is_a_match():
    assert ids(QUESTION)[:1] == ["neuroblastoma"]


def test_a_number_alone_matches_no_name():
    pages = (Page("apl", "Acute Promyelocytic Leukemia", names=(Name("LAM 3", lang="fr"),)),)
    assert ids("treatments for stage 3", pages) == []
    assert ids("LAM 3", pages) == ["apl"]


def test_a_typo_of_a_common_word_is_no_name_found_whole():
    pages = (Page("oes", "Oesophageal Cancer", names=(Name("gullet", kind="lay"),)),
             Page("all", "Acute Lymphoblastic Leukemia"))
    assert ids("gullet", pages) == ["oes"]
    assert ids("bullet zebra xylophone", pages) == []
