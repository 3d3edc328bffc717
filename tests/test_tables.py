from bali_umkm import catalog
from bali_umkm.views import data_sources as tables


def test_dataset_table_lists_every_dataset_with_trust_and_licence():
    tab = tables.datasets_table("id")
    assert len(tab) == len(catalog.datasets())
    assert {"Dataset", "Periode", "Tingkat", "Produsen", "Lisensi", "Kepercayaan"} <= set(tab.columns)


def test_search_in_either_language():
    tab = tables.datasets_table("en")
    assert "umkm_karangasem_2021" in set(tables.search_datasets(tab, "karangasem sektor")["id"])
    assert "umkm_karangasem_2021" in set(tables.search_datasets(tab, "Karangasem sector")["id"])
    assert tables.search_datasets(tab, "zzzz").empty
    assert len(tables.search_datasets(tab, "")) == len(tab)


def test_conflict_table_shows_both_values_and_sources_formatted():
    conf = tables.comparisons_table("id")
    text = conf.to_string()
    assert "439.382" in text and "442.848" in text and "DPR RI" in text
    assert "19.243" in text and "19.423" in text


def test_dataset_export_carries_its_metadata():
    exp = tables.dataset_export("kur_kabar24_2016")
    assert len(exp) == 9 and exp["licence"].nunique() == 1 and exp["citation"].str.contains("Kabar24").all()
