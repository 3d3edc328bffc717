"""Dasbor UMKM Bali: page config, language switch, navigation. Nothing else."""

import streamlit as st

from bali_umkm import ui
from bali_umkm.i18n import t

st.set_page_config(page_title="Dasbor UMKM Bali", page_icon="📊", layout="wide")
lang = ui.init_lang()
ui.page_setup(lang)  # our stylesheet (a11y.css) and <html lang> for screen readers
pages = {
    t("nav.section_explore", lang): [
        st.Page("pages/overview.py", title=t("nav.overview", lang), url_path="ringkasan",
                default=True),
        st.Page("pages/distribution.py", title=t("distribution.nav_title", lang), url_path="sebaran-umkm"),
        st.Page("pages/kur_uptake.py", title=t("kur_uptake.nav_title", lang), url_path="kur"),
        st.Page("pages/digital.py", title=t("digital.nav_title", lang), url_path="adopsi-digital"),
        st.Page("pages/interventions.py", title=t("interventions.nav_title", lang), url_path="intervensi"),
        st.Page("pages/planner.py", title=t("planner.nav_title", lang), url_path="perencana"),
        st.Page("pages/briefing.py", title=t("briefing.nav_title", lang), url_path="ekspor-briefing"),
    ],
    t("nav.section_about", lang): [
        st.Page("pages/data_sources.py", title=t("nav.data", lang), url_path="data-sumber"),
        st.Page("pages/import.py", title=t("import.nav_title", lang), url_path="impor"),
    ],
}
# Every page has a fixed url_path: without one Streamlit derives it from the (translated)
# title, and switching language would change the page under the reader.
st.navigation(pages).run()
