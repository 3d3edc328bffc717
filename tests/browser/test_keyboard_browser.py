"""Keyboard only: tasks walked with Tab, Enter and the arrow keys, no mouse and no focus() calls.

1. From the overview, go to Sebaran UMKM through the navigation, Tab to the regency dropdown,
   choose Karangasem with the arrow keys and see its panel (the map's click has this dropdown as
   its keyboard equivalent).
2. On the map page, Tab to the regency dropdown and change it (issue 10's keyboard test).
3. On the KUR page, the same dropdown beside the KUR map.
The interventions matrix's keyboard path (its table view) is tests/browser/test_interventions_browser.py.
"""

from __future__ import annotations

import re

import pytest
from conftest import ARTIFACTS, assert_clean, wait_for_app

pytestmark = pytest.mark.browser

# What has the focus: its tag, data-testid, text or label, and the st-key-* class of its widget.
ACTIVE = """() => { const e = document.activeElement; let a = e, key = '';
  while (a && !key) { key = [...(a.classList || [])].find(c => c.startsWith('st-key-')) || ''; a = a.parentElement; }
  return {tag: e.tagName, testid: e.getAttribute('data-testid') || '', key,
          text: (e.innerText || e.getAttribute('aria-label') || e.value || '').trim().slice(0, 60)}; }"""
# The option the dropdown's list has highlighted: the focused input's aria-activedescendant, as a
# screen reader announces it (aria-selected marks the chosen value, not the highlight).
HIGHLIGHTED = """() => { const id = document.activeElement.getAttribute('aria-activedescendant');
  const o = id && document.getElementById(id); return o ? o.innerText.trim() : null; }"""


def tab_until(page, matches, what: str, limit: int = 150) -> dict:
    """Press Tab until `matches(active)` holds; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if matches(active):
            return active
    pytest.fail(f"{what} cannot be reached with Tab ({limit} presses)")


def arrow_to(page, option: str, limit: int = 15) -> None:
    """With a dropdown's input focused: open it with ArrowDown and move to `option`, then Enter."""
    page.keyboard.press("ArrowDown")  # opens the list on its first option
    page.locator('[role="option"]').first.wait_for(state="visible", timeout=10_000)
    for _ in range(limit):
        if page.evaluate(HIGHLIGHTED) == option:
            page.keyboard.press("Enter")
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"option {option!r} not reached with the arrow keys")


def regency_box(key: str):
    return lambda a: a["tag"] == "INPUT" and a["key"].startswith(f"st-key-{key}__")


def test_from_the_overview_to_karangasem_by_keyboard(browser, live_server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server}/?lang=id")
    wait_for_app(page)
    tab_until(page, lambda a: a["testid"] == "stSidebarNavLink" and a["text"] == "Sebaran UMKM",
              "the navigation link to Sebaran UMKM")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sebaran-umkm"), timeout=20_000)
    wait_for_app(page)
    page.locator("[class*='st-key-dist_regency__'] input").wait_for(state="visible", timeout=20_000)
    tab_until(page, regency_box("dist_regency"), "the regency dropdown")
    arrow_to(page, "Karangasem")
    page.wait_for_url(re.compile(r"regency=5107"), timeout=20_000)
    header = page.locator("h3", has_text="Karangasem: semua angka di katalog")
    header.wait_for(state="visible", timeout=20_000)
    wait_for_app(page)
    assert_clean(page)
    assert page.locator("[class*='st-key-dist_regency__'] input").input_value() == "Karangasem"
    header.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "keyboard_karangasem_panel.png"))
    page.close()


@pytest.mark.parametrize("path, key, start, target, code", [
    ("sebaran-umkm", "dist_regency", "5107", "Buleleng", "5108"),
    ("kur", "kur_regency", "", "Badung", "5103"),
])
def test_tab_to_the_regency_dropdown_and_change_it(browser, live_server, path, key, start, target, code):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server}/{path}?lang=en" + (f"&regency={start}" if start else ""))
    wait_for_app(page)
    page.locator(f"[class*='st-key-{key}__'] input").wait_for(state="visible", timeout=20_000)
    active = tab_until(page, regency_box(key), "the regency dropdown")
    assert active["key"] == f"st-key-{key}__en"  # the English widget (one per language)
    arrow_to(page, target)
    page.wait_for_url(re.compile(rf"regency={code}"), timeout=20_000)
    wait_for_app(page)
    assert page.locator(f"[class*='st-key-{key}__'] input").input_value() == target
    page.locator("h3", has_text=target).first.wait_for(state="visible", timeout=20_000)
    assert_clean(page)
    page.close()
