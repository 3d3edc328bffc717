"""Take-aways of a filtered list of recommendations: CSV, Markdown and a printable HTML checklist.

Each carries the paper's full citation (`catalog.PAPER_CITATION`), the filter that produced it and
the date. Text that came from a user (the search words) is escaped; the HTML checklist escapes
everything and forbids scripts and remote content (Content-Security-Policy), so it is inert when
opened from disk. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

import pandas as pd

from .. import interventions as iv
from ..catalog import PAPER_CITATION
from ..i18n import fmt_number, t
from ..textsafe import escape_md
from .tables import to_csv_bytes


def _steps(rec: iv.Intervention, lang: str) -> list[str]:
    return [f"({s.n}) {s.text_in(lang)}" if s.n else s.text_in(lang) for s in rec.steps]


def _barriers(rec: iv.Intervention, lang: str, source: str) -> list[str]:
    return [iv.barrier_label(b.id, lang, tagged=True) for b in rec.barriers if b.source == source]


def table(records: Sequence[iv.Intervention], lang: str = "id") -> pd.DataFrame:
    """One row per recommendation, in `lang`, with the paper's own words kept alongside."""
    rows = []
    for rec in records:
        rows.append({
            "id": rec.id,
            "actor": iv.actor_label(rec.actor, lang),
            "actor_source": rec.actor_source,
            "category": iv.category_label(rec.category, lang),
            "title": rec.title_in(lang),
            "text": rec.text_in(lang),
            "text_paper_id": rec.text["id"],
            "detail": iv.in_lang(rec.detail, lang),
            "steps": " | ".join(_steps(rec, lang)),
            "example_bali": iv.in_lang(rec.example, lang),
            "barriers_paper": " | ".join(_barriers(rec, lang, "paper")),
            "barriers_editorial": " | ".join(_barriers(rec, lang, "editorial")),
            "other_actors": " | ".join(iv.actor_label(a, lang) for a in rec.other_actors),
            "citations": " | ".join(rec.citations),
            "paper_section": rec.section,
            "paper_number": rec.number or "",
            "note": iv.in_lang(rec.note, lang),
        })
    return pd.DataFrame(rows, columns=["id", "actor", "actor_source", "category", "title", "text", "text_paper_id",
                                       "detail", "steps", "example_bali", "barriers_paper", "barriers_editorial",
                                       "other_actors", "citations", "paper_section", "paper_number", "note"])


def to_csv(records: Sequence[iv.Intervention], lang: str = "id") -> bytes:
    """UTF-8 (BOM) CSV; every row carries the paper's full citation in its `source` column."""
    return to_csv_bytes(table(records, lang), PAPER_CITATION)


def _header_lines(records: Sequence[iv.Intervention], filters: iv.Filters, lang: str,
                  today: dt.date) -> dict[str, str]:
    return {
        "title": t("interventions.export_title", lang),
        "filters": "; ".join(iv.describe_filters(filters, lang)),
        "count": t("interventions.n_shown", lang, shown=fmt_number(len(records), lang),
                   total=fmt_number(len(iv.interventions()), lang)),
        "made": t("interventions.export_made", lang, date=today.isoformat()),
        "source": f"{t('common.source', lang)}: {PAPER_CITATION}",
        "links": t("interventions.links_explained", lang),
    }


def record_markdown(rec: iv.Intervention, lang: str = "id", heading: str = "##") -> list[str]:
    """One recommendation in full as Markdown lines: `heading` then its title (e.g. "## 3."), actor,
    category, section, the paper's words, steps, the Bali example, barriers (paper and editorial
    links apart), the works cited and notes. Used by `to_markdown` and the outreach plan."""
    w = {k: t(f"interventions.{k}", lang) for k in (
        "actor", "category", "section", "number", "steps", "example", "barriers_paper", "barriers_editorial",
        "cited", "note", "paper_words", "partners_named", "actor_editorial")}
    out = [f"{heading} {rec.title_in(lang)}", ""]
    meta = [f"**{w['actor']}:** {iv.actor_label(rec.actor, lang)}"
            + (f" ({w['actor_editorial']})" if rec.actor_source == "editorial" else ""),
            f"**{w['category']}:** {iv.category_label(rec.category, lang)}",
            f"**{w['section']}:** {rec.section}"]
    if rec.number:
        meta.append(f"**{w['number']}:** {rec.number.rstrip('.')}")
    out += [" · ".join(meta), "", f"> {rec.text_in(lang)}", ""]
    if lang != "id":
        out += [f"{w['paper_words']}: \u201c{rec.text['id']}\u201d", ""]
    if rec.detail:
        out += [iv.in_lang(rec.detail, lang), ""]
    if rec.steps:
        out += [f"**{w['steps']}:**", ""] + [f"- {s}" for s in _steps(rec, lang)] + [""]
    if rec.example:
        out += [f"**{w['example']}:** {iv.in_lang(rec.example, lang)}", ""]
    if rec.other_actors:
        out += [f"**{w['partners_named']}:** " + ", ".join(iv.actor_label(a, lang) for a in rec.other_actors), ""]
    for source in ("paper", "editorial"):
        labels = _barriers(rec, lang, source)
        if labels:
            out += [f"**{w['barriers_' + source]}:** " + "; ".join(labels), ""]
    if rec.citations:
        out += [f"**{w['cited']}:**", ""]
        out += [f"- {c}: {iv.reference_for(c) or t('interventions.no_reference', lang)}" for c in rec.citations]
        out += [""]
    if rec.actor_note:
        out += [f"_{iv.in_lang(rec.actor_note, lang)}_", ""]
    if rec.note:
        out += [f"**{w['note']}:** {iv.in_lang(rec.note, lang)}", ""]
    return out


