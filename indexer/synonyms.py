"""Corpus-level synonym rules, in the file format Solr and Elasticsearch users know.

    # comments and blank lines are ignored
    kidney, renal                 equivalent: each phrase finds what the others find
    womb => uterus, uterine       one-way: "womb" also finds "uterus" and "uterine", not the reverse

Phrases are analysed by the same chain as pages and queries, so "tumour" in a rule also covers "tumor".
Multi-word phrases match as phrases.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.analysis import analyze


class SynonymError(ValueError):
    """A synonym line that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class SynonymRule:
    """`sources` may be replaced by any of `targets`. Phrases are kept as written and as term tuples."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    line: int

    @staticmethod
    def terms(phrase: str) -> tuple[str, ...]:
        return tuple(token.term for token in analyze(phrase) if not token.stop)


def parse_synonyms(text: str, *, origin: str = "synonyms.txt") -> list[SynonymRule]:
    rules = []
    for line_number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        sides = line.split("=>")
        if len(sides) > 2:
            raise SynonymError(f"{origin}:{line_number}: more than one '=>'")
        phrase_lists = [tuple(p.strip() for p in side.split(",") if p.strip()) for side in sides]
        if any(not phrases for phrases in phrase_lists):
            raise SynonymError(f"{origin}:{line_number}: a side of the rule has no phrase")
        for phrases in phrase_lists:
            for phrase in phrases:
                if not SynonymRule.terms(phrase):
                    raise SynonymError(f"{origin}:{line_number}: {phrase!r} has no searchable word")
        if len(phrase_lists) == 1:
            if len(phrase_lists[0]) < 2:
                raise SynonymError(f"{origin}:{line_number}: an equivalence needs at least two phrases")
            rules.append(SynonymRule(phrase_lists[0], phrase_lists[0], line_number))
        else:
            rules.append(SynonymRule(phrase_lists[0], phrase_lists[1], line_number))
    return rules


def read_synonym_files(paths) -> str:
    """The text of several synonym files, one after another, as the index keeps it. Each file is checked
    on its own first, so an error names the file and line it is on."""
    texts = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        parse_synonyms(text, origin=str(path))
        texts.append(text)
    return "\n".join(texts)
