"""Pages linked to an ontology (xrefs) and the names they gain from it.

1. `condsearch corpus link --obo FILE... PATH` writes PATH/ontology-names.tsv: each linked term's names, and
   the names of the terms below it down to the next linked term, with where they came from.
2. Loading the corpus adds those names: the term's own as synonyms, acronyms or related names, those below as
   `narrower` names; a name the ontology gives to several pages goes to none (a note in `check --verbose`).
3. An xref without names in the file, and a malformed row, are errors naming file and line.
4. The bundled corpus ships its file, made from the Disease Ontology files in ../shared, and it is current.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from corpus import load_corpus
from corpus.cli import cli
from corpus.ontology_names import ONTOLOGY_NAMES_FILE, read_ontology_names

MINI_OBO = """format-version: 1.2
data-version: test/releases/2026-01-01

[Term]
id: T:1
name: lung cancer
synonym: "cancer of the lung" EXACT []
synonym: "pulmonary neoplasm" RELATED []

[Term]
id: T:2
name: lung small cell carcinoma
synonym: "SCLC" EXACT OMO:0003012 []
is_a: T:1 ! lung cancer

[Term]
id: T:3
name: lung oat cell carcinoma
synonym: "oat cell carcinoma" EXACT []
synonym: "oat cell cancer of lung" RELATED []
is_a: T:2 ! lung small cell carcinoma

[Term]
id: T:4
name: lung large cell carcinoma
is_a: T:1 ! lung cancer

[Term]
id: T:5
name: combined small cell lung carcinoma
is_a: T:2 ! lung small cell carcinoma
is_a: T:6 ! smoking-related cancer

[Term]
id: T:6
name: smoking-related cancer

