"""Which known metric a column header names, in which unit, and what it says about categories.

A header is matched through the metrics' own Indonesian and English labels (data/metrics.yaml)
and the synonyms below, after its unit has been read off: "Luas Wilayah (Km2)" -> land_area in
km²; "Jumlah Penduduk (Ribu)" -> population_total ×1000; "Area (Ha)" -> land_area ×0.01;
"Nilai (Rp Juta)" -> IDR ×1.000.000; "Proyeksi Jumlah UMKM" -> umkm_total, marked as a
projection. In a header of two or more rows (BPS's "Kabupaten/Kota" over "Regency/Municipality")
the top row names the column; a lower row may be its translation, a year, a category ("Laki-laki",
"Mikro") or "Jumlah". A header whose unit contradicts the metric ("Luas (%)") is not a match.
No Streamlit here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .. import catalog
from . import vocab
from .regions import normalise

# (unit, multiplier) of words read from a header, after hnorm ("%" -> "persen", "²" -> "2")
UNIT_WORDS: dict[str, tuple[str, float]] = {
    "km2": ("km2", 1.0), "km 2": ("km2", 1.0), "km persegi": ("km2", 1.0), "sq km": ("km2", 1.0),
    "ha": ("km2", 0.01), "hektar": ("km2", 0.01), "hektare": ("km2", 0.01), "hectare": ("km2", 0.01),
    "hectares": ("km2", 0.01),
    "persen": ("percent", 1.0), "percent": ("percent", 1.0), "pct": ("percent", 1.0),
    "jiwa": ("persons", 1.0), "orang": ("persons", 1.0), "persons": ("persons", 1.0), "people": ("persons", 1.0),
    "unit": ("units", 1.0), "units": ("units", 1.0), "unit usaha": ("units", 1.0),
    "rp": ("IDR", 1.0), "rupiah": ("IDR", 1.0), "idr": ("IDR", 1.0),
    "debitur": ("debtors", 1.0), "debtors": ("debtors", 1.0),
}
SCALE_WORDS: dict[str, float] = {"ribu": 1e3, "rb": 1e3, "thousand": 1e3, "thousands": 1e3, "juta": 1e6,
                                 "jt": 1e6, "million": 1e6, "millions": 1e6, "miliar": 1e9, "milyar": 1e9,
                                 "billion": 1e9, "billions": 1e9, "triliun": 1e12, "trillion": 1e12}
PROJECTION_WORDS = {"proyeksi", "projection", "projected", "projections", "prakiraan", "forecast"}
ABBREVIATIONS = {"jml": "jumlah", "jmlh": "jumlah", "ush": "usaha", "pddk": "penduduk", "pend": "penduduk",
                 "kab": "kabupaten", "no": "nomor"}
TOTAL_WORDS = {"jumlah", "total", "jumlah total", "semua", "all", "totals"}

# Synonyms a header may use besides the metrics' labels; (metric, categories it implies).
SYNONYMS: dict[str, tuple[str, dict[str, str]]] = {
    **{w: ("land_area", {}) for w in (
        "luas wilayah", "luas daerah", "luas", "land area", "area", "luas area", "total area", "luas daratan",
        "luas wilayah daratan", "wide", "size")},
    **{w: ("population_total", {}) for w in (
        "jumlah penduduk", "penduduk", "population", "total population", "banyaknya penduduk", "jumlah jiwa",
        "populasi", "jumlah penduduk total", "number of population")},
    **{w: ("umkm_total", {}) for w in (
        "jumlah umkm", "umkm", "jumlah ukm", "banyaknya umkm", "jumlah usaha mikro kecil dan menengah",
        "jumlah usaha mikro kecil menengah", "jumlah usaha mikro kecil menengah umkm", "number of msmes",
        "msmes", "msme", "jumlah pelaku umkm", "jumlah unit usaha umkm", "jumlah unit umkm")},
    **{w: ("umkm_workers", {}) for w in ("tenaga kerja umkm", "jumlah tenaga kerja umkm", "msme workers")},
    **{w: ("kur_disbursed_value", {}) for w in (
        "penyaluran kur", "nilai penyaluran kur", "nilai penyaluran", "realisasi kur", "realisasi penyaluran kur",
        "kur disbursed", "kur disbursement", "nilai kur", "penyaluran")},
    **{w: ("kur_debtors", {}) for w in (
        "debitur kur", "jumlah debitur kur", "jumlah debitur", "kur debtors", "jumlah penerima kur", "debitur")},
    **{w: ("ecommerce_businesses", {}) for w in (
        "usaha ecommerce", "jumlah usaha ecommerce", "usaha yang melakukan ecommerce",
        "jumlah usaha yang melakukan ecommerce", "ecommerce businesses")},
    **{w: ("ecommerce_share", {"status": "ecommerce"}) for w in (
        "persentase usaha ecommerce", "persen usaha ecommerce", "persentase usaha yang melakukan ecommerce",
        "share of ecommerce businesses", "ecommerce share")},
}
# Dimensions a header row or a column may name, for the generic (auto) reading.
AUTO_DIMS = ("scale", "sector", "sex")


def hnorm(text: object) -> str:
    """A header as words: 'E-Commerce (%)' -> 'ecommerce persen'; 'Km²' -> 'km2'."""
    s = str(text or "").lower().replace("%", " persen ").replace("²", "2")
    s = re.sub(r"e[\s\-_]*commerce", "ecommerce", s)
    return normalise(s)


@dataclass(frozen=True)
class Part:
    text: str  # as written
    base: str  # words naming the thing (no unit, scale, year, projection word)
    unit: str | None
    multiplier: float
    years: tuple[int, ...]
    projection: bool


def _expand(words: list[str]) -> list[str]:
    return [ABBREVIATIONS.get(w, w) for w in words]


def _units_in(words: list[str]) -> tuple[str | None, float, list[str]]:
    """Unit and scale words anywhere in `words` (a parenthesised group), -> (unit, mult, rest)."""
    unit, mult, rest = None, 1.0, []
    i = 0
    while i < len(words):
        two = " ".join(words[i:i + 2])
        if two in UNIT_WORDS and i + 1 < len(words):
            unit, m = UNIT_WORDS[two]
            mult *= m
            i += 2
            continue
        w = words[i]
        if w in UNIT_WORDS:
            unit, m = UNIT_WORDS[w]
            mult *= m
        elif w in SCALE_WORDS:
            mult *= SCALE_WORDS[w]
        else:
            rest.append(w)
        i += 1
    return unit, mult, rest


def parse_part(text: object) -> Part:
    """One header row's text: its unit (from brackets or trailing unit words), years, projection."""
    raw = str(text or "")
    groups = re.findall(r"[\(\[]([^\)\]]*)[\)\]]", raw)
    outside = re.sub(r"[\(\[][^\)\]]*[\)\]]", " ", raw)
    unit, mult = None, 1.0
    for g in groups:
        g_unit, g_mult, g_rest = _units_in(_expand(hnorm(g).split()))
        if g_rest and g_unit is None and g_mult == 1.0:
            continue  # "(Jenis Kelamin)" is words, not a unit
        unit = g_unit or unit
        mult *= g_mult
    words = _expand(hnorm(outside).split())
    years = tuple(int(w) for w in words if re.fullmatch(r"(19|20)\d{2}", w))
    words = [w for w in words if not re.fullmatch(r"(19|20)\d{2}", w)]
    projection = any(w in PROJECTION_WORDS for w in words)
    words = [w for w in words if w not in PROJECTION_WORDS]
    # trailing unit/scale words: "Area km2", "nilai penyaluran rp", "Penduduk ribu jiwa"
    while words:
        two = " ".join(words[-2:])
        if len(words) >= 2 and two in UNIT_WORDS and len(words) > 2:
            u, m = UNIT_WORDS[two]
            unit, mult, words = unit or u, mult * m, words[:-2]
        elif words[-1] in UNIT_WORDS and len(words) > 1:
            u, m = UNIT_WORDS[words[-1]]
            unit, mult, words = unit or u, mult * m, words[:-1]
        elif words[-1] in SCALE_WORDS and len(words) > 1:
            mult, words = mult * SCALE_WORDS[words[-1]], words[:-1]
        else:
            break
    return Part(raw, " ".join(words), unit, mult, years, projection)


