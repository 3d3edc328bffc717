"""Words the importer understands: kinds of table, column headers, category values, yes/no,
and the KBLI -> sector table. Plain data and small lookups; no Streamlit.
"""

from __future__ import annotations

import re

from .regions import normalise

KINDS = ("umkm", "kur", "ecommerce", "tidy", "registry")
TABLE_KINDS = ("umkm", "kur", "ecommerce", "tidy")

# The catalogue's category values (quality.COMPLETE_PARTS uses the same words).
CATEGORIES: dict[str, dict[str, str]] = {
    "scale": {
        "mikro": "mikro", "usaha mikro": "mikro", "micro": "mikro", "um": "mikro",
        "kecil": "kecil", "usaha kecil": "kecil", "small": "kecil", "uk": "kecil",
        "menengah": "menengah", "usaha menengah": "menengah", "medium": "menengah", "umen": "menengah",
    },
    "sector": {
        "perdagangan": "perdagangan", "dagang": "perdagangan", "trade": "perdagangan",
        "industri pertanian": "industri_pertanian", "pertanian": "industri_pertanian",
        "agroindustri": "industri_pertanian", "agro industri": "industri_pertanian",
        "agriculture": "industri_pertanian",
        "industri non pertanian": "industri_non_pertanian", "industri nonpertanian": "industri_non_pertanian",
        "non pertanian": "industri_non_pertanian", "nonpertanian": "industri_non_pertanian",
        "industri": "industri_non_pertanian", "industry": "industri_non_pertanian",
        "aneka jasa": "aneka_jasa", "jasa": "aneka_jasa", "services": "aneka_jasa",
    },
    "scheme": {
        "kur super mikro": "kur_super_mikro", "super mikro": "kur_super_mikro",
        "kur mikro": "kur_mikro", "mikro": "kur_mikro",
        "kur kecil": "kur_kecil", "kecil": "kur_kecil",
        "kur pmi": "kur_pmi", "pmi": "kur_pmi", "kur tki": "kur_pmi", "tki": "kur_pmi",
        "kur khusus": "kur_khusus", "khusus": "kur_khusus",
    },
}
# A dimension cell saying "all of them": the row is the total over that dimension.
ALL_WORDS = {"", "jumlah", "total", "semua", "seluruh", "all", "jumlah total", "semua skala",
             "semua sektor", "semua skema", "total kur", "jumlah kur"}

YES = {"ya", "y", "yes", "1", "true", "benar", "iya", "ada", "sudah", "v", "x", "✓"}
NO = {"tidak", "t", "tdk", "no", "n", "0", "false", "salah", "belum", "bukan", "tidak ada"}

# KBLI 2020 divisions (2 digits) -> section letter, following ISIC Rev. 4.
_SECTIONS = [("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
             ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
             ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
             ("S", 94, 96), ("T", 97, 98), ("U", 99, 99)]
# The importer's own mapping of KBLI to the four sectors of Diskop's "Data Keragaan UMKM"
# (a modelling choice, stated in every registry import's notes): agriculture and food,
# drink and tobacco manufacturing -> industri pertanian; other manufacturing, mining, energy,
# water, construction -> industri non pertanian; trade -> perdagangan; every service -> aneka jasa.
SECTION_TO_SECTOR = {"A": "industri_pertanian", "B": "industri_non_pertanian", "C": "industri_non_pertanian",
                     "D": "industri_non_pertanian", "E": "industri_non_pertanian", "F": "industri_non_pertanian",
                     "G": "perdagangan"}
AGRO_DIVISIONS = {10, 11, 12}


def category_value(dim: str, text: object) -> str | None:
    """'Usaha Mikro' -> 'mikro'; '' or 'Jumlah' -> '' (all); None when not understood."""
    word = normalise(text if text is not None else "")
    if word in ALL_WORDS:
        return ""
    values = CATEGORIES[dim]
    if word in values:
        return values[word]
    if word.replace(" ", "_") in set(values.values()):
        return word.replace(" ", "_")
    return None


def flag(text: object) -> bool | None:
    """Yes/no cells: 'Ya', 'Tidak', 1, 0, 'Y', 'N', True... None when blank or not understood."""
    if isinstance(text, bool):
        return text
    word = normalise(text if text is not None else "")
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def kbli_section(text: object) -> str | None:
    """'47111' / '47' / 'G' / 'G - Perdagangan' -> 'G'."""
    raw = str(text or "").strip().upper()
    if not raw:
        return None
    if re.fullmatch(r"[A-U](\b.*)?", raw) and (len(raw) == 1 or not raw[1].isalpha()):
        return raw[0]
    digits = re.match(r"^(\d{2})\d{0,3}(?:\.0)?$", raw.replace(" ", ""))
    if not digits:
        return None
    division = int(digits.group(1))
    for letter, lo, hi in _SECTIONS:
        if lo <= division <= hi:
            return letter
    return None


def sector_of(text: object) -> str | None:
    """A registry's sector cell (KBLI code, section letter, or one of the four sector names)."""
    named = category_value("sector", text)
    if named:
        return named
    section = kbli_section(text)
    if section is None:
        return None
    raw = str(text).strip()
    if section == "C" and raw[:2].isdigit() and int(raw[:2]) in AGRO_DIVISIONS:
        return "industri_pertanian"
    return SECTION_TO_SECTOR.get(section, "aneka_jasa")
