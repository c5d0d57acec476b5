"""condsearch's corpus: the page model, one reader per page format, and the loader.

    from corpus import load_corpus
    corpus = load_corpus(["pages/", "doid.obo"], obo_root="DOID:162")
    corpus.pages, corpus.errors, corpus.synonym_files, corpus.fingerprint()
"""
from corpus.loader import Corpus, bundled_corpus_dir, load_corpus
from corpus.page import NAME_KINDS, CorpusError, Name, Page, Section, Source

__all__ = ["Corpus", "CorpusError", "NAME_KINDS", "Name", "Page", "Section", "Source",
           "bundled_corpus_dir", "load_corpus"]
