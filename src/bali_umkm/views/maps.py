"""The regency map of any indicator, as every page shows it, and the choice of what it shows.

`map_view(metric, period, derived, lang=...)` prepares the 9 regencies' values
(`indicators.regency_values`) for `charts.choropleth` and returns the chart with the table, notes
and source line a page shows beside it. `picker_params()` declares the four choices of a map
(metric, derivation, period, regency) for `ui.page_state`, so the map page and the briefing page
read a shared view's URL the same way. No Streamlit here.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field, replace

import pandas as pd

from .. import catalog, geo, indicators
from ..cache import cached
from ..charts import choropleth
from ..charts.base import ChartView
from ..i18n import fmt_number, norm_lang, scale_word, t
from ..textsafe import safe_filename
from ..urlcodec import One, Param

NO_DERIVATION = ""  # the derivation picker's "the figure itself"
# What a map of the regencies opens on: the most trustworthy dated series there is. No complete,
# dated UMKM count of medium or high trust exists, so it is the SE2016 listing (BPS, May-June
# 2016, medium trust: 3 of 9 regencies, the others drawn as no data), never the undated
# BeritaBali set, which stays selectable and says what contradicts it.
DEFAULT_METRIC = "businesses_non_agri"
SELECTION = choropleth.SELECTION  # the map's click selection (ui.show(..., selection_mode=SELECTION))


@dataclass
class MapView(ChartView):
    """A map of one indicator, as a page shows it: a ChartView with the values behind it
    (indicators.regency_values, all columns), the legend's title, the notes the map carries on
    itself (old, undated, low trust, how a derived value was computed) and the period shown."""

    values: pd.DataFrame | None = None
    legend_title: str = ""
    notes: list[str] = field(default_factory=list)
    option: indicators.PeriodOption | None = None

    def copy(self) -> MapView:
        """The same view with its own tables and lists (the chart is shared: charts are not
        changed in place)."""
        return replace(self, values=self.values.copy(), table=self.table.copy(), csv=self.csv.copy(),
                       notes=list(self.notes), datasets=list(self.datasets))


def _period_label(option: indicators.PeriodOption | None, lang: str) -> str:
    if option is None:
        return t("common.no_data", lang)
    if option.undated:
        return t("common.undated", lang)
    return f"{option.year} ({catalog.period_label(option.period, lang)})" if option.period else str(option.year)


def map_view(metric: str, period: str | None = None, derived: str | None = None, *,
             lang: str = "id", selected: str | None = None,
             reference_year: int | None = None, category: str = "") -> MapView:
    """The map of a catalogue metric (optionally derived) for a period, ready to show.

    period: a PeriodOption key (None or unknown: the default period of the metric); derived:
    a key of indicators.DERIVED or None. The notes (undated/old/low trust, missing regencies,
    mixed sources, how a derived value was computed and whether its parts differ in period or
    source) are drawn in the chart's subtitle and returned for the page to repeat; "old" is
    counted from `reference_year` (default this year).
    category: "" (the total) or one category of the metric, e.g. "status=ecommerce".
    Remembered per arguments and data version; each caller gets its own tables (MapView.copy).
    """
    return _map_view(metric, period, derived, norm_lang(lang), selected,
                     reference_year or datetime.date.today().year, category)


@cached(copy=MapView.copy)
def _map_view(metric: str, period: str | None, derived: str | None, lang: str, selected: str | None,
              reference_year: int, category: str) -> MapView:
    option = indicators.find_period(metric, period, category=category)
    values = indicators.regency_values(metric, option, derived, lang=lang, category=category)
    unit = values["unit"].dropna().iloc[0] if values["unit"].notna().any() else ""
    name = indicators.indicator_title(metric, derived, lang)
    unit_text = indicators.unit_label(unit, lang, derived=bool(derived))
    legend_scale = legend_scale_for(values["value"], unit)
    scale_text = scale_word(int(legend_scale), lang)
    legend_unit = (t("choropleth.scaled_unit", lang, scale=scale_text, unit=unit_text)
                   if legend_scale != 1 else unit_text)
    legend_title = name if derived else f"{name} ({legend_unit})"
    period_label = _period_label(option, lang)
    title = f"{name}, {period_label}"
    notes = view_notes(values, option, lang, reference_year)
    datasets = view_datasets(values)
    source_line = " | ".join(x for x in [catalog.source_line(datasets, lang) if datasets else "",
                                          geo.attribution(lang)] if x)

    refused = (values["refused"].fillna("").astype(bool) if "refused" in values
               else pd.Series(False, index=values.index))
    frame = pd.DataFrame({
        "regency_code": values["regency_code"],
        "regency": values["regency"],
        "value": values["value"],
        "value_text": [t("choropleth.refused", lang) if r else indicators.format_value(v, u or unit, lang, q)
                       for v, u, q, r in zip(values["value"], values["unit"], values["qualifier"], refused,
                                             strict=True)],
        "period_text": [catalog.period_text(y, p, lang) if d else "–"
                        for y, p, d in zip(values["year"], values["period"], values["dataset"], strict=True)],
        "source_text": [catalog.dataset(d).text("producer", lang) if d else "–" for d in values["dataset"]],
        "trust_text": [catalog.trust_word(x, lang) if x else "–" for x in values["trust"]],
        "note": values["note"].fillna(""),
        "refused": refused,
    })
    subtitle = [t("choropleth.unit_line", lang, unit=legend_unit if not derived else unit_text), *notes]
    chart = choropleth.choropleth(frame, title=title, legend_title=legend_title, lang=lang, subtitle=subtitle,
                       selected=selected, value_format=indicators.vega_format(unit), legend_scale=legend_scale)
    table = pd.DataFrame({
        t("choropleth.tt_regency", lang): frame["regency"],
        legend_title: frame["value_text"],
        t("common.period", lang): frame["period_text"],
        t("common.source", lang): frame["source_text"],
        t("common.trust", lang): frame["trust_text"],
        t("choropleth.tt_note", lang): frame["note"],
    })
    if refused.any():  # the whole reason, where the rule refused a value
        table[t("choropleth.col_refused", lang)] = values["reason_text"].fillna("")
    csv = values[["regency_code", "regency", "metric", "value", "unit", "qualifier", "dataset", "year",
                  "period", "trust", "note"]].copy()
    if derived:
        csv["derived"] = derived
        # status: computed, refused (the rules of data/derived_indicators.yaml: reason and its words)
        # or no_data (nothing to compute from)
        csv["status"] = ["refused" if r else "computed" if pd.notna(v) else "no_data"
                         for r, v in zip(refused, values["value"], strict=True)]
        csv = pd.concat([csv, values[["refused", "reason_text", "base_value", "denom_metric", "denom_value",
                                      "denom_dataset", "denom_year"]]], axis=1)
        csv = csv.rename(columns={"refused": "refused_reason"})
    alt_text = " ".join([t("choropleth.alt", lang, title=title, n=int(values["value"].notna().sum()),
                           high=_extreme(frame, max, lang), low=_extreme(frame, min, lang)), *notes])
    filename = safe_filename(f"peta-{metric}-{derived or 'nilai'}-{option.key if option else period}")
    return MapView(chart=chart, source_line=source_line, alt_text=alt_text, table=table, csv=csv, filename=filename,
                   datasets=datasets, title=title, values=values, legend_title=legend_title, notes=notes,
                   option=option)


def legend_scale_for(values: pd.Series, unit: str) -> float:
    """Rupiah values of a billion or more get a legend in billions (1e9) or trillions (1e12),
    so its labels read "200" rather than overlapping "200.000.000.000"; anything else 1."""
    if unit != "IDR":
        return 1.0
    top = pd.to_numeric(values, errors="coerce").abs().max()
    if not (isinstance(top, float) and math.isfinite(top)) or top < 1e9:
        return 1.0
    return 1e12 if top >= 1e13 else 1e9


def _extreme(frame: pd.DataFrame, pick, lang: str) -> str:
    have = frame[frame["value"].notna()]
    if have.empty:
        return "–"
    row = have.loc[pick(have.index, key=lambda i: have.at[i, "value"])]
    return f"{row['regency']} ({row['value_text']})"


# --- what a map must say about itself ----------------------------------------------------------

def view_datasets(values: pd.DataFrame) -> list[str]:
    """Every dataset a map's values come from (numerators, then denominators)."""
    ids = [d for d in values["dataset"].tolist() if d]
    if "denom_dataset" in values:
        ids += [d for d in values["denom_dataset"].tolist() if isinstance(d, str) and d]
    return list(dict.fromkeys(ids))


