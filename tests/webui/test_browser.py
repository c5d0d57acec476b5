"""End to end: the real server (`condsearch serve` on 127.0.0.1) driven by Debian's Chromium through Playwright.

1. Typing "nuroblastoma" and pressing Enter shows Neuroblastoma first, with the correction note.
2. Suggestions appear as you type, follow the ARIA combobox pattern, and are chosen with the arrow keys,
   Enter and Escape.
3. A result opens its condition page, which leads back to the results.
4. The language switcher turns the interface French, and the choice is remembered.
5. A `<script>` typed into the box is shown as text and never runs; no page breaks its own CSP.
6. Without JavaScript the search still works; on a phone nothing scrolls sideways.
7. Screenshots of the search, results and condition pages at desktop and phone widths, written to a
   temporary folder, or to docs/ (the README's pictures) when CONDSEARCH_REFRESH_DOCS is set.

The results page and the suggestions (issue 16):

8. Each result is its title, its snippet and at most one line of why; a reason several results share is
   said once, above them, and the page is shorter for it.
9. "(you typed ...)" links to the search as typed only when that search finds pages of its own.
10. A broad query shows its overview page as a card with its types as links.
11. The suggestions span the box and its button, one line each, never over the hint nor the footer, at
    phone and desktop width; the typed part is marked; a name in another language says which; "kanker"
    suggests the Dutch names of cancers.
12. The live region is emptied when the list closes; after Back the box holds what was typed.
13. Language and example links are at least 24 px to tap; the "you typed" link reaches 7:1 contrast.
14. Screenshots of these at phone and desktop width (a temporary folder, or docs/ when asked).

Skipped, with the reason, only where Chromium is missing and cannot be installed (not root, not CI). One
module over 400 lines: every browser test shares one Chromium and one server, started once per session.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Waits for something to appear on the page; generous so a slow machine passes. Never a timing assertion.
WAIT_MS = 15_000


def chromium_path() -> str:
    """Debian's Chromium, installed with apt-get when it is missing and this user may (about 20 s), so that
    the README's test command alone passes on a fresh machine."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, {CHROMIUM} is missing, and this user cannot install it: run as root")
        pytest.skip(f"{CHROMIUM} is missing and this user cannot install it: as root, `apt-get install chromium`")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, capture_output=True, text=True, env=environment)
        if done.returncode != 0:
            pytest.fail(f"{CHROMIUM} is missing and `{' '.join(command)}` failed: {done.stderr.strip()[-500:]}")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"apt-get installed chromium but {CHROMIUM} is still missing")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server):
    """Opens a path of the live server in a fresh context (no cookies); records console errors and dialogs."""
    contexts = []

    def open_(path: str = "/", *, viewport=DESKTOP, javascript: bool = True, locale: str = "en-GB"):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript, locale=locale,
                                      extra_http_headers={"Accept-Language": locale})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.console_errors = []
        page.dialogs = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(live_server + path)
        return page

    yield open_
    for context in contexts:
        context.close()


def test_typo_shows_neuroblastoma_first_with_the_correction_note(open_page):
    page = open_page("/")
    assert page.evaluate("document.activeElement.id") == "q", "the search box has focus on load"
    page.keyboard.type("nuroblastoma")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=nuroblastoma")
    first = page.locator("li.hit").first
    assert first.locator("h2").inner_text() == "Neuroblastoma"
    note = page.locator("p.correction")
    assert note.inner_text() == "Showing results for neuroblastoma (you typed nuroblastoma)"
    assert note.locator("a").count() == 0, "'nuroblastoma' as typed finds nothing: no link to an empty page"
    assert page.console_errors == []


def test_suggestion_is_picked_with_the_keyboard(open_page):
    page = open_page("/")
    box = page.locator("#q")
    box.press_sequentially("nurobla", delay=30)
    listbox = page.get_by_role("listbox")
    listbox.wait_for(state="visible")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    options = page.get_by_role("option")
    assert options.first.locator(".title").inner_text() == "Neuroblastoma"
    assert "suggestion" in page.locator("#q-status").inner_text(), "the count is announced to screen readers"

    box.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first_id
    assert options.first.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "q", "focus stays in the box"
    if options.count() > 1:
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
        box.press("ArrowUp")
        assert box.get_attribute("aria-activedescendant") == first_id

    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "nurobla", "the first Escape only closes the list"

    box.press("ArrowDown")
    listbox.wait_for(state="visible")
    box.press("Enter")
    page.wait_for_url("**/condition/neuroblastoma")
    assert page.locator("h1").inner_text() == "Neuroblastoma"
    assert page.console_errors == []


