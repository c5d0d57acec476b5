"""How a page matched, in words a visitor understands, and the matched words marked in names and snippets.

Reasons are data (`results.Reason`); `sentence` words them in English. Other interfaces word the same
reasons in their own language.
"""
from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape

from indexer.analysis import american_spelling, analyze, fold_accents
from search.names import NameEntry, NameIndex
from search.pipeline import NameMatch, ParsedQuery, Ranked, Unit
from search.results import Reason

LANGUAGE_NAMES = {"fr": "French", "nl": "Dutch", "de": "German", "es": "Spanish", "it": "Italian",
                  "pt": "Portuguese", "la": "Latin"}
SNIPPET_CHARS = 220


def word_reason(unit: Unit, written: str) -> Reason | None:
    """Why the words a visitor typed stand for the words written in a name; None when identical."""
    typed = unit.typed
    if unit.kind in ("typo", "prefix", "phonetic"):
        return Reason(unit.kind, typed, written.lower() if not written.isupper() else written)
    if unit.kind == "synonym":
        return Reason("synonym", typed, unit.found or written)
    if typed.casefold() == written.casefold():
        return None
    if typed.replace(" ", "").casefold() == written.replace(" ", "").replace("-", "").casefold():
        return Reason("compound", typed, written)
    if fold_accents(typed) == fold_accents(written):
        return Reason("accent", typed, written)
    if american_spelling(fold_accents(typed)) == american_spelling(fold_accents(written)):
        return Reason("british", typed, written)
    return Reason("form", typed, written)


def reasons_for(query: ParsedQuery, ranked: Ranked, names: NameIndex, title: str) -> tuple[Reason, ...]:
    match = ranked.name_match
    reasons: list[Reason] = []
    if match is not None and match.covered:
        name = names.names[match.name]
        for unit, position, span in match.placements:
            reason = word_reason(unit, written_at(names, match, position, span))
            if reason:
                reasons.append(reason)
        typed = query_text(query, match)
        if name.kind != "title":
            kind = "translation" if name.lang else "name"
            reasons.append(Reason(kind, typed, name.text, name.kind, name.lang))
        elif not reasons:
            whole = match.completeness == 1.0 and match.covered >= query.content
            reasons.append(Reason("title" if whole else "words", typed, name.text, "title"))
    by_name = match.covered if match else frozenset()
    if ranked.text_match is not None and ranked.text_match.covered - by_name:
        extra = ranked.text_match.covered - by_name
        words = " ".join(w.surface for w in query.words if w.position in extra)
        reasons.append(Reason("text", words, title))
    return tuple(reasons)


def written_at(names: NameIndex, match: NameMatch, position: int, span: int) -> str:
    """The words of the matched name at a place, as the name writes them."""
    return " ".join(word.surface for word in names.names[match.name].words[position:position + span])


def query_text(query: ParsedQuery, match: NameMatch) -> str:
    return " ".join(w.surface for w in query.words if w.position in match.covered)


def sentence(reason: Reason, title: str) -> str:
    """One reason in plain English."""
    typed, matched = reason.typed, reason.matched
    if reason.kind == "title":
        return f"'{typed}' is the name of this page"
    if reason.kind == "words":
        return f"its name contains '{typed}'"
    if reason.kind == "name":
        if reason.name_kind == "acronym":
            return f"'{matched}' stands for {title}"
        if reason.name_kind == "related":
            return f"'{matched}' is a related term for {title}"
        return f"'{matched}' is another name for {title}"
    if reason.kind == "translation":
        language = LANGUAGE_NAMES.get(reason.lang or "", reason.lang or "another language")
        return f"'{matched}' is the {language} name for {title}"
    if reason.kind == "british":
        return f"'{typed}' is the British spelling of '{matched}'"
    if reason.kind == "accent":
        return f"'{typed}' is '{matched}' written {'without' if len(typed) <= len(matched) else 'with'} accents"
    if reason.kind == "compound":
        return f"'{typed}' is '{matched}' written {'apart' if ' ' in typed else 'as one word'}"
    if reason.kind == "form":
        return f"'{typed}' is another form of '{matched}'"
    if reason.kind == "synonym":
        return f"'{typed}' means '{matched}'"
    if reason.kind == "typo":
        return f"corrected '{typed}' to '{matched}'"
    if reason.kind == "prefix":
        return f"'{typed}' is the start of '{matched}'"
    if reason.kind == "phonetic":
        return f"'{typed}' sounds like '{matched}'"
    if reason.kind == "text":
        return f"the page's text mentions '{typed}'"
    return f"'{typed}' matched '{matched}'"


