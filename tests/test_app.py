"""AppTest for app.py and every page: no exception, key figures present, in id and en."""

import pytest
from conftest import all_text, run_app

PAGES = ["pages/overview.py", "pages/data_sources.py", "pages/import.py"]


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


def test_data_page_search_filters_the_catalogue():
    at = run_app("pages/data_sources.py", lang="en")
    at.text_input(key="data_search").input("kabar24").run()
    assert "2 of 46 datasets" in all_text(at)  # its own record and the one whose notes name it
    assert at.selectbox(key="data_dataset").value == "kur_kabar24_2016"
