"""The import page's tables: preview, checks, versions, in both languages."""

import pandas as pd
import pytest
from importer_files import umkm_long

from bali_umkm import importer, store
from bali_umkm.importer import views


@pytest.fixture
def st(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path))
    return store.Store()


def test_preview_tables_read_the_indonesian_way(st):
    checked = importer.check(umkm_long([("Badung", 2024, "jumlah", 12345), ("Badung", 2024, "mikro", 12000)]),
                             "umkm", "a.csv")
    prev = importer.preview(checked, source="Diskop")
    table = views.diff_table(prev.diff, "id")
    assert list(table["Status"]) == ["baru", "baru"] and "12.345" in set(table["Nilai baru"])
    assert set(table["Wilayah"]) == {"Badung"} and set(table["Tahun"]) == {"2024"}
    en = views.diff_table(prev.diff, "en")
    assert "12,345" in set(en["New value"])
    checks = views.checks_table(prev.sum_checks, "en")
    assert len(checks) == len(prev.sum_checks) and (checks["Year"] == "2024").all()


def test_versions_table_newest_first_with_the_active_mark(st):
    for value in (1, 2):
        c = importer.check(umkm_long([("Badung", 2024, "mikro", value)]), "umkm", f"f{value}.csv")
        importer.commit(c, uploader="Ani", source="X", in_store=st)
    st.rollback(1, uploader="Budi")
    table = views.versions_table(st.versions(), st.active().name, "id")
    assert list(table["Versi"]) == ["v000003 ✓", "v000002", "v000001"]
    assert table.iloc[0]["Tindakan"] == "kembali ke v000001" and table.iloc[0]["Pengunggah"] == "Budi"
    assert isinstance(table, pd.DataFrame) and table.iloc[2]["Berkas"] == "f1.csv"
