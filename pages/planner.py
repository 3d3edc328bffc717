"""Perencana Jangkauan / Outreach planner: a modelled priority index of the regencies and a plan
of NGO measures.

The whole state lives in the URL (format: bali_umkm.planner module doc), e.g.
?ind=kur_per_capita.2016~2~l,population.2024~1~h&reg=5107&bar=pembiayaan&mea=lsm_koperasi
The planner state in st.session_state["pl_state"] is the one truth; each widget (one per language,
ui.widget_key) is filled from it before it is drawn and writes back through its callback.
"""

import functools
from dataclasses import replace

import streamlit as st

from bali_umkm import catalog, planner, ui
from bali_umkm import interventions as iv
from bali_umkm.export import plan as plan_export
from bali_umkm.i18n import t

lang = ui.lang()
esc = ui.escape_md
STATE = "pl_state"

# ---------------------------------------------------------------- state: the URL on the first run
if STATE not in st.session_state:
    state, problems = planner.state_from_params({k: st.query_params.get_all(k) for k in planner.PARAMS})
    st.session_state[STATE] = state
    st.session_state["pl_problems"] = problems
cands = planner.candidates()
state: planner.State = st.session_state[STATE]
gone = [c.id for c in state.choices if not (c.id in cands and cands[c.id].available)]
if gone:  # the catalogue changed under the reader (an import was rolled back)
    kept = tuple(c for c in state.choices if c.id not in gone)
    state = replace(state, choices=kept or planner.default_choices())
    st.session_state[STATE] = state


def put(**changes) -> None:
    st.session_state[STATE] = replace(st.session_state[STATE], **changes)


def wkey(name: str) -> str:
    return ui.widget_key(f"pl_{name}")


def bind(name: str, value) -> str:
    """The widget key for `name` in this language, holding the state's value."""
    key = wkey(name)
    st.session_state[key] = value
    return key


def on_indicators() -> None:
    old = {c.id: c for c in st.session_state[STATE].choices}
    ids = st.session_state[wkey("ind")]
    put(choices=tuple(old.get(i) or planner.Choice(i, 1.0, cands[i].definition.direction) for i in ids))


def on_choice(cid: str, field: str, name: str) -> None:
    value = st.session_state[wkey(name)]
    value = float(value) if field == "weight" else value
    put(choices=tuple(replace(c, **{field: value}) if c.id == cid else c for c in st.session_state[STATE].choices))


def on_list(field: str, name: str) -> None:
    put(**{field: tuple(st.session_state[wkey(name)])})


def on_collab() -> None:
    put(collab=bool(st.session_state[wkey("kol")]))


st.title(t("planner.title", lang))
st.write(t("planner.intro", lang))
st.warning(t("planner.modelled_warning", lang), icon=":material/info:")
problems = st.session_state.pop("pl_problems", None) or []  # said once, on arrival
if problems:
    st.warning(t("planner.url_notes", lang) + "\n\n" + "\n".join(f"- {esc(p.message(lang))}" for p in problems))
if gone:
    st.warning(t("planner.dropped_unavailable", lang, ids=esc(", ".join(gone))))

plan = planner.build_plan(state, lang)

# ---------------------------------------------------------------- 1. indicators, weights, directions
st.subheader(t("planner.step_indicators", lang))
offered = [c.id for c in planner.available()]
st.multiselect(t("planner.pick_indicators", lang), offered, key=bind("ind", [c.id for c in state.choices]),
               format_func=lambda cid: cands[cid].option_label(lang), on_change=on_indicators,
               max_selections=planner.MAX_INDICATORS, help=t("planner.pick_indicators_help", lang),
               placeholder=t("planner.pick_placeholder", lang))
for i, choice in enumerate(state.choices):
    cand = cands[choice.id]
    with st.container(border=True, key=f"pl_row_{i}"):
        name_col, weight_col, dir_col = st.columns([5, 2, 4], vertical_alignment="center")
        name_col.markdown(f"**{esc(cand.label(lang))}**")
        name_col.caption(esc(" · ".join([cand.period_label(lang), planner.regencies_text(cand.regencies, lang),
                                         f"{t('common.trust', lang)}: {catalog.trust_word(cand.trust, lang)}"])))
        notes = planner.indicator_notes(plan, choice.id)
        if notes:
            name_col.caption(esc(" ".join(notes)))
        weight_col.number_input(t("planner.weight", lang), min_value=0.0, max_value=planner.MAX_WEIGHT, step=0.5,
                                format="%g", key=bind(f"w_{choice.id}", float(choice.weight)),
                                on_change=on_choice, args=(choice.id, "weight", f"w_{choice.id}"),
                                help=t("planner.weight_help", lang))
        dir_col.radio(t("planner.direction", lang), planner.DIRECTIONS, key=bind(f"d_{choice.id}", choice.direction),
                      format_func=lambda d: planner.direction_word(d, lang), on_change=on_choice,
                      args=(choice.id, "direction", f"d_{choice.id}"),
                      help=t("planner.suggested", lang, why=cand.definition.why(lang)))
st.button(t("planner.reset", lang), key="pl_reset", icon=":material/restart_alt:",
          on_click=put, kwargs={"choices": planner.default_choices()})
with st.expander(t("planner.catalogue_title", lang)):
    st.markdown(t("planner.catalogue_intro", lang))
    st.dataframe(planner.availability_table(lang), hide_index=True, width="stretch", key="pl_catalogue")


