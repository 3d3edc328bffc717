"""Regency names in any common form -> BPS code, with a suggestion for a name it does not know.

"Kab. Karang Asem", "KABUPATEN KARANGASEM", "Karangasem", 5107, "51.07", "id5107" all give
"5107"; "Kota Denpasar", "KOTA DENPASAR", "Kodya Denpasar" give "5171". "Provinsi Bali", "Bali"
and a totals row ("Jumlah", "Total", "Jumlah Provinsi") give the province "51" with `total=True`
so the caller can check it against the sum instead of importing it as a regency.

Spellings come from data/raw/regency_codes.csv (BPS MFD 2018, Kemendagri 2025, OCHA COD-AB
2020). No Streamlit here.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from .. import catalog

# words that say what kind of area it is, not which one
_PREFIXES = ("kabupaten", "kab", "kota", "kotamadya", "kodya", "kotamadia", "pemkab", "pemkot",
             "regency", "city", "of", "dati ii", "daerah tingkat ii", "kab kota")
_PROVINCE = {"bali", "provinsi bali", "prov bali", "propinsi bali", "province of bali", "bali province",
             "provinsi", "prov"}
_TOTAL = {"jumlah", "total", "jumlah total", "total jumlah", "jumlah provinsi", "total provinsi",
          "jumlah bali", "total bali", "jumlah provinsi bali", "total provinsi bali", "grand total",
          "jumlah keseluruhan", "total keseluruhan", "sub total", "subtotal", "jml", "jumlah seluruhnya"}
_CODE = re.compile(r"^(?:id)?\s*51\s*[.\-/ ]?\s*(\d{2})(?:\.0+)?$")


@dataclass(frozen=True)
class Match:
    code: str | None  # "5101".."5171", "51" for the province / a totals row, None if unknown
    total: bool = False  # a "Jumlah"/"Total" row (check it against the sum)
    suggestion: str | None = None  # for an unknown name: the closest regency, as a short name


def normalise(text: object) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", " ", s.lower())
    return " ".join(s.split())


def _strip_prefix(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in sorted(_PREFIXES, key=len, reverse=True):
            if name.startswith(word + " "):
                name = name[len(word) + 1:]
                changed = True
    return name


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every known spelling, squeezed (no spaces), -> BPS code."""
    out: dict[str, str] = {}
    regs = catalog.regencies()
    for _, row in regs.iterrows():
        for col in ("regency", "official_name_kemendagri_2025", "name_bps_mfd_2018", "name_ocha_codab_2020"):
            out[_strip_prefix(normalise(row[col])).replace(" ", "")] = row["regency_code"]
    return out


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """Two-digit suffix -> BPS code ("07" -> "5107"), for 5107 / 51.07 / id5107."""
    return {code[2:]: code for code in catalog.REGENCY_CODES}


@functools.lru_cache(maxsize=4096)
def _match_text(text: str) -> Match:
    raw = text.strip()
    if not raw:
        return Match(None)
    compact = raw.lower().replace(",", ".")
    code = _CODE.match(compact)
    if code:
        full = _codes().get(code.group(1))
        return Match(full) if full else Match(None)
    if re.fullmatch(r"51(?:\.0+)?", compact):
        return Match(catalog.PROVINCE)
    name = normalise(raw)
    if name in _TOTAL or (re.fullmatch(r"(jumlah|total)( [a-z ]*)?", name) and "kab" not in name):
        return Match(catalog.PROVINCE, total=True)
    if name in _PROVINCE:
        return Match(catalog.PROVINCE)
    squeezed = _strip_prefix(name).replace(" ", "")
    known = _names()
    if squeezed in known:
        return Match(known[squeezed])
    close = difflib.get_close_matches(squeezed, list(known), n=1, cutoff=0.6)
    suggestion = catalog.regency_name(known[close[0]]) if close else None
    return Match(None, suggestion=suggestion)


def match(value: object) -> Match:
    """The regency (or province / totals row) a cell names. Numbers are read as codes."""
    if value is None:
        return Match(None)
    if isinstance(value, bool):
        return Match(None)
    if isinstance(value, float):
        if value != value:  # NaN
            return Match(None)
        value = int(value) if value.is_integer() else f"{value:.2f}"  # 51.07 typed as a number
    return _match_text(str(value))
