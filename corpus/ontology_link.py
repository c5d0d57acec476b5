"""Linking a corpus to an ontology: the names of the terms its pages name in `xrefs`, read from OBO files.

`condsearch corpus link --obo FILE...` calls `ontology_names_for` and writes the result with its provenance
(corpus.ontology_names), so that the corpus answers to those names without the ontology at hand:

- a linked term's name and EXACT synonyms are the page's synonyms (or acronyms), its other synonyms
  `related` names;
- the name and EXACT synonyms of every term below it are `narrower` names ("lung oat cell carcinoma" is
  a kind of small cell lung cancer), except the terms that are linked themselves: those, and everything
  below them, belong to their own page.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from corpus.hierarchy import Descendants
from corpus.ontology_names import OntologyName
from corpus.page import Page

# The name kinds of an OBO page (corpus.obo) that name the term itself, not a looser neighbour.
EXACT_KINDS = ("synonym", "acronym")


def ontology_names_for(terms: list[Page], linked: set[str]) -> tuple[list[OntologyName], list[str]]:
    """The names of each linked term (rows), and the linked ids that are not a term of `terms`.

    `terms` are OBO pages as the loader gives them (their `narrower` ids are their is_a children). A term
    below a linked term that is itself below another is the nearer one's, even when the ontology also
    puts it straight under the farther one (a subset file's shortcut past a term it leaves out)."""
    by_id = {term.id: term for term in terms}
    missing = sorted(term_id for term_id in linked if term_id not in by_id)
    below = Descendants(lambda term_id: by_id[term_id].narrower)
    rows: list[OntologyName] = []
    for term_id in sorted(linked - set(missing)):
        term = by_id[term_id]
        rows.append(OntologyName(term_id, "synonym", term.title, term_id))
        rows += [OntologyName(term_id, name.kind, name.text, term_id) for name in term.names]
        others = below(term_id) & linked
        theirs = others.union(*(below(other) for other in others))
        for child in sorted(below(term_id) - theirs):
            descendant = by_id[child]
            rows.append(OntologyName(term_id, "narrower", descendant.title, child))
            rows += [OntologyName(term_id, "narrower", name.text, child)
                     for name in descendant.names if name.kind in EXACT_KINDS]
    return rows, missing


def provenance(obo_files: list[Path]) -> list[str]:
    """One comment line per OBO file: its name, the release it says it is, and its SHA-256."""
    lines = []
    for path in obo_files:
        version = "unknown"
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("["):
                    break
                if line.startswith("data-version:"):
                    version = line.partition(":")[2].strip()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"from {path.name} (data-version {version}; sha256 {digest})")
    return lines