[Term]
id: T:7
name: recurrent lung oat cell carcinoma
is_a: T:3 ! lung oat cell carcinoma
is_a: T:1 ! lung cancer
"""


def write_pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pages = {"lung-cancer": ("Lung Cancer", "xrefs: [T:1]\nnarrower: [sclc]\n"),
             "sclc": ("Small Cell Lung Cancer", "xrefs: [T:2]\nnames: [oat cell carcinoma]\n"),
             "smoking": ("Smoking Cancers", "xrefs: [T:6]\n")}
    for page_id, (title, front) in pages.items():
        (folder / f"{page_id}.md").write_text(f"---\ntitle: {title}\n{front}---\nText.\n", encoding="utf-8")
    return folder


def link(tmp_path: Path) -> tuple[Path, object]:
    obo = tmp_path / "mini.obo"
    obo.write_text(MINI_OBO, encoding="utf-8")
    pages = write_pages(tmp_path / "pages")
    result = CliRunner().invoke(cli, ["corpus", "link", "--obo", str(obo), "--licence", "CC0 1.0", str(pages)])
    assert result.exit_code == 0, result.output
    return pages, result


def names_of(page) -> list[tuple[str, str]]:
    return [(name.text, name.kind) for name in page.names]


def test_link_writes_the_names_of_each_linked_term_with_their_provenance(tmp_path):
    pages, result = link(tmp_path)
    text = (pages / ONTOLOGY_NAMES_FILE).read_text(encoding="utf-8")
    digest = hashlib.sha256((tmp_path / "mini.obo").read_bytes()).hexdigest()
    assert f"# from mini.obo (data-version test/releases/2026-01-01; sha256 {digest})" in text
    assert "# Licence: CC0 1.0" in text and str(tmp_path) not in text
    assert "T:2\tnarrower\toat cell carcinoma\tT:3" in text.splitlines()
    assert f"{ONTOLOGY_NAMES_FILE}: " in result.output and "3 terms, for 3 pages" in result.output


def test_a_linked_page_gains_its_terms_names_and_those_of_the_terms_below_it(tmp_path):
    pages, _ = link(tmp_path)
    corpus = load_corpus([pages])
    assert corpus.errors == []
    by_id = {page.id: page for page in corpus.pages}
    assert names_of(by_id["sclc"]) == [
        ("oat cell carcinoma", "synonym"),  # its own, written by hand, stays as it is
        ("lung small cell carcinoma", "synonym"), ("SCLC", "acronym"), ("lung oat cell carcinoma", "narrower"),
        ("recurrent lung oat cell carcinoma", "narrower")]
    # Below lung cancer, the terms under SCLC are SCLC's page's, not lung cancer's: even the one the
    # ontology also puts straight under lung cancer.
    assert names_of(by_id["lung-cancer"]) == [("cancer of the lung", "synonym"),
                                              ("pulmonary neoplasm", "related"),
                                              ("lung large cell carcinoma", "narrower")]


def test_a_name_the_ontology_gives_to_several_pages_goes_to_none_and_verbose_check_says_so(tmp_path):
    pages, _ = link(tmp_path)
    corpus = load_corpus([pages])
    assert not any(name.text == "combined small cell lung carcinoma" for page in corpus.pages for name in page.names)
    result = CliRunner().invoke(cli, ["corpus", "check", "--verbose", str(pages)])
    assert ("note: 'combined small cell lung carcinoma' is named by the ontology for sclc, smoking: left to "
            "none of them") in result.output
    assert "3 pages linked to ontology terms, 8 names gained from them" in result.output
    assert result.exit_code == 0


def test_an_xref_missing_from_the_names_file_is_an_error_on_its_line(tmp_path):
    pages, _ = link(tmp_path)
    (pages / "new.md").write_text("---\ntitle: New\nxrefs: [T:99]\n---\n", encoding="utf-8")
    corpus = load_corpus([pages])
    assert [str(error) for error in corpus.errors] == [
        f"{pages / 'new.md'}:3: xref T:99 has no names in {ONTOLOGY_NAMES_FILE}: run `condsearch corpus link` again"]


def test_a_malformed_row_is_an_error_naming_its_line_and_the_others_are_read(tmp_path):
    path = tmp_path / ONTOLOGY_NAMES_FILE
    path.write_text("# comment\nterm\tkind\ttext\tfrom\nT:1\tsynonym\tlung tumour\tT:1\nT:1\tslang\tx\tT:1\n",
                    encoding="utf-8")
    rows, [error] = read_ontology_names(path)
    assert [row.text for row in rows] == ["lung tumour"]
    assert (error.file, error.line) == (str(path), 4) and "kind among" in error.reason


def test_the_bundled_corpus_is_linked_to_the_disease_ontology_and_its_names_file_is_current(shared_dir, tmp_path):
    """Run again from the Disease Ontology files, the link command writes the file the package ships."""
    obo_files = sorted(str(path) for path in (shared_dir / "data").glob("DO_*-2026-07-31.obo"))
    output = tmp_path / ONTOLOGY_NAMES_FILE
    result = CliRunner().invoke(cli, ["corpus", "link", "--output", str(output),
                                      "--licence", "CC0 1.0 (the Human Disease Ontology)",
                                      *[option for path in obo_files for option in ("--obo", path)]])
    assert result.exit_code == 0, result.output
    shipped = Path(load_corpus().ontology_name_files[0])
    assert read_ontology_names(output)[0] == read_ontology_names(shipped)[0]


def test_formal_subtype_names_from_the_disease_ontology_are_on_their_bundled_page():
    pages = {page.id: page for page in load_corpus().pages}
    for page_id, name in [("small-cell-lung-cancer", "lung oat cell carcinoma"),
                          ("rhabdomyosarcoma", "sarcoma botryoides"),
                          ("nasal-and-paranasal-sinus-cancer", "nasal cavity olfactory neuroblastoma")]:
        assert (name, "narrower") in names_of(pages[page_id]), (page_id, name)


def test_a_name_written_on_another_page_stays_that_pages_alone(tmp_path):
    pages, _ = link(tmp_path)
    (pages / "large-cell.md").write_text("---\ntitle: Large Cell Lung Cancer\nnames: [lung large cell carcinoma]\n"
                                         "---\n", encoding="utf-8")
    corpus = load_corpus([pages])
    by_id = {page.id: page for page in corpus.pages}
    assert ("lung large cell carcinoma", "narrower") not in names_of(by_id["lung-cancer"])
    assert corpus.links.left_out[0] == "'lung large cell carcinoma' (T:4) is a name of large-cell: not added to lung-cancer"
