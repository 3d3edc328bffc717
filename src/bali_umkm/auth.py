"""Who may import: the settings in `.streamlit/secrets.toml`, and salted password hashes.

Two ways, in this order:
- `[auth]` present: OpenID Connect through `st.login` (Streamlit's own). Only the e-mail
  addresses listed in `[import] allowed_emails` may import; without that list nobody may
  (any account of the identity provider could log in otherwise).
  The identity provider must say the address is verified (`email_verified` true).
- `[import] password_hash`: one shared password, stored as a salted scrypt hash made with
  `python -m bali_umkm hash-password`. The page asks for the password and the uploader's name.
With neither, the import page explains how to set one up and imports nothing.

Password tries are limited in the store's database, per account (the shared password is one
account) and per client address, so the limits hold across reloads, tabs and server processes:
a few free tries, then a wait that doubles with each failure, then a lockout (LIMITS). A try is
counted *before* the hash is checked, so parallel tries cannot slip past the count, and a
refused try costs no scrypt work. The client address is the connection's, or, when the
connection comes from a trusted proxy (`BALI_UMKM_TRUSTED_PROXIES`, CIDRs, default loopback),
the last address in the X-Forwarded-For header the proxy sets.

`BALI_UMKM_SECRETS` may name another TOML file to read instead of Streamlit's secrets (used by
the tests; OIDC still needs Streamlit's own secrets). No Streamlit import here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SCHEME = "scrypt"
# OWASP Password Storage Cheat Sheet, scrypt minimum: N=2^17, r=8, p=1 (128 MiB, about 1 s here).
# Hashes made with a lower cost still verify (the parameters travel with the hash); the page tells
# the admin to make a new one (the hash lives in secrets.toml, which the app never writes).
N, R, P = 2**17, 8, 1
MAX_MEMORY = 512 * 2**20  # refuse a hash whose parameters would need more than this to check
_CHECKS = threading.BoundedSemaphore(2)  # at most two 128 MiB checks at once per process
ENV = "BALI_UMKM_SECRETS"
PROXIES_ENV = "BALI_UMKM_TRUSTED_PROXIES"
ACCOUNT = "import-password"  # the one account of the shared-password mode


@dataclass(frozen=True)
class AuthConfig:
    mode: str  # "oidc", "password" or "none"
    password_hash: str = ""
    allowed_emails: tuple[str, ...] = ()


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P, salt: bytes | None = None) -> str:
    """'scrypt$131072$8$1$<salt>$<hash>' (base64); the parameters travel with the hash."""
    if not password:
        raise ValueError("kata sandi kosong / empty password")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=_memory(n, r, p))
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"{SCHEME}${n}${r}${p}${b64(salt)}${b64(digest)}"


def _memory(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2) + 2**20


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of a password against a stored hash; False for a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != SCHEME:
            return False
        n, r, p = int(n), int(r), int(p)
        if _memory(n, r, p) > MAX_MEMORY:
            return False
        expected = base64.b64decode(digest)
        with _CHECKS:
            got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=n, r=r, p=p,
                                 dklen=len(expected), maxmem=_memory(n, r, p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def needs_rehash(stored: str) -> bool:
    """True when a hash was made with less than the current cost (it still verifies)."""
    try:
        scheme, n, r, _p, *_ = stored.strip().split("$")
        return scheme != SCHEME or int(n) < N or int(r) < R
    except ValueError:
        return True


def read_secrets(streamlit_secrets: Mapping | None) -> Mapping:
    """The secrets to use: the file named by BALI_UMKM_SECRETS, else Streamlit's."""
    path = os.environ.get(ENV, "").strip()
    if path:
        try:
            return tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            return {}
    return streamlit_secrets or {}


def config(secrets_map: Mapping) -> AuthConfig:
    """How the import page authenticates, from the secrets."""
    try:
        section = dict(secrets_map.get("import", {}) or {})
        has_auth = "auth" in secrets_map
    except Exception:  # a broken secrets file must not open the page
        return AuthConfig("none")
    emails = tuple(str(e).strip().lower() for e in section.get("allowed_emails", []) or [] if str(e).strip())
    if has_auth:
        return AuthConfig("oidc", allowed_emails=emails)
    stored = str(section.get("password_hash", "") or "").strip()
    if stored.startswith(SCHEME + "$"):
        return AuthConfig("password", password_hash=stored)
    return AuthConfig("none")


def email_allowed(cfg: AuthConfig, email: str | None) -> bool:
    return bool(email) and str(email).strip().lower() in cfg.allowed_emails


