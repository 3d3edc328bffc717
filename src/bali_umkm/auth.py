"""Who may import: the settings in `.streamlit/secrets.toml`, and salted password hashes.

Two ways, in this order:
- `[auth]` present: OpenID Connect through `st.login` (Streamlit's own). Only the e-mail
  addresses listed in `[import] allowed_emails` may import; without that list nobody may
  (any account of the identity provider could log in otherwise).
- `[import] password_hash`: one shared password, stored as a salted scrypt hash made with
  `python -m bali_umkm hash-password`. The page asks for the password and the uploader's name.
With neither, the import page explains how to set one up and imports nothing.

`BALI_UMKM_SECRETS` may name another TOML file to read instead of Streamlit's secrets (used by
the tests; OIDC still needs Streamlit's own secrets). No Streamlit import here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1  # about 16 MB and 50 ms per check: slow for guessing, quick for a person
MAX_ATTEMPTS = 5  # per browser session; then the page refuses further tries
ENV = "BALI_UMKM_SECRETS"


@dataclass(frozen=True)
class AuthConfig:
    mode: str  # "oidc", "password" or "none"
    password_hash: str = ""
    allowed_emails: tuple[str, ...] = ()


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P, salt: bytes | None = None) -> str:
    """'scrypt$16384$8$1$<salt>$<hash>' (base64); the parameters travel with the hash."""
    if not password:
        raise ValueError("kata sandi kosong / empty password")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"{SCHEME}${n}${r}${p}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of a password against a stored hash; False for a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


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
