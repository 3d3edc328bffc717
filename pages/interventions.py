"""Intervensi / Interventions: the paper's recommendations, filtered by actor, barrier and category.

The filter lives in the URL (?actor=lsm&barrier=kur_agunan&category=...&q=...), so a view can be
shared; a click on the actor × barrier matrix sets actor and barrier.
"""

import functools

import altair as alt
import streamlit as st

from bali_umkm import catalog, ui
from bali_umkm import interventions as iv
from bali_umkm.charts.base import responsive
from bali_umkm.charts.interventions import SELECTION, image_chart, matrix_heatmap
from bali_umkm.export import images
from bali_umkm.export import interventions as take_away
from bali_umkm.i18n import fmt_value, t

lang = ui.lang()
esc = ui.escape_md
LINK_CHOICES = ("all", *iv.LINK_SOURCES)


def current() -> iv.Filters:
    ss = st.session_state
    links = ss.get("iv_links", "all")
    return iv.Filters(actor=tuple(ss.get("iv_actor", ())), barrier=tuple(ss.get("iv_barrier", ())),
                      category=tuple(ss.get("iv_category", ())), q=ss.get("iv_q", "").strip(),
                      ids=tuple(ss.get("iv_ids", ())), partners=bool(ss.get("iv_partners", False)),
                      links=None if links == "all" else links)


def put(f: iv.Filters) -> None:
    st.session_state.update(iv_actor=list(f.actor), iv_barrier=list(f.barrier), iv_category=list(f.category),
                            iv_q=f.q, iv_partners=f.partners, iv_links=f.links or "all", iv_ids=list(f.ids))


def on_matrix_click() -> None:
    state = st.session_state.get("iv_matrix")
    points = state.selection.get(SELECTION, []) if state else []
    put(iv.filters_from_selection(points, current()))


def on_table_click() -> None:
    state = st.session_state.get("iv_matrix_table")
    cells = state.selection.get("cells", []) if state else []
    if cells:
        row, column = cells[0]
        labels = [iv.actor_label(a, ui.lang(), short=True) for a in iv.actor_ids()]
        if column in labels and 0 <= int(row) < len(iv.barrier_ids()):
            cell = {"actor": iv.actor_ids()[labels.index(column)], "barrier": iv.barrier_ids()[int(row)]}
            put(iv.filters_from_selection(cell, current()))


def show_barrier(barrier_id: str) -> None:
    put(iv.Filters(barrier=(barrier_id,), links=current().links))


# The first run on this page reads the filter from the URL; later runs keep the widgets' state.
ignored: list[str] = []
if "iv_actor" not in st.session_state:
    from_url, ignored = iv.parse_params({k: st.query_params.get_all(k) for k in iv.FILTER_KEYS})
    put(from_url)

st.title(t("interventions.title", lang))
if ignored:
    st.warning(t("interventions.ignored", lang, values=esc(", ".join(ignored))))
st.write(t("interventions.intro", lang, n=len(iv.interventions())))
with st.expander(t("interventions.how_title", lang)):
    st.markdown(t("interventions.how", lang))

# ---------------------------------------------------------------- filters
col_actor, col_category, col_barrier = st.columns(3)
col_actor.multiselect(t("interventions.actor", lang), iv.actor_ids(), key="iv_actor",
                      format_func=lambda a: iv.actor_label(a, lang), placeholder=t("interventions.actor_all", lang))
col_category.multiselect(t("interventions.category", lang), iv.category_ids(), key="iv_category",
                         format_func=lambda c: iv.category_label(c, lang),
                         placeholder=t("interventions.category_all", lang))
col_barrier.multiselect(t("interventions.barrier", lang), iv.barrier_ids(), key="iv_barrier",
                        format_func=lambda b: iv.barrier_label(b, lang, tagged=True),
                        placeholder=t("interventions.barrier_all", lang))
col_q, col_links = st.columns([3, 2])
col_q.text_input(t("interventions.search", lang), key="iv_q", max_chars=200,
                 placeholder=t("interventions.search_placeholder", lang), help=t("interventions.search_help", lang))
col_links.radio(t("interventions.links", lang), LINK_CHOICES, key="iv_links", horizontal=True,
                format_func=lambda v: t(f"interventions.links_{v}", lang))
col_partners, col_clear = st.columns([3, 2])
col_partners.checkbox(t("interventions.partners", lang), key="iv_partners", help=t("interventions.partners_help", lang))
col_clear.button(t("interventions.clear", lang), key="iv_clear", on_click=put, args=(iv.Filters(),),
                 icon=":material/filter_alt_off:")

state = current()
ui.sync_url({key: state.params().get(key) for key in iv.FILTER_KEYS})
shown = state.apply()
total = len(iv.interventions())
if state.ids:
    st.info(t("interventions.records_only", lang, ids=esc(", ".join(state.ids))))
    st.button(t("interventions.show_all_records", lang), key="iv_all_records",
              on_click=put, args=(iv.Filters(),))
st.markdown(f"**{t('interventions.n_shown', lang, shown=len(shown), total=total)}** · "
            f"{t('interventions.share_hint', lang)}")