def to_markdown(records: Sequence[iv.Intervention], filters: iv.Filters | None = None, lang: str = "id",
                today: dt.date | None = None) -> str:
    """A Markdown document: the filter, the citation, then each recommendation in full."""
    head = _header_lines(records, filters or iv.Filters(), lang, today or dt.date.today())
    out = [f"# {head['title']}", "", f"{escape_md(head['filters'])}  ", f"{head['count']}  ", head["made"], "",
           f"{head['source']}", "", f"_{head['links']}_", ""]
    for i, rec in enumerate(records, 1):
        out += record_markdown(rec, lang, f"## {i}.")
    out += ["---", "", head["source"], ""]
    return "\n".join(out)


_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; max-width: 46rem; margin: 1.5rem auto;
       line-height: 1.4; color: #111; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; }
.meta { color: #444; font-size: .85rem; }
ol.items { padding-left: 1.2rem; }
li.item { break-inside: avoid; border-top: 1px solid #bbb; padding: .6rem 0; }
li.item > label { font-weight: bold; }
ul.steps { list-style: none; padding-left: 1.4rem; margin: .3rem 0; }
.text { margin: .3rem 0 .3rem 1.6rem; }
.fill { margin: .4rem 0 0 1.6rem; font-size: .85rem; color: #333; }
footer { border-top: 2px solid #111; margin-top: 1rem; padding-top: .5rem; font-size: .85rem; }
@page { margin: 14mm; }
@media print { body { margin: 0; max-width: none; } input { accent-color: #000; } }
"""


def to_checklist_html(records: Sequence[iv.Intervention], filters: iv.Filters | None = None, lang: str = "id",
                      today: dt.date | None = None) -> str:
    """A printable checklist: a box for each recommendation and each of its steps, the Bali example,
    the barriers, who acts, space for who is responsible and by when, and the citation."""
    e = html.escape
    head = _header_lines(records, filters or iv.Filters(), lang, today or dt.date.today())
    w = {k: t(f"interventions.{k}", lang) for k in (
        "actor", "example", "barriers_paper", "barriers_editorial", "cited", "responsible", "deadline", "section",
        "number")}
    items = []
    for i, rec in enumerate(records, 1):
        steps = "".join(
            f'<li><input type="checkbox" id="s{i}_{j}"> <label for="s{i}_{j}">{e(s)}</label></li>'
            for j, s in enumerate(_steps(rec, lang), 1))
        parts = [f'<li class="item"><input type="checkbox" id="r{i}"> '
                 f'<label for="r{i}">{e(rec.title_in(lang))}</label>',
                 f'<div class="meta text">{e(w["actor"])}: {e(iv.actor_label(rec.actor, lang))} · '
                 f'{e(iv.category_label(rec.category, lang))} · {e(w["section"])}: {e(rec.section)}'
                 f'{" · " + e(w["number"]) + ": " + e(rec.number.rstrip(".")) if rec.number else ""}</div>',
                 f'<div class="text">{e(rec.text_in(lang))}</div>']
        if steps:
            parts.append(f'<ul class="steps">{steps}</ul>')
        if rec.example:
            parts.append(f'<div class="text"><b>{e(w["example"])}:</b> {e(iv.in_lang(rec.example, lang))}</div>')
        for source in ("paper", "editorial"):
            labels = _barriers(rec, lang, source)
            if labels:
                parts.append(f'<div class="meta text">{e(w["barriers_" + source])}: {e("; ".join(labels))}</div>')
        if rec.citations:
            parts.append(f'<div class="meta text">{e(w["cited"])}: {e("; ".join(rec.citations))}</div>')
        parts.append(f'<div class="fill">{e(w["responsible"])}: ______________________ '
                     f'{e(w["deadline"])}: ____________</div></li>')
        items.append("".join(parts))
    return (
        f'<!doctype html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(head["title"])}</title>'
        f'<style>{_CSS}</style></head><body>'
        f'<h1>{e(head["title"])}</h1>'
        f'<p class="meta">{e(head["filters"])}<br>{e(head["count"])}<br>{e(head["made"])}</p>'
        f'<p class="meta">{e(head["source"])}<br>{e(head["links"])}</p>'
        f'<ol class="items">{"".join(items)}</ol>'
        f'<footer>{e(head["source"])}</footer></body></html>\n'
    )
