"""The "Adopsi digital / Digital and e-commerce adoption" page's views, from `digital`.

Its nine charts (`*_view`), its cards (`*_cards`), the survey-frame table and the sentences the
page writes under a chart. Assembles; the figures and the only numbers computed (each with its
formula) are `digital`'s. No Streamlit here: pages/digital.py lays it out, and the briefing deck
repeats `status_view` and `kbli_view`.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from .. import catalog, digital
from .. import interventions as iv
from ..cache import cached
from ..charts import base as chart_base
from ..charts import digital as digital_charts
from ..i18n import fmt_number, fmt_percent, fmt_scaled, t
from ..textsafe import escape_md, safe_filename
from ..urlcodec import One, Param
from . import maps
from .cards import Card

# --- the survey frame: what 62,28% is a share of -------------------------------------------------

def frame_texts(lang: str = "id") -> dict[str, str]:
    """The frame explanation's numbers as the page writes them (for t(..., **frame_texts()))."""
    f = digital.frame_estimate()
    return {
        "businesses": fmt_number(f.businesses, lang), "share": fmt_percent(f.share, lang, f.share_decimals),
        "share_fraction": fmt_number(f.share / 100, lang, f.share_decimals + 2),
        "share_low": fmt_percent(f.share - f.share_tolerance, lang, f.share_decimals + 1),
        "share_high": fmt_percent(f.share + f.share_tolerance, lang, f.share_decimals + 1),
        "total": fmt_number(f.total, lang, 0), "total_rounded": fmt_scaled(f.total_rounded, 10**3, lang),
        "low": fmt_number(math.floor(f.low), lang, 0), "high": fmt_number(math.ceil(f.high), lang, 0),
        "not_share": digital.value_text(digital.NOT_SHARE, lang), "not_ecommerce": fmt_number(f.not_ecommerce, lang, 0),
        "not_rounded": fmt_scaled(round(f.not_ecommerce, -3), 10**3, lang),
        "umkm_total": fmt_number(f.umkm_total, lang), "umkm_year": str(f.umkm_year),
        "ratio": fmt_percent(f.ratio_to_umkm, lang, 2), "year": str(digital.survey_year()),
    }


def frame_table(lang: str = "id") -> pd.DataFrame:
    """Every number of the frame explanation: what it is, value, printed or computed, formula."""
    f, x = digital.frame_estimate(), frame_texts(lang)
    col = {k: t(f"digital.col_{k}", lang) for k in ("what", "value", "kind", "formula")}
    printed, computed = t("digital.kind_printed", lang), t("digital.kind_computed", lang)
    rows = [
        (t("digital.frame_row_businesses", lang), x["businesses"], printed, "–"),
        (t("digital.frame_row_share", lang), x["share"], printed, "–"),
        (t("digital.frame_row_total", lang), x["total"], computed,
         t("digital.frame_formula_total", lang, **x)),
        (t("digital.frame_row_interval", lang), f"{x['low']} – {x['high']}", computed,
         t("digital.frame_formula_interval", lang, **x)),
        (t("digital.frame_row_not", lang), x["not_ecommerce"], computed,
         t("digital.frame_formula_not", lang, **x)),
        (t("digital.frame_row_umkm", lang, year=f.umkm_year), x["umkm_total"], printed, "–"),
        (t("digital.frame_row_ratio", lang), x["ratio"], computed, t("digital.frame_formula_ratio", lang, **x)),
    ]
    return pd.DataFrame(rows, columns=list(col.values()))


