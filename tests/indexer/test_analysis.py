"""The analysis chain. Properties checked:
1. Every British/American pair of the shared spelling list analyses to the same terms.
2. The spelling rules hold for British words that list does not name.
3. Accents fold, and an umlaut also meets its German "e" spelling.
4. Possessives, hyphens and compounds: written apart, joined or hyphenated, a name meets itself.
5. Light stemming joins forms of one word and keeps distinct diseases apart.
6. Acronyms are told from ordinary words by how they are written.
7. Invisible format characters inside a word (zero-width space, soft hyphen, joiners) do not split it.
8. The chain runs the steps of its mode, and each token records which steps changed it.
"""
from pathlib import Path

import pytest

from indexer.analysis import Change, Mode, analyze, compound_of, join_compounds, light_stem, sound_key

SPELLINGS = Path(__file__).resolve().parents[3] / "shared" / "data" / "gb-us-medical-spellings.tsv"


def terms(text):
    return [token.terms() for token in analyze(text)]


def meets(first, second):
    """Two texts meet when each position shares a reading, or when one's compound is the other's word."""
    a, b = analyze(first, compounds=True), analyze(second, compounds=True)
    a_terms = {t for token in a for t in token.terms()}
    b_terms = {t for token in b for t in token.terms()}
    words_a = [set(t.terms()) for t in a if t.span == 1]
    words_b = [set(t.terms()) for t in b if t.span == 1]
    if len(words_a) == len(words_b) and all(x & y for x, y in zip(words_a, words_b)):
        return True
    return any(t.span == 2 and set(t.terms()) & b_terms for t in a) or \
        any(t.span == 2 and set(t.terms()) & a_terms for t in b)


@pytest.mark.skipif(not SPELLINGS.exists(), reason="../shared/data is not beside the repository")
def test_every_british_american_pair_of_the_shared_list_analyses_alike():
    """1. the whole file, pair by pair"""
    lines = SPELLINGS.read_text(encoding="utf-8").splitlines()[1:]
    assert len(lines) > 300
    different = [line for line in lines if terms(line.split("\t")[0]) != terms(line.split("\t")[1])]
    assert different == []


@pytest.mark.parametrize("british, american", [
    ("leukaemia", "leukemia"), ("oesophageal", "esophageal"), ("haemangiosarcoma", "hemangiosarcoma"),
    ("paediatric", "pediatric"), ("tumour", "tumor"), ("tumours", "tumors"),
    ("phaeochromocytoma", "pheochromocytoma"), ("anaemia", "anemia"), ("oestrogen", "estrogen"),
    ("haematological", "hematological"), ("polycythaemia", "polycythemia"), ("centre", "center"), ("fibres", "fibers"),
    ("orthopaedic", "orthopedic"), ("gynaecological", "gynecological"), ("leucocytes", "leucocytes"),
    ("dyspnoeic", "dyspneic"), ("thrombocythaemia", "thrombocythemia"), ("metastasise", "metastasize"),
])
def test_british_spelling_rules_hold_for_words_no_list_names(british, american):
    """2. rules over letters, not a word list"""
    assert terms(british) == terms(american)


@pytest.mark.parametrize("accented, plain", [
    ("Waldenström", "Waldenstrom"), ("Waldenström", "Waldenstroem"), ("lymphoïd", "lymphoid"),
    ("Sézary", "Sezary"), ("leucémie aiguë", "leucemie aigue"), ("Leukämie", "Leukaemie"),
    ("Lymphdrüsenkrebs", "Lymphdruesenkrebs"), ("Straße", "Strasse"),
])
def test_accents_fold_and_umlauts_meet_their_german_spelling(accented, plain):
    """3."""
    assert meets(accented, plain)


@pytest.mark.parametrize("first, second", [
    ("Hodgkin's lymphoma", "Hodgkin lymphoma"), ("Wilms' tumour", "Wilms tumor"),
    ("non-Hodgkin", "non Hodgkin"), ("non-Hodgkin", "nonhodgkin"), ("gall bladder", "gallbladder"),
    ("colo rectal", "colorectal"), ("AT/RT", "ATRT"), ("T-cell lymphoma", "tcell lymphoma"),
])
def test_possessives_hyphens_and_compounds_meet(first, second):
    """4."""
    assert meets(first, second)


@pytest.mark.parametrize("first, second", [
    ("ovary", "ovarian"), ("ovaries", "ovary"), ("uterus", "uterine"), ("cervix", "cervical"),
    ("esophagus", "esophageal"), ("larynx", "laryngeal"), ("testis", "testicular"), ("kidneys", "kidney"),
    ("lymphomas", "lymphoma"), ("leukemias", "leukemia"), ("syndromes", "syndrome"), ("pancreas", "pancreatic"),
])
def test_light_stemming_joins_forms_of_one_word(first, second):
    """5a."""
    assert light_stem(analyze(first)[0].word) == light_stem(analyze(second)[0].word)