def test_suggestion_is_picked_with_the_mouse_and_the_list_shows_other_names(open_page):
    page = open_page("/")
    page.locator("#q").press_sequentially("borstk", delay=30)
    option = page.get_by_role("option").first
    option.wait_for(state="visible")
    assert option.locator(".alias").inner_text() == "Dutch: borstkanker", "the name that matched, and its language"
    option.click()
    page.wait_for_url("**/condition/breast-cancer")


def test_result_opens_its_condition_page(open_page):
    page = open_page("/search?q=borstkanker")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/condition/breast-cancer")
    assert page.locator("h1").inner_text() == "Breast Cancer"
    assert "borstkanker" in page.locator("section.names").inner_text()
    assert page.title() == "Breast Cancer – condsearch"


def test_condition_page_leads_back_to_the_results_it_was_opened_from(open_page):
    """The way back comes from the Referer the browser itself sends between the site's pages."""
    page = open_page("/search?q=borstkanker")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/condition/breast-cancer")
    assert page.locator("#q").input_value() == "borstkanker", "the query stays in the box"
    back = page.locator("p.back a")
    assert back.inner_text() == "Back to the results for “borstkanker”"
    back.click()
    page.wait_for_url("**/search?q=borstkanker")
    assert page.locator("li.hit").count() > 0


def test_interface_switches_to_french_and_stays_french(open_page):
    page = open_page("/search?q=nuroblastoma")
    page.get_by_role("navigation", name="Interface language").get_by_role("link", name="Français").click()
    page.wait_for_function("document.documentElement.lang === 'fr'")
    assert page.url.endswith("/search?q=nuroblastoma"), "the switch comes back to the same page"
    assert page.locator("p.correction").inner_text() == "Résultats pour neuroblastoma (vous avez tapé nuroblastoma)"
    assert page.locator("li.hit").first.locator("h2").inner_text() == "Neuroblastoma", "the search is the same"
    page.goto(page.url.split("/search")[0] + "/")
    assert page.locator("h1").inner_text() == "Trouvez la page d’une maladie"
    assert page.get_by_role("button", name="Rechercher").is_visible()


def test_injected_script_in_the_query_is_shown_as_text(open_page):
    page = open_page("/")
    injection = "<script>alert('xss')</script><img src=x onerror=alert(2)>"
    page.locator("#q").fill(injection)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    assert injection in page.locator("h1").inner_text()
    assert page.locator("#q").input_value() == injection
    assert page.dialogs == [], "the injected script must never run"
    scripts = page.evaluate("[...document.scripts].map(script => script.src ? new URL(script.src).pathname : 'inline')")
    assert set(scripts) <= {"/static/search.js", "/static/clicks.js"}, "only our own scripts are on the page"
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0


def test_pages_break_no_content_security_policy_rule(open_page):
    for path in ["/", "/search?q=leukaemia", "/condition/neuroblastoma", "/condition/nope", "/search?q=xqzvbnm"]:
        page = open_page(path)
        page.wait_for_load_state("load")
        # The 404 page's own status is logged as an error by Chromium; anything else (a CSP violation) is not ok.
        errors = [error for error in page.console_errors if "status of 404" not in error]
        assert errors == [], (path, errors)


def test_search_works_without_javascript(open_page):
    page = open_page("/", javascript=False)
    page.locator("#q").fill("leukaemia")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=leukaemia")
    assert page.locator("li.hit").count() > 0


def test_opening_a_result_sends_only_the_log_id_and_rank_and_nothing_without_javascript(open_page):
    """The click beacon of the query log (README, "Privacy"): the search's log id and the rank, no body."""
    for javascript in (True, False):
        page = open_page("/search?q=leukaemia", javascript=javascript)
        beacons = []
        page.context.on("request", lambda request: "/api/click" in request.url and beacons.append(request))
        log_id = page.locator("ol.hits").get_attribute("data-log-id")
        page.locator("li.hit h2 a").nth(1).click()
        page.wait_for_url("**/condition/**")
        page.wait_for_load_state("load")
        if javascript:
            assert [(beacon.method, beacon.url.split("/api/click")[1], beacon.post_data or "") for beacon in beacons] \
                == [("POST", f"?id={log_id}&rank=2", "")]
        else:
            assert beacons == []


