"""Adopsi digital / Digital and e-commerce adoption: BPS's e-commerce statistics for Bali 2022 and
what they are a share of, internet use, Bali's digitalisation challenges with the matching
measures, and the regency map layer for imported e-commerce tables.

URL: /adopsi-digital (not /digital: see tests/test_app.py). State in the URL:
?layer=ecommerce_share&period=2024 (the map; each optional).
"""

import streamlit as st

from bali_umkm import catalog, digital, ui
from bali_umkm import interventions as iv
from bali_umkm.charts import digital as charts
from bali_umkm.charts.base import PALETTE
from bali_umkm.export.tables import to_csv_bytes
from bali_umkm.i18n import fmt_number, fmt_percent, t

lang = ui.lang()
esc = ui.escape_md
st.title(t("digital.title", lang))
st.write(t("digital.intro", lang))
styles = digital.style_labels(lang)

# --- 1. e-commerce in Bali, 2022 --------------------------------------------------------------
st.header(t("digital.ecommerce_title", lang))
frame = digital.frame_texts(lang)
for col, (label, fid) in zip(st.columns(3), (("card_businesses", digital.BUSINESSES), ("card_share", digital.SHARE),
                                             ("card_not_share", digital.NOT_SHARE)), strict=True):
    with col, st.container(border=True):
        ui.figure_card(t(f"digital.{label}", lang), fid)
ui.source_note(digital.ECOMMERCE_DATASET)
other = digital.second_source_for_businesses()
if other is not None:
    ds = other["dataset_b"] if other["dataset_a"] == digital.ECOMMERCE_DATASET else other["dataset_a"]
    key = "second_source_agree" if other["status"] == "agree" else "second_source_differs"
    st.caption(esc(t(f"digital.{key}", lang, source=catalog.dataset(ds).text("producer", lang),
                     value=fmt_number(other["value_b"] if ds == other["dataset_b"] else other["value_a"], lang))))

check = digital.status_check()
view = digital.status_view(lang)
ui.chart_block(view.chart, key="dig_status", source_line=view.source_line, alt_text=view.alt_text,
               table=view.table, csv=view.csv, filename=view.filename)
st.caption(t("digital.status_note", lang, ntb=digital.value_text(digital.NTB_SHARE, lang),
             share=digital.value_text(digital.SHARE, lang),
             parts=fmt_number(check["parts_sum"], lang)))

# what 62,28% is a share of
st.subheader(t("digital.frame_title", lang, **frame))
card, text = st.columns([1, 2], gap="large")
with card, st.container(border=True):
    st.metric(t("digital.card_frame", lang), t("digital.about", lang, value=frame["total_rounded"]))
    st.caption(t("digital.card_frame_formula", lang, **frame))
    st.caption(t("digital.card_frame_kind", lang))
text.markdown(t("digital.frame_text", lang, **frame))
st.warning(t("digital.frame_warning", lang, **frame))
st.markdown(t("digital.frame_why", lang, **frame))
with st.expander(t("digital.frame_table_title", lang)):
    st.table(digital.frame_table(lang), hide_index=True, border="horizontal")
    frame_source = catalog.source_line(list(digital.frame_estimate().datasets), lang)
    st.caption(esc(frame_source))
    st.download_button(t("digital.frame_download", lang), to_csv_bytes(digital.frame_csv(), frame_source),
                       file_name="kerangka-survei-ecommerce-2022.csv", mime="text/csv", key="dig_frame_csv",
                       on_click="ignore", icon=":material/table:")

view = digital.kbli_view(lang)
ui.chart_block(view.chart, key="dig_kbli", source_line=view.source_line, alt_text=view.alt_text,
               table=view.table, csv=view.csv, filename=view.filename)
kbli = digital.kbli_data(lang)
st.caption(kbli[kbli["style"] == digital.COMPUTED].iloc[0]["formula"])

unit_ecommerce = t("digital.unit_percent_ecommerce", lang)

start = digital.start_data(lang)
start_source = digital.source_of(start, lang)
chart = charts.share_bars(start, title=t("digital.start_title", lang), unit_label=unit_ecommerce, style_labels=styles,
                          lang=lang, x_max=100, label_limit=200, color=PALETTE[2])
ui.chart_block(chart, key="dig_start", source_line=start_source,
               alt_text=t("digital.start_alt", lang, **dict(zip(("before", "middle", "recent"), start["text"],
                                                                 strict=True))),
               table=digital.bars_table(start, lang, "col_start"),
               csv=digital.bars_csv(start, "ecommerce_start_share"), filename="ecommerce-bali-2022-tahun-mulai")

