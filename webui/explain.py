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
NAME_KIND_TEXTS = {
    "synonym": lambda r: _("“%(matched)s” is another name for this condition.", matched=r.matched),
    "acronym": lambda r: _("“%(matched)s” is an abbreviation for this condition.", matched=r.matched),
    "variant": lambda r: _("“%(matched)s” is another spelling of its name.", matched=r.matched),
    "lay": lambda r: _("“%(matched)s” is an everyday name for this condition.", matched=r.matched),
    "related": lambda r: _("“%(matched)s” is a related term.", matched=r.matched),
}

REASON_TEXTS = {
    "title": lambda r, ui: _("You typed its title, “%(matched)s”.", matched=r.matched),
    "name": lambda r, ui: NAME_KIND_TEXTS.get(r.name_kind or "synonym", NAME_KIND_TEXTS["synonym"])(r),
    "translation": lambda r, ui: _("“%(matched)s” is its name in %(language)s.", matched=r.matched,
                                   language=language_name(r.lang, in_language=ui) if r.lang else "?"),
    "british": lambda r, ui: _("“%(typed)s” is the British or American spelling of “%(matched)s”.",
                               typed=r.typed, matched=r.matched),
    "accent": lambda r, ui: _("“%(typed)s” matches “%(matched)s” with or without accents.",
                              typed=r.typed, matched=r.matched),
    "compound": lambda r, ui: _("“%(typed)s” matches “%(matched)s” written joined or apart.",
                                typed=r.typed, matched=r.matched),
    "form": lambda r, ui: _("“%(typed)s” is another form of “%(matched)s”.", typed=r.typed, matched=r.matched),
    "synonym": lambda r, ui: _("“%(typed)s” means the same as “%(matched)s”.", typed=r.typed, matched=r.matched),
    "typo": lambda r, ui: _("“%(typed)s” looks like a misspelling of “%(matched)s”.",
                            typed=r.typed, matched=r.matched),
    "prefix": lambda r, ui: _("“%(typed)s” is the start of “%(matched)s”.", typed=r.typed, matched=r.matched),
    "phonetic": lambda r, ui: _("“%(typed)s” sounds like “%(matched)s”.", typed=r.typed, matched=r.matched),
    "text": lambda r, ui: _("“%(typed)s” appears in the text of this page.", typed=r.typed),
}


def reason_text(reason: Reason, ui_language: str) -> str | None:
    """One reason as a sentence in the current interface language, or None for a kind not known here."""
    wording = REASON_TEXTS.get(reason.kind)
    return wording(reason, ui_language) if wording else None


def explain(hit: Hit, ui_language: str) -> str:
    """The plain-words explanation of `hit` for a visitor reading `ui_language`. Plain text: the template escapes it."""
    if ui_language == "en" or not hit.reasons:
        return hit.explanation
    sentences = [reason_text(reason, ui_language) for reason in hit.reasons]
    if any(sentence is None for sentence in sentences):
        return hit.explanation
    # Several reasons often repeat one sentence (two words, both typos of the same name): say it once.
    return " ".join(dict.fromkeys(sentences))
