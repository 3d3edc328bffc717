"""Who may import: salted scrypt hashes, and the mode read from the secrets."""

import pytest

from bali_umkm import auth


def test_hash_is_salted_and_verifies():
    a, b = auth.hash_password("rahasia panjang sekali", n=2**10), auth.hash_password("rahasia panjang sekali", n=2**10)
    assert a != b and a.startswith("scrypt$1024$8$1$")
    assert auth.verify_password("rahasia panjang sekali", a) and auth.verify_password("rahasia panjang sekali", b)
    assert not auth.verify_password("rahasia panjang sekal", a)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$x$8$1$aa$bb", "sha256$1$2$3$4$5", "scrypt$1024$8$1$%%$%%"])
def test_malformed_hashes_never_verify(stored):
    assert not auth.verify_password("anything", stored)


def test_empty_password_cannot_be_hashed():
    with pytest.raises(ValueError):
        auth.hash_password("")


@pytest.mark.parametrize("secrets, mode", [
    ({}, "none"),
    ({"import": {"password_hash": "not-a-hash"}}, "none"),
    ({"import": {"password_hash": "scrypt$1024$8$1$c2FsdA==$aGFzaA=="}}, "password"),
    ({"auth": {"redirect_uri": "x"}, "import": {"password_hash": "scrypt$1$2$3$4$5"}}, "oidc"),
])
def test_mode_from_secrets(secrets, mode):
    assert auth.config(secrets).mode == mode


def test_oidc_needs_an_allow_list():
    cfg = auth.config({"auth": {}, "import": {"allowed_emails": ["Ani@BaliProv.go.id"]}})
    assert auth.email_allowed(cfg, "ani@baliprov.go.id")
    assert not auth.email_allowed(cfg, "someone@gmail.com") and not auth.email_allowed(cfg, None)
    assert not auth.email_allowed(auth.config({"auth": {}}), "ani@baliprov.go.id")


def test_secrets_file_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "s.toml"
    path.write_text('[import]\npassword_hash = "scrypt$1$1$1$a$b"\n', encoding="utf-8")
    monkeypatch.setenv(auth.ENV, str(path))
    assert auth.config(auth.read_secrets({"auth": {}})).mode == "password"  # the file wins over st.secrets
    path.write_text("not toml [[[", encoding="utf-8")
    assert auth.config(auth.read_secrets(None)).mode == "none"