@functools.lru_cache(maxsize=1)
def lookup_table() -> dict[str, tuple[str, dict[str, str]]]:
    """Every words-only name of a metric -> (metric, implied categories)."""
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for key, spec in catalog.metrics().items():
        for name in (key, spec.get("id", ""), spec.get("en", "")):
            base = parse_part(name).base
            if base and base not in SYNONYMS:
                out.setdefault(base, (key, {}))
    out.update({parse_part(k).base: v for k, v in SYNONYMS.items()})
    return out


def metric_unit(metric: str) -> str:
    return catalog.metrics().get(metric, {}).get("unit", "")


@dataclass
class Guess:
    metric: str | None
    multiplier: float = 1.0
    categories: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    projection: bool = False
    unit_text: str = ""  # the unit as the header wrote it, for the report
    why: str = ""  # not matched: "unknown" | "unit" (the header's unit does not fit) | "ambiguous"
    total_only: bool = False  # the header names only categories or "Jumlah" (the metric may be in the title)


def categories_in(text: str, dims: tuple[str, ...] = AUTO_DIMS) -> tuple[dict[str, str], str, bool]:
    """Category phrases in header words ('jumlah laki laki' -> {'sex': 'laki_laki'}), the words
    left, and whether one dimension was named twice (ambiguous)."""
    found: dict[str, str] = {}
    rest = text
    ambiguous = False
    for dim in dims:
        hits = set()
        for alias in sorted(vocab.CATEGORIES[dim], key=len, reverse=True):
            pattern = rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])"
            if re.search(pattern, rest):
                hits.add(vocab.CATEGORIES[dim][alias])
                rest = re.sub(pattern, " ", rest)
        if len(hits) > 1:
            ambiguous = True
        elif hits:
            found[dim] = hits.pop()
    return found, " ".join(rest.split()), ambiguous


