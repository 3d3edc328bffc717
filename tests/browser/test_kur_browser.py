"""Headless Chromium: the KUR page in Indonesian and English, a regency from the URL and from a
click on the map, and a barrier link that opens the interventions page filtered; each
screenshotted for a person to look at."""

import re

import pytest
from conftest import ARTIFACTS, POINT_IN_REGENCY, assert_clean, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _open(browser, url):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    wait_for_app(page)
    page.locator(".st-key-kur_map svg path").first.wait_for(state="attached", timeout=30_000)
    # every chart drawn: sectors, national bullet, map, complaints
    page.locator('[data-testid="stVegaLiteChart"] svg').nth(3).wait_for(state="attached", timeout=30_000)
    wait_for_app(page)
    return page, errors


def _visible(page, text, timeout=20_000):
    loc = page.get_by_text(text).filter(visible=True).first  # not the copy in a closed "Rincian sumber"
    loc.wait_for(state="visible", timeout=timeout)
    return loc


def test_page_in_indonesian_with_a_regency_from_the_url(browser, live_server):
    page, errors = _open(browser, f"{live_server}/kur?lang=id&regency=5171&period=2016")
    assert_clean(page)
    _visible(page, "Rp4,72 triliun")
    _visible(page, "60.951")
    _visible(page, "59,17%")
    _visible(page, "27,83%")  # the computed "lainnya", on the chart and in the note
    _visible(page, "Rp2.707,5 miliar")  # the regency sum against the province total
    page.locator("h3", has_text="Denpasar: angka KUR").wait_for(state="visible", timeout=20_000)
    # the map outlines the chosen regency; the period box reads in Indonesian
    assert page.locator("[class*='st-key-kur_period__id'] input").input_value().startswith("2016")
    page.locator(".st-key-kur_map").screenshot(path=str(ARTIFACTS / "kur_map_id.png"))
    screenshot(page, "kur_id", max_height=12_000)
    assert errors == []
    page.close()


def test_map_click_selects_a_regency_and_the_language_switch_keeps_it(browser, live_server):
    page, _ = _open(browser, f"{live_server}/kur?lang=id&period=2017:jan-sep-2017")
    _visible(page, "tanpa Badung")
    page.locator(".st-key-kur_map").scroll_into_view_if_needed()
    point = page.evaluate(POINT_IN_REGENCY, ["kur_map", "5108"])
    assert point, "Buleleng not found on the map"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(r"regency=5108"), timeout=20_000)
    page.locator("h3", has_text="Buleleng: angka KUR").wait_for(state="visible", timeout=20_000)
    wait_for_app(page)

    page.get_by_text("English").click()
    page.wait_for_url(re.compile(r"lang=en"), timeout=20_000)
    wait_for_app(page)
    page.locator("h3", has_text="Buleleng: KUR figures").wait_for(state="visible", timeout=20_000)
    assert "regency=5108" in page.url and "period=2017" in page.url
    _visible(page, "IDR 4.72 trillion")
    _visible(page, "59.17%")
    assert_clean(page)
    screenshot(page, "kur_en", max_height=12_000)
    page.close()


def test_a_barrier_link_opens_the_interventions_page_filtered(browser, live_server):
    page, _ = _open(browser, f"{live_server}/kur?lang=id")
    link = page.get_by_role("link", name=re.compile(r"langkah untuk kendala ini")).nth(2)  # kur_agunan
    link.scroll_into_view_if_needed()
    link.wait_for(state="visible", timeout=20_000)
    page.locator("h3", has_text="Dari kendala ke langkah").screenshot(path=str(ARTIFACTS / "kur_barriers_head.png"))
    link.click()
    page.wait_for_url(re.compile(r"/intervensi\?.*barrier=kur_agunan"), timeout=20_000)
    wait_for_app(page)
    _visible(page, "3 dari 38 rekomendasi")
    assert_clean(page)
    screenshot(page, "kur_link_to_interventions")
    page.close()
