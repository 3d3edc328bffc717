"""Adopsi digital / Digital and e-commerce adoption: BPS's e-commerce statistics for Bali 2022 and
what they are a share of, internet use, Bali's digitalisation challenges with the matching
measures, and the regency map layer for imported e-commerce tables.

URL: /adopsi-digital (not /digital: see tests/test_app.py). State in the URL:
?layer=ecommerce_share&period=2024 (the map; each optional).
"""

import streamlit as st

from bali_umkm import digital, ui
from bali_umkm import interventions as iv
from bali_umkm.i18n import t
from bali_umkm.views import digital as views

lang = ui.lang()
esc = ui.escape_md
ps = ui.page_state("dig", views.map_params())
st.title(t("digital.title", lang))
st.write(t("digital.intro", lang))
ui.url_notes(ps)

# --- 1. e-commerce in Bali, 2022 --------------------------------------------------------------
st.header(t("digital.ecommerce_title", lang))
frame = views.frame_texts(lang)
ui.cards(views.ecommerce_cards(lang))
ui.source_note(digital.ECOMMERCE_DATASET)
second = views.second_source_note(lang)
if second:
    st.caption(second)
ui.show(views.status_view(lang), key="dig_status")
st.caption(views.status_note(lang))

# what 62,28% is a share of
st.subheader(t("digital.frame_title", lang, **frame))
card, text = st.columns([1, 2], gap="large")
with card, st.container(border=True):
    ui.card(views.frame_card(lang))
text.markdown(t("digital.frame_text", lang, **frame))
st.warning(t("digital.frame_warning", lang, **frame))
st.markdown(t("digital.frame_why", lang, **frame))
with st.expander(t("digital.frame_table_title", lang)):
    st.table(views.frame_table(lang), hide_index=True, border="horizontal")
    st.caption(esc(views.frame_source(lang)))
    ui.csv_download(t("digital.frame_download", lang), views.frame_csv(), source_line=views.frame_source(lang),
                    file_name="kerangka-survei-ecommerce-2022.csv", key="dig_frame_csv")

ui.show(views.kbli_view(lang), key="dig_kbli")
st.caption(views.kbli_note(lang))
ui.show(views.start_view(lang), key="dig_start")

# --- 2. internet use (national) ---------------------------------------------------------------
st.header(t("digital.internet_title", lang))
st.write(t("digital.internet_intro", lang))
ui.cards(views.internet_cards(lang))
ui.source_note(views.internet_datasets())
ui.show(views.purposes_view(lang), key="dig_purposes")
for note in views.purposes_notes(lang):
    st.caption(note)
ui.show(views.platforms_view(lang), key="dig_platforms")
ui.show(views.activities_view(lang), key="dig_activities")
ui.show(views.users_view(lang), key="dig_users")
st.caption(views.users_note(lang))

st.subheader(t("digital.projections_title", lang))
st.write(t("digital.projections_intro", lang))
ui.cards(views.projection_cards(lang), per_row=2)
st.caption(t("digital.projections_note", lang))
ui.source_note(views.projection_datasets())

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
            st.info(views.challenge_none_text(ch, lang))

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
if not ps["layer"]:
    st.info(t("digital.map_empty", lang))
    st.page_link(digital.IMPORT_PAGE, label=t("digital.map_to_import", lang), query_params={"kind": "ecommerce"},
                 icon=":material/upload_file:")
else:
    st.write(t("digital.map_intro", lang))
    c1, c2 = st.columns(2)
    layer = ps.selectbox("layer", t("digital.pick_layer", lang), container=c1,
                         format_func=lambda k: t(f"digital.layer_{k}", lang))
    period = ui.period_box(ps, t("digital.pick_period", lang), digital.period_options(layer), container=c2)
    view = views.layer_map_view(layer, period, lang)
    ui.show(view, key="dig_map")
    for note in views.map_notes(layer, view, lang):
        st.caption(note)
    st.page_link(digital.IMPORT_PAGE, label=t("digital.map_import_more", lang), query_params={"kind": "ecommerce"},
                 icon=":material/upload_file:")
