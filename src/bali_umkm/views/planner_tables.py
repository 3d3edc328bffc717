"""How an outreach plan reads: its tables, sentences and map (views.planner builds the Plan).

No Streamlit here: pages/planner.py lays these out; export/plan.py writes the same tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from .. import catalog, geo, indicators
from ..cache import cached
from ..charts import choropleth
from ..charts.base import ChartView
from ..i18n import fmt_number, norm_lang, t
from ..planner_indicators import Candidate, candidates, refusal
from ..priority_index import MIN_REGENCIES, TOP_N, Choice, Perturbation
from . import maps
from .planner import SPARSE_BELOW, Plan


def availability_table(lang: str = "id") -> pd.DataFrame:
    """What the catalogue can support, for reading: per definition each available period on its
    own row, and the unavailable periods together with the reason."""
    lang = norm_lang(lang)
    col = {k: t(f"planner.col_{k}", lang) for k in ("indicator", "period", "regencies", "trust", "status")}
    rows = []
    groups: dict[str, list[Candidate]] = {}
    for c in candidates().values():
        groups.setdefault(c.definition.key, []).append(c)
    for items in groups.values():
        d = items[0].definition
        for c in (c for c in items if c.available):
            rows.append({col["indicator"]: d.label(lang), col["period"]: c.period_label(lang),
                         col["regencies"]: regencies_text(c.regencies, lang),
                         col["trust"]: catalog.trust_word(c.trust, lang) if c.trust else "–",
                         col["status"]: t("planner.status_available", lang)})
        for c in (c for c in items if c.reason == "refused"):  # the registry's rule refused it: why, each
            rows.append({col["indicator"]: d.label(lang), col["period"]: c.period_label(lang),
                         col["regencies"]: regencies_text(c.regencies, lang), col["trust"]: "–",
                         col["status"]: t("planner.reason_refused", lang, why=refusal(c.id, lang))})
        for reason in ("no_regency_data", "too_few"):
            off = [c for c in items if c.reason == reason]
            if not off:
                continue
            periods = "; ".join(c.period_label(lang) for c in off) if off[0].option else "–"
            have = sorted({r for c in off for r in c.regencies}, key=catalog.REGENCY_CODES.index)
            rows.append({col["indicator"]: d.label(lang), col["period"]: periods,
                         col["regencies"]: regencies_text(tuple(have), lang),
                         col["trust"]: "–",
                         col["status"]: t(f"planner.reason_{reason}", lang, n=MIN_REGENCIES,
                                          what=catalog.metric_label(d.ratio.denominator, lang)
                                          if d.ratio and d.ratio.denominator else "")})
    return pd.DataFrame(rows, columns=list(col.values()))


def regencies_text(codes: Sequence[str], lang: str = "id") -> str:
    """'semua 9' / 'Badung, Denpasar (2/9)' / 'tidak ada'."""
    if len(codes) == len(catalog.REGENCY_CODES):
        return t("planner.all_regencies", lang)
    if not codes:
        return t("planner.no_regencies", lang)
    if len(codes) > len(catalog.REGENCY_CODES) / 2:
        others = [c for c in catalog.REGENCY_CODES if c not in codes]
        return t("planner.all_but", lang, n=len(codes), regencies=", ".join(catalog.regency_name(c, lang)
                                                                            for c in others))
    return f"{', '.join(catalog.regency_name(c, lang) for c in codes)} ({len(codes)}/9)"


def direction_word(direction: str, lang: str = "id") -> str:
    return t(f"planner.direction_{direction}", lang)


def formula_text(choices: Sequence[Choice], lang: str = "id", excluded: Mapping[str, str] | None = None) -> str:
    """The index for these choices in plain words: '(1 × UMKM per 1.000 penduduk [tinggi] + ...) ÷ 5'."""
    lang = norm_lang(lang)
    cands = candidates()
    excluded = excluded or {}
    used = [c for c in choices if c.id not in excluded and c.weight > 0]
    terms = []
    for c in used:
        name = cands[c.id].label(lang) if c.id in cands else c.id
        terms.append(f"{fmt_number(c.weight, lang)} × {t('planner.score_of', lang, name=name)}"
                     f" [{direction_word(c.direction, lang)}]")
    total = fmt_number(sum(c.weight for c in used), lang)
    return t("planner.formula_instance", lang, terms=" + ".join(terms) or "–", total=total)


def index_text(value: float, lang: str = "id") -> str:
    return "–" if value is None or pd.isna(value) else fmt_number(value, lang, decimals=3)


def rank_text(row: Mapping, lang: str = "id") -> str:
    if pd.isna(row["rank"]):
        return t("planner.not_ranked", lang)
    return f"{int(row['rank'])}{'=' if row['tied'] else ''}"


def missing_text(plan: Plan, missing: Sequence[str]) -> str:
    return "; ".join(plan.candidates[m].label(plan.lang) for m in missing)


def ranking_table(plan: Plan) -> pd.DataFrame:
    """The ranking for reading: rank, regency, modelled index, each indicator's score, what is
    missing and the share of the weight used."""
    lang = plan.lang
    if plan.result is None:
        return pd.DataFrame()
    r = plan.result
    rows = []
    for _, row in r.ranking.iterrows():
        code = row["regency_code"]
        rec = {t("planner.col_rank", lang): rank_text(row, lang),
               t("planner.col_regency", lang): catalog.regency_name(code, lang),
               t("planner.col_index", lang): index_text(row["index"], lang)}
        for c in plan.choices:
            name = t("planner.col_score", lang, name=plan.candidates[c.id].label(lang))
            s = r.scores.at[code, c.id] if c.id in r.scores else math.nan
            if c.id in r.excluded:
                rec[name] = t("planner.score_excluded", lang)
            else:
                rec[name] = t("common.no_data", lang) if pd.isna(s) else fmt_number(s, lang, decimals=2)
        rec[t("planner.col_missing", lang)] = missing_text(plan, row["missing"]) or "–"
        rec[t("planner.col_weight_used", lang)] = f"{fmt_number(100 * row['weight_used'], lang, decimals=0)}%"
        rows.append(rec)
    return pd.DataFrame(rows)


def ranking_csv(plan: Plan) -> pd.DataFrame:
    """The ranking, tidy: one row per regency and indicator with value, score, period and trust."""
    if plan.result is None:
        return pd.DataFrame()
    r = plan.result
    ranking = r.ranking.set_index("regency_code")
    rows = []
    for code in ranking.index:
        for c in plan.choices:
            frame = plan.frames[c.id].set_index("regency_code")
            cand = plan.candidates[c.id]
            rows.append({
                "regency_code": code, "regency": catalog.regency_name(code, plan.lang),
                "rank": ranking.at[code, "rank"], "tied": ranking.at[code, "tied"],
                "index_modelled": ranking.at[code, "index"], "weight_used": ranking.at[code, "weight_used"],
                "indicator": c.id, "indicator_label": cand.label(plan.lang), "weight": c.weight,
                "direction": c.direction, "value": frame.at[code, "value"], "unit": frame.at[code, "unit"],
                "score": r.scores.at[code, c.id], "excluded": r.excluded.get(c.id, ""),
                "period": cand.period_label(plan.lang), "trust": frame.at[code, "trust"] or "",
                "dataset": frame.at[code, "dataset"] or "", "note": frame.at[code, "note"] or "",
            })
    return pd.DataFrame(rows)


def indicator_table(plan: Plan, notes: bool = True) -> pd.DataFrame:
    """The chosen indicators: name, period, trust, weight, direction, regencies with data, range
    and (notes=True) notes: period mismatch, undated, low trust, left out of the index."""
    lang = plan.lang
    rows = []
    for c in plan.choices:
        cand = plan.candidates[c.id]
        df = plan.frames[c.id]
        have = df[df["value"].notna()]
        unit = have["unit"].iloc[0] if not have.empty else ""
        lo = indicators.format_value(have["value"].min(), unit, lang) if not have.empty else "–"
        hi = indicators.format_value(have["value"].max(), unit, lang) if not have.empty else "–"
        rec = {
            t("planner.col_indicator", lang): cand.label(lang),
            t("planner.col_period", lang): cand.period_label(lang, short=not notes),
            t("planner.col_trust", lang): catalog.trust_word(cand.trust, lang) if cand.trust else "–",
            t("planner.col_weight", lang): fmt_number(c.weight, lang),
            t("planner.col_direction", lang): direction_word(c.direction, lang),
            t("planner.col_regencies", lang): regencies_text(tuple(have["regency_code"]), lang),
            t("planner.col_range", lang): f"{lo} – {hi}",
        }
        if notes:
            rec[t("planner.col_notes", lang)] = " ".join(indicator_notes(plan, c.id)) or "–"
        rows.append(rec)
    return pd.DataFrame(rows)


@cached(maxsize=256, copy=list)  # a plan is one object per state (compared by identity)
def indicator_notes(plan: Plan, cid: str) -> list[str]:
    """What a reader must know about one chosen indicator: left out of the index (and why), then
    maps.view_notes (undated, old, low trust, missing regencies, how it was computed,
    parts of different periods)."""
    cand = plan.candidates[cid]
    out = []
    if plan.result is not None and cid in plan.result.excluded:
        out.append(t(f"planner.excluded_{plan.result.excluded[cid]}", plan.lang))
    frame = plan.frames[cid]
    missing = int(frame["value"].isna().sum())
    if MIN_REGENCIES <= len(catalog.REGENCY_CODES) - missing <= SPARSE_BELOW:
        out.append(t("planner.note_sparse", plan.lang, n=len(catalog.REGENCY_CODES) - missing))
    general = t("indicators.warn_missing", plan.lang, n=missing) if missing else None
    for note in maps.view_notes(frame, cand.option, plan.lang):
        if note == general:  # the map's wording; here: which regencies, and what happens to them
            codes = tuple(frame.loc[frame["value"].isna(), "regency_code"])
            note = t("planner.note_missing", plan.lang, n=missing,
                     regencies=", ".join(catalog.regency_name(c, plan.lang) for c in codes))
        out.append(note)
    return out


def values_table(plan: Plan) -> pd.DataFrame:
    """The raw values behind the scores, formatted, regency × indicator."""
    lang = plan.lang
    out = {t("planner.col_regency", lang): [catalog.regency_name(c, lang) for c in catalog.REGENCY_CODES]}
    for c in plan.choices:
        df = plan.frames[c.id]
        out[plan.candidates[c.id].label(lang)] = [
            indicators.format_value(v, u or "", lang, q) for v, u, q in zip(df["value"], df["unit"], df["qualifier"],
                                                                            strict=True)]
    return pd.DataFrame(out)


def regency_order(plan: Plan) -> list[str]:
    """The 9 BPS codes in ranking order (unranked last); BPS order when there is no ranking."""
    if plan.result is None:
        return list(catalog.REGENCY_CODES)
    return list(plan.result.ranking["regency_code"])


@cached(maxsize=512)  # the regency picker asks for every option on every run
def regency_option_label(plan: Plan, code: str) -> str:
    """'Buleleng · peringkat 1 · indeks 0,790' for the regency picker."""
    lang = plan.lang
    name = catalog.regency_name(code, lang)
    if plan.result is None:
        return name
    row = plan.result.ranking.set_index("regency_code").loc[code]
    if pd.isna(row["rank"]):
        return t("planner.regency_option_unranked", lang, name=name)
    return t("planner.regency_option", lang, name=name, rank=rank_text(row, lang),
             index=index_text(row["index"], lang))


def map_frame(plan: Plan) -> pd.DataFrame:
    """The 9-row frame charts.choropleth.choropleth draws: the modelled index per regency, with
    rank, periods, sources and trust of the values used, and what is missing in its note."""
    lang = plan.lang
    ranking = plan.result.ranking.set_index("regency_code") if plan.result is not None else None
    rows = []
    for code in catalog.REGENCY_CODES:
        used = [c for c in plan.choices
                if plan.result is not None and not pd.isna(plan.result.scores.at[code, c.id])]
        frames = [plan.frames[c.id].set_index("regency_code").loc[code] for c in used]
        index = ranking.at[code, "index"] if ranking is not None else math.nan
        value_text = t("common.no_data", lang)
        note = ""
        if ranking is not None and not pd.isna(index):
            value_text = t("planner.map_value", lang, index=index_text(index, lang),
                           rank=rank_text(ranking.loc[code], lang))
        if ranking is not None and ranking.at[code, "missing"]:
            note = t("planner.map_missing", lang, what=missing_text(plan, ranking.at[code, "missing"]))
        periods = list(dict.fromkeys(plan.candidates[c.id].period_label(lang) for c in used))
        rows.append({
            "regency_code": code, "regency": catalog.regency_name(code, lang), "value": index,
            "value_text": value_text, "period_text": "; ".join(periods) or "–",
            "source_text": "; ".join(dict.fromkeys(catalog.dataset(f["dataset"]).text("producer", lang) for f in frames
                                                   if f["dataset"])) or "–",
            "trust_text": catalog.trust_word(indicators.worst_trust([f["trust"] for f in frames]), lang)
            if frames else "–",
            "note": note,
        })
    return pd.DataFrame(rows, columns=choropleth.FRAME_COLUMNS)


@cached
def index_map_view(plan: Plan) -> ChartView:
    """The modelled index on the shared regency map, with its table, alt text and source line; its
    CSV is the tidy ranking (`ranking_csv`)."""
    lang = plan.lang
    frame = map_frame(plan)
    n_flagged = int(plan.result.ranking["flagged"].sum()) if plan.result is not None else 0
    subtitle = [t("planner.map_subtitle", lang, n=len(plan.choices))]
    if n_flagged:
        subtitle.append(t("planner.map_flagged", lang, n=n_flagged))
    title = t("planner.map_title", lang)
    chart = choropleth.choropleth(frame, title=title, legend_title=t("planner.map_legend", lang), lang=lang,
                                  subtitle=subtitle, value_format=",.2f",
                                  selected=plan.regencies[0] if len(plan.regencies) == 1 else None)
    table = pd.DataFrame({
        t("planner.col_regency", lang): frame["regency"], t("planner.map_legend", lang): frame["value_text"],
        t("common.period", lang): frame["period_text"], t("common.source", lang): frame["source_text"],
        t("common.trust", lang): frame["trust_text"], t("planner.col_notes", lang): frame["note"],
    })
    top = plan.result.top(TOP_N) if plan.result is not None else ()
    alt_text = t("planner.map_alt", lang, n=int(frame["value"].notna().sum()),
                 top=", ".join(catalog.regency_name(c, lang) for c in top) or "–")
    source = " | ".join(x for x in [catalog.source_line(plan.datasets(), lang) if plan.datasets() else "",
                                    geo.attribution(lang)] if x)
    return ChartView(chart, source, alt_text, table, ranking_csv(plan), "indeks-model-prioritas-jangkauan",
                     plan.datasets(), title)


def move_text(run: Perturbation, lang: str = "id") -> str:
    """'+20%' / '−20%'."""
    return f"{'+' if run.factor > 1 else '−'}{fmt_number(round(abs(run.factor - 1) * 100), lang)}%"


def stability_text(plan: Plan) -> str:
    """One sentence: stable, or which moves change the top three (set or order)."""
    lang = plan.lang
    s = plan.stability
    if s is None:
        return ""
    top = ", ".join(catalog.regency_name(c, lang) for c in s.base_top)
    if s.stable:
        return t("planner.stable_yes", lang, n=len(s.runs), top=top)
    changes = "; ".join(f"{plan.candidates[r.id].label(lang)} {move_text(r, lang)} "
                        f"({t('planner.change_' + r.change, lang)})" for r in s.changed())
    return t("planner.stable_no", lang, n=len(s.runs), k=len(s.changed()), top=top, changes=changes)


def stability_table(plan: Plan) -> pd.DataFrame:
    lang = plan.lang
    if plan.stability is None:
        return pd.DataFrame()
    rows = []
    for r in plan.stability.runs:
        rows.append({
            t("planner.col_indicator", lang): plan.candidates[r.id].label(lang),
            t("planner.col_move", lang): move_text(r, lang),
            t("planner.col_weight", lang): fmt_number(round(r.weight, 3), lang),
            t("planner.col_top", lang): ", ".join(catalog.regency_name(c, lang) for c in r.top) or "–",
            t("planner.col_change", lang): t(f"planner.change_{r.change}", lang),
        })
    return pd.DataFrame(rows)


def flag_lines(plan: Plan) -> list[str]:
    """Which regencies are flagged for missing data (and on what share of the weight their score
    rests), and which are not ranked; plain text."""
    lang = plan.lang
    if plan.result is None:
        return []
    r = plan.result.ranking
    groups: dict[tuple, list[str]] = {}
    for _, row in r[r["flagged"] & r["rank"].notna()].iterrows():
        groups.setdefault((row["missing"], round(float(row["weight_used"]), 4)), []).append(row["regency_code"])
    items = [t("planner.flagged_item", lang, regencies=", ".join(catalog.regency_name(c, lang) for c in codes),
               what=missing_text(plan, missing), share=f"{fmt_number(100 * share, lang, decimals=0)}%")
             for (missing, share), codes in groups.items()]
    lines = [t("planner.flagged", lang, items="; ".join(items))] if items else []
    unranked = r[r["rank"].isna()]
    if not unranked.empty:
        lines.append(t("planner.unranked", lang,
                       regencies=", ".join(catalog.regency_name(c, lang) for c in unranked["regency_code"])))
    return lines or [t("planner.no_flags", lang)]
