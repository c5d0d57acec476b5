"""Why a page matched, worded in the interface language from the hit's reasons (search.results.Reason).

English pages show the engine's own sentence (`Hit.explanation`), so the site and `condsearch search` say the
same thing. Other languages word each reason from the catalogue; a hit with no reasons, or with a reason kind
this module does not know yet, falls back to the English sentence rather than saying something wrong.
"""
from __future__ import annotations

from flask_babel import gettext as _

from search.results import Hit, Reason

from .i18n import language_name

# Translated through functions, not module-level strings, because the language is known only during a request.
# Each takes the reason and the page's title; the wording follows search/explain.py's English sentences.
NAME_KIND_TEXTS = {
    "acronym": lambda r, title: _("“%(matched)s” stands for %(title)s.", matched=r.matched, title=title),
    "related": lambda r, title: _("“%(matched)s” is a term related to %(title)s.", matched=r.matched, title=title),
    "lay": lambda r, title: _("“%(matched)s” is an everyday name for %(title)s.", matched=r.matched, title=title),
    "variant": lambda r, title: _("“%(matched)s” is another spelling of %(title)s.", matched=r.matched, title=title),
    "synonym": lambda r, title: _("“%(matched)s” is another name for %(title)s.", matched=r.matched, title=title),
}

REASON_TEXTS = {
    "title": lambda r, ui, title: _("“%(typed)s” is the name of this page.", typed=r.typed),
    "words": lambda r, ui, title: _("Its name contains “%(typed)s”.", typed=r.typed),
    "name": lambda r, ui, title: NAME_KIND_TEXTS.get(r.name_kind, NAME_KIND_TEXTS["synonym"])(r, title),
    "translation": lambda r, ui, title: _(
        "“%(matched)s” is the name in %(language)s for %(title)s.", matched=r.matched, title=title,
        language=language_name(r.lang, in_language=ui) if r.lang else "?"),
    "british": lambda r, ui, title: _("“%(typed)s” is the British spelling of “%(matched)s”.",
                                      typed=r.typed, matched=r.matched),
    "accent": lambda r, ui, title: _("“%(typed)s” is “%(matched)s” written with or without accents.",
                                     typed=r.typed, matched=r.matched),
    "compound": lambda r, ui, title: _("“%(typed)s” is “%(matched)s” written joined or apart.",
                                       typed=r.typed, matched=r.matched),
    "form": lambda r, ui, title: _("“%(typed)s” is another form of “%(matched)s”.", typed=r.typed, matched=r.matched),
    "synonym": lambda r, ui, title: _("“%(typed)s” means “%(matched)s”.", typed=r.typed, matched=r.matched),
    "typo": lambda r, ui, title: _("“%(typed)s” was corrected to “%(matched)s”.", typed=r.typed, matched=r.matched),
    "prefix": lambda r, ui, title: _("“%(typed)s” is the start of “%(matched)s”.", typed=r.typed, matched=r.matched),
    "phonetic": lambda r, ui, title: _("“%(typed)s” sounds like “%(matched)s”.", typed=r.typed, matched=r.matched),
    "text": lambda r, ui, title: _("The page’s text mentions “%(typed)s”.", typed=r.typed),
}


def reason_text(reason: Reason, ui_language: str, title: str) -> str | None:
    """One reason as a sentence in the current interface language, or None for a kind not known here."""
    wording = REASON_TEXTS.get(reason.kind)
    return wording(reason, ui_language, title) if wording else None


def explain(hit: Hit, ui_language: str) -> str:
    """The plain-words explanation of `hit` for a visitor reading `ui_language`. Plain text: the template escapes it."""
    if ui_language == "en" or not hit.reasons:
        return hit.explanation
    sentences = [reason_text(reason, ui_language, hit.title) for reason in hit.reasons]
    if any(sentence is None for sentence in sentences):
        return hit.explanation
    # Several reasons often repeat one sentence (two words, both typos of the same name): say it once.
    return " ".join(dict.fromkeys(sentences))
