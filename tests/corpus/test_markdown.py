"""Markdown pages with YAML front matter.

1. Front matter gives id, title, url and names; a plain name is a synonym, kind and lang have defaults.
2. The text before the first `##` heading is the summary; each `##` heading starts a section.
3. Every broken page is an error naming its file and the line at fault.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus import CorpusError, Name
from corpus.markdown import read_markdown


def only_page(path: Path):
    results = list(read_markdown(path))
    assert len(results) == 1
    return results[0]


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_gives_id_title_url_and_names(fixtures_dir):
    page = only_page(fixtures_dir / "markdown" / "neuroblastoma.md")
    assert (page.id, page.title, page.url) == ("neuroblastoma", "Neuroblastoma",
                                               "https://example.org/conditions/neuroblastoma")
    assert page.names == (
        Name("NB", "synonym", None), Name("neuroblastome", "synonym", "fr"),
        Name("Neuroblastom", "synonym", "de"), Name("NBL", "acronym", None),
        Name("childhood nerve cancer", "lay", None), Name("neuroblastoma", "synonym", None))


def test_summary_is_the_text_before_the_first_section(fixtures_dir):
    page = only_page(fixtures_dir / "markdown" / "neuroblastoma.md")
    assert page.summary.startswith("Neuroblastoma is a cancer of immature nerve cells, most often found")
    assert "most common solid tumour" in page.summary
    assert "# Neuroblastoma" not in page.summary  # the leading H1 repeats the title
    assert "Mostly children" not in page.summary


def test_each_level_two_heading_starts_a_section(fixtures_dir):
    page = only_page(fixtures_dir / "markdown" / "neuroblastoma.md")
    assert [section.heading for section in page.sections] == ["Who it affects", "How it is treated"]
    assert "### Outlook" in page.sections[0].text  # deeper headings stay inside their section


def test_id_defaults_to_the_file_name(fixtures_dir):
    page = only_page(fixtures_dir / "markdown" / "retinoblastoma.md")
    assert page.id == "retinoblastoma"
    assert page.sections == ()
    assert page.source.file.endswith("retinoblastoma.md")


@pytest.mark.parametrize("text, line, words", [
    ("no front matter here\n", 1, "no front matter"),
    ("---\nid: x\ntitle: X\n", 1, "not closed"),
    ("---\nid: x\nnames:\n  - a\n---\nText.\n", 1, "no title"),
    ("---\nid: x\ntitle: X\nnames: [a, b\n---\n", 4, "malformed front matter"),
    ("---\nid: x\ntitle: X\n  bad: indentation\n---\n", 4, "malformed front matter"),
    ("---\n- just\n- a list\n---\n", 2, "malformed front matter"),
    ("---\nid: x\ntitle: X\nsynonyms: [a]\n---\n", 4, "unknown front matter key 'synonyms'"),
    ("---\nid: x\ntitle: X\nnames:\n  - a\n  - {text: b, kind: nickname}\n---\n", 6, "kind 'nickname'"),
    ("---\nid: x\ntitle: X\nnames:\n  - {kind: lay}\n---\n", 5, "no text"),
    ("---\nid: x\ntitle: X\nnames: a single name\n---\n", 4, "names must be a list"),
    ("---\nid: x\ntitle: [X, Y]\n---\n", 3, "title must be a text"),
    ("---\ntitle: X\nid: wilms tumor\n---\n", 3, "must not contain spaces"),
    ("---\ntitle: X\nnames:\n  - {text: NO, kind: acronym}\n---\n", 4, "put it in quotes"),
])
def test_broken_page_is_an_error_naming_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, "broken.md", text)
    error = only_page(path)
    assert isinstance(error, CorpusError)
    assert (error.file, error.line) == (str(path), line)
    assert words in error.reason
    assert str(error).startswith(f"{path}:{line}: ")


def test_bytes_that_are_not_utf8_are_an_error_on_their_line(tmp_path):
    path = write(tmp_path, "latin1.md", "---\nid: x\ntitle: X\n---\nCancer du r".encode() + b"\xe9in.\n")
    error = only_page(path)
    assert isinstance(error, CorpusError)
    assert error.line == 5
    assert "UTF-8" in error.reason


def test_windows_line_ends_and_byte_order_mark_are_read(tmp_path):
    path = write(tmp_path, "windows.md", "\ufeff---\r\nid: x\r\ntitle: X\r\n---\r\nSummary.\r\n\r\n## A\r\nText\r\n")
    page = only_page(path)
    assert (page.title, page.summary, page.sections[0].text) == ("X", "Summary.", "Text")


def test_title_may_come_from_a_leading_heading(tmp_path):
    page = only_page(write(tmp_path, "x.md", "---\nid: x\n---\n# Ewing Sarcoma\n\nA bone cancer.\n"))
    assert (page.title, page.summary) == ("Ewing Sarcoma", "A bone cancer.")


def test_heading_inside_a_code_block_is_text(tmp_path):
    page = only_page(write(tmp_path, "x.md", "---\ntitle: X\n---\nIntro.\n\n```\n## not a heading\n```\n"))
    assert page.sections == ()
    assert "## not a heading" in page.summary
