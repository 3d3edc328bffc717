"""The derived-indicator registry (data/derived_indicators.yaml) and its one rule (bali_umkm.derived)."""

import math

import pandas as pd
import pytest
import yaml

from bali_umkm import catalog, derived, indicators, kur, planner_indicators
from bali_umkm.paths import DATA_DIR


def _row(id_, value, *, metric="kur_disbursed_value", area="5171", year=2016, period="", dataset="a",
         trust="medium", qualifier="=", category="", unit="IDR"):
    return pd.Series({"id": id_, "metric": metric, "regency_code": area, "year": year, "period": period,
                      "dataset": dataset, "trust": trust, "qualifier": qualifier, "category": category,
                      "value": float(value), "unit": unit, "note": ""})


def _pool(*rows):
    return pd.DataFrame(list(rows), columns=list(_row("x", 0).index))


def test_the_registry_is_the_yaml_file():
    recs = yaml.safe_load((DATA_DIR / "derived_indicators.yaml").read_text(encoding="utf-8"))
    computed = [r["id"] for r in recs if "key" in r]
    assert list(derived.registry()) == computed
    for rec in recs:
        if "key" not in rec:
            continue
        ind = derived.registry()[rec["id"]]
        assert ind.unit == rec["unit"]["code"] and ind.factor == float(rec["factor"])
        assert ind.rules.period in derived.PERIOD_RULES
    # shares are bounded by 100 %
    assert derived.by_key("share_of_province").maximum == 100
    assert derived.by_key("micro_share").maximum == 100


def test_every_page_uses_the_registry_entries():
    keys = {i.key for i in derived.registry().values()}
    assert set(indicators.DERIVED) <= keys
    for ratio in kur.DERIVED:
        assert derived.registry()[ratio.id] is ratio  # the same object: one rule, not a copy
    for d in planner_indicators.DEFINITIONS:
        if d.ratio is not None:
            assert d.ratio.key in keys, d.key
    with pytest.raises(KeyError):
        derived.by_key("per_nothing")


def test_the_rule_refuses_in_order_and_says_why():
    per_capita = derived.by_key("kur_per_capita")
    pop16 = _row("p16", 900_000, metric="population_total", unit="persons", dataset="pop")
    pop22 = _row("p22", 950_000, metric="population_total", unit="persons", dataset="pop", year=2022)
    assert derived.decide(per_capita, _row("k", 1e9, trust="low"), _pool(pop16)).reason == "low_trust"
    assert derived.decide(per_capita, _row("k", 1e9, year=None), _pool(pop16)).reason == "undated"
    cumulative = _row("k", 1e9, year=2020, period="cumulative Aug 2015 - 31 Jul 2020")
    assert derived.decide(per_capita, cumulative, _pool(pop16)).reason == "multi_year"
    other_year = derived.decide(per_capita, _row("k", 1e9), _pool(pop22))
    assert other_year.reason == "no_same_year" and other_year.args["available"] == [(2022, "pop")]
    assert derived.decide(per_capita, _row("k", 1e9), _pool()).reason == "no_denominator"
    low_den = _row("p", 900_000, metric="population_total", dataset="pop", trust="low")
    assert derived.decide(per_capita, _row("k", 1e9), _pool(low_den)).reason == "low_trust_denominator"
    ok = derived.decide(per_capita, _row("k", 9e8), _pool(pop16, pop22))
    assert not ok.refused and ok.value == pytest.approx(1000) and ok.den["id"] == "p16"


def test_same_source_and_the_upper_bound_of_a_share():
    share = derived.by_key("share_of_province")
    part = _row("r", 19_423, metric="umkm_total", area="5103", year=2019, dataset="nusabali", unit="units")
    other = _row("t", 13_042, metric="umkm_total", area="51", year=2019, dataset="dpr", unit="units")
    refused = derived.decide(share, part, _pool(other), pd.DataFrame([part, other]))
    assert refused.reason == "no_same_source_elsewhere" and refused.args["elsewhere"] == ["dpr"]
    own_total = _row("o", 13_042, metric="umkm_total", area="51", year=2019, dataset="nusabali", unit="units")
    above = derived.decide(share, part, _pool(own_total))
    assert above.reason == "above_max" and math.isnan(above.value)  # 148,9 % is not a share
    fine = _row("o2", 38_846, metric="umkm_total", area="51", year=2019, dataset="nusabali", unit="units")
    assert derived.decide(share, part, _pool(fine)).value == pytest.approx(50.0)


def test_a_source_without_a_province_total_uses_its_own_nine_regencies():
    share = derived.by_key("share_of_province")
    rows = [_row(f"r{c}", 10 + i, area=c, dataset="src") for i, c in enumerate(catalog.REGENCY_CODES)]
    figures = pd.DataFrame(rows)
    d = derived.decide(share, rows[0], figures.iloc[0:0], figures)
    assert not d.refused and d.den["note"] == "sum_of_regencies"
    assert d.value == pytest.approx(10 / sum(10 + i for i in range(9)) * 100)
    # eight of nine: no total to stand in
    d8 = derived.decide(share, rows[0], figures.iloc[0:0], figures.iloc[:8])
    assert d8.reason == "no_denominator"


def test_a_bound_stays_a_bound_or_is_refused():
    loan = derived.by_key("average_loan_per_debtor")
    value = _row("v", 8e12, area="51", year=None, dataset="sikp", qualifier=">")
    debtors = _row("d", 122_366, metric="kur_debtors", area="51", year=None, dataset="sikp", unit="debtors")
    d = derived.decide(loan, value, _pool(debtors))
    assert d.qualifier == ">" and d.value == pytest.approx(8e12 / 122_366)
    bound_den = debtors.copy()
    bound_den["qualifier"] = ">"
    assert derived.decide(loan, value, _pool(bound_den)).reason == "bounds"
