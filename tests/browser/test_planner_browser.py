"""Headless Chromium: the outreach planner draws its ranking map, a weight typed in reaches the URL,
and a shared link with missing data and a plan opens as it was left."""

import re

import pytest
from conftest import ARTIFACTS, assert_clean, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KUR = "kur_value.2016"


def _open(page, url):
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(".st-key-pl_map_block svg path", timeout=30_000)
    wait_for_app(page)


def test_default_ranking_map_and_a_weight_change(browser, live_server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    _open(page, f"{live_server}/perencana?lang=id")
    assert_clean(page)
    page.get_by_text("Indeks model, bukan angka resmi").first.wait_for(state="visible", timeout=20_000)
    page.get_by_text("Indeks prioritas jangkauan (indeks model)").first.wait_for(state="attached", timeout=20_000)
    assert "ind=covid_count.2020" in page.url and f"{KUR}~1~l" in page.url
    page.locator(".st-key-pl_map_block").screenshot(path=str(ARTIFACTS / "planner_map_id.png"))
    assert screenshot(page, "planner_id").stat().st_size > 100_000

    # Streamlit writes the "." of a key as "-" in the element's class
    box = page.locator("[class*='st-key-pl_w_kur_value-2016__id'] input")
    box.fill("0")
    box.press("Enter")
    page.wait_for_url(re.compile(rf"{re.escape(KUR)}~0~l"), timeout=20_000)
    wait_for_app(page)
    assert_clean(page)
    screenshot(page, "planner_weight_zero_id")
    page.close()


def test_a_shared_plan_with_missing_data_in_english(browser, live_server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    _open(page, f"{live_server}/perencana?lang=en&ind=kur_value.2017.jan-sep-2017~2~l,population.2024~1~h"
                "&reg=5108,5103&bar=pembiayaan&mea=lsm_koperasi,lsm_proposal_pendanaan")
    assert_clean(page)
    page.get_by_text("Flagged because data is incomplete").first.wait_for(state="visible", timeout=20_000)
    page.get_by_text("Download Markdown").first.wait_for(state="visible", timeout=20_000)
    expect(page.locator("[class*='st-key-pl_mea__en']").get_by_text("MSME cooperatives")).to_have_count(1)
    screenshot(page, "planner_shared_en")
    page.close()
