"""What the "Sebaran UMKM / MSME distribution" page shows, computed from the catalogue.

2023 by scale (counts, shares and the UU 20/2008 asset thresholds, with the sum check from
`quality.sum_checks`), the paper's sector highlights, a regency's sectors (Karangasem 2021),
and the province series with every source side by side. No Streamlit import here:
pages/distribution.py lays it out, and the briefing deck repeats `scale_view` and `sector_view`.
The regency map and its choice are `views.maps`.
"""

from __future__ import annotations

import pandas as pd

from .. import catalog, indicators, quality
from ..cache import cached
from ..charts import base
from ..charts import series as series_chart
from ..i18n import fmt_idr, fmt_number, fmt_percent, fmt_value, t
from ..textsafe import safe_filename
from . import maps, regency_record
from .cards import Card

SCALES = ("mikro", "kecil", "menengah")
SCALE_YEAR = 2023
SECTOR_HIGHLIGHTS = ("umkm_2023_mikro_industri_pertanian", "umkm_2023_kecil_non_pertanian",
                     "umkm_2023_menengah_non_pertanian")
SECTORS = ("perdagangan", "industri_pertanian", "industri_non_pertanian", "aneka_jasa")
SERIES_YEARS = (2021, 2024)


def _scale_rows(df: pd.DataFrame) -> pd.DataFrame:
    rows = df[(df["metric"] == "umkm_total") & (df["regency_code"] == catalog.PROVINCE)
              & (df["year"] == SCALE_YEAR) & df["category"].isin([f"scale={s}" for s in SCALES])]
    return rows.assign(scale=rows["category"].str.split("=").str[1])


@cached(copy=pd.DataFrame.copy)
def scale_split() -> pd.DataFrame:
    """The 2023 province split by scale: scale, count, share (% of the three parts' sum, so the
    shares add up to 100), the figure id and dataset, and the UU 20/2008 net-asset bounds."""
    df = catalog.figures()
    rows = _scale_rows(df).set_index("scale").reindex(list(SCALES))
    law = df[df["dataset"] == "paper_uu20_2008"]
    total = float(rows["value"].sum())
    out = []
    for scale, r in rows.iterrows():
        bounds = law[law["category"] == f"scale={scale}"].set_index("metric")["value"]
        out.append({"scale": scale, "count": float(r["value"]), "share": float(r["value"]) / total * 100,
                    "figure_id": r["id"], "dataset": r["dataset"],
                    "assets_above": float(bounds["net_assets_above"]) if "net_assets_above" in bounds else None,
                    "assets_up_to": float(bounds["net_assets_up_to"]) if "net_assets_up_to" in bounds else None})
    return pd.DataFrame(out)


@cached(copy=lambda s: None if s is None else s.copy())
def scale_check() -> pd.Series:
    """The sum check of the 2023 scale split against the stated total (quality.sum_checks)."""
    checks = quality.sum_checks()
    hit = checks[(checks["metric"] == "umkm_total") & (checks["regency_code"] == catalog.PROVINCE)
                 & (checks["year"] == SCALE_YEAR) & (checks["dimension"] == "scale")]
    if hit.empty:
        raise LookupError("no sum check for the 2023 scale split")
    return hit.iloc[0]


def threshold_text(above: float | None, up_to: float | None, lang: str) -> str:
    above = None if above is None or pd.isna(above) else above
    up_to = None if up_to is None or pd.isna(up_to) else up_to
    if above is None and up_to is not None:
        return t("distribution.assets_up_to", lang, high=fmt_idr(up_to, lang))
    if above is not None and up_to is not None:
        return t("distribution.assets_between", lang, low=fmt_idr(above, lang), high=fmt_idr(up_to, lang))
    if above is not None:
        return t("distribution.assets_above", lang, low=fmt_idr(above, lang))
    return "–"


@cached(copy=pd.DataFrame.copy)
def thresholds_table(lang: str = "id") -> pd.DataFrame:
    """Readable: scale and its net-asset bounds under UU 20/2008."""
    split = scale_split()
    return pd.DataFrame({
        t("distribution.col_scale", lang): [t(f"distribution.scale_{s}", lang) for s in split["scale"]],
        t("distribution.col_assets", lang): [threshold_text(a, b, lang) for a, b in
                                             zip(split["assets_above"], split["assets_up_to"], strict=True)],
    })


