"""Sebaran UMKM / MSME distribution: 2023 by scale and sector, the province series, the regency map.

State in the URL: ?metric=umkm_total&derived=per_1000&period=2020&regency=5107 (each optional).
"""

import streamlit as st

from bali_umkm import catalog, distribution, indicators, ui
from bali_umkm.charts import choropleth, series
from bali_umkm.export.tables import to_csv_bytes
from bali_umkm.i18n import fmt_number, t

lang = ui.lang()
st.title(t("distribution.title", lang))
st.write(t("distribution.intro", lang))

# --- 2023 by scale, beside the UU 20/2008 thresholds ---------------------------------------------
st.subheader(t("distribution.scale_title", lang))
check = distribution.scale_check()
left, right = st.columns([3, 2], gap="large")
with left:
    view = distribution.scale_view(lang)
    ui.chart_block(view.chart, key="dist_scale", source_line=view.source_line, alt_text=view.alt_text,
                   table=view.table, csv=view.csv, filename=view.filename)
with right:
    st.markdown(f"**{t('distribution.thresholds_title', lang)}**")
    st.table(distribution.thresholds_table(lang), hide_index=True, border="horizontal")  # wraps long bounds
    st.caption(t("distribution.scale_shares_note", lang, sum=fmt_number(check["parts_sum"], lang)))
    st.caption(t("distribution.thresholds_note", lang))
    ui.source_note("paper_uu20_2008")
st.warning(t("distribution.scale_sum_note", lang, parts=fmt_number(check["parts_sum"], lang),
             total=fmt_number(check["total"], lang), diff=fmt_number(abs(check["difference"]), lang)))

# --- sectors ---------------------------------------------------------------------------------------
st.subheader(t("distribution.sector_title", lang))
if distribution.trade_leads_every_scale():
    st.info(t("distribution.trade_leads", lang))
st.markdown(t("distribution.second_sectors", lang))
for col, figure_id in zip(st.columns(3), distribution.sector_highlights(), strict=True):
    with col, st.container(border=True):
        ui.figure_card(t(f"distribution.card_{figure_id}", lang), figure_id)
st.caption(t("distribution.non_agri_note", lang))

st.markdown(f"**{t('distribution.karangasem_title', lang)}**")
sector_check = distribution.regency_sector_check("5107", 2021)
total_text = fmt_number(sector_check["total"], lang) if sector_check is not None else "–"
view = distribution.sector_view("5107", 2021, lang)
ui.chart_block(view.chart, key="dist_karangasem", source_line=view.source_line, alt_text=view.alt_text,
               table=view.table, csv=view.csv, filename=view.filename)
if sector_check is not None:
    key = "karangasem_sum_ok" if sector_check["status"] == "ok" else "karangasem_sum_off"
    st.caption(t(f"distribution.{key}", lang, parts=fmt_number(sector_check["parts_sum"], lang), total=total_text))

# --- the province series, every source -----------------------------------------------------------
st.subheader(t("distribution.series_title", lang))
prov = distribution.province_series()
prov_plot = distribution.series_plot_data(lang)
main_source = distribution.series_source_label(distribution.MAIN_SERIES, lang)
series_source = catalog.source_line(list(dict.fromkeys(prov["dataset"])), lang)
conflict = distribution.second_source_2023()
chart = series.by_source(prov_plot, title=t("distribution.series_chart_title", lang),
                         unit_label=t("distribution.unit_units", lang), lang=lang, main=main_source)
dpr = prov[prov["dataset"] == "umkm_dpr_2023"]["value"]
diskop_2023 = prov[(prov["dataset"] == distribution.MAIN_SERIES) & (prov["year"] == 2023)]["value"]
ui.chart_block(chart, key="dist_series", source_line=series_source,
               alt_text=t("distribution.series_alt", lang,
                          dpr=fmt_number(dpr.iloc[0], lang) if len(dpr) else "–",
                          diskop=fmt_number(diskop_2023.iloc[0], lang) if len(diskop_2023) else "–"),
               table=distribution.series_table(lang), csv=prov, filename="umkm-bali-2021-2024")
if conflict is not None:
    st.warning(t("distribution.series_conflict", lang,
                 a=fmt_number(conflict["value_a"], lang),
                 source_a=catalog.dataset(conflict["dataset_a"]).text("producer", lang),
                 b=fmt_number(conflict["value_b"], lang),
                 source_b=catalog.dataset(conflict["dataset_b"]).text("producer", lang),
                 diff=fmt_number(abs(conflict["difference"]), lang)))

# --- the regency map -------------------------------------------------------------------------------
st.subheader(t("distribution.map_title", lang))
st.write(t("distribution.map_intro", lang))

# each state comes from the widget, else the other language's widget, else the URL, else a default
pick = ui.map_picker("dist", "umkm_total")

c1, c2, c3, c4 = st.columns([3, 2, 3, 2])
metric, derived, period, regency = pick.draw(lang, "distribution", metric=c1, derived=c2, period=c3, regency=c4)
ui.sync_url({"metric": metric, "derived": derived, "period": period, "regency": regency})

if not pick.period_options:
    st.info(t("distribution.no_regency_data", lang))
else:
    view = choropleth.indicator_map(metric, period, derived, lang=lang, selected=regency or None)
    map_file = ui.safe_filename(f"peta-{metric}-{derived or 'nilai'}-{period}")
    ui.chart_block(view.chart, key="dist_map", source_line=view.source_line, alt_text=view.alt_text,
                   table=view.table, csv=view.csv, filename=map_file,
                   on_select=ui.on_map_click("dist_map", "dist_regency"), selection_mode=choropleth.SELECTION)

# --- the chosen regency: every figure, beside the province's ------------------------------------
if regency:
    name = catalog.regency_name(regency, lang)
    st.subheader(t("distribution.panel_title", lang, name=name))
    profile = indicators.regency_profile(regency)
    if profile.empty:
        st.info(t("distribution.panel_empty", lang, name=name))
    else:
        st.caption(t("distribution.panel_intro", lang, n=len(profile), name=name,
                     n_sources=profile["dataset"].nunique()))
        st.dataframe(indicators.regency_profile_table(regency, lang), hide_index=True, width="stretch",
                     height=ui.table_height(len(profile)), column_config=indicators.profile_column_widths(lang))
        ui.source_note(list(dict.fromkeys(profile["dataset"])))
        export = profile.assign(regency_code=regency, source=[catalog.source_line(d, lang) for d in profile["dataset"]])
        st.download_button(t("distribution.panel_download", lang, name=name), to_csv_bytes(export),
                           file_name=ui.safe_filename(f"angka-{regency}-{name}") + ".csv", mime="text/csv",
                           key="dist_panel_csv", on_click="ignore", icon=":material/table:")
else:
    st.info(t("distribution.panel_hint", lang))
