"""Candidate generation. Properties checked:
1. Typos are tolerated by word length: none under 4 letters, one from 4, two from 8, counting the longer of
   the typed word and the word it stands for once the typed word has 6 letters.
2. A transposition is one edit; an edit on the first letter is allowed but costs more.
3. Candidates are found through the deletion index: the words checked are a few, not the vocabulary.
4. Sound-alikes and typo-tolerant prefixes.
"""
import pytest

from search import limits
from search.vocabulary import Vocabulary, allowed_edits, deletions, one_edit_variants

WORDS = {"neuroblastoma": 3, "nephroblastoma": 2, "kaposi": 1, "sarcoma": 5, "lymphoma": 9, "lymfoom": 1,
         "leukemia": 7, "myeloma": 3, "myeloid": 2, "cholangiocarcinoma": 1, "all": 1, "prostate": 2}


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary(WORDS)


@pytest.mark.parametrize("length, edits", [(3, 0), (4, 1), (7, 1), (8, 2), (15, 2)])
def test_typo_budget_grows_with_word_length(length, edits):
    """1."""
    assert allowed_edits(length) == edits


def test_one_typo_is_corrected_and_too_many_are_not(vocabulary):
    """1."""
    assert vocabulary.corrections("nuroblastoma")[0].word == "neuroblastoma"
    assert vocabulary.corrections("myloma")[0].word == "myeloma"
    assert vocabulary.corrections("mylma") == []  # two edits in a 5-letter word
    assert vocabulary.corrections("al") == []


def test_a_long_word_typed_with_two_letters_lost_is_found_but_a_short_one_is_not(vocabulary):
    """1. "lymhoa" is six letters for the eight of "lymphoma": the longer word's budget applies."""
    assert [c.word for c in vocabulary.corrections("lymhoa")][:1] == ["lymphoma"]
    assert vocabulary.corrections("lymhoa")[0].edits == 2
    assert "myeloma" not in [c.word for c in vocabulary.corrections("mylma")]  # five letters: its own budget
    assert "sarcoma" not in [c.word for c in vocabulary.corrections("sacrom")]  # seven letters, two edits


def test_a_transposition_is_one_edit_and_a_first_letter_edit_costs_more(vocabulary):
    """2."""
    swapped = vocabulary.corrections("prostaet")[0]
    assert (swapped.word, swapped.edits) == ("prostate", 1)
    first_letter = vocabulary.corrections("maposi")[0]
    assert first_letter.word == "kaposi" and first_letter.cost == 1 + limits.FIRST_LETTER_EXTRA_COST


def test_a_misspelling_by_sound_is_the_cheapest_typo(vocabulary):
    """2. "caposi" writes the k sound with a c; "nefroblastoma" the f sound without ph"""
    assert vocabulary.corrections("caposi")[0].cost < vocabulary.corrections("maposi")[0].cost
    assert vocabulary.corrections("nefroblastoma")[0].word == "nephroblastoma"


def test_candidates_come_from_the_deletion_index_not_a_scan():
    """3. with a vocabulary of 20,000 unrelated words, a look-up touches only near words"""
    filler = {f"zq{n:05d}word": 1 for n in range(20000)}
    vocabulary = Vocabulary({**WORDS, **filler})
    looked_up = vocabulary.near("nuroblastoma", 2)
    assert "neuroblastoma" in looked_up and len(looked_up) < 10
    assert vocabulary.corrections("nuroblastoma")[0].word == "neuroblastoma"


def test_deletions_and_one_edit_variants_are_what_they_say():
    assert deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    variants = one_edit_variants("abc")
    assert {"bac", "ab", "abcd", "xbc"} <= variants and "abc" not in variants


def test_sound_alikes_prefer_the_more_frequent_word(vocabulary):
    """4."""
    assert vocabulary.sound_alikes("lymfoma")[0].word == "lymphoma"
    assert vocabulary.sound_alikes("kolangiokarsinoma")[0].word == "cholangiocarcinoma"
    assert vocabulary.sound_alikes("qwertyuiop") == []


def test_prefixes_complete_and_tolerate_a_typo(vocabulary):
    """4."""
    assert [c.word for c in vocabulary.completions("neurobl")] == ["neuroblastoma"]
    assert [c.word for c in vocabulary.completions("nuerobl")] == ["neuroblastoma"]
    assert vocabulary.completions("ne") == []
    assert {c.word for c in vocabulary.completions("myel")} == {"myeloma", "myeloid"}
