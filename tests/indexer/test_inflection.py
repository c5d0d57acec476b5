"""Plural and inflected French, Dutch and German words meet their singular. Properties checked:
1. Each (inflected, singular) pair of our list meets, in its language.
2. An ending is taken off only when a known word is left: a singular ending in -en, -e or -s stays.
3. A word of unknown language (a query's) is tried as German, Dutch and French in turn.
"""
import pytest

from corpus.loader import load_corpus
from indexer.analysis import analyze, light_stem
from indexer.compounds import name_word_frequencies
from indexer.inflection import singular
from indexer.languages import Lang
from indexer.sites import load_lexicon

# Our own pairs: disease, kind and organ words as a visitor inflects them.
PAIRS = [
    ("Tumoren", "Tumor", Lang.DE), ("Leukämien", "Leukämie", Lang.DE), ("Magens", "Magen", Lang.DE),
    ("Nieren", "Niere", Lang.DE), ("Karzinome", "Karzinom", Lang.DE), ("Karzinomen", "Karzinom", Lang.DE),
    ("Krebses", "Krebs", Lang.DE), ("Lymphome", "Lymphom", Lang.DE), ("Sarkome", "Sarkom", Lang.DE),
    ("Melanome", "Melanom", Lang.DE), ("Lungen", "Lunge", Lang.DE), ("Geschwülste", "Geschwulst", Lang.DE),
    ("Neubildungen", "Neubildung", Lang.DE), ("Eierstöcke", "Eierstock", Lang.DE), ("Hoden", "Hoden", Lang.DE),
    ("Gliome", "Gliom", Lang.DE), ("bösartigen", "bösartig", Lang.DE), ("bösartiger", "bösartig", Lang.DE),
    ("tumoren", "tumor", Lang.NL), ("gezwellen", "gezwel", Lang.NL), ("kankers", "kanker", Lang.NL),
    ("carcinomen", "carcinoom", Lang.NL), ("lymfomen", "lymfoom", Lang.NL), ("sarcomen", "sarcoom", Lang.NL),
    ("nieren", "nier", Lang.NL), ("longen", "long", Lang.NL), ("leukemieën", "leukemie", Lang.NL),
    ("melanomen", "melanoom", Lang.NL), ("eierstokken", "eierstok", Lang.NL), ("kwaadaardige", "kwaadaardig", Lang.NL),
    ("tumeurs", "tumeur", Lang.FR), ("cancers", "cancer", Lang.FR), ("carcinomes", "carcinome", Lang.FR),
    ("leucémies", "leucémie", Lang.FR), ("lymphomes", "lymphome", Lang.FR), ("sarcomes", "sarcome", Lang.FR),
    ("rénaux", "rénal", Lang.FR), ("cérébrales", "cérébral", Lang.FR), ("malignes", "maligne", Lang.FR),
    ("ovaires", "ovaire", Lang.FR), ("poumons", "poumon", Lang.FR),
]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def vocabulary(corpus):
    """The words of every name, as for a query of unknown language."""
    names = [page.title for page in corpus.pages] + [name.text for page in corpus.pages for name in page.names]
    return load_lexicon().words_with(name_word_frequencies(names))


@pytest.fixture(scope="module")
def vocabulary_of(corpus):
    """The words of one language's names, as for a page name whose `lang` is known."""
    def of(lang):
        names = [name.text for page in corpus.pages for name in page.names if name.lang == lang.value]
        return load_lexicon().words_with(name_word_frequencies(names), lang=lang)
    return {lang: of(lang) for lang in (Lang.DE, Lang.NL, Lang.FR)}


def term(word, lang, vocabulary):
    """The term a word is indexed and looked up by once its singular is found."""
    return light_stem(singular(analyze(word)[0].word, lang, vocabulary))


@pytest.mark.parametrize("inflected, base, lang", PAIRS)
def test_an_inflected_word_meets_its_singular(inflected, base, lang, vocabulary_of):
    """1."""
    assert term(inflected, lang, vocabulary_of[lang]) == term(base, lang, vocabulary_of[lang])


@pytest.mark.parametrize("word, lang", [("magen", Lang.DE), ("hoden", Lang.DE), ("kanker", Lang.NL),
                                        ("cancer", Lang.FR), ("krebs", Lang.DE), ("maligne", Lang.NL)])
def test_an_ending_stays_when_no_known_word_is_left(word, lang, vocabulary):
    """2. "Magen" is not "Mage" + n: no such word is known."""
    assert singular(word, lang, vocabulary) == word


def test_only_a_known_word_is_read_out_of_a_longer_one():
    """2."""
    assert singular("nieren", Lang.DE, {"niere": 1}) == "niere"
    assert singular("nieren", Lang.DE, {}) == "nieren"


@pytest.mark.parametrize("word, base", [("tumoren", "tumor"), ("gezwellen", "gezwel"), ("tumeurs", "tumeur")])
def test_a_word_of_unknown_language_is_tried_in_each(word, base, vocabulary):
    """3."""
    assert singular(word, None, vocabulary) == base
    assert singular(word, Lang.EN, vocabulary) == word