# --- 2. internet use (national) ---------------------------------------------------------------
st.header(t("digital.internet_title", lang))
st.write(t("digital.internet_intro", lang))
for col, (label, fid) in zip(st.columns(3), (("card_internet", digital.INTERNET_ACCESS),
                                             ("card_time", digital.TIME_ONLINE),
                                             ("card_daily", digital.DAILY_ONLINE)), strict=True):
    with col, st.container(border=True):
        ui.figure_card(t(f"digital.{label}", lang), fid)
ui.source_note([catalog.figure(digital.INTERNET_ACCESS)["dataset"], catalog.figure(digital.TIME_ONLINE)["dataset"]])

purposes = digital.purposes_data(lang)
bound = purposes[purposes["style"] == digital.BOUND]
chart = charts.share_bars(purposes, title=t("digital.purposes_title", lang),
                          unit_label=t("digital.unit_percent_users", lang), style_labels=styles, lang=lang,
                          subtitle=[t("digital.purposes_sub", lang)])
top = purposes.loc[purposes["value"].idxmax()]
ui.chart_block(chart, key="dig_purposes", source_line=digital.source_of(purposes, lang),
               alt_text=t("digital.purposes_alt", lang, top=top["label"], top_value=top["text"],
                          bound=", ".join(f"{r.label}: {digital.value_text(r.figure_id, lang)}"
                                          for r in bound.itertuples())),
               table=digital.bars_table(purposes, lang), csv=digital.bars_csv(purposes, "internet_purpose_share"),
               filename="internet-tujuan-2023")
for r in bound.itertuples():
    st.caption(t("digital.bound_note", lang, label=r.label, text=r.text,
                 words=digital.value_text(r.figure_id, lang), bound=fmt_percent(r.value, lang)))

platforms = digital.platforms_data(lang)
chart = charts.share_bars(platforms, title=t("digital.platforms_title", lang),
                          unit_label=t("digital.unit_percent_users_16_64", lang), style_labels=styles,
                          lang=lang, subtitle=[t("digital.platforms_sub", lang)], color=PALETTE[4],
                          label_limit=160)
top, low = platforms.loc[platforms["value"].idxmax()], platforms.loc[platforms["value"].idxmin()]
ui.chart_block(chart, key="dig_platforms", source_line=digital.source_of(platforms, lang),
               alt_text=t("digital.platforms_alt", lang, n=len(platforms), top=top["label"], top_value=top["text"],
                          last=low["label"], last_value=low["text"]),
               table=digital.bars_table(platforms, lang, "col_platform"),
               csv=digital.bars_csv(platforms, "social_media_platform_share"), filename="media-sosial-2024")

activities = digital.activities_data(lang)
chart = charts.share_bars(activities, title=t("digital.activities_title", lang),
                          unit_label=t("digital.unit_percent_users", lang), style_labels=styles, lang=lang,
                          subtitle=[t("digital.activities_sub", lang)], color=PALETTE[3], label_limit=200)
ui.chart_block(chart, key="dig_activities", source_line=digital.source_of(activities, lang),
               alt_text=t("digital.activities_alt", lang, items="; ".join(
                   f"{a.label} {a.text}" for a in activities.itertuples())),
               table=digital.bars_table(activities, lang, "col_activity"),
               csv=digital.bars_csv(activities, "online_activity_share"), filename="aktivitas-daring-2024")

users = digital.users_data(lang)
years = {"first_year": users.iloc[0]["year"], "last_year": users.iloc[-1]["year"]}
chart = charts.projection_series(users, title=t("digital.users_title", lang, **years),
                                 unit_label=t("digital.unit_millions", lang), lang=lang,
                                 subtitle=[t("digital.users_sub", lang, **years)])
ui.chart_block(chart, key="dig_users", source_line=digital.source_of(users, lang),
               alt_text=t("digital.users_alt", lang, first=users.iloc[0]["text"], last=users.iloc[-1]["text"],
                          **years),
               table=digital.users_table(lang),
               csv=users[["year", "value", "kind", "figure_id", "dataset", "note"]].assign(unit="persons"),
               filename="pengguna-ecommerce-2024-2029")
st.caption(t("digital.users_note", lang, first=digital.value_text(users.iloc[0]["figure_id"], lang), **years))

