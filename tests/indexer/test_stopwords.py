"""Filler words: the words wrapped around a condition in a question are context, never evidence.
Properties checked:
1. Question and request words of English, French, Dutch and German are filler words.
2. A disease, kind or site word is never a filler word, in any of the four languages.
3. The bundled pages' names hold no filler word but function words.
4. The stop-words package's French, Dutch and German lists mark no word of the Disease Ontology's names.
"""
import re
from pathlib import Path

import pytest

from corpus.loader import load_corpus
from indexer.analysis import analyze, listed_filler_words, stopwords
from indexer.sites import load_lexicon

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.parametrize("text", [
    "what is", "how many", "can you recommend", "thank you", "hi", "information", "find", "survival rate",
    "treatments", "symptoms", "quels sont les symptômes", "traitement", "merci", "wat zijn", "behandelingen",
    "overlevingskans", "was ist", "Behandlung", "Überlebensrate", "Ueberlebensrate", "wie ist die Prognose",
])
def test_question_and_request_words_are_filler(text):
    """1."""
    assert all(token.stop for token in analyze(text))


@pytest.mark.parametrize("word", ["growth", "mass", "tumor", "tumour", "cancer", "lump", "Krebs", "kanker",
                                  "Geschwulst", "sein", "haut", "nicht", "niet", "non", "small", "large", "long"])
def test_a_disease_or_site_word_is_not_filler(word):
    """2. "sein" is the French breast though German lists it; "nicht" tells non-small-cell from small-cell."""
    assert not analyze(word)[0].stop


@pytest.mark.parametrize("text, filler", [
    ("how long with melanoma", [True, True, True, False]), ("long QT syndrome", [False, False, False]),
    ("wie lange dauert", [True, True, False]), ("Cornelia de Lange syndrome", [False, True, False, False]),
])
def test_a_filler_phrase_marks_its_words_only_together(text, filler):
    """1. "how long" is a question; "long QT syndrome" and "de Lange" are names."""
    assert [token.stop for token in analyze(text)] == filler


def test_no_word_of_the_site_and_kind_lexicon_is_filler_but_two():
    """2. English "after" is also the German anus and English "rate" the French spleen: the lexicon finds
    them whatever their filler mark (indexer.sites)."""
    lexicon = load_lexicon()
    single = {token.word for entry in lexicon.entries for token in analyze(entry.text) if len(entry.terms) == 1}
    assert single & stopwords() == {"after", "rate"}


def test_the_bundled_names_hold_no_filler_word_but_function_words():
    """3."""
    corpus = load_corpus(ontology_names=False)  # the names the pages themselves give
    filler = {token.word for page in corpus.pages for name in (page.title, *(n.text for n in page.names))
              for token in analyze(name) if token.stop}
    assert filler <= {"a", "and", "d", "de", "der", "des", "du", "en", "et", "het", "l", "la", "of", "the",
                      "type", "van"}


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data is not beside the repository")
def test_the_package_lists_mark_no_word_of_the_disease_ontology_names():
    """4. every name and synonym of the four Disease Ontology files"""
    own, _ = listed_filler_words()
    marked = set()
    for path in SHARED_DATA.glob("*.obo"):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r'^(?:name: |synonym: ")(.*?)(?:"|$)', text, re.M):
            marked.update(token.word for token in analyze(name) if token.stop and token.word not in own)
    assert marked == set()
