"""How an ontology term reads to a visitor: its name in sentence case, its definition's relations in words.

The Disease Ontology writes a term's name in lower case but for proper names and acronyms ("acute
lymphoblastic leukemia", "Burkitt lymphoma", "B-cell acute lymphoblastic leukemia"): a label meant to
start a sentence with a capital, as `sentence_case` gives it. Its definitions name the relations of the
term's logical axioms as written in the ontology ("A leukemia that has_material_basis_in lymphoblasts");
`readable_definition` puts them in words with RELATIONS. I/O-free; the page's data is left as the
ontology wrote it (the index, the JSON API and `corpus export` keep it so).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.page import TERM_ID


@dataclass(frozen=True)
class Relation:
    """A relation's words in a definition: `words` where it stands alone ("A cancer located_in the
    lung": "in"), `after_that` after "that" or "which", where English needs a verb ("that is in")."""

    words: str
    after_that: str


# The relations the Disease Ontology's definitions use at least ten times, counted over its 2016 and 2026
# files (about 4,000 has_material_basis_in, 2,700 has_symptom, 2,000 located_in, 800 results_in, 600
# transmitted_by, 500 derives_from; the rest are rare). Any other name joined by underscores (a rare
# relation, or a misspelt one such as "has_symtom") reads with spaces, which is English for most.
RELATIONS: dict[str, Relation] = {
    "has_material_basis_in": Relation("caused by", "is caused by"),
    "has_physical_basis_in": Relation("caused by", "is caused by"),
    "located_in": Relation("in", "is in"),
    "is_located_in": Relation("in", "is in"),
    # Definitions list symptoms as verbs after the subject: "The infection has_symptom fever, has_symptom
    # headache".
    "has_symptom": Relation("has the symptom", "has the symptom"),
    "results_in_formation_of": Relation("results in the formation of", "results in the formation of"),
    "results_in": Relation("results in", "results in"),
    "transmitted_by": Relation("transmitted by", "is transmitted by"),
    "derives_from": Relation("derives from", "derives from"),
    "caused_by": Relation("caused by", "is caused by"),
    "composed_of": Relation("composed of", "is composed of"),
    "characterized_by": Relation("characterized by", "is characterized by"),
    "derived_from": Relation("derived from", "is derived from"),
}

# A relation as definitions write it: lower-case words joined by underscores, with the word before it
# when that is "that" or "which".
_RELATION = re.compile(r"\b(?:(that|which) )?([a-z]+(?:_[a-z]+)+)\b")
# A first word already written with capitals or digits inside ("mRNA", "pH", "3q29") stays as it is.
_PLAIN_LOWER_WORD = re.compile(r"[^\W\d_][^\W\d_A-Z]*(?=\W|$)")


def is_ontology_term(page_id: str) -> bool:
    """True for a page that is an ontology term: its id is a term id ("DOID:1909"), not a slug."""
    return bool(TERM_ID.fullmatch(page_id))


def sentence_case(name: str) -> str:
    """The name with a capital first letter, as a label starting a sentence; every other letter as written.

    >>> sentence_case("acute lymphoblastic leukemia"), sentence_case("mRNA splicing disease")
    ('Acute lymphoblastic leukemia', 'mRNA splicing disease')
    >>> sentence_case("non-Hodgkin lymphoma")
    'Non-Hodgkin lymphoma'
    """
    if not _PLAIN_LOWER_WORD.match(name):
        return name
    return name[0].upper() + name[1:]


def display_title(page_id: str, title: str) -> str:
    """A page's title as a visitor reads it: an ontology term's name in sentence case, other titles as written."""
    return sentence_case(title) if is_ontology_term(page_id) else title


def readable_definition(text: str) -> str:
    """A definition with the relations of the ontology (RELATIONS) in words.

    >>> readable_definition("A leukemia that has_material_basis_in lymphoblasts and is located_in the marrow.")
    'A leukemia that is caused by lymphoblasts and is in the marrow.'
    >>> readable_definition("A viral infectious disease that results_in fever, has_symptom headache.")
    'A viral infectious disease that results in fever, has the symptom headache.'
    """
    def words(match: re.Match) -> str:
        that, name = match.group(1), match.group(2)
        relation = RELATIONS.get(name)
        if relation is None:
            return match.group(0).replace("_", " ")
        return f"{that} {relation.after_that}" if that else relation.words

    return _RELATION.sub(words, text)