def view_notes(values: pd.DataFrame, option: indicators.PeriodOption | None, lang: str = "id",
               reference_year: int | None = None) -> list[str]:
    """Warnings a map carries on itself: undated, old, low-trust data; missing regencies; mixed
    sources; for a derived value how it was computed and whether its parts differ in period or
    source."""
    lang = norm_lang(lang)
    ref = reference_year or datetime.date.today().year
    notes = []
    have = values[values["value"].notna()]
    if option is not None and option.undated:
        notes.append(t("indicators.warn_undated", lang,
                       source=catalog.dataset(option.datasets[0]).text("producer", lang)))
    elif option is not None and option.year is not None and ref - option.year > indicators.OLD_AFTER_YEARS:
        notes.append(t("indicators.warn_old", lang, year=option.year, age=ref - option.year))
    if "low" in set(have["trust"]):
        notes.append(t("indicators.warn_low_trust", lang, n=int((have["trust"] == "low").sum())))
    refused = (values["refused"].fillna("").astype(bool) if "refused" in values
               else pd.Series(False, index=values.index))
    missing = int((values["value"].isna() & ~refused).sum())
    if missing:
        notes.append(t("indicators.warn_missing", lang, n=missing))
    # one line per reason, in a few words (the table and the CSV give each whole)
    for reason, rows in values[refused].groupby("reason_short", sort=False):
        notes.append(t("indicators.warn_refused", lang, n=len(rows), regencies=", ".join(rows["regency"]),
                       reason=reason))
    sources = {d for d in have["dataset"] if d}
    if len(sources) > 1:
        notes.append(t("indicators.warn_mixed_sources", lang, n=len(sources)))
    derived = have[have["denom_value"].notna()] if "denom_value" in have else have.iloc[0:0]
    if not derived.empty:
        first = derived.iloc[0]
        what = catalog.metric_label(first["denom_metric"], lang)
        if first["denom_metric"] == first["metric"]:
            what = f"{what} ({t('common.province', lang)})"
        factor = f" × {fmt_number(first['factor'], lang)}" if first["factor"] != 1 else ""
        notes.append(t("indicators.formula", lang, base=catalog.metric_label(first["metric"], lang),
                       what=what, factor=factor, source=catalog.dataset(first["denom_dataset"]).text("producer", lang),
                       period=indicators.year_text(first["denom_year"], lang)))
        differ = derived[~derived["same_period"].astype(bool)]
        if not differ.empty:
            notes.append(t("indicators.warn_periods_differ", lang,
                           what=catalog.metric_label(differ.iloc[0]["denom_metric"], lang),
                           period=indicators.year_text(differ.iloc[0]["denom_year"], lang),
                           base=indicators.year_text(differ.iloc[0]["year"], lang)))
        other = derived[~derived["same_source"].astype(bool) & (derived["denom_metric"] == derived["metric"])]
        if not other.empty:
            notes.append(t("indicators.warn_sources_differ", lang,
                           source=catalog.dataset(other.iloc[0]["denom_dataset"]).text("producer", lang)))
    return notes


