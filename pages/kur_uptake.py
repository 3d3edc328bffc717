"""Penyaluran KUR / KUR uptake: Bali's KUR and Kredit Program, the national realisation against
its target, regency KUR on the map with the sum check and the derived figures (or why not),
and the access-to-credit barriers linked to the measures on the interventions page.

State in the URL: ?period=2016&regency=5171 (each optional).
"""

import streamlit as st

from bali_umkm import catalog, kur, ui
from bali_umkm import interventions as iv
from bali_umkm.charts import base, choropleth
from bali_umkm.export.tables import to_csv_bytes
from bali_umkm.i18n import fmt_percent, t

lang = ui.lang()
esc = ui.escape_md


def computed_card(label_key: str, c: kur.Computed) -> None:
    """A computed figure: its value (or "tidak diberikan"), the formula or the reason, the bound."""
    label = t("kur.computed_label", lang, label=t(label_key, lang))
    st.metric(label, c.text(lang) if not c.refused else t("kur.not_given", lang))
    if c.refused:
        st.caption(t("kur.refused_caption", lang, reason=esc(c.reason_text(lang))))
    else:
        st.caption(t("kur.computed_caption", lang, formula=esc(c.formula(lang))))
    if c.bound:
        st.caption(esc(c.bound_note(lang)))


def cards(items: list[tuple[str, object]], per_row: int) -> None:
    """("figure", id) or ("computed", (label key, Computed)) in rows of `per_row` bordered cards."""
    for start in range(0, len(items), per_row):
        row = items[start:start + per_row]
        for col, (kind, item) in zip(st.columns(per_row), row, strict=False):
            with col, st.container(border=True):
                if kind == "figure":
                    scale = 10**9 if item == "kur_mikro_scheme_value" else None
                    ui.figure_card(t(f"kur.card_{item}", lang), item, scale=scale)
                else:
                    computed_card(*item)


st.title(t("kur.title", lang))
st.markdown(t("kur.intro", lang))

# --- Bali, SIKP (the paper) --------------------------------------------------------------------------
st.subheader(t("kur.bali_title", lang))
loans = kur.average_loans()
micro_debtors, micro_value = kur.bali_computed()
# two cards to a row: "lebih dari Rp65,37 juta" does not fit a third of the page
cards([("figure", "kur_bali_value"), ("figure", "kur_bali_debtors"),
       ("figure", "kur_bali_mikro_value"), ("figure", "kur_bali_mikro_debtors"),
       ("computed", ("kur.avg_kur_bali_value", loans["kur_bali_value"])),
       ("computed", ("kur.avg_kur_bali_mikro_value", loans["kur_bali_mikro_value"])),
       ("computed", ("kur.computed_micro_debtor_share", micro_debtors)),
       ("computed", ("kur.computed_micro_value_share", micro_value))], 2)
st.caption(t("kur.bali_period", lang))
ui.source_note("paper_sikp_bali")

# --- Kredit Program to 31 May 2024 ---------------------------------------------------------------------
st.subheader(t("kur.program_title", lang))
low, high = (kur.input_text(i, lang) for i in kur.KUR_MIKRO_LOAN)
st.write(t("kur.program_intro", lang, low=low, high=high))
scheme_value, scheme_debtors = kur.scheme_computed()
cards([("figure", "credit_program_bali_value"), ("figure", "credit_program_bali_debtors"),
       ("figure", "kur_mikro_scheme_value"), ("figure", "kur_mikro_scheme_debtors"),
       ("computed", ("kur.avg_credit_program_bali_value", loans["credit_program_bali_value"])),
       ("computed", ("kur.avg_kur_mikro_scheme_value", loans["kur_mikro_scheme_value"])),
       ("computed", ("kur.computed_scheme_value_share", scheme_value)),
       ("computed", ("kur.computed_scheme_debtor_share", scheme_debtors))], 2)
in_range = kur.within_loan_range(loans["kur_mikro_scheme_value"])
if in_range is not None:
    st.info(t("kur.within_range" if in_range else "kur.outside_range", lang,
              avg=loans["kur_mikro_scheme_value"].text(lang), low=low, high=high))
