"""The site and kind lexicon (indexer/data/sites.tsv). Properties checked:
1. A bad line is reported as FILE:LINE with its reason; the other lines are still read.
2. Every site and kind has words in all four languages.
3. Every bundled page whose names name an organ gets that organ as its site.
4. A French, Dutch or German site word, inflected or inside a compound, maps to the English site.
5. A classification's kind + site phrase is read as context, kind and site, in each language.
6. A phrase is read before its words ("bone marrow" is not "bone"), and a word is looked up in the text's
   language only ("rate" is the French spleen, not an English rate).
7. A site inside a compound counts for a page only when the compound names a tumour.
"""
import pytest

from corpus.loader import load_corpus
from indexer.compounds import name_word_frequencies
from indexer.languages import Lang
from indexer.sites import Category, LexiconError, load_lexicon, page_sites, parse_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ontology_names=False)  # the names the pages themselves give


@pytest.fixture(scope="module")
def vocabulary(lexicon, corpus):
    names = [page.title for page in corpus.pages] + [name.text for page in corpus.pages for name in page.names]
    return lexicon.words_with(name_word_frequencies(names))


def keys(found, category):
    return [item.entry.key for item in found if item.entry.category is category]


def test_bad_lines_are_reported_with_file_and_line_and_the_rest_is_read():
    """1."""
    text = ("# comment\n"
            "site\tkidney\ten\tnoun\tkidney\n"
            "site\tkidney\txx\tnoun\trein\n"
            "organ\tkidney\ten\tnoun\tkidney\n"
            "site\tkidney\tde\tnoun\n"
            "site\tkidney\tde\tnoun\tNiere,,Nieren\n"
            "kind\ttumor\tnl\tnoun\tgezwel\n")
    entries, errors = parse_lexicon(text, file="sites.tsv")
    assert [entry.text for entry in entries] == ["kidney", "gezwel"]
    assert [str(error).split(":")[:2] for error in errors] == [["sites.tsv", "3"], ["sites.tsv", "4"],
                                                              ["sites.tsv", "5"], ["sites.tsv", "6"]]
    assert "'xx' is not a valid Lang" in str(errors[0]) and "expected 5 tab-separated columns" in str(errors[2])


def test_loading_a_bad_file_names_every_bad_line(tmp_path):
    """1."""
    path = tmp_path / "sites.tsv"
    path.write_text("site\tkidney\ten\tnoun\tkidney\nsite\tkidney\ten\tverb\trenal\nkind\n", encoding="utf-8")
    with pytest.raises(LexiconError) as raised:
        load_lexicon(path)
    assert [line.split(":")[1] for line in str(raised.value).splitlines()] == ["2", "3"]


def test_every_site_and_kind_has_words_in_all_four_languages(lexicon):
    """2."""
    for category in (Category.SITE, Category.KIND, Category.CONTEXT):
        for key in lexicon.keys(category):
            languages = {entry.lang for entry in lexicon.entries if entry.key == key}
            assert languages == set(Lang), key


# The organ each bundled page's names name (read from its names: "kidney cancer", "Hirntumor", "cancer de
# la vessie"), for every page whose names name one.
PAGE_SITES = {
    "acute-lymphoblastic-leukemia": "blood", "adrenocortical-carcinoma": "adrenal gland", "anal-cancer": "anus",
    "anaplastic-thyroid-cancer": "thyroid gland", "appendix-cancer": "appendix", "astrocytoma": "brain",
    "basal-cell-carcinoma": "skin", "bladder-cancer": "bladder", "breast-cancer": "breast",
    "burkitt-lymphoma": "lymph node", "cervical-cancer": "cervix", "cholangiocarcinoma": "bile duct",
    "chondrosarcoma": "cartilage", "chordoma": "bone", "colorectal-cancer": "colon", "craniopharyngioma": "brain",
    "cutaneous-squamous-cell-carcinoma": "skin", "cutaneous-t-cell-lymphoma": "skin", "diffuse-midline-glioma": "brain",
    "endometrial-cancer": "endometrium", "ependymoma": "spinal cord", "esophageal-cancer": "esophagus",
    "fallopian-tube-cancer": "fallopian tube", "gallbladder-cancer": "gallbladder", "gastric-cancer": "stomach",
    "gastrointestinal-stromal-tumor": "gastrointestinal tract", "glioblastoma": "brain",
    "head-and-neck-cancer": "head and neck", "hepatoblastoma": "liver", "hepatocellular-carcinoma": "liver",
    "hypopharyngeal-cancer": "hypopharynx", "laryngeal-cancer": "larynx",
    "malignant-peripheral-nerve-sheath-tumor": "peripheral nerve", "marginal-zone-lymphoma": "spleen",
    "medullary-thyroid-cancer": "thyroid gland", "medulloblastoma": "brain", "melanoma": "skin",
    "meningioma": "meninges", "merkel-cell-carcinoma": "skin", "mesothelioma": "pleura",
    "multiple-myeloma": "bone marrow", "nasal-and-paranasal-sinus-cancer": "paranasal sinus",
    "nasopharyngeal-carcinoma": "nasopharynx", "non-small-cell-lung-cancer": "lung", "oligodendroglioma": "brain",
    "oral-cavity-cancer": "mouth", "oropharyngeal-cancer": "oropharynx", "osteosarcoma": "bone",
    "ovarian-cancer": "ovary", "pancreatic-cancer": "pancreas", "pancreatic-neuroendocrine-tumor": "pancreas",
    "parathyroid-cancer": "parathyroid gland", "penile-cancer": "penis", "pituitary-tumor": "pituitary gland",
    "primary-cns-lymphoma": "central nervous system", "primary-peritoneal-cancer": "peritoneum",
    "prostate-cancer": "prostate", "renal-cell-carcinoma": "kidney", "retinoblastoma": "eye",
    "salivary-gland-cancer": "salivary gland", "small-cell-lung-cancer": "lung",
    "small-intestine-cancer": "small intestine", "soft-tissue-sarcoma": "soft tissue",
    "synovial-sarcoma": "synovium", "testicular-cancer": "testis", "thymoma-thymic-carcinoma": "thymus",
    "thyroid-cancer": "thyroid gland", "triple-negative-breast-cancer": "breast", "uterine-sarcoma": "uterus",
    "uveal-melanoma": "eye", "vaginal-cancer": "vagina", "vulvar-cancer": "vulva",
}