st.subheader(t("digital.projections_title", lang))
st.write(t("digital.projections_intro", lang))
for row in (digital.PROJECTIONS[:2], digital.PROJECTIONS[2:]):
    for col, fid in zip(st.columns(2), row, strict=True):
        with col, st.container(border=True):
            ui.figure_card(t(f"digital.card_{fid}", lang), fid, scale=10**12 if fid.endswith("_idr") else None)
st.caption(t("digital.projections_note", lang))
ui.source_note(catalog.figure(digital.PROJECTIONS[0])["dataset"])

# --- 3. Bali's digitalisation challenges and the training list ----------------------------------
st.header(t("digital.challenges_title", lang))
group = iv.barrier_group("digitalisasi_bali")
st.write(t("digital.challenges_intro", lang, lead=esc(iv.in_lang(group.lead, lang)),
           source=esc("; ".join(group.sources))))
for i, ch in enumerate(digital.challenges(lang), start=1):
    with st.container(border=True, key=f"dig_challenge_{ch.barrier_id}"):
        st.markdown(f"**{i}. {esc(ch.label)}**")
        for quote in ch.as_written:
            st.markdown(f"> {esc(quote)}")
        if ch.params:
            st.page_link(iv.PAGE, label=t("digital.challenge_link", lang, n=len(ch.measures)),
                         query_params=ch.params, icon=":material/arrow_forward:")
            if ch.editorial_only:
                st.caption(t("digital.challenge_editorial", lang))
        else:
            related = ", ".join(iv.barrier_label(r, lang, tagged=True) for r in ch.related_unaddressed)
            st.info(t("digital.challenge_none", lang) + (" " + t("digital.challenge_none_related", lang,
                                                                  related=esc(related)) if related else ""))

st.subheader(t("digital.training_title", lang))
st.write(t("digital.training_intro", lang, lead=esc(digital.training_lead("id"))))
for tr in digital.trainings(lang):
    with st.container(border=True, key=f"dig_training_{tr.record_id}"):
        c1, c2 = st.columns([3, 2])
        c1.markdown(f"**{esc(tr.title)}**  \n“{esc(tr.words)}”" + (f"  \n{esc(tr.text)}" if lang != "id" else ""))
        with c2:
            st.page_link(iv.PAGE, label=t("digital.training_link", lang), query_params=tr.params,
                         icon=":material/arrow_forward:")
st.page_link(iv.PAGE, label=t("digital.training_all", lang, n=len(digital.trainings())),
             query_params=digital.trainings_link(), icon=":material/checklist:")
st.caption(esc(iv.source_line(lang)))

# --- 4. the regency map layer -------------------------------------------------------------------
st.header(t("digital.map_title", lang))
layers = digital.map_layers()
if not layers:
    st.info(t("digital.map_empty", lang))
    st.page_link(digital.IMPORT_PAGE, label=t("digital.map_to_import", lang), icon=":material/upload_file:")
else:
    st.write(t("digital.map_intro", lang))
    layer_key = ui.url_state("dig_layer", "layer", layers, layers[0])
    c1, c2 = st.columns(2)
    layer = c1.selectbox(t("digital.pick_layer", lang), layers, key=layer_key,
                         format_func=lambda k: t(f"digital.layer_{k}", lang))
    ui.remember("dig_layer", layer)
    period = ui.period_select(c2, t("digital.pick_period", lang), "dig_period", digital.period_options(layer),
                              digital.default_period(layer), lang)
    ui.sync_url({"layer": layer, "period": period})
    view = digital.regency_map(layer, period, lang)
    ui.chart_block(view.chart, key="dig_map", source_line=view.source_line, alt_text=view.alt_text,
                   table=view.table, csv=view.csv, filename=ui.safe_filename(f"peta-{layer}-{period}"))
    for line in digital.provenance(view.datasets):
        st.caption(esc(t("digital.map_provenance", lang, citation=line)))
    sums = digital.regency_sum_check(layer, view.option)
    if sums is not None:
        key = "map_sum_ok" if sums["status"] == "ok" else "map_sum_off"
        st.caption(esc(t(f"digital.{key}", lang, parts=fmt_number(sums["parts_sum"], lang),
                         total=fmt_number(sums["total"], lang), n=int(sums["n_parts"]),
                         source=catalog.dataset(sums["total_dataset"]).text("producer", lang))))
    st.page_link(digital.IMPORT_PAGE, label=t("digital.map_import_more", lang), icon=":material/upload_file:")
