"""Headless Chromium: the Intervensi page opened with a filter in its URL, a click on the matrix,
the printable checklist, and the English view; each screenshotted for a person to look at."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import ARTIFACTS, screenshot, wait_for_app
from playwright.sync_api import expect

from bali_umkm import interventions as iv

pytestmark = pytest.mark.browser

CELL = '[data-testid="stVegaLiteChart"] path[aria-label*="actor_label: {actor}; barrier_label: {barrier}"]'


def open_page(browser, live_server, path):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server}/?lang=id")  # a first visit lets the server learn the pages (see docs/deployment.md)
    wait_for_app(page)
    page.goto(f"{live_server}{path}")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg', timeout=30_000)
    return page, errors


def wait_for_chart_height(page, least: float) -> None:
    """Wait until the first chart is drawn taller than `least` px (Vega sizes it after the data)."""
    page.wait_for_function(
        """(least) => { const c = document.querySelector('[data-testid="stVegaLiteChart"]');
                        return c && c.getBoundingClientRect().height > least; }""", arg=least, timeout=20_000)


def test_filter_from_the_url_then_a_matrix_click(browser, live_server):
    page, errors = open_page(browser, live_server, "/intervensi?actor=lsm&barrier=kur_sulit_mengajukan&lang=id")
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.get_by_text("1 dari 38 rekomendasi").first).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", name="Pendampingan menyusun proposal pendanaan")).to_be_visible(timeout=20_000)
    wait_for_chart_height(page, 500)  # the heatmap is drawn (a broken selection leaves it 0 px high)
    assert screenshot(page, "interventions_filtered_id").stat().st_size > 50_000

    cell = page.locator(CELL.format(actor="Kolaborasi", barrier="Digital Bali · Minat rendah")).last
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"actor=kolaborasi.*barrier=digital_minat_teknologi"), timeout=20_000)
    wait_for_app(page)
    expect(page.get_by_text("5 dari 38 rekomendasi").first).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", name="Pelatihan membuat website dengan WordPress")).to_be_visible(timeout=20_000)
    screenshot(page, "interventions_after_click")
    assert errors == []
    page.close()


def test_printable_checklist_download(browser, live_server):
    page, _ = open_page(browser, live_server, "/intervensi?category=penciptaan_nilai_produk&lang=id")
    with page.expect_download() as info:
        page.get_by_role("button", name="Daftar periksa untuk dicetak (HTML)").click()
    path = ARTIFACTS / "interventions_checklist.html"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    info.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "Mahadipta, N. G. D., Pratama, G. Y. A., &amp; Prasiani, N. K. (2024)" in html
    sheet = browser.new_page(viewport={"width": 900, "height": 1200})
    sheet.goto(path.as_uri())
    sheet.emulate_media(media="print")
    expect(sheet.locator('li.item > input[type="checkbox"]')).to_have_count(8)
    sheet.screenshot(path=str(ARTIFACTS / "interventions_checklist_print.png"), full_page=True)
    pdf = sheet.pdf(format="A4")
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert pdf[:4] == b"%PDF" and 2 <= len(pages) <= 8  # eight recommendations print on a few A4 pages
    sheet.close()
    page.close()


def test_english_view_of_a_category(browser, live_server):
    page, errors = open_page(browser, live_server, "/intervensi?category=penciptaan_nilai_produk&lang=en")
    expect(page.get_by_text("8 of 38 recommendations").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("varsity jackets").first).to_be_visible(timeout=20_000)
    screenshot(page, "interventions_category_en")
    assert errors == []
    page.close()


def test_keyboard_path_through_the_table_view(browser, live_server):
    page, errors = open_page(browser, live_server, "/intervensi?lang=id")
    page.get_by_text("Lihat sebagai tabel").click()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    page.get_by_text("Lihat sebagai tabel").focus()
    for _ in range(10):  # Tab until the grid has the focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('data-testid')") == "data-grid-canvas":
            break
    else:
        pytest.fail("the matrix table cannot be reached with Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")  # the cursor lands on a count cell: that selects it
    page.wait_for_url(re.compile(r"actor=\w+.*barrier=\w+"), timeout=20_000)
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    expected = len(iv.find(actor=query["actor"][0], barrier=query["barrier"][0]))
    expect(page.get_by_text(f"{expected} dari 38 rekomendasi").first).to_be_visible(timeout=20_000)
    assert errors == []
    page.close()


def test_the_cards_come_ten_at_a_time(browser, live_server):
    page, errors = open_page(browser, live_server, "/intervensi?lang=id")
    cards = page.locator("[class*='st-key-iv_card_']")
    expect(cards).to_have_count(10)
    page.get_by_text("Kartu 1–10 dari 38").wait_for(state="visible", timeout=20_000)
    page.get_by_text("31–38", exact=True).click()
    page.get_by_text("Kartu 31–38 dari 38").wait_for(state="visible", timeout=20_000)
    wait_for_app(page)
    expect(cards).to_have_count(8)
    assert "actor" not in parse_qs(urlparse(page.url).query)  # the filter did not change
    cards.first.scroll_into_view_if_needed()
    screenshot(page, "interventions_cards_page4_id")
    assert not errors
    page.close()
