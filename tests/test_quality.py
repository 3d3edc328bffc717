"""The known disagreements must come out of the checks, not be typed in."""

import pandas as pd
import pytest

from bali_umkm import catalog, quality


def _row(df, **match):
    mask = pd.Series(True, index=df.index)
    for key, value in match.items():
        mask &= df[key] == value
    hits = df[mask]
    assert len(hits) >= 1, match
    return hits.iloc[0]


def test_scale_split_sums_to_439381_against_439382():
    checks = quality.sum_checks()
    row = _row(checks, metric="umkm_total", dimension="scale", year=2023)
    assert row["parts_sum"] == 439_381 and row["total"] == 439_382
    assert row["status"] == "mismatch" and row["difference"] == -1


def test_diskop_against_dpr_2023():
    c = quality.conflicts()
    row = _row(c, metric="umkm_total", regency_code="51", year=2023, dataset_b="umkm_dpr_2023")
    assert {row["value_a"], row["value_b"]} == {439_382, 442_848}


def test_badung_2019_two_figures():
    row = _row(quality.conflicts(), metric="umkm_total", regency_code="5103", year=2019)
    assert {row["value_a"], row["value_b"]} == {19_243, 19_423}


def test_kur_2016_regencies_against_province_total():
    row = _row(quality.sum_checks(), metric="kur_disbursed_value", year=2016,
               check="regencies_vs_province")
    assert row["parts_sum"] == pytest.approx(2_707.5e9)
    assert row["total"] == pytest.approx(2.9e12)
    assert row["complete"] and row["status"] == "mismatch"


def test_rounding_is_not_a_conflict():
    # nine regency areas (3 decimals) against the province total: within rounding
    row = _row(quality.sum_checks(), metric="land_area", check="regencies_vs_province")
    assert row["status"] == "ok"
    # Denpasar SE2016: 93,01 thousand + 4.517 against 97,53 thousand
    row = _row(quality.sum_checks(), metric="businesses_non_agri", regency_code="5171")
    assert row["status"] == "ok"


def test_agreeing_sources_are_not_conflicts():
    comp = quality.comparisons()
    row = _row(comp, metric="ecommerce_businesses", regency_code="51")
    assert row["status"] == "agree"


def test_different_spans_of_a_year_are_not_conflicts():
    comp = quality.comparisons()
    row = _row(comp, metric="kur_disbursed_value", regency_code="5171", year=2017)
    assert row["status"] == "different_period"  # January-September against up to April 2017
    assert {row["period_a"], row["period_b"]} == {"Jan-Sep 2017", "up to Apr 2017"}


def test_a_count_at_two_dates_of_one_year_is_a_change_or_a_disagreement():
    """Buleleng: ~68.000 in May 2023 (acting regent) and ~62.000 in August 2023 (DPRD chair)."""
    row = _row(quality.comparisons(), metric="umkm_total", regency_code="5108", year=2023)
    assert row["status"] == "same_year_change"
    assert {row["value_a"], row["value_b"]} == {68_000, 62_000}
    assert {row["period_a"], row["period_b"]} == {"May 2023", "Aug 2023"}
    # the same two dates for a flow (KUR disbursed over a span) are only different periods
    assert catalog.metrics()["umkm_total"].get("stock") and not catalog.metrics()["kur_disbursed_value"].get("stock")


def test_undated_pairs_from_different_publications_have_their_own_class():
    comp = quality.comparisons()
    undated = comp[comp["year"].isna()]
    beritabali = undated[(undated["dataset_a"] == "umkm_beritabali_undated")
                         | (undated["dataset_b"] == "umkm_beritabali_undated")]
    assert len(beritabali) == 5 and set(beritabali["status"]) == {"undated"}
    assert not (comp["status"] == "different_period").loc[comp["year"].isna()].any()
    # two undated figures of 2025 articles (GNFI, a Kompasiana blog): neither states a reference
    # year, so nothing says they describe the same time: undated, not a conflict
    row = _row(comp, metric="umkm_total", regency_code="5102", dataset_a="umkm_gnfi_2025")
    assert row["status"] == "undated"


