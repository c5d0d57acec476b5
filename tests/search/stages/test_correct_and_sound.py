"""The correct and sound stages: 1. a word no name holds is corrected from the names' vocabulary; 2. a word a
name holds is not; 3. the word being typed is completed; 4. a short acronym is never corrected; 5. a word
heard like a name's word is matched by sound when spelling is too far."""
from search.kinds import UnitKind
from search.stages.correct import correct
from search.stages.normalise import normalise
from search.stages.sound import sound

from .helpers import name_index

NAMES = name_index()


def found(units, kind):
    return {unit.found for unit in units if unit.kind is kind}


def test_a_misspelt_word_is_corrected_to_a_name_word():
    assert "neuroblastoma" in found(correct(normalise("nuroblastoma "), NAMES), UnitKind.TYPO)


def test_a_word_some_name_holds_is_not_corrected():
    assert not found(correct(normalise("nephroblastoma "), NAMES), UnitKind.TYPO)


def test_the_word_being_typed_is_completed():
    assert found(correct(normalise("neurobl"), NAMES), UnitKind.PREFIX) == {"neuroblastoma"}


def test_a_short_acronym_is_never_corrected():
    assert not correct(normalise("ALX "), NAMES)


def test_a_word_spelt_by_ear_is_found_by_sound():
    query = normalise("hojkins ")
    corrections = correct(query, NAMES)
    assert "hodgkin" in found(corrections, UnitKind.TYPO) | found(sound(query, NAMES, corrections), UnitKind.PHONETIC)
