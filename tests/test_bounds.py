"""Arithmetic on bounds ("lebih dari", "kurang dari", "sekitar"): what a computed figure may say,
rounded toward its bound so its words stay true, or why it is refused."""

import math

import pytest
from synthetic_figures import fig, frame

from bali_umkm import bounds, i18n


def test_division_keeps_qualifiers_honest():
    assert bounds.divide(100, "=", 50, "=", 1) == (2.0, "=")
    assert bounds.divide(100, "~", 50, "=", 1) == (2.0, "~")
    assert bounds.divide(100, ">", 50, "=", 1) == (2.0, ">")
    value, q = bounds.divide(100, ">", 50, "~", 1)
    assert math.isnan(value) and q == ""
    assert math.isnan(bounds.divide(100, "=", 0, "=", 1)[0])


def test_remainder_of_bounds_is_a_bound_the_other_way_and_mixed_bounds_refuse():
    df = frame(fig("a", "s", 40, unit="percent", qualifier=">"), fig("b", "s", 30, unit="percent"),
               fig("c", "s", 10, unit="percent", qualifier="<"))
    upper = bounds.remainder("r", ("a", "b"), df=df)
    assert upper.value == pytest.approx(30) and upper.qualifier == "<"
    assert upper.text("id") == "kurang dari 30,00%"
    lower = bounds.remainder("r", ("c", "b"), df=df)
    assert lower.qualifier == ">" and lower.value == pytest.approx(60)
    mixed = bounds.remainder("r", ("a", "c"), df=df)
    assert mixed.refused and mixed.reason == "mixed_bounds" and mixed.text() == "–"


def test_a_ratio_of_figures_from_different_sources_or_periods_is_refused():
    df = frame(fig("a", "kur_disbursed_value", 10, dataset="x"), fig("b", "kur_disbursed_value", 20, dataset="y"),
               fig("c", "kur_disbursed_value", 20, dataset="x", year=2023))
    assert bounds.ratio("k", "a", "b", df=df).reason == "not_comparable"
    assert bounds.ratio("k", "a", "c", df=df).reason == "not_comparable"
    assert bounds.difference("k", "a", "b", df=df).reason == "not_comparable"


def test_difference_with_a_bound():
    df = frame(fig("t", "v", 100), fig("r", "v", 60, qualifier=">"), fig("u", "v", 80, qualifier=">"))
    gap = bounds.difference("g", "t", "r", df=df)
    assert gap.value == 40 and gap.qualifier == "<"  # target minus more than 60: less than 40
    assert bounds.difference("g", "u", "r", df=df).reason == "bounds"


def test_bounds_are_rounded_toward_themselves():
    assert bounds.format_computed(65_377_637.0, "IDR_per_debtor", ">", "id") == "lebih dari Rp65,37 juta"
    assert bounds.format_computed(65_371_001.0, "IDR_per_debtor", "<", "id") == "kurang dari Rp65,38 juta"
    assert bounds.format_computed(65_377_637.0, "IDR_per_debtor", "=", "id") == "Rp65,38 juta"
    assert bounds.format_computed(59.168, "percent", ">", "en") == "more than 59.16%"
    assert bounds.format_computed(math.nan, "percent") == "–"
    assert bounds.format_computed(950.0, "IDR_per_person", "=", "id") == "Rp950"


def test_exact_idr_keeps_every_digit_the_source_wrote():
    assert i18n.fmt_idr_exact(3_009_380_000_000, "id") == "Rp3.009,38 miliar"
    assert i18n.fmt_idr_exact(175_730_000_000_000, "id") == "Rp175,73 triliun"
    assert i18n.fmt_idr_exact(637_600_000_000, "id") == "Rp637,6 miliar"
    assert i18n.fmt_idr_exact(2_707_500_000_000, "en") == "IDR 2,707.5 billion"
    assert i18n.fmt_idr_exact(10_000_000, "id") == "Rp10 juta"
