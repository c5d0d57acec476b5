"""Stage 9, explain: each ranked page as a `Hit` — why it matched as `Reason`s (worded by search/wording.py),
its matched name and summary snippet with the matched words marked — and the "did you mean" suggestion.

    "nuroblastoma" -> Reason(typo, "nuroblastoma", "neuroblastoma"); "Corrected 'nuroblastoma' to ..."
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from markupsafe import Markup

from indexer.analysis import Change, analyze
from indexer.store import token_places
from search.kinds import ReasonKind
from search.names import NOT_OWN_KINDS, NameEntry, NameIndex, NameWord
from search.query import NameMatch, ParsedQuery, QueryWord, Ranked, Unit
from search.results import Hit, Reason
from search.stages.match_text import text_terms
from search.stages.rank import score_of
from search.wording import explanation

SNIPPET_CHARS = 220  # longest snippet of a summary shown under a result
BROADER = "broader"  # the name_kind of a Reason for a broad word of a page ("skin cancer" on Melanoma)


def word_reason(unit: Unit, typed_words: Sequence[QueryWord], name_words: Sequence[NameWord]) -> Reason | None:
    """Why the words a visitor typed stand for the words written in a name; None when identical. What each
    word's analysis changed (`changes`: accents folded, British spelling...) says which way they differ."""
    typed = unit.typed
    written = " ".join(word.surface for word in name_words)
    by_kind = ReasonKind.for_unit(unit.kind)
    if by_kind is ReasonKind.SITE:  # "'Magens' is German for 'stomach'"; "'kidney' and 'renal' name ..."
        translated = unit.lang not in (None, "en")
        return Reason(by_kind, typed, unit.found if translated else written, lang=unit.lang)
    if by_kind is ReasonKind.KIND:
        return Reason(by_kind, typed, written)
    if by_kind is ReasonKind.SYNONYM:
        return Reason(by_kind, typed, unit.found or written)
    if by_kind is not None:
        # Corrected, completed or heard as the vocabulary word found; said as the name writes it when that
        # is the word found (or, for a completion, a word the typed one starts), else as found: the name
        # may hold another form of it ("nuroblastoma" -> "neuroblastoma"; "lrayngeal" -> "laryngeal", not
        # the "larynx" of the name).
        in_name = "".join(word.word for word in name_words)
        completed = by_kind is ReasonKind.PREFIX and in_name.startswith("".join(w.word for w in typed_words))
        if unit.found and unit.found != in_name and not completed:
            return Reason(by_kind, typed, unit.found)
        return Reason(by_kind, typed, written if written.isupper() else written.lower())
    if typed.casefold() == written.casefold():
        return None
    kinds = {variant_kind(typed_word, name_word) for typed_word, name_word in zip(typed_words, name_words)
             if typed_word.surface.casefold() != name_word.surface.casefold()}
    # "colo rectal" for "colorectal", or "nons mall" for "non small" (two words read as one on each side,
    # divided elsewhere): the same letters written apart or joined, else another form
    if len(typed_words) != len(name_words) or None in kinds:
        return Reason(ReasonKind.COMPOUND if letters(typed) == letters(written) else ReasonKind.FORM, typed, written)
    return Reason(kinds.pop() if len(kinds) == 1 else ReasonKind.FORM, typed, written)


def letters(text: str) -> str:
    """`text` without its spaces and hyphens, in one case: what stays the same when words are joined or split."""
    return text.replace(" ", "").replace("-", "").casefold()


def variant_kind(typed: QueryWord, written: NameWord) -> ReasonKind | None:
    """How a typed word differs from the name's word it stands for, read from what the analysis changed in
    each: the British spelling respelled on one side only, else accents folded on one side only, else
    another form (a plural, an umlaut written "oe"). None when they are not the same word at all."""
    if typed.word != written.word:
        return ReasonKind.FORM if {written.term, *written.alternate_terms} & set(typed.terms) else None
    spelled = (Change.SPELLING in typed.changes, Change.SPELLING in written.changes)
    if spelled[0] != spelled[1]:
        return ReasonKind.BRITISH if spelled[0] else ReasonKind.AMERICAN
    accented = (Change.ACCENTS in typed.changes, Change.ACCENTS in written.changes)
    if accented[0] != accented[1]:
        return ReasonKind.ACCENTED if accented[0] else ReasonKind.ACCENT
    return ReasonKind.FORM


