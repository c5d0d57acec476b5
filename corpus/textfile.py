"""Reading a page file as text, so that bytes that are not UTF-8 become an error naming file and line."""
from __future__ import annotations

from pathlib import Path

from corpus.page import CorpusError


def read_utf8(path: Path) -> str:
    """The file's text (a leading byte-order mark dropped, line ends as "\\n").

    Raises CorpusError naming the line of the first byte that is not UTF-8, or the reason the file
    could not be opened.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CorpusError(str(path), None, f"cannot read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CorpusError(str(path), line,
                          f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def lines_of(text: str) -> list[str]:
    """The lines of a text without their line ends; line n of the file is item n - 1."""
    return text.split("\n")
