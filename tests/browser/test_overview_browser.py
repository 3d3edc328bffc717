"""Headless Chromium: the overview page loads, shows its figures and is screenshotted."""

import pytest
from conftest import assert_clean, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_overview_renders_in_chromium(browser, live_server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/?lang=id")
    wait_for_app(page)
    assert_clean(page)
    # wait for the figures themselves: the script may still be streaming elements
    page.get_by_text("439.382", exact=True).first.wait_for(state="visible", timeout=20_000)
    page.get_by_text("Rp4,72 triliun", exact=True).first.wait_for(state="visible", timeout=20_000)
    path = screenshot(page, "overview_id")
    assert path.stat().st_size > 20_000
    page.close()
