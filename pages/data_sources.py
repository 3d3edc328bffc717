"""Data & Sumber / Data & Sources: the catalogue, downloads, coverage, every conflict, and the open-data
(Satu Data) downloads."""

import streamlit as st

from bali_umkm import catalog, quality, satudata, tables, ui
from bali_umkm.export import opendata
from bali_umkm.export.tables import to_csv_bytes
from bali_umkm.i18n import t

lang = ui.lang()
st.title(t("data.title", lang))
st.write(t("data.intro", lang))

st.subheader(t("data.catalogue", lang))
query = st.text_input(t("data.search", lang), key="data_search", help=t("data.search_help", lang))
table = tables.datasets_table(lang)
shown = tables.search_datasets(table, query)
st.caption(t("data.n_datasets", lang, shown=len(shown), total=len(table)))
st.dataframe(shown.drop(columns=["id"]), hide_index=True, width="stretch")
st.download_button(t("data.download_all", lang), to_csv_bytes(catalog.figures()),
                   file_name="dasbor-umkm-bali-semua-angka.csv", mime="text/csv", key="dl_all")

st.subheader(t("data.detail", lang))
ids = shown["id"].tolist() or table["id"].tolist()
chosen = st.selectbox(t("data.pick_dataset", lang), ids, key="data_dataset",
                      format_func=lambda i: catalog.dataset(i).title_in(lang))
ds = catalog.dataset(chosen)
st.markdown(f"**{ui.escape_md(ds.title_in(lang))}**")
st.markdown(f"{t('data.citation', lang)}: {ui.escape_md(ds.citation)}")
if ds.paper_citation:
    st.markdown(f"{t('data.paper_citation', lang)}: {ui.escape_md(ds.paper_citation)}")
ui.link_line(t("data.url", lang), ds.url)
st.markdown(f"{t('common.licence', lang)}: {ui.escape_md(ds.text('licence', lang))} · "
            f"{t('common.trust', lang)}: {catalog.trust_word(ds.trust, lang)} · "
            f"{t('data.accessed', lang)}: {ds.accessed}")
if ds.text("notes", lang):
    st.info(ui.escape_md(ds.text("notes", lang)))
st.dataframe(tables.dataset_figures(chosen, lang), hide_index=True, width="stretch")
st.download_button(t("data.download_dataset", lang), to_csv_bytes(tables.dataset_export(chosen)),
                   file_name=f"{chosen}.csv", mime="text/csv", key="dl_dataset")

st.subheader(t("data.conflicts", lang))
st.write(t("data.conflicts_intro", lang))
counts = quality.summary()
st.caption(t("data.n_conflicts", lang, n=counts["conflicts"]))
st.dataframe(tables.comparisons_table(lang, "conflict"), hide_index=True, width="stretch")
st.markdown(f"**{t('data.same_year_changes', lang, n=counts['same_year_changes'])}**")
st.caption(t("data.same_year_changes_intro", lang))
st.dataframe(tables.comparisons_table(lang, "same_year_change"), hide_index=True, width="stretch")
with st.expander(t("data.undated_pairs", lang, n=counts["undated_pairs"])):
    st.dataframe(tables.comparisons_table(lang, "undated"), hide_index=True, width="stretch")
with st.expander(t("data.different_periods", lang)):
    st.dataframe(tables.comparisons_table(lang, "different_period"), hide_index=True, width="stretch")
with st.expander(t("data.agreements", lang)):
    st.dataframe(tables.comparisons_table(lang, "agree"), hide_index=True, width="stretch")

st.subheader(t("data.sum_checks", lang))
st.write(t("data.sum_checks_intro", lang))
st.dataframe(tables.sum_checks_table(lang), hide_index=True, width="stretch")

st.subheader(t("data.coverage", lang))
st.caption(t("data.coverage_intro", lang))
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