ui.source_note("paper_sikp_bali")

view = kur.sector_view(lang)
ui.chart_block(view.chart, key="kur_sectors", source_line=view.source_line, alt_text=view.alt_text,
               table=view.table, csv=view.csv, filename=view.filename)
st.caption(t("kur.sector_note", lang, formula=esc(kur.sector_remainder().formula(lang))))

# --- national: realisation against target --------------------------------------------------------------
st.subheader(t("kur.national_title", lang))
share, gap = kur.realisation_share(), kur.realisation_gap()
view = kur.national_view(lang)
ui.chart_block(view.chart, key="kur_national", source_line=view.source_line, alt_text=view.alt_text,
               table=view.table, csv=view.csv, filename=view.filename)
c1, c2 = st.columns(2)
with c1, st.container(border=True):
    computed_card("kur.national_share", share)
with c2, st.container(border=True):
    computed_card("kur.national_gap", gap)
st.caption(t("kur.national_period", lang))

st.markdown(f"**{t('kur.notes_title', lang)}**")
n1, n2 = st.columns(2)
for col, note in ((n1, "permenkop"), (n2, "cips")):
    with col, st.container(border=True):
        st.markdown(f"**{t(f'kur.note_{note}_title', lang)}**")
        st.caption(t(f"kur.note_{note}_lead", lang))
        for _barrier, words in kur.note_quotes(note):
            st.markdown(f"> *{esc(words)}*")
        if note == "cips":
            ui.source_note(kur.NOTE_DATASETS[note])
        else:
            st.caption(esc(t("kur.note_paper_source", lang, paper=catalog.PAPER_SHORT)))

# --- regency KUR on the map ---------------------------------------------------------------------------
st.subheader(t("kur.map_title", lang))
st.write(t("kur.map_intro", lang))
options = {o.key: o for o in kur.period_options()}
p1, p2 = st.columns([3, 2])
period = ui.period_select(p1, t("kur.pick_period", lang), "kur_period", list(options.values()),
                          kur.default_period(), lang)
regency = ui.regency_select(p2, t("kur.pick_regency", lang), t("kur.pick_regency_none", lang), "kur_regency", lang)
ui.sync_url({"period": period, "regency": regency})

if not options:
    st.info(t("kur.no_regency_data", lang))
else:
    view = choropleth.indicator_map(kur.METRIC, period, None, lang=lang, selected=regency or None)
    ui.chart_block(view.chart, key="kur_map", source_line=view.source_line, alt_text=view.alt_text,
                   table=view.table, csv=view.csv, filename=ui.safe_filename(f"peta-kur-{period}"),
                   on_select=ui.on_map_click("kur_map", "kur_regency"), selection_mode=choropleth.SELECTION)
    level, text = kur.sum_check_text(kur.sum_check(period), lang)
    st.markdown(f"**{t('kur.sum_title', lang)}**")
    (st.warning if level == "warning" else st.info)(text)

# --- derived figures ------------------------------------------------------------------------------------
st.subheader(t("kur.derived_title", lang))
st.write(t("kur.derived_intro", lang))
if options:
    items = kur.regency_derived(period)
    st.markdown(f"**{t('kur.derived_regency_title', lang, period=esc(options[period].label(lang)))}**")
    for group in kur.derived_summary(items, lang):
        if group["computed"]:
            names = ", ".join(kur.derived_frame(group["computed"], lang)["area"])
            st.markdown(t("kur.derived_computed", lang, label=group["label"], areas=esc(names)))
        for reason, areas in group["refused"]:
            st.markdown(t("kur.derived_refused", lang, label=group["label"], areas=esc(", ".join(areas)),
                          reason=esc(reason)))
    with st.expander(t("kur.derived_reasons", lang)):
        st.table(kur.derived_table(items, lang), hide_index=True, border="horizontal")
    st.download_button(t("kur.derived_download", lang),
                       to_csv_bytes(kur.derived_frame(items, lang), catalog.source_line(
                           kur.derived_sources(items) or list(options[period].datasets), lang)),
                       file_name=ui.safe_filename(f"kur-turunan-{period}") + ".csv", mime="text/csv",
                       key="kur_derived_csv", on_click="ignore", icon=":material/table:")

