"""A regency's whole record: every figure the catalogue holds for it, beside the province's.

The distribution page's panel for the chosen regency and the briefing deck's profile slide.
No Streamlit here.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import catalog, indicators
from ..cache import cached
from ..i18n import fmt_value, norm_lang, t

PROFILE_COLUMNS = ["metric", "category", "year", "period", "value", "unit", "qualifier", "dataset",
                   "trust", "province_value", "province_qualifier", "province_dataset", "note"]


@cached(copy=pd.DataFrame.copy)
def figures(code: str) -> pd.DataFrame:
    """Every figure the catalogue holds for one regency (all metrics, categories and periods),
    each with its dataset and trust, beside the province figure of the same metric, category
    and year (from the same dataset when it has one, else the most trusted)."""
    df = catalog.figures()
    own = df[df["regency_code"] == str(code)].copy()
    prov = indicators.rank_by_trust(df[df["regency_code"] == catalog.PROVINCE])
    order = {m: i for i, m in enumerate(indicators.map_metrics())}
    rows = []
    for _, r in own.iterrows():
        same = prov[(prov["metric"] == r["metric"]) & (prov["category"] == r["category"])]
        same = same[same["year"].isna() & (same["dataset"] == r["dataset"])] if pd.isna(r["year"]) \
            else same[same["year"] == r["year"]]
        mine = same[same["dataset"] == r["dataset"]]
        p = (mine if not mine.empty else same)
        rows.append({
            "metric": r["metric"], "category": r["category"],
            "year": None if pd.isna(r["year"]) else int(r["year"]), "period": r["period"],
            "value": float(r["value"]), "unit": r["unit"], "qualifier": r["qualifier"],
            "dataset": r["dataset"], "trust": r["trust"],
            "province_value": float(p.iloc[0]["value"]) if not p.empty else math.nan,
            "province_qualifier": p.iloc[0]["qualifier"] if not p.empty else "",
            "province_dataset": p.iloc[0]["dataset"] if not p.empty else "",
            "note": r["note"],
            "_order": (order.get(r["metric"], 99), r["category"] != "", r["category"],
                       pd.isna(r["year"]), -(0 if pd.isna(r["year"]) else int(r["year"])), r["dataset"]),
        })
    rows.sort(key=lambda rec: rec["_order"])
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


PROFILE_TABLE_COLUMNS = {"indicator": 190, "category": 150, "period": 210, "value": 130, "province": 140,
                         "trust": 100, "source": 280, "province_source": 280}


def column_widths(lang: str = "id") -> dict[str, dict]:
    """Column widths (pixels) for showing `table`, so values are never cut off."""
    return {t(f"indicators.col_{k}", lang): {"width": w} for k, w in PROFILE_TABLE_COLUMNS.items()}


@cached(copy=pd.DataFrame.copy)
def table(code: str, lang: str = "id") -> pd.DataFrame:
    """`figures` for reading: indicator, category, period, value, province, source, trust."""
    lang = norm_lang(lang)
    prof = figures(code)
    col = {k: t(f"indicators.col_{k}", lang) for k in PROFILE_TABLE_COLUMNS}
    rows = []
    for _, r in prof.iterrows():
        rows.append({
            col["indicator"]: catalog.metric_label(r["metric"], lang),
            col["category"]: indicators.category_label(r["category"], lang),
            col["period"]: catalog.period_text(r["year"], r["period"], lang),
            col["value"]: fmt_value(r["value"], r["unit"], lang, r["qualifier"]),
            col["province"]: ("–" if math.isnan(r["province_value"])
                              else fmt_value(r["province_value"], r["unit"], lang, r["province_qualifier"])),
            col["trust"]: catalog.trust_word(r["trust"], lang),
            col["source"]: catalog.dataset(r["dataset"]).text("producer", lang),
            col["province_source"]: (catalog.dataset(r["province_dataset"]).text("producer", lang)
                                     if r["province_dataset"] else "–"),
        })
    return pd.DataFrame(rows, columns=list(col.values()))
