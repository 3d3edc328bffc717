"""Headless Chromium: the MSME distribution page; a click on the map opens that regency's panel."""

import re

import pytest
from conftest import ARTIFACTS, POINT_IN_REGENCY, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(browser, live_server):
    """The live server, visited once at its root: the first session of a fresh Streamlit server
    that asks for a page other than the default gets a "page not found" dialog (seen on the
    Data page too), which would make the page under it inert."""
    page = browser.new_page()
    page.goto(f"{live_server}/?lang=id")
    wait_for_app(page)
    page.close()
    return live_server


def _open(page, url):
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(".st-key-dist_map svg path", timeout=30_000)
    page.locator(".st-key-dist_map").scroll_into_view_if_needed()
    page.wait_for_timeout(800)


def _click_regency(page, code, header):
    page.locator(".st-key-dist_map").scroll_into_view_if_needed()
    point = page.evaluate(POINT_IN_REGENCY, ["dist_map", code])
    assert point, f"regency {code} not found on the map"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(rf"regency={code}"), timeout=20_000)
    return _wait_header(page, header)


def _wait_header(page, text):
    header = page.locator("h3", has_text=text)
    header.wait_for(state="visible", timeout=20_000)
    wait_for_app(page)
    return header


def test_clicking_the_map_opens_the_regency_panel(browser, server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    _open(page, f"{server}/sebaran-umkm?lang=id&metric=umkm_total&period=2019")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("does not seem to exist").count() == 0
    expect(page.get_by_text("439.381").filter(visible=True).first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Klik sebuah kabupaten/kota di peta").first).to_be_visible(timeout=20_000)
    screenshot(page, "distribution_id")

    # a regency with a value (coloured layer) ...
    _click_regency(page, "5103", "Badung: semua angka di katalog")
    # ... and one without (the grey layer underneath) both select
    header = _click_regency(page, "5107", "Karangasem: semua angka di katalog")
    assert page.locator("h3", has_text="Badung: semua angka").count() == 0
    regency_box = page.locator("[class*='st-key-dist_regency__'] input")
    assert regency_box.input_value() == "Karangasem"  # the dropdown follows the click
    header.scroll_into_view_if_needed()
    page.locator(".st-key-dist_map").screenshot(path=str(ARTIFACTS / "distribution_map_clicked_id.png"))
    screenshot(page, "distribution_clicked_id")

    # the choice survives the language switch, and stays in the URL
    page.get_by_text("English").click()
    page.wait_for_url(re.compile(r"lang=en"), timeout=20_000)
    wait_for_app(page)
    _wait_header(page, "Karangasem: every figure in the catalogue")
    assert "regency=5107" in page.url
    # the choices now read in English too (one widget per language: ui.page_state)
    assert page.locator("[class*='st-key-dist_metric__en'] input").input_value() == "Number of MSMEs"
    assert page.locator("[class*='st-key-dist_period__en'] input").input_value().startswith("2019 (2/9 regencies")
    screenshot(page, "distribution_clicked_en")
    page.close()


def test_map_png_download_carries_the_source(browser, server):
    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    _open(page, f"{server}/sebaran-umkm?lang=id&metric=umkm_total&derived=per_1000&period=2020")
    button = page.locator(".st-key-dist_map_png").get_by_role("button", name="Unduh PNG").last
    button.scroll_into_view_if_needed()
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "distribution_map_download.png"
    info.value.save_as(str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    assert info.value.suggested_filename == "peta-umkm_total-per_1000-2020.png"
    page.close()


def test_the_regency_dropdown_works_from_the_keyboard(browser, server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    _open(page, f"{server}/sebaran-umkm?lang=id")
    box = page.locator("[class*='st-key-dist_regency__'] input")
    box.focus()
    page.keyboard.type("Gianyar")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"regency=5104"), timeout=20_000)
    _wait_header(page, "Gianyar: semua angka di katalog")
    page.close()