def explanation(reasons: tuple[Reason, ...], title: str) -> str:
    text = "; ".join(sentence(reason, title) for reason in reasons)
    return text[:1].upper() + text[1:] if text else f"Matches {title}"


def suggestion_for(query: ParsedQuery, match: NameMatch | None, names: NameIndex) -> str | None:
    """The query with its corrected words replaced ("did you mean"), when the best match corrected any."""
    if match is None:
        return None
    replacements = {}
    for unit, position, span in match.placements:
        if unit.kind in ("typo", "phonetic") and len(unit.positions) == 1:
            written = written_at(names, match, position, span)
            replacements[next(iter(unit.positions))] = written if written.isupper() else written.lower()
    if not replacements:
        return None
    return " ".join(replacements.get(w.position, w.surface) for w in query.words)


def mark(text: str, wanted_terms: set[str]) -> Markup:
    """`text` escaped, with every word whose term is wanted wrapped in <mark>."""
    text = unicodedata.normalize("NFC", text)  # the offsets of the analysed words are offsets into the NFC form
    tokens = [(token.start, token.end, *token.terms()) for token in analyze(text)]
    return Markup(_marked(text, tokens, wanted_terms, 0, len(text)))


def mark_name(name: NameEntry, wanted_terms: set[str]) -> Markup:
    """A page name marked like `mark`, from the words the index stored for it instead of analysing it
    again: each word is found after the one before. A word written with invisible characters inside is
    not found as it is stored; such a name is analysed."""
    text = unicodedata.normalize("NFC", name.text)
    tokens, cursor = [], 0
    for word in name.words:
        start = text.find(word.surface, cursor)
        if start < 0:
            return mark(text, wanted_terms)
        cursor = start + len(word.surface)
        tokens.append((start, cursor, word.term, *word.alternate_terms))
    return Markup(_marked(text, tokens, wanted_terms, 0, len(text)))


def _marked(text: str, tokens, wanted_terms: set[str], start: int, end: int) -> str:
    """text[start:end] escaped, with the wanted tokens in <mark> (joined as plain text: building it of
    Markup pieces costs an object per piece, on every result of every query). The tokens are in the
    order of the text, as the analysis reads it, so the first one past `end` ends the work."""
    pieces, cursor = [], start
    for token_start, token_end, *terms in tokens:
        if token_start < start:
            continue
        if token_end > end:
            break
        if not wanted_terms.isdisjoint(terms):
            pieces += (escape(text[cursor:token_start]), "<mark>", escape(text[token_start:token_end]), "</mark>")
            cursor = token_end
    pieces.append(escape(text[cursor:end]))
    return "".join(pieces)


def snippet(summary: str, tokens, wanted_terms: set[str]) -> tuple[str, Markup]:
    """The part of the summary around the first matched word (at most SNIPPET_CHARS long), as text and as
    escaped HTML with the matched words marked. `summary` and `tokens` are what the index stores
    (indexer.build.summary_record): the summary in NFC and the analysed words of its start."""
    start = 0
    for token_start, _token_end, *terms in tokens:
        if wanted_terms.isdisjoint(terms):
            continue
        if token_start > SNIPPET_CHARS // 2:
            start = summary.rfind(". ", 0, token_start) + 2 if summary.rfind(". ", 0, token_start) > 0 else 0
        break
    end = min(len(summary), start + SNIPPET_CHARS)
    if end < len(summary):
        end = summary.rfind(" ", start, end) if summary.rfind(" ", start, end) > start else end
    before, after = ("… " if start else ""), ("…" if end < len(summary) else "")
    return (before + summary[start:end] + after,
            Markup(before + _marked(summary, tokens, wanted_terms, start, end) + after))