@cached(copy=pd.DataFrame.copy)
def scale_table(lang: str = "id", assets: bool = True) -> pd.DataFrame:
    """Readable: scale, number, share and (assets=True) net assets under UU 20/2008."""
    split = scale_split()
    out = pd.DataFrame({
        t("distribution.col_scale", lang): [t(f"distribution.scale_{s}", lang) for s in split["scale"]],
        t("distribution.col_count", lang): [fmt_number(v, lang) for v in split["count"]],
        t("distribution.col_share", lang): [fmt_percent(v, lang, decimals=1) for v in split["share"]],
        t("distribution.col_assets", lang): [threshold_text(a, b, lang) for a, b in
                                             zip(split["assets_above"], split["assets_up_to"], strict=True)],
    })
    return out if assets else out.drop(columns=[t("distribution.col_assets", lang)])


def scale_chart_data(lang: str = "id") -> pd.DataFrame:
    split = scale_split()
    return pd.DataFrame({
        "scale": [f"{t(f'distribution.scale_{s}', lang)} · {fmt_percent(v, lang, decimals=1)}"
                  for s, v in zip(split["scale"], split["share"], strict=True)],
        "count": split["count"], "share": split["share"].round(2),
        "share_text": [fmt_percent(v, lang, decimals=1) for v in split["share"]],
    })


def trade_leads_every_scale() -> bool:
    """True when the catalogue ranks trade first at micro, small and medium scale (2023)."""
    df = catalog.figures()
    ranks = df[(df["metric"] == "umkm_sector_rank") & (df["year"] == SCALE_YEAR) & (df["value"] == 1)]
    leaders = {dict(p.split("=") for p in c.split(";")).get("scale"): dict(p.split("=") for p in c.split(";"))
               .get("sector") for c in ranks["category"]}
    return all(leaders.get(s) == "perdagangan" for s in SCALES)


def sector_highlights() -> list[str]:
    """The figure ids of the paper's second-ranked sector counts (2023)."""
    return list(SECTOR_HIGHLIGHTS)


def regency_sectors(code: str = "5107", year: int = 2021) -> pd.DataFrame:
    """A regency's UMKM by Diskop's four sectors: sector, count, share of the stated total,
    dataset, period; with the total and the sum check."""
    df = catalog.figures()
    rows = df[(df["metric"] == "umkm_total") & (df["regency_code"] == code) & (df["year"] == year)]
    parts = rows[rows["category"].str.startswith("sector=")].copy()
    total = rows[rows["category"] == ""]
    total = total[total["dataset"].isin(set(parts["dataset"]))] if not parts.empty else total
    base = float(total.iloc[0]["value"]) if not total.empty else float(parts["value"].sum())
    parts["sector"] = parts["category"].str.split("=").str[1]
    parts["share"] = parts["value"] / base * 100
    return parts.sort_values("value", ascending=False)[["sector", "value", "share", "dataset", "period"]] \
        .rename(columns={"value": "count"}).reset_index(drop=True)


@cached(copy=lambda s: None if s is None else s.copy())
def regency_sector_check(code: str = "5107", year: int = 2021) -> pd.Series | None:
    checks = quality.sum_checks()
    hit = checks[(checks["metric"] == "umkm_total") & (checks["regency_code"] == code)
                 & (checks["year"] == year) & (checks["dimension"] == "sector")]
    return hit.iloc[0] if not hit.empty else None


def province_series(first: int = SERIES_YEARS[0], last: int = SERIES_YEARS[1]) -> pd.DataFrame:
    """The province's UMKM totals `first`..`last` from every source: year, value, dataset,
    source (producer), trust, qualifier, published; the paper's quotes of Diskop included."""
    s = catalog.series("umkm_total", level="province")
    s = s[s["year"].notna() & (s["year"] >= first) & (s["year"] <= last)].copy()
    s["year"] = s["year"].astype(int)
    return s[["year", "value", "dataset", "source", "trust", "qualifier", "published", "period"]] \
        .sort_values(["year", "dataset"]).reset_index(drop=True)


def series_source_label(dataset_id: str, lang: str) -> str:
    ds = catalog.dataset(dataset_id)
    if ds.kind == "paper":
        return t("distribution.series_paper", lang, producer=ds.text("producer", lang))
    return ds.text("producer", lang)


