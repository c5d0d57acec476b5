"""synonyms.txt in the Solr/Elasticsearch format: equivalences, one-way rules, comments, clear errors."""
import pytest

from indexer.synonyms import SynonymError, parse_synonyms


def test_equivalence_one_way_rules_and_comments_are_read():
    rules = parse_synonyms("# organ words\nkidney, renal\n\nwomb => uterus, uterine  # lay word\n")
    assert [(r.sources, r.targets) for r in rules] == [
        (("kidney", "renal"), ("kidney", "renal")), (("womb",), ("uterus", "uterine"))]


def test_phrases_are_analysed_like_queries():
    rule, = parse_synonyms("tumours of the bone, bone tumor")
    assert rule.terms(rule.sources[0]) == rule.terms(rule.sources[1])[::-1]


@pytest.mark.parametrize("text, message", [
    ("a => b => c", "more than one '=>'"), ("=> b", "no phrase"), ("kidney", "at least two"),
    ("the, of", "no searchable word"),
])
def test_bad_lines_name_the_file_and_line(text, message):
    with pytest.raises(SynonymError) as error:
        parse_synonyms("kidney, renal\n" + text, origin="corpus/synonyms.txt")
    assert "corpus/synonyms.txt:2" in str(error.value) and message in str(error.value)
