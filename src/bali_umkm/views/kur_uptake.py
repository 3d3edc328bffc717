"""The "Penyaluran KUR / KUR uptake" page's views: its charts, tables and words, from `kur`.

Assembles; computes nothing of its own (the figures, the computed ones and the derived-indicator
rules are `kur` and `bounds`). No Streamlit here: pages/kur_uptake.py lays it out, and the
briefing deck repeats `sector_view` and `national_view`.

Why one module of a little over 400 lines: it is one page's words (three charts, its cards,
the derived figures' tables and the barrier links), each piece short and read only by this page
and the deck; split, a change to the page would touch several files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .. import catalog, kur, quality
from .. import interventions as iv
from ..bounds import Computed, area_name, input_text, row_of
from ..cache import cached
from ..charts import base as chart_base
from ..charts import kur as kur_charts
from ..i18n import fmt_idr_exact, fmt_percent, norm_lang, t
from ..kur import DERIVED, NATIONAL, OMBUDSMAN, SECTOR_SHARES, realisation_gap, realisation_share, sector_remainder
from ..textsafe import escape_md, safe_filename
from ..urlcodec import Param
from . import maps
from .cards import Card

# The short cited notes: the paper's words for them are the barriers' (data/barriers.yaml, each
# found in the paper by a test): note -> (barrier id, a word that picks the fragment), in order.
NOTES = {
    "permenkop": (("kur_regulasi_terlambat", "Permenkop"), ("kur_perubahan_bunga", "suku bunga")),
    "cips": (("kur_agunan", "pihak bank"), ("kur_persyaratan", "memenuhi permintaan")),
}
NOTE_DATASETS = {"cips": "paper_kur_national"}  # the Permenkop sentence cites no source of its own
BARRIER_GROUP = "akses_kur"


def sector_shares(lang: str = "id", df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The paper's three sector shares and the computed remainder: sector, label, share,
    share_text, kind ("paper"/"computed"), figure (id or the formula)."""
    rows = []
    for fid in SECTOR_SHARES:
        r = row_of(fid, df)
        sector = r["category"].split("=", 1)[1]
        rows.append({"sector": sector, "label": t(f"kur_uptake.sector_{sector}", lang), "share": float(r["value"]),
                     "share_text": fmt_percent(float(r["value"]), lang), "kind": "paper", "figure": fid})
    rest = sector_remainder(df)
    rows.append({"sector": "lainnya", "label": t("kur_uptake.sector_lainnya", lang), "share": rest.value,
                 "share_text": rest.text(lang), "kind": "computed", "figure": rest.formula(lang)})
    out = pd.DataFrame(rows)
    out["kind_label"] = [t(f"kur_uptake.kind_{k}", lang) for k in out["kind"]]
    return out


@cached(copy=lambda s: None if s is None else s.copy())
def ombudsman_check() -> pd.Series | None:
    """The sum check of the three complaint shares (quality.sum_checks)."""
    checks = quality.sum_checks()
    hit = checks[(checks["metric"] == "kur_complaint_share") & (checks["dimension"] == "complaint")]
    return hit.iloc[0] if not hit.empty else None


