"""The outreach planner's index (no Streamlit): normalisation, direction, missing data, ties, weights,
stability, the indicators the catalogue supports, the URL state, and the exports."""

import io
import math

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as hs
from importer_files import csv_bytes, diskop_xlsx
from openpyxl import load_workbook

from bali_umkm import catalog, importer, planner, store
from bali_umkm.catalog import PAPER_CITATION
from bali_umkm.export import plan as plan_export
from bali_umkm.paths import DATA_DIR
from bali_umkm.planner import Choice, PlannerError, State, priority_index, stability
from bali_umkm.textsafe import escape_md

CODES = list(catalog.REGENCY_CODES)


def frame(**columns) -> pd.DataFrame:
    """A values frame over the first len(values) BPS codes (None = no value)."""
    n = len(next(iter(columns.values())))
    return pd.DataFrame({k: [math.nan if v is None else float(v) for v in vals] for k, vals in columns.items()},
                        index=pd.Index(CODES[:n], name="regency_code"))


def ranked(result) -> list[str]:
    return list(result.ranking.loc[result.ranking["rank"].notna(), "regency_code"])


def index_of(result, code) -> float:
    return float(result.ranking.set_index("regency_code").at[code, "index"])


# ---- the index ------------------------------------------------------------------------------------

def test_min_max_normalisation_and_direction():
    values = frame(a=[10, 20, 30, 40, 50])
    high = priority_index(values, [Choice("a", 1, "high")])
    assert list(high.scores["a"]) == [0, 0.25, 0.5, 0.75, 1]
    assert ranked(high) == CODES[:5][::-1]
    low = priority_index(values, [Choice("a", 1, "low")])
    assert list(low.scores["a"]) == [1, 0.75, 0.5, 0.25, 0]
    assert ranked(low) == CODES[:5]
    assert index_of(low, CODES[0]) == 1.0 and index_of(low, CODES[4]) == 0.0


def test_the_weighted_average_by_hand():
    values = frame(a=[0, 5, 10], b=[30, 20, 10])
    r = priority_index(values, [Choice("a", 3, "high"), Choice("b", 1, "high")])
    # a scores 0, .5, 1; b scores 1, .5, 0 -> (3a + b) / 4
    assert index_of(r, CODES[0]) == pytest.approx(0.25)
    assert index_of(r, CODES[1]) == pytest.approx(0.5)
    assert index_of(r, CODES[2]) == pytest.approx(0.75)
    assert r.ranking["weight_used"].eq(1.0).all() and not r.ranking["flagged"].any()


def test_a_constant_column_is_left_out_not_scored():
    values = frame(a=[7, 7, 7, 7], b=[1, 2, 3, 4])
    r = priority_index(values, [Choice("a", 5, "high"), Choice("b", 1, "high")])
    assert r.excluded == {"a": "constant"}
    assert r.scores["a"].isna().all()
    # the index is b's score alone: a constant cannot pull every regency to the middle
    assert [index_of(r, c) for c in CODES[:4]] == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert r.ranking["weight_used"].eq(1.0).all()


def test_an_indicator_with_one_value_is_left_out():
    values = frame(a=[None, 3, None], b=[1, 2, 3])
    r = priority_index(values, [Choice("a", 1, "high"), Choice("b", 1, "low")])
    assert r.excluded == {"a": "too_few"}
    assert ranked(r) == [CODES[0], CODES[1], CODES[2]]


def test_missing_data_is_left_out_renormalised_and_flagged_never_filled():
    values = frame(a=[0, 10, 20], b=[100, None, 0])
    r = priority_index(values, [Choice("a", 1, "high"), Choice("b", 3, "low")])
    # regency 1 has only a: score .5 over weight 1; regencies 0 and 2: (1*a + 3*b) / 4
    assert index_of(r, CODES[1]) == pytest.approx(0.5)
    assert index_of(r, CODES[0]) == pytest.approx((0 + 3 * 0) / 4)
    assert index_of(r, CODES[2]) == pytest.approx((1 + 3 * 1) / 4)
    row = r.ranking.set_index("regency_code").loc[CODES[1]]
    assert row["flagged"] and row["missing"] == ("b",) and row["weight_used"] == pytest.approx(0.25)
    assert pd.isna(r.scores.at[CODES[1], "b"])  # no score invented
    assert not r.ranking.set_index("regency_code").at[CODES[0], "flagged"]


