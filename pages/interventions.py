"""Intervensi / Interventions: the paper's recommendations, filtered by actor, barrier and category.

The filter lives in the URL (?actor=lsm&barrier=kur_agunan&category=...&q=..., views.interventions),
so a view can be shared; a click on the actor × barrier matrix sets actor and barrier.
"""

import functools

import streamlit as st

from bali_umkm import catalog, ui
from bali_umkm import interventions as iv
from bali_umkm.charts.interventions import SELECTION
from bali_umkm.export import interventions as take_away
from bali_umkm.i18n import fmt_value, t
from bali_umkm.views import interventions as views

lang = ui.lang()
esc = ui.escape_md
ps = ui.page_state("iv", views.url_params())


def set_filter(filters: iv.Filters) -> None:
    ps.update(**views.values_of(filters))


def on_matrix_click() -> None:
    event = st.session_state.get("iv_matrix")
    points = event.selection.get(SELECTION, []) if event else []
    set_filter(iv.filters_from_selection(points, views.filters_of(ps)))


def on_table_click() -> None:
    event = st.session_state.get("iv_matrix_table")
    cells = event.selection.get("cells", []) if event else []
    if cells:
        row, column = cells[0]
        set_filter(views.cell_filter(row, column, views.filters_of(ps), ui.lang()))


st.title(t("interventions.title", lang))
ui.url_notes(ps)
st.write(t("interventions.intro", lang, n=len(iv.interventions())))
with st.expander(t("interventions.how_title", lang)):
    st.markdown(t("interventions.how", lang))

@ui.fragment
def filtered() -> None:
    """The filters and what they filter (the matrix, a barrier's panel, the take-away, the cards):
    a change reruns this part alone."""
    # ---------------------------------------------------------------- filters
    col_actor, col_category, col_barrier = st.columns(3)
    ps.multiselect("actor", t("interventions.actor", lang), container=col_actor,
                   format_func=lambda a: iv.actor_label(a, lang), placeholder=t("interventions.actor_all", lang))
    ps.multiselect("category", t("interventions.category", lang), container=col_category,
                   format_func=lambda c: iv.category_label(c, lang), placeholder=t("interventions.category_all", lang))
    ps.multiselect("barrier", t("interventions.barrier", lang), container=col_barrier,
                   format_func=lambda b: iv.barrier_label(b, lang, tagged=True),
                   placeholder=t("interventions.barrier_all", lang))
    col_q, col_links = st.columns([3, 2])
    ps.text_input("q", t("interventions.search", lang), container=col_q, max_chars=200,
                  placeholder=t("interventions.search_placeholder", lang), help=t("interventions.search_help", lang))
    ps.radio("links", t("interventions.links", lang), container=col_links, horizontal=True,
             format_func=lambda v: views.links_label(v, lang))
    col_partners, col_clear = st.columns([3, 2])
    ps.checkbox("partners", t("interventions.partners", lang), container=col_partners,
                help=t("interventions.partners_help", lang))
    col_clear.button(t("interventions.clear", lang), key="iv_clear", on_click=ps.reset,
                     icon=":material/filter_alt_off:")

    filters = views.filters_of(ps)
    shown = filters.apply()
    total = len(iv.interventions())
    if filters.ids:
        st.info(t("interventions.records_only", lang, ids=esc(", ".join(filters.ids))))
        st.button(t("interventions.show_all_records", lang), key="iv_all_records", on_click=ps.reset)
    st.markdown(f"**{t('interventions.n_shown', lang, shown=len(shown), total=total)}** · "
                f"{t('interventions.share_hint', lang)}")

    # ---------------------------------------------------------------- actor × barrier matrix
    st.subheader(t("interventions.matrix_title", lang))
    ui.show(views.matrix_view(filters, lang), key="iv_matrix", on_select=on_matrix_click, selection_mode=[SELECTION],
            on_table_select=on_table_click)
    st.caption(t("interventions.matrix_hint", lang) + " " + t("interventions.matrix_scope", lang))
    unaddressed = iv.unaddressed_barriers(filters.links)
    if unaddressed:
        st.info(t("interventions.unaddressed", lang,
                  barriers="; ".join(esc(iv.barrier_label(b, lang, tagged=True)) for b in unaddressed)))

    # ---------------------------------------------------------------- one barrier chosen: what the paper says
    if len(filters.barrier) == 1:
        b = iv.barrier(filters.barrier[0])
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
                          key=f"iv_related_{rel}", on_click=set_filter,
                          args=(iv.Filters(barrier=(rel,), links=filters.links),))

    # ---------------------------------------------------------------- take-away
    st.subheader(t("interventions.takeaway", lang))
    ui.downloads([
        (t("interventions.download_list_csv", lang), functools.partial(take_away.to_csv, shown, lang),
         "intervensi-umkm-bali.csv", "text/csv"),
        (t("interventions.download_md", lang), functools.partial(take_away.to_markdown, shown, filters, lang),
         "intervensi-umkm-bali.md", "text/markdown"),
        (t("interventions.download_checklist", lang),
         functools.partial(take_away.to_checklist_html, shown, filters, lang),
         "intervensi-umkm-bali-daftar-periksa.html", "text/html"),
    ], key="iv_dl_list")
    st.caption(t("interventions.takeaway_note", lang))

    # ---------------------------------------------------------------- the cards
    st.subheader(t("interventions.cards_title", lang, n=len(shown)))
    if not shown:
        st.warning(t("interventions.none_found", lang))
    # ten at a time: a light first view
    for rec in ui.paged(shown, views.card_pages(len(shown)), key="iv_cards_page",
                        label=t("interventions.cards_page", lang),
                        caption=lambda a, b, n: t("interventions.cards_range", lang, first=a, last=b, n=n)):
        with st.container(border=True, key=f"iv_card_{rec.id}"):
            ui.measure_card(rec)


filtered()
