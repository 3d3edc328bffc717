"""The planner's priority index: a modelled ranking of the regencies from weighted indicators.

Pure arithmetic on a table of values (regency x indicator); no catalogue, no Streamlit.
`views.planner` feeds it the indicators a reader chose (`planner_indicators`) and shows the result.
data/derived_indicators.yaml `planner_priority_index` describes the same computation and must
follow this module:

- each chosen indicator k is min–max normalised over the regencies that have a value for it:
  s_kr = (x_kr − min_k) / (max_k − min_k), in [0, 1]; when a *low* value means more need the score
  is reversed: s_kr = 1 − that;
- an indicator with fewer than 2 regency values, or the same value everywhere (max_k = min_k),
  cannot tell regencies apart: it is left out of every score and the page says so;
- I_r = Σ_{k∈K_r} w_k s_kr / Σ_{k∈K_r} w_k, where K_r are the usable indicators that have a value
  for regency r. A missing value is never filled in: the indicator is left out of that regency's
  score (the remaining weights are renormalised), and the regency is flagged with what is missing
  and the share of the weight its score rests on. A regency with no usable value is not ranked;
- weights are numbers ≥ 0; a negative or non-finite weight is refused, and weights that sum to
  zero are refused (`PlannerError`, with its message in Indonesian and English);
- ties: indices equal to 9 decimals share a rank (1, 2, 2, 4) and are listed in BPS code order,
  so the order never depends on floating-point noise or on the order indicators were chosen.

Stability (`stability`): every single weight is moved by −20 % and +20 % in turn (2 × n runs), and
each run's top three is compared with the base one: unchanged, same set in another order, or a
different set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from .catalog import REGENCY_CODES
from .i18n import fmt_number, t

DIRECTIONS = ("high", "low")
TOP_N = 3
STEP = 0.2
TIE_DECIMALS = 9
MIN_REGENCIES = 2


class PlannerError(ValueError):
    """The index cannot be computed for the reason `code`; `message(lang)` says why."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(f"{self.message('id')} / {self.message('en')}")

    def message(self, lang: str = "id") -> str:
        return t(f"priority_index.error_{self.code}", lang, **self.params)


@dataclass(frozen=True)
class Choice:
    """A chosen indicator: its id, weight (≥ 0) and which way means more need."""

    id: str
    weight: float = 1.0
    direction: str = "high"


@dataclass
class Result:
    """The ranking. `ranking`: one row per regency, ranked first (by index, then BPS code), the
    unranked after: regency_code, rank (Int64, shared by ties), index, tied, weight_used (share of
    the usable weight the score rests on), missing (ids of weighted usable indicators without a
    value), flagged. `scores`: normalised scores (direction applied) by regency × indicator id,
    NaN where missing. `excluded`: indicator id -> reason (too_few | constant)."""

    ranking: pd.DataFrame
    scores: pd.DataFrame
    excluded: dict[str, str]
    choices: tuple[Choice, ...]

    def top(self, n: int = TOP_N) -> tuple[str, ...]:
        ranked = self.ranking[self.ranking["rank"].notna()]
        return tuple(ranked["regency_code"].head(n))


def _check(choices: Sequence[Choice]) -> tuple[Choice, ...]:
    choices = tuple(choices)
    if not choices:
        raise PlannerError("no_indicators")
    ids = [c.id for c in choices]
    if len(set(ids)) != len(ids):
        raise PlannerError("duplicate", ids=", ".join(sorted({i for i in ids if ids.count(i) > 1})))
    for c in choices:
        if c.direction not in DIRECTIONS:
            raise PlannerError("bad_direction", value=c.direction)
        if not isinstance(c.weight, (int, float)) or not math.isfinite(c.weight):
            raise PlannerError("bad_weight", value=c.weight)
        if c.weight < 0:
            raise PlannerError("negative_weight", value=fmt_number(c.weight, "en"))
    if sum(c.weight for c in choices) <= 0:
        raise PlannerError("weights_zero")
    return choices


def normalise(column: pd.Series, direction: str = "high") -> pd.Series | None:
    """Min–max scores in [0, 1] over the non-missing values (reversed for direction "low");
    None when fewer than 2 values or all equal (the indicator cannot tell regencies apart)."""
    have = column.dropna().astype(float)
    if len(have) < MIN_REGENCIES:
        return None
    lo, hi = have.min(), have.max()
    if hi - lo <= abs(hi) * 1e-12 or hi == lo:
        return None
    score = (column.astype(float) - lo) / (hi - lo)
    return 1.0 - score if direction == "low" else score