def complaints(lang: str = "id", df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Ombudsman's complaint shares: complaint, label, share, barrier (the barrier id whose
    figure it is, data/barriers.yaml)."""
    by_figure = {f: b.id for b in iv.barriers() for f in b.figures}
    rows = []
    for fid in OMBUDSMAN:
        r = row_of(fid, df)
        kind = r["category"].split("=", 1)[1]
        rows.append({"complaint": kind, "label": t(f"kur_uptake.complaint_{kind}", lang), "share": float(r["value"]),
                     "fraction": float(r["value"]) / 100,
                     "share_text": fmt_percent(float(r["value"]), lang), "barrier": by_figure.get(fid, ""),
                     "figure": fid})
    return pd.DataFrame(rows)


def national_table(lang: str = "id") -> pd.DataFrame:
    """Readable: the realisation, the target, the computed share and gap."""
    share, gap = realisation_share(), realisation_gap()
    computed = t("kur_uptake.kind_computed", lang)
    rows = [(t("kur_uptake.national_realised", lang), input_text(NATIONAL[0], lang), t("kur_uptake.kind_paper", lang)),
            (t("kur_uptake.national_target", lang), input_text(NATIONAL[1], lang), t("kur_uptake.kind_paper", lang)),
            (t("kur_uptake.national_share", lang), share.text(lang), f"{computed}: {share.formula(lang)}"),
            (t("kur_uptake.national_gap", lang), gap.text(lang), f"{computed}: {gap.formula(lang)}")]
    return pd.DataFrame(rows, columns=[t(f"kur_uptake.col_{c}", lang) for c in ("what", "value", "how")])


def national_csv(lang: str = "id") -> pd.DataFrame:
    """Tidy: the realisation, the target, the computed share and gap, each with the caveat that
    goes with it (the realisation may be part-year against an annual target)."""
    share, gap = realisation_share(), realisation_gap()
    rows = [{"what": "kur_national_realisation", "value": float(row_of(NATIONAL[0])["value"]), "unit": "IDR",
             "qualifier": "=", "kind": "paper", "formula": ""},
            {"what": "kur_national_target", "value": float(row_of(NATIONAL[1])["value"]), "unit": "IDR",
             "qualifier": "=", "kind": "paper", "formula": ""},
            {"what": share.key, "value": round(share.value, 4), "unit": share.unit, "qualifier": share.qualifier,
             "kind": "computed", "formula": "kur_national_realisation / kur_national_target * 100"},
            {"what": gap.key, "value": gap.value, "unit": gap.unit, "qualifier": gap.qualifier,
             "kind": "computed", "formula": "kur_national_target - kur_national_realisation"}]
    out = pd.DataFrame(rows)
    out["caveat"] = " ".join(catalog.caveats(NATIONAL, lang))
    return out


# --- words for the derived figures --------------------------------------------------------------------

def indicator_label(key: str, lang: str = "id") -> str:
    """A derived indicator's whole name ("KUR per UMKM")."""
    return t(f"kur_uptake.indicator_{key}", lang)


def figure_words(figure_id: str, lang: str = "id") -> str:
    """A figure with its period and producer: 'Rp2,9 triliun · 2016 (Jan-Dec 2016) · OJK ...'."""
    row = row_of(figure_id)
    return " · ".join([input_text(figure_id, lang), catalog.period_text(row["year"], row["period"], lang),
                       catalog.dataset(row["dataset"]).text("producer", lang)])


@cached(copy=pd.DataFrame.copy)
def derived_frame(items: list[Computed], lang: str = "id") -> pd.DataFrame:
    """Tidy: one row per result (indicator, area, value, unit, qualifier, inputs, formula,
    reason), for the page's table and its CSV."""
    rows = []
    for c in items:
        start = figure_words(c.inputs[0], lang) if c.inputs else ""
        rows.append({"indicator": c.key, "indicator_label": indicator_label(c.key, lang), "area_code": c.area,
                     "from": start,
                     "area": area_name(c.area, lang), "value": None if c.refused else c.value,
                     "value_text": c.text(lang) if not c.refused else t("bounds.not_given", lang),
                     "unit": c.unit, "qualifier": c.qualifier, "inputs": " ; ".join(c.inputs),
                     "formula": "" if c.refused else c.formula(lang), "bound_note": c.bound_note(lang),
                     "reason": c.reason, "reason_text": c.reason_text(lang)})
    return pd.DataFrame(rows)


