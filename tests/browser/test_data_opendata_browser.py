"""Headless Chromium: the Data & Sumber page's open-data section downloads a valid data package."""

import io
import json
import zipfile

import pytest
from conftest import ARTIFACTS, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_datapackage_zip_downloads_and_validates(browser, live_server, tmp_path):
    from frictionless import validate

    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    # Open the page from the navigation: a cold deep link to /data-sumber shows Streamlit's
    # "Page not found" dialog over the page (seen on the foundation app, left to its owner).
    page.goto(f"{live_server}/?lang=id")
    wait_for_app(page)
    page.get_by_role("link", name="Data & Sumber").click()
    page.wait_for_url("**/data-sumber**")
    wait_for_app(page)
    page.get_by_text("Katalog dataset").wait_for()
    heading = page.get_by_text("Data terbuka (Satu Data Indonesia)")
    heading.wait_for(state="visible", timeout=20_000)  # the script may still be streaming
    heading.scroll_into_view_if_needed()
    button = page.get_by_role("button", name="Unduh paket data (ZIP, Frictionless)")
    button.wait_for(state="visible", timeout=20_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "dasbor-umkm-bali-datapackage.zip"
    data = (tmp_path / "dp.zip")
    download.save_as(str(data))
    with zipfile.ZipFile(io.BytesIO(data.read_bytes())) as zf:
        zf.extractall(tmp_path / "dp")
    descriptor = json.loads((tmp_path / "dp" / "datapackage.json").read_text(encoding="utf-8"))
    assert len(descriptor["resources"]) == 47
    report = validate(str(tmp_path / "dp" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_text("Metadata indikator (MS-Ind) dataset terpilih").click()
    page.wait_for_timeout(800)
    path = screenshot(page, "data_opendata_id")
    assert path.stat().st_size > 20_000
    page.get_by_text("Data terbuka (Satu Data Indonesia)").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "data_opendata_section_id.png"))
    page.close()
