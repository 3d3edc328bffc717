"""Headless Chromium: ui.page_state keeps the URL in step with a widget drawn inside an
st.fragment (a fragment rerun alone), and the value survives the language switch."""

import re

import pytest
from conftest import ROOT, streamlit_server, wait_for_app, warm

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, browser):
    with streamlit_server(tmp_path_factory.mktemp("demo"), ROOT / "tests" / "apps" / "page_state_app.py") as url:
        warm(browser, url)
        yield url


def test_a_change_inside_a_fragment_reaches_the_url_and_survives_the_language_switch(browser, demo_server):
    page = browser.new_page()
    page.goto(f"{demo_server}/?x=b&lang=id")
    wait_for_app(page)
    page.get_by_text("value: b").wait_for(timeout=20_000)   # read from the URL on arrival
    full_before = page.get_by_text(re.compile(r"full runs: \d+")).inner_text()

    box = page.locator("[class*='st-key-demo_x__id'] input")
    box.click()
    page.get_by_role("option", name="c (id)").click()
    page.get_by_text("value: c").wait_for(timeout=20_000)
    page.wait_for_url(re.compile(r"[?&]x=c\b"), timeout=20_000)     # the URL followed the fragment rerun
    assert page.get_by_text(re.compile(r"full runs: \d+")).inner_text() == full_before  # no full rerun
    assert "fragment runs: 2" in page.get_by_text(re.compile(r"fragment runs")).inner_text()

    page.get_by_text("English").click()                               # the language switch: a full run
    page.locator("[class*='st-key-demo_x__en'] input").wait_for(timeout=20_000)
    assert page.locator("[class*='st-key-demo_x__en'] input").input_value() == "c (en)"
    assert re.search(r"[?&]x=c\b", page.url) and re.search(r"[?&]lang=en\b", page.url)
    page.close()
