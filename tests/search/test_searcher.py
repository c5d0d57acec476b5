"""The whole pipeline over a small index of near-misses. Properties checked:
1. Each kind of query finds its page first: exact, variant, synonym, acronym, typo, sound, prefix,
   other languages, word order and filler words.
2. Ranking: an exact title beats a fuzzy match; exact beats variant beats typo; related names rank last.
3. Acronyms: "ALL" is the leukaemia, "all" inside a sentence is not; a lone lower-case acronym still works.
4. Gibberish gets no result at all; a stray common word does not make a match.
5. Each result explains itself in plain words; corrections come with a did-you-mean.
6. Highlights are escaped HTML that marks the matched words.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest

from search import MatchTier, Searcher


@pytest.fixture(scope="module")
def searcher(near_miss_index):
    return Searcher(near_miss_index)


def top(searcher, query):
    response = searcher.search(query)
    return response[0] if response.hits else None


@pytest.mark.parametrize("query, page_id, tier", [
    ("Acute Lymphoblastic Leukemia", "acute-lymphoblastic-leukemia", MatchTier.EXACT),
    ("acute lymphoblastic leukaemia", "acute-lymphoblastic-leukemia", MatchTier.EXACT),
    ("leukaemia acute lymphoblastic", "acute-lymphoblastic-leukemia", MatchTier.EXACT),
    ("akute lymphatische Leukaemie", "acute-lymphoblastic-leukemia", MatchTier.VARIANT),
    ("leucemie aigue lymphoblastique", "acute-lymphoblastic-leukemia", MatchTier.VARIANT),
    ("oesophageal cancer", "esophageal-cancer", MatchTier.EXACT),
    ("oesophagus cancer", "esophageal-cancer", MatchTier.VARIANT),
    ("Waldenstrom macroglobulinaemia", "waldenstrom", MatchTier.VARIANT),
    ("Kahlers disease", "multiple-myeloma", MatchTier.VARIANT),
    ("nonhodgkin lymphoma", "non-hodgkin-lymphoma", MatchTier.VARIANT),
    ("womb cancer", "endometrial-cancer", MatchTier.EXACT),
    ("kidney cell carcinoma", "renal-cell-carcinoma", MatchTier.SYNONYM),
    ("AML", "acute-myeloid-leukemia", MatchTier.EXACT),
    ("nhl", "non-hodgkin-lymphoma", MatchTier.EXACT),
    ("acute myloid leukemia", "acute-myeloid-leukemia", MatchTier.TYPO),
    ("neuroblastomma", "neuroblastoma", MatchTier.TYPO),
    ("nefroblastoma", "nephroblastoma", MatchTier.TYPO),
    ("caposi sarcoma", "kaposi-sarcoma", MatchTier.TYPO),
    ("kolangiokarsinoma", "cholangiocarcinoma", MatchTier.PHONETIC),
    ("neurobl", "neuroblastoma", MatchTier.TYPO),
    ("cholangio", "cholangiocarcinoma", MatchTier.TYPO),
    ("Hautkrebs", "melanoma", MatchTier.EXACT),
    ("lymfeklierkanker", "non-hodgkin-lymphoma", MatchTier.EXACT),
    ("what is multiple myeloma", "multiple-myeloma", MatchTier.EXACT),
    ("my son has neuroblastoma", "neuroblastoma", MatchTier.EXACT),
    ("lymphoblasts", "acute-lymphoblastic-leukemia", MatchTier.VARIANT),
    ("immature nerve cells", "neuroblastoma", MatchTier.TEXT),
])
def test_each_kind_of_query_finds_its_page_first(searcher, query, page_id, tier):
    """1."""
    hit = top(searcher, query)
    assert hit is not None and hit.id == page_id
    assert hit.match == tier


def test_multi_word_synonyms_match_as_phrases(searcher):
    """synonyms.txt: "lymph node cancer => lymphoma" finds the lymphoma pages; the words apart do not"""
    response = searcher.search("lymph node cancer")
    assert {hit.id for hit in response.hits[:2]} == {"waldenstrom", "non-hodgkin-lymphoma"}
    assert all(hit.match is MatchTier.SYNONYM for hit in response.hits[:2])
    assert "'lymph node cancer' means 'lymphoma'" in response[0].explanation
    assert "non-hodgkin-lymphoma" not in [hit.id for hit in searcher.search("cancer node lymph")][:2]


def test_an_exact_title_is_never_beaten_by_a_fuzzy_match(searcher):
    """2. "Nephroblastoma" is one edit from nothing else, but "neuroblastoma" is one letter-swap away"""
    ids = [hit.id for hit in searcher.search("neuroblastoma")]
    assert ids[0] == "neuroblastoma"
    assert [hit.id for hit in searcher.search("melanoma")][0] == "melanoma"


def test_related_names_rank_below_other_names(searcher):
    """2. "eye cancer" is a related name of two pages; the one with it as a closer name wins"""
    response = searcher.search("ocular melanoma")
    assert response[0].id == "uveal-melanoma"
    related = searcher.search("eye cancer")
    assert {hit.id for hit in related} >= {"uveal-melanoma", "eye-disorder"}


def test_all_in_capitals_is_the_leukaemia_and_in_a_sentence_is_a_word(searcher):
    """3."""
    assert top(searcher, "ALL").id == "acute-lymphoblastic-leukemia"
    assert top(searcher, "child with ALL").id == "acute-lymphoblastic-leukemia"
    assert top(searcher, "ALL symptoms").id == "acute-lymphoblastic-leukemia"
    assert top(searcher, "all").id == "acute-lymphoblastic-leukemia"
    assert "acute-lymphoblastic-leukemia" not in [h.id for h in searcher.search("all about melanoma")]
    assert top(searcher, "all about melanoma").id == "melanoma"


@pytest.mark.parametrize("gibberish", ["asdfghjkl", "qwertyuiop", "zzxqv kkwpt", "xkcd", "lorem ipsum dolor",
                                       "the of and", "12345", "!!!", ""])
def test_gibberish_gets_no_result(searcher, gibberish):
    """4."""
    response = searcher.search(gibberish)
    assert response.hits == () and response.total == 0


def test_a_stray_common_word_does_not_make_a_match(searcher):
    """4. "cancer" alone is weak evidence next to a rare word the query misses"""
    assert "melanoma" not in [hit.id for hit in searcher.search("hypernephroma cancer")][:1]
    assert searcher.search("hypernephroma cancer")[0].id == "renal-cell-carcinoma"
    assert searcher.search("qwertyuiop asdfghjkl").hits == ()


def test_words_found_nowhere_do_not_hide_the_words_that_match(searcher):
    """4. a word in no name, no correction and no page text is neither evidence for nor against"""
    assert searcher.search("is melanoma curable")[0].id == "melanoma"
    assert searcher.search("survival rate of neuroblastoma")[0].id == "neuroblastoma"


@pytest.mark.parametrize("query, words", [
    ("leukaemia acute lymphoblastic", ["another name for Acute Lymphoblastic Leukemia"]),
    ("womb cancer", ["'womb cancer' is another name for Endometrial Cancer"]),
    ("nuroblastoma", ["corrected 'nuroblastoma' to 'neuroblastoma'"]),
    ("kolangiokarsinoma", ["'kolangiokarsinoma' sounds like 'cholangiocarcinoma'"]),
    ("AML", ["'AML' stands for Acute Myeloid Leukemia"]),
    ("Hautkrebs", ["German name for Melanoma"]),
    ("Waldenstrom", ["'Waldenstrom' is 'Waldenström' written without accents"]),
    ("neurobl", ["'neurobl' is the start of 'neuroblastoma'"]),
])
def test_each_result_explains_itself_in_plain_words(searcher, query, words):
    """5."""
    explanation = top(searcher, query).explanation.lower()
    for expected in words:
        assert expected.lower() in explanation


def test_a_corrected_query_comes_with_a_did_you_mean(searcher):
    """5."""
    assert searcher.search("nuroblastoma").suggestion == "neuroblastoma"
    assert searcher.search("acute myloid leukemia").suggestion == "acute myeloid leukemia"
    assert searcher.search("neuroblastoma").suggestion is None


def test_highlights_mark_matched_words_and_escape_everything_else(searcher):
    """6."""
    hit = top(searcher, "lymphoblasts")
    assert "<mark>lymphoblasts</mark>" in hit.highlight
    assert top(searcher, "Kahlers disease").matched_name_html == "<mark>Kahler</mark>&#39;s <mark>disease</mark>"


def test_limit_offset_and_total_page_through_results(searcher):
    everything = searcher.search("cancer", limit=100)
    first, second = searcher.search("cancer", limit=2), searcher.search("cancer", limit=2, offset=2)
    assert everything.total == len(everything.hits) >= 4
    assert [h.id for h in first.hits + second.hits] == [h.id for h in everything.hits[:4]]


def test_pages_and_index_facts_are_available(searcher):
    page = searcher.page("kaposi-sarcoma")
    assert page.title == "Kaposi Sarcoma" and any(n.text == "KS" for n in page.names)
    assert searcher.page("no-such-page") is None
    assert searcher.info().page_count == 15


def test_suggestions_complete_names_while_typing(searcher):
    suggestions = searcher.suggest("neurobl")
    assert suggestions[0].id == "neuroblastoma"
    assert [s.id for s in searcher.suggest("lymphoblas")][:1] == ["acute-lymphoblastic-leukemia"]
    assert searcher.suggest("") == []


def test_a_searcher_is_safe_to_share_between_threads(searcher):
    queries = ["nuroblastoma", "ALL", "womb cancer", "caposi sarcoma", "Hautkrebs"] * 20
    expected = [top(searcher, q).id for q in queries]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda q: top(searcher, q).id, queries))
    assert answers == expected


def test_highlights_mark_whole_words_of_text_written_with_combining_accents():
    """A page scraped with decomposed accents (e + U+0301) is marked word by word, not shifted by a character."""
    from corpus.page import Page
    from indexer.analysis import analyze
    from indexer.store import decode_summary, encode_summary
    from search.stages.explain import mark, snippet
    wanted = {analyze("leucémie")[0].term}
    decomposed = "La leuce\u0301mie aigue\u0308 touche les lymphoblastes."
    assert str(mark(decomposed, wanted)) == "La <mark>leucémie</mark> aiguë touche les lymphoblastes."
    summary, tokens, places = decode_summary(encode_summary(Page("lal", "Leucémie aiguë", summary=decomposed)))
    assert "<mark>leucémie</mark> aiguë" in str(snippet(summary, tokens, wanted, places)[1])


def test_completions_keep_the_names_holding_the_typed_filler_words_among_many(tmp_path):
    """"tumor of" among hundreds of shorter "... tumor" names: the names scored for a completion are capped,
    and the cap must keep the names that also hold "of", which rank first once scored."""
    from string import ascii_lowercase

    from corpus.jsonl import write_jsonl
    from corpus.page import Page
    from indexer import ensure_index
    from search import limits

    made_up = [a + b + c + "oma" for a in "bdfgk" for b in "aeiou" for c in ascii_lowercase[:10]][:3 * limits.MAX_SUGGEST_NAMES_SCORED]
    pages = [Page(f"short-{n}", f"{word} tumor") for n, word in enumerate(made_up)]
    pages += [Page(f"of-{organ}", f"tumor of the {organ}") for organ in ("heart", "nipple", "jejunum")]
    index_dir = tmp_path / "index"
    with open(tmp_path / "pages.jsonl", "w", encoding="utf-8") as stream:
        write_jsonl(pages, stream)
    ensure_index(index_dir, corpus_paths=[tmp_path / "pages.jsonl"])
    suggestions = Searcher(index_dir).suggest("tumor of")
    assert sorted(s.id for s in suggestions[:3]) == ["of-heart", "of-jejunum", "of-nipple"]


def test_a_word_too_short_to_complete_does_not_take_over_the_suggestions(tmp_path):
    """"bone c": the "c" is a word being typed, not the lone "C" of "C-cell carcinoma"."""
    from corpus.jsonl import write_jsonl
    from corpus.page import Name, Page
    from indexer import ensure_index

    pages = [Page("osteosarcoma", "Osteosarcoma", names=(Name("bone cancer", "lay"),)),
             Page("myeloma", "Multiple Myeloma", names=(Name("bone marrow cancer", "lay"),)),
             Page("medullary-thyroid-cancer", "Medullary Thyroid Cancer", names=(Name("C-cell carcinoma"),))]
    with open(tmp_path / "pages.jsonl", "w", encoding="utf-8") as stream:
        write_jsonl(pages, stream)
    ensure_index(tmp_path / "index", corpus_paths=[tmp_path / "pages.jsonl"])
    searcher = Searcher(tmp_path / "index")
    assert [s.id for s in searcher.suggest("bone c")] == ["osteosarcoma", "myeloma"]
    assert [s.id for s in searcher.suggest("C")] == ["medullary-thyroid-cancer"]


@pytest.fixture(scope="module")
def ontology_like_searcher(tmp_path_factory):
    """Names as ontologies write them: long acronyms, and words that read, written together, as a typo."""
    from corpus.jsonl import write_jsonl
    from corpus.page import Name, Page
    from indexer import ensure_index

    folder = tmp_path_factory.mktemp("ontology-like")
    pages = [Page("catshl", "camptodactyly-tall stature-scoliosis-hearing loss syndrome",
                  (Name("CATSHL syndrome", "acronym"),)),
             Page("ald", "alcohol-associated liver disease", (Name("alcoholic liver disease", "synonym"),)),
             Page("alc", "alcoholic liver cirrhosis"),
             Page("gsd1a", "glycogen storage disease Ia"),
             Page("aml", "acute myeloid leukemia", (Name("AML", "acronym"),)),
             Page("down", "Down syndrome")]
    with open(folder / "pages.jsonl", "w", encoding="utf-8") as stream:
        write_jsonl(pages, stream)
    ensure_index(folder / "index", corpus_paths=[folder / "pages.jsonl"])
    return Searcher(folder / "index")


def test_a_typo_in_a_long_acronym_is_corrected_and_a_short_acronym_is_not(ontology_like_searcher):
    for query in ("CATSH syndrome", "catsh syndrome"):
        answer = ontology_like_searcher.search(query)
        assert [hit.id for hit in answer.hits][:1] == ["catshl"], query
        assert answer.suggestion == "CATSHL syndrome"
    assert "aml" not in [hit.id for hit in ontology_like_searcher.search("AMK").hits]


def test_a_typo_that_reads_as_two_name_words_written_together_is_still_corrected(ontology_like_searcher):
    """"diseasee" reads as "disease Ia" written together; the query still means "disease"."""
    answer = ontology_like_searcher.search("alcoholic liver diseasee")
    assert [hit.id for hit in answer.hits][:1] == ["ald"]
    assert answer.hits[0].match is MatchTier.TYPO
