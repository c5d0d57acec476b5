"""Every sentence an explanation can say, in every interface language: one table, used by the CLI, the JSON
API and the web page alike (a test fails when a reason kind lacks a wording in some language).

A wording is chosen by `wording_key(reason)`: the reason kind, refined where the sentence differs (which
kind of name; joined, apart or divided elsewhere). Placeholders: {typed} (what the visitor
wrote), {matched} (what it matched on the page), {title} (the page's title), {language} (the name's
language, worded in the interface language), {words} (each word typed, quoted, as a list of the interface
language).
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.lists import format_list

from search.kinds import ReasonKind
from search.results import Reason

LANGUAGES = ("en", "fr", "nl", "de")
DEFAULT_LANGUAGE = "en"

WORDINGS: dict[str, dict[str, str]] = {
    "title": {
        "en": "'{typed}' is the name of this page",
        "fr": "«\xa0{typed}\xa0» est le nom de cette page",
        "nl": "“{typed}” is de naam van deze pagina",
        "de": "„{typed}“ ist der Name dieser Seite",
    },
    "words": {
        "en": "its name contains '{typed}'",
        "fr": "son nom contient «\xa0{typed}\xa0»",
        "nl": "de naam bevat “{typed}”",
        "de": "der Name enthält „{typed}“",
    },
    "name.acronym": {
        "en": "'{matched}' stands for {title}",
        "fr": "«\xa0{matched}\xa0» est l’abréviation de «\xa0{title}\xa0»",
        "nl": "“{matched}” is de afkorting van {title}",
        "de": "„{matched}“ ist die Abkürzung für {title}",
    },
    "name.related": {
        "en": "'{matched}' is a related term for {title}",
        "fr": "«\xa0{matched}\xa0» est un terme apparenté à «\xa0{title}\xa0»",
        "nl": "“{matched}” is een term verwant aan {title}",
        "de": "„{matched}“ ist ein mit {title} verwandter Begriff",
    },
    "name.lay": {
        "en": "'{matched}' is another name for {title}",
        "fr": "«\xa0{matched}\xa0» est un nom courant de «\xa0{title}\xa0»",
        "nl": "“{matched}” is een gewone naam voor {title}",
        "de": "„{matched}“ ist ein Alltagsname für {title}",
    },
    "name.variant": {
        "en": "'{matched}' is another name for {title}",
        "fr": "«\xa0{matched}\xa0» est une autre orthographe de «\xa0{title}\xa0»",
        "nl": "“{matched}” is een andere spelling van {title}",
        "de": "„{matched}“ ist eine andere Schreibweise von {title}",
    },
    "name.synonym": {
        "en": "'{matched}' is another name for {title}",
        "fr": "«\xa0{matched}\xa0» est un autre nom de «\xa0{title}\xa0»",
        "nl": "“{matched}” is een andere naam voor {title}",
        "de": "„{matched}“ ist ein anderer Name für {title}",
    },
    "name.narrower": {
        "en": "'{matched}' is a kind of {title}",
        "fr": "«\xa0{matched}\xa0» est une forme de «\xa0{title}\xa0»",
        "nl": "“{matched}” is een vorm van {title}",
        "de": "„{matched}“ ist eine Form von {title}",
    },
    "name.broader": {
        "en": "{title} is a type of '{matched}'",
        "fr": "«\xa0{title}\xa0» est un type de «\xa0{matched}\xa0»",
        "nl": "{title} is een soort “{matched}”",
        "de": "{title} ist eine Art von „{matched}“",
    },
    "translation": {
        "en": "'{matched}' is the {language} name for {title}",
        "fr": "«\xa0{matched}\xa0» est le nom en {language} de «\xa0{title}\xa0»",
        "nl": "“{matched}” is de naam in het {language} voor {title}",
        "de": "„{matched}“ ist der Name auf {language} für {title}",
    },
    "british": {
        "en": "'{typed}' is the British spelling of '{matched}'",
        "fr": "«\xa0{typed}\xa0» est l’orthographe britannique de «\xa0{matched}\xa0»",
        "nl": "“{typed}” is de Britse spelling van “{matched}”",
        "de": "„{typed}“ ist die britische Schreibweise von „{matched}“",
    },
    "american": {
        "en": "'{typed}' is the American spelling of '{matched}'",
        "fr": "«\xa0{typed}\xa0» est l’orthographe américaine de «\xa0{matched}\xa0»",
        "nl": "“{typed}” is de Amerikaanse spelling van “{matched}”",
        "de": "„{typed}“ ist die amerikanische Schreibweise von „{matched}“",
    },
    "accent.without": {
        "en": "'{typed}' is '{matched}' written without accents",
        "fr": "«\xa0{typed}\xa0» est «\xa0{matched}\xa0» écrit sans accents",
        "nl": "“{typed}” is “{matched}”, zonder accenten geschreven",
        "de": "„{typed}“ ist „{matched}“, ohne Akzente geschrieben",
    },
    "accent.with": {
        "en": "'{typed}' is '{matched}' written with accents",
        "fr": "«\xa0{typed}\xa0» est «\xa0{matched}\xa0» écrit avec accents",
        "nl": "“{typed}” is “{matched}”, met accenten geschreven",
        "de": "„{typed}“ ist „{matched}“, mit Akzenten geschrieben",
    },
    "compound.apart": {
        "en": "'{typed}' is '{matched}' written apart",
        "fr": "«\xa0{typed}\xa0» est «\xa0{matched}\xa0» écrit en plusieurs mots",
        "nl": "“{typed}” is “{matched}”, los geschreven",
        "de": "„{typed}“ ist „{matched}“, getrennt geschrieben",
    },
    "compound.joined": {
        "en": "'{typed}' is '{matched}' written as one word",
        "fr": "«\xa0{typed}\xa0» est «\xa0{matched}\xa0» écrit en un seul mot",
        "nl": "“{typed}” is “{matched}”, aaneen geschreven",
        "de": "„{typed}“ ist „{matched}“, zusammen geschrieben",
    },
    "compound.elsewhere": {
        "en": "'{typed}' is '{matched}' with its words divided elsewhere",
        "fr": "«\xa0{typed}\xa0» est «\xa0{matched}\xa0» avec les mots coupés ailleurs",
        "nl": "“{typed}” is “{matched}”, met de woorden elders gescheiden",
        "de": "„{typed}“ ist „{matched}“, mit den Wörtern anders getrennt",
    },
    "form": {
        "en": "'{typed}' is another form of '{matched}'",
        "fr": "«\xa0{typed}\xa0» est une autre forme de «\xa0{matched}\xa0»",
        "nl": "“{typed}” is een andere vorm van “{matched}”",
        "de": "„{typed}“ ist eine andere Form von „{matched}“",
    },
    "synonym": {
        "en": "'{typed}' means '{matched}'",
        "fr": "«\xa0{typed}\xa0» veut dire «\xa0{matched}\xa0»",
        "nl": "“{typed}” betekent “{matched}”",
        "de": "„{typed}“ bedeutet „{matched}“",
    },
    "typo": {
        "en": "corrected '{typed}' to '{matched}'",
        "fr": "«\xa0{typed}\xa0» a été corrigé en «\xa0{matched}\xa0»",
        "nl": "“{typed}” is verbeterd tot “{matched}”",
        "de": "„{typed}“ wurde zu „{matched}“ korrigiert",
    },
    "prefix": {
        "en": "'{typed}' is the start of '{matched}'",
        "fr": "«\xa0{typed}\xa0» est le début de «\xa0{matched}\xa0»",
        "nl": "“{typed}” is het begin van “{matched}”",
        "de": "„{typed}“ ist der Anfang von „{matched}“",
    },
    "phonetic": {
        "en": "'{typed}' sounds like '{matched}'",
        "fr": "«\xa0{typed}\xa0» se prononce comme «\xa0{matched}\xa0»",
        "nl": "“{typed}” klinkt als “{matched}”",
        "de": "„{typed}“ klingt wie „{matched}“",
    },
    "text": {  # {words}: each typed word quoted, as a list ("'womb' and 'cancer'"): the text holds each
        # word, not necessarily the phrase (the text is searched by words, never by phrases)
        "en": "the page's text mentions {words}",
        "fr": "le texte de la page mentionne {words}",
        "nl": "de tekst van de pagina vermeldt {words}",
        "de": "der Text der Seite erwähnt {words}",
    },
    "site.translated": {
        "en": "'{typed}' is {language} for '{matched}'",
        "fr": "«\xa0{typed}\xa0» veut dire «\xa0{matched}\xa0» en {language}",
        "nl": "“{typed}” is {language} voor “{matched}”",
        "de": "„{typed}“ ist {language} für „{matched}“",
    },
    "site.same": {
        "en": "'{typed}' and '{matched}' name the same part of the body",
        "fr": "«\xa0{typed}\xa0» et «\xa0{matched}\xa0» désignent la même partie du corps",
        "nl": "“{typed}” en “{matched}” duiden hetzelfde lichaamsdeel aan",
        "de": "„{typed}“ und „{matched}“ bezeichnen denselben Körperteil",
    },
    "kind": {
        "en": "'{typed}' names a tumour, as '{matched}' does",
        "fr": "«\xa0{typed}\xa0» désigne une tumeur, comme «\xa0{matched}\xa0»",
        "nl": "“{typed}” duidt een gezwel aan, zoals “{matched}”",
        "de": "„{typed}“ bezeichnet eine Geschwulst, wie „{matched}“",
    },
    "decompound": {
        "en": "read '{typed}' as '{matched}'",
        "fr": "«\xa0{typed}\xa0» lu comme «\xa0{matched}\xa0»",
        "nl": "“{typed}” gelezen als “{matched}”",
        "de": "„{typed}“ gelesen als „{matched}“",
    },
}
# How a word is quoted inside a sentence, as the wordings above quote.
QUOTES = {"en": "'{}'", "fr": "«\xa0{}\xa0»", "nl": "“{}”", "de": "„{}“"}
# A broad word of the page said without naming the page, for a list of results that share it (webui: a
# reason many results share is said once, above them).
GROUP_WORDING = {
    "en": "a type of '{matched}'",
    "fr": "un type de «\xa0{matched}\xa0»",
    "nl": "een soort “{matched}”",
    "de": "eine Art von „{matched}“",
}
# What an explanation says when a hit has no reason to give.
NO_REASON = {"en": "Matches {title}", "fr": "Correspond à «\xa0{title}\xa0»", "nl": "Komt overeen met {title}",
             "de": "Passt zu {title}"}
# How sentences are joined: English keeps the engine's one line ("Corrected 'x' to 'y'; 'y' is ..."), the
# other languages a sentence each.
SEPARATORS = {"en": ("; ", ""), "fr": (" ", "."), "nl": (" ", "."), "de": (" ", ".")}


@lru_cache(maxsize=256)  # a few languages, named in four: parsing babel's locale data costs more than a hit
def language_name(code: str, *, in_language: str | None = None, menu: bool = False) -> str:
    """A language's name in `in_language` (default: in itself), cased as inside a sentence of that language;
    `menu=True` capitalises it, as in a list of languages to choose from.

    >>> language_name("fr", in_language="fr"), language_name("fr", menu=True), language_name("nl", in_language="de")
    ('français', 'Français', 'Niederländisch')
    """
    try:
        name = Locale.parse(in_language or code).languages.get(code, code)
    except (UnknownLocaleError, ValueError, TypeError):  # a code babel does not know: show the code
        name = code
    return name[:1].upper() + name[1:] if menu else name


def wording_key(reason: Reason) -> str:
    kind = ReasonKind(reason.kind)
    if kind is ReasonKind.NAME:
        key = f"name.{reason.name_kind}"
        return key if key in WORDINGS else "name.synonym"
    if kind in (ReasonKind.ACCENT, ReasonKind.ACCENTED):
        return "accent.without" if kind is ReasonKind.ACCENT else "accent.with"
    if kind is ReasonKind.COMPOUND:  # the same letters: more words typed, fewer, or as many divided elsewhere
        typed, matched = len(reason.typed.split()), len(reason.matched.replace("-", " ").split())
        return "compound.apart" if typed > matched else "compound.joined" if typed < matched else "compound.elsewhere"
    if kind is ReasonKind.SITE:
        return "site.translated" if reason.lang and reason.lang != "en" else "site.same"
    return kind.value


def sentence(reason: Reason, title: str, language: str = DEFAULT_LANGUAGE) -> str:
    """One reason worded in `language` (English for a language without a table)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    spoken = ""
    if reason.kind in (ReasonKind.TRANSLATION, ReasonKind.SITE):
        spoken = language_name(reason.lang, in_language=language) if reason.lang else "?"
    wording = WORDINGS[wording_key(reason)][language]
    words = ""  # the typed words listed as the language lists them, for the wordings that say them
    if "{words}" in wording:
        words = format_list([QUOTES[language].format(word) for word in reason.typed.split()], locale=language)
    return wording.format(typed=reason.typed, matched=reason.matched, title=title, language=spoken, words=words)