def frame_csv() -> pd.DataFrame:
    """The same, tidy: quantity, value (full precision), kind, formula, datasets."""
    f = digital.frame_estimate()
    tol = fmt_number(float(catalog.figure(digital.SHARE)["tolerance"]), "en", 4)
    return pd.DataFrame([
        ("ecommerce_businesses", f.businesses, "units", digital.PRINTED, "", digital.BUSINESSES),
        ("ecommerce_share", f.share, "percent", digital.PRINTED, "", digital.SHARE),
        ("survey_frame_businesses", f.total, "units", digital.COMPUTED,
         "ecommerce_businesses / (ecommerce_share / 100)", ""),
        ("survey_frame_low", f.low, "units", digital.COMPUTED,
         f"ecommerce_businesses / ((ecommerce_share + {tol}) / 100)", ""),
        ("survey_frame_high", f.high, "units", digital.COMPUTED,
         f"ecommerce_businesses / ((ecommerce_share - {tol}) / 100)",
         ""),
        ("survey_frame_not_ecommerce", f.not_ecommerce, "units", digital.COMPUTED,
         "survey_frame_businesses - ecommerce_businesses", ""),
        ("umkm_total_2023", f.umkm_total, "units", digital.PRINTED, "", digital.UMKM_TOTAL),
        ("ecommerce_businesses_per_umkm_misleading", f.ratio_to_umkm, "percent", digital.COMPUTED,
         "ecommerce_businesses / umkm_total_2023 * 100 (different populations and years: not an adoption rate)",
         ""),
    ], columns=["quantity", "value", "unit", "kind", "formula", "figure_id"]).assign(
        dataset=lambda d: d["figure_id"].map(lambda i: catalog.figure(i)["dataset"] if i else ""))


def status_table(lang: str = "id") -> pd.DataFrame:
    d = digital.status_chart_data(lang)
    out = pd.DataFrame({t("digital.col_area", lang): d["area"], t("digital.col_status", lang): d["status_text"],
                        t("digital.col_share", lang): d["text"]})
    missing = pd.DataFrame({t("digital.col_area", lang): [catalog.regency_name("52", lang)],
                            t("digital.col_status", lang): [t("digital.status_bukan_ecommerce", lang)],
                            t("digital.col_share", lang): [t("digital.not_printed", lang)]})
    return pd.concat([out, missing], ignore_index=True)



def style_labels(lang: str = "id") -> dict[str, str]:
    """Legend words for the kinds of bar (printed, bound, computed)."""
    return {k: t(f"digital.style_{k}", lang) for k in digital_charts.STYLES}


@cached
def status_view(lang: str = "id") -> chart_base.ChartView:
    """Bali's businesses doing e-commerce or not, and NTB's share, as stacked 0–100% bars."""
    status = digital.status_chart_data(lang)
    source = digital.source_of(status, lang)
    title = t("digital.status_chart_title", lang)
    caveats = catalog.caveats(status["figure_id"], lang)  # a share of BPS's survey frame, not of all UMKM
    chart = digital_charts.status_bars(status, title=title, unit_label=t("digital.unit_percent_businesses", lang),
                                       lang=lang, subtitle=[t("digital.status_chart_sub", lang), *caveats])
    alt_text = t("digital.status_alt", lang, share=digital.value_text(digital.SHARE, lang),
                 not_share=digital.value_text(digital.NOT_SHARE, lang), ntb=digital.value_text(digital.NTB_SHARE, lang))
    csv = status.drop(columns=["start", "end"])
    csv["caveat"] = [" ".join(catalog.caveats([f], lang)) for f in csv["figure_id"]]
    return chart_base.ChartView(chart, source, " ".join([alt_text, *caveats]), status_table(lang), csv,
                                "ecommerce-bali-ntb-2022", list(dict.fromkeys(d for d in status["dataset"] if d)),
                                title)


@cached
def kbli_view(lang: str = "id") -> chart_base.ChartView:
    """Table 2: e-commerce businesses by KBLI category, the unprinted rest computed and drawn apart."""
    kbli = digital.kbli_data(lang)
    source = digital.source_of(kbli, lang)
    title = t("digital.kbli_title", lang)
    printed_sum = fmt_percent(digital.kbli_check()["parts_sum"], lang, 2)
    chart = digital_charts.share_bars(kbli, title=title, unit_label=t("digital.unit_percent_ecommerce", lang),
                                      style_labels=style_labels(lang), lang=lang,
                                      subtitle=[t("digital.kbli_sub", lang, parts=printed_sum)],
                                      x_max=digital_charts.KBLI_X_MAX, label_limit=digital_charts.KBLI_LABEL_LIMIT)
    rest = kbli[kbli["style"] == digital.COMPUTED].iloc[0]
    top = kbli.loc[kbli["value"].idxmax()]
    alt_text = t("digital.kbli_alt", lang, top=top["text"], rest=rest["text"])
    return chart_base.ChartView(chart, source, alt_text, bars_table(kbli, lang, "col_category"),
                                bars_csv(kbli, "ecommerce_kbli_share"), "ecommerce-bali-2022-kbli",
                                list(dict.fromkeys(d for d in kbli["dataset"] if d)), title)


