"""A page of results as the results page shows it: each hit kept to its title, snippet and one line of why;
a reason that several hits share said once, above the list, with how many results it explains; an overview
page at the top shown as a card with its types as links.

A reason is shared only when its sentence does not name the page (search.wording.shared_sentence): "Corrected
'lukemia' to 'leukemia'" is the same fact for every page it reached, "'acute leukemia' is another name for
Acute Lymphoblastic Leukemia" is one page's own.
"""
from __future__ import annotations

import re

from flask import url_for
from markupsafe import Markup, escape

from search.results import Hit
from search.wording import explanation, shared_sentence

from .explain import explain
from .term_text import display_title
from .views import marked

# A reason said for this many results of a page or more is said once above them instead of under each:
# two already repeat it, and nine repetitions of "Corrected 'lukemia' to 'leukemia'" made a page 2,500 px long.
SHARED_MIN_HITS = 2


def results_for_display(hits: tuple[Hit, ...], ui_language: str, *, overview=None) -> dict:
    """{"hits": [...], "shared": [{"text", "count"}], "overview": {...} or None} for the template.

    `overview`, when given, is the Page of the first hit with its types as (id, title) pairs: that hit becomes
    the card."""
    sentences_of = [_shared_sentences(hit, ui_language) for hit in hits]
    counts: dict[str, int] = {}
    for sentences in sentences_of:
        for text in dict.fromkeys(sentences.values()):
            counts[text] = counts.get(text, 0) + 1
    shared = {text for text, count in counts.items() if count >= SHARED_MIN_HITS}
    shown = []
    for hit, sentences in zip(hits, sentences_of):
        own_reasons = [reason for reason in hit.reasons if sentences.get(reason) not in shared]
        shown.append(hit_for_display(hit, ui_language, reasons=own_reasons if hit.reasons else None))
    card = None
    if overview is not None and shown:
        page, types = overview
        card = {**shown.pop(0), "types": [{"title": display_title(page_id, title), "url": url_for("pages.condition", page_id=page_id)}
                                          for page_id, title in types]}
    return {"hits": shown, "overview": card,
            "shared": [{"text": text, "count": count} for text, count in counts.items() if text in shared]}


def _shared_sentences(hit: Hit, ui_language: str) -> dict:
    """reason -> its sentence without the page's title, for the reasons of `hit` that have one."""
    worded = {reason: shared_sentence(reason, ui_language) for reason in hit.reasons}
    return {reason: text for reason, text in worded.items() if text}


def hit_for_display(hit: Hit, ui_language: str, *, reasons=None) -> dict:
    """One hit: its title (marked in place when the title is the name that matched), its snippet, and its
    why: `reasons` worded (None: all of the hit's), or nothing when every reason was said above the list."""
    title_matched = bool(hit.matched_name) and hit.matched_name.casefold() == hit.title.casefold()
    title = display_title(hit.id, hit.title)  # an ontology term's name in sentence case, as on its page
    title_html = escape(title)
    if title_matched and hit.matched_name_html:  # marked where the query matched it
        title_html = marked(hit.matched_name_html)
        if title != hit.title:
            title_html = capitalised(title_html)
    if reasons is None:
        why = explain(hit, ui_language)
    else:
        why = explanation(reasons, hit.title, ui_language) if reasons else None
    return {
        "id": hit.id,
        "title": title,
        "title_html": title_html,
        "highlight": marked(hit.highlight) if hit.highlight else (escape(hit.snippet) if hit.snippet else None),
        "explanation": why,
        "match": hit.match.label,
    }


def capitalised(html: Markup) -> Markup:
    """`html` with its first letter outside a tag in capitals (the marked title of an ontology term)."""
    return Markup(re.sub(r"^((?:<[^>]*>)*)([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), str(html), count=1))
