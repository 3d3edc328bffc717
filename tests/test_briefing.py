"""The briefing deck's content: slides, the pages' own charts, sources, choices and their errors."""

import datetime as dt
import re

import pytest

from bali_umkm import bounds, catalog, kur
from bali_umkm import interventions as iv
from bali_umkm.views import briefing, distribution, kur_uptake, maps, regency_record
from bali_umkm.views import digital as digital_views

DAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def deck_id():
    return briefing.build(briefing.Options(lang="id", today=DAY))


@pytest.fixture(scope="module")
def deck_regency():
    return briefing.build(briefing.Options(lang="en", regency="5171", today=DAY))


def test_default_deck_has_every_part_in_order(deck_id):
    kinds = [s.kind for s in deck_id.slides]
    assert kinds == ["title", "figures", "chart", "chart", "chart", "chart", "chart", "chart", "map",
                     "interventions", "sources"]
    assert len(deck_id.slides) >= 8
    titles = [s.title for s in deck_id.slides]
    assert titles[0] == "Briefing UMKM Bali" and titles[-1] == "Sumber"
    assert "UMKM menurut skala usaha" in titles
    assert "Peta: Usaha non-pertanian (SE2016), 2016 (listing SE2016 (Mei-Juni 2016))" in titles


def test_title_slide_gives_date_and_data_period(deck_id):
    title = deck_id.slides[0]
    assert "Disusun 28 November 2026 dengan Dasbor UMKM Bali" in title.bullets
    figs = catalog.figures()
    years = figs[figs["dataset"].isin(deck_id.datasets)]["year"].dropna().astype(int)
    expected = f"{years.min()}–{years.max()}"
    assert f"Periode data: {expected}; sebagian angka tanpa tahun" in title.bullets
    assert deck_id.period_text.startswith(expected)


def test_charts_are_the_pages_own_charts(deck_id):
    """A deck and the dashboard cannot disagree: each chart is the page's chart view, to the spec."""
    charts = [v for s in deck_id.slides for v in s.charts]
    page_views = [distribution.scale_view("id"), distribution.sector_view("5107", 2021, "id"),
                  kur_uptake.sector_view("id"),
                  kur_uptake.national_view("id"), digital_views.status_view("id"), digital_views.kbli_view("id"),
                  maps.map_view("businesses_non_agri", None, None, lang="id")]
    assert [c.chart.to_dict() for c in charts] == [v.chart.to_dict() for v in page_views]
    for slide in deck_id.slides:
        if slide.has_chart:
            assert slide.footer == slide.charts[0].source_line
            assert slide.footer.startswith("Sumber: ")


def test_key_figures_are_the_overview_cards(deck_id):
    cards = {c.label: c.value for _, group in deck_id.slides[1].cards for c in group}
    assert cards["Jumlah UMKM"] == "439.382"
    assert cards["Kredit Program Bali"] == "Rp4,72 triliun"
    assert cards["KUR skema Mikro"] == "Rp3.009,38 miliar"
    assert all("Sumber:" in c.detail for _, group in deck_id.slides[1].cards for c in group)


def test_bullets_are_computed_from_the_catalogue(deck_id):
    kur_slide = next(s for s in deck_id.slides if s.title == "KUR dan Kredit Program di Bali")
    assert bounds.input_text("kur_bali_value", "id") in kur_slide.bullets[0]      # "lebih dari Rp8 triliun"
    assert kur.scheme_computed()[0].text("id") in kur_slide.bullets[1]
    scale = next(s for s in deck_id.slides if s.title == "UMKM menurut skala usaha")
    assert "439.381" in scale.bullets[0] and "439.382" in scale.bullets[0]


