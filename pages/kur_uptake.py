"""Penyaluran KUR / KUR uptake: Bali's KUR and Kredit Program, the national realisation against
its target, regency KUR on the map with the sum check and the derived figures (or why not),
and the access-to-credit barriers linked to the measures on the interventions page.

URL: /kur (the file is not pages/kur.py: see tests/test_app.py). State in the URL:
?period=2016&regency=5171 (each optional).
"""

import streamlit as st

from bali_umkm import catalog, kur, ui
from bali_umkm import interventions as iv
from bali_umkm.i18n import t
from bali_umkm.views import kur_uptake as views
from bali_umkm.views import maps

lang = ui.lang()
esc = ui.escape_md
ps = ui.page_state("kur", views.url_params())
st.title(t("kur_uptake.title", lang))
st.markdown(t("kur_uptake.intro", lang))
ui.url_notes(ps)

# --- Bali, SIKP (the paper) --------------------------------------------------------------------------
st.subheader(t("kur_uptake.bali_title", lang))
ui.cards(views.bali_cards(lang), per_row=2)  # two to a row: "lebih dari Rp65,37 juta" needs half the page
st.caption(t("kur_uptake.bali_period", lang))
ui.source_note("paper_sikp_bali")

# --- Kredit Program to 31 May 2024 ---------------------------------------------------------------------
st.subheader(t("kur_uptake.program_title", lang))
low, high = views.loan_range(lang)
st.write(t("kur_uptake.program_intro", lang, low=low, high=high))
ui.cards(views.program_cards(lang), per_row=2)
in_range = views.loan_range_note(lang)
if in_range is not None:
    st.info(in_range[1])
ui.source_note("paper_sikp_bali")
ui.show(views.sector_view(lang), key="kur_sectors")
st.caption(views.sector_note(lang))

# --- national: realisation against target --------------------------------------------------------------
st.subheader(t("kur_uptake.national_title", lang))
ui.show(views.national_view(lang), key="kur_national")
ui.cards(views.national_cards(lang))
st.caption(t("kur_uptake.national_period", lang))

st.markdown(f"**{t('kur_uptake.notes_title', lang)}**")
for col, note in zip(st.columns(2), ("permenkop", "cips"), strict=True):
    with col, st.container(border=True):
        st.markdown(f"**{t(f'kur_uptake.note_{note}_title', lang)}**")
        st.caption(t(f"kur_uptake.note_{note}_lead", lang))
        for _barrier, words in views.note_quotes(note):
            st.markdown(f"> *{esc(words)}*")
        if note in views.NOTE_DATASETS:
            ui.source_note(views.NOTE_DATASETS[note])
        else:
            st.caption(esc(t("kur_uptake.note_paper_source", lang, paper=catalog.PAPER_SHORT)))

# --- regency KUR on the map ---------------------------------------------------------------------------
st.subheader(t("kur_uptake.map_title", lang))
st.write(t("kur_uptake.map_intro", lang))
p1, p2 = st.columns([3, 2])
period = ui.period_box(ps, t("kur_uptake.pick_period", lang), kur.period_options(), container=p1)
regency = ui.regency_box(ps, t("kur_uptake.pick_regency", lang), t("kur_uptake.pick_regency_none", lang),
                         container=p2)
if period is None:
    st.info(t("kur_uptake.no_regency_data", lang))
else:
    ui.show(views.regency_map_view(period, lang, regency or None), key="kur_map",
            on_select=ps.on_map_click("regency", "kur_map"), selection_mode=maps.SELECTION)
    level, text = views.sum_check_text(kur.sum_check(period), lang)
    st.markdown(f"**{t('kur_uptake.sum_title', lang)}**")
    (st.warning if level == "warning" else st.info)(text)