def test_a_regency_without_any_value_is_not_ranked_and_comes_last():
    values = frame(a=[None, 1, 2, None], b=[None, 5, 1, None])
    r = priority_index(values, [Choice("a", 1, "high"), Choice("b", 1, "high")])
    assert list(r.ranking["regency_code"][-2:]) == [CODES[0], CODES[3]]  # BPS order among the unranked
    assert r.ranking["rank"].isna().sum() == 2 and r.ranking.iloc[-1]["flagged"]
    assert r.top() == (CODES[1], CODES[2])


def test_ties_share_a_rank_and_follow_bps_order_whatever_the_float_noise():
    # 0.1 + 0.2 != 0.3 in floating point: these two indices are equal to 9 decimals
    values = frame(a=[0.3, 1.0, 0.1 + 0.2, 0.0, 0.5])
    r = priority_index(values, [Choice("a", 1, "high")])
    assert index_of(r, CODES[0]) != index_of(r, CODES[2])  # the noise is really there
    table = r.ranking.set_index("regency_code")
    assert ranked(r) == [CODES[1], CODES[4], CODES[0], CODES[2], CODES[3]]
    assert table.at[CODES[0], "rank"] == table.at[CODES[2], "rank"] == 3
    assert table.at[CODES[3], "rank"] == 5  # 1, 2, 3, 3, 5
    assert table.at[CODES[0], "tied"] and not table.at[CODES[1], "tied"]
    # the order of the chosen indicators does not change the ranking
    two = frame(a=[1, 2, 3], b=[3, 2, 1])
    first = priority_index(two, [Choice("a"), Choice("b")])
    second = priority_index(two, [Choice("b"), Choice("a")])
    assert ranked(first) == ranked(second) == CODES[:3]  # all tie at 0.5: BPS order
    assert set(first.ranking["rank"]) == {1}


def test_weights_summing_to_zero_give_a_clear_message_in_both_languages():
    values = frame(a=[1, 2, 3], b=[3, 1, 2])
    with pytest.raises(PlannerError) as err:
        priority_index(values, [Choice("a", 0, "high"), Choice("b", 0, "low")])
    assert err.value.code == "weights_zero"
    assert "Jumlah bobot nol" in err.value.message("id")
    assert "weights sum to zero" in err.value.message("en")
    assert "Jumlah bobot nol" in str(err.value) and "weights sum to zero" in str(err.value)


@pytest.mark.parametrize("weight, code", [(-1, "negative_weight"), (-0.5, "negative_weight"),
                                          (math.nan, "bad_weight"), (math.inf, "bad_weight")])
def test_negative_and_non_finite_weights_are_refused(weight, code):
    with pytest.raises(PlannerError) as err:
        priority_index(frame(a=[1, 2], b=[2, 1]), [Choice("a", 1), Choice("b", weight)])
    assert err.value.code == code
    assert err.value.message("id") != err.value.message("en")


def test_a_zero_weight_counts_for_nothing_and_is_not_flagged_as_missing():
    values = frame(a=[1, 2, 3], b=[None, 9, 1])
    r = priority_index(values, [Choice("a", 1), Choice("b", 0)])
    assert ranked(r) == CODES[:3][::-1]
    assert not r.ranking["flagged"].any()


def test_other_refusals():
    values = frame(a=[1, 1, 1], b=[1, 2, 3])
    with pytest.raises(PlannerError) as err:
        priority_index(values, [])
    assert err.value.code == "no_indicators"
    with pytest.raises(PlannerError) as err:
        priority_index(values, [Choice("a", 1), Choice("b", 0)])
    assert err.value.code == "nothing_to_rank"  # the only weighted indicator is constant
    with pytest.raises(PlannerError) as err:
        priority_index(values, [Choice("a"), Choice("a")])
    assert err.value.code == "duplicate"
    with pytest.raises(PlannerError) as err:
        priority_index(values, [Choice("zzz")])
    assert err.value.code == "unknown_indicator"
    with pytest.raises(PlannerError):
        priority_index(values, [Choice("b", 1, "sideways")])