@pytest.mark.parametrize("first, second", [
    ("myeloma", "myeloid"), ("hepatitis", "hepatic"), ("carcinoma", "carcinoid"), ("sarcoma", "sarcoid"),
    ("neuroblastoma", "nephroblastoma"), ("glioma", "glial"), ("lymphoma", "lymphoid"), ("melanoma", "melanin"),
])
def test_light_stemming_keeps_distinct_diseases_apart(first, second):
    """5b."""
    assert analyze(first)[0].term != analyze(second)[0].term


def test_acronyms_are_told_from_words_by_their_capitals():
    """6."""
    shouted, plain = analyze("ALL"), analyze("all")
    assert shouted[0].acronym and not shouted[0].stop
    assert plain[0].stop and not plain[0].acronym
    assert analyze("NSCLC")[0].acronym
    assert not analyze("Melanoma")[0].acronym


def test_filler_words_are_marked_and_kept_in_place():
    tokens = analyze("what is mantle cell lymphoma")
    assert [t.stop for t in tokens] == [True, True, False, False, False]
    assert [t.position for t in tokens] == [0, 1, 2, 3, 4]


def test_sound_key_meets_greek_spellings_by_ear():
    assert sound_key("kolangiokarsinoma") == sound_key("cholangiocarcinoma")
    assert sound_key("feochromocytoma") == sound_key("pheochromocytoma")
    assert sound_key("lymfoma") == sound_key("lymphoma")
    assert sound_key("nephroblastoma") != sound_key("neuroblastoma")


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_a_format_character_inside_a_word_does_not_split_it(hidden):
    """7. The token keeps the characters' place in the text (for highlighting), not the characters."""
    text = f"Glio{hidden}ma"
    [token] = analyze(text)
    assert (token.surface, token.word, token.start, token.end) == ("Glioma", "glioma", 0, len(text))


def test_odd_unicode_never_breaks_the_chain():
    for text in ["", "   ", "\x00\x01", "🦀 emoji", "\u202eRTL\u200b", "a" * 5000, "ﬁ ligature", "İstanbul"]:
        for token in analyze(text, compounds=True):
            assert token.term and token.word


def test_a_text_that_nfc_lengthens_is_read_word_by_word():
    """U+FB2C (a Hebrew letter with two marks) is three characters in NFC: the words after it, and a
    possessive among them, are still found where they stand (hypothesis found a query that raised here)."""
    assert [token.surface for token in analyze("\ufb2c0")][-1] == "0"
    assert [token.term for token in analyze("\ufb2c Hodgkin's")][-1] == analyze("Hodgkin")[0].term


# 8. The chain is a list of steps with the modes each runs in, and each token records what changed it.

@pytest.mark.parametrize("mode, joined", [(Mode.PAGE, True), (Mode.QUERY, True), (Mode.NAME, False),
                                          (Mode.ACRONYM_NAME, False)])
def test_pages_and_queries_get_compound_joins_and_names_do_not(mode, joined):
    """8."""
    assert any(token.span == 2 for token in analyze("colo rectal", mode=mode)) is joined


def test_a_name_of_kind_acronym_is_read_as_acronyms_however_written():
    """8. the acronym "ALL" listed as "all" is no filler word there; elsewhere "all" is one"""
    assert [(t.acronym, t.stop) for t in analyze("all", mode=Mode.ACRONYM_NAME)] == [(True, False)]
    assert [(t.acronym, t.stop) for t in analyze("all")] == [(False, True)]


@pytest.mark.parametrize("text, changes", [
    ("Leukämie", {Change.ACCENTS, Change.UMLAUT, Change.STEMMED}), ("tumours", {Change.SPELLING, Change.STEMMED}),
    ("Hodgkin's", {Change.POSSESSIVE}), ("Glio\u00adma", {Change.FORMAT_CHARACTERS, Change.STEMMED}),
    ("ALL", {Change.ACRONYM}), ("the", {Change.FILLER}), ("cancer", set()),
])
def test_a_token_records_the_steps_that_changed_it(text, changes):
    """8."""
    assert analyze(text)[0].changes == changes


def test_the_words_of_a_filler_phrase_and_a_joined_pair_record_it():
    """8."""
    how, long, melanoma = analyze("how long melanoma")
    assert Change.FILLER_PHRASE in long.changes and Change.FILLER_PHRASE not in melanoma.changes
    assert [t.changes for t in analyze("colo rectal", mode=Mode.PAGE) if t.span == 2] == [{Change.JOINED}]


def test_one_rule_joins_two_words_for_every_caller():
    """8. join_compounds makes exactly what compound_of says of each pair of neighbours"""
    tokens = analyze("the colo rectal non Hodgkin cancer")
    expected = [compound_of(a, b) for a, b in zip(tokens, tokens[1:]) if compound_of(a, b)]
    assert [(t.word, t.term) for t in join_compounds(tokens)] == expected