def test_phone_layout_never_scrolls_sideways_and_focus_is_visible(open_page):
    for path in ["/", "/search?q=nuroblastoma", "/condition/acute-lymphoblastic-leukemia"]:
        page = open_page(path, viewport=PHONE)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"
    page = open_page("/")
    page.keyboard.press("Tab")  # from the box to the next control
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "keyboard focus must be visible"


def shot_dir(tmp_path: Path) -> Path:
    """docs/ when CONDSEARCH_REFRESH_DOCS is set (to refresh the README's pictures), else a temporary folder."""
    return DOCS_DIR if os.environ.get("CONDSEARCH_REFRESH_DOCS") else tmp_path


@pytest.mark.parametrize("width_name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_for_the_readme(open_page, tmp_path, width_name, viewport):
    """Takes the README's screenshots; each must show what a visitor would see at that width. They go to
    docs/ only when asked (CONDSEARCH_REFRESH_DOCS=1), so a test run leaves the work tree as it was."""
    shots = shot_dir(tmp_path)
    shots.mkdir(exist_ok=True)

    page = open_page("/", viewport=viewport)
    page.locator("#q").press_sequentially("leuk", delay=30)
    page.get_by_role("listbox").wait_for(state="visible")
    assert page.get_by_role("option").count() > 1
    page.keyboard.press("ArrowDown")
    page.screenshot(path=shots / f"search-{width_name}.png")

    page = open_page("/search?q=nuroblastoma", viewport=viewport)
    assert page.locator("p.correction").is_visible()
    page.screenshot(path=shots / f"results-{width_name}.png", full_page=width_name == "desktop")

    page = open_page("/condition/acute-lymphoblastic-leukemia", viewport=viewport)
    assert page.locator("section.names").is_visible()
    page.screenshot(path=shots / f"condition-{width_name}.png")

    for name in ("search", "results", "condition"):
        shot = shots / f"{name}-{width_name}.png"
        assert shot.stat().st_size > 10_000, f"{shot.name} looks blank"


# ---- the results page and the suggestions, as a visitor uses them (issue 16) ----

# WCAG 2.2 target size (minimum), in CSS pixels.
MIN_TARGET_PX = 24
# WCAG contrast for AAA text, which the rest of the page reaches.
AAA_CONTRAST = 7.0
WIDTHS = [("desktop", DESKTOP), ("phone", PHONE)]


def test_results_say_a_shared_reason_once_and_keep_each_hit_to_one_line_of_why(open_page):
    page = open_page("/search?q=lukemia")
    hits = page.locator("li.hit")
    assert hits.count() == 10
    for number in range(hits.count()):
        hit = hits.nth(number)
        assert hit.locator("p.why").count() <= 1
        assert hit.locator("p.matched-name").count() == 0
    shared = page.locator(".shared-why li").all_inner_texts()
    assert any(re.fullmatch(r"Corrected 'lukemia' to 'leukemia' \(\d+ results\)", line) for line in shared), shared
    whys = page.locator("li.hit p.why").all_inner_texts()
    assert not any("Corrected 'lukemia' to 'leukemia'" in why for why in whys), "said once, above the list"
    # Each of the why lines left is one line on a desktop.
    line_height = page.evaluate("parseFloat(getComputedStyle(document.querySelector('p.why')).lineHeight)")
    heights = page.evaluate("[...document.querySelectorAll('li.hit p.why')].map(p => p.getBoundingClientRect().height)")
    assert sum(height > 1.5 * line_height for height in heights) <= 1, heights
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2400, f"the page of ten results is {height} px high (2,583 px when each repeated its reason)"


def test_the_typed_words_are_offered_only_when_they_find_pages_of_their_own(open_page):
    page = open_page("/search?q=prostrate+cancer")
    note = page.locator("p.correction")
    assert note.inner_text() == "Showing results for prostate cancer (you typed prostrate cancer)"
    assert note.locator("a").count() == 0, "prostrate cancer as typed finds nothing of its own"

    page = open_page("/search?q=serious")
    link = page.locator("p.correction a")
    assert link.inner_text() == "serious"
    link.click()
    page.wait_for_url("**/search?q=serious&exact=1")
    assert page.locator("li.hit").count() > 0, "the link leads to results, not to an empty page"


def test_a_broad_query_shows_its_overview_page_as_a_card_with_its_types(open_page):
    page = open_page("/search?q=leukaemia")
    card = page.locator("li.hit.overview")
    assert card.locator("h2").inner_text() == "Leukemia"
    types = card.get_by_role("navigation", name="Types of Leukemia").get_by_role("link")
    assert types.count() >= 8
    assert "Acute Lymphoblastic Leukemia" in types.all_inner_texts()
    types.filter(has_text="Hairy Cell Leukemia").click()
    page.wait_for_url("**/condition/hairy-cell-leukemia")


@pytest.mark.parametrize("width_name, viewport", WIDTHS)
def test_suggestions_span_the_box_and_button_one_line_each_clear_of_hint_and_footer(open_page, width_name, viewport):
    page = open_page("/", viewport=viewport)
    page.locator("#q").press_sequentially("leuk", delay=30)
    listbox = page.get_by_role("listbox")
    listbox.wait_for(state="visible")
    row = page.locator(".search-row").bounding_box()
    box = listbox.bounding_box()
    assert abs(box["x"] - row["x"]) <= 1 and abs(box["width"] - row["width"]) <= 1, "as wide as box and button"
    hint = page.locator("#q-hint").bounding_box()
    assert hint["y"] + hint["height"] <= box["y"], "the hint stays visible"
    footer = page.locator("footer").bounding_box()
    assert box["y"] + box["height"] <= footer["y"], "the list never runs over the footer"
    options = page.get_by_role("option")
    assert options.count() == 8
    line_height = page.evaluate("parseFloat(getComputedStyle(document.querySelector('[role=option]')).lineHeight)")
    for number in range(options.count()):
        option_box = options.nth(number).bounding_box()
        assert option_box["height"] < 2.5 * line_height, f"option {number} wraps: {options.nth(number).inner_text()}"


def test_the_typed_part_of_each_suggestion_is_marked(open_page):
    page = open_page("/")
    page.locator("#q").press_sequentially("leuk", delay=30)
    page.get_by_role("listbox").wait_for(state="visible")
    options = page.get_by_role("option")
    for number in range(options.count()):
        marks = options.nth(number).locator("mark").all_inner_texts()
        assert marks and all(mark.casefold() == "leuk" for mark in marks), (options.nth(number).inner_text(), marks)
    weight = page.evaluate("getComputedStyle(document.querySelector('[role=option] mark')).fontWeight")
    assert int(weight) >= 700, "the typed part stands out"


def test_a_name_in_another_language_is_labelled_and_hidden_when_the_title_matched(open_page):
    page = open_page("/")
    page.locator("#q").press_sequentially("carcinome basoc", delay=30)
    option = page.get_by_role("option").filter(has_text="Basal Cell Carcinoma")
    option.wait_for(state="visible")
    alias = option.locator(".alias")
    assert alias.inner_text() == "French: carcinome basocellulaire"
    assert alias.get_attribute("lang") == "fr"

    page = open_page("/")
    page.locator("#q").press_sequentially("basal cel", delay=30)
    option = page.get_by_role("option").filter(has_text="Basal Cell Carcinoma").first
    option.wait_for(state="visible")
    assert option.locator(".alias").count() == 0, "the title answers what was typed: no other name beside it"


def test_the_language_of_a_name_is_said_in_the_interface_language(open_page):
    page = open_page("/", locale="fr-FR")
    page.locator("#q").press_sequentially("borstk", delay=30)
    option = page.get_by_role("option").first
    option.wait_for(state="visible")
    assert option.locator(".alias").inner_text() == "Néerlandais\u00a0: borstkanker"


def test_kanker_suggests_the_dutch_names_of_cancers(open_page):
    page = open_page("/")
    page.locator("#q").press_sequentially("kanker", delay=30)
    page.get_by_role("listbox").wait_for(state="visible")
    options = page.get_by_role("option")
    texts = options.all_inner_texts()
    assert len(texts) == 8
    assert sum(bool(re.search(r"Dutch: \w*kanker", text)) for text in texts) >= 6, texts
    assert all(options.nth(number).locator("mark").all_inner_texts() == ["kanker"] for number in range(8)), \
        "the typed word is marked, at the end of a compound too"


def test_the_live_region_is_emptied_when_the_list_closes(open_page):
    page = open_page("/")
    box = page.locator("#q")
    box.press_sequentially("leuk", delay=30)
    page.get_by_role("listbox").wait_for(state="visible")
    status = page.locator("#q-status")
    assert status.inner_text().startswith("8 suggestions")
    box.press("Escape")
    assert status.inner_text() == ""
    box.press("ArrowDown")
    page.get_by_role("listbox").wait_for(state="visible")
    assert status.inner_text().startswith("8 suggestions")
    page.keyboard.press("Tab")  # the box loses the focus: the list closes
    assert page.get_by_role("listbox").is_hidden() and status.inner_text() == ""


@pytest.mark.parametrize("how", ["suggestion", "search"])
def test_after_back_the_box_holds_what_was_typed(open_page, how):
    page = open_page("/")
    box = page.locator("#q")
    box.press_sequentially("nurobla", delay=30)
    page.get_by_role("listbox").wait_for(state="visible")
    if how == "suggestion":
        box.press("ArrowDown")
        box.press("Enter")
        page.wait_for_url("**/condition/neuroblastoma")
    else:
        box.press("Enter")
        page.wait_for_url("**/search?q=nurobla")
    page.go_back()
    page.wait_for_url(re.compile(r".*/$"))
    page.locator("#q").wait_for()
    assert page.locator("#q").input_value() == "nurobla"


@pytest.mark.parametrize("width_name, viewport", WIDTHS)
def test_language_and_example_links_are_big_enough_to_tap(open_page, width_name, viewport):
    page = open_page("/", viewport=viewport)
    links = page.locator(".languages a, .examples a")
    assert links.count() == 10
    for number in range(links.count()):
        target = links.nth(number).bounding_box()
        assert target["height"] >= MIN_TARGET_PX and target["width"] >= MIN_TARGET_PX, \
            (links.nth(number).inner_text(), target)


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two computed CSS colours ("rgb(11, 92, 140)")."""
    def luminance(colour: str) -> float:
        channels = [int(value) / 255 for value in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(11, 92, 140)", "rgb(242, 246, 248)"), 1) == 6.6, "the old link on the tint"


def test_the_you_typed_link_reaches_aaa_contrast(open_page):
    page = open_page("/search?q=serious")
    link_colour = page.evaluate("getComputedStyle(document.querySelector('p.correction a')).color")
    tint = page.evaluate("getComputedStyle(document.querySelector('p.correction')).backgroundColor")
    assert contrast(link_colour, tint) >= AAA_CONTRAST, (link_colour, tint)


# The colour behind an element: its own, else the nearest ancestor's that is not transparent.
BACKGROUND_JS = """element => {
  for (let node = element; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
  }
  return "rgb(255, 255, 255)";
}"""


@pytest.mark.parametrize("selector", [".shared-why li", "li.overview p.why", "li.overview .types a",
                                      "li.overview .types p", "li.hit p.why"])
def test_the_new_parts_of_the_results_page_reach_aaa_contrast(open_page, selector):
    page = open_page("/search?q=leukaemia")
    element = page.locator(selector).first
    colour = element.evaluate("element => getComputedStyle(element).color")
    background = element.evaluate(BACKGROUND_JS)
    assert contrast(colour, background) >= AAA_CONTRAST, (selector, colour, background)


@pytest.mark.parametrize("width_name, viewport", WIDTHS)
def test_screenshots_of_the_results_and_suggestions(open_page, tmp_path, width_name, viewport):
    """Pictures to look at: a corrected query, a broad query's card, and suggestions in three languages."""
    folder = shot_dir(tmp_path)
    shots = []
    for name, path in [("results-lukemia", "/search?q=lukemia"), ("results-overview", "/search?q=leukaemia")]:
        page = open_page(path, viewport=viewport)
        shots.append(folder / f"{name}-{width_name}.png")
        page.screenshot(path=shots[-1], full_page=True)
    for name, typed in [("suggest-typed", "leuk"), ("suggest-french", "carcinome ba"), ("suggest-kanker", "kanker")]:
        page = open_page("/", viewport=viewport)
        page.locator("#q").press_sequentially(typed, delay=30)
        page.get_by_role("listbox").wait_for(state="visible")
        shots.append(folder / f"{name}-{width_name}.png")
        page.screenshot(path=shots[-1], full_page=True)
    for shot in shots:
        assert shot.stat().st_size > 10_000, f"{shot.name} looks blank"
