"""Headless Chromium: the Ekspor Briefing page builds a deck from a shared link and downloads it."""

import re

import pytest
from conftest import assert_clean, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_pptx_and_pdf_download_from_the_page(browser, live_server, tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.goto(f"{live_server}/ekspor-briefing?lang=id&regency=5107&by=actor&actor=lsm")
    wait_for_app(page)
    heading = page.get_by_text(re.compile(r"Susunan deck \(\d+ slide\)"))
    heading.wait_for(state="visible", timeout=30_000)
    n = int(re.search(r"\((\d+) slide\)", heading.inner_text()).group(1))
    assert_clean(page)

    button = page.get_by_role("button", name="Unduh PPTX")
    button.wait_for(state="visible", timeout=20_000)
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert re.fullmatch(r"briefing-umkm-bali-\d{4}-\d{2}-\d{2}-5107\.pptx", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(str(path))
    titles = [s.shapes.title.text for s in Presentation(str(path)).slides]
    assert len(titles) == n and "Profil Karangasem" in titles and titles[0] == "Briefing UMKM Bali"

    button = page.get_by_role("button", name="Unduh PDF")
    with page.expect_download(timeout=120_000) as info:
        button.click()
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(str(pdf))
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == n
    assert "LSM" in reader.pages[0].extract_text()          # the chosen actor is named on the title slide
    assert_clean(page)
    page.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)                              # the outline's grid draws lazily
    screenshot(page, "briefing_id")
    page.close()
