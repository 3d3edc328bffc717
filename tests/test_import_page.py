"""AppTest of the Impor Data page: no login configured -> instructions and nothing imported; with a
password hash in a temporary secrets file -> log in, import a filled template, see the new version."""

import io

import pytest
from conftest import all_text, run_app
from openpyxl import load_workbook

from bali_umkm import auth, catalog, store
from bali_umkm.importer import templates

PASSWORD = "kata sandi yang panjang"


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    return store.Store()


@pytest.fixture
def password_secrets(tmp_path, monkeypatch):
    path = tmp_path / "secrets.toml"
    path.write_text(f'[import]\npassword_hash = "{auth.hash_password(PASSWORD, n=2**10)}"\n', encoding="utf-8")
    monkeypatch.setenv("BALI_UMKM_SECRETS", str(path))
    return path


def filled_umkm_template() -> bytes:
    wb = load_workbook(io.BytesIO(templates.xlsx_bytes(templates.templates()["umkm"])))
    ws = wb["Data"]
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 3).value = 2024
        if ws.cell(r, 5).value == "jumlah" and ws.cell(r, 6).value == "jumlah":
            ws.cell(r, 7).value = 40_000 + r
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_without_a_login_it_explains_and_imports_nothing(fresh_store, lang):
    at = run_app("pages/import.py", lang=lang)
    assert not at.exception
    text = all_text(at)
    assert "hash-password" in text and "[import]" in text and "allowed_emails" in text
    assert len(at.file_uploader) == 0 and len(at.button) == 0  # no way to upload
    assert fresh_store.versions() == []


def test_oidc_without_an_allowed_list_imports_nothing(fresh_store, tmp_path, monkeypatch):
    path = tmp_path / "secrets.toml"
    path.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n', encoding="utf-8")
    monkeypatch.setenv("BALI_UMKM_SECRETS", str(path))
    assert auth.config(auth.read_secrets(None)).mode == "oidc"
    assert not auth.email_allowed(auth.config(auth.read_secrets(None)), "someone@example.org")


def test_wrong_password_is_refused(fresh_store, password_secrets):
    at = run_app("pages/import.py")
    at.text_input(key="imp_name").input("Ani")
    at.text_input(key="imp_password").input("salah")
    at.button[0].click().run()
    assert not at.exception
    assert "Kata sandi salah." in all_text(at) and len(at.file_uploader) == 0


def test_login_then_import_a_template_and_see_the_new_version(fresh_store, password_secrets):
    at = run_app("pages/import.py")
    at.text_input(key="imp_name").input("Ani Wulandari")
    at.text_input(key="imp_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and "Masuk sebagai Ani Wulandari." in all_text(at)
    at.text_input(key="imp_source").input("Dinas Koperasi dan UMKM Provinsi Bali").run()
    at.file_uploader[0].set_value(("keragaan_2024.xlsx", filled_umkm_template(),
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    assert not at.exception
    text = all_text(at)
    assert "Tidak ada galat. 9 angka siap diimpor." in text
    assert {m.label: m.value for m in at.metric}["Baru"] == "9"
    assert fresh_store.versions() == []  # nothing stored before confirming
    assert at.button(key="imp_confirm").disabled
    at.checkbox(key="imp_sure").check().run()
    at.button(key="imp_confirm").click().run()
    assert not at.exception
    assert "Disimpan sebagai versi v000001." in all_text(at)
    [version] = fresh_store.versions()
    assert version.manifest["uploader"] == "Ani Wulandari" and version.manifest["file_name"] == "keragaan_2024.xlsx"
    history = next(d.value for d in at.dataframe if "Pengunggah" in d.value.columns)
    assert history.iloc[0]["Versi"].startswith("v000001") and history.iloc[0]["Pengunggah"] == "Ani Wulandari"
    # every page now reads it
    s = catalog.series("umkm_total", level="regency", year=2024)
    assert len(s) == 9 and set(s["source"]) == {"Dinas Koperasi dan UMKM Provinsi Bali"}
    data_page = run_app("pages/data_sources.py")
    assert not data_page.exception
    assert "Impor UMKM: keragaan_2024.xlsx" in data_page.dataframe[0].value.to_string()


def test_a_link_names_the_kind_of_table_and_it_survives_the_login(fresh_store, password_secrets):
    at = run_app("pages/import.py", lang="en", query={"kind": "ecommerce"})
    at.text_input(key="imp_name").input("Ani")
    at.text_input(key="imp_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.selectbox(key="imp_kind__en").value == "ecommerce"
    at.selectbox(key="imp_kind__en").set_value("kur").run()
    assert at.query_params["kind"] == "kur"


def test_report_of_a_bad_upload_is_a_table_not_html(fresh_store, password_secrets):
    at = run_app("pages/import.py", lang="en")
    at.text_input(key="imp_name").input("Ani")
    at.text_input(key="imp_password").input(PASSWORD)
    at.button[0].click().run()
    evil = b"kabupaten_kota,tahun,jumlah_umkm\n<img src=x onerror=alert(1)>,2024,=HYPERLINK(\"x\")\n"
    at.file_uploader[0].set_value(("evil.csv", evil, "text/csv")).run()
    assert not at.exception
    assert "1 errors" in all_text(at) and "<img" not in all_text(at)
    report = next(d.value for d in at.dataframe if "Message" in d.value.columns)
    assert report["Message"].str.contains("<img src=x onerror=alert", regex=False).any()
    assert "imp_confirm" not in [b.key for b in at.button]
    assert fresh_store.versions() == []
