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
    assert "Impor tabel: keragaan_2024.xlsx" in data_page.dataframe[0].value.to_string()


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


def login(at, lang="id"):
    at.text_input(key="imp_name").input("Ani")
    at.text_input(key="imp_password").input(PASSWORD)
    at.button[0].click().run()
    return at


def test_mapping_step_shows_each_column_and_a_changed_choice_changes_the_rows(fresh_store, password_secrets):
    from test_importer_real import POPULATION

    at = login(run_app("pages/import.py"))
    assert at.selectbox(key="imp_kind__id").value == "auto"
    at.number_input(key="imp_year").set_value(2020).run()
    at.file_uploader[0].set_value(("BaliPopulation.xlsx", POPULATION.read_bytes(),
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    assert not at.exception
    assert "3. Kolom dan indikator" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "Dibaca sebagai" in d.value.columns)
    read_as = dict(zip(table["Kolom"], table["Dibaca sebagai"], strict=True))
    assert read_as["C · Regency"] == "kabupaten/kota" and read_as["G · Population"] == "Jumlah penduduk"
    assert read_as["F · Area km2"] == "Luas wilayah" and read_as["E · Gouvernor"] == "tidak diimpor (teks, bukan angka)"
    rows = next(d.value for d in at.dataframe if "Baris · kolom" in d.value.columns)
    assert len(rows) == 18 and "Tidak ada galat. 18 angka siap diimpor." in all_text(at)
    # leave the area out: 9 figures, and the command line that does the same
    digest = next(k for k in at.session_state if k.startswith("imp_map_") and k.endswith("_F"))
    at.selectbox(key=digest).select("").run()
    assert not at.exception
    assert "Tidak ada galat. 9 angka siap diimpor." in all_text(at)
    assert '--map "F=-"' in all_text(at).replace("\\", "")
    # and read the sub-district count as something else, on purpose
    at.selectbox(key=digest.replace("_F", "_H")).select("umkm_total").run()
    assert "Tidak ada galat. 18 angka siap diimpor." in all_text(at)


def test_a_refused_file_shows_its_one_line_and_the_mapping_step_to_fix_it(fresh_store, password_secrets):
    from test_importer_real import JABAR_PROJECTION, LAKES

    at = login(run_app("pages/import.py", lang="en"))
    at.file_uploader[0].set_value((JABAR_PROJECTION.name, JABAR_PROJECTION.read_bytes(), "text/csv")).run()
    assert not at.exception
    report = next(d.value for d in at.dataframe if "Message" in d.value.columns)
    assert list(report["Message"]) == ["This file is from Jawa Barat (32); this dashboard takes Bali (51) only."]
    at.file_uploader[0].set_value((LAKES.name, LAKES.read_bytes(), "text/csv")).run()
    report = next(d.value for d in at.dataframe if "Message" in d.value.columns)
    assert len(report) == 1 and report["Message"][0].startswith("No column holds an indicator")
    assert "imp_confirm" not in [b.key for b in at.button]
    keys = [k for k in at.session_state if k.startswith("imp_map_")]
    assert len(keys) == 3  # Tinggi Tempat, Danau, Luasnya: each can be mapped


EVIL = "**tebal** [klik](https://evil.example/a) <b>x</b> www.evil.example a@evil.example https://evil.example/b"


def test_imported_text_never_becomes_a_link_or_markup_on_any_page(fresh_store):
    """Source, notes, period and file name of an import with links and Markdown in them, shown on
    every page: every Markdown element that carries them has them escaped (no link GFM would make)."""
    import re

    from conftest import app_pages
    from importer_files import csv_bytes

    from bali_umkm import importer

    names = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]
    lines = ["kabupaten_kota;tahun;periode;jumlah_umkm"] + [f"{n};2024;{EVIL};{100 + i}" for i, n in enumerate(names)]
    checked = importer.check(csv_bytes(lines), file_name="evil [x](https://evil.example).csv")
    assert checked.ok, checked.report.text("en")
    importer.commit(checked, uploader="Ani https://evil.example", source=EVIL, notes=EVIL, licence=EVIL)
    live = re.compile(r"https?://|www\.|[\w.]@|\]\(|<b>|\*\*tebal", re.IGNORECASE)
    seen = 0
    for script, _ in app_pages():
        at = run_app(script)
        if script == "pages/data_sources.py":  # the imported dataset's own record
            at.selectbox(key="data_dataset__id").select("import_v000001").run()
        assert not at.exception, script
        for kind in ("markdown", "caption", "info", "warning", "error", "success"):
            for el in getattr(at, kind):
                body = str(el.value)
                if "evil" in body:
                    seen += 1
                    assert not live.search(body), (script, kind, body)
    assert seen >= 4  # the record's title, citation, licence and notes at least


def _logged_in(lang: str, query: dict | None = None):
    at = run_app("pages/import.py", lang=lang, query=query)
    at.text_input(key="imp_name").input("Ani")
    at.text_input(key="imp_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang, words", [("id", "Penyimpanan tidak dapat dihubungi"),
                                         ("en", "The store cannot be reached")])
def test_a_store_that_cannot_be_reached_on_confirm_is_a_message_not_a_traceback(fresh_store, password_secrets,
                                                                                 monkeypatch, lang, words):
    from bali_umkm import importer

    at = _logged_in(lang)
    at.file_uploader[0].set_value(("keragaan_2024.xlsx", filled_umkm_template(),
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    at.checkbox(key="imp_sure").check().run()

    def unreachable(*args, **kwargs):
        raise store.StoreUnavailable("penyimpanan tidak bisa dibaca / the store cannot be read: no route to host")

    monkeypatch.setattr(importer, "commit", unreachable)
    at.button(key="imp_confirm").click().run()
    assert not at.exception
    assert any(words in e.value for e in at.error) and fresh_store.versions() == []


def test_a_locked_store_while_discarding_a_staged_registry_says_busy_and_loses_nothing(
        fresh_store, password_secrets, monkeypatch):
    import sqlite3

    import sqlalchemy as sa
    from importer_files import csv_bytes

    from bali_umkm.store import raw, schema

    monkeypatch.setattr(raw, "WAIT", 0.2)  # the page's writes give up after 0.2 s instead of 30 s
    header = "kabupaten_kota,skala,kbli,ecommerce,penerima_kur,nib,tahun"
    first = csv_bytes([header, "Badung,mikro,47111,ya,tidak,1234567890123,2024"])
    second = csv_bytes([header, "Bangli,kecil,47111,tidak,ya,1234567890124,2024"])
    at = _logged_in("en", {"kind": "registry"})
    at.checkbox(key="imp_keep_raw").check().run()
    at.file_uploader[0].set_value(("a.csv", first, "text/csv")).run()
    assert not at.exception and not at.error

    def staged() -> int:
        with fresh_store.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(schema.raw_batches)
                                .where(schema.raw_batches.c.version.is_(None))).scalar()

    assert staged() == 1
    lock = sqlite3.connect(store.db.sqlite_path(fresh_store.url), isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another import holds the write lock
    try:
        at.file_uploader[0].set_value(("b.csv", second, "text/csv")).run()
        assert not at.exception
        assert [e.value for e in at.error] == ["Another import is running; try again shortly."]
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert staged() == 1  # the first file's records are still staged, not half deleted
    at.run()  # the lock is gone: trying again discards the first batch and stages the second
    assert not at.exception and not at.error
    assert staged() == 1 and "Bangli" not in str(fresh_store.rows())
