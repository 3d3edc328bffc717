"""The planner's priority index (no catalogue, no Streamlit): normalisation, direction, missing
data, ties, weights and stability, on small frames worked by hand."""

import math

import pandas as pd
import pytest

from bali_umkm import catalog
from bali_umkm import priority_index as pi
from bali_umkm.priority_index import Choice, PlannerError, priority_index, stability

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
    assert pi.compare_top(("a", "b", "c"), ("a", "b", "c")) == "none"
    assert pi.compare_top(("a", "b", "c"), ("b", "a", "c")) == "order"
    assert pi.compare_top(("a", "b", "c"), ("a", "b", "d")) == "set"


def test_stability_of_a_clear_leader_is_stable():
    values = frame(a=[1, 2, 3, 4], b=[1, 2, 3, 4])
    s = stability(values, [Choice("a", 1), Choice("b", 2)])
    assert s.stable and len(s.runs) == 4 and s.base_top == (CODES[3], CODES[2], CODES[1])
