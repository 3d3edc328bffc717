"""The outreach plan (bali_umkm.views.planner.Plan) as CSV, XLSX and Markdown.

Each carries what the plan rests on: the indicators with their periods, trust, weights and
directions, the formula, the ranking (a modelled index, labelled so), the stability check, the
chosen regencies and measures, the paper's full citation (`catalog.PAPER_CITATION`) and the source
line of every indicator used. Text cells are neutralised against spreadsheet formulas (CSV and
XLSX); text from the catalogue's metadata (imported datasets name their own producer) is escaped
in the Markdown. No Streamlit here.
"""

from __future__ import annotations

import io

import pandas as pd

from .. import catalog
from .. import interventions as iv
from ..catalog import PAPER_CITATION
from ..i18n import t
from ..textsafe import escape_md
from ..views import planner, planner_tables
from . import interventions as take_away
from .tables import neutralise, to_csv_bytes

PLAN_COLUMNS = ["regency_code", "regency", "rank", "index_modelled", "missing_indicators", "measure_id",
                "measure", "actor", "category", "barriers_chosen", "barriers", "text", "steps", "example_bali",
                "paper_section", "paper_number"]


def _steps(rec: iv.Intervention, lang: str) -> str:
    return " | ".join(f"({s.n}) {s.text_in(lang)}" if s.n else s.text_in(lang) for s in rec.steps)


def _regency_fields(plan: planner.Plan, code: str) -> dict:
    lang = plan.lang
    out = {"regency_code": code, "regency": catalog.regency_name(code, lang), "rank": "", "index_modelled": "",
           "missing_indicators": ""}
    if plan.result is not None:
        row = plan.result.ranking.set_index("regency_code").loc[code]
        out["rank"] = planner_tables.rank_text(row, lang)
        out["index_modelled"] = "" if pd.isna(row["index"]) else round(float(row["index"]), 6)
        out["missing_indicators"] = planner_tables.missing_text(plan, row["missing"])
    return out


def _measure_fields(plan: planner.Plan, rec: iv.Intervention) -> dict:
    lang = plan.lang
    chosen = [b for b in rec.barrier_ids() if b in plan.state.barriers]
    return {"measure_id": rec.id, "measure": rec.title_in(lang), "actor": iv.actor_label(rec.actor, lang),
            "category": iv.category_label(rec.category, lang),
            "barriers_chosen": " | ".join(iv.barrier_label(b, lang, tagged=True) for b in chosen),
            "barriers": " | ".join(iv.barrier_label(b, lang, tagged=True) for b in rec.barrier_ids()),
            "text": rec.text_in(lang), "steps": _steps(rec, lang), "example_bali": iv.in_lang(rec.example, lang),
            "paper_section": rec.section, "paper_number": rec.number or ""}


def plan_rows(plan: planner.Plan) -> pd.DataFrame:
    """One row per chosen regency and measure (a regency without measures, or a measure without
    regencies, still gets its row)."""
    regencies = [_regency_fields(plan, c) for c in plan.regencies] or [{}]
    measures = [_measure_fields(plan, r) for r in plan.measures] or [{}]
    blank = dict.fromkeys(PLAN_COLUMNS, "")
    rows = [{**blank, **r, **m} for r in regencies for m in measures if r or m]
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def plan_preview(plan: planner.Plan) -> pd.DataFrame:
    """The plan's rows as the page shows them: regency, rank, index, measure, actor, barriers."""
    lang = plan.lang
    cols = {"regency": "col_regency", "rank": "col_rank", "index_modelled": "col_index", "measure": "col_measure",
            "actor": "col_actor", "barriers_chosen": "col_barriers"}
    rows = plan_rows(plan)[list(cols)]
    rows["index_modelled"] = [planner_tables.index_text(v if v != "" else None, lang) for v in rows["index_modelled"]]
    return rows.rename(columns={k: t(f"planner.{v}", lang) for k, v in cols.items()})


def source_lines(plan: planner.Plan) -> list[str]:
    """The paper's citation, then the source line of every indicator used (each once)."""
    lines = [t("planner.paper_source", plan.lang, citation=PAPER_CITATION)]
    for cid, line in plan.source_lines().items():
        if line:
            lines.append(f"{plan.candidates[cid].label(plan.lang)}: {line}")
    return list(dict.fromkeys(lines))


def to_csv(plan: planner.Plan) -> bytes:
    """UTF-8 (BOM) CSV of `plan_rows`; every row's `source` column holds the citation and the
    indicators' source lines."""
    return to_csv_bytes(plan_rows(plan), " || ".join(source_lines(plan)))


def _header(plan: planner.Plan, url: str | None) -> list[str]:
    lang = plan.lang
    lines = [t("planner.export_title", lang), t("planner.export_made", lang, date=plan.made.isoformat()),
             t("planner.export_modelled", lang)]
    if url:
        lines.append(t("planner.export_link", lang, url=url))
    return lines


