"""AppTest of the Impor Data page's login limits: failed tries live in the store's database, so a
new tab (a new session) faces the same wait and the same lockout as the tab that failed."""

import time

import pytest
from conftest import all_text, run_app

from bali_umkm import auth, store

PASSWORD = "kata sandi yang panjang"


@pytest.fixture
def login_page(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    path = tmp_path / "secrets.toml"
    path.write_text(f'[import]\npassword_hash = "{auth.hash_password(PASSWORD, n=2**10)}"\n', encoding="utf-8")
    monkeypatch.setenv("BALI_UMKM_SECRETS", str(path))
    return store.Store()


def _try(at, password):
    at.text_input(key="imp_name").input("Ani")
    at.text_input(key="imp_password").input(password)
    at.button[0].click().run()
    assert not at.exception
    return all_text(at)


def test_a_new_tab_faces_the_wait_of_the_tab_that_failed(login_page):
    cfg = auth.config(auth.read_secrets(None))
    t = time.time() - 100
    for _ in range(5):  # five earlier failures from this address (the page's own: loopback), each after its wait
        t += auth.try_password("salah", cfg, "127.0.0.1", now=t).gate.wait or 1
    first_tab = run_app("pages/import.py")
    assert "Tunggu" not in all_text(first_tab)
    text = _try(first_tab, "salah juga")
    assert "Kata sandi salah." in text and "Tunggu 16 detik" in text  # sixth failure: wait 16 s
    second_tab = run_app("pages/import.py")
    assert "Tunggu" in all_text(second_tab) and len(second_tab.text_input) == 2
    text = _try(second_tab, PASSWORD)  # even the right password waits: it is not checked
    assert "Masuk sebagai" not in text and "Kata sandi salah." not in text and "Tunggu" in text


def test_a_locked_address_sees_no_form_in_any_tab(login_page):
    cfg = auth.config(auth.read_secrets(None))
    t = time.time() - 600
    for _ in range(10):  # the tenth failure, 344 s ago, locked the address for an hour
        t += auth.try_password("salah", cfg, "127.0.0.1", now=t).gate.wait or 1
    for lang, words in (("id", "Coba lagi dalam 54 menit"), ("en", "Try again in 54 minutes")):
        at = run_app("pages/import.py", lang=lang)
        assert not at.exception and words in all_text(at) and len(at.text_input) == 0