def test_one_indicator_ranks_by_its_values():
    values = frame(a=[5, 1, 9, None, 3])
    r = priority_index(values, [Choice("a", 2.5, "high")])
    assert ranked(r) == [CODES[2], CODES[0], CODES[4], CODES[1]]
    assert r.ranking.set_index("regency_code").at[CODES[3], "flagged"]
    s = stability(values, [Choice("a", 2.5, "high")])
    assert len(s.runs) == 2 and s.stable  # moving the only weight changes nothing


# ---- stability ------------------------------------------------------------------------------------

def test_stability_runs_every_weight_both_ways_and_names_what_changes():
    # a and b pull in opposite ways and c favours one regency: lowering a's weight swaps a member
    values = frame(a=[0, 1, 2, 3, 4, 5], b=[5, 3.9, 3, 2.6, 0, 1])
    choices = [Choice("a", 1, "high"), Choice("b", 1, "high"), Choice("c", 1, "high")]
    values["c"] = [0, 0, 0, 0, 1, 0]
    s = stability(values, choices)
    assert len(s.runs) == 6
    assert [(r.id, r.factor) for r in s.runs] == [(c.id, f) for c in choices for f in (0.8, 1.2)]
    assert {r.weight for r in s.runs if r.id == "a"} == {0.8, 1.2}
    base = priority_index(values, choices).top()
    assert s.base_top == base
    for run in s.runs:  # each run's verdict agrees with a fresh ranking of the moved weights
        moved = [Choice(c.id, run.weight if c.id == run.id else c.weight, c.direction) for c in choices]
        top = priority_index(values, moved).top()
        assert run.top == top
        expected = "none" if top == base else ("order" if set(top) == set(base) else "set")
        assert run.change == expected
    assert [r.change for r in s.runs] == ["set", "none", "none", "none", "none", "none"]
    assert not s.stable and s.changed() == [s.runs[0]]


def test_stability_tells_a_new_order_from_a_new_set():
    values = frame(a=[1.0, 0.9, 0.0, 0.2], b=[0.0, 0.15, 0.0, 1.0])
    s = stability(values, [Choice("a"), Choice("b")])
    assert s.base_top == ("5104", "5102", "5101")
    # b at 0.8: Tabanan first, then Jembrana and Badung tie (5/9 each) and keep BPS order
    assert [(r.id, r.factor, r.change) for r in s.changed()] == [("b", 0.8, "order")]
    assert s.changed()[0].top == ("5102", "5101", "5104")


def test_compare_top_kinds():
    assert planner.compare_top(("a", "b", "c"), ("a", "b", "c")) == "none"
    assert planner.compare_top(("a", "b", "c"), ("b", "a", "c")) == "order"
    assert planner.compare_top(("a", "b", "c"), ("a", "b", "d")) == "set"


def test_stability_of_a_clear_leader_is_stable():
    values = frame(a=[1, 2, 3, 4], b=[1, 2, 3, 4])
    s = stability(values, [Choice("a", 1), Choice("b", 2)])
    assert s.stable and len(s.runs) == 4 and s.base_top == (CODES[3], CODES[2], CODES[1])


# ---- the catalogue: what can be ranked ------------------------------------------------------------

def test_the_default_choice_ranks_all_nine_regencies_with_real_data():
    choices = planner.default_choices()
    assert [c.id for c in choices] == [cid for cid, _, _ in planner.DEFAULT_CHOICES]
    cands = planner.candidates()
    for c in choices:
        assert cands[c.id].available and len(cands[c.id].regencies) == 9
    plan = planner.build_plan(State(choices=choices))
    assert plan.error is None
    assert plan.result.ranking["rank"].notna().all() and not plan.result.ranking["flagged"].any()
    assert len(plan.stability.runs) == 2 * len(choices)
    assert len(plan.regencies) == 3 and plan.regencies == plan.result.top()