def guess(parts: list[str]) -> Guess:
    """The metric a column's header rows (top first) name, with unit multiplier and categories."""
    parsed = [parse_part(p) for p in parts if str(p or "").strip()]
    if not parsed:
        return Guess(None, why="unknown")
    table = lookup_table()
    units = [(p.unit, p.multiplier) for p in parsed if p.unit or p.multiplier != 1.0]
    top = parsed[0]
    hit = table.get(top.base)
    cats: dict[str, str] = {}
    ambiguous = False
    if hit is None:
        cats, rest, ambiguous = categories_in(top.base)
        hit = table.get(rest) if rest else None
        if hit is None and len(parsed) > 1:
            hit = table.get(" ".join(p.base for p in parsed))
    years = {y for p in parsed for y in p.years}
    projection = any(p.projection for p in parsed)
    for p in parsed[1:]:  # lower rows: a translation, a category, a year or "Jumlah"
        if hit and table.get(p.base, (None,))[0] == hit[0]:
            continue
        c, _, amb = categories_in(p.base)
        ambiguous |= amb
        for k, v in c.items():
            cats.setdefault(k, v)
    unit, mult = (units[0] if units else (None, 1.0))
    unit_text = ", ".join(p.text[p.text.find("("):] for p in parsed if "(" in p.text)
    if ambiguous or len(years) > 1:
        return Guess(None, why="ambiguous")
    if hit is None:
        words = {p.base for p in parsed}
        total_only = bool(cats) or bool(words & TOTAL_WORDS)
        return Guess(None, mult, cats, next(iter(years), None), projection, unit_text, "unknown", total_only)
    metric, implied = hit
    want = metric_unit(metric)
    if unit is not None and unit != want:
        return Guess(None, mult, cats, next(iter(years), None), projection, unit_text, "unit")
    return Guess(metric, mult, {**cats, **implied}, next(iter(years), None), projection, unit_text)


def metric_in_text(text: str) -> tuple[str | None, float]:
    """The one metric a title (or file name) names, with the scale its brackets give
    ("Jumlah Penduduk ... (Ribu Jiwa)" -> population_total, 1000); None when none or several."""
    words = " " + " ".join(_expand(hnorm(re.sub(r"[\(\[][^\)\]]*[\)\]]", " ", text)).split())) + " "
    found = set()
    table = lookup_table()
    for phrase in sorted(table, key=len, reverse=True):
        if len(phrase) >= 4 and f" {phrase} " in words:
            found.add(table[phrase][0])
            words = words.replace(f" {phrase} ", " ")
    if len(found) != 1:
        return None, 1.0
    metric = found.pop()
    mult = 1.0
    for g in re.findall(r"[\(\[]([^\)\]]*)[\)\]]", text):
        unit, m, _ = _units_in(_expand(hnorm(g).split()))
        if unit in (None, metric_unit(metric)) and m != 1.0:
            mult = m
    return metric, mult