def email_verified(claims: Mapping) -> bool:
    """The identity provider vouches for the address: `email_verified` is true (a boolean, or the
    string "true" some providers send). Missing or false: not verified."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def oidc_decision(cfg: AuthConfig, claims: Mapping) -> str:
    """"ok", or why not: "no_list" (no allow-list configured), "unverified", "not_allowed"."""
    if not cfg.allowed_emails:
        return "no_list"
    if not email_verified(claims):
        return "unverified"
    return "ok" if email_allowed(cfg, str(claims.get("email", "") or "")) else "not_allowed"


# ---- limits on password tries, shared through the database ---------------------------------------

@dataclass(frozen=True)
class Limit:
    free: int  # failures that cost no wait
    lock_after: int  # this many failures lock the subject for `lock_for` seconds
    lock_for: float
    cap: float  # the longest wait before the lockout

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        if failures >= self.lock_after:
            return self.lock_for
        return min(2.0 ** (failures - self.free + 1), self.cap)


# One client: 3 free tries, then 2, 4, 8 ... 128 s between tries, locked for an hour at 10.
# The shared account (every client together): 10 free, then 2 ... 60 s, locked 15 min at 30;
# once locked, every further failure locks it again, so a slow distributed guesser gets about
# one try per quarter of an hour.
LIMITS = {"address": Limit(free=3, lock_after=10, lock_for=3600.0, cap=300.0),
          "account": Limit(free=10, lock_after=30, lock_for=900.0, cap=60.0)}
FORGET_AFTER = 24 * 3600.0  # failures older than this no longer count (and the row is deleted)


@dataclass(frozen=True)
class Gate:
    wait: float = 0.0  # seconds before the next try is checked
    locked: bool = False  # the wait is a lockout

    @property
    def open(self) -> bool:
        return self.wait <= 0


@dataclass(frozen=True)
class Attempt:
    ok: bool
    checked: bool  # False: refused before checking the password (a wait or a lockout)
    gate: Gate  # what the next try faces


def trusted_proxies() -> list:
    text = os.environ.get(PROXIES_ENV, "").strip() or "127.0.0.1/32,::1/128"
    out = []
    for part in text.split(","):
        try:
            out.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            continue
    return out


def client_address(peer: str | None, headers: Mapping | None) -> str:
    """The client's address for the per-address limit. `peer`: the connection's address as
    Streamlit gives it (st.context.ip_address: None for a loopback connection). Only a trusted
    proxy's X-Forwarded-For is believed, and only its last entry (the one the proxy wrote)."""
    try:
        peer_ip = ipaddress.ip_address(peer if isinstance(peer, str) and peer else "127.0.0.1")
    except ValueError:
        return peer[:200]
    forwarded = ""
    for key, value in (headers.items() if isinstance(headers, Mapping) else ()):
        if str(key).lower() == "x-forwarded-for":
            forwarded = str(value)
    if forwarded and any(peer_ip in net for net in trusted_proxies()):
        last = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            pass
    return str(peer_ip)


def _subjects(address: str, account: str) -> list[tuple[str, str]]:
    return [("account", account[:200]), ("address", address[:200])]


def _gate(current: Mapping, now: float) -> Gate:
    wait, locked = 0.0, False
    for (scope, _), f in current.items():
        left = f.next_at - now
        if left > 0 and now - f.last_at <= FORGET_AFTER:
            wait = max(wait, left)
            locked = locked or f.failures >= LIMITS[scope].lock_after
    return Gate(wait, locked)


def login_gate(address: str, account: str = ACCOUNT, *, in_store=None, now: float | None = None) -> Gate:
    """What a try from `address` faces right now (read only)."""
    from . import store
    from .store import logins

    target = in_store or store.Store()
    return _gate(logins.read(target.engine, _subjects(address, account)), time.time() if now is None else now)


def try_password(password: str, cfg: AuthConfig, address: str, account: str = ACCOUNT, *, in_store=None,
                 now: float | None = None) -> Attempt:
    """Count the try, then check the password (unless the account or the address must wait)."""
    from . import store
    from .store import logins

    target = in_store or store.Store()
    now = time.time() if now is None else now
    subjects = _subjects(address, account)
    with logins.locked(target.engine, subjects) as (conn, current):
        gate = _gate(current, now)
        if not gate.open:
            return Attempt(False, False, gate)
        after = {}
        for subject, f in current.items():
            n = (0 if now - f.last_at > FORGET_AFTER else f.failures) + 1
            after[subject] = logins.Failures(n, now, now + LIMITS[subject[0]].delay(n))
            logins.save(conn, subject, after[subject])
    if verify_password(password, cfg.password_hash):
        logins.clear(target.engine, subjects)
        logins.forget_older_than(target.engine, now - FORGET_AFTER)
        return Attempt(True, True, Gate())
    return Attempt(False, True, _gate(after, now))
