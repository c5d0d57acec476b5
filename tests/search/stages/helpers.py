"""Small hand-made inputs for testing one stage at a time: a few near-miss pages, read into a NameIndex the
way a searcher reads an index, and a TextIndex over their summaries."""
from __future__ import annotations

from corpus.page import Name, Page
from indexer.analysis import analyze
from indexer.store import StoredPage, decode_names, encode_names
from indexer.text_index import TextHit
from search.names import NameIndex

PAGES = (
    Page("neuroblastoma", "Neuroblastoma", summary="A childhood tumour of nerve cells."),
    Page("nephroblastoma", "Wilms Tumor", names=(Name("nephroblastoma"),),
         summary="A kidney tumour of young children."),
    Page("all", "Acute Lymphoblastic Leukemia", names=(Name("ALL", kind="acronym"), Name("leucémie", lang="fr")),
         summary="A blood cancer of lymphoblasts, most common in childhood."),
    Page("hodgkin", "Hodgkin Lymphoma", summary="A lymphoma with Reed-Sternberg cells."),
    Page("gallbladder", "Gallbladder Cancer", summary="A cancer of the gallbladder."),
)


def name_index(pages=PAGES) -> NameIndex:
    return NameIndex(StoredPage(page.id, page.title, decode_names(encode_names(page)), page.broader, page.narrower)
                     for page in pages)


class SummaryTextIndex:
    """The TextIndex protocol over the pages' summaries: a page's score is the number of query terms it holds."""

    def __init__(self, pages=PAGES):
        self.terms = [{term for token in analyze(page.summary) for term in token.terms()} for page in pages]

    def page_count(self) -> int:
        return len(self.terms)

    def doc_frequency(self, term: str) -> int:
        return sum(term in held for held in self.terms)

    def search_any(self, terms, *, limit):
        return self._hits([[term] for term in terms], limit, every=False)

    def search_all(self, groups, *, limit):
        return self._hits(groups, limit, every=True)

    def _hits(self, groups, limit, *, every):
        hits = []
        for page, held in enumerate(self.terms):
            found = [group for group in groups if held & set(group)]
            if found and (not every or len(found) == len(groups)):
                hits.append(TextHit(page, frozenset(t for group in found for t in group if t in held), float(len(found))))
        return sorted(hits, key=lambda hit: -hit.score)[:limit]


def query_index(pages=PAGES):
    """Everything the pipeline reads, over `pages`: their names, no synonyms, their summaries as text, and the
    bundled site lexicon."""
    from indexer.sites import load_lexicon
    from search.pipeline import QueryIndex
    from search.stages.expand import SynonymTable
    from search.stages.sites import english_forms

    names = name_index(pages)
    lexicon = load_lexicon()
    return QueryIndex(names, SynonymTable(()), SummaryTextIndex(pages), lexicon, english_forms(lexicon),
                      lexicon.words_with(names.word_frequency))
