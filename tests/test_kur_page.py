"""AppTest of the KUR page: key figures in Indonesian and English format (computed ones from the
catalogue, never typed in), every chart with its table and downloads, state in the URL, the
derived figures and their reasons, and the links from barrier to measure."""

import json

from conftest import all_text, assert_chart_blocks, chart_title, run_app

from bali_umkm import catalog, kur
from bali_umkm import interventions as iv
from bali_umkm.i18n import fmt_idr, fmt_number, fmt_percent

PAGE = "pages/kur_uptake.py"


def _sb(at, name):
    (box,) = [b for b in at.selectbox if str(b.key).startswith(f"{name}__")]
    return box


def _plain(at) -> str:
    """Every text of the page with Markdown escapes removed, tables included."""
    text = all_text(at) + "\n" + "\n".join(t.value.to_string() for t in at.table)
    text += "\n" + "\n".join(d.value.to_string() for d in at.dataframe)
    return text.replace("\\", "")


def _value(figure_id):
    return float(catalog.figure(figure_id)["value"])


def texts_subtitles(chart) -> str:
    """The subtitle as one text (ui.show wraps long subtitle lines for phones)."""
    return " ".join(json.loads(chart.proto.spec)["title"]["subtitle"])


def _map_spec(at) -> dict:
    (chart,) = [c for c in at.get("vega_lite_chart") if '"Topology"' in c.proto.spec]
    return json.loads(chart.proto.spec)


def test_key_figures_in_indonesian():
    at = run_app(PAGE, lang="id")
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Penyaluran Kredit Program"] == "Rp4,72 triliun"
    assert metrics["Debitur Kredit Program"] == "60.951"
    assert metrics["Skema KUR Mikro"] == "Rp3.009,38 miliar"
    assert metrics["Debitur KUR Mikro"] == "50.867"
    assert metrics["Realisasi KUR Bali"] == "lebih dari Rp8 triliun"
    assert metrics["Debitur KUR Bali"] == "122.366"
    share = _value("kur_national_realisation") / _value("kur_national_target") * 100
    assert metrics["Bagian dari target (dihitung)"] == fmt_percent(share, "id", decimals=2)
    debtor_share = _value("kur_bali_mikro_debtors") / _value("kur_bali_debtors") * 100
    assert metrics["Bagian debitur usaha mikro (dihitung)"] == fmt_percent(debtor_share, "id", decimals=2)
    # a share of two "lebih dari" values is refused, and the page says why
    assert metrics["Bagian nilai KUR usaha mikro (dihitung)"] == "tidak diberikan"
    average = _value("kur_mikro_scheme_value") / _value("kur_mikro_scheme_debtors")
    assert metrics["Rata-rata pinjaman KUR Mikro (dihitung)"] == fmt_idr(average, "id", scale=10**6, decimals=2)
    assert metrics["Rata-rata pinjaman KUR (dihitung)"].startswith("lebih dari Rp")
    text = _plain(at)
    rest = 100 - sum(_value(i) for i in kur.SECTOR_SHARES)
    assert f"= {fmt_percent(rest, 'id', decimals=2)}" in text  # the computed "lainnya", with its formula
    assert "Lainnya (dihitung)" in text
    assert "Rp10 juta sampai Rp100 juta" in text
    assert "Batas bawah" in text  # the "lebih dari" bound is said to be one
    for figure_id in kur.OMBUDSMAN:
        assert fmt_percent(_value(figure_id), "id") in text
    assert "Permenkop Nomor 1 Tahun 2023" in text and "agunan oleh pihak bank" in text
    assert "Sumber: Media Indonesia" in text  # the CIPS note's source line


def test_key_figures_in_english_after_switching():
    at = run_app(PAGE, lang="id")
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kredit Program disbursed"] == "IDR 4.72 trillion"
    assert metrics["Kredit Program borrowers"] == "60,951"
    assert metrics["KUR Mikro scheme"] == "IDR 3,009.38 billion"
    share = _value("kur_national_realisation") / _value("kur_national_target") * 100
    assert metrics["Share of the target (computed)"] == fmt_percent(share, "en", decimals=2) == "59.17%"
    assert metrics["KUR disbursed in Bali"] == "more than IDR 8 trillion"
    text = _plain(at)
    assert "Other (computed)" in text and "IDR 2,707.5 billion" in text
    assert "KUR credit uptake in Bali" in [t.value for t in at.title]


def test_every_chart_has_alt_text_a_table_and_three_downloads_with_the_source():
    at = run_app(PAGE, lang="id")
    charts = assert_chart_blocks(at, 4)  # sectors, national bullet, map, complaints
    texts = [chart_title(json.loads(c.proto.spec)) for c in charts]
    assert any("Triwulan I 2024" in x for x in texts) and any("terhadap target" in x for x in texts)
    # how a computed figure was computed travels with the chart (and so with its PNG/SVG)
    assert "Dihitung: 100% − (42,85% + 16,65% + 12,67%) = 27,83%." in texts_subtitles(charts[0])
    assert "Dihitung: Rp175,73 triliun ÷ Rp297 triliun × 100 = 59,17%." in texts_subtitles(charts[1])
    sector_alt = charts[0].proto.alt
    assert "27,83%" in sector_alt and "42,85%" in sector_alt