def reasons_for(query: ParsedQuery, ranked: Ranked, names: NameIndex, title: str) -> tuple[Reason, ...]:
    match = ranked.name_match
    reasons: list[Reason] = []
    if match is not None and match.covered:
        name = names.names[match.name]
        for unit, position, span in match.placements:
            for word in query.words:
                if word.position in unit.positions and word.compound:
                    reasons.append(Reason(ReasonKind.DECOMPOUND, word.compound, word.reading))
            typed_words = [query.words[p] for p in sorted(unit.positions)]
            reason = word_reason(unit, typed_words, name.words[position:position + span])
            if reason:
                reasons.append(reason)
        typed = query.surfaces(match.covered)
        # A member of the group the query named, found through a longer name holding the group's word, is
        # explained as a type of the group alone: "'acute leukaemia' is another name for ALL" says nothing
        # the visitor asked.
        as_member_only = ranked.member_of is not None and match.completeness < 1.0
        if not name.own and name.kind not in NOT_OWN_KINDS:  # a broad word: the page is a type of it
            reasons.append(Reason(ReasonKind.NAME, typed, name.text, BROADER, name.lang))
        elif name.kind != "title" and not as_member_only:
            kind = ReasonKind.TRANSLATION if name.lang and name.own else ReasonKind.NAME
            reasons.append(Reason(kind, typed, name.text, name.kind, name.lang))
        elif name.kind == "title" and not reasons and not as_member_only:
            # The query is the title when it holds all the title's words, and in the title's order.
            in_order = [position for _unit, position, _span in sorted(match.placements,
                                                                      key=lambda placed: min(placed.unit.positions))]
            whole = match.completeness == 1.0 and match.covered >= query.content and in_order == sorted(in_order)
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
        rank_rule: str | None = None, score: float | None = None, summary_places=None) -> Hit:
    """One ranked page as shown: `summary`, `summary_tokens` and `summary_places` are what the index stores
    for its snippet (indexer.store.SummaryRecord)."""
    title = names.titles[ranked.page]
    reasons = reasons_for(query, ranked, names, title)
    wanted_terms = {term for placement in (ranked.name_match.placements if ranked.name_match else ())
                    for term in placement.unit.terms}
    wanted_terms |= set(text_terms(query))
    matched_name = matched_html = None
    if ranked.name_match is not None:
        name = names.names[ranked.name_match.name]
        matched_name, matched_html = name.text, str(mark_name(name, wanted_terms))
    snippet_text, highlight = snippet(summary, summary_tokens, wanted_terms, summary_places)
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


def escaped(text: str) -> str:
    """`text` escaped for HTML exactly as markupsafe.escape escapes it, as a plain string: markupsafe makes
    an object of each piece, and a result list escapes hundreds of pieces."""
    if not _HTML_SPECIAL.search(text):  # most pieces: one look instead of five replacements
        return text
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
            .replace('"', "&#34;"))


_HTML_SPECIAL = re.compile("[&<>'\"]")


def _marked(text: str, tokens, wanted_terms: set[str], start: int, end: int) -> str:
    """text[start:end] escaped, with the wanted tokens in <mark>."""
    return _marked_spans(text, [(token_start, token_end) for token_start, token_end, *terms in tokens
                                if not wanted_terms.isdisjoint(terms)], start, end)


def _marked_spans(text: str, spans, start: int, end: int) -> str:
    """text[start:end] escaped, with the (start, end) `spans` in <mark> (joined as plain text: building it of
    Markup pieces costs an object per piece, on every result of every query). The spans are in the order
    of the text, so the first one past `end` ends the work."""
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor:
            continue
        if span_end > end:
            break
        pieces += (escaped(text[cursor:span_start]), "<mark>", escaped(text[span_start:span_end]), "</mark>")
        cursor = span_end
    pieces.append(escaped(text[cursor:end]))
    return "".join(pieces)


def snippet(summary: str, tokens, wanted_terms: set[str], places=None) -> tuple[str, Markup]:
    """The part of the summary around the first matched word (at most SNIPPET_CHARS long), as text and as
    escaped HTML with the matched words marked. `summary`, `tokens` and `places` are what the index stores
    (indexer.store.SummaryRecord): the summary in NFC, the analysed words of its start, and where each
    term stands among them."""
    places = token_places(tokens) if places is None else places
    wanted = [tokens[number][:2] for number in sorted({number for term in wanted_terms
                                                       for number in places.get(term, ())})]
    start = 0
    if wanted and wanted[0][0] > SNIPPET_CHARS // 2:
        start = summary.rfind(". ", 0, wanted[0][0]) + 2 if summary.rfind(". ", 0, wanted[0][0]) > 0 else 0
    end = min(len(summary), start + SNIPPET_CHARS)
    if end < len(summary):
        end = summary.rfind(" ", start, end) if summary.rfind(" ", start, end) > start else end
    before, after = ("… " if start else ""), ("…" if end < len(summary) else "")
    return (before + summary[start:end] + after,
            Markup(before + _marked_spans(summary, wanted, start, end) + after))
