"""Headless Chromium: the Ekspor Briefing page builds a deck from a shared link and downloads it."""

import re

import pytest
from conftest import assert_clean, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_the_pdf_downloads_from_a_shared_link(browser, live_server, tmp_path):
    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.goto(f"{live_server}/ekspor-briefing?lang=id&regency=5107&by=actor&actor=lsm")
    wait_for_app(page)
    heading = page.get_by_text(re.compile(r"Susunan deck \(\d+ slide\)"))
    heading.wait_for(state="visible", timeout=30_000)
    n = int(re.search(r"\((\d+) slide\)", heading.inner_text()).group(1))
    assert_clean(page)

    # one download through the browser proves the button makes its file when clicked; the PPTX
    # writer itself is read back in tests/test_export_briefing_pptx.py (a second deck here cost ~6 s)
    page.get_by_role("button", name="Unduh PPTX").wait_for(state="visible", timeout=20_000)
    button = page.get_by_role("button", name="Unduh PDF")
    with page.expect_download(timeout=120_000) as info:
        button.click()
    assert re.fullmatch(r"briefing-umkm-bali-\d{4}-\d{2}-\d{2}-5107\.pdf", info.value.suggested_filename)
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(str(pdf))
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == n
    titles = [p.extract_text().splitlines()[0] for p in reader.pages]
    assert titles[0] == "Briefing UMKM Bali" and "Profil Karangasem" in titles
    assert "LSM" in reader.pages[0].extract_text()          # the chosen actor is named on the title slide
    assert_clean(page)
    page.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)                              # the outline's grid draws lazily
    screenshot(page, "briefing_id")
    page.close()


def test_the_english_page_reads_in_english(browser, live_server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server}/ekspor-briefing?lang=en&metric=kur_disbursed_value&period=2016&by=barrier"
              "&barrier=kur_agunan")
    wait_for_app(page)
    page.get_by_text(re.compile(r"The deck \(\d+ slides\)")).wait_for(state="visible", timeout=30_000)
    page.get_by_role("button", name="Download PDF").wait_for(state="visible", timeout=20_000)
    assert_clean(page)
    page.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    screenshot(page, "briefing_en")
    page.close()


def test_making_the_deck_shows_its_progress_then_the_files(browser, live_server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server}/ekspor-briefing?lang=en")
    wait_for_app(page)
    build = page.get_by_role("button", name="Make the PPTX and PDF now")
    build.wait_for(state="visible", timeout=30_000)
    build.click()
    # while it runs: the status names each chart, in the button's place (nothing to click twice)
    page.get_by_text(re.compile(r"(PPTX|PDF): chart \d+ of \d+")).first.wait_for(state="visible", timeout=30_000)
    screenshot(page, "briefing_making_en")
    # Streamlit shows the pressed button, stale, until the run ends: it cannot be pressed again
    stale = page.locator('.st-key-br_make [data-stale="true"] button')
    assert stale.count() in (0, 1)
    if stale.count():
        assert stale.evaluate("b => getComputedStyle(b).pointerEvents") == "none"
    page.get_by_text("The deck is ready for these choices").wait_for(state="visible", timeout=120_000)
    wait_for_app(page)
    assert page.get_by_role("button", name="Make the PPTX and PDF now").count() == 0
    assert_clean(page)
    screenshot(page, "briefing_made_en")
    page.close()
