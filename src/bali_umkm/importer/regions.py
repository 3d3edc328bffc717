"""Regency names in any common form -> BPS code, with a suggestion for a name it does not know.

"Kab. Karang Asem", "KABUPATEN KARANGASEM", "Karangasem", 5107, "51.07", "id5107" all give
"5107"; "Kota Denpasar", "KOTA DENPASAR", "Kodya Denpasar" give "5171". "Provinsi Bali", "Bali"
and a totals row ("Jumlah", "Total", "Jumlah Provinsi") give the province "51" with `total=True`
so the caller can check it against the sum instead of importing it as a regency.

Spellings come from data/raw/regency_codes.csv (BPS MFD 2018, Kemendagri 2025, OCHA COD-AB
2020). Every other kabupaten/kota of Indonesia comes from data/wilayah/ (BPS codes and names, see
its SOURCE.md): a name or code that is exactly another province's regency ("KABUPATEN BANDUNG",
3204) gives that province, never a "did you mean" a Bali regency. No Streamlit here.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from .. import catalog
from ..paths import DATA_DIR

WILAYAH_DIR = DATA_DIR / "wilayah"

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
    province: str | None = None  # the BPS province code ("51" for Bali; "32" for a Jawa Barat regency)


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


@functools.lru_cache(maxsize=1)
def _national() -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """(province code -> name, regency code -> province code, any spelling -> province codes) for
    every province and kabupaten/kota in data/wilayah (Bali's included)."""
    import csv

    provinces: dict[str, str] = {}
    regencies: dict[str, str] = {}
    names: dict[str, set[str]] = {}
    with open(WILAYAH_DIR / "provinces.csv", encoding="utf-8", newline="") as fh:
        for code, name in csv.reader(fh):
            provinces[code] = name
            names.setdefault(normalise(name), set()).add(code)
    with open(WILAYAH_DIR / "regencies.csv", encoding="utf-8", newline="") as fh:
        for code, prov, name in csv.reader(fh):
            regencies[code] = prov
            full = normalise(name)
            for key in {full, _strip_prefix(full).replace(" ", "")}:
                names.setdefault(key, set()).add(prov)
    return provinces, regencies, names


def province_name(code: str) -> str:
    """'32' -> 'Jawa Barat' (the list's capitals made readable; DKI and DI stay upper case); a code
    the list does not hold (the Papua provinces of 2022) -> 'provinsi 95'."""
    name = _national()[0].get(str(code), "")
    if not name:
        return f"provinsi {code}"
    return " ".join(w if w in {"DKI", "DI"} else w.capitalize() for w in name.split())


def province_of_code(text: object) -> str | None:
    """A province code cell ('32', 32, '32.0') -> '32' (any two digits from 11 to 99: the four
    Papua provinces of 2022 are not in the list but are still not Bali)."""
    raw = str(text).strip()
    m = re.fullmatch(r"(\d{2})(?:\.0+)?", raw)
    return m.group(1) if m and 11 <= int(m.group(1)) <= 99 else None


def province_of_name(text: object) -> str | None:
    """A province name cell ('JAWA BARAT', 'Provinsi Bali') -> its code, else None."""
    name = normalise(text)
    name = re.sub(r"^(provinsi|propinsi|prov|province of) ", "", name)
    found = _national()[2].get(name, set()) & set(_national()[0])
    by_name = {c for c in _national()[0] if normalise(_national()[0][c]) == name}
    return next(iter(by_name or found), None) if len(by_name or found) == 1 else None


@functools.lru_cache(maxsize=4096)
def _match_text(text: str) -> Match:
    raw = text.strip()
    if not raw:
        return Match(None)
    compact = raw.lower().replace(",", ".")
    code = _CODE.match(compact)
    if code:
        full = _codes().get(code.group(1))
        return Match(full, province=catalog.PROVINCE) if full else Match(None)
    if re.fullmatch(r"51(?:\.0+)?", compact):
        return Match(catalog.PROVINCE, province=catalog.PROVINCE)
    other = re.fullmatch(r"(?:id)?\s*(\d{2})\s*[.\-/ ]?\s*(\d{2})(?:\.0+)?", compact)
    if other:  # another province's regency code (3204, 32.04)
        prov = _national()[1].get(other.group(1) + other.group(2))
        return Match(None, province=prov) if prov else Match(None)
    name = normalise(raw)
    if name in _TOTAL or (re.fullmatch(r"(jumlah|total)( [a-z ]*)?", name) and "kab" not in name):
        return Match(catalog.PROVINCE, total=True, province=catalog.PROVINCE)
    if name in _PROVINCE:
        return Match(catalog.PROVINCE, province=catalog.PROVINCE)
    squeezed = _strip_prefix(name).replace(" ", "")
    known = _names()
    if squeezed in known:
        return Match(known[squeezed], province=catalog.PROVINCE)
    elsewhere = _national()[2].get(name) or _national()[2].get(squeezed)
    if elsewhere and catalog.PROVINCE not in elsewhere:
        # exactly a regency (or province) elsewhere: say where, never "did you mean" a Bali one
        return Match(None, province=sorted(elsewhere)[0])
    close = difflib.get_close_matches(squeezed, list(known), n=1, cutoff=0.6)
    if close:
        # a misspelling closer to another province's regency than to a Bali one gets no suggestion
        rival = difflib.get_close_matches(squeezed, [k for k, v in _national()[2].items()
                                                     if catalog.PROVINCE not in v and " " not in k], n=1,
                                          cutoff=0.6)
        if rival and difflib.SequenceMatcher(None, squeezed, rival[0]).ratio() > \
                difflib.SequenceMatcher(None, squeezed, close[0]).ratio():
            close = []
    suggestion = catalog.regency_name(known[close[0]]) if close else None
    return Match(None, suggestion=suggestion)


def match(value: object) -> Match:
    """The regency (or province / totals row) a cell names. Numbers are read as codes."""
    if value is None:
        return Match(None)
    if isinstance(value, bool):
        return Match(None)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
            return Match(None)
        value = int(value) if value.is_integer() else f"{value:.2f}"  # 51.07 typed as a number
    return _match_text(str(value))
