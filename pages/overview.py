"""Ringkasan / Overview: the headline figures, each with its period and source, and a guide."""

import streamlit as st

from bali_umkm import overview, ui
from bali_umkm.i18n import t

lang = ui.lang()
st.title(t("common.app_title", lang))
st.write(t("common.app_tagline", lang))

for section in overview.SECTIONS:
    st.subheader(t(f"overview.{section.key}", lang))
    for row in overview.card_rows(section, lang):
        for col, card in zip(st.columns(len(row)), row, strict=True):
            with col, st.container(border=True):
                ui.figure_card(t(f"overview.card_{card.figure_id}", lang), card.figure_id, scale=card.scale)
    ui.source_note(overview.section_datasets(section))

summary = overview.quality_summary()
st.subheader(t("overview.disagree_title", lang))
st.warning(t("overview.disagree_text", lang, **summary))
st.page_link("pages/data_sources.py", label=t("overview.to_data", lang), icon=":material/search:")

st.subheader(t("overview.guide_title", lang))
st.markdown(t("overview.guide", lang, **overview.catalogue_counts()))