# --- derived figures ------------------------------------------------------------------------------------
st.subheader(t("kur_uptake.derived_title", lang))
st.write(t("kur_uptake.derived_intro", lang))
if period is not None:
    items = kur.regency_derived(period)
    st.markdown(f"**{t('kur_uptake.derived_regency_title', lang, period=esc(views.period_label(period, lang)))}**")
    for group in views.derived_summary(items, lang):
        if group["computed"]:
            names = ", ".join(views.derived_frame(group["computed"], lang)["area"])
            st.markdown(t("kur_uptake.derived_computed", lang, label=group["label"], areas=esc(names)))
        for reason, areas in group["refused"]:
            st.markdown(t("kur_uptake.derived_refused", lang, label=group["label"], areas=esc(", ".join(areas)),
                          reason=esc(reason)))
    with st.expander(t("kur_uptake.derived_reasons", lang)):
        st.table(views.derived_table(items, lang), hide_index=True, border="horizontal")
    ui.csv_download(t("kur_uptake.derived_download", lang), views.derived_frame(items, lang),
                    source_line=views.derived_source(items, lang, list(views.period_option(period).datasets)),
                    file_name=ui.safe_filename(f"kur-turunan-{period}") + ".csv", key="kur_derived_csv")

st.markdown(f"**{t('kur_uptake.derived_province_title', lang)}**")
st.caption(t("kur_uptake.derived_province_intro", lang))
province = kur.province_derived()
st.table(views.derived_pivot(province, lang), hide_index=True, border="horizontal")
with st.expander(t("kur_uptake.derived_reasons", lang)):
    st.table(views.derived_table(province, lang), hide_index=True, border="horizontal")
ui.csv_download(t("kur_uptake.derived_download", lang), views.derived_frame(province, lang),
                source_line=views.derived_source(province, lang), file_name="kur-turunan-provinsi.csv",
                key="kur_province_csv")

# --- the chosen regency ---------------------------------------------------------------------------------
if regency:
    name = catalog.regency_name(regency, lang)
    st.subheader(t("kur_uptake.panel_title", lang, name=name))
    figures = kur.regency_kur(regency)
    if figures.empty:
        st.info(t("kur_uptake.panel_empty", lang, name=name))
    else:
        st.dataframe(views.regency_kur_table(regency, lang), hide_index=True, width="stretch")
        ui.source_note(list(dict.fromkeys(figures["dataset"])))
        st.markdown(f"**{t('kur_uptake.panel_derived', lang, name=name)}**")
        own = kur.regency_derived_all(regency)
        st.table(views.derived_pivot(own, lang), hide_index=True, border="horizontal")
        with st.expander(t("kur_uptake.derived_reasons", lang)):
            st.table(views.derived_table(own, lang), hide_index=True, border="horizontal")
elif period is not None:
    st.info(t("kur_uptake.panel_hint", lang))

# --- from barrier to measure ---------------------------------------------------------------------------
st.subheader(t("kur_uptake.barriers_title", lang))
st.write(t("kur_uptake.barriers_intro", lang))
ui.show(views.complaints_view(lang), key="kur_complaints")
for note in (views.complaints_sum_note(lang), views.barrier_group_note(lang)):
    if note:
        st.caption(note)

shares = views.complaint_shares(lang)
for barrier in views.credit_barriers(lang):
    with st.container(border=True):
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.markdown(f"**{esc(barrier.label)}**")
            st.caption(t("kur_uptake.barrier_words", lang))
            for words in barrier.as_written:
                st.markdown(f"> *{esc(words)}*")
            if barrier.sources:
                st.caption(t("kur_uptake.barrier_sources", lang, sources=esc("; ".join(barrier.sources))))
            if barrier.id in shares:
                st.caption(t("kur_uptake.barrier_figure", lang, value=shares[barrier.id]))
        with right:
            if barrier.n_measures:
                st.page_link(iv.PAGE, label=t("kur_uptake.barrier_link", lang, n=barrier.n_measures),
                             query_params=barrier.params, icon=":material/arrow_forward:")
                st.caption(t("kur_uptake.barrier_link_kinds", lang, paper=barrier.n_paper,
                             editorial=barrier.n_measures - barrier.n_paper))
            else:
                st.caption(t("kur_uptake.barrier_none", lang))