@cached(copy=pd.DataFrame.copy)
def series_table(lang: str = "id") -> pd.DataFrame:
    s = province_series()
    return pd.DataFrame({
        t("distribution.col_year", lang): s["year"].astype(str),
        t("distribution.col_count", lang): [fmt_value(v, "units", lang, q) for v, q in
                                            zip(s["value"], s["qualifier"], strict=True)],
        t("common.source", lang): [series_source_label(d, lang) for d in s["dataset"]],
        t("common.trust", lang): [catalog.trust_word(x, lang) for x in s["trust"]],
    })


@cached(copy=lambda s: None if s is None else s.copy())
def second_source_2023() -> pd.Series | None:
    """The conflict between two sources' 2023 province totals (quality.comparisons), if any."""
    comp = quality.comparisons()
    hit = comp[(comp["metric"] == "umkm_total") & (comp["regency_code"] == catalog.PROVINCE)
               & (comp["year"] == SCALE_YEAR) & (comp["category"] == "") & (comp["status"] == "conflict")]
    return hit.iloc[0] if not hit.empty else None


def sector_chart_data(code: str = "5107", year: int = 2021, lang: str = "id") -> pd.DataFrame:
    """Bars: "perdagangan · 82,2%" and the count."""
    sectors = regency_sectors(code, year)
    return sectors.assign(label=[f"{indicators.category_label('sector=' + s, lang).capitalize()} · "
                                 f"{fmt_percent(v, lang, decimals=1)}"
                                 for s, v in zip(sectors["sector"], sectors["share"], strict=True)])


@cached(copy=pd.DataFrame.copy)
def sector_table(code: str = "5107", year: int = 2021, lang: str = "id") -> pd.DataFrame:
    sectors = regency_sectors(code, year)
    return pd.DataFrame({
        t("distribution.col_sector", lang): [indicators.category_label("sector=" + s, lang).capitalize()
                                             for s in sectors["sector"]],
        t("distribution.col_count", lang): [fmt_number(v, lang) for v in sectors["count"]],
        t("distribution.col_share", lang): [fmt_percent(v, lang, decimals=1) for v in sectors["share"]],
        t("common.period", lang): [catalog.period_label(p, lang) for p in sectors["period"]],
    })


MAIN_SERIES = "umkm_diskop_prov"


def series_plot_data(lang: str = "id") -> pd.DataFrame:
    """The province series for charts.series.by_source: year, value, source (legend text) and
    label; a source repeating another's figure for the same year (the paper quoting Diskop's
    439.382) keeps its point but not a second label."""
    s = province_series()
    out = s.assign(source=[series_source_label(d, lang) for d in s["dataset"]],
                   label=[fmt_value(v, "units", lang, q) for v, q in zip(s["value"], s["qualifier"], strict=True)])
    repeat = out.duplicated(["year", "value"], keep=False) & (out["dataset"] != MAIN_SERIES)
    out.loc[repeat, "label"] = ""
    return out


# --- the charts, as the page and the briefing deck show them -------------------------------------

@cached
def scale_view(lang: str = "id") -> base.ChartView:
    """The 2023 province split by scale as bars (count, labelled with its share)."""
    split = scale_split()
    datasets = list(dict.fromkeys(split["dataset"]))
    source = catalog.source_line(datasets, lang)
    title = t("distribution.scale_chart_title", lang)
    chart = base.bar(scale_chart_data(lang), category="scale", value="count", title=title,
                     unit_label=t("distribution.unit_units", lang), source=source, lang=lang, sort=None)
    alt_text = t("distribution.scale_alt", lang,
                 **{s: fmt_number(v, lang) for s, v in zip(split["scale"], split["count"], strict=True)})
    return base.ChartView(chart, source, alt_text, scale_table(lang, assets=False), split,
                          "umkm-bali-2023-skala", datasets, title)