# --- the choice of a map, as URL parameters ------------------------------------------------------

def regency_param(name: str = "regency") -> Param:
    """A regency of Bali by BPS code, or none ("")."""
    return Param(name, One(), default="", choices=("", *catalog.REGENCY_CODES))


def period_param(options, default, name: str = "period") -> Param:
    """A period among `options(values)` (indicators.PeriodOption, newest first), by its key;
    `default(values)` the option shown first (None when there is none)."""
    return Param(name, One(), default=lambda v: _key(default(v)), choices=lambda v: [o.key for o in options(v)])


def _key(option: indicators.PeriodOption | None) -> str:
    return option.key if option is not None else ""


def picker_params(default_metric: str = DEFAULT_METRIC) -> tuple[Param, ...]:
    """A map's indicator (?metric=), derivation (?derived=, "" = the figure itself), period
    (?period=, default: the one covering most regencies) and regency (?regency=, to outline and
    describe). An unknown metric falls back to `default_metric` (or the first on offer)."""

    def metric_default(_values) -> str:
        metrics = indicators.map_metrics()
        return default_metric if default_metric in metrics else metrics[0]

    return (
        Param("metric", One(), default=metric_default, choices=lambda v: indicators.map_metrics()),
        Param("derived", One(), default=NO_DERIVATION,
              choices=lambda v: [NO_DERIVATION, *indicators.derivations(v["metric"])]),
        period_param(lambda v: indicators.period_options(v["metric"]),
                     lambda v: indicators.default_period(v["metric"])),
        regency_param(),
    )

