"""Interface languages: which one a visitor gets, and the compiled message catalogues behind them.

The choice, in order: the language the visitor picked with the switcher (remembered in a cookie), else the
best match of the browser's Accept-Language, else English. Only the interface text changes; the search is
the same in every language.

Catalogues are kept as `.po` files (the source, in git) and compiled to `.mo` when the app is created, if a
`.mo` is missing or older than its `.po`. Compiling at start-up rather than at build time works the same for
an editable install, a plain `pip install .` and a source checkout, with no build hook; it takes a few
milliseconds. When the package folder is read-only (a system-wide install), the `.mo` files go to a cache
folder instead.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Iterable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request
from flask_babel import Babel, get_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from search.wording import language_name

log = logging.getLogger(__name__)

# The interface languages, English first (the default and the language of the message ids).
LANGUAGES = ("en", "fr", "nl", "de")
DEFAULT_LANGUAGE = "en"
COOKIE = "condsearch_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600  # a year: the choice should survive between visits
SOURCE_DIR = Path(__file__).parent / "translations"
DOMAIN = "messages"


def _stale(po_path: Path, mo_path: Path) -> bool:
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


def _compile(po_path: Path, mo_path: Path) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name, domain=DOMAIN)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a second process starting at the same moment never reads half a file.
    fd, tmp_name = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write_mo(handle, catalog)
        os.replace(tmp_name, mo_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def compile_catalogs(source_dir: Path = SOURCE_DIR, *, fallback_dir: Path | None = None) -> Path:
    """Compiles every stale `<lang>/LC_MESSAGES/messages.po` under `source_dir`; returns the folder holding the `.mo`s.

    The `.mo`s go next to the `.po`s when that folder is writable, else under `fallback_dir` (default: a
    folder in the system's temporary directory).
    """
    po_paths = sorted(source_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    try:
        for po_path in po_paths:
            mo_path = po_path.with_suffix(".mo")
            if _stale(po_path, mo_path):
                _compile(po_path, mo_path)
        return source_dir
    except OSError as error:
        target = fallback_dir or Path(tempfile.gettempdir()) / f"condsearch-translations-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        log.info("cannot write compiled catalogues next to %s (%s); using %s", source_dir, error, target)
        for po_path in po_paths:
            mo_path = target / po_path.relative_to(source_dir).with_suffix(".mo")
            if _stale(po_path, mo_path):
                _compile(po_path, mo_path)
        return target


def best_language(accepted: Iterable[tuple[str, float]]) -> str:
    """The interface language for an Accept-Language list of (tag, quality): the most wanted one we have.

    Each tag counts by its primary language, in the visitor's order of preference. (werkzeug's
    `best_match` first looks for exact tags anywhere in the list, so "en-GB, fr;q=0.5" would get French.)

    >>> best_language([("en-GB", 1), ("fr", 0.5)]), best_language([("lb-LU", 1), ("de", 0.7)])
    ('en', 'de')
    """
    for tag, quality in sorted(accepted, key=lambda item: -item[1]):  # stable: ties keep the header's order
        primary = tag.replace("_", "-").split("-")[0].lower()
        if quality > 0 and primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


# Answers whose words follow the interface language: pages, and the search description (/opensearch.xml).
LANGUAGE_DEPENDENT_TYPES = ("text/html", "application/opensearchdescription+xml")
# Longest Accept-Language header read. Browsers send a few languages (under 100 characters); parsing costs
# time in proportion to the length, and a 250 KB header cost 650 ms of a worker per page.
MAX_ACCEPT_LANGUAGE_CHARS = 500


def accepted_languages() -> LanguageAccept:
    """The request's Accept-Language, its first MAX_ACCEPT_LANGUAGE_CHARS only (cut after a whole entry)."""
    header = request.headers.get("Accept-Language", "")
    if len(header) > MAX_ACCEPT_LANGUAGE_CHARS:
        header = header[:MAX_ACCEPT_LANGUAGE_CHARS].rpartition(",")[0]
    return parse_accept_header(header, LanguageAccept)


def select_language() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return best_language(accepted_languages())


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def suggestion_languages() -> dict[str, str]:
    """The names the search box's suggestions give, in the interface language, to a name in another
    language ("French: carcinome basocellulaire" beside Basal Cell Carcinoma)."""
    current = current_language()
    return {code: language_name(code, in_language=current, menu=True) for code in LANGUAGES
            if code != DEFAULT_LANGUAGE}


def init_app(app: Flask) -> None:
    directory = compile_catalogs()
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(directory))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    Babel(app, locale_selector=select_language)

    # A global, not a context value: the search box is a macro, imported without the page's context.
    app.jinja_env.globals["suggestion_languages"] = suggestion_languages

    @app.context_processor
    def language_context() -> dict:
        current = current_language()
        return {
            "ui_language": current,
            "ui_languages": [(code, language_name(code, menu=True)) for code in LANGUAGES],
        }

    @app.after_request
    def vary_on_language(response):
        # The same URL gives another language to another visitor: caches must key on what chose it.
        if response.mimetype in LANGUAGE_DEPENDENT_TYPES:
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response
