"""JSONL pages: one JSON object per line, in the form of `Page.to_dict` (see corpus/page.py).

`condsearch corpus export --format jsonl` writes it; every reader's pages round-trip through it. Blank
lines are skipped. A page read from JSONL has this file and line as its source, since that is where a
reader of an error message will look.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from corpus.page import CorpusError, Page, Source
from corpus.textfile import lines_of, read_utf8


def read_jsonl(path: Path) -> Iterator[Page | CorpusError]:
    """Yields each line's page, or a CorpusError for a line that is not a valid page."""
    try:
        text = read_utf8(path)
    except CorpusError as error:
        yield error
        return
    yield from parse_jsonl(text, file=str(path))


def parse_jsonl(text: str, *, file: str) -> Iterator[Page | CorpusError]:
    for line_number, line in enumerate(lines_of(text), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield CorpusError(file, line_number, f"not JSON: {error.msg} (column {error.colno})")
            continue
        except RecursionError:
            # json decodes nested arrays recursively; one hostile line is one bad page.
            yield CorpusError(file, line_number, "values nested too deeply (a page's keys hold texts, "
                                                 "lists of texts and lists of objects)")
            continue
        try:
            yield Page.from_dict(record, source=Source(file, line_number))
        except ValueError as error:
            yield CorpusError(file, line_number, str(error))


def page_to_jsonl(page: Page) -> str:
    """One page as one line of JSON (no line end); non-ASCII text kept as is, so the file stays readable."""
    return json.dumps(page.to_dict(), ensure_ascii=False, separators=(", ", ": "))


def write_jsonl(pages: Iterable[Page], stream: TextIO) -> int:
    """Writes one line per page to `stream`; returns how many pages it wrote."""
    count = 0
    for page in pages:
        stream.write(page_to_jsonl(page) + "\n")
        count += 1
    return count
