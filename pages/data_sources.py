"""Data & Sumber / Data & Sources: the catalogue, downloads, coverage, every conflict, and the open-data
(Satu Data) downloads.

State in the URL: ?q=kabar24&dataset=kur_kabar24_2016 (each optional).
"""

import streamlit as st

from bali_umkm import catalog, quality, satudata, ui
from bali_umkm.export import opendata
from bali_umkm.i18n import t
from bali_umkm.views import data_sources as tables

lang = ui.lang()
ps = ui.page_state("data", tables.url_params())
st.title(t("data_sources.title", lang))
st.write(t("data_sources.intro", lang))
ui.url_notes(ps)

st.subheader(t("data_sources.catalogue", lang))
query = ps.text_input("q", t("data_sources.search", lang), key="search", max_chars=200,
                      help=t("data_sources.search_help", lang))
table = tables.datasets_table(lang)
shown = tables.search_datasets(table, query)
st.caption(t("data_sources.n_datasets", lang, shown=len(shown), total=len(table)))
st.dataframe(shown.drop(columns=["id"]), hide_index=True, width="stretch")
ui.csv_download(t("data_sources.download_all", lang), catalog.figures(), file_name="dasbor-umkm-bali-semua-angka.csv",
                key="dl_all")

st.subheader(t("data_sources.detail", lang))
chosen = ps.selectbox("dataset", t("data_sources.pick_dataset", lang),
                      format_func=lambda i: catalog.dataset(i).title_in(lang))
ds = catalog.dataset(chosen)
st.markdown(f"**{ui.escape_md(ds.title_in(lang))}**")
st.markdown(f"{t('data_sources.citation', lang)}: {ui.escape_md(ds.citation)}")
if ds.paper_citation:
    st.markdown(f"{t('data_sources.paper_citation', lang)}: {ui.escape_md(ds.paper_citation)}")
ui.link_line(t("data_sources.url", lang), ds.url)
st.markdown(f"{t('common.licence', lang)}: {ui.escape_md(ds.text('licence', lang))} · "
            f"{t('common.trust', lang)}: {catalog.trust_word(ds.trust, lang)} · "
            f"{t('data_sources.accessed', lang)}: {ds.accessed}")
if ds.text("notes", lang):
    st.info(ui.escape_md(ds.text("notes", lang)))
st.dataframe(tables.dataset_figures(chosen, lang), hide_index=True, width="stretch")
ui.csv_download(t("data_sources.download_dataset", lang), tables.dataset_export(chosen), file_name=f"{chosen}.csv",
                key="dl_dataset")

st.subheader(t("data_sources.conflicts", lang))
st.write(t("data_sources.conflicts_intro", lang))
counts = quality.summary()
st.caption(t("data_sources.n_conflicts", lang, n=counts["conflicts"]))
st.dataframe(tables.comparisons_table(lang, "conflict"), hide_index=True, width="stretch")
st.markdown(f"**{t('data_sources.same_year_changes', lang, n=counts['same_year_changes'])}**")
st.caption(t("data_sources.same_year_changes_intro", lang))
st.dataframe(tables.comparisons_table(lang, "same_year_change"), hide_index=True, width="stretch")
with st.expander(t("data_sources.undated_pairs", lang, n=counts["undated_pairs"])):
    st.dataframe(tables.comparisons_table(lang, "undated"), hide_index=True, width="stretch")
with st.expander(t("data_sources.different_periods", lang)):
    st.dataframe(tables.comparisons_table(lang, "different_period"), hide_index=True, width="stretch")
with st.expander(t("data_sources.agreements", lang)):
    st.dataframe(tables.comparisons_table(lang, "agree"), hide_index=True, width="stretch")

st.subheader(t("data_sources.sum_checks", lang))
st.write(t("data_sources.sum_checks_intro", lang))
st.dataframe(tables.sum_checks_table(lang), hide_index=True, width="stretch")

st.subheader(t("data_sources.coverage", lang))
st.caption(t("data_sources.coverage_intro", lang))
st.dataframe(tables.coverage_table(lang), width="stretch")

st.subheader(t("satudata.section_title", lang))
st.write(t("satudata.section_intro", lang))
# The files are built only when a button is clicked (a callable as data), from the active catalogue.
st.download_button(t("satudata.download_datapackage", lang), opendata.datapackage_zip,
                   file_name="dasbor-umkm-bali-datapackage.zip", mime="application/zip",
                   key="dl_datapackage", on_click="ignore")
st.download_button(t("satudata.download_ckan", lang), opendata.ckan_zip,
                   file_name="dasbor-umkm-bali-ckan.zip", mime="application/zip",
                   key="dl_ckan", on_click="ignore")
st.download_button(t("satudata.download_msind", lang), opendata.msind_xlsx,
                   file_name="dasbor-umkm-bali-ms-ind.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="dl_msind", on_click="ignore")
with st.expander(t("satudata.msind_preview", lang)):
    view = satudata.msind_view(chosen, lang)
    st.caption(t("satudata.msind_caption", lang, n=view.shape[1]))
    # st.table wraps long text and renders Markdown: every cell is escaped (titles may be imported)
    st.table(view.map(ui.escape_md), alt=t("satudata.msind_preview", lang))
