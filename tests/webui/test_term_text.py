"""How an ontology term reads (webui.term_text), over the Disease Ontology's own definitions.

1. Every relation the ontology's definitions use ten times or more has words in RELATIONS.
2. A relation reads as a verb after "that"/"which" and as the table's words elsewhere.
3. Only an ontology term's title is put in sentence case, and only when its first word is plain lower case.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from corpus.obo import OboTerm, read_obo
from webui.term_text import RELATIONS, display_title, readable_definition, sentence_case

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
RELATION_SYNTAX = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def test_every_relation_the_ontology_uses_often_has_words_in_the_table():
    used = Counter()
    for path in sorted(SHARED_DATA.glob("*.obo")):
        for term in read_obo(path):
            if isinstance(term, OboTerm):
                used.update(RELATION_SYNTAX.findall(term.page.summary))
    assert used["has_material_basis_in"] > 1000, "the ontology files should be read"
    frequent = {relation for relation, count in used.items() if count >= 10}
    assert frequent - set(RELATIONS) == set()


@pytest.mark.parametrize("definition, readable", [
    ("A leukemia that has_material_basis_in lymphoblasts.", "A leukemia that is caused by lymphoblasts."),
    ("A carcinoma that is located_in the tongue.", "A carcinoma that is in the tongue."),
    ("An infection located_in skin, has_material_basis_in Staphylococcus.",
     "An infection in skin, caused by Staphylococcus."),
    ("The infection has_symptom fever, has_symptom headache.",
     "The infection has the symptom fever, has the symptom headache."),
    ("A disease which is transmitted_by ticks and results_in_formation_of cysts.",
     "A disease which is transmitted by ticks and results in the formation of cysts."),
    ("A disease that has_symtom fever.", "A disease that has symtom fever."),  # a misspelt relation: spaces
    ("A cancer of the HER2_positive type.", "A cancer of the HER2_positive type."),  # not a relation
])
def test_relations_read_as_words(definition, readable):
    assert readable_definition(definition) == readable


@pytest.mark.parametrize("title, shown", [
    ("acute lymphoblastic leukemia", "Acute lymphoblastic leukemia"),
    ("Burkitt lymphoma", "Burkitt lymphoma"),
    ("non-Hodgkin lymphoma", "Non-Hodgkin lymphoma"),
    ("mRNA decay disorder", "mRNA decay disorder"),
    ("pH imbalance", "pH imbalance"),
    ("46,XY disorder of sex development", "46,XY disorder of sex development"),
    ("ALL", "ALL"),
])
def test_sentence_case_capitalises_only_a_plain_lower_case_first_word(title, shown):
    assert sentence_case(title) == shown


def test_only_ontology_terms_are_put_in_sentence_case():
    assert display_title("DOID:9952", "acute lymphoblastic leukemia") == "Acute lymphoblastic leukemia"
    assert display_title("my-page", "acute lymphoblastic leukemia") == "acute lymphoblastic leukemia"
