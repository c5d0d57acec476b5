"""Interface languages: English, French, Dutch and German.

1. The language comes from Accept-Language, unless the visitor picked one with the switcher (remembered).
2. Every page, including error pages, speaks the chosen language; the search itself is the same in each.
3. Explanations of why a page matched are worded in the interface language.
4. Every interface text is translated in every catalogue, with the same placeholders.
5. Catalogues compile from the .po files at start-up, also when the package folder is read-only.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import webui
from webui.i18n import COOKIE, LANGUAGES, compile_catalogs

WEBUI_DIR = Path(webui.__file__).parent
TRANSLATED = [code for code in LANGUAGES if code != "en"]

# One phrase per page and language that only a translated page can hold.
EXPECTED = {
    "en": {"/": "Find the page about a condition", "/search?q=leukaemia": "Why:",
           "/condition/neuroblastoma": "Also known as", "/condition/nope": "No such condition page",
           "/search?q=xqzvbnm": "Tips"},
    "fr": {"/": "Trouvez la page d’une maladie", "/search?q=leukaemia": "Pourquoi\u00a0:",
           "/condition/neuroblastoma": "Autres noms", "/condition/nope": "Cette page de maladie n’existe pas",
           "/search?q=xqzvbnm": "Conseils"},
    "nl": {"/": "Vind de pagina over een aandoening", "/search?q=leukaemia": "Waarom:",
           "/condition/neuroblastoma": "Ook bekend als", "/condition/nope": "Deze aandoeningspagina bestaat niet",
           "/search?q=xqzvbnm": "Tips"},
    "de": {"/": "Finden Sie die Seite zu einer Erkrankung", "/search?q=leukaemia": "Warum:",
           "/condition/neuroblastoma": "Auch bekannt als", "/condition/nope": "Diese Seite gibt es nicht",
           "/search?q=xqzvbnm": "Tipps"},
}


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<li class="hit[^"]*"[^>]*>\s*<h2><a href="/condition/([^"]+)"', html)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", list(EXPECTED["en"]))
def test_every_page_speaks_the_browsers_language(client, language, url):
    response = client.get(url, headers={"Accept-Language": language})
    assert f'<html lang="{language}">' in response.text
    assert EXPECTED[language][url] in response.text


@pytest.mark.parametrize("header, expected", [
    ("fr-BE,fr;q=0.9,en;q=0.5", "fr"),
    ("nl-NL", "nl"),
    ("de-CH, de;q=0.9", "de"),
    ("es, de;q=0.8, fr;q=0.5", "de"),
    ("es-ES", "en"),
    ("", "en"),
    ("en-GB,fr;q=0.5", "en"),
    ("fr-CH, en;q=0.8", "fr"),
    ("nl-BE", "nl"),
    ("lb-LU, de;q=0.7, fr;q=0.6", "de"),
    ("de;q=0, fr", "fr"),
])
def test_language_is_the_best_match_of_accept_language(client, header, expected):
    headers = {"Accept-Language": header} if header else {}
    assert f'<html lang="{expected}">' in client.get("/", headers=headers).text


def test_switcher_choice_is_remembered_over_the_browsers_language(client):
    response = client.get("/language/nl", query_string={"next": "/search?q=leukaemia"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/search?q=leukaemia")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=nl") and "Max-Age=" in cookie and "SameSite=Lax" in cookie
    page = client.get("/search?q=leukaemia", headers={"Accept-Language": "de"})
    assert '<html lang="nl">' in page.text and "Waarom:" in page.text


def test_switcher_marks_the_current_language_and_links_back_here(client):
    html = client.get("/search?q=leukaemia", headers={"Accept-Language": "fr"}).text
    nav = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    assert re.search(r'lang="fr" hreflang="fr" aria-current="true">Français</a>', nav)
    for code, name in [("en", "English"), ("nl", "Nederlands"), ("de", "Deutsch")]:
        assert f'href="/language/{code}?next=/search?q%3Dleukaemia"' in nav and f">{name}</a>" in nav


def test_unknown_language_code_changes_nothing(client):
    response = client.get("/language/xx?next=/")
    assert response.status_code == 303 and "Set-Cookie" not in response.headers


def test_html_answers_vary_on_what_chooses_the_language(client):
    vary = client.get("/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def without_explanations(answer: dict) -> dict:
    return {**answer, "results": [{**result, "explanation": None} for result in answer["results"]]}


@pytest.mark.parametrize("language", TRANSLATED)
def test_search_is_the_same_in_every_language(client, language):
    for query in ["nuroblastoma", "leucémie", "womb cancer", "Brustkrebs", "xqzvbnm"]:
        english = client.get("/api/search", query_string={"q": query}).get_json()
        other = client.get("/api/search", query_string={"q": query}, headers={"Accept-Language": language})
        # The same pages in the same order with the same scores; only the explanations follow the language.
        assert without_explanations(other.get_json()) == without_explanations(english)
        assert hit_ids(client.get("/search", query_string={"q": query}, headers={"Accept-Language": language}).text) \
            == [result["id"] for result in english["results"]]


@pytest.mark.parametrize("language, query, wording", [
    ("fr", "nuroblastoma", "«\u00a0nuroblastoma\u00a0» a été corrigé en «\u00a0neuroblastoma\u00a0»."),
    ("nl", "nuroblastoma", "“nuroblastoma” is verbeterd tot “neuroblastoma”."),
    ("de", "nuroblastoma", "„nuroblastoma“ wurde zu „neuroblastoma“ korrigiert."),
    ("fr", "borstkanker", "est le nom en néerlandais de"),
    ("nl", "borstkanker", "is de naam in het Nederlands voor"),
    ("de", "borstkanker", "ist der Name auf Niederländisch für"),
    ("de", "ALL", "„ALL“ ist die Abkürzung für Acute Lymphoblastic Leukemia."),
])
def test_explanation_is_worded_in_the_interface_language(client, language, query, wording):
    html = client.get("/search", query_string={"q": query}, headers={"Accept-Language": language}).text
    # Said under a result, or once above the list when several results share it.
    why = " ".join(part for found in re.findall(r'<p class="why">(.*?)</p>|<div class="shared-why">(.*?)</div>',
                                                html, re.S) for part in found)
    assert wording in why.replace("&#39;", "'")


@pytest.mark.parametrize("language", TRANSLATED)
def test_correction_note_is_translated(client, language):
    html = client.get("/search?q=nuroblastoma", headers={"Accept-Language": language}).text
    note = re.sub(r"<[^>]+>", "", re.search(r'<p class="correction">(.*?)</p>', html, re.S).group(1))
    expected = {"fr": "Résultats pour neuroblastoma (vous avez tapé nuroblastoma)",
                "nl": "Resultaten voor neuroblastoma (u typte nuroblastoma)",
                "de": "Ergebnisse für neuroblastoma (Sie haben nuroblastoma eingegeben)"}[language]
    assert " ".join(note.split()) == expected


def interface_messages() -> set[str]:
    """Every text the code and templates mark for translation, as babel extracts it."""
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(WEBUI_DIR), method_map,
                                                                       keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_text_is_translated(language):
    with (WEBUI_DIR / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {message.id[0] if isinstance(message.id, tuple) else message.id: message
                  for message in catalog if message.id}
    wanted = interface_messages()
    assert len(wanted) > 50, "the extraction should find the interface texts of the code and the templates"
    missing = wanted - set(translated)
    assert not missing, f"not in the {language} catalogue (run pybabel extract/update): {sorted(missing)}"
    for msgid, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"untranslated in {language}: {msgid!r}"
        placeholders = set(re.findall(r"%\(\w+\)[sd]", msgid))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", string)) == placeholders, f"placeholders differ: {msgid!r}"


def test_catalogues_compile_next_to_the_po_files_when_stale(tmp_path):
    source = tmp_path / "translations"
    shutil.copytree(WEBUI_DIR / "translations", source, ignore=shutil.ignore_patterns("*.mo"))
    assert compile_catalogs(source) == source
    mo_file = source / "fr" / "LC_MESSAGES" / "messages.mo"
    assert mo_file.is_file()
    compiled_at = mo_file.stat().st_mtime_ns
    po_file = mo_file.with_suffix(".po")
    os.utime(po_file, ns=(compiled_at + 10**9, compiled_at + 10**9))
    compile_catalogs(source)
    assert mo_file.stat().st_mtime_ns > compiled_at, "an edited .po is compiled again"


def test_catalogues_compile_elsewhere_when_the_package_folder_cannot_take_them(tmp_path):
    source = tmp_path / "translations"
    shutil.copytree(WEBUI_DIR / "translations", source, ignore=shutil.ignore_patterns("*.mo"))
    # A folder where the .mo should go makes writing it fail for any user, root included (unlike chmod).
    blocker = source / "de" / "LC_MESSAGES" / "messages.mo"
    blocker.mkdir()
    os.utime(blocker, ns=(0, 0))
    target = compile_catalogs(source, fallback_dir=tmp_path / "cache")
    assert target == tmp_path / "cache"
    for language in TRANSLATED:
        assert (target / language / "LC_MESSAGES" / "messages.mo").is_file()
