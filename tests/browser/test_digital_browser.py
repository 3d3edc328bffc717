"""Headless Chromium: the digital adoption page, empty map state, its links to the interventions
page (filter in the URL), English, and the map filled from an import into a server's own store;
each screenshotted for a person to look at."""

import re
from urllib.parse import parse_qs, urlparse, urlsplit

import pytest
from conftest import ARTIFACTS, assert_clean, screenshot, streamlit_server, wait_for_app, warm
from importer_files import csv_bytes
from playwright.sync_api import expect

from bali_umkm import importer, store
from bali_umkm import interventions as iv

pytestmark = pytest.mark.browser

N_CHARTS = 7


def _chart(page, title):
    """The chart whose drawn title contains `title` (charts carry no key class of their own)."""
    return page.locator('[data-testid="stVegaLiteChart"]', has=page.locator("svg text", has_text=title))


def _open(browser, url, n_charts=N_CHARTS):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    wait_for_app(page)
    charts = page.locator('[data-testid="stVegaLiteChart"] svg')
    charts.nth(n_charts - 1).wait_for(state="attached", timeout=30_000)
    for i in range(n_charts):
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).wait_for(state="visible", timeout=30_000)
    return page, errors


def _query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_page_in_indonesian_links_to_the_measures_and_reads_in_english(browser, live_server):
    page, errors = _open(browser, f"{live_server}/adopsi-digital?lang=id")
    assert_clean(page)
    for text in ("86.156", "62,28%", "sekitar 138 ribu", "19,61%", "3 jam 14 menit", "kurang dari 6%",
                 "Belum ada data kabupaten/kota"):
        page.get_by_text(text).first.wait_for(state="visible", timeout=20_000)
    # the "< 6%" bar is labelled as printed, inside the chart itself
    purposes = _chart(page, "Tujuan penggunaan internet")
    expect(purposes.locator("svg text", has_text="< 6%")).to_have_count(1)
    expect(purposes.locator("svg text", has_text="Batas atas").first).to_be_attached()  # the legend names the open bar
    users = _chart(page, "Pengguna e-commerce di Indonesia")
    expect(users.locator("svg text", has_text="99,1 juta (proyeksi)")).to_have_count(1)
    kbli = _chart(page, "kategori KBLI")
    expect(kbli.locator("svg text", has_text="8,76% (dihitung)")).to_have_count(1)
    screenshot(page, "digital_id", max_height=12_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, chart in (("purposes", purposes), ("users", users), ("kbli", kbli),
                        ("status", _chart(page, "Bali dan NTB"))):
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=str(ARTIFACTS / f"digital_{name}_id.png"))

    # a challenge's link opens the interventions page filtered by that barrier
    page.locator(".st-key-dig_challenge_digital_sdm a").click()
    page.wait_for_url(re.compile(r"/intervensi\?"), timeout=20_000)
    wait_for_app(page)
    assert _query(page)["barrier"] == "digital_sdm"
    n, total = len(iv.find(barrier="digital_sdm")), len(iv.interventions())
    page.get_by_text(f"{n} dari {total} rekomendasi").first.wait_for(state="visible", timeout=20_000)
    cards = page.locator("[class*='st-key-iv_card_']")
    cards.nth(n - 1).wait_for(state="visible", timeout=20_000)  # the cards stream in after the count
    wait_for_app(page)
    expect(cards).to_have_count(n)
    assert_clean(page)
    screenshot(page, "digital_to_interventions_barrier")

    # a training item's link opens it alone
    page.go_back()
    page.wait_for_url(re.compile(r"/adopsi-digital"), timeout=20_000)
    wait_for_app(page)
    page.locator(".st-key-dig_training_pel_google_ads a").click()
    page.wait_for_url(re.compile(r"/intervensi\?.*id=pel_google_ads"), timeout=20_000)
    wait_for_app(page)
    page.get_by_text(f"1 dari {total} rekomendasi").first.wait_for(state="visible", timeout=20_000)
    page.locator(".st-key-iv_card_pel_google_ads").wait_for(state="visible", timeout=20_000)
    expect(page.locator("[class*='st-key-iv_card_']")).to_have_count(1)
    page.go_back()
    page.wait_for_url(re.compile(r"/adopsi-digital"), timeout=20_000)
    wait_for_app(page)

    # the empty map state points to the import page, its e-commerce template chosen
    link = page.get_by_role("link", name="Ke halaman Impor Data")
    link.wait_for(state="visible", timeout=20_000)
    href = urlsplit(link.get_attribute("href"))
    assert href.path.rstrip("/").endswith("impor") and parse_qs(href.query)["kind"] == ["ecommerce"]

    page.get_by_text("English").click()
    page.wait_for_url(re.compile(r"lang=en"), timeout=20_000)
    wait_for_app(page)
    for text in ("86,156", "about 138 thousand", "less than 6%", "3 h 14 min", "No regency data yet"):
        page.get_by_text(text).first.wait_for(state="visible", timeout=20_000)
    assert "/adopsi-digital" in page.url
    assert_clean(page)
    screenshot(page, "digital_en", max_height=12_000)
    assert not errors, errors
    page.close()


def test_map_after_an_import_draws_the_imported_figures(browser, tmp_path):
    folder = tmp_path / "store"
    data = csv_bytes(["kabupaten_kota;tahun;jumlah_usaha_ecommerce;persen_usaha_ecommerce",
                      "Jembrana;2022;3.100;48,5", "Badung;2022;14.200;71,2", "Kota Denpasar;2022;21.050;74,9",
                      "Gianyar;2022;9.800;66,1"])
    checked = importer.check(data, "ecommerce", "ecommerce-kabupaten-uji.csv")
    assert checked.ok, checked.report.text("en")
    importer.commit(checked, uploader="uji-browser", source="BPS Provinsi Bali (angka uji)",
                    in_store=store.Store(folder))
    with streamlit_server(tmp_path, BALI_UMKM_STORE=str(folder)) as url:
        warm(browser, url)
        page, errors = _open(browser, f"{url}/adopsi-digital?lang=id&layer=ecommerce_share", N_CHARTS + 1)
        map_chart = _chart(page, "Persentase usaha yang melakukan e-commerce, 2022")
        map_chart.locator("svg path").first.wait_for(state="visible", timeout=30_000)
        assert_clean(page)
        # the short source line names the import's source; its file name is in "Rincian sumber"
        page.get_by_text("BPS Provinsi Bali (angka uji)").filter(visible=True).first.wait_for(
            state="visible", timeout=20_000)
        assert page.get_by_text("Belum ada data kabupaten/kota").count() == 0
        map_chart.scroll_into_view_if_needed()
        map_chart.screenshot(path=str(ARTIFACTS / "digital_map_imported_id.png"))
        screenshot(page, "digital_map_imported_page_id", max_height=12_000)
        assert not errors, errors
        page.close()