def test_the_index_follows_the_formula_on_the_real_values():
    """An independent computation of the index from the catalogue's own values."""
    choices = planner.default_choices()
    plan = planner.build_plan(State(choices=choices))
    expected = {}
    for code in CODES:
        num = den = 0.0
        for c in choices:
            col = plan.values[c.id]
            lo, hi = col.min(), col.max()
            s = (col[code] - lo) / (hi - lo)
            num += c.weight * (1 - s if c.direction == "low" else s)
            den += c.weight
        expected[code] = num / den
    got = plan.result.ranking.set_index("regency_code")["index"]
    for code in CODES:
        assert got[code] == pytest.approx(expected[code])
    assert list(plan.result.ranking["regency_code"]) == sorted(CODES, key=lambda c: -expected[c])
    # and the values are the catalogue's: KUR 2016 per resident of Denpasar by hand
    kur = catalog.series("kur_disbursed_value", regency="5171", year=2016)["value"].item()
    pop = catalog.series("population_total", regency="5171", year=2022)["value"].item()
    assert plan.values.at["5171", "kur_per_capita.2016"] == pytest.approx(kur / pop)


def test_unavailable_indicators_say_why():
    cands = planner.candidates()
    assert cands["ecommerce_share"].reason == "no_regency_data"  # nothing by regency until an import
    assert cands["micro_share"].reason == "no_regency_data"
    assert cands["umkm_per_1000.2023.as-stated-2023-11-02"].reason == "too_few"  # Denpasar, before the year ended
    assert cands["kur_per_umkm.2017.jan-sep-2017"].reason == "too_few"
    table = planner.availability_table("en")
    status = dict(zip(table["Indicator"] + " | " + table["Period"], table["Status"], strict=True))
    assert status["E-commerce adoption (% of businesses) | –"].startswith("unavailable: no regency figures")
    assert any(k.startswith("MSMEs per 1,000 residents | 2023") and v == "unavailable: data for fewer than 2 regencies"
               for k, v in status.items())
    assert "Population | 2024 (second half of 2024" in " ".join(status)
    assert not [c for c in planner.available() if len(c.regencies) < planner.MIN_REGENCIES]


def test_kur_per_umkm_only_from_parts_of_the_same_period():
    cand = planner.candidates()["kur_per_umkm.2016"]
    assert cand.den_option.year == 2016
    values = planner.candidate_values("kur_per_umkm.2016").set_index("regency_code")
    have = values[values["value"].notna()]
    assert set(have.index) == {"5103", "5171"} and have["same_period"].all()
    kur = catalog.series("kur_disbursed_value", regency="5103", year=2016)["value"].item()
    umkm = catalog.series("umkm_total", regency="5103", year=2016)["value"].item()
    assert values.at["5103", "value"] == pytest.approx(kur / umkm)
    # KUR per resident may take the population of another period, and says so
    per_capita = planner.candidate_values("kur_per_capita.2016", "en")
    assert not per_capita["same_period"].any() and per_capita["note"].str.contains("another period").all()


def test_undated_low_trust_umkm_is_offered_and_labelled_so():
    cand = planner.candidates()["umkm_per_1000.undated.umkm_beritabali_undated"]
    assert cand.trust == "low" and len(cand.regencies) == 9
    assert "published 4 August 2016" in cand.option_label("en") and "trust low" in cand.option_label("en")
    plan = planner.build_plan(State(choices=(Choice(cand.id),)), "id")
    notes = " ".join(planner.indicator_notes(plan, cand.id))
    assert "tanpa tahun" in notes and "berkepercayaan rendah" in notes and "periode berbeda" in notes


def test_a_sparse_indicator_flags_the_regencies_without_data():
    choices = (Choice("kur_per_capita.2017.jan-sep-2017", 1, "low"), Choice("population.2024", 1, "high"))
    plan = planner.build_plan(State(choices=choices), "en")
    row = plan.result.ranking.set_index("regency_code").loc["5103"]  # Badung: no Jan-Sep 2017 KUR
    assert row["flagged"] and row["missing"] == ("kur_per_capita.2017.jan-sep-2017",)
    assert row["weight_used"] == pytest.approx(0.5)
    lines = planner.flag_lines(plan)
    assert "Badung" in lines[0] and "50%" in lines[0]
    assert "Badung" in " ".join(planner.indicator_notes(plan, choices[0].id))