def test_sources_slide_names_every_dataset_with_its_licence(deck_id):
    sources = deck_id.slides[-1]
    used = {d for s in deck_id.slides[:-1] for d in s.datasets}
    assert set(sources.datasets) == used == set(deck_id.datasets)
    assert "geo_boundaries" in used and "se2016_balitribune" in used
    assert "umkm_beritabali_undated" not in used  # the map slide opens on a dated series
    table = sources.table
    assert len(table) == len(used)
    for ds_id, (_, row) in zip(sources.datasets, table.iterrows(), strict=True):
        ds = catalog.dataset(ds_id)
        assert row["Lisensi"] == ds.text("licence", "id") and ds.text("producer", "id") in row["Dataset"]
        assert row["Periode"] == catalog.period_label(ds.period, "id")
    assert catalog.PAPER_CITATION in sources.subtitle


def test_interventions_default_to_government_and_follow_a_barrier(deck_id):
    slide = next(s for s in deck_id.slides if s.kind == "interventions")
    assert [i.title for i in slide.items] == [r.title_in("id") for r in iv.find(actor="pemerintah")]
    assert slide.items[0].text.startswith("“")   # the paper's own words, quoted
    deck = briefing.build(briefing.Options(barrier=("kur_agunan",), today=DAY))
    slide = next(s for s in deck.slides if s.kind == "interventions")
    assert len(slide.items) == len(iv.find(barrier="kur_agunan")) > 0
    assert "Permintaan agunan" in slide.subtitle


def test_a_regency_adds_its_profile_and_outlines_it_on_the_map(deck_regency):
    kinds = [s.kind for s in deck_regency.slides]
    assert kinds.index("profile") == kinds.index("map") + 1
    profile = next(s for s in deck_regency.slides if s.kind == "profile")
    assert profile.title == "Denpasar: profile"
    assert len(profile.table) == len(regency_record.figures("5171"))
    assert "Source" in profile.table.columns and "Source (province)" not in profile.table.columns
    assert "Denpasar" in next(s for s in deck_regency.slides if s.kind == "map").subtitle
    assert deck_regency.file_stem == "briefing-umkm-bali-2026-11-28-5171"


def test_english_deck_writes_numbers_the_english_way(deck_regency):
    cards = {c.label: c.value for _, group in deck_regency.slides[1].cards for c in group}
    assert cards["Number of MSMEs"] == "439,382"
    assert deck_regency.slides[0].bullets[0] == "Prepared on November 28, 2026 with the Dasbor UMKM Bali"


def test_a_derived_map_and_period():
    deck = briefing.build(briefing.options(metric="kur_disbursed_value", period="2016", derived="share_of_province",
                                           today=DAY))
    slide = next(s for s in deck.slides if s.kind == "map")
    assert slide.title.startswith("Peta: ") and "2016" in slide.title
    assert slide.table.shape == (9, 2)
    # the map's warnings (age, the formula, the denominator's source) are on the slide as text
    assert slide.bullets == list(slide.charts[0].notes) and any("10 tahun" in b or "2016" in b for b in slide.bullets)


@pytest.mark.parametrize("kwargs, words", [
    ({"regency": "9999"}, "kode kabupaten/kota tidak dikenal: 9999"),
    ({"metric": "nope"}, "indikator tidak dikenal: nope"),
    ({"metric": "umkm_total", "derived": "per_banana"}, "turunan per_banana tidak tersedia"),
    ({"period": "1999"}, "periode 1999 tidak ada untuk businesses_non_agri"),
    ({"actor": "dpr"}, "aktor tidak dikenal: dpr"),
    ({"barrier": "kur_agunan,bogus"}, "hambatan tidak dikenal: bogus"),
    ({"lang": "fr"}, "bahasa tidak dikenal: fr"),
])
def test_bad_choices_are_refused_in_both_languages(kwargs, words):
    with pytest.raises(briefing.BriefingError) as info:
        briefing.options(**kwargs)
    message = str(info.value)
    assert words in message and " / " in message and "\n" not in message
    assert re.search(r"(unknown|not available|no period)", message)


def test_options_read_comma_lists():
    opts = briefing.options(actor="lsm, umkm,lsm", regency="5107")
    assert opts.actor == ("lsm", "umkm") and opts.filters.actor == ("lsm", "umkm")
    assert briefing.options().filters.actor == briefing.DEFAULT_ACTORS
