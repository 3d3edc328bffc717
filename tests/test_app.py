"""AppTest for app.py and every page: no exception, key figures present, in id and en."""

import pytest
from conftest import all_text, app_pages, page_strings, run_app

from bali_umkm import catalog

PAGES = [p for p, _ in app_pages()]  # every page in app.py's navigation


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_runs_without_exception(page, lang):
    at = run_app(page, lang=lang)
    assert not at.exception, at.exception


def test_overview_key_figures_in_indonesian():
    at = run_app(lang="id")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Jumlah UMKM"] == "439.382"
    assert metrics["Usaha mikro"] == "395.612"
    assert metrics["Kredit Program Bali"] == "Rp4,72 triliun"
    assert metrics["KUR skema Mikro"] == "Rp3.009,38 miliar"
    assert metrics["Usaha yang ber-e-commerce"] == "62,28%"
    text = all_text(at)
    assert "Sumber: Dinas Koperasi dan UMKM Provinsi Bali" in text
    assert "439.381" in text  # the disagreement is stated on the first page


def test_overview_in_english_after_switching():
    at = run_app(lang="id")
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Number of MSMEs"] == "439,382"
    assert metrics["Kredit Program in Bali"] == "IDR 4.72 trillion"
    assert at.query_params["lang"] == "en"


def test_data_page_shows_conflicts_and_coverage():
    at = run_app("pages/data_sources.py", lang="id")
    text = all_text(at)
    assert "Angka yang tidak sama" in text and "pasang angka yang tidak sama" in text
    frames = [df.value for df in at.dataframe]
    joined = "\n".join(f.to_string() for f in frames)
    assert "442.848" in joined and "19.423" in joined
    assert "Karangasem" in joined  # coverage matrix columns


def test_data_page_counts_each_disagreement_once_and_shows_each_class():
    at = run_app("pages/data_sources.py", lang="id")
    shown = page_strings(at)
    assert "3 pasang angka yang tidak sama" in shown  # Diskop-DPR once, not twice
    assert "Dua tanggal dalam tahun yang sama: perubahan atau ketidaksesuaian (1)" in shown
    assert "Tanpa tahun, dari terbitan berbeda: tidak dapat dibandingkan (6)" in shown
    tables = [df.value for df in at.dataframe]
    conflicts = next(f for f in tables if "442.848" in f.to_string())
    assert len(conflicts) == 3
    same_year = next(f for f in tables if "sekitar 68.000" in f.to_string())
    assert len(same_year) == 1 and "Buleleng" in same_year.to_string()


def test_data_page_search_filters_the_catalogue():
    at = run_app("pages/data_sources.py", lang="en")
    at.text_input(key="data_search__en").input("kabar24").run()
    assert "2 of 46 datasets" in all_text(at)  # its own record and the one whose notes name it
    assert at.selectbox(key="data_dataset__en").value == "kur_kabar24_2016"
    assert at.query_params["q"] == "kabar24" and at.query_params["dataset"] == "kur_kabar24_2016"


def test_data_page_opens_the_dataset_its_link_names_and_keeps_it_in_english():
    at = run_app("pages/data_sources.py", lang="id", query={"q": "diskop", "dataset": "paper_diskop_2023"})
    assert at.selectbox(key="data_dataset__id").value == "paper_diskop_2023"
    assert at.text_input(key="data_search__id").value == "diskop"
    at.sidebar.radio(key="lang").set_value("en").run()
    box = at.selectbox(key="data_dataset__en")
    assert box.value == "paper_diskop_2023" and at.text_input(key="data_search__en").value == "diskop"
    assert box.format_func(box.value) == catalog.dataset("paper_diskop_2023").title_in("en")
    assert at.query_params["dataset"] == "paper_diskop_2023"


def test_data_page_reports_an_unknown_dataset_in_its_link():
    at = run_app("pages/data_sources.py", lang="en", query={"dataset": "no_such_dataset"})
    assert not at.exception
    assert "dataset=no\\_such\\_dataset: not recognised" in all_text(at)  # escaped: it came from the URL
    assert at.selectbox(key="data_dataset__en").value == catalog.datasets()[0].id


@pytest.mark.parametrize("lang, label, field", [
    ("id", "Unduh paket data (ZIP, Frictionless)", "Nama Indikator"),
    ("en", "Download the data package (ZIP, Frictionless)", "Indicator name"),
])
def test_data_page_offers_the_open_data_downloads(lang, label, field):
    at = run_app("pages/data_sources.py", lang=lang)
    assert not at.exception
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons["dl_datapackage"] == label
    assert {"dl_ckan", "dl_msind", "dl_all", "dl_dataset"} <= set(buttons)
    view = at.table[-1].value  # the MS-Ind of the chosen dataset
    assert view.index[0] == field and len(view) == 12
    assert "Satu Data Indonesia" in all_text(at)


def test_data_page_msind_follows_the_chosen_dataset():
    at = run_app("pages/data_sources.py", lang="id")
    at.selectbox(key="data_dataset__id").set_value("paper_diskop_2023").run()
    view = at.table[-1].value
    assert list(view.columns) == ["umkm_total", "umkm_sector_rank"]
    assert view.loc["Nama Indikator", "umkm_total"] == "Jumlah UMKM"
    assert view.loc["Indikator Komposit", "umkm_total"] == "Tidak"
    assert "2 catatan MS-Ind" in all_text(at)


def test_no_url_path_is_the_name_of_a_page_file():
    """Streamlit 1.67 still treats pages/ as a legacy (v1) multipage folder until st.navigation
    first runs: a url_path equal to a file's page name ("digital" for pages/digital.py) then opens
    that file bare, without app.py (no language switch, the file names as navigation) on the first
    visit after a restart, and in every AppTest run. Each url_path must differ from those names."""
    from conftest import ROOT
    from streamlit.source_util import page_icon_and_name

    legacy = {page_icon_and_name(p)[1] for p in (ROOT / "pages").glob("*.py")}
    clashes = [url for _, url in app_pages() if url in legacy]
    assert not clashes, clashes
    assert {"overview", "digital"} <= legacy  # the check sees the files