def derived_table(items: list[Computed], lang: str = "id") -> pd.DataFrame:
    """Readable: area, indicator, value (or "tidak diberikan"), how it was computed or why not."""
    frame = derived_frame(items, lang)
    how = [f or r for f, r in zip(frame["formula"], frame["reason_text"], strict=True)] if len(frame) else []
    return pd.DataFrame({
        t("kur_uptake.col_area", lang): frame.get("area", pd.Series(dtype=str)),
        t("kur_uptake.col_from", lang): frame.get("from", pd.Series(dtype=str)),
        t("kur_uptake.col_indicator", lang): frame.get("indicator_label", pd.Series(dtype=str)),
        t("kur_uptake.col_value", lang): frame.get("value_text", pd.Series(dtype=str)),
        t("kur_uptake.col_how", lang): how,
    })


def derived_sources(items: list[Computed]) -> list[str]:
    """Every dataset the results were computed from (or refused over), in order."""
    return list(dict.fromkeys(d for c in items for d in c.datasets))


def derived_pivot(items: list[Computed], lang: str = "id") -> pd.DataFrame:
    """Readable, one row per KUR figure and one column per indicator: the value, or "tidak
    diberikan: <why, in a few words>", or "–" where the indicator is not defined for that figure
    (KUR per capita of a scheme, of the Kredit Program)."""
    cols = [r.key for r in DERIVED]
    rows: dict[str, dict[str, str]] = {}
    for c in items:
        start = c.inputs[0] if c.inputs else ""
        cell = c.text(lang) if not c.refused else f"{t('bounds.not_given', lang)}: {c.short_reason(lang)}"
        rows.setdefault(start, {})[c.key] = cell
    out = []
    for start, cells in rows.items():
        out.append({t("kur_uptake.col_from", lang): figure_words(start, lang) if start else "–",
                    **{indicator_label(k, lang): cells.get(k, "–") for k in cols}})
    return pd.DataFrame(out, columns=[t("kur_uptake.col_from", lang), *[indicator_label(k, lang) for k in cols]])


def derived_summary(items: list[Computed], lang: str = "id") -> list[dict]:
    """Per indicator: the computed results and the refusals grouped by their reason, so nine
    regencies refused for one reason read as one sentence.

    [{"indicator": key, "label": ..., "computed": [Computed...], "refused": [(reason text, [areas])]}]
    """
    out = []
    for ratio_ in DERIVED:
        mine = [c for c in items if c.key == ratio_.key]
        if not mine:
            continue
        groups: dict[str, list[str]] = {}
        for c in mine:
            if c.refused:
                groups.setdefault(c.reason_text(lang), []).append(area_name(c.area, lang))
        out.append({"indicator": ratio_.key, "label": indicator_label(ratio_.key, lang),
                    "computed": [c for c in mine if not c.refused],
                    "refused": list(groups.items())})
    return out


# --- the charts, as the page and the briefing deck show them ----------------------------------------

SECTOR_PERIOD = "Triwulan I 2024"


@cached
def sector_view(lang: str = "id") -> chart_base.ChartView:
    """The Kredit Program's Q1 2024 sector shares, the computed remainder drawn apart."""
    sectors = sector_shares(lang)
    source = catalog.source_line("paper_sikp_bali", lang, period=SECTOR_PERIOD)
    title = t("kur_uptake.sector_chart_title", lang)
    chart = kur_charts.sector_bars(sectors, title=title, unit_label=t("kur_uptake.sector_unit", lang), lang=lang,
                                   legend_title=t("kur_uptake.sector_legend", lang),
                                   note=t("bounds.computed_caption", lang, formula=sector_remainder().formula(lang)))
    table = sectors[["label", "share_text", "kind_label", "figure"]].set_axis(
        [t("kur_uptake.col_sector", lang), t("kur_uptake.col_share", lang), t("kur_uptake.sector_legend", lang),
         t("kur_uptake.col_how", lang)], axis=1)
    alt_text = t("kur_uptake.sector_alt", lang, **dict(zip(sectors["sector"], sectors["share_text"], strict=True)))
    return chart_base.ChartView(chart, source, alt_text, table, sectors[["sector", "share", "kind", "figure"]],
                                "kredit-program-bali-sektor-2024q1", ["paper_sikp_bali"], title)


