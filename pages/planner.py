"""Perencana Jangkauan / Outreach planner: a modelled priority index of the regencies and a plan
of NGO measures.

The whole state lives in the URL (format: bali_umkm.views.planner module doc), e.g.
?ind=kur_per_capita.2016~2~l,population.2024~1~h&reg=5107&bar=pembiayaan&mea=lsm_koperasi
Each indicator's weight and direction are widgets showing one part of `ind` (get/put).
"""

import functools
from dataclasses import replace

import streamlit as st

from bali_umkm import catalog, ui
from bali_umkm import interventions as iv
from bali_umkm.export import plan as plan_export
from bali_umkm.i18n import t
from bali_umkm.planner_indicators import candidates, default_choices
from bali_umkm.priority_index import DIRECTIONS, Choice
from bali_umkm.views import planner, planner_tables

lang = ui.lang()
esc = ui.escape_md
ps = ui.page_state("pl", planner.url_params())
st.title(t("planner.title", lang))
st.write(t("planner.intro", lang))
st.warning(t("planner.modelled_warning", lang), icon=":material/info:")
ui.url_notes(ps)


def chosen_ids(choices) -> list[str]:
    return [c.id for c in choices]


def with_ids(ids, choices) -> tuple[Choice, ...]:
    old = {c.id: c for c in choices}  # an id picked twice (two quick clicks) counts once
    return tuple(old.get(i) or Choice(i, 1.0, candidates()[i].definition.direction) for i in dict.fromkeys(ids))


def part(cid: str, field: str):
    """A widget showing one field (weight or direction) of indicator `cid` in `ind`."""
    def get(choices):
        return next(getattr(c, field) for c in choices if c.id == cid)

    def put(value, choices):
        value = float(value) if field == "weight" else value
        return tuple(replace(c, **{field: value}) if c.id == cid else c for c in choices)

    return {"get": get, "put": put}


