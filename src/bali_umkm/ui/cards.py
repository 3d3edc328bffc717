"""Cards and lines every page shares: a figure card, a computed figure's card, a recommendation
(measure) card, the source line under a group of cards, a link line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import catalog
from .. import interventions as iv
from ..bounds import Computed
from ..i18n import fmt_figure, t
from ..textsafe import escape_md, safe_url
from ..views.cards import Card
from .page import lang as current_lang


def link_line(label: str, url: str) -> None:
    """'Label: <link>' where the link text is the URL, escaped; non-web text is shown as text."""
    target = safe_url(url)
    if target:
        st.markdown(f"{label}: [{escape_md(url)}]({target})")
    else:
        st.markdown(f"{label}: {escape_md(url)}")


def source_note(dataset_ids: str | list[str], period: str | None = None, full_line: str | None = None) -> None:
    """The short "Sumber: ..." line under a figure, a group of cards, a table or a chart
    (producer, period, trust), and the full record one click away: the whole source line
    (`full_line`, default catalog.source_line) and each dataset's citation, licence, URL and notes."""
    lang = current_lang()
    ids = [dataset_ids] if isinstance(dataset_ids, str) else list(dict.fromkeys(dataset_ids))
    if not ids:  # nothing to shorten: the line as given
        st.caption(escape_md(full_line or ""))
        return
    st.caption(escape_md(catalog.source_brief(ids, lang, period)))
    with st.expander(t("catalog.full_record", lang)):
        st.caption(escape_md(full_line or catalog.source_line(ids, lang, period)))
        for ds_id in ids:
            rec = catalog.source_record(ds_id, lang)
            st.markdown(f"**{escape_md(rec['title'])}**")
            # one caption, a line per field (a Markdown hard break): a page draws dozens of these
            # records, and every element costs the server and the browser alike
            st.caption("  \n".join(f"{t(f'catalog.field_{field}', lang)}: {escape_md(rec[field])}"
                                    for field in ("producer", "citation", "paper_citation", "period", "licence",
                                                  "trust", "notes") if field in rec))
            if "url" in rec:
                link_line(t("catalog.field_url", lang), rec["url"])


def figure_card(label: str, figure_id: str, *, help_text: str | None = None) -> None:
    """A headline figure: the value as its source wrote it (i18n.fmt_figure: 'Rp3.009,38 miliar'),
    its period and short source. The full source line (with licence) goes once under the group
    of cards: `source_note`."""
    fig = catalog.figure(figure_id)
    lang = current_lang()
    st.metric(label, fmt_figure(fig["value"], fig["unit"], lang, fig["qualifier"]), help=help_text)
    period = catalog.period_label(fig["period"], lang) or ("" if pd.isna(fig["year"]) else str(fig["year"]))
    lines = [f"{t('common.period', lang)}: {period or t('common.undated', lang)}",
             catalog.source_short(fig["dataset"], lang, figure_id=figure_id),
             catalog.figure_text(figure_id, "caveat", lang)]
    st.caption("  \n".join(escape_md(line) for line in lines if line))  # one element, a line each


def computed_card(label: str, computed: Computed) -> None:
    """A figure computed from figures (bounds.Computed): its value, or "tidak diberikan"; the
    formula or the reason it is not given; why a bound is a bound."""
    lang = current_lang()
    st.metric(label, computed.text(lang) if not computed.refused else t("bounds.not_given", lang))
    lines = [t("bounds.refused_caption", lang, reason=escape_md(computed.reason_text(lang))) if computed.refused
             else t("bounds.computed_caption", lang, formula=escape_md(computed.formula(lang)))]
    if computed.bound:
        lines.append(escape_md(computed.bound_note(lang)))
    lines += [escape_md(caveat) for caveat in catalog.caveats(computed.inputs, lang)]  # its inputs' caveats
    st.caption("  \n".join(lines))


def card(item: Card) -> None:
    """Any card (views.cards.Card): a figure, a computed figure, or a value with its notes."""
    if item.figure_id:
        figure_card(item.label, item.figure_id)
    elif item.computed is not None:
        computed_card(item.label, item.computed)
    else:
        st.metric(item.label, item.value)
        if item.notes:
            st.caption("  \n".join(item.notes))