st.markdown(f"**{t('kur.derived_province_title', lang)}**")
st.caption(t("kur.derived_province_intro", lang))
province = kur.province_derived()
st.table(kur.derived_pivot(province, lang), hide_index=True, border="horizontal")
with st.expander(t("kur.derived_reasons", lang)):
    st.table(kur.derived_table(province, lang), hide_index=True, border="horizontal")
st.download_button(t("kur.derived_download", lang),
                   to_csv_bytes(kur.derived_frame(province, lang),
                                catalog.source_line(kur.derived_sources(province), lang)),
                   file_name="kur-turunan-provinsi.csv", mime="text/csv", key="kur_province_csv",
                   on_click="ignore", icon=":material/table:")

# --- the chosen regency ---------------------------------------------------------------------------------
if regency:
    name = catalog.regency_name(regency, lang)
    st.subheader(t("kur.panel_title", lang, name=name))
    figures = kur.regency_kur(regency)
    if figures.empty:
        st.info(t("kur.panel_empty", lang, name=name))
    else:
        st.dataframe(kur.regency_kur_table(regency, lang), hide_index=True, width="stretch")
        ui.source_note(list(dict.fromkeys(figures["dataset"])))
        st.markdown(f"**{t('kur.panel_derived', lang, name=name)}**")
        own = kur.regency_derived_all(regency)
        st.table(kur.derived_pivot(own, lang), hide_index=True, border="horizontal")
        with st.expander(t("kur.derived_reasons", lang)):
            st.table(kur.derived_table(own, lang), hide_index=True, border="horizontal")
elif options:
    st.info(t("kur.panel_hint", lang))

# --- from barrier to measure ---------------------------------------------------------------------------
st.subheader(t("kur.barriers_title", lang))
st.write(t("kur.barriers_intro", lang))
group = iv.barrier_group(kur.BARRIER_GROUP)
complaints = kur.complaints(lang)
complaint_source = catalog.source_line("paper_ombudsman_2023", lang)
chart = base.bar(complaints, category="label", value="fraction", title=t("kur.complaints_chart_title", lang),
                 unit_label=t("kur.complaints_unit", lang), source=complaint_source, lang=lang, sort=None,
                 color=base.PALETTE[5], value_format=".0%")
ui.chart_block(chart, key="kur_complaints", source_line=complaint_source,
               alt_text=t("kur.complaints_alt", lang,
                          **dict(zip(complaints["complaint"], complaints["share_text"], strict=True))),
               table=complaints[["label", "share_text"]].set_axis(
                   [t("kur.col_complaint", lang), t("kur.col_share", lang)], axis=1),
               csv=complaints[["complaint", "share", "barrier", "figure"]], filename="ombudsman-pengaduan-kur")
check = kur.ombudsman_check()
if check is not None:
    st.caption(t("kur.complaints_sum", lang, sum=fmt_percent(check["parts_sum"], lang)))
if group.note:
    st.caption(esc(iv.in_lang(group.note, lang)))

shares = dict(zip(complaints["barrier"], complaints["share_text"], strict=True))
for barrier in kur.credit_barriers(lang):
    with st.container(border=True):
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.markdown(f"**{esc(barrier.label)}**")
            st.caption(t("kur.barrier_words", lang))
            for words in barrier.as_written:
                st.markdown(f"> *{esc(words)}*")
            if barrier.sources:
                st.caption(t("kur.barrier_sources", lang, sources=esc("; ".join(barrier.sources))))
            if barrier.id in shares:
                st.caption(t("kur.barrier_figure", lang, value=shares[barrier.id]))
        with right:
            if barrier.n_measures:
                st.page_link(iv.PAGE, label=t("kur.barrier_link", lang, n=barrier.n_measures),
                             query_params=barrier.params, icon=":material/arrow_forward:")
                st.caption(t("kur.barrier_link_kinds", lang, paper=barrier.n_paper,
                             editorial=barrier.n_measures - barrier.n_paper))
            else:
                st.caption(t("kur.barrier_none", lang))