@cached
def national_view(lang: str = "id") -> chart_base.ChartView:
    """The national KUR realisation against its target, as a bullet chart."""
    share, gap = realisation_share(), realisation_gap()
    realised, target = (float(catalog.figure(i)["value"]) for i in NATIONAL)
    source = catalog.source_line("paper_kur_national", lang)
    title = t("kur_uptake.national_chart_title", lang)
    chart = kur_charts.bullet(
        realised, target, title=title,
        subtitle=[t("kur_uptake.national_subtitle", lang),
                  t("bounds.computed_caption", lang, formula=share.formula(lang)),
                  *catalog.caveats(NATIONAL, lang)],  # part-year against an annual target
        realised_label=t("kur_uptake.national_realised", lang), target_label=t("kur_uptake.national_target", lang),
        realised_text=f"{input_text(NATIONAL[0], lang)} ({share.text(lang)})",
        target_text=input_text(NATIONAL[1], lang), axis_title=t("kur_uptake.national_axis", lang), lang=lang)
    alt_text = " ".join([t("kur_uptake.national_alt", lang, realised=input_text(NATIONAL[0], lang),
                           target=input_text(NATIONAL[1], lang), share=share.text(lang), gap=gap.text(lang)),
                         *catalog.caveats(NATIONAL, lang)])
    return chart_base.ChartView(chart, source, alt_text, national_table(lang), national_csv(lang),
                                "kur-nasional-realisasi-target", ["paper_kur_national"], title)


@cached
def complaints_view(lang: str = "id") -> chart_base.ChartView:
    """The Ombudsman's shares of KUR complaints (2023), as bars."""
    rows = complaints(lang)
    source = catalog.source_line("paper_ombudsman_2023", lang)
    title = t("kur_uptake.complaints_chart_title", lang)
    chart = chart_base.bar(rows, category="label", value="fraction", title=title,
                           unit_label=t("kur_uptake.complaints_unit", lang), source=source, lang=lang, sort=None,
                           color=chart_base.PALETTE[5], value_format=".0%")
    alt_text = t("kur_uptake.complaints_alt", lang, **dict(zip(rows["complaint"], rows["share_text"], strict=True)))
    table = rows[["label", "share_text"]].set_axis([t("kur_uptake.col_complaint", lang),
                                                   t("kur_uptake.col_share", lang)], axis=1)
    return chart_base.ChartView(chart, source, alt_text, table, rows[["complaint", "share", "barrier", "figure"]],
                                "ombudsman-pengaduan-kur", ["paper_ombudsman_2023"], title)


# --- the cards ---------------------------------------------------------------------------------------

@cached(copy=list)
def bali_cards(lang: str = "id") -> list[Card]:
    """Bali's KUR as the paper quotes SIKP: the four figures, then the average loans and micro's
    shares computed from them."""
    loans = kur.average_loans()
    micro_debtors, micro_value = kur.bali_computed()
    return [*(Card(t(f"kur_uptake.card_{fid}", lang), fid) for fid in kur.BALI_SIKP),
            _computed(lang, "avg_kur_bali_value", loans["kur_bali_value"]),
            _computed(lang, "avg_kur_bali_mikro_value", loans["kur_bali_mikro_value"]),
            _computed(lang, "computed_micro_debtor_share", micro_debtors),
            _computed(lang, "computed_micro_value_share", micro_value)]