# ---------------------------------------------------------------- actor × barrier matrix
st.subheader(t("interventions.matrix_title", lang))
scope = iv.filter(category=state.category, query=state.q)
grid = iv.matrix(scope, lang, link_source=state.links)
chart_args = dict(
    title=t("interventions.matrix_chart_title", lang), unit_label=t("interventions.matrix_unit", lang), lang=lang,
    tooltip_titles={"barrier": t("interventions.col_barrier", lang), "actor": t("interventions.col_actor", lang),
                    "n": t("interventions.col_n", lang)},
    selected={(a, b) for a in state.actor for b in state.barrier})
# stretched to the page, with limits that follow its width (base.responsive), so it fits a phone
heatmap = matrix_heatmap(grid, **chart_args).properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
st.altair_chart(responsive(heatmap), key="iv_matrix", on_select=on_matrix_click,
                selection_mode=[SELECTION], width="stretch", theme=None,
                alt=t("interventions.matrix_alt", lang, actors=len(iv.actor_ids()), barriers=len(iv.barrier_ids())))
st.caption(esc(iv.source_line(lang)))
st.caption(t("interventions.matrix_hint", lang) + " " + t("interventions.matrix_scope", lang))
with st.expander(t("interventions.view_as_table", lang)):
    st.dataframe(take_away.matrix_table(grid, lang), key="iv_matrix_table", on_select=on_table_click,
                 selection_mode="single-cell", width="stretch")
image, image_source = image_chart(grid, **chart_args), iv.source_line(lang)
ui.downloads([
    (t("interventions.download_png", lang), functools.partial(images.to_png, image, image_source),
     "intervensi-matriks.png", "image/png"),
    (t("interventions.download_svg", lang), functools.partial(images.to_svg, image, image_source),
     "intervensi-matriks.svg", "image/svg+xml"),
    (t("interventions.download_matrix_csv", lang), functools.partial(take_away.matrix_csv, grid, lang),
     "intervensi-matriks.csv", "text/csv"),
], key="iv_dl_matrix")
unaddressed = iv.unaddressed_barriers(state.links)
if unaddressed:
    st.info(t("interventions.unaddressed", lang,
              barriers="; ".join(esc(iv.barrier_label(b, lang, tagged=True)) for b in unaddressed)))

# ---------------------------------------------------------------- one barrier chosen: what the paper says
if len(state.barrier) == 1:
    b = iv.barrier(state.barrier[0])
    group = iv.barrier_group(b.group)
    with st.container(border=True):
        st.markdown(f"**{esc(t('interventions.barrier_panel', lang, label=b.label_in(lang)))}**")
        st.caption(f"{t('interventions.barrier_group', lang)}: {esc(group.label_in(lang))} · {esc(b.section)}")
        st.markdown(f"{t('interventions.barrier_written', lang)}:")
        for quote in b.as_written:
            st.markdown(f"> {esc(quote)}")
        if b.sources or group.sources:
            st.caption(f"{t('interventions.barrier_sources', lang)}: {esc('; '.join(b.sources or group.sources))}")
        for fig_id in b.figures:
            fig = catalog.figure(fig_id)
            st.caption(esc(f"{t('interventions.barrier_figures', lang)}: "
                           f"{fmt_value(fig['value'], fig['unit'], lang, fig['qualifier'])} · "
                           f"{catalog.source_short(fig['dataset'], lang, figure_id=fig_id)}"))
        if b.note:
            st.caption(esc(iv.in_lang(b.note, lang)))
        for rel in b.related:
            st.button(t("interventions.barrier_show", lang, label=iv.barrier_label(rel, lang, tagged=True)),
                      key=f"iv_related_{rel}", on_click=show_barrier, args=(rel,))

# ---------------------------------------------------------------- take-away
st.subheader(t("interventions.takeaway", lang))
ui.downloads([
    (t("interventions.download_csv", lang), functools.partial(take_away.to_csv, shown, lang),
     "intervensi-umkm-bali.csv", "text/csv"),
    (t("interventions.download_md", lang), functools.partial(take_away.to_markdown, shown, state, lang),
     "intervensi-umkm-bali.md", "text/markdown"),
    (t("interventions.download_checklist", lang), functools.partial(take_away.to_checklist_html, shown, state, lang),
     "intervensi-umkm-bali-daftar-periksa.html", "text/html"),
], key="iv_dl_list")
st.caption(t("interventions.takeaway_note", lang))

# ---------------------------------------------------------------- the cards
st.subheader(t("interventions.cards_title", lang, n=len(shown)))
if not shown:
    st.warning(t("interventions.none_found", lang))
for rec in shown:
    with st.container(border=True, key=f"iv_card_{rec.id}"):
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
            st.markdown(f"**{t('interventions.steps', lang)}**\n\n" + "\n".join(
                f"- {esc(f'({s.n}) ' if s.n else '')}{esc(s.text_in(lang))}" for s in rec.steps))
        if rec.example:
            st.markdown(f":material/location_on: **{t('interventions.example', lang)}:** "
                        f"{esc(iv.in_lang(rec.example, lang))}")
        badges = [f":{'blue' if link.source == 'paper' else 'gray'}-badge["
                  f"{esc(iv.barrier_label(link.id, lang, tagged=True))} · "
                  f"{t('interventions.badge_' + link.source, lang)}]" for link in rec.barriers]
        st.markdown(" ".join(badges))
        with st.expander(t("interventions.sources_title", lang)):
            evidence = [link for link in rec.barriers if link.source == "paper"]
            for link in evidence:
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
