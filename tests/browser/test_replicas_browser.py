"""Headless Chromium through the proxy in front of two app processes sharing one PostgreSQL
database (the `replicas` fixture): an import made through the proxy (its upload only works if the
proxy keeps the session on one process) is seen by both processes, and failed logins made through
one process make every process, tab and reload wait. Screenshots in tests/artifacts/."""

import time

import pytest
from conftest import REPLICA_PASSWORD, assert_clean, screenshot, wait_for_app, warm
from importer_files import diskop_xlsx

from bali_umkm import auth, store
from bali_umkm.i18n import t

pytestmark = pytest.mark.browser


def _login(page, password):
    page.get_by_label("Nama Anda (dicatat pada setiap versi)").fill("Ani Wulandari")
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_an_import_through_the_proxy_is_seen_by_both_processes(browser, replicas):
    for app in replicas.apps:
        warm(browser, app.url)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{replicas.url}/")  # the proxy gives the browser its routing cookie
    wait_for_app(page)
    page.goto(f"{replicas.url}/impor")
    wait_for_app(page)
    assert_clean(page)
    assert any(c["name"] == "bali_umkm_route" for c in context.cookies())
    _login(page, REPLICA_PASSWORD)
    page.get_by_text("Masuk sebagai Ani Wulandari.").wait_for(timeout=30_000)
    page.get_by_role("textbox", name="Sumber data (produsen)").fill("Dinas Koperasi dan UMKM Provinsi Bali (uji)")
    page.keyboard.press("Tab")
    xlsx = replicas.tmp / "keragaan_2024.xlsx"
    xlsx.write_bytes(diskop_xlsx())
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(xlsx))
    page.get_by_text("Tidak ada galat.").first.wait_for(timeout=60_000)  # the upload reached the session's process
    page.get_by_text(t("import.step_confirm", "id")).wait_for(timeout=60_000)  # "5. Konfirmasi"
    wait_for_app(page)
    page.get_by_text("Saya sudah memeriksa laporan dan pratinjau").click()
    page.get_by_role("button", name="Simpan sebagai versi baru").click()
    page.get_by_text("Disimpan sebagai versi v000001.").wait_for(timeout=30_000)
    wait_for_app(page)
    screenshot(page, "replicas_import_saved_id")
    context.close()
    assert [v.name for v in store.Store(replicas.db_url).versions()] == ["v000001"]
    # each process, opened directly, has the new dataset in its catalogue on the next page view
    for i, app in enumerate(replicas.apps, start=1):
        other = browser.new_page(viewport={"width": 1366, "height": 900})
        other.goto(f"{app.url}/data-sumber")
        wait_for_app(other)
        other.get_by_role("textbox", name="Cari dataset (judul, produsen, sitasi)").fill("keragaan_2024")
        other.keyboard.press("Enter")
        title = other.locator('[data-testid="stMarkdown"] strong', has_text="keragaan_2024.xlsx")  # "Impor tabel: …"
        title.wait_for(timeout=30_000)  # the chosen dataset's title, under the filtered catalogue
        screenshot(other, f"replicas_history_process{i}_id")
        other.close()


def test_failed_logins_on_one_process_make_every_process_and_tab_wait(browser, replicas):
    # five earlier failures from this machine's address (each after its wait), as if typed earlier
    cfg = auth.config({"import": {"password_hash": auth.hash_password(REPLICA_PASSWORD, n=2**10)}})
    t = time.time() - 200
    st = store.Store(replicas.db_url)
    for _ in range(5):
        t += auth.try_password("salah", cfg, "127.0.0.1", in_store=st, now=t).gate.wait or 1
    first, second = replicas.apps
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{first.url}/impor")
    wait_for_app(page)
    _login(page, "salah lagi")  # the sixth failure: 16 s to wait
    page.get_by_text("Kata sandi salah.").wait_for(timeout=30_000)
    page.get_by_text("Tunggu 16 detik sebelum mencoba lagi.").wait_for(timeout=30_000)
    page.reload()  # a reload is a new session: it waits too
    wait_for_app(page)
    page.get_by_text("sebelum mencoba lagi.").wait_for(timeout=30_000)
    tab = browser.new_page(viewport={"width": 1366, "height": 900})  # the other process, a new tab
    tab.goto(f"{second.url}/impor")
    wait_for_app(tab)
    tab.get_by_text("sebelum mencoba lagi.").wait_for(timeout=30_000)
    _login(tab, REPLICA_PASSWORD)  # even the right password is not checked during the wait
    tab.get_by_text("sebelum mencoba lagi.").wait_for(timeout=30_000)
    wait_for_app(tab)
    assert tab.get_by_text("Masuk sebagai").count() == 0
    screenshot(tab, "replicas_login_wait_other_process_id")
    tab.close()
    page.close()