def test_every_bundled_page_naming_an_organ_gets_its_site(corpus, vocabulary):
    """3."""
    missing = {}
    by_id = {page.id: page for page in corpus.pages}
    for page in corpus.pages:
        if page.id in PAGE_SITES:
            # A type's site may be said by its group's overview page ("brain tumour" is the overview's name).
            named = [page, *(by_id[up] for up in page.broader if up in by_id)]
            names = [text for held in named
                     for text in (held.title, *((n.text, n.lang) for n in held.names if n.kind != "related"))]
            sites = page_sites(names, vocabulary)
            if PAGE_SITES[page.id] not in sites:
                missing[page.id] = sites
    assert missing == {}


@pytest.mark.parametrize("text, lang, site", [
    ("Niere", Lang.DE, "kidney"), ("Nieren", Lang.DE, "kidney"), ("nier", Lang.NL, "kidney"),
    ("rein", Lang.FR, "kidney"), ("rénal", Lang.FR, "kidney"), ("reins", Lang.FR, "kidney"),
    ("rénaux", Lang.FR, "kidney"), ("Haut", Lang.DE, "skin"), ("huid", Lang.NL, "skin"), ("peau", Lang.FR, "skin"),
    ("cutanée", Lang.FR, "skin"), ("Magen", Lang.DE, "stomach"), ("Magens", Lang.DE, "stomach"),
    ("maag", Lang.NL, "stomach"), ("estomac", Lang.FR, "stomach"), ("Gehirn", Lang.DE, "brain"),
    ("hersenen", Lang.NL, "brain"), ("cerveau", Lang.FR, "brain"), ("cérébrale", Lang.FR, "brain"),
    ("Hirntumor", Lang.DE, "brain"), ("hersentumor", Lang.NL, "brain"), ("Eierstöcke", Lang.DE, "ovary"),
    ("Gebärmutterhals", Lang.DE, "cervix"), ("Gebaermutterhals", Lang.DE, "cervix"),
    ("Bauchspeicheldrüse", Lang.DE, "pancreas"), ("alvleesklier", Lang.NL, "pancreas"),
    ("Lebertumor", Lang.DE, "liver"), ("leverkanker", Lang.NL, "liver"),
])
def test_a_foreign_site_word_maps_to_the_english_site(lexicon, vocabulary, text, lang, site):
    """4."""
    assert keys(lexicon.find(text, lang=lang, vocabulary=vocabulary), Category.SITE) == [site]


@pytest.mark.parametrize("text, lang, site, kind", [
    ("malignant neoplasm of the stomach", Lang.EN, "stomach", "tumor"),
    ("Bösartige Neubildung des Magens", Lang.DE, "stomach", "tumor"),
    ("tumeur maligne du rein", Lang.FR, "kidney", "tumor"),
    ("kwaadaardige nieuwvorming van de blaas", Lang.NL, "bladder", "tumor"),
    ("malignant tumours of the kidneys", Lang.EN, "kidney", "tumor"),
    ("tumeurs malignes des os", Lang.FR, "bone", "tumor"),
])
def test_a_classification_phrase_is_read_as_context_kind_and_site(lexicon, vocabulary, text, lang, site, kind):
    """5."""
    found = lexicon.find(text, lang=lang, vocabulary=vocabulary)
    assert keys(found, Category.CONTEXT) == ["malignant"]
    assert keys(found, Category.KIND) == [kind]
    assert keys(found, Category.SITE) == [site]


@pytest.mark.parametrize("text, sites", [
    ("bone marrow cancer", ["bone marrow"]), ("small bowel cancer", ["small intestine"]),
    ("gall bladder cancer", ["gallbladder"]), ("cancer of the neck of the womb", ["cervix"]),
    ("Kopf-Hals-Tumor", ["head and neck"]), ("gastro-intestinal stromal tumour", ["gastrointestinal tract"]),
])
def test_a_phrase_is_read_before_its_words(lexicon, vocabulary, text, sites):
    """6."""
    assert keys(lexicon.find(text, vocabulary=vocabulary), Category.SITE) == sites


@pytest.mark.parametrize("text, lang, sites", [
    ("survival rate", Lang.EN, []), ("survival rate", None, []), ("cancer de la rate", Lang.FR, ["spleen"]),
    ("how long", Lang.EN, []), ("how long", None, []), ("kanker van de long", Lang.NL, ["lung"]),
])
def test_a_word_is_looked_up_in_the_language_of_the_text(lexicon, vocabulary, text, lang, sites):
    """6."""
    assert keys(lexicon.find(text, lang=lang, vocabulary=vocabulary), Category.SITE) == sites


def test_a_site_inside_a_compound_counts_only_in_the_name_of_a_tumour(vocabulary):
    """7. "Blasenmole" is a hydatidiform mole, not a tumour of the bladder; "Blasenkarzinom" is one."""
    assert page_sites([("Blasenmole", "de")], vocabulary) == ()
    assert page_sites([("Blasenkarzinom", "de")], vocabulary) == ("bladder",)
    assert page_sites([("Hirnstammgliom", "de")], vocabulary) == ("brain",)
