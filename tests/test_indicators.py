import math

import pandas as pd
import pytest

from bali_umkm import catalog, indicators
from bali_umkm.i18n import t
from bali_umkm.indicators import Ratio, regency_values
from bali_umkm.views import maps, regency_record


def _regency_figure(metric, code, year, dataset=None):
    s = catalog.series(metric, regency=code, year=year, dataset=dataset)
    assert len(s) == 1, (metric, code, year, s)
    return float(s.iloc[0]["value"])


def test_nine_regencies_in_order_and_missing_is_nan_not_zero():
    df = regency_values("umkm_total", "2019")
    assert df["regency_code"].tolist() == list(catalog.REGENCY_CODES)
    have = df[df["value"].notna()]
    assert set(have["regency_code"]) == {"5103", "5171"}
    assert not (df["value"] == 0).any()
    assert df.loc[df["regency_code"] == "5101", "dataset"].item() == ""


def test_two_sources_for_one_regency_pick_one_and_name_the_other():
    df = regency_values("umkm_total", "2019", lang="id").set_index("regency_code")
    badung = catalog.series("umkm_total", regency="5103", year=2019)
    assert len(badung) == 2  # 19.243 (Tribun) and 19.423 (NusaBali)
    shown = df.loc["5103", "value"]
    other = next(v for v in badung["value"] if v != shown)
    assert shown in set(badung["value"])
    assert f"{int(other):,}".replace(",", ".") in df.loc["5103", "note"]


def test_periods_split_when_a_year_has_different_stated_periods():
    keys = {o.key: o for o in indicators.period_options("kur_disbursed_value")}
    in_2017 = [o for o in keys.values() if o.year == 2017]
    assert len(in_2017) == 2  # Jan-Sep 2017 and up to Apr 2017 are not pooled
    assert {o.period for o in in_2017} == {"Jan-Sep 2017", "up to Apr 2017"}
    assert "2016" in keys  # a year with one stated period keeps the plain key


def test_defaults_prefer_dated_trusted_data_then_coverage_then_recency():
    # the undated, low-trust BeritaBali set covers all 9 but is never a default: 2020 (Badung,
    # Denpasar; medium trust) is the newest of the dated sets covering most regencies
    assert indicators.default_period("umkm_total").key == "2020"
    assert indicators.default_period("kur_disbursed_value").key == "2016"
    assert indicators.default_period("population_total").key == "2024"
    assert indicators.default_period("businesses_non_agri").key == "2016"  # SE2016, 3 of 9
    assert indicators.find_period("umkm_total", "no-such-period").key == "2020"
    assert all(not indicators.trustworthy(o) for o in indicators.period_options("umkm_total")
               if o.undated or o.trust == "low")


def test_se2016_regency_figures_are_a_dated_partial_series_of_medium_trust():
    """The SE2016 listing (May-June 2016): Badung, Denpasar and Bangli from news quoting BPS, the
    other six regencies missing (NaN, not 0): a dated series to open a map on, not a complete one."""
    options = indicators.period_options("businesses_non_agri")
    assert [o.year for o in options] == [2016]
    se2016 = options[0]
    assert se2016.n_regencies == 3 and se2016.trust == "medium" and not se2016.undated
    assert catalog.period_label(se2016.period, "id") == "listing SE2016 (Mei-Juni 2016)"
    assert catalog.period_label(se2016.period, "en") == "SE2016 listing (May-June 2016)"
    for ds in se2016.datasets:
        record = catalog.dataset(ds)
        assert record.trust == "medium"
        assert catalog.period_label(record.period, "id") == "listing SE2016 (Mei-Juni 2016)"
    df = regency_values("businesses_non_agri", se2016).set_index("regency_code")
    assert df["value"].notna().sum() == 3 and not (df["value"] == 0).any()
    for code in ("5103", "5171", "5106"):
        assert df.loc[code, "value"] == _regency_figure("businesses_non_agri", code, 2016)


def test_undated_sets_of_different_sources_are_never_pooled():
    undated = [o for o in indicators.period_options("umkm_total") if o.undated]
    assert len(undated) == len({o.datasets for o in undated}) >= 2
    assert all(len(o.datasets) == 1 for o in undated)


def test_per_km2_same_period_is_the_plain_ratio():
    df = regency_values("population_total", "2024", "per_km2").set_index("regency_code")
    pop = _regency_figure("population_total", "5171", 2024, "pop_dukcapil_2024")
    area = _regency_figure("land_area", "5171", 2024)
    assert df.loc["5171", "value"] == pytest.approx(pop / area)
    assert df["same_period"].all() and (df["unit"] == "per_km2").all()
    assert df["note"].eq("").all()


