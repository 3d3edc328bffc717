"""Dasbor UMKM Bali: page config, language switch, navigation. Nothing else."""

import streamlit as st

from bali_umkm import ui
from bali_umkm.i18n import t

st.set_page_config(page_title="Dasbor UMKM Bali", page_icon="📊", layout="wide")
lang = ui.init_lang()
pages = {
    t("nav.section_explore", lang): [
        st.Page("pages/overview.py", title=t("nav.overview", lang), url_path="ringkasan", default=True),
    ],
    t("nav.section_about", lang): [
        st.Page("pages/data_sources.py", title=t("nav.data", lang), url_path="data-sumber"),
        st.Page("pages/import.py", title=t("import.nav_title", lang), url_path="impor"),
    ],
}
st.navigation(pages).run()