@pytest.fixture
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    return store.Store()


def test_imported_tables_make_new_indicators_available(tmp_store):
    rows = ["kabupaten_kota;tahun;persentase usaha e-commerce"] + [
        f"{name};2024;{10 + 5 * i}" for i, name in enumerate(["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung",
                                                               "Bangli", "Karangasem", "Buleleng", "Denpasar"])]
    for data, kind, name in ((csv_bytes(rows), "ecommerce", "e.csv"), (diskop_xlsx(), "umkm", "d.xlsx")):
        checked = importer.check(data, kind, name)
        assert checked.ok, checked.report.text("en")
        importer.commit(checked, uploader="t", source=f"BPS Bali {kind}", st=tmp_store)
    cands = planner.candidates()
    eco = cands["ecommerce_share.2024"]
    assert eco.available and len(eco.regencies) == 9 and eco.definition.direction == "low"
    assert planner.candidate_values(eco.id).set_index("regency_code").at["5171", "value"] == 50
    micro = cands["micro_share.2024"]
    assert micro.available and micro.den_option.year == 2024
    badung = planner.candidate_values(micro.id).set_index("regency_code").at["5103", "value"]
    assert badung == pytest.approx(100 * 36000 / (36000 + 3400 + 700))  # tests/importer_files.py SCALE_COUNTS
    plan = planner.build_plan(State(choices=(Choice(eco.id, 1, "low"), Choice(micro.id, 1, "high"))))
    assert plan.error is None and plan.result.ranking["rank"].notna().all()
    assert any("BPS Bali ecommerce" in line for line in plan.source_lines().values())


# ---- URL state -------------------------------------------------------------------------------------

KNOWN = {"a.2024": "high", "b.2016": "low", "c.undated.x": "high"}
DEFAULTS = (Choice("a.2024", 1.0, "high"),)
BARRIERS = ("pembiayaan", "kur_agunan")
MEASURES = ("lsm_koperasi", "lsm_advokasi")


def decode(params):
    return planner.decode_state(params, indicators_known=KNOWN, defaults=DEFAULTS, barriers=BARRIERS,
                                measures=MEASURES)


def test_url_round_trip():
    state = State(choices=(Choice("b.2016", 2.0, "low"), Choice("c.undated.x", 0.5, "high")),
                  regencies=("5107", "5108"), barriers=("pembiayaan",), measures=("lsm_koperasi",), collab=True)
    params = planner.encode_state(state)
    assert params == {"ind": "b.2016~2~l,c.undated.x~0.5~h", "reg": "5107,5108", "bar": "pembiayaan",
                      "mea": "lsm_koperasi", "kol": "1"}
    back, problems = decode(params)
    assert back == state and problems == []
    auto, _ = decode(planner.encode_state(State(choices=DEFAULTS)))
    assert auto.regencies is None  # absent = follow the top three
    none, _ = decode(planner.encode_state(State(choices=DEFAULTS, regencies=())))
    assert none.regencies == ()
    url = planner.page_url(state, "en")
    assert url.startswith("/perencana?ind=b.2016~2~l,c.undated.x~0.5~h&reg=5107,5108") and url.endswith("lang=en")


@settings(max_examples=60, deadline=None)
@given(hs.lists(hs.sampled_from(sorted(KNOWN)), unique=True, min_size=1),
       hs.lists(hs.integers(0, 200), min_size=3, max_size=3), hs.lists(hs.booleans(), min_size=3, max_size=3),
       hs.one_of(hs.none(), hs.lists(hs.sampled_from(CODES), unique=True)),
       hs.lists(hs.sampled_from(BARRIERS), unique=True), hs.lists(hs.sampled_from(MEASURES), unique=True),
       hs.booleans())
