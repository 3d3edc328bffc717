"""Headless Chromium: log in to Impor Data with a password, upload a Diskop-style XLSX, read the
report and preview, store it, and see the version history; the mapping step of a real published
table; imported text on Data & Sumber never a live link. Screenshots in tests/artifacts/."""

import pytest
from conftest import assert_clean, screenshot, streamlit_server, wait_for_app, warm
from importer_files import diskop_xlsx
from playwright.sync_api import expect

from bali_umkm import auth, importer, store

pytestmark = pytest.mark.browser
PASSWORD = "kata sandi uji yang panjang"


@pytest.fixture(scope="module")
def server_with_password(tmp_path_factory):
    """A server of its own: a password hash in a temporary secrets file, an empty store."""
    tmp = tmp_path_factory.mktemp("import-server")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[import]\npassword_hash = "{auth.hash_password(PASSWORD, n=2**12)}"\n', encoding="utf-8")
    with streamlit_server(tmp, BALI_UMKM_STORE=str(tmp / "store"), BALI_UMKM_SECRETS=str(secrets)) as url:
        yield url, tmp


def test_import_page_login_upload_confirm(browser, server_with_password):
    url, tmp = server_with_password
    warm(browser, url)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{url}/impor")
    wait_for_app(page)
    assert_clean(page)
    expect(page.get_by_text("Masuk untuk mengimpor").first).to_be_visible(timeout=20_000)
    screenshot(page, "import_login_id")
    page.get_by_label("Nama Anda (dicatat pada setiap versi)").fill("Ani Wulandari")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Masuk sebagai Ani Wulandari.").wait_for(timeout=30_000)
    page.get_by_role("textbox", name="Sumber data (produsen)").fill(
        "Dinas Koperasi dan UMKM Provinsi Bali (contoh uji)")
    page.keyboard.press("Tab")
    xlsx = tmp / "keragaan_2024.xlsx"
    # a totals row that disagrees with the regencies: a warning, both kept, shown in the checks
    xlsx.write_bytes(diskop_xlsx(total_row=(350000, 29100, 5300, 384400)))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(xlsx))
    page.get_by_text("Tidak ada galat.").first.wait_for(timeout=60_000)
    page.get_by_text("5. Konfirmasi").wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "import_report_preview_id")
    page.get_by_text("Saya sudah memeriksa laporan dan pratinjau").click()
    page.get_by_role("button", name="Simpan sebagai versi baru").click()
    page.get_by_text("Disimpan sebagai versi v000001.").wait_for(timeout=30_000)
    page.get_by_text("Riwayat versi").wait_for(timeout=30_000)
    wait_for_app(page)
    screenshot(page, "import_saved_history_id")
    versions = store.Store(tmp / "store").versions()
    assert [v.name for v in versions] == ["v000001"]
    assert versions[0].manifest["uploader"] == "Ani Wulandari"
    page.close()


def test_import_page_without_login_explains_how(browser, live_server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server}/impor")
    wait_for_app(page)
    assert_clean(page)
    expect(page.get_by_text("Halaman impor belum punya cara masuk").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("python -m bali_umkm hash-password").first).to_be_visible(timeout=20_000)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0  # checked once the page has settled
    screenshot(page, "import_no_login_id")
    page.close()


def login(page, url):
    page.goto(f"{url}/impor")
    wait_for_app(page)
    page.get_by_label("Nama Anda (dicatat pada setiap versi)").fill("Ani Wulandari")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Masuk sebagai Ani Wulandari.").wait_for(timeout=30_000)


def test_mapping_step_of_a_real_published_table(browser, server_with_password):
    from test_importer_real import POPULATION

    url, _ = server_with_password
    warm(browser, url)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, url)
    year = page.get_by_label("Tahun data, bila berkas tidak menyebutkannya (0 = tidak diisi)")
    year.fill("2020")
    year.press("Enter")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(POPULATION))
    page.get_by_text("3. Kolom dan indikator").wait_for(timeout=60_000)
    page.get_by_text("Ubah indikator tiap kolom").click()
    page.get_by_text("Tidak ada galat. 18 angka siap diimpor.").wait_for(timeout=60_000)
    wait_for_app(page)
    assert_clean(page)
    mapping = page.locator('[data-testid="stExpander"]').filter(has_text="Ubah indikator tiap kolom")
    expect(mapping.get_by_text("F · Area km2")).to_be_visible()
    screenshot(page, "import_mapping_id")
    page.close()


EVIL = "Dinas (uji) https://evil.example/x www.evil.example a@evil.example [klik](https://evil.example/y)"


def test_imported_text_on_data_sources_is_never_a_link(browser, server_with_password):
    from importer_files import csv_bytes

    url, tmp = server_with_password
    names = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]
    checked = importer.check(csv_bytes(["kabupaten_kota;tahun;jumlah_umkm"] + [f"{n};2024;{7 + i}" for i, n in
                                                                                enumerate(names)]), file_name="e.csv")
    version = importer.commit(checked, uploader="uji", source=EVIL, notes=EVIL, licence=EVIL,
                              in_store=store.Store(tmp / "store"))
    warm(browser, url)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{url}/data-sumber")
    wait_for_app(page)
    box = page.get_by_label("Pilih dataset")
    box.click()
    page.keyboard.type("e.csv")
    page.keyboard.press("Enter")
    page.get_by_text(f"versi {version.name}").first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert_clean(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("evil.example/x").count() >= 2  # shown, as text
    hrefs = [a.get_attribute("href") or "" for a in main.locator("a").all()]
    assert not [h for h in hrefs if "evil" in h], hrefs
    screenshot(page, "data_sources_imported_text_id")
    page.close()
