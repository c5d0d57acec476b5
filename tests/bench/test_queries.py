"""The seeded query generator.

1. The same seed gives the same file; another seed gives another.
2. `typo1` queries are one edit from a real name, `typo2` two, counted per operation.
3. A misspelling never lands on a word of the corpus, nor on another page's name.
4. The expected answer holds the page the name came from.
5. Gibberish is unique and far from every corpus word.
"""
from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import OSA

from bench.queries import (GIBBERISH_MIN_DISTANCE, apply_edit, fold, generate_queries, misspell,
                           write_query_file)
from search.evaluation import read_queries


def _names(pages):
    return {fold(name.text): page.id for page in pages for name in page.all_names()}


def test_same_seed_gives_the_same_queries(pages):
    """Determinism: a fixed seed reproduces the file exactly."""
    first = generate_queries(pages, count=6, none_count=3, seed=7)
    second = generate_queries(pages, count=6, none_count=3, seed=7)
    assert first == second
    assert generate_queries(pages, count=6, none_count=3, seed=8) != first


@pytest.mark.parametrize("operation, distance", [("drop", 1), ("double", 1), ("swap", 1)])
def test_each_plain_edit_is_one_edit_away(operation, distance):
    """drop, double and swap are each exactly one OSA edit."""
    rng = random.Random(3)
    for _ in range(50):
        edited, label = apply_edit("glioblastoma", operation, rng)
        assert OSA.distance(edited, "glioblastoma") == distance
        assert label.startswith(operation)


def test_sound_alike_substitution_spells_the_same_sound():
    """ph->f and friends change one spelling unit: at most two character edits."""
    rng = random.Random(1)
    seen = set()
    for _ in range(60):
        edited, label = apply_edit("pheochromocytoma", "sound", rng)
        seen.add(label.split("@")[0])
        assert 1 <= OSA.distance(edited, "pheochromocytoma") <= 2
    assert "sound:ph>f" in seen and "sound:c>k" in seen


def test_generated_misspellings_are_one_or_two_edits_from_their_name(pages):
    """typo1 is 1-2 character edits from the source name, typo2 2-4; exact is the name itself."""
    queries = generate_queries(pages, count=40, none_count=0, seed=11)
    kinds = {query.kind for query in queries}
    assert {"exact", "typo1", "typo2"} <= kinds
    for query in queries:
        distance = OSA.distance(fold(query.query), fold(query.source_name))
        operations = len(query.edits)
        if query.kind == "exact":
            assert distance == 0 and operations == 0
        else:
            assert operations == (1 if query.kind == "typo1" else 2)
            assert 1 <= distance <= 2 * operations


def test_misspellings_are_not_names_or_words_of_the_corpus(pages):
    """A typo that spells a real word or another name is no typo, so the generator rejects it."""
    names = _names(pages)
    vocabulary = {word for name in names for word in name.split()}
    for query in generate_queries(pages, count=40, none_count=0, seed=5):
        if query.kind != "exact":
            assert fold(query.query) not in names
            changed = set(fold(query.query).split()) - set(fold(query.source_name).split())
            assert changed and not changed & vocabulary


def test_expected_answer_is_the_page_the_name_came_from(pages):
    """The expected ids are every page carrying the source name."""
    names = _names(pages)
    for query in generate_queries(pages, count=20, none_count=0, seed=2):
        assert names[fold(query.source_name)] in query.expected


def test_gibberish_is_unique_and_far_from_every_word(pages):
    """NONE queries cannot be read as a typo of anything in the corpus."""
    vocabulary = {word for name in _names(pages) for word in name.split()}
    gibberish = [q.query for q in generate_queries(pages, count=0, none_count=15, seed=9)]
    assert len(set(gibberish)) == 15
    for text in gibberish:
        for word in text.split():
            assert min(OSA.distance(word, known) for known in vocabulary) >= GIBBERISH_MIN_DISTANCE


def test_misspell_gives_up_when_no_word_is_long_enough():
    """Short names (acronyms) are not misspelt: there is no realistic typo of "ALL"."""
    assert misspell("ALL", 1, random.Random(0)) is None


def test_written_file_reads_back_through_the_shared_evaluation_reader(pages, tmp_path):
    """The file is a query TSV that search.evaluation reads as it is (the edits column is ignored)."""
    queries = generate_queries(pages, count=8, none_count=2, seed=4)
    path = write_query_file(queries, tmp_path / "q.tsv", header_note="test")
    read = read_queries(path)
    assert [(q.query, q.expected, q.kind) for q in read] == [(q.query, q.expected, q.kind) for q in queries]
