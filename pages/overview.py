"""Ringkasan / Overview: the headline figures, each with its period and source, and a guide."""

import streamlit as st

from bali_umkm import ui
from bali_umkm.i18n import t
from bali_umkm.views import overview

lang = ui.lang()
st.title(t("common.app_title", lang))
st.write(t("common.app_tagline", lang))

for section in overview.SECTIONS:
    st.subheader(t(f"overview.{section.key}", lang))
    ui.cards(overview.section_cards(section, lang), per_row=overview.per_row(section, lang))
    ui.source_note(overview.section_datasets(section))

with st.expander(t("overview.context_title", lang)):
    for section in overview.CONTEXT_SECTIONS:
        st.markdown(f"**{t(f'overview.{section.key}', lang)}**")
        ui.cards(overview.section_cards(section, lang), per_row=overview.per_row(section, lang))
        ui.source_note(overview.section_datasets(section))

st.subheader(t("overview.disagree_title", lang))
st.warning(t("overview.disagree_text", lang, **overview.quality_summary()))
st.page_link("pages/data_sources.py", label=t("overview.to_data", lang), icon=":material/search:")

st.subheader(t("overview.guide_title", lang))
st.markdown(t("overview.guide", lang, **overview.catalogue_counts()))
