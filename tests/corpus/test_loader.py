"""Loading a corpus from files and folders.

1. Folders are walked recursively in sorted order; each file is read by its extension, mixed formats
   load together, other files are ignored; synonyms.txt is handed on unparsed.
2. A bad page, a duplicate id or a missing path is an error in `Corpus.errors`; every good page loads.
3. The fingerprint ignores where the files are and changes with any page or synonym file.
4. No paths: the bundled corpus, found inside the package.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from corpus import Corpus, bundled_corpus_dir, load_corpus


def copy_fixtures(fixtures_dir: Path, target: Path) -> Path:
    shutil.copytree(fixtures_dir, target)
    return target


def test_folder_of_mixed_formats_loads_every_page_in_sorted_order(fixtures_dir, tmp_path):
    folder = copy_fixtures(fixtures_dir, tmp_path / "pages")
    (folder / "obo" / "mini-update.obo").unlink()  # it holds a broken term on purpose
    (folder / "notes.csv").write_text("not,a,page\n", encoding="utf-8")
    (folder / "README.md").write_text("# About these pages\n", encoding="utf-8")
    corpus = load_corpus([folder])
    assert corpus.errors == []
    assert [Path(page.source.file).relative_to(folder).parts[0] for page in corpus.pages] == (
        ["markdown"] * 2 + ["obo"] * 5 + ["scraped"] * 2)
    assert [page.id for page in corpus.pages][:2] == ["neuroblastoma", "retinoblastoma"]


def test_synonym_file_is_handed_on_not_read_as_a_page(fixtures_dir, tmp_path):
    folder = copy_fixtures(fixtures_dir / "markdown", tmp_path / "pages")
    (folder / "synonyms.txt").write_text("tumour, tumor\n", encoding="utf-8")
    corpus = load_corpus([folder])
    assert corpus.synonym_files == [folder / "synonyms.txt"]
    assert len(corpus.pages) == 2 and corpus.errors == []


def test_broken_page_next_to_a_good_one_is_an_error_and_the_good_one_loads(fixtures_dir, tmp_path):
    folder = copy_fixtures(fixtures_dir / "markdown", tmp_path / "pages")
    (folder / "broken.md").write_text("---\nid: broken\nnames: [a\n---\n", encoding="utf-8")
    corpus = load_corpus([folder])
    assert [page.id for page in corpus.pages] == ["neuroblastoma", "retinoblastoma"]
    assert [Path(error.file).name for error in corpus.errors] == ["broken.md"]
    assert corpus.errors[0].line == 3


def test_duplicate_id_is_an_error_naming_both_places(fixtures_dir, tmp_path):
    folder = copy_fixtures(fixtures_dir / "markdown", tmp_path / "pages")
    (folder / "zz-copy.md").write_text("---\nid: neuroblastoma\ntitle: Neuroblastoma again\n---\n",
                                       encoding="utf-8")
    corpus = load_corpus([folder])
    assert [page.title for page in corpus.pages] == ["Neuroblastoma", "Retinoblastoma"]
    [error] = corpus.errors
    assert Path(error.file).name == "zz-copy.md"
    assert "duplicate id 'neuroblastoma'" in error.reason and "neuroblastoma.md" in error.reason


def test_missing_path_is_an_error_not_an_exception(fixtures_dir, tmp_path):
    corpus = load_corpus([tmp_path / "nowhere", fixtures_dir / "markdown"])
    assert [error.reason for error in corpus.errors] == ["no such file or folder"]
    assert len(corpus.pages) == 2


def test_file_named_twice_loads_once(fixtures_dir):
    page_file = fixtures_dir / "markdown" / "neuroblastoma.md"
    corpus = load_corpus([page_file, fixtures_dir / "markdown", str(page_file)])
    assert [page.id for page in corpus.pages] == ["neuroblastoma", "retinoblastoma"]
    assert corpus.errors == []


def test_one_path_given_alone_is_one_path(fixtures_dir):
    assert len(load_corpus(str(fixtures_dir / "markdown")).pages) == 2


def test_named_file_of_unknown_type_is_an_error(tmp_path):
    path = tmp_path / "pages.csv"
    path.write_text("id,title\n", encoding="utf-8")
    assert "not a page file" in load_corpus([path]).errors[0].reason


def test_fingerprint_ignores_where_the_files_are(fixtures_dir, tmp_path):
    here = load_corpus([fixtures_dir / "markdown", fixtures_dir / "scraped"])
    moved = copy_fixtures(fixtures_dir, tmp_path / "elsewhere")
    there = load_corpus([moved / "scraped", moved / "markdown"])
    assert here.fingerprint() == there.fingerprint()
    assert len(here.fingerprint()) == 64


def test_fingerprint_changes_with_a_page_or_a_synonym_file(fixtures_dir, tmp_path):
    folder = copy_fixtures(fixtures_dir / "markdown", tmp_path / "pages")
    before = load_corpus([folder]).fingerprint()
    page_file = folder / "retinoblastoma.md"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace("retina", "eye"), encoding="utf-8")
    after_edit = load_corpus([folder]).fingerprint()
    (folder / "synonyms.txt").write_text("tumour, tumor\n", encoding="utf-8")
    after_synonyms = load_corpus([folder]).fingerprint()
    assert len({before, after_edit, after_synonyms}) == 3


def test_no_paths_loads_the_bundled_corpus():
    corpus = load_corpus()
    assert isinstance(corpus, Corpus)
    assert bundled_corpus_dir().is_dir()
    assert corpus.pages
    assert all(Path(page.source.file).parent == bundled_corpus_dir() for page in corpus.pages)