def bars_table(data: pd.DataFrame, lang: str, label_key: str = "col_item") -> pd.DataFrame:
    """A bar chart's readable table: item, value as written, kind (printed / upper bound / computed)."""
    kinds = {digital.PRINTED: t("digital.kind_printed", lang), digital.BOUND: t("digital.kind_bound", lang),
             digital.COMPUTED: t("digital.kind_computed", lang)}
    out = pd.DataFrame({t(f"digital.{label_key}", lang): data["label"],
                        t("digital.col_value", lang): data["text"],
                        t("digital.col_kind", lang): data["style"].map(kinds)})
    if (data["formula"] != "").any():
        out[t("digital.col_formula", lang)] = data["formula"].replace("", "–")
    return out


def bars_csv(data: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Tidy rows for download: metric, category, value (base unit), qualifier, kind, formula, ids."""
    return pd.DataFrame({"metric": metric, "category": data["key"], "label": data["label"],
                         "value": data["value"], "unit": "percent", "qualifier": data["qualifier"],
                         "kind": data["style"], "formula": data["formula"], "figure_id": data["figure_id"],
                         "dataset": data["dataset"]})


def users_table(lang: str = "id") -> pd.DataFrame:
    d = digital.users_data(lang)
    return pd.DataFrame({t("digital.col_year", lang): d["year"].astype(str),
                         t("digital.col_users", lang): d["text"], t("digital.col_kind", lang): d["kind_text"]})


# --- the other charts ------------------------------------------------------------------------------

@cached
def start_view(lang: str = "id") -> chart_base.ChartView:
    """E-commerce businesses by the year they started selling online (BPS 2022)."""
    start = digital.start_data(lang)
    title = t("digital.start_title", lang)
    chart = digital_charts.share_bars(start, title=title, unit_label=t("digital.unit_percent_ecommerce", lang),
                                      style_labels=style_labels(lang), lang=lang, x_max=100, label_limit=200,
                                      color=chart_base.PALETTE[2])
    alt_text = t("digital.start_alt", lang, **dict(zip(("before", "middle", "recent"), start["text"], strict=True)))
    return chart_base.ChartView(chart, digital.source_of(start, lang), alt_text, bars_table(start, lang, "col_start"),
                                bars_csv(start, "ecommerce_start_share"), "ecommerce-bali-2022-tahun-mulai",
                                _datasets(start), title)


@cached
def purposes_view(lang: str = "id") -> chart_base.ChartView:
    """Table 1: what internet users go online for; its "< 6%" row drawn as an upper bound."""
    purposes = digital.purposes_data(lang)
    bound = purposes[purposes["style"] == digital.BOUND]
    title = t("digital.purposes_title", lang)
    chart = digital_charts.share_bars(purposes, title=title, unit_label=t("digital.unit_percent_users", lang),
                                      style_labels=style_labels(lang), lang=lang,
                                      subtitle=[t("digital.purposes_sub", lang)])
    top = purposes.loc[purposes["value"].idxmax()]
    alt_text = t("digital.purposes_alt", lang, top=top["label"], top_value=top["text"],
                 bound=", ".join(f"{r.label}: {digital.value_text(r.figure_id, lang)}" for r in bound.itertuples()))
    return chart_base.ChartView(chart, digital.source_of(purposes, lang), alt_text, bars_table(purposes, lang),
                                bars_csv(purposes, "internet_purpose_share"), "internet-tujuan-2023",
                                _datasets(purposes), title)


def purposes_notes(lang: str = "id") -> list[str]:
    """Under Table 1: each bound row in words ("kurang dari 6%: drawn up to the bound")."""
    purposes = digital.purposes_data(lang)
    return [t("digital.bound_note", lang, label=r.label, text=r.text, words=digital.value_text(r.figure_id, lang),
              bound=fmt_percent(r.value, lang)) for r in purposes[purposes["style"] == digital.BOUND].itertuples()]


@cached
def platforms_view(lang: str = "id") -> chart_base.ChartView:
    """The 10 social media platforms, share of internet users aged 16–64."""
    platforms = digital.platforms_data(lang)
    title = t("digital.platforms_title", lang)
    chart = digital_charts.share_bars(platforms, title=title,
                                      unit_label=t("digital.unit_percent_users_16_64", lang),
                                      style_labels=style_labels(lang), lang=lang,
                                      subtitle=[t("digital.platforms_sub", lang)], color=chart_base.PALETTE[4],
                                      label_limit=160)
    top, low = platforms.loc[platforms["value"].idxmax()], platforms.loc[platforms["value"].idxmin()]
    alt_text = t("digital.platforms_alt", lang, n=len(platforms), top=top["label"], top_value=top["text"],
                 last=low["label"], last_value=low["text"])
    return chart_base.ChartView(chart, digital.source_of(platforms, lang), alt_text,
                                bars_table(platforms, lang, "col_platform"),
                                bars_csv(platforms, "social_media_platform_share"), "media-sosial-2024",
                                _datasets(platforms), title)


@cached
def activities_view(lang: str = "id") -> chart_base.ChartView:
    """What people do online (RRI 2024)."""
    activities = digital.activities_data(lang)
    title = t("digital.activities_title", lang)
    chart = digital_charts.share_bars(activities, title=title, unit_label=t("digital.unit_percent_users", lang),
                                      style_labels=style_labels(lang), lang=lang,
                                      subtitle=[t("digital.activities_sub", lang)], color=chart_base.PALETTE[3],
                                      label_limit=200)
    alt_text = t("digital.activities_alt", lang,
                 items="; ".join(f"{a.label} {a.text}" for a in activities.itertuples()))
    return chart_base.ChartView(chart, digital.source_of(activities, lang), alt_text,
                                bars_table(activities, lang, "col_activity"),
                                bars_csv(activities, "online_activity_share"), "aktivitas-daring-2024",
                                _datasets(activities), title)


def _years(users: pd.DataFrame) -> dict:
    return {"first_year": users.iloc[0]["year"], "last_year": users.iloc[-1]["year"]}


@cached
def users_view(lang: str = "id") -> chart_base.ChartView:
    """E-commerce users in Indonesia: Statista's 2024 estimate and its 2029 projection."""
    users = digital.users_data(lang)
    years = _years(users)
    title = t("digital.users_title", lang, **years)
    chart = digital_charts.projection_series(users, title=title, unit_label=t("digital.unit_millions", lang),
                                             lang=lang, subtitle=[t("digital.users_sub", lang, **years)])
    alt_text = t("digital.users_alt", lang, first=users.iloc[0]["text"], last=users.iloc[-1]["text"], **years)
    csv = users[["year", "value", "kind", "figure_id", "dataset", "note"]].assign(unit="persons")
    return chart_base.ChartView(chart, digital.source_of(users, lang), alt_text, users_table(lang), csv,
                                "pengguna-ecommerce-2024-2029", _datasets(users), title)


def users_note(lang: str = "id") -> str:
    users = digital.users_data(lang)
    return t("digital.users_note", lang, first=digital.value_text(users.iloc[0]["figure_id"], lang), **_years(users))


def _datasets(data: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(d for d in data["dataset"] if d))


# --- the cards and the sentences under the charts -----------------------------------------------

def _figure_cards(items, lang: str) -> list[Card]:
    return [Card(t(f"digital.{label}", lang), fid) for label, fid in items]


def ecommerce_cards(lang: str = "id") -> list[Card]:
    return _figure_cards((("card_businesses", digital.BUSINESSES), ("card_share", digital.SHARE),
                          ("card_not_share", digital.NOT_SHARE)), lang)


def internet_cards(lang: str = "id") -> list[Card]:
    return _figure_cards((("card_internet", digital.INTERNET_ACCESS), ("card_time", digital.TIME_ONLINE),
                          ("card_daily", digital.DAILY_ONLINE)), lang)


def internet_datasets() -> list[str]:
    return [catalog.figure(digital.INTERNET_ACCESS)["dataset"], catalog.figure(digital.TIME_ONLINE)["dataset"]]


def projection_cards(lang: str = "id") -> list[Card]:
    """e-Conomy SEA's projections, labelled as such."""
    return [Card(t(f"digital.card_{fid}", lang), fid) for fid in digital.PROJECTIONS]


def projection_datasets() -> list[str]:
    return [catalog.figure(digital.PROJECTIONS[0])["dataset"]]


def frame_card(lang: str = "id") -> Card:
    """The survey frame, about 138 thousand businesses: computed, with its formula."""
    frame = frame_texts(lang)
    return Card(t("digital.card_frame", lang), value=t("digital.about", lang, value=frame["total_rounded"]),
                notes=(t("digital.card_frame_formula", lang, **frame), t("digital.card_frame_kind", lang)))


def frame_source(lang: str = "id") -> str:
    return catalog.source_line(list(digital.frame_estimate().datasets), lang)


def second_source_note(lang: str = "id") -> str | None:
    """Another source's figure for the 86.156 businesses (agreeing or not), escaped; None if none."""
    other = digital.second_source_for_businesses()
    if other is None:
        return None
    ds = other["dataset_b"] if other["dataset_a"] == digital.ECOMMERCE_DATASET else other["dataset_a"]
    key = "second_source_agree" if other["status"] == "agree" else "second_source_differs"
    return escape_md(t(f"digital.{key}", lang, source=catalog.dataset(ds).text("producer", lang),
                       value=fmt_number(other["value_b"] if ds == other["dataset_b"] else other["value_a"], lang)))


def status_note(lang: str = "id") -> str:
    return t("digital.status_note", lang, ntb=digital.value_text(digital.NTB_SHARE, lang),
             share=digital.value_text(digital.SHARE, lang), parts=fmt_number(digital.status_check()["parts_sum"], lang))


def kbli_note(lang: str = "id") -> str:
    """Under Table 2: how its rest was computed."""
    kbli = digital.kbli_data(lang)
    return kbli[kbli["style"] == digital.COMPUTED].iloc[0]["formula"]


def challenge_none_text(challenge, lang: str = "id") -> str:
    """A challenge the paper proposes no measure for, and the related ones that have none either."""
    related = ", ".join(iv.barrier_label(r, lang, tagged=True) for r in challenge.related_unaddressed)
    text = t("digital.challenge_none", lang)
    return text + (" " + t("digital.challenge_none_related", lang, related=escape_md(related)) if related else "")


# --- the regency map layer ----------------------------------------------------------------------

def map_params() -> tuple:
    """?layer= (an e-commerce layer with regency data) and ?period= (of that layer)."""
    return (Param("layer", One(), default=lambda v: (digital.map_layers() or [""])[0],
                  choices=lambda v: digital.map_layers()),
            maps.period_param(lambda v: digital.period_options(v["layer"]) if v["layer"] else [],
                              lambda v: digital.default_period(v["layer"]) if v["layer"] else None))


@cached(copy=maps.MapView.copy)
def layer_map_view(layer: str, period: str | None, lang: str = "id") -> maps.MapView:
    """The shared regency map (views.maps.map_view) of one e-commerce layer."""
    metric, category = digital.MAP_LAYERS[layer]
    view = maps.map_view(metric, period, None, lang=lang, category=category)
    return replace(view, filename=safe_filename(f"peta-{layer}-{period}"))


def map_notes(layer: str, view: maps.MapView, lang: str = "id") -> list[str]:
    """Under the map: each imported dataset's digital.provenance, then the regencies' sum against the
    province figure (counts only); escaped."""
    notes = [escape_md(t("digital.map_provenance", lang, citation=line)) for line in digital.provenance(view.datasets)]
    sums = digital.regency_sum_check(layer, view.option)
    if sums is not None:
        key = "map_sum_ok" if sums["status"] == "ok" else "map_sum_off"
        notes.append(escape_md(t(f"digital.{key}", lang, parts=fmt_number(sums["parts_sum"], lang),
                                 total=fmt_number(sums["total"], lang), n=int(sums["n_parts"]),
                                 source=catalog.dataset(sums["total_dataset"]).text("producer", lang))))
    return notes