def shared_sentence(reason: Reason, language: str = DEFAULT_LANGUAGE) -> str | None:
    """`reason` worded without the page's title, so that several pages can share the sentence; None when the
    sentence is about one page's own name ("'acute leukemia' is another name for ...").

    >>> shared_sentence(Reason(ReasonKind.TYPO, "lukemia", "leukemia"))
    "Corrected 'lukemia' to 'leukemia'"
    >>> shared_sentence(Reason(ReasonKind.NAME, "leukaemia", "Leukemia", "broader"), "nl")
    'Een soort “Leukemia”.'
    """
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    if reason.kind == ReasonKind.NAME and reason.name_kind == "broader":
        text = GROUP_WORDING[language].format(matched=reason.matched)
    elif "{title}" in WORDINGS[wording_key(reason)][language]:
        return None
    else:
        text = sentence(reason, "", language)
    return text[:1].upper() + text[1:] + SEPARATORS[language][1]


def explanation(reasons, title: str, language: str = DEFAULT_LANGUAGE) -> str:
    """All the reasons of a hit as the text shown to a visitor; a sentence said twice is said once."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    sentences = list(dict.fromkeys(sentence(reason, title, language) for reason in reasons))
    if not sentences:
        return NO_REASON[language].format(title=title)
    separator, end = SEPARATORS[language]
    text = separator.join(s[:1].upper() + s[1:] + end for s in sentences) if end else separator.join(sentences)
    return text[:1].upper() + text[1:]