def test_per_1000_needs_population_of_the_same_year():
    df = regency_values("umkm_affected_covid19", "2020", "per_1000", lang="en").set_index("regency_code")
    # population of 2020 (SP2020) exists for Buleleng only: the others are refused, not divided
    # by the population of 2022
    have = df[df["value"].notna()]
    assert list(have.index) == ["5108"] and (have["denom_year"] == 2020).all()
    covid = _regency_figure("umkm_affected_covid19", "5108", 2020)
    pop = float(have.loc["5108", "denom_value"])
    assert have.loc["5108", "value"] == pytest.approx(covid / pop * 1000)
    refused = df[df["value"].isna()]
    assert len(refused) == 8 and set(refused["refused"]) == {"no_same_year"}
    assert all("no population figure for 2020" in r for r in refused["reason_text"])
    notes = maps.view_notes(df.reset_index(), indicators.find_period("umkm_affected_covid19", "2020"), "en")
    assert any(n.startswith("Cannot be computed for 8 regencies") for n in notes)
    assert not any("have no data" in n for n in notes)  # refused is not "no data"


def test_share_of_province_prefers_the_same_source():
    df = regency_values("umkm_affected_covid19", None, "share_of_province")
    assert df["same_source"].all() and df["same_period"].all()
    prov = catalog.series("umkm_affected_covid19", level="province")
    assert set(df["denom_value"]) == {float(prov.iloc[0]["value"])}
    # the regencies sum to 18.502 against the stated 18.583: shares need not add to 100
    assert df["value"].sum() == pytest.approx(df["base_value"].sum() / prov.iloc[0]["value"] * 100)


def test_share_of_province_takes_the_sources_own_regencies_when_it_states_no_total():
    df = regency_values("kur_disbursed_value", "2016", "share_of_province", lang="id").set_index("regency_code")
    # Kabar24 prints Denpasar's share as 23,5 %: its 9 regencies summed, not Antara's province total
    assert round(df.loc["5171", "value"], 1) == 23.5
    assert df["same_source"].all() and not df["refused"].astype(bool).any()
    assert all("jumlah 9 kabupaten/kota dari sumber yang sama" in n for n in df["note"])
    assert df["value"].sum() == pytest.approx(100)


def test_share_of_province_from_another_source_is_refused():
    df = regency_values("umkm_total", "2019", "share_of_province", lang="id").set_index("regency_code")
    # NusaBali's Badung 19.423 over the DPR's 13.042 was drawn as 148,9 %: now refused, with why
    assert df["value"].isna().all()
    assert df.loc["5103", "refused"] == "no_same_source_elsewhere"
    assert "DPR RI" in df.loc["5103", "reason_text"]
    assert df.loc["5101", "refused"] == ""  # Jembrana has no 2019 figure at all: no data


def test_a_named_ratio_follows_the_same_rule():
    per_person = indicators.KUR_PER_CAPITA   # the KUR page's indicator, from the same registry
    a = regency_values("kur_disbursed_value", "2016", per_person)
    b = regency_values("kur_disbursed_value", "2016", "per_capita")
    # KUR 2016 over population of June 2022 was drawn on the map: no population of 2016, refused
    assert a["value"].isna().all() and b["value"].isna().all()
    assert set(a["refused"]) == set(b["refused"]) == {"no_same_year"}
    assert indicators.indicator_title("kur_disbursed_value", per_person, "id") == "Penyaluran KUR per penduduk"
    with pytest.raises(KeyError):
        regency_values("kur_disbursed_value", "2016", "per_nothing")


def test_undated_and_low_trust_views_warn():
    option = indicators.find_period("umkm_total", "undated:umkm_beritabali_undated")
    df = regency_values("umkm_total", option, lang="id")
    notes = maps.view_notes(df, option, "id")
    assert any("tanpa tahun" in n for n in notes)
    assert any("berkepercayaan rendah" in n for n in notes)
    assert not any("tanpa data" in n for n in notes)  # the undated set covers all 9


def test_format_value_for_base_and_derived_units():
    assert indicators.format_value(math.nan, "units", "id") == t("common.no_data", "id")
    assert indicators.format_value(62.1159, "per_1000_persons", "id") == "62,1"
    assert indicators.format_value(62.1159, "per_1000_persons", "en", "~") == "about 62.1"
    assert indicators.format_value(12.4, "percent", "id") == "12,4%"
    assert indicators.format_value(685_835.2, "IDR_per_person", "id") == "Rp685.835"
    assert indicators.format_value(439_382, "units", "id") == "439.382"


def test_derivations_offered_make_sense():
    assert "per_1000" in indicators.derivations("umkm_total")
    assert "per_capita" in indicators.derivations("kur_disbursed_value")
    assert "per_1000" not in indicators.derivations("kur_disbursed_value")
    assert "per_km2" not in indicators.derivations("land_area")
    assert indicators.derivations("umkm_per_population") == []  # a ratio is not additive
    assert indicators.map_metrics()[0] == "umkm_total"


