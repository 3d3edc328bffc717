"""Sebaran UMKM / MSME distribution: 2023 by scale and sector, the province series, the regency map.

State in the URL: ?metric=umkm_total&derived=per_1000&period=2020&regency=5107 (each optional).
"""

import streamlit as st

from bali_umkm import catalog, ui
from bali_umkm.i18n import t
from bali_umkm.views import distribution, maps, regency_record

lang = ui.lang()
ps = ui.page_state("dist", distribution.map_params())
st.title(t("distribution.title", lang))
st.write(t("distribution.intro", lang))
ui.url_notes(ps)

# --- 2023 by scale, beside the UU 20/2008 thresholds ---------------------------------------------
st.subheader(t("distribution.scale_title", lang))
left, right = st.columns([3, 2], gap="large")
with left:
    ui.show(distribution.scale_view(lang), key="dist_scale")
with right:
    st.markdown(f"**{t('distribution.thresholds_title', lang)}**")
    st.table(distribution.thresholds_table(lang), hide_index=True, border="horizontal")  # wraps long bounds
    st.caption(distribution.scale_shares_note(lang))
    st.caption(t("distribution.thresholds_note", lang))
    ui.source_note("paper_uu20_2008")
st.warning(distribution.scale_sum_note(lang))

# --- sectors ---------------------------------------------------------------------------------------
st.subheader(t("distribution.sector_title", lang))
if distribution.trade_leads_every_scale():
    st.info(t("distribution.trade_leads", lang))
st.markdown(t("distribution.second_sectors", lang))
ui.cards(distribution.highlight_cards(lang))
st.caption(t("distribution.non_agri_note", lang))

st.markdown(f"**{t('distribution.karangasem_title', lang)}**")
ui.show(distribution.sector_view("5107", 2021, lang), key="dist_karangasem")
sector_note = distribution.sector_sum_note("5107", 2021, lang)
if sector_note:
    st.caption(sector_note)

# --- the province series, every source -----------------------------------------------------------
st.subheader(t("distribution.series_title", lang))
ui.show(distribution.series_view(lang), key="dist_series")
conflict = distribution.series_conflict_note(lang)
if conflict:
    st.warning(conflict)

# --- the regency map -------------------------------------------------------------------------------
st.subheader(t("distribution.map_title", lang))
st.write(t("distribution.map_intro", lang))
c1, c2, c3, c4 = st.columns([3, 2, 3, 2])
metric, derived, period, regency = ui.map_choice(ps, "distribution", metric=c1, derived=c2, period=c3, regency=c4)
if period is None:
    st.info(t("distribution.no_regency_data", lang))
else:
    ui.show(maps.map_view(metric, period, derived, lang=lang, selected=regency or None), key="dist_map",
            on_select=ps.on_map_click("regency", "dist_map"), selection_mode=maps.SELECTION)

# --- the chosen regency: every figure, beside the province's ------------------------------------
if regency:
    name = catalog.regency_name(regency, lang)
    st.subheader(t("distribution.panel_title", lang, name=name))
    profile = regency_record.figures(regency)
    if profile.empty:
        st.info(t("distribution.panel_empty", lang, name=name))
    else:
        st.caption(t("distribution.panel_intro", lang, n=len(profile), name=name,
                     n_sources=profile["dataset"].nunique()))
        st.dataframe(regency_record.table(regency, lang), hide_index=True, width="stretch",
                     height=ui.table_height(len(profile)), column_config=regency_record.column_widths(lang))
        ui.source_note(list(dict.fromkeys(profile["dataset"])))
        rows, file_name = distribution.profile_csv(regency, lang)
        ui.csv_download(t("distribution.panel_download", lang, name=name), rows, file_name=file_name,
                        key="dist_panel_csv")
else:
    st.info(t("distribution.panel_hint", lang))