@ui.fragment
def planner_body() -> None:
    """Everything below the title: the indicators and weights, the ranking, the plan and its
    downloads all follow the state, so a change reruns this part alone (not the page's header,
    sidebar and navigation)."""
    cands = candidates()
    gone = planner.unavailable(ps["ind"])
    if gone:  # the catalogue changed under the reader (an import was rolled back)
        ps.update(ind=tuple(c for c in ps["ind"] if c.id not in gone) or default_choices())
    state = planner.state_of(ps)
    if gone:
        st.warning(t("planner.dropped_unavailable", lang, ids=esc(", ".join(gone))))
    plan = planner.build_plan(state, lang)

    # ---------------------------------------------------------------- 1. indicators, weights, directions
    st.subheader(t("planner.step_indicators", lang))

    ps.multiselect("ind", t("planner.pick_indicators", lang), options=[c.id for c in planner.available()],
                   get=chosen_ids, put=with_ids, format_func=lambda cid: cands[cid].option_label(lang),
                   max_selections=planner.MAX_INDICATORS, help=t("planner.pick_indicators_help", lang),
                   placeholder=t("planner.pick_placeholder", lang))
    for i, choice in enumerate(state.choices):
        cand = cands[choice.id]
        with st.container(border=True, key=f"pl_row_{i}"):
            name_col, weight_col, dir_col = st.columns([5, 2, 4], vertical_alignment="center")
            name_col.markdown(f"**{esc(cand.label(lang))}**")
            name_col.caption(esc(" · ".join([
                cand.period_label(lang), planner_tables.regencies_text(cand.regencies, lang),
                f"{t('common.trust', lang)}: {catalog.trust_word(cand.trust, lang)}"])))
            notes = planner_tables.indicator_notes(plan, choice.id)
            if notes:
                name_col.caption(esc(" ".join(notes)))
            ps.number_input("ind", t("planner.weight", lang), key=f"w_{choice.id}", container=weight_col,
                            **part(choice.id, "weight"), min_value=0.0, max_value=planner.MAX_WEIGHT, step=0.5,
                            format="%g", help=t("planner.weight_help", lang))
            ps.radio("ind", t("planner.direction", lang), key=f"d_{choice.id}", container=dir_col,
                     options=DIRECTIONS, **part(choice.id, "direction"),
                     format_func=lambda d: planner_tables.direction_word(d, lang),
                     help=t("planner.suggested", lang, why=cand.definition.why(lang)))
    st.button(t("planner.reset", lang), key="pl_reset", icon=":material/restart_alt:", on_click=ps.update,
              kwargs={"ind": default_choices()})
    with st.expander(t("planner.catalogue_title", lang)):
        st.markdown(t("planner.catalogue_intro", lang))
        st.dataframe(planner_tables.availability_table(lang), hide_index=True, width="stretch", key="pl_catalogue")

    # ---------------------------------------------------------------- 2. ranking
    st.subheader(t("planner.step_ranking", lang))
    with st.expander(t("planner.formula_title", lang), expanded=True):
        st.markdown(t("planner.formula_general", lang))
        st.markdown(esc(planner_tables.formula_text(plan.choices, lang, plan.result.excluded if plan.result else None)))
    st.markdown(f"**{t('planner.indicators_used', lang)}**")
    st.dataframe(planner_tables.indicator_table(plan, notes=False), hide_index=True, width="stretch",
                 key="pl_indicators")

    if plan.error is not None:
        st.error(f"**{t('planner.error_title', lang)}.** {plan.error.message(lang)}", icon=":material/error:")
    else:
        with st.container(key="pl_map_block"):
            ui.show(planner_tables.index_map_view(plan), key="pl_map")
        st.markdown(f"**{t('planner.ranking_title', lang)}**")
        ranking = planner_tables.ranking_table(plan)
        st.dataframe(ranking, hide_index=True, width="stretch", key="pl_ranking", height=ui.table_height(len(ranking)))
        for line in planner_tables.flag_lines(plan):
            (st.caption if line == t("planner.no_flags", lang) else st.warning)(esc(line))
        with st.expander(t("planner.values_title", lang)):
            st.dataframe(planner_tables.values_table(plan), hide_index=True, width="stretch", key="pl_values")

        st.markdown(f"#### {t('planner.step_stability', lang)}")
        st.caption(t("planner.stability_intro", lang, n=len(plan.stability.runs)))
        (st.success if plan.stability.stable else st.info)(esc(planner_tables.stability_text(plan)))
        st.dataframe(planner_tables.stability_table(plan), hide_index=True, width="stretch", key="pl_stability")

    # ---------------------------------------------------------------- 3. the plan
    st.subheader(t("planner.step_plan", lang))
    st.write(t("planner.plan_intro", lang))
    reg_col, auto_col = st.columns([4, 1], vertical_alignment="bottom")
    ps.multiselect("reg", t("planner.pick_regencies", lang), container=reg_col,
                   options=planner_tables.regency_order(plan),
                   get=lambda _: list(plan.regencies), put=lambda codes, _: tuple(codes),
                   format_func=lambda code: planner_tables.regency_option_label(plan, code),
                   placeholder=t("planner.pick_placeholder_regencies", lang))
    auto_col.button(t("planner.auto_regencies", lang), key="pl_auto", on_click=ps.update, kwargs={"reg": None},
                    disabled=state.regencies is None)
    if state.regencies is None:
        st.caption(t("planner.auto_note", lang))
    ps.checkbox("kol", t("planner.collab", lang), help=t("planner.collab_help", lang))
    barrier_counts = iv.counts("barrier", records=planner.measure_pool(state.collab))
    ps.multiselect("bar", t("planner.pick_barriers", lang),
                   options=list(dict.fromkeys([*planner.barrier_options(state.collab), *state.barriers])),
                   format_func=lambda b: t("planner.barrier_option", lang, label=iv.barrier_label(b, lang, tagged=True),
                                           n=barrier_counts.get(b, 0)),
                   help=t("planner.pick_barriers_help", lang), placeholder=t("planner.pick_placeholder_barriers", lang))
    ps.multiselect("mea", t("planner.pick_measures", lang),
                   options=[r.id for r in planner.measure_options(state.barriers, state.collab, state.measures)],
                   format_func=lambda rid: f"{iv.intervention(rid).title_in(lang)} · "
                                           f"{iv.actor_label(iv.intervention(rid).actor, lang, short=True)}",
                   help=t("planner.pick_measures_help", lang), placeholder=t("planner.pick_placeholder_measures", lang))
    st.caption(t("planner.n_measures", lang, n=len(planner.measure_options(state.barriers, state.collab))))

    st.markdown(f"**{t('planner.plan_table_title', lang)}**")
    if not plan.regencies:
        st.info(t("planner.no_regencies_chosen", lang))
    if not plan.measures:
        st.info(t("planner.no_measures_chosen", lang))
    for rec in plan.measures:
        with st.expander(t("planner.measure_details", lang, title=rec.title_in(lang))):
            ui.measure_card(rec, brief=True)
    if plan.regencies or plan.measures:
        st.dataframe(plan_export.plan_preview(plan), hide_index=True, width="stretch", key="pl_plan")

    url = planner.page_url(state, lang)
    st.markdown(f"**{t('planner.downloads', lang)}**")
    ui.downloads([
        (t("planner.download_csv", lang), functools.partial(plan_export.to_csv, plan), "rencana-jangkauan.csv",
         "text/csv"),
        (t("planner.download_xlsx", lang), functools.partial(plan_export.to_xlsx, plan, url), "rencana-jangkauan.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (t("planner.download_md", lang), functools.partial(plan_export.to_markdown, plan, url), "rencana-jangkauan.md",
         "text/markdown"),
    ], key="pl_dl")
    st.caption(t("planner.downloads_note", lang))
    st.markdown(f"**{t('planner.share_title', lang)}**")
    st.caption(t("planner.share_hint", lang))
    st.code(url, language=None, wrap_lines=True)

    st.subheader(t("planner.sources_title", lang))
    st.caption(t("planner.paper_source", lang, citation=catalog.PAPER_CITATION))  # our own text, with its DOI link
    for line in plan_export.source_lines(plan)[1:]:
        st.caption(esc(line))


planner_body()
