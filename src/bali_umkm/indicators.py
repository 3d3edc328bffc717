"""Regency indicators: one value per regency for a metric and period, and indicators derived
from two figures (per 1.000 penduduk, per km², share of the province, or any ratio).

Used by the map (charts/choropleth.py), the KUR page (KUR per UMKM, per capita, per debtor) and
the NGO planner. No Streamlit import here.

The rules, because the regency data is sparse and sources disagree:

- A *period* is a year ("2023") or, for a set of figures whose source states no year, that
  dataset ("undated:umkm_beritabali_undated"): undated figures of different sources are never
  pooled. `period_options(metric)` lists them with how many regencies each covers.
- Every result has the 9 regencies, with NaN (never 0) where the catalogue holds nothing.
- Where two sources give a regency a value for the same period, the more trusted one is shown
  (then "=" before "sekitar", then dataset id, so the choice is stable) and the note names the other.
- A derived value is computed only where its rules allow it (data/derived_indicators.yaml, applied
  by `derived.decide`, the same rule the KUR page, the planner and the briefing use): same area,
  the period the rule asks for, the same source where required, no input of low trust, no
  multi-year numerator over a one-year denominator, a share no larger than 100 %. A refused
  value is NaN with `refused` (the reason's code) and `reason_text`, so a map draws it as "tidak
  dapat dihitung", apart from "tidak ada data".
- A value written as a bound ("lebih dari") is divided only by an exact denominator.

Why one module of about 450 lines: the periods on offer, the choice of a denominator and the words
for the result's unit are one rule set, used alike by the map, the KUR page and the planner.

    >>> df = regency_values("umkm_total", "2020", "per_1000", lang="id")
    >>> list(df.columns)[:6]
    ['regency_code', 'regency', 'metric', 'value', 'unit', 'qualifier']
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from . import catalog, derived
from .cache import cached
from .i18n import fmt_idr, fmt_number, fmt_percent, fmt_value, norm_lang, qualifier_words, t, unit_word

TRUST_RANK = derived.TRUST_RANK
QUALIFIER_RANK = derived.QUALIFIER_RANK
OLD_AFTER_YEARS = 3  # data older than this many years before the reference year is called old
UNDATED_PREFIX = "undated:"

COLUMNS = ["regency_code", "regency", "metric", "value", "unit", "qualifier", "dataset", "year", "period",
           "trust", "note", "base_value", "base_unit", "base_qualifier", "denom_metric", "denom_value",
           "denom_unit", "denom_dataset", "denom_year", "denom_period", "factor", "same_period", "same_source",
           "refused", "reason_text", "reason_short"]


# A derived indicator is a registry entry (data/derived_indicators.yaml, read by `derived`): its
# rules decide, for every page alike, whether a value may be computed.
Ratio = derived.Indicator

# The derivations the map offers for any metric, and the named ones of the KUR page and planner.
DERIVED: dict[str, Ratio] = {k: derived.by_key(k) for k in ("per_1000", "per_capita", "per_km2", "share_of_province")}
KUR_PER_CAPITA = derived.by_key("kur_per_capita")
KUR_PER_UMKM = derived.by_key("kur_per_umkm")
AVERAGE_LOAN = derived.by_key("average_loan_per_debtor")
MICRO_SHARE = derived.by_key("micro_share")

# The order metrics are offered in (others follow alphabetically).
METRIC_ORDER = ("umkm_total", "umkm_affected_covid19", "businesses_non_agri", "kur_disbursed_value",
                "kur_debtors", "population_total", "land_area")


@dataclass(frozen=True)
class PeriodOption:
    key: str                 # "2023", "2017:jan-sep-2017" or "undated:<dataset>"
    year: int | None
    period: str              # the period as the sources write it ("" = the year)
    datasets: tuple[str, ...]
    n_regencies: int
    trust: str               # the lowest trust among its figures

    @property
    def undated(self) -> bool:
        return self.year is None

    def label(self, lang: str = "id") -> str:
        n = t("indicators.n_regencies", lang, n=self.n_regencies)
        if self.undated:
            return f"{t('common.undated', lang)} · {catalog.dataset(self.datasets[0]).text('producer', lang)} ({n})"
        return f"{self.year} · {catalog.period_label(self.period, lang)} ({n})" if self.period else f"{self.year} ({n})"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _regency_rows(metric: str, category: str = "") -> pd.DataFrame:
    df = catalog.metric_rows(metric, category)
    return df[df["regency_code"].isin(catalog.REGENCY_CODES)]


def worst_trust(levels) -> str:
    levels = [x for x in levels if x]
    return max(levels, key=lambda x: TRUST_RANK.get(x, 3)) if levels else ""


@cached(copy=list)
def map_metrics() -> list[str]:
    """Metrics with at least one regency value (total, not a category), in the offered order."""
    df = catalog.figures()
    have = set(df[(df["category"] == "") & df["regency_code"].isin(catalog.REGENCY_CODES)]["metric"])
    first = [m for m in METRIC_ORDER if m in have]
    return first + sorted(have - set(first))


@cached(copy=list)  # every map, picker and planner candidate asks
def period_options(metric: str, category: str = "") -> list[PeriodOption]:
    """The periods with regency values for `metric`: years newest first, then undated sets.

    Figures of one year but different stated periods ("Jan-Sep 2017", "up to Apr 2017") are
    different options: a flow over four months is not comparable with one over nine.
    category: a part of the metric ("scale=mikro", "status=ecommerce"; "" = the total).
    """
    rows = _regency_rows(metric, category)
    out = []
    dated = rows[rows["year"].notna()]
    groups_per_year = dated.groupby("year")["period"].nunique()
    for (year, period), grp in dated.groupby(["year", "period"]):
        alone = groups_per_year[year] == 1
        key = str(int(year)) if alone or not period else f"{int(year)}:{_slug(period)[:24]}"
        out.append(PeriodOption(key, int(year), period, tuple(sorted(set(grp["dataset"]))),
                                grp["regency_code"].nunique(), worst_trust(grp["trust"])))
    for ds, grp in rows[rows["year"].isna()].groupby("dataset"):
        out.append(PeriodOption(UNDATED_PREFIX + ds, None, grp["period"].iloc[0], (ds,),
                                grp["regency_code"].nunique(), worst_trust(grp["trust"])))
    return sorted(out, key=lambda o: (o.undated, -(o.year or 0), -o.n_regencies, o.key))


def trustworthy(option: PeriodOption) -> bool:
    """Whether a view may open on this period: dated, and none of its figures of low trust."""
    return not option.undated and option.trust != "low"


def default_period(metric: str, category: str = "") -> PeriodOption | None:
    """The period a view opens on: a dated one of medium or high trust first (an undated or
    low-trust set, however complete, only when there is nothing else), then the one covering
    most regencies, the newest, the more trusted."""
    options = period_options(metric, category)
    if not options:
        return None
    return min(options, key=lambda o: (not trustworthy(o), -o.n_regencies, o.undated, -(o.year or 0),
                                       TRUST_RANK.get(o.trust, 3), o.key))


def find_period(metric: str, key: str | None, category: str = "") -> PeriodOption | None:
    """The option with this key, or the default when the key is missing or unknown."""
    for option in period_options(metric, category):
        if option.key == key:
            return option
    return default_period(metric, category)


def derivations(metric: str) -> list[str]:
    """The keys of DERIVED that make sense for this metric."""
    meta = catalog.metrics().get(metric, {})
    unit = meta.get("unit")
    out = []
    if not meta.get("additive"):
        return out
    if unit in ("units", "debtors", "accounts"):
        out.append("per_1000")
    if unit == "IDR":
        out.append("per_capita")
    if unit in ("units", "debtors", "accounts", "persons", "IDR") and metric != "land_area":
        out.append("per_km2")
    if (catalog.metric_rows(metric)["regency_code"] == catalog.PROVINCE).any():
        out.append("share_of_province")
    return out


def as_ratio(derived: str | Ratio | None) -> Ratio | None:
    if derived is None or isinstance(derived, Ratio):
        return derived
    try:
        return DERIVED[derived]
    except KeyError:
        raise KeyError(f"unknown derived indicator {derived!r}; known: {', '.join(DERIVED)}") from None


rank_by_trust = derived.rank_by_trust


def _period_rows(metric: str, option: PeriodOption, category: str = "") -> pd.DataFrame:
    rows = _regency_rows(metric, category)
    if option.undated:
        return rows[rows["year"].isna() & (rows["dataset"] == option.datasets[0])]
    return rows[(rows["year"] == option.year) & (rows["period"] == option.period)]


def year_text(year, lang: str) -> str:
    return t("common.undated", lang) if year is None or pd.isna(year) else str(int(year))


@cached(maxsize=512)
def _ranked(metric: str, option: PeriodOption, category: str = "") -> tuple[pd.DataFrame, dict[str, list[int]]]:
    """The period's regency figures, the preferred first (`rank_by_trust`), and each regency's
    positions among them (shared: callers read them, never change them)."""
    rows = rank_by_trust(_period_rows(metric, option, category))
    return rows, catalog.positions_by(rows, "regency_code")


def _base_values(metric: str, option: PeriodOption, lang: str, category: str = "") -> pd.DataFrame:
    rows, by_regency = _ranked(metric, option, category)
    figures = catalog.records(rows)
    unit = catalog.metrics().get(metric, {}).get("unit", "")
    records = []
    for code in catalog.REGENCY_CODES:
        rec = {c: None for c in COLUMNS}
        rec.update(regency_code=code, regency=catalog.regency_name(code, lang), metric=metric, value=math.nan,
                   unit=unit, qualifier="", dataset="", year=option.year, period="", trust="",
                   note="", same_period=True, same_source=True)
        if code in by_regency:
            first, *others = (figures[p] for p in by_regency[code])
            notes = [t("indicators.note_other_source", lang,
                       value=fmt_value(o["value"], o["unit"], lang, o["qualifier"]),
                       source=catalog.dataset(o["dataset"]).text("producer", lang))
                     for o in others]
            rec.update(value=float(first["value"]), unit=first["unit"], qualifier=first["qualifier"],
                       dataset=first["dataset"], year=None if pd.isna(first["year"]) else int(first["year"]),
                       period=first["period"], trust=first["trust"], note="; ".join(notes))
        records.append(rec)
    return pd.DataFrame(records, columns=COLUMNS)


def regency_values(metric: str, period: str | PeriodOption | None = None,
                   derived: str | Ratio | None = None, *, lang: str = "id", category: str = "",
                   denominator_period: str | PeriodOption | None = None) -> pd.DataFrame:
    """One row per regency (all 9, in BPS order) for `metric` in `period` (a PeriodOption, its
    key, or None for `default_period`), optionally `derived` (a DERIVED key or a Ratio).

    category: a part of the metric as the numerator ("scale=mikro"; "" = the total); a Ratio's
    denominator is always its metric's total. denominator_period: the denominator's period (a
    PeriodOption of the denominator metric, or its key) instead of the automatic choice, e.g.
    to keep a ratio to parts of the same period (the planner's KUR per UMKM).

    Columns: regency_code, regency, value (NaN where missing, never 0), unit, qualifier,
    dataset, year, period, trust (the lower of numerator's and denominator's), note (localised:
    other sources, different periods or sources of the parts); for derived values also
    base_value/base_unit/base_qualifier (the numerator), denom_metric, denom_value, denom_unit,
    denom_dataset, denom_year, denom_period, same_period, same_source.
    category: "" (the total) or one category of the metric (e.g. "status=ecommerce"); derived
    values are computed for totals only.
    """
    lang = norm_lang(lang)
    option = period if isinstance(period, PeriodOption) else find_period(metric, period, category)
    if option is None:
        out = pd.DataFrame([{**{c: None for c in COLUMNS}, "regency_code": code, "metric": metric,
                             "regency": catalog.regency_name(code, lang), "value": math.nan}
                            for code in catalog.REGENCY_CODES], columns=COLUMNS)
        out["value"] = out["value"].astype(float)
        return out
    base = _base_values(metric, option, lang, category)
    ratio = as_ratio(derived)
    if ratio is None:
        return base
    den_option = denominator_period
    if isinstance(den_option, str):
        if ratio.denominator is None:
            raise ValueError("denominator_period needs a ratio with a denominator metric")
        den_option = next((o for o in period_options(ratio.denominator) if o.key == den_option), None)
        if den_option is None:
            raise KeyError(f"no period {denominator_period!r} for {ratio.denominator}")
    return _derive(base, metric, option, ratio, lang, category, den_option)


def _pool(ratio: Ratio, metric: str, category: str, den_option: PeriodOption | None) -> pd.DataFrame:
    """Every figure the ratio may divide by (all areas, periods and sources): the denominator
    metric's totals, or for a share the same metric and category; only `den_option`'s if given."""
    if ratio.denominator is None:
        df = catalog.metric_rows(metric, category)
        return df[df["regency_code"] == catalog.PROVINCE]
    rows = catalog.metric_rows(ratio.denominator)
    if den_option is not None:
        rows = rows[rows["year"].isna() & rows["dataset"].isin(den_option.datasets) if den_option.undated
                    else (rows["year"] == den_option.year) & (rows["period"] == den_option.period)]
    return rows


def _derive(base: pd.DataFrame, metric: str, option: PeriodOption, ratio: Ratio, lang: str,
            category: str = "", den_option: PeriodOption | None = None) -> pd.DataFrame:
    """Each regency's value under the ratio's rules (`derived.decide`): computed, or NaN with the
    reason in `refused` (its code) and `reason_text` ("tidak dapat dihitung: ...").

    Built a row at a time in plain records and made a table once: a cell write into a DataFrame
    costs as much as the rule itself."""
    out = base.copy()
    out["base_value"], out["base_unit"], out["base_qualifier"] = base["value"], base["unit"], base["qualifier"]
    out["unit"] = ratio.unit
    out["denom_metric"] = ratio.denominator or metric
    out["factor"] = ratio.factor
    pool = _pool(ratio, metric, category, den_option)
    pools = catalog.positions_by(pool, "regency_code") if ratio.denominator else {}
    figs = catalog.figures()
    ranked, by_regency = _ranked(metric, option, category)
    ranked_datasets = ranked["dataset"].tolist()
    den_label = catalog.metric_label(ratio.denominator or metric, lang)
    if ratio.denominator is None:
        den_label = f"{den_label} ({t('common.province', lang)})"
    rows = base.to_dict("records")
    cols: dict[str, list] = {c: [r[c] for r in rows] for c in ("value", "qualifier", "note", "trust", "same_period",
                                                               "same_source", "denom_value", "denom_unit",
                                                               "denom_dataset", "denom_year", "denom_period")}
    cols.update(refused=[""] * len(rows), reason_text=[""] * len(rows), reason_short=[""] * len(rows))
    for i, row in enumerate(rows):
        notes = [row["note"]] if row["note"] else []
        if pd.isna(row["value"]):
            cols["value"][i] = math.nan
            continue
        position = next(p for p in by_regency[row["regency_code"]] if ranked_datasets[p] == row["dataset"])
        numerator = ranked.iloc[position]
        mine = pool if ratio.denominator is None else pool.iloc[pools.get(row["regency_code"], [])]
        decision = derived.decide(ratio, numerator, mine, figs)
        if decision.refused:
            refusal = derived.computed(ratio, numerator, decision, ratio.denominator or metric)
            cols["value"][i] = math.nan
            cols["qualifier"][i] = ""
            cols["refused"][i] = decision.reason
            cols["reason_text"][i] = refusal.reason_text(lang)
            cols["reason_short"][i] = refusal.short_reason(lang)
            cols["note"][i] = "; ".join([*notes, f"{t('indicators.refused', lang)}: {refusal.short_reason(lang)}"])
            continue
        den = decision.den
        den_year = None if pd.isna(den["year"]) else int(den["year"])
        same_period = derived.same_period(numerator, den) or (den_year is not None and den_year == row["year"])
        same_source = den["dataset"] == row["dataset"]
        if not same_period:
            notes.append(t("indicators.note_other_period", lang, what=den_label,
                           period=year_text(den_year, lang)))
        if den.get("note") == "sum_of_regencies":
            notes.append(t("indicators.note_sum_of_regencies", lang, what=den_label))
        cols["value"][i] = decision.value
        cols["qualifier"][i] = decision.qualifier
        cols["denom_value"][i] = float(den["value"])
        cols["denom_unit"][i] = den["unit"]
        cols["denom_dataset"][i] = den["dataset"]
        cols["denom_year"][i] = den_year
        cols["denom_period"][i] = den["period"]
        cols["same_period"][i] = bool(same_period)
        cols["same_source"][i] = bool(same_source)
        cols["trust"][i] = worst_trust([row["trust"], den["trust"]])
        cols["note"][i] = "; ".join(notes)
    for col, values in cols.items():
        out[col] = pd.Series(values, index=out.index, dtype=out[col].dtype if col in out else None)
    out["value"] = out["value"].astype(float)
    return out


# --- words and numbers -------------------------------------------------------------------------

def unit_label(unit: str, lang: str = "id", derived: bool = True) -> str:
    """The unit as people read it: "unit usaha", "per 1.000 penduduk", "Rp per penduduk", "%".

    derived=True reads a derived value's unit ("percent" of share_of_province: "% dari
    provinsi"); derived=False a stored figure's own unit ("percent": "%").
    """
    lang = norm_lang(lang)
    if not derived:
        return unit_word(unit, lang)
    key = f"indicators.unit_{unit}"
    try:
        return t(key, lang)
    except KeyError:
        return unit_word(unit, lang)


def format_value(value: float, unit: str, lang: str = "id", qualifier: str = "=") -> str:
    """A value (base or derived) in words: '439.382', '61,3', 'Rp1,2 juta', '12,4%'; '–' if missing."""
    lang = norm_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.no_data", lang)
    prefix = qualifier_words(qualifier, lang)
    if unit == "IDR_per_person" or unit.startswith("IDR_per"):
        body = fmt_idr(value, lang, decimals=0) if abs(value) < 10**6 else fmt_idr(value, lang)
    elif unit == "percent":
        body = fmt_percent(value, lang, decimals=1 if abs(value) >= 0.1 else 2)
    elif unit in DERIVED_UNITS:
        body = fmt_number(value, lang, decimals=1 if abs(value) < 1000 else 0)
    else:
        return fmt_value(value, unit, lang, qualifier or "=")
    return prefix + body


DERIVED_UNITS = {r.unit for r in DERIVED.values()} | {"per_debtor", "per_unit"}


def vega_format(unit: str) -> str:
    """The d3 format of a unit for axes and legends (the locale gives the separators)."""
    if unit == "percent":
        return ",.1~f"
    if unit in DERIVED_UNITS and not unit.startswith("IDR"):
        return ",.1~f"
    if unit == "km2":
        return ",.0f"
    return ",.0f"


def indicator_title(metric: str, derived: str | Ratio | None, lang: str = "id") -> str:
    label = catalog.metric_label(metric, lang)
    ratio = as_ratio(derived)
    return f"{label} {ratio.label_in(lang)}" if ratio else label


def category_label(category: str, lang: str = "id") -> str:
    """'scale=mikro;sector=perdagangan' -> 'mikro, perdagangan' ('' -> 'total')."""
    if not category:
        return t("indicators.category_total", lang)
    parts = []
    for part in category.split(";"):
        _dim, _, value = part.partition("=")
        key = f"indicators.cat_{value}"
        try:
            parts.append(t(key, lang))
        except KeyError:
            parts.append(value.replace("_", " "))
    return ", ".join(parts)