def test_each_disagreement_is_counted_once():
    conflicts = quality.conflicts()
    diskop = _row(conflicts, metric="umkm_total", regency_code="51", year=2023)
    assert diskop["dataset_a"] == "paper_diskop_2023, umkm_diskop_prov" and diskop["dataset_b"] == "umkm_dpr_2023"
    assert len(conflicts[(conflicts["metric"] == "umkm_total") & (conflicts["regency_code"] == "51")]) == 1
    assert len(quality.comparisons().query("status == 'conflict'")) == 4  # pairs: two of them one finding
    checks = quality.sum_checks()
    badung = checks[(checks["status"] == "parts_exceed_total") & (checks["year"] == 2019)]
    assert len(badung) == 2 and badung["finding"].nunique() == 1  # 19.243 and 19.423 against 13.042


def test_implausible_2019_province_total_is_exposed():
    row = _row(quality.sum_checks(), metric="umkm_total", year=2019, status="parts_exceed_total")
    assert row["total"] == 13_042


def test_shares_that_make_a_whole_sum_to_100():
    row = _row(quality.sum_checks(), metric="ecommerce_start_share")
    assert row["parts_sum"] == pytest.approx(100) and row["status"] == "ok"
    row = _row(quality.sum_checks(), metric="ecommerce_kbli_share")
    assert row["status"] == "partial"


def test_checks_rerun_on_new_data():
    figs = catalog.figures()
    fixed = figs.copy()
    fixed.loc[fixed["id"] == "umkm_2023_menengah", "value"] = 6_933
    row = _row(quality.sum_checks(fixed), metric="umkm_total", dimension="scale", year=2023,
               total_dataset="paper_diskop_2023")
    assert row["status"] == "ok"


def test_coverage_matrix_counts_sources_per_cell():
    cov = quality.coverage()
    assert list(cov.columns) == [*catalog.REGENCY_CODES, "51"]
    assert cov.loc[("kur_disbursed_value", "2016")].tolist() == [1] * 10
    assert cov.loc[("umkm_total", "2019"), "5103"] == 2
    assert cov.loc[("umkm_total", "2023"), "5101"] == 0


def test_summary_counts_each_finding_once():
    s = quality.summary()
    comp = quality.comparisons()
    assert s["conflicts"] == len(quality.conflicts()) == comp.loc[comp["status"] == "conflict", "finding"].nunique()
    assert s["conflicts"] == 3  # population 2024, Bali 2023 (Diskop/DPR), Badung 2019
    assert s["sum_mismatches"] == 4  # KUR 2016, COVID-19 2020, the 2023 scale split, the DPR's 2019 total
    assert s["same_year_changes"] == 1 and s["undated_pairs"] == 6  # with Tabanan GNFI/Kompasiana
    assert set(comp["status"]) <= set(quality.COMPARISON_STATUSES)


def test_findings_on_new_data():
    """An imported figure that agrees with one side joins it; the count does not grow."""
    figs = catalog.figures()
    extra = figs[figs["id"] == "umkm_diskop_prov.51.2023.umkm_total"].assign(
        id="import_x.51.2023.umkm_total", dataset="import_x")
    both = pd.concat([figs, extra], ignore_index=True)
    assert quality.summary(both)["conflicts"] == quality.summary()["conflicts"]
    row = _row(quality.conflicts(both), metric="umkm_total", regency_code="51", year=2023)
    assert row["dataset_a"] == "paper_diskop_2023, umkm_diskop_prov, import_x"


def test_a_sum_equal_but_for_binary_rounding_is_not_a_mismatch():
    # BPS land areas, 2023: the parts add up to 5780.059999999999 in binary floating point
    parts = [841.8, 1013.88, 418.62, 368, 315, 490.71, 839.54, 1364.73, 127.78]
    assert sum(parts) != 5780.06
    assert quality._status(sum(parts), 5780.06, 0.0, True) == "ok"
    assert quality._status(sum(parts) + 0.01, 5780.06, 0.0, True) == "mismatch"
