"""Headless Chromium: every page of app.py, in Indonesian and English, opened by its URL on the
shared warmed server, settles (conftest.SETTLED_JS: script finished, every visible chart drawn,
no skeleton), shows no Streamlit exception and no "Page not found" dialog, logs no console error
or warning other than the benign ones listed (with their reasons) in conftest.BENIGN_CONSOLE,
and is screenshotted (tests/artifacts/page_<url_path>_<lang>.png). Pages are found in app.py
(conftest.page_paths()), so a new page is tested without editing this file."""

import re

import pytest
from conftest import assert_clean, page_paths, screenshot, unexpected_console, wait_for_settled, watch_console

pytestmark = pytest.mark.browser

PAGES = page_paths()


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("path", [p for _, _, p in PAGES], ids=[u for _, u, _ in PAGES])
def test_page_settles_cleanly(browser, live_server, path, lang):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    messages = watch_console(page)
    page.goto(f"{live_server}/{path}?lang={lang}")
    wait_for_settled(page, timeout=60_000)
    assert_clean(page)
    heading = page.locator('[data-testid="stMain"] h1').first
    heading.wait_for(state="visible", timeout=20_000)
    # the page reads in the language asked for: the sidebar's language switch says so
    checked = page.locator('[data-testid="stSidebar"] input[type="radio"]:checked')
    assert checked.evaluate("e => e.closest('label').innerText").strip() == (
        "Bahasa Indonesia" if lang == "id" else "English")
    name = path or "ringkasan"
    shot = screenshot(page, f"page_{name}_{lang}", max_height=12_000)
    assert shot.stat().st_size > 20_000
    assert_clean(page)
    assert not unexpected_console(messages), unexpected_console(messages)
    page.close()


# Tab stops from the top of the page to the regency dropdown: the sidebar's page links and the
# language switch, then the page's own widgets. Generous, so a new sidebar entry does not break it.
MAX_TABS = 80


def test_keyboard_only_tab_to_the_regency_dropdown_and_change_it(browser, live_server):
    """Keyboard only, from the top of the page: Tab until the regency dropdown of the
    distribution page has the focus, type a regency, Enter; the panel and the URL follow."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    messages = watch_console(page)
    page.goto(f"{live_server}/sebaran-umkm?lang=id")
    wait_for_settled(page, timeout=60_000)
    target = "[class*='st-key-dist_regency__'] input"
    page.locator(target).wait_for(state="visible", timeout=20_000)
    focused = "(sel) => !!document.activeElement && document.activeElement.matches(sel)"
    presses = 0
    while not page.evaluate(focused, target):
        if presses == MAX_TABS:
            pytest.fail(f"the regency dropdown is not reached with {MAX_TABS} Tab presses")
        page.keyboard.press("Tab")
        presses += 1
    # the focus is visible where it is (a reader who cannot see it cannot use the keyboard)
    screenshot(page, "keyboard_regency_focus_id", max_height=1800)
    page.keyboard.type("Buleleng")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"regency=5108"), timeout=20_000)
    page.locator("h3", has_text="Buleleng").first.wait_for(state="visible", timeout=20_000)
    wait_for_settled(page, timeout=60_000)
    assert_clean(page)
    assert not unexpected_console(messages), unexpected_console(messages)
    print(f"regency dropdown reached after {presses} Tab presses")
    page.close()