@cached(copy=list)
def program_cards(lang: str = "id") -> list[Card]:
    """The Kredit Program to 31 May 2024 and its KUR Mikro scheme, with the average loans and the
    scheme's shares computed from them."""
    loans = kur.average_loans()
    scheme_value, scheme_debtors = kur.scheme_computed()
    return [*(Card(t(f"kur_uptake.card_{fid}", lang), fid) for fid in (*kur.CREDIT_PROGRAM, *kur.KUR_MIKRO_SCHEME)),
            _computed(lang, "avg_credit_program_bali_value", loans["credit_program_bali_value"]),
            _computed(lang, "avg_kur_mikro_scheme_value", loans["kur_mikro_scheme_value"]),
            _computed(lang, "computed_scheme_value_share", scheme_value),
            _computed(lang, "computed_scheme_debtor_share", scheme_debtors)]


@cached(copy=list)
def national_cards(lang: str = "id") -> list[Card]:
    """The realisation's share of the target and the gap, computed."""
    return [_computed(lang, "national_share", realisation_share()), _computed(lang, "national_gap", realisation_gap())]


def _computed(lang: str, key: str, computed: Computed) -> Card:
    return Card(t("bounds.computed_label", lang, label=t(f"kur_uptake.{key}", lang)), computed=computed)


@cached
def loan_range_note(lang: str = "id") -> tuple[str, str] | None:
    """Whether KUR Mikro's average loan lies within the scheme's Rp10–100 juta: (level, text), or None
    when the average is not given."""
    average = kur.average_loans()["kur_mikro_scheme_value"]
    inside = kur.within_loan_range(average)
    if inside is None:
        return None
    low, high = loan_range(lang)
    return "info", t("kur_uptake.within_range" if inside else "kur_uptake.outside_range", lang,
                     avg=average.text(lang), low=low, high=high)


def loan_range(lang: str = "id") -> tuple[str, str]:
    """KUR Mikro's smallest and largest loan as written ("Rp10 juta", "Rp100 juta")."""
    low, high = (input_text(i, lang) for i in kur.KUR_MIKRO_LOAN)
    return low, high


def sum_check_text(check: pd.Series | None, lang: str = "id") -> tuple[str, str]:
    """(level, Markdown) for the sum check: level "warning" (mismatch or parts above the total),
    "info" (partial, or ok); the sentence gives both figures, the difference and both sources
    (every value escaped: source names may come from an imported file)."""
    lang = norm_lang(lang)
    if check is None:
        return "info", t("kur_uptake.sum_none", lang)
    parts = set(str(check["parts"]).split(", "))
    missing = [catalog.regency_name(c, lang) for c in catalog.REGENCY_CODES if c not in parts]
    words = {"parts": fmt_idr_exact(check["parts_sum"], lang), "total": fmt_idr_exact(check["total"], lang),
             "diff": fmt_idr_exact(abs(check["difference"]), lang), "n": int(check["n_parts"]),
             "missing": ", ".join(missing),
             "source_parts": catalog.dataset(check["parts_datasets"]).text("producer", lang),
             "source_total": catalog.dataset(check["total_dataset"]).text("producer", lang),
             "tolerance": fmt_idr_exact(check["tolerance"], lang)}
    words = {k: escape_md(v) for k, v in words.items()}
    same = check["parts_datasets"] == check["total_dataset"]
    status = check["status"]
    if status == "ok":
        return "info", t("kur_uptake.sum_ok", lang, **words)
    if status == "mismatch":
        key = "kur_uptake.sum_mismatch_same" if same else "kur_uptake.sum_mismatch"
        return "warning", t(key, lang, **words)
    if status == "parts_exceed_total":
        return "warning", t("kur_uptake.sum_exceeds", lang, **words)
    return "info", t("kur_uptake.sum_partial", lang, **words)


