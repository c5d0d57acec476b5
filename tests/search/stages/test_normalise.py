"""The normalise stage: 1. filler words are not content; 2. a lone filler word may be an acronym; 3. the last
word may be a prefix unless a name holds it; 4. a short last word while typing is not required."""
from search.stages.normalise import as_typed_so_far, complete_words_only, normalise


def test_filler_words_of_a_question_are_not_content():
    query = normalise("what is hodgkin lymphoma")
    assert [w.surface for w in query.words if w.position in query.content] == ["hodgkin", "lymphoma"]


def test_a_lone_filler_word_may_only_be_an_acronym():
    query = normalise("all")
    assert query.acronym_only and query.content == {0}


def test_the_last_word_is_a_prefix_until_a_name_holds_it():
    query = normalise("neurobl")
    assert query.prefix_position == 0
    assert complete_words_only(query, lambda term: False).prefix_position == 0
    assert complete_words_only(query, lambda term: True).prefix_position is None
    assert normalise("neurobl ").prefix_position is None  # a space typed after it: a whole word


def test_a_one_letter_word_being_typed_is_not_required():
    query = as_typed_so_far(normalise("bone c"))
    assert query.content == {0}
