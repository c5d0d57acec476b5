"""Stage 9, explain: each ranked page as a `Hit` — why it matched as `Reason`s (worded by search/wording.py),
its matched name and summary snippet with the matched words marked — and the "did you mean" suggestion.

    "nuroblastoma" -> Reason(typo, "nuroblastoma", "neuroblastoma"); "Corrected 'nuroblastoma' to ..."
"""
from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape

from indexer.analysis import american_spelling, analyze, fold_accents
from search.kinds import ReasonKind
from search.names import NOT_OWN_KINDS, NameEntry, NameIndex
from search.query import NameMatch, ParsedQuery, Ranked, Unit
from search.results import Hit, Reason
from search.stages.match_text import text_terms
from search.stages.rank import score_of
from search.wording import explanation

SNIPPET_CHARS = 220  # longest snippet of a summary shown under a result
BROADER = "broader"  # the name_kind of a Reason for a broad word of a page ("skin cancer" on Melanoma)


def word_reason(unit: Unit, written: str) -> Reason | None:
    """Why the words a visitor typed stand for the words written in a name; None when identical."""
    typed = unit.typed
    by_kind = ReasonKind.for_unit(unit.kind)
    if by_kind is ReasonKind.SITE:  # "'Magens' is German for 'stomach'"; "'kidney' and 'renal' name ..."
        translated = unit.lang not in (None, "en")
        return Reason(by_kind, typed, unit.found if translated else written, lang=unit.lang)
    if by_kind is ReasonKind.KIND:
        return Reason(by_kind, typed, written)
    if by_kind is ReasonKind.SYNONYM:
        return Reason(by_kind, typed, unit.found or written)
    if by_kind is not None:
        return Reason(by_kind, typed, written.lower() if not written.isupper() else written)
    if typed.casefold() == written.casefold():
        return None
    if typed.replace(" ", "").casefold() == written.replace(" ", "").replace("-", "").casefold():
        return Reason(ReasonKind.COMPOUND, typed, written)
    if fold_accents(typed) == fold_accents(written):
        return Reason(ReasonKind.ACCENT, typed, written)
    if american_spelling(fold_accents(typed)) == american_spelling(fold_accents(written)):
        return Reason(ReasonKind.BRITISH, typed, written)
    return Reason(ReasonKind.FORM, typed, written)


def reasons_for(query: ParsedQuery, ranked: Ranked, names: NameIndex, title: str) -> tuple[Reason, ...]:
    match = ranked.name_match
    reasons: list[Reason] = []
    if match is not None and match.covered:
        name = names.names[match.name]
        for unit, position, span in match.placements:
            for word in query.words:
                if word.position in unit.positions and word.compound:
                    reasons.append(Reason(ReasonKind.DECOMPOUND, word.compound, word.reading))
            reason = word_reason(unit, written_at(names, match, position, span))
            if reason:
                reasons.append(reason)
        typed = query.surfaces(match.covered)
        if not name.own and name.kind not in NOT_OWN_KINDS:  # a broad word: the page is a type of it
            reasons.append(Reason(ReasonKind.NAME, typed, name.text, BROADER, name.lang))
        elif name.kind != "title":
            kind = ReasonKind.TRANSLATION if name.lang and name.own else ReasonKind.NAME
            reasons.append(Reason(kind, typed, name.text, name.kind, name.lang))
        elif not reasons:
            whole = match.completeness == 1.0 and match.covered >= query.content
            reasons.append(Reason(ReasonKind.TITLE if whole else ReasonKind.WORDS, typed, name.text, "title"))
    if ranked.member_of is not None and not any(r.name_kind == BROADER for r in reasons):
        group = names.names[names.name_ranges[ranked.member_of][0]].text  # the overview's title
        reasons.insert(0, Reason(ReasonKind.NAME, group, group, BROADER))
    by_name = match.covered if match else frozenset()
    if ranked.text_match is not None and ranked.text_match.covered - by_name:
        reasons.append(Reason(ReasonKind.TEXT, query.surfaces(ranked.text_match.covered - by_name), title))
    return tuple(dict.fromkeys(reasons))


def written_at(names: NameIndex, match: NameMatch, position: int, span: int) -> str:
    """The words of the matched name at a place, as the name writes them."""
    return " ".join(word.surface for word in names.names[match.name].words[position:position + span])


def suggestion_for(query: ParsedQuery, match: NameMatch | None, names: NameIndex) -> str | None:
    """The query with its corrected words replaced ("did you mean"), when the best match corrected any."""
    if match is None:
        return None
    replacements = {}
    for unit, position, span in match.placements:
        if unit.kind.is_correction and len(unit.positions) == 1:
            written = written_at(names, match, position, span)
            replacements[next(iter(unit.positions))] = written if written.isupper() else written.lower()
    if not replacements:
        return None
    return " ".join(replacements.get(w.position, w.surface) for w in query.words)


def hit(query: ParsedQuery, ranked: Ranked, names: NameIndex, page_id: str, summary: str, summary_tokens, *,
        rank_rule: str | None = None, score: float | None = None) -> Hit:
    """One ranked page as shown: `summary` and `summary_tokens` are what the index stores for its snippet
    (indexer.store.SummaryRecord)."""
    title = names.titles[ranked.page]
    reasons = reasons_for(query, ranked, names, title)
    wanted_terms = {term for placement in (ranked.name_match.placements if ranked.name_match else ())
                    for term in placement.unit.terms}
    wanted_terms |= set(text_terms(query))
    matched_name = matched_html = None
    if ranked.name_match is not None:
        name = names.names[ranked.name_match.name]
        matched_name, matched_html = name.text, str(mark_name(name, wanted_terms))
    snippet_text, highlight = snippet(summary, summary_tokens, wanted_terms)
    return Hit(id=page_id, title=title, score=score_of(ranked) if score is None else score, match=ranked.tier,
               explanation=explanation(reasons, title), matched_name=matched_name,
               matched_name_html=matched_html or "", snippet=snippet_text, highlight=str(highlight), reasons=reasons,
               rank_rule=rank_rule)


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
    (indexer.store.SummaryRecord): the summary in NFC and the analysed words of its start."""
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
