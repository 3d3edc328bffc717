import pytest

from bali_umkm import catalog
from bali_umkm.i18n import t
from bali_umkm.views import distribution


def test_scale_split_counts_shares_and_thresholds_come_from_the_catalogue():
    split = distribution.scale_split().set_index("scale")
    for scale in distribution.SCALES:
        fig = catalog.figure(f"umkm_2023_{scale}")
        assert split.loc[scale, "count"] == fig["value"]
    assert split["share"].sum() == pytest.approx(100)
    assert split.loc["mikro", "assets_up_to"] == catalog.figure("uu20_mikro_max")["value"]
    assert split.loc["menengah", "assets_above"] == catalog.figure("uu20_menengah_min")["value"]
    table = distribution.thresholds_table("id")
    assert table.iloc[0, 1] == "paling banyak Rp50 juta"
    assert table.iloc[2, 1] == "lebih dari Rp500 juta s.d. Rp10 miliar"
    assert distribution.thresholds_table("en").iloc[1, 1] == "more than IDR 50 million up to IDR 500 million"


def test_scale_check_is_the_quality_check_not_a_typed_number():
    check = distribution.scale_check()
    split = distribution.scale_split()
    assert check["parts_sum"] == split["count"].sum()
    assert check["total"] == catalog.figure("umkm_2023_total")["value"]
    assert check["status"] == "mismatch" and check["difference"] == check["parts_sum"] - check["total"]


def test_trade_leads_every_scale():
    assert distribution.trade_leads_every_scale()
    assert all(catalog.figure(f)["value"] > 0 for f in distribution.sector_highlights())


def test_karangasem_sectors_sum_to_its_total():
    sectors = distribution.regency_sectors("5107", 2021)
    assert set(sectors["sector"]) == set(distribution.SECTORS)
    assert sectors["count"].is_monotonic_decreasing
    assert sectors["share"].sum() == pytest.approx(100)
    check = distribution.regency_sector_check("5107", 2021)
    assert check["status"] == "ok" and check["parts_sum"] == sectors["count"].sum()
    labels = distribution.sector_chart_data("5107", 2021, "id")["label"].tolist()
    assert labels[0].startswith("Perdagangan · ") and labels[0].endswith("%")


def test_province_series_keeps_the_second_source():
    s = distribution.province_series()
    assert s["year"].min() == 2021 and s["year"].max() == 2024
    in_2023 = s[s["year"] == 2023]
    assert set(in_2023["dataset"]) >= {"umkm_diskop_prov", "umkm_dpr_2023"}
    assert in_2023["value"].nunique() == 2
    conflict = distribution.second_source_2023()
    assert {conflict["value_a"], conflict["value_b"]} == set(in_2023["value"])
    plot = distribution.series_plot_data("id")
    repeated = plot[(plot["year"] == 2023) & (plot["dataset"] == "paper_diskop_2023")]
    assert repeated["label"].tolist() == [""]  # the paper's quote of Diskop's figure: one label
    assert plot[plot["dataset"] == "umkm_dpr_2023"]["label"].str.contains(r"\d{3}\.\d{3}").all()
    table = distribution.series_table("en")
    assert t("common.source", "en") in table.columns and len(table) == len(s)