def cards(items: list[Card], per_row: int | None = None) -> None:
    """Cards in bordered boxes, `per_row` to a row (default: all in one row)."""
    per_row = per_row or len(items)
    for start in range(0, len(items), per_row):
        row = items[start:start + per_row]
        for col, item in zip(st.columns(per_row), row, strict=False):
            with col, st.container(border=True):
                card(item)


def measure_card(rec: iv.Intervention, *, brief: bool = False) -> None:
    """One of the paper's recommendations. In full (the interventions page): title, actor,
    category, where the paper has it, its words (and the Indonesian original in English), detail,
    steps, the Bali example, barrier badges (blue: the paper's own link, grey: editorial) and an
    expander with the evidence, the list it belongs to, the works cited and notes. Brief (the
    planner's plan, inside an expander named after it): actor · category · section, its words,
    steps, the example and the barriers it addresses."""
    lang = current_lang()
    esc = escape_md
    if brief:
        st.caption(esc(f"{iv.actor_label(rec.actor, lang)} · {iv.category_label(rec.category, lang)} · {rec.section}"))
        st.markdown(esc(rec.text_in(lang)))
        if rec.steps:
            st.markdown(f"**{t('planner.steps', lang)}**\n\n" + _steps(rec, lang))
        if rec.example:
            st.markdown(f"**{t('planner.example', lang)}:** {esc(iv.in_lang(rec.example, lang))}")
        st.caption(esc(f"{t('planner.barriers_addressed', lang)}: "
                       + "; ".join(iv.barrier_label(b, lang, tagged=True) for b in rec.barrier_ids())))
        return
    st.markdown(f"#### {esc(rec.title_in(lang))}")
    meta = [iv.actor_label(rec.actor, lang), iv.category_label(rec.category, lang), rec.section]
    if rec.number:
        meta.append(f"{t('interventions.number', lang)}: {rec.number.rstrip('.')}")
    if rec.actor_source == "editorial":
        meta.append(t("interventions.actor_editorial", lang))
    st.caption(esc(" · ".join(meta)))
    st.markdown(esc(rec.text_in(lang)))
    if lang != "id":
        st.caption(esc(f"{t('interventions.paper_words', lang)}: “{rec.text['id']}”"))
    if rec.detail:
        st.markdown(esc(iv.in_lang(rec.detail, lang)))
    if rec.steps:
        st.markdown(f"**{t('interventions.steps', lang)}**\n\n" + _steps(rec, lang))
    if rec.example:
        st.markdown(f":material/location_on: **{t('interventions.example', lang)}:** "
                    f"{esc(iv.in_lang(rec.example, lang))}")
    badges = [f":{'blue' if link.source == 'paper' else 'gray'}-badge["
              f"{esc(iv.barrier_label(link.id, lang, tagged=True))} · "
              f"{t('interventions.badge_' + link.source, lang)}]" for link in rec.barriers]
    st.markdown(" ".join(badges))
    with st.expander(t("interventions.sources_title", lang)):
        for link in (link for link in rec.barriers if link.source == "paper"):
            st.markdown(f"{esc(iv.barrier_label(link.id, lang))} — {t('interventions.evidence', lang)}: "
                        f"“{esc(link.evidence)}”")
        lead = iv.paper_list(rec.list).lead
        st.markdown(f"{t('interventions.list_lead', lang)}: “{esc(lead['id'])}”")
        if rec.citations:
            st.markdown(f"**{t('interventions.cited', lang)}**\n\n" + "\n".join(
                f"- {esc(c)}: {esc(iv.reference_for(c) or t('interventions.no_reference', lang))}"
                for c in rec.citations))
        if rec.other_actors:
            st.markdown(f"{t('interventions.partners_named', lang)}: "
                        + esc(", ".join(iv.actor_label(a, lang) for a in rec.other_actors)))
        if rec.actor_note:
            st.caption(esc(iv.in_lang(rec.actor_note, lang)))
        if rec.note:
            st.caption(esc(f"{t('interventions.note', lang)}: {iv.in_lang(rec.note, lang)}"))


def _steps(rec: iv.Intervention, lang: str) -> str:
    return "\n".join(f"- {escape_md(f'({s.n}) ' if s.n else '')}{escape_md(s.text_in(lang))}" for s in rec.steps)