def test_url_round_trip_for_any_state(ids, halves, lows, regencies, barriers, measures, collab):
    choices = tuple(Choice(i, h / 2, "low" if low else "high") for i, h, low in zip(ids, halves, lows, strict=False))
    state = State(choices=choices, regencies=None if regencies is None else tuple(regencies),
                  barriers=tuple(barriers), measures=tuple(measures), collab=collab)
    back, problems = decode(planner.encode_state(state))
    assert back == state and problems == []


@settings(max_examples=150, deadline=None)
@given(hs.dictionaries(hs.sampled_from(planner.PARAMS), hs.text(max_size=80)))
def test_malformed_urls_never_raise_and_always_give_a_usable_state(params):
    state, problems = decode(params)
    assert state.choices and all(c.id in KNOWN for c in state.choices)
    assert all(0 <= c.weight <= planner.MAX_WEIGHT and c.direction in planner.DIRECTIONS for c in state.choices)
    assert all(p.message("id") and p.message("en") for p in problems)


@pytest.mark.parametrize("raw, weight, direction, codes", [
    ("a.2024~x~h", 1.0, "high", ["bad_weight"]),
    ("a.2024~-2~h", 1.0, "high", ["bad_weight"]),
    ("a.2024~nan~l", 1.0, "low", ["bad_weight"]),
    ("a.2024~1e999~l", 1.0, "low", ["bad_weight"]),
    ("a.2024~3~sideways", 3.0, "high", ["bad_direction"]),
    ("a.2024", 1.0, "high", []),
    ("a.2024~~l", 1.0, "low", []),
    ("a.2024~2~h~extra", 2.0, "high", ["bad_item"]),
])
def test_malformed_items_fall_back_per_part(raw, weight, direction, codes):
    state, problems = decode({"ind": raw})
    assert state.choices == (Choice("a.2024", weight, direction),)
    assert [p.code for p in problems] == codes


def test_unknown_values_are_dropped_and_reported():
    state, problems = decode({"ind": "zzz~1~h,a.2024~1~h,a.2024~2~l", "reg": "5107,9999", "bar": "nope",
                              "mea": "lsm_koperasi,<script>", "kol": "maybe"})
    assert state.choices == (Choice("a.2024", 1.0, "high"),)
    assert state.regencies == ("5107",) and state.barriers == () and state.measures == ("lsm_koperasi",)
    assert [(p.param, p.code) for p in problems] == [
        ("ind", "unknown_indicator"), ("ind", "duplicate"), ("reg", "unknown_value"), ("kol", "unknown_value"),
        ("bar", "unknown_value"), ("mea", "unknown_value")]
    only_bad, problems = decode({"ind": "zzz,yyy"})
    assert only_bad.choices == DEFAULTS and problems[-1].code == "defaults_used"
    many = ",".join(f"a.2024~{i}" for i in range(3)) + "," + ",".join(KNOWN)
    assert len(decode({"ind": many})[0].choices) == 3


def test_the_live_catalogue_decodes_its_own_default_url():
    state = State(choices=planner.default_choices(), regencies=("5108",), barriers=("pembiayaan",),
                  measures=("lsm_koperasi",))
    back, problems = planner.state_from_params(planner.encode_state(state))
    assert back == state and problems == []


# ---- measures and exports ---------------------------------------------------------------------------

def test_measures_are_the_ngo_ones_filtered_by_barrier():
    assert {r.actor for r in planner.measure_pool()} == {"lsm"}
    assert {r.actor for r in planner.measure_pool(collab=True)} == {"lsm", "kolaborasi"}
    finance = planner.measure_options(("kur_birokrasi",))
    assert [r.id for r in finance] == ["lsm_advokasi"]
    kept = planner.measure_options(("kur_birokrasi",), chosen=("lsm_koperasi",))
    assert [r.id for r in kept] == ["lsm_koperasi", "lsm_advokasi"]  # a chosen one stays, paper order
    assert "pembiayaan" in planner.barrier_options() and "kur_agunan" not in planner.barrier_options()


def _plan(lang="id"):
    state = State(choices=planner.default_choices(), regencies=("5108", "5107"), barriers=("pembiayaan",),
                  measures=("lsm_koperasi", "lsm_proposal_pendanaan"))
    return planner.build_plan(state, lang)


