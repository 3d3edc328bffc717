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


# ---- cost of the hash ----------------------------------------------------------------------------

def test_new_hashes_use_the_owasp_scrypt_cost_and_old_ones_still_verify():
    new = auth.hash_password("kata sandi baru")
    assert new.startswith("scrypt$131072$8$1$") and not auth.needs_rehash(new)
    assert auth.verify_password("kata sandi baru", new) and not auth.verify_password("kata sandi lama", new)
    old = auth.hash_password("kata sandi lama", n=2**14)  # what hash-password made before
    assert auth.verify_password("kata sandi lama", old) and auth.needs_rehash(old)


def test_a_hash_asking_for_too_much_memory_is_refused_without_computing():
    huge = auth.hash_password("x", n=2**10).replace("scrypt$1024$", "scrypt$16777216$")  # 16 GiB to check
    assert not auth.verify_password("x", huge)


# ---- OIDC ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("claims, decision", [
    ({"email": "ani@baliprov.go.id", "email_verified": True}, "ok"),
    ({"email": "ani@baliprov.go.id", "email_verified": "true"}, "ok"),
    ({"email": "ani@baliprov.go.id", "email_verified": False}, "unverified"),
    ({"email": "ani@baliprov.go.id"}, "unverified"),
    ({"email": "ani@baliprov.go.id", "email_verified": "yes please"}, "unverified"),
    ({"email": "budi@gmail.com", "email_verified": True}, "not_allowed"),
])
def test_oidc_needs_a_verified_listed_address(claims, decision):
    cfg = auth.config({"auth": {}, "import": {"allowed_emails": ["ani@baliprov.go.id"]}})
    assert auth.oidc_decision(cfg, claims) == decision
    assert auth.oidc_decision(auth.config({"auth": {}}), claims) == "no_list"


# ---- the client's address ------------------------------------------------------------------------

def test_forwarded_for_is_believed_only_from_a_trusted_proxy(monkeypatch):
    monkeypatch.delenv(auth.PROXIES_ENV, raising=False)
    xff = {"X-Forwarded-For": "203.0.113.7"}
    assert auth.client_address(None, xff) == "203.0.113.7"  # loopback peer: the local proxy
    assert auth.client_address(None, {}) == "127.0.0.1"
    assert auth.client_address("198.51.100.9", xff) == "198.51.100.9"  # a client cannot claim another address
    assert auth.client_address(None, {"x-forwarded-for": "6.6.6.6, 203.0.113.7"}) == "203.0.113.7"
    assert auth.client_address(None, {"X-Forwarded-For": "not an address"}) == "127.0.0.1"
    monkeypatch.setenv(auth.PROXIES_ENV, "172.28.0.0/24")
    assert auth.client_address("172.28.0.5", xff) == "203.0.113.7"
    assert auth.client_address(None, xff) == "127.0.0.1"


# ---- limits on tries, in the database --------------------------------------------------------------

def test_the_wait_doubles_then_locks():
    address, account = auth.LIMITS["address"], auth.LIMITS["account"]
    assert [address.delay(n) for n in range(1, 11)] == [0, 0, 2, 4, 8, 16, 32, 64, 128, 3600]
    assert [account.delay(n) for n in (9, 10, 11, 15, 29, 30, 31)] == [0, 2, 4, 60, 60, 900, 900]


CFG = auth.AuthConfig("password", password_hash=auth.hash_password("benar sekali", n=2**10))


def test_tries_wait_then_lock_and_a_success_clears_them(backend):
    now = 1_000_000.0
    outcomes = [auth.try_password("salah", CFG, "203.0.113.7", now=now) for _ in range(3)]
    assert [(a.ok, a.checked) for a in outcomes] == [(False, True)] * 3
    assert outcomes[-1].gate == auth.Gate(2.0, False)
    refused = auth.try_password("benar sekali", CFG, "203.0.113.7", now=now + 1)  # even the right one waits
    assert (refused.ok, refused.checked, refused.gate.wait) == (False, False, 1.0)
    assert auth.login_gate("203.0.113.7", now=now + 1) == auth.Gate(1.0, False)  # what another tab sees
    assert auth.login_gate("198.51.100.9", now=now + 1).open  # another client is not held up
    assert auth.try_password("benar sekali", CFG, "203.0.113.7", now=now + 2).ok
    assert auth.login_gate("203.0.113.7", now=now + 2) == auth.Gate()
    # ten failures (waiting each time as told) lock the address for an hour
    t = now + 10
    for _ in range(10):
        attempt = auth.try_password("salah", CFG, "203.0.113.7", now=t)
        assert attempt.checked
        t += attempt.gate.wait
    assert attempt.gate.locked and attempt.gate.wait == 3600
    gate = auth.login_gate("203.0.113.7", now=t - 3600 + 60)
    assert gate.locked and gate.wait == 3540


def test_the_lock_is_seen_by_another_process(backend):
    """Another server process (a replica) reads the same database."""
    import os
    import subprocess
    import sys

    for i in range(10):
        auth.try_password("salah", CFG, "203.0.113.8", now=1_000_000.0 + 200 * i)
    code = ("from bali_umkm import auth; g = auth.login_gate('203.0.113.8', now=1_001_900.0); "
            "print(g.locked, round(g.wait))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=os.environ)
    assert out.stdout.split() == ["True", "3500"], out.stderr


def test_the_shared_account_is_limited_across_addresses(backend):
    now = 2_000_000.0
    for i in range(10):
        assert auth.try_password("salah", CFG, f"203.0.113.{i}", now=now).checked
    # eleven different clients: the account itself now makes everyone wait
    gate = auth.login_gate("198.51.100.1", now=now)
    assert gate.wait == 2.0 and not gate.locked


def test_tries_at_the_same_moment_are_counted_one_after_the_other(backend):
    """Twenty tries at once from one client: only the free ones reach the password check."""
    from concurrent.futures import ThreadPoolExecutor

    now = 3_000_000.0
    with ThreadPoolExecutor(max_workers=10) as pool:
        attempts = list(pool.map(lambda _: auth.try_password("salah", CFG, "203.0.113.9", now=now), range(20)))
    assert sum(a.checked for a in attempts) == auth.LIMITS["address"].free
    assert all(not a.ok for a in attempts)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_setup_help_shows_the_parameters_hash_password_uses(lang):
    import re

    from bali_umkm.i18n import t

    shown = re.search(r'password_hash = "scrypt\$(\d+)\$(\d+)\$(\d+)\$', t("import.no_login_howto", lang))
    assert shown, "the setup help shows an example hash"
    defaults = auth.hash_password.__kwdefaults__  # what `python -m bali_umkm hash-password` uses
    shown_params = tuple(int(g) for g in shown.groups())
    assert shown_params == (defaults["n"], defaults["r"], defaults["p"]) == (auth.N, auth.R, auth.P)
    assert not auth.needs_rehash("scrypt${}${}${}$c2FsdA==$aGFzaA==".format(*shown.groups()))