def priority_index(values: pd.DataFrame, choices: Sequence[Choice]) -> Result:
    """The modelled priority index (see the module doc) of the rows of `values` (indexed by BPS
    code; one column per chosen indicator id, NaN = no value)."""
    choices = _check(choices)
    missing_cols = [c.id for c in choices if c.id not in values.columns]
    if missing_cols:
        raise PlannerError("unknown_indicator", ids=", ".join(missing_cols))
    codes = list(values.index)
    scores = pd.DataFrame(index=values.index, columns=[c.id for c in choices], dtype=float)
    excluded: dict[str, str] = {}
    for c in choices:
        s = normalise(values[c.id], c.direction)
        if s is None:
            excluded[c.id] = "too_few" if values[c.id].notna().sum() < MIN_REGENCIES else "constant"
            continue
        scores[c.id] = s
    usable = [c for c in choices if c.id not in excluded and c.weight > 0]
    total = sum(c.weight for c in usable)
    if total <= 0:
        raise PlannerError("nothing_to_rank")
    rows = []
    for code in codes:
        num = den = 0.0
        missing = []
        for c in usable:
            s = scores.at[code, c.id]
            if pd.isna(s):
                missing.append(c.id)
                continue
            num += c.weight * float(s)
            den += c.weight
        index = num / den if den > 0 else math.nan
        rows.append({"regency_code": code, "index": index, "weight_used": den / total,
                     "missing": tuple(missing), "flagged": bool(missing)})
    ranking = pd.DataFrame(rows)
    order = {code: i for i, code in enumerate(REGENCY_CODES)}
    ranking["_key"] = ranking["index"].round(TIE_DECIMALS)
    ranking["_bps"] = ranking["regency_code"].map(lambda c: order.get(c, len(order)))
    ranking = ranking.sort_values(["_key", "_bps"], ascending=[False, True], na_position="last", kind="stable")
    ranked = ranking["_key"].notna()
    ranking["rank"] = pd.array([pd.NA] * len(ranking), dtype="Int64")
    ranking.loc[ranked, "rank"] = ranking.loc[ranked, "_key"].rank(method="min", ascending=False).astype(int)
    counts = ranking.loc[ranked, "_key"].value_counts()
    ranking["tied"] = ranking["_key"].map(lambda k: bool(pd.notna(k) and counts.get(k, 0) > 1))
    ranking = ranking.drop(columns=["_key", "_bps"]).reset_index(drop=True)
    ranking = ranking[["regency_code", "rank", "index", "tied", "weight_used", "missing", "flagged"]]
    return Result(ranking=ranking, scores=scores, excluded=excluded, choices=choices)


# --- stability ---------------------------------------------------------------------------------

CHANGE_NONE, CHANGE_ORDER, CHANGE_SET = "none", "order", "set"


@dataclass(frozen=True)
class Perturbation:
    id: str
    factor: float            # 0.8 or 1.2
    weight: float            # the weight used
    top: tuple[str, ...]
    change: str              # none | order | set


@dataclass
class Stability:
    base_top: tuple[str, ...]
    runs: list[Perturbation] = field(default_factory=list)

    @property
    def stable(self) -> bool:
        return all(r.change == CHANGE_NONE for r in self.runs)

    def changed(self) -> list[Perturbation]:
        return [r for r in self.runs if r.change != CHANGE_NONE]


def compare_top(base: Sequence[str], other: Sequence[str]) -> str:
    if tuple(base) == tuple(other):
        return CHANGE_NONE
    return CHANGE_ORDER if set(base) == set(other) else CHANGE_SET


def stability(values: pd.DataFrame, choices: Sequence[Choice], step: float = STEP, n: int = TOP_N) -> Stability:
    """Move each weight alone by −step and +step (2 × len(choices) runs) and compare each run's
    top n with the base ranking's: none (same regencies, same order), order, or set."""
    choices = _check(choices)
    base = priority_index(values, choices).top(n)
    out = Stability(base_top=base)
    for i, c in enumerate(choices):
        for factor in (1 - step, 1 + step):
            moved = list(choices)
            moved[i] = replace(c, weight=c.weight * factor)
            try:
                top = priority_index(values, moved).top(n)
            except PlannerError:
                top = ()
            out.runs.append(Perturbation(c.id, factor, c.weight * factor, top, compare_top(base, top)))
    return out
