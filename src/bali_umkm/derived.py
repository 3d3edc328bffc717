"""The registry of derived indicators and the one rule that says whether one may be computed.

data/derived_indicators.yaml is the single source: each entry names the indicator (`id`, the
short `key` pages and URLs use), its formula, numerator metrics, denominator metric (none: the
same metric for the province), factor, unit, an upper bound (`max`, a share ≤ 100 %) and its
`rules`. `registry()` reads it; `decide(indicator, numerator, pool)` applies the rules to one
numerator figure and the denominator figures there are for its area, and returns a `Decision`:
the denominator used and the value, or the reason it is refused ("tidak dapat dihitung").

The map (indicators.regency_values), the KUR page (kur.derive), the planner (through
indicators) and the briefing (through both) ask only this module, so a figure refused on one
page is refused on every page, map, plan and deck. The reasons, in the order checked:

- low_trust: the numerator is of low trust (its period or scope is unclear);
- undated: no year, so nothing of the same period to divide by (rules.dated);
- multi_year: the numerator covers several years (rules.single_year);
- no_denominator / no_debtors: nothing to divide by for the area at all;
- no_same_source (no_same_source_elsewhere: the same period exists from another source):
  rules.same_source and the source gives no denominator of the same period;
- no_same_year: rules.period "year" and no denominator of the numerator's year (`available`
  says which years there are);
- low_trust_denominator: every qualifying denominator is of low trust;
- bounds: a bound ("lebih dari") cannot be divided by this denominator (bounds.divide);
- above_max: the result exceeds the indicator's bound (a share above 100 %: numerator and
  denominator do not count the same things).

No Streamlit here.

    >>> registry()["kur_per_capita"].rules.period
    'year'
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from . import catalog
from .bounds import Computed, divide, part_of
from .i18n import t
from .paths import DATA_DIR, read_yaml

REGISTRY_FILE = DATA_DIR / "derived_indicators.yaml"
PERIOD_RULES = ("same", "year", "any")
TRUST_RANK = {"high": 0, "medium": 1, "low": 2, "": 3}
QUALIFIER_RANK = {"=": 0, "~": 1, ">": 2, "<": 2}
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class Rules:
    """When a derived indicator may be computed (data/derived_indicators.yaml `rules`).

    period: "same" (same year and stated period), "year" (same reference year) or "any" (the
    stated exception: land area, whose boundaries did not change); same_source: numerator and
    denominator from one dataset; same_category: the denominator of the numerator's own
    scheme/scale (else the total); totals_only: defined for a total only; dated: the numerator
    must have a year; single_year: not cumulative over several years; no_low_trust: no input of
    low trust; sum_of_regencies: for a share of the province, the source's 9 regencies summed
    stand in for a province total it does not state.
    """

    period: str = "year"
    same_source: bool = False
    same_category: bool = False
    totals_only: bool = True
    dated: bool = True
    single_year: bool = True
    no_low_trust: bool = True
    sum_of_regencies: bool = False


@dataclass(frozen=True)
class Indicator:
    """A derived indicator: numerator / denominator × factor, under `rules`.

    key: the name pages and URLs use (locales/*/indicators.yaml `derived_<key>` is its words);
    denominator: a metric, or None for the same metric of the province (a share of it);
    unit: the result's unit code; maximum: the largest value it can take (None: unbounded).
    """

    key: str
    denominator: str | None
    factor: float
    unit: str
    id: str = ""
    numerators: tuple[str, ...] = ()
    rules: Rules = field(default_factory=Rules)
    maximum: float | None = None

    def label_in(self, lang: str) -> str:
        return t(f"indicators.derived_{self.key}", lang)


@dataclass(frozen=True)
class Decision:
    """What `decide` found: `den` the denominator figure used (or the one refused over), `value`
    and `qualifier` (NaN and "" when refused), `reason` ("" when computed) with `args` for its
    words (bounds.yaml `reason_<reason>`), `others` the other qualifying denominators' ids."""

    value: float
    qualifier: str
    den: pd.Series | None = None
    reason: str = ""
    args: dict = field(default_factory=dict)
    others: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.reason)


@functools.cache
def registry() -> dict[str, Indicator]:
    """Every derived indicator of data/derived_indicators.yaml that a page computes, by id."""
    out = {}
    for rec in read_yaml(REGISTRY_FILE):
        if "key" not in rec:  # described only (the planner's index is computed by priority_index)
            continue
        rules = Rules(**rec.get("rules", {}))
        if rules.period not in PERIOD_RULES:
            raise ValueError(f"{rec['id']}: rules.period must be one of {PERIOD_RULES}")
        den = rec.get("denominator") or [None]
        out[rec["id"]] = Indicator(
            key=rec["key"], denominator=None if rec.get("share_of_same_metric") else den[0],
            factor=float(rec.get("factor", 1)), unit=rec["unit"]["code"], id=rec["id"],
            numerators=tuple(rec.get("numerator", ())), rules=rules,
            maximum=None if rec.get("max") is None else float(rec["max"]))
    return out


def by_key(key: str) -> Indicator:
    """The indicator pages call `key` ("per_1000", "kur_per_umkm")."""
    for ind in registry().values():
        if ind.key == key:
            return ind
    raise KeyError(f"unknown derived indicator {key!r}; known: {', '.join(i.key for i in registry().values())}")


def rank_by_trust(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order a figure is preferred: more trusted, then "=" before "sekitar" and bounds,
    then dataset and id (so the choice is stable)."""
    if len(df) < 2:
        return df
    keys = [(TRUST_RANK.get(t, 3), QUALIFIER_RANK.get(q, 3), str(d), str(i))
            for t, q, d, i in zip(df["trust"], df["qualifier"], df["dataset"], df["id"], strict=True)]
    # a sort of plain tuples: these frames have a handful of rows, where sort_values costs ms
    return df.iloc[sorted(range(len(keys)), key=keys.__getitem__)]


def _year(row: pd.Series) -> int | None:
    return None if pd.isna(row["year"]) else int(row["year"])


def same_period(a: pd.Series, b: pd.Series) -> bool:
    """Same year and the same stated period (both undated counts as the same)."""
    return _year(a) == _year(b) and a["period"] == b["period"]


def _available(rows: pd.DataFrame) -> list[tuple[int | None, str]]:
    """(year, dataset) of each denominator figure there is, newest first."""
    pairs = {(None if pd.isna(y) else int(y), d) for y, d in zip(rows["year"], rows["dataset"], strict=True)}
    return sorted(pairs, key=lambda p: (p[0] is None, -(p[0] or 0), p[1]))


def multi_year(row: pd.Series) -> bool:
    """Whether a figure's stated period names a year other than its own (cumulative over years)."""
    year = _year(row)
    return year is not None and bool({int(y) for y in _YEAR.findall(row["period"] or "")} - {year})


def _period_ok(rule: str, num: pd.Series, den: pd.Series) -> bool:
    if rule == "any":
        return True
    if rule == "year":
        return _year(num) is not None and _year(num) == _year(den)
    return same_period(num, den)


def regencies_sum(numerator: pd.Series, figures: pd.DataFrame) -> pd.Series | None:
    """The numerator's own source's 9 regencies of the same metric, category and period summed,
    as a province row (None unless all nine are there and none is a bound)."""
    rows = figures[(figures["dataset"] == numerator["dataset"]) & (figures["metric"] == numerator["metric"])
                   & (figures["category"] == numerator["category"])
                   & figures["regency_code"].isin(catalog.REGENCY_CODES)]
    rows = rows[[same_period(numerator, r) for _, r in rows.iterrows()]] if not rows.empty else rows
    if rows["regency_code"].nunique() != len(catalog.REGENCY_CODES) or rows["qualifier"].isin([">", "<"]).any():
        return None
    first = rows.iloc[0].copy()
    first["id"] = f"sum:{numerator['dataset']}:{numerator['metric']}"
    first["regency_code"] = catalog.PROVINCE
    first["value"] = float(rows.drop_duplicates("regency_code")["value"].sum())
    first["qualifier"] = "~" if (rows["qualifier"] == "~").any() else "="
    first["trust"] = max(rows["trust"], key=lambda x: TRUST_RANK.get(x, 3))
    first["note"] = "sum_of_regencies"
    return first


def decide(indicator: Indicator, numerator: pd.Series, pool: pd.DataFrame,
           figures: pd.DataFrame | None = None, no_denominator: str = "no_denominator") -> Decision:
    """Whether `indicator` may be computed from `numerator` (a catalogue row) over one of `pool`
    (the denominator rows of its area, metric and category, any period and source), and the value.

    figures: the catalogue the rows come from (for sum_of_regencies); no_denominator: the
    reason's name when `pool` is empty ("no_debtors" for the average loan).
    """
    rules = indicator.rules
    args = {"area": numerator["regency_code"], "dataset": numerator["dataset"], "period": numerator["period"],
            "year": _year(numerator), "numerator": numerator["id"]}

    def refuse(reason: str, den: pd.Series | None = None, **extra) -> Decision:
        return Decision(math.nan, "", den, reason, {**args, **extra})

    if rules.no_low_trust and numerator["trust"] == "low":
        return refuse("low_trust")
    if rules.dated and _year(numerator) is None:
        return refuse("undated")
    if rules.single_year and multi_year(numerator):
        return refuse("multi_year")
    if rules.same_source:
        own = pool[pool["dataset"] == numerator["dataset"]]
        cands = own[[_period_ok(rules.period, numerator, r) for _, r in own.iterrows()]] if not own.empty else own
        if cands.empty and rules.sum_of_regencies and indicator.denominator is None:
            total = regencies_sum(numerator, catalog.figures() if figures is None else figures)
            if total is not None:
                cands = total.to_frame().T
        if cands.empty:
            if pool.empty:
                return refuse(no_denominator)
            # the same year from another source: said, so a reader knows why it is not used
            elsewhere = pool[[_year(r) is not None and _year(r) == _year(numerator) for _, r in pool.iterrows()]]
            if elsewhere.empty:
                return refuse("no_same_source", available=_available(pool))
            return refuse("no_same_source_elsewhere", elsewhere=list(dict.fromkeys(elsewhere["dataset"])))
    else:
        cands = pool[[_period_ok(rules.period, numerator, r) for _, r in pool.iterrows()]] if not pool.empty else pool
        if cands.empty:
            return refuse("no_same_year" if not pool.empty else no_denominator, available=_available(pool))
    trusted = cands[cands["trust"] != "low"] if rules.no_low_trust else cands
    if trusted.empty:
        return refuse("low_trust_denominator", cands.iloc[0])
    ranked = rank_by_trust(trusted)
    own = ranked[ranked["dataset"] == numerator["dataset"]]
    den = (own if not own.empty else ranked).iloc[0]
    value, qualifier = divide(float(numerator["value"]), numerator["qualifier"], float(den["value"]),
                              den["qualifier"], indicator.factor)
    if math.isnan(value):
        return refuse("bounds", den)
    if indicator.maximum is not None and value > indicator.maximum + 1e-9 and qualifier != "<":
        return refuse("above_max", den, value=value, maximum=indicator.maximum)
    others = tuple(r["id"] for _, r in ranked.iterrows() if r["id"] != den["id"])
    return Decision(value, qualifier, den, "", args, others)


def computed(indicator: Indicator, numerator: pd.Series, decision: Decision,
             den_metric: str | None = None) -> Computed:
    """The decision as a `bounds.Computed` (its formula, or its reason in words)."""
    rows = [numerator] if decision.den is None else [numerator, decision.den]
    args = {**decision.args, "den_metric": den_metric or indicator.denominator or numerator["metric"]}
    if not decision.refused:
        args["others"] = list(decision.others)
    return Computed(key=indicator.key, op="ratio", inputs=tuple(r["id"] for r in rows), value=decision.value,
                    unit=indicator.unit, qualifier=decision.qualifier, factor=indicator.factor,
                    reason=decision.reason, reason_args=args, area=numerator["regency_code"],
                    parts=tuple(part_of(r) for r in rows), sources=tuple(r["dataset"] for r in rows))