def test_the_map_shows_2016_by_default_with_the_sum_against_the_province_total():
    at = run_app(PAGE, lang="id")
    assert _sb(at, "kur_period").value == "2016"
    spec = _map_spec(at)
    assert chart_title(spec).startswith("Penyaluran KUR, 2016")
    color = spec["layer"][1]["encoding"]["color"]
    assert color["title"] == "Penyaluran KUR (miliar rupiah)" and "1000000000" in color["legend"]["labelExpr"]
    warnings = "\n".join(w.value for w in at.warning).replace("\\", "")
    parts = catalog.series("kur_disbursed_value", level="regency", year=2016)["value"].sum()
    (chart,) = [c for c in at.get("vega_lite_chart") if '"Topology"' in c.proto.spec]
    assert len(chart.proto.SerializeToString()) <= 40_000  # spec + its Arrow table, as sent
    assert fmt_idr(parts, "id", scale=10**9) == "Rp2.707,5 miliar"
    assert "Rp2.707,5 miliar" in warnings and "Rp2,9 triliun" in warnings


def test_regency_and_period_through_the_url():
    at = run_app(PAGE, lang="id", query={"regency": "5103", "period": "2017:jan-sep-2017"})
    assert not at.exception, at.exception
    assert _sb(at, "kur_regency").value == "5103"
    assert _sb(at, "kur_period").value == "2017:jan-sep-2017"
    assert "Badung: angka KUR" in [s.value for s in at.subheader]
    spec = _map_spec(at)
    assert any(layer["mark"].get("filled") is False for layer in spec["layer"])  # Badung outlined
    text = _plain(at)
    assert "tanpa Badung" in text  # the partial period's sum check names the missing regency
    assert "Rp272,8 miliar" in text and "Rp375,2 miliar" in text  # Badung's 2016 and "s.d. April" values
    assert "sumber tidak memberi angka wilayah ini untuk periode ini" in text
    assert at.query_params["regency"] in ("5103", ["5103"])


def test_derived_figures_say_why_they_are_not_given():
    at = run_app(PAGE, lang="en")
    text = _plain(at)
    assert "KUR per resident** not given for Jembrana" in text
    assert "there is no population figure for 2016" in text
    assert "the catalogue has no borrower count for this area" in text
    assert "both parts must come from the same source" in text
    province = next(t.value for t in at.table if "KUR per resident" in t.value.columns)
    cumulative = province[province["From the KUR figure"].str.contains("20.75 trillion")].iloc[0]
    average = _value("kur_balipost_2020.51.2020.kur_disbursed_value") / _value("kur_balipost_2020.51.2020.kur_debtors")
    assert cumulative["Average loan per borrower"] == fmt_idr(average, "en", scale=10**6, decimals=2)
    assert cumulative["KUR per resident"] == "not given: covers several years"
    downloads = [b.label for b in at.get("download_button")]
    assert downloads.count("Download the derived figures (CSV)") == 2


def test_every_credit_barrier_links_to_the_interventions_page_filtered():
    at = run_app(PAGE, lang="id")
    links = at.get("page_link")
    linked = {link.proto.query_string: link.proto.label for link in links}
    expected = {b: len(iv.find(barrier=b)) for b in iv.barrier_ids("akses_kur")}
    for barrier, n in expected.items():
        if n:
            assert linked[f"barrier={barrier}"] == f"{fmt_number(n, 'id')} langkah untuk kendala ini"
        else:
            assert f"barrier={barrier}" not in linked
    assert all(link.proto.page_script_hash for link in links)
    text = _plain(at)
    assert text.count("Makalah tidak mengusulkan langkah untuk kendala ini.") == sum(1 for n in expected.values()
                                                                                     if n == 0)
    assert "53% dari aduan permintaan agunan" in text  # the barrier's own words


def test_bad_url_values_fall_back_to_defaults():
    at = run_app(PAGE, lang="id", query={"period": "1999", "regency": "<b>x</b>"})
    assert not at.exception, at.exception
    assert _sb(at, "kur_period").value == "2016"
    assert _sb(at, "kur_regency").value == ""
    assert "Klik sebuah kabupaten/kota di peta" in all_text(at)


def test_period_choice_survives_the_language_switch():
    at = run_app(PAGE, lang="id")
    _sb(at, "kur_period").set_value("2017:up-to-apr-2017").run()
    _sb(at, "kur_regency").set_value("5171").run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert _sb(at, "kur_period").value == "2017:up-to-apr-2017" and _sb(at, "kur_period").key.endswith("__en")
    assert "Denpasar: KUR figures" in [s.value for s in at.subheader]
    assert "the figure (OJK" in _plain(at) and "is of low trust" in _plain(at)