@cached
def sector_view(code: str = "5107", year: int = 2021, lang: str = "id") -> base.ChartView:
    """A regency's UMKM by Diskop's four sectors (Karangasem 2021 on the page)."""
    sectors = regency_sectors(code, year)
    check = regency_sector_check(code, year)
    datasets = list(dict.fromkeys(sectors["dataset"]))
    source = catalog.source_line(datasets, lang)
    title = t("distribution.karangasem_chart_title", lang)
    chart = base.bar(sector_chart_data(code, year, lang), category="label", value="count", title=title,
                     unit_label=t("distribution.unit_units", lang), source=source, lang=lang,
                     color=base.PALETTE[2])
    total_text = fmt_number(check["total"], lang) if check is not None else "–"
    alt_text = t("distribution.karangasem_alt", lang, top=fmt_number(sectors["count"].iloc[0], lang),
                 total=total_text)
    return base.ChartView(chart, source, alt_text, sector_table(code, year, lang), sectors,
                          f"umkm-{catalog.regency_name(code).lower()}-{year}-sektor", datasets, title)


@cached
def series_view(lang: str = "id") -> base.ChartView:
    """The province's UMKM totals 2021–2024 from every source, side by side (DPR's 2023 figure
    beside Diskop's)."""
    prov = province_series()
    title = t("distribution.series_chart_title", lang)
    chart = series_chart.by_source(series_plot_data(lang), title=title, unit_label=t("distribution.unit_units", lang),
                                   lang=lang, main=series_source_label(MAIN_SERIES, lang))
    datasets = list(dict.fromkeys(prov["dataset"]))
    dpr = prov[prov["dataset"] == "umkm_dpr_2023"]["value"]
    diskop_2023 = prov[(prov["dataset"] == MAIN_SERIES) & (prov["year"] == 2023)]["value"]
    alt_text = t("distribution.series_alt", lang, dpr=fmt_number(dpr.iloc[0], lang) if len(dpr) else "–",
                 diskop=fmt_number(diskop_2023.iloc[0], lang) if len(diskop_2023) else "–")
    return base.ChartView(chart, catalog.source_line(datasets, lang), alt_text, series_table(lang), prov,
                          "umkm-bali-2021-2024", datasets, title)


# --- the sentences under the charts ----------------------------------------------------------------

@cached
def scale_sum_note(lang: str = "id") -> str:
    """The 2023 scales' sum against the stated total (439.381 against 439.382)."""
    check = scale_check()
    return t("distribution.scale_sum_note", lang, parts=fmt_number(check["parts_sum"], lang),
             total=fmt_number(check["total"], lang), diff=fmt_number(abs(check["difference"]), lang))


@cached
def scale_shares_note(lang: str = "id") -> str:
    return t("distribution.scale_shares_note", lang, sum=fmt_number(scale_check()["parts_sum"], lang))


@cached(copy=list)
def highlight_cards(lang: str = "id") -> list[Card]:
    """The paper's second-ranked sector counts (2023)."""
    return [Card(t(f"distribution.card_{fid}", lang), fid) for fid in sector_highlights()]


@cached
def sector_sum_note(code: str = "5107", year: int = 2021, lang: str = "id") -> str | None:
    """Whether a regency's sectors add up to its stated total; None without a check."""
    check = regency_sector_check(code, year)
    if check is None:
        return None
    key = "karangasem_sum_ok" if check["status"] == "ok" else "karangasem_sum_off"
    return t(f"distribution.{key}", lang, parts=fmt_number(check["parts_sum"], lang),
             total=fmt_number(check["total"], lang))


@cached
def series_conflict_note(lang: str = "id") -> str | None:
    """Two sources' 2023 province totals that disagree, both named; None when they agree."""
    conflict = second_source_2023()
    if conflict is None:
        return None
    return t("distribution.series_conflict", lang,
             a=fmt_number(conflict["value_a"], lang),
             source_a=catalog.dataset(conflict["dataset_a"]).text("producer", lang),
             b=fmt_number(conflict["value_b"], lang),
             source_b=catalog.dataset(conflict["dataset_b"]).text("producer", lang),
             diff=fmt_number(abs(conflict["difference"]), lang))


# --- the regency map and the chosen regency -------------------------------------------------------

def map_params() -> tuple:
    """?metric= &derived= &period= &regency= (views.maps.picker_params)."""
    return maps.picker_params(maps.DEFAULT_METRIC)


def profile_csv(code: str, lang: str = "id") -> tuple[pd.DataFrame, str]:
    """Every figure of a regency for download (each row with its source line), and the file name."""
    profile = regency_record.figures(code)
    rows = profile.assign(regency_code=code, source=[catalog.source_line(d, lang) for d in profile["dataset"]])
    return rows, safe_filename(f"angka-{code}-{catalog.regency_name(code, lang)}") + ".csv"