# ---------------------------------------------------------------- 2. ranking
st.subheader(t("planner.step_ranking", lang))
with st.expander(t("planner.formula_title", lang), expanded=True):
    st.markdown(t("planner.formula_general", lang))
    st.markdown(esc(planner.formula_text(plan.choices, lang, plan.result.excluded if plan.result else None)))
st.markdown(f"**{t('planner.indicators_used', lang)}**")
st.dataframe(planner.indicator_table(plan, notes=False), hide_index=True, width="stretch", key="pl_indicators")

if plan.error is not None:
    st.error(f"**{t('planner.error_title', lang)}.** {plan.error.message(lang)}", icon=":material/error:")
else:
    chart, map_table, alt_text, source = planner.index_map(plan)
    with st.container(key="pl_map_block"):
        ui.chart_block(chart, key="pl_map", source_line=source, alt_text=alt_text, table=map_table,
                       csv=planner.ranking_csv(plan), filename="indeks-model-prioritas-jangkauan")
    st.markdown(f"**{t('planner.ranking_title', lang)}**")
    ranking = planner.ranking_table(plan)
    st.dataframe(ranking, hide_index=True, width="stretch", key="pl_ranking", height=ui.table_height(len(ranking)))
    for line in planner.flag_lines(plan):
        (st.caption if line == t("planner.no_flags", lang) else st.warning)(esc(line))
    with st.expander(t("planner.values_title", lang)):
        st.dataframe(planner.values_table(plan), hide_index=True, width="stretch", key="pl_values")

    st.markdown(f"#### {t('planner.step_stability', lang)}")
    st.caption(t("planner.stability_intro", lang, n=len(plan.stability.runs)))
    (st.success if plan.stability.stable else st.info)(esc(planner.stability_text(plan)))
    st.dataframe(planner.stability_table(plan), hide_index=True, width="stretch", key="pl_stability")

# ---------------------------------------------------------------- 3. the plan
st.subheader(t("planner.step_plan", lang))
st.write(t("planner.plan_intro", lang))
order = planner.regency_order(plan)
reg_col, auto_col = st.columns([4, 1], vertical_alignment="bottom")
reg_col.multiselect(t("planner.pick_regencies", lang), order, key=bind("reg", list(plan.regencies)),
                    format_func=lambda code: planner.regency_option_label(plan, code),
                    placeholder=t("planner.pick_placeholder_regencies", lang), on_change=on_list,
                    args=("regencies", "reg"))
auto_col.button(t("planner.auto_regencies", lang), key="pl_auto", on_click=put, kwargs={"regencies": None},
                disabled=state.regencies is None)
if state.regencies is None:
    st.caption(t("planner.auto_note", lang))
st.checkbox(t("planner.collab", lang), key=bind("kol", state.collab), on_change=on_collab,
            help=t("planner.collab_help", lang))
barrier_counts = iv.counts("barrier", records=planner.measure_pool(state.collab))
barrier_choices = list(dict.fromkeys([*planner.barrier_options(state.collab), *state.barriers]))
st.multiselect(t("planner.pick_barriers", lang), barrier_choices, key=bind("bar", list(state.barriers)),
               format_func=lambda b: t("planner.barrier_option", lang, label=iv.barrier_label(b, lang, tagged=True),
                                       n=barrier_counts.get(b, 0)),
               on_change=on_list, args=("barriers", "bar"), help=t("planner.pick_barriers_help", lang),
               placeholder=t("planner.pick_placeholder_barriers", lang))
options = planner.measure_options(state.barriers, state.collab, state.measures)
st.multiselect(t("planner.pick_measures", lang), [r.id for r in options], key=bind("mea", list(state.measures)),
               format_func=lambda rid: f"{iv.intervention(rid).title_in(lang)} · "
                                       f"{iv.actor_label(iv.intervention(rid).actor, lang, short=True)}",
               on_change=on_list, args=("measures", "mea"), help=t("planner.pick_measures_help", lang),
               placeholder=t("planner.pick_placeholder_measures", lang))
st.caption(t("planner.n_measures", lang, n=len(planner.measure_options(state.barriers, state.collab))))

ui.sync_url(planner.encode_state(state))

st.markdown(f"**{t('planner.plan_table_title', lang)}**")
if not plan.regencies:
    st.info(t("planner.no_regencies_chosen", lang))
if not plan.measures:
    st.info(t("planner.no_measures_chosen", lang))
for rec in plan.measures:
    with st.expander(t("planner.measure_details", lang, title=rec.title_in(lang))):
        st.caption(esc(f"{iv.actor_label(rec.actor, lang)} · {iv.category_label(rec.category, lang)} · {rec.section}"))
        st.markdown(esc(rec.text_in(lang)))
        if rec.steps:
            st.markdown(f"**{t('planner.steps', lang)}**\n\n" + "\n".join(
                f"- {esc(f'({s.n}) ' if s.n else '')}{esc(s.text_in(lang))}" for s in rec.steps))
        if rec.example:
            st.markdown(f"**{t('planner.example', lang)}:** {esc(iv.in_lang(rec.example, lang))}")
        st.caption(esc(f"{t('planner.barriers_addressed', lang)}: "
                       + "; ".join(iv.barrier_label(b, lang, tagged=True) for b in rec.barrier_ids())))
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