def test_regency_profile_holds_every_figure_beside_the_province():
    prof = regency_record.figures("5107")
    figs = catalog.figures()
    assert len(prof) == int((figs["regency_code"] == "5107").sum())
    covid = prof[prof["metric"] == "umkm_affected_covid19"].iloc[0]
    assert covid["province_dataset"] == covid["dataset"]
    assert covid["province_value"] == float(catalog.series("umkm_affected_covid19", level="province").iloc[0]["value"])
    sectors = prof[prof["category"].str.startswith("sector=")]
    assert len(sectors) == 4 and sectors["province_value"].isna().all()
    table = regency_record.table("5107", "id")
    assert len(table) == len(prof)
    assert "57.456" in table[t("indicators.col_value", "id")].tolist()
    assert table[t("indicators.col_trust", "id")].isin(["tinggi", "sedang", "rendah"]).all()


def test_regency_values_for_a_metric_without_regency_data():
    df = regency_values("ecommerce_businesses")
    assert len(df) == 9 and df["value"].isna().all()
    assert pd.api.types.is_float_dtype(df["value"])


def test_kur_per_umkm_needs_one_source_for_both_parts():
    kur_per_umkm = indicators.KUR_PER_UMKM
    df = regency_values("kur_disbursed_value", "2016", kur_per_umkm).set_index("regency_code")
    # Kabar24 gives no UMKM counts; Badung's and Denpasar's 2016 counts are other registers
    assert df["value"].isna().all()
    assert df.loc["5103", "refused"] == df.loc["5171", "refused"] == "no_same_source_elsewhere"
    assert df.loc["5101", "refused"] == "no_same_source"
    with pytest.raises(KeyError):
        regency_values("kur_disbursed_value", "2016", kur_per_umkm, denominator_period="1999")
    with pytest.raises(ValueError):
        regency_values("umkm_total", "2019", "share_of_province", denominator_period="2019")


def test_a_category_of_a_metric_has_its_own_periods_and_values(tmp_path, monkeypatch):
    from importer_files import diskop_xlsx

    from bali_umkm import importer, store

    assert indicators.period_options("umkm_total", category="scale=mikro") == []
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    checked = importer.check(diskop_xlsx(), "umkm", "d.xlsx")
    importer.commit(checked, uploader="t", source="Diskop", in_store=store.Store())
    options = indicators.period_options("umkm_total", category="scale=mikro")
    assert [(o.key, o.n_regencies) for o in options] == [("2024", 9)]
    micro = regency_values("umkm_total", "2024", category="scale=mikro").set_index("regency_code")
    assert micro.at["5103", "value"] == 36000  # tests/importer_files.py SCALE_COUNTS
    share = regency_values("umkm_total", "2024", Ratio("micro", "umkm_total", 100.0, "percent"),
                           category="scale=mikro").set_index("regency_code")
    assert share.at["5103", "value"] == pytest.approx(100 * 36000 / 40100)
    assert share["same_period"].all() and share["same_source"].all()
    total = regency_values("umkm_total", "2024").set_index("regency_code")
    assert total.at["5103", "value"] == 40100  # the total is untouched by the category


def test_one_category_of_a_metric_by_regency(tmp_path, monkeypatch):
    """An imported e-commerce table gives shares with category status=ecommerce: category= reads
    them (the total, "", has none); derived values stay for totals only."""
    from importer_files import csv_bytes

    from bali_umkm import importer, store

    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    data = csv_bytes(["kabupaten_kota;tahun;persen_usaha_ecommerce", "Badung;2022;71,2", "Bangli;2022;40"])
    checked = importer.check(data, "ecommerce", "e.csv")
    assert checked.ok, checked.report.text("en")
    importer.commit(checked, uploader="t", source="BPS Bali (uji)", in_store=store.Store())
    assert indicators.period_options("ecommerce_share") == []
    (option,) = indicators.period_options("ecommerce_share", category="status=ecommerce")
    assert option.key == "2022" and option.n_regencies == 2
    df = indicators.regency_values("ecommerce_share", category="status=ecommerce").set_index("regency_code")
    assert df.loc["5103", "value"] == 71.2 and df.loc["5106", "value"] == 40 and df["value"].isna().sum() == 7
    assert indicators.regency_values("ecommerce_share")["value"].isna().all()
    view = maps.map_view("ecommerce_share", None, lang="en", category="status=ecommerce")
    assert view.legend_title == "Share of businesses doing e-commerce (%)"  # "%", not "% of province"
    assert indicators.unit_label("percent", "id", derived=False) == "%"
    assert indicators.unit_label("percent", "id") == t("indicators.unit_percent", "id")