def test_plan_csv_carries_the_citation_and_every_indicator_source():
    plan = _plan()
    data = plan_export.to_csv(plan)
    assert data.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert len(df) == 4  # 2 regencies x 2 measures
    assert set(df["regency"]) == {"Buleleng", "Karangasem"} and set(df["measure_id"]) == {"lsm_koperasi",
                                                                                            "lsm_proposal_pendanaan"}
    source = df["source"].iloc[0]
    assert PAPER_CITATION in source
    for line in plan.source_lines().values():
        assert line in source
    assert "Dukcapil" in source and "BeritaBali" in source and "Kabar24" in source


def test_plan_xlsx_has_every_part_and_neutralises_formulas():
    plan = _plan("en")
    wb = load_workbook(io.BytesIO(plan_export.to_xlsx(plan, url="/perencana?ind=x")))
    assert wb.sheetnames == ["Plan", "Ranking", "Indicators", "Stability", "Sources"]
    ranking = list(wb["Ranking"].values)
    assert ranking[0][:4] == ("regency_code", "regency", "rank", "tied") and len(ranking) == 1 + 9 * 4
    sources = [r[0] for r in wb["Sources"].values if r[0]]
    assert sources[0] == "NGO outreach plan" and any("modelled index" in s for s in sources)
    assert any(PAPER_CITATION in s for s in sources) and "Link: /perencana?ind=x" in sources
    assert len(list(wb["Stability"].values)) == 1 + 8
    assert plan_export._xl("=HYPERLINK(1)") == "'=HYPERLINK(1)" and plan_export._xl(2.5) == 2.5


def test_plan_markdown_reads_on_its_own():
    plan = _plan("id")
    md = plan_export.to_markdown(plan, url="/perencana?x")
    assert md.startswith("# Rencana jangkauan LSM")
    assert "indeks model" in md and "Koperasi UMKM dan simpan pinjam kelompok" in md
    assert PAPER_CITATION in md  # the paper, unescaped (our own text, DOI intact)
    for line in plan.source_lines().values():
        assert escape_md(line) in md
    assert "Buleleng" in md and "Seberapa stabil" in md
    assert md.count("| Buleleng |") == 1  # one ranking row each


def test_export_without_a_ranking_says_why():
    plan = planner.build_plan(State(choices=(Choice("population.2024", 0),)), "en")
    assert plan.error.code == "weights_zero" and plan.result is None and plan.regencies == ()
    md = plan_export.to_markdown(plan)
    assert "No ranking: The weights sum to zero" in md
    load_workbook(io.BytesIO(plan_export.to_xlsx(plan)))  # still a valid workbook
    assert plan_export.plan_rows(plan).empty


def test_map_frame_is_the_nine_regencies_with_the_modelled_index():
    plan = _plan("en")
    f = planner.map_frame(plan)
    assert list(f["regency_code"]) == CODES
    top = plan.result.top(1)[0]
    assert f.set_index("regency_code").at[top, "value_text"].endswith("(rank 1)")
    chart, table, alt_text, source = planner.index_map(plan)
    assert "modelled index" in chart.to_dict()["title"]["text"]
    assert "Top three" in alt_text and "BPS / OCHA" in source and len(table) == 9


# ---- the metadata file follows the module -------------------------------------------------------------

def test_derived_indicators_entry_follows_the_planner():
    recs = {r["id"]: r for r in yaml.safe_load((DATA_DIR / "derived_indicators.yaml").read_text(encoding="utf-8"))}
    rec = recs["planner_priority_index"]
    assert {d.metric for d in planner.DEFINITIONS} <= set(rec["builds_on"])
    assert "Σ_{k∈K_r} w_k s_kr / Σ_{k∈K_r} w_k" in rec["formula"]["symbols"]
    assert "9 decimals" in rec["formula"]["en"] and "fewer than 2 regencies" in rec["formula"]["en"]
    assert "negative weights are refused" in rec["condition"]["en"]
    assert planner.TIE_DECIMALS == 9 and planner.MIN_REGENCIES == 2