def regency_kur_table(code: str, lang: str = "id") -> pd.DataFrame:
    rows = kur.regency_kur(code)
    return pd.DataFrame({
        t("kur_uptake.col_indicator", lang): [catalog.metric_label(m, lang) for m in rows["metric"]],
        t("common.period", lang): [catalog.period_text(y, p, lang)
                                   for y, p in zip(rows["year"], rows["period"], strict=True)],
        t("kur_uptake.col_value", lang): [input_text(i, lang) for i in rows["id"]],
        t("common.source", lang): [catalog.dataset(d).text("producer", lang) for d in rows["dataset"]],
        t("common.trust", lang): [catalog.trust_word(x, lang) for x in rows["trust"]],
    })


# --- from barrier to measure ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BarrierLink:
    """An access-to-credit barrier, the paper's words for it, and the measures linked to it."""

    id: str
    label: str
    as_written: tuple[str, ...]
    sources: tuple[str, ...]
    figures: tuple[str, ...]
    n_measures: int
    n_paper: int            # linked by the paper itself (the rest is our reading: "editorial")
    params: dict[str, str]  # st.page_link(iv.PAGE, query_params=params)
    url: str                # the same link as a path, with the language


@cached(copy=list)
def credit_barriers(lang: str = "id") -> list[BarrierLink]:
    """The KUR barriers in the paper's order, each with the interventions page's filter for it."""
    out = []
    for bid in iv.barrier_ids(BARRIER_GROUP):
        b = iv.barrier(bid)
        out.append(BarrierLink(
            id=bid, label=b.label_in(lang), as_written=b.as_written, sources=b.sources, figures=b.figures,
            n_measures=len(iv.find(barrier=bid)), n_paper=len(iv.find(barrier=bid, link_source="paper")),
            params=iv.page_link_params(barrier=bid), url=iv.page_url(barrier=bid, lang=norm_lang(lang))))
    return out


def note_quotes(note: str) -> list[tuple[str, str]]:
    """The paper's words for a cited note ("permenkop" or "cips"): (barrier id, fragment), in the
    order the paper writes them."""
    out = []
    for bid, word in NOTES[note]:
        out.append((bid, next(w for w in iv.barrier(bid).as_written if word in w)))
    return out


# --- the regency map, its choice in the URL, and the derived figures ------------------------------

def url_params() -> tuple[Param, ...]:
    """?period= (a period of regency KUR; default the one covering most regencies) &regency=."""
    return (maps.period_param(lambda v: kur.period_options(), lambda v: kur.default_period()), maps.regency_param())


@cached(copy=maps.MapView.copy)
def regency_map_view(period: str, lang: str = "id", selected: str | None = None) -> maps.MapView:
    """Regency KUR on the shared map (views.maps.map_view)."""
    view = maps.map_view(kur.METRIC, period, None, lang=lang, selected=selected)
    return replace(view, filename=safe_filename(f"peta-kur-{period}"))


def period_label(period: str, lang: str = "id") -> str:
    option = period_option(period)
    return option.label(lang) if option is not None else period


def period_option(period: str):
    return next((o for o in kur.period_options() if o.key == period), None)


def derived_source(items: list[Computed], lang: str = "id", datasets: list[str] | None = None) -> str:
    """The source line of what the derived figures were computed from (or refused over)."""
    return catalog.source_line(derived_sources(items) or list(datasets or []), lang)


@cached
def sector_note(lang: str = "id") -> str:
    return t("kur_uptake.sector_note", lang, formula=escape_md(sector_remainder().formula(lang)))


@cached
def complaints_sum_note(lang: str = "id") -> str | None:
    check = ombudsman_check()
    return None if check is None else t("kur_uptake.complaints_sum", lang, sum=fmt_percent(check["parts_sum"], lang))


@cached
def barrier_group_note(lang: str = "id") -> str:
    group = iv.barrier_group(BARRIER_GROUP)
    return escape_md(iv.in_lang(group.note, lang)) if group.note else ""


def complaint_shares(lang: str = "id") -> dict[str, str]:
    """Barrier id -> the Ombudsman's share of complaints about it ("53%")."""
    rows = complaints(lang)
    return dict(zip(rows["barrier"], rows["share_text"], strict=True))
