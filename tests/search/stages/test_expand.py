"""The expand stage: 1. each word's terms are exact units and filler words optional ones; 2. two neighbours
join into a compound; 3. synonyms.txt phrases become synonym units costing SYNONYM_COST."""
from indexer.synonyms import SynonymRule, parse_synonyms
from search import limits
from search.kinds import UnitKind
from search.searcher import synonym_table
from search.stages.expand import SynonymTable, expand
from search.stages.normalise import normalise

NO_SYNONYMS = SynonymTable(())


def test_words_are_exact_units_and_filler_words_optional():
    units = expand(normalise("tumour of kidney"), NO_SYNONYMS)
    kinds = {unit.typed: unit.kind for unit in units}
    assert kinds == {"tumour": UnitKind.EXACT, "of": UnitKind.OPTIONAL, "kidney": UnitKind.EXACT}


def test_neighbouring_words_are_also_read_joined():
    joins = [unit for unit in expand(normalise("gall bladder"), NO_SYNONYMS) if unit.kind is UnitKind.JOIN]
    assert [(unit.terms, unit.positions) for unit in joins] == [(("gallbladder",), {0, 1})]


def test_a_synonym_rule_adds_its_other_phrases():
    table = synonym_table("kidney, renal\n", "test")
    synonyms = [unit for unit in expand(normalise("kidney tumour"), table) if unit.kind is UnitKind.SYNONYM]
    assert [(unit.found, unit.typed, unit.cost) for unit in synonyms] == [("renal", "kidney", limits.SYNONYM_COST)]
