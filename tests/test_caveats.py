"""A figure's caveat goes wherever the figure goes (data/figure_texts.yaml `caveats`): the page,
the chart's caption, its CSV and the briefing deck."""

import pytest
from conftest import page_strings, run_app

from bali_umkm import catalog
from bali_umkm.views import briefing, kur_uptake
from bali_umkm.views import digital as digital_views

ECOMMERCE = "ecommerce_share_2022"
KUR = "kur_national_realisation"


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_caveats_are_written_in_both_languages(lang):
    for fid in (ECOMMERCE, KUR):
        assert catalog.figure_text(fid, "caveat", lang)
    assert "439.382" in catalog.figure_text(ECOMMERCE, "caveat", lang)


def test_the_ecommerce_share_carries_its_caveat_on_chart_csv_and_pages():
    caveat = catalog.figure_text(ECOMMERCE, "caveat", "id")
    view = digital_views.status_view("id")
    assert caveat in view.chart.to_dict()["title"]["subtitle"] and caveat in view.alt_text
    row = view.csv[view.csv["figure_id"] == ECOMMERCE].iloc[0]
    assert row["caveat"] == caveat
    assert view.csv[view.csv["figure_id"] == "ntb_ecommerce_share_2022"]["caveat"].eq("").all()
    for page in ("pages/overview.py", "pages/digital.py"):
        shown = page_strings(run_app(page, lang="id"))
        assert "62,28" in shown and _words(caveat) in shown, page


def test_the_national_kur_realisation_says_it_may_be_part_year():
    caveat = catalog.figure_text(KUR, "caveat", "en")
    view = kur_uptake.national_view("en")
    assert caveat in view.chart.to_dict()["title"]["subtitle"]
    assert (view.csv["caveat"] == caveat).all()  # the 59,17 % and the gap too
    shown = page_strings(run_app("pages/kur_uptake.py", lang="id"))
    assert "59,17%" in shown and _words(catalog.figure_text(KUR, "caveat", "id")) in shown


def test_the_briefing_deck_carries_both_caveats():
    for lang in ("id", "en"):
        text = briefing.deck_text(briefing.build(briefing.options(lang=lang)))
        for fid in (ECOMMERCE, KUR):
            assert _words(catalog.figure_text(fid, "caveat", lang)) in text, (lang, fid)