def _sheet(wb, title: str, df: pd.DataFrame) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(title[:31])
    ws.append([str(c) for c in df.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        ws.append([_xl(v) for v in row])
    for i, col in enumerate(df.columns, start=1):
        width = max([len(str(col)), *(len(str(v)) for v in df.iloc[:, i - 1])])
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(max(width + 2, 10), 60)
    ws.freeze_panes = "A2"


def _xl(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, (bool, int, float)):
        return value
    if hasattr(value, "item"):
        return value.item()
    return neutralise(str(value))


def to_xlsx(plan: planner.Plan, url: str | None = None) -> bytes:
    """A workbook: the plan, the ranking (tidy: each regency × indicator with value, score, period,
    trust), the indicators, the stability runs and the sources."""
    lang = plan.lang
    # openpyxl only when a workbook is asked for: importing it costs the planner page ~0,25 s
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, t("planner.sheet_plan", lang), plan_rows(plan))
    _sheet(wb, t("planner.sheet_ranking", lang), planner_tables.ranking_csv(plan) if plan.result is not None
           else pd.DataFrame({"error": [plan.error.message(lang) if plan.error else ""]}))
    _sheet(wb, t("planner.sheet_indicators", lang), planner_tables.indicator_table(plan))
    _sheet(wb, t("planner.sheet_stability", lang), planner_tables.stability_table(plan))
    ws = wb.create_sheet(t("planner.sheet_sources", lang))
    lines = [*_header(plan, url), t("planner.formula_general", lang).replace("**", ""),
             planner_tables.formula_text(plan.choices, lang, plan.result.excluded if plan.result else None),
             planner_tables.stability_text(plan), "", *source_lines(plan)]
    for line in lines:
        ws.append([neutralise(line)])
    ws.column_dimensions["A"].width = 120
    for row in ws.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=13)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _md_table(df: pd.DataFrame) -> list[str]:
    if df.empty:
        return []

    def cell(v: object) -> str:
        return escape_md(" ".join(str(v).split()))

    head = "| " + " | ".join(cell(c) for c in df.columns) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return [head, rule, *body, ""]


def to_markdown(plan: planner.Plan, url: str | None = None) -> str:
    """A Markdown document of the plan, readable on its own and printable."""
    lang = plan.lang
    title, *meta = _header(plan, None)
    out = [f"# {title}", "", *(f"{m}  " for m in meta)]
    if url:  # made of ids the planner checked; a code span keeps it verbatim
        out.append(t("planner.export_link", lang, url=f"`{url.replace('`', '')}`"))
    out.append("")
    out += [f"## {t('planner.step_indicators', lang)}", "", *_md_table(planner_tables.indicator_table(plan))]
    out += [f"**{t('planner.formula_title', lang)}.** {t('planner.formula_general', lang)}", "",
            escape_md(planner_tables.formula_text(plan.choices, lang,
                                                  plan.result.excluded if plan.result else None)), ""]
    out += [f"## {t('planner.step_ranking', lang)}", ""]
    if plan.result is None:
        reason = plan.error.message(lang) if plan.error else ""
        out += [escape_md(t("planner.export_no_ranking", lang, reason=reason)), ""]
    else:
        out += _md_table(planner_tables.ranking_table(plan))
        for line in planner_tables.flag_lines(plan):
            out += [escape_md(line), ""]
        out += [f"### {t('planner.step_stability', lang)}", "", escape_md(planner_tables.stability_text(plan)), ""]
    out += [f"## {t('planner.step_plan', lang)}", "", f"### {t('planner.export_regencies', lang)}", ""]
    if plan.regencies:
        for code in plan.regencies:
            f = _regency_fields(plan, code)
            rank = f" ({t('planner.col_rank', lang)} {f['rank']}, {t('planner.col_index', lang)} "\
                   f"{planner_tables.index_text(f['index_modelled'] if f['index_modelled'] != '' else None, lang)})" \
                if plan.result is not None else ""
            out.append(f"- {escape_md(f['regency'] + rank)}")
        out.append("")
    else:
        out += [t("planner.no_regencies_chosen", lang), ""]
    out += [f"### {t('planner.export_measures', lang)}", ""]
    if not plan.measures:
        out += [t("planner.no_measures_chosen", lang), ""]
    for i, rec in enumerate(plan.measures, 1):  # the paper's records, as the Intervensi export writes them
        out += take_away.record_markdown(rec, lang, f"#### {i}.")
    out += [f"## {t('planner.export_sources', lang)}", ""]
    first, *rest = source_lines(plan)  # the paper's citation is our own text: its DOI stays a link
    out += [f"- {first}", *(f"- {escape_md(line)}" for line in rest)]
    out.append("")
    return "\n".join(out)

