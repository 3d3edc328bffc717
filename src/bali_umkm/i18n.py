"""UI strings (locales/<lang>/<namespace>.yaml) and number formatting for id-ID and en.

Each page or module keeps its strings in its own file: `locales/id/overview.yaml` holds
`title: ...`, read as the key `overview.title`. Both languages must hold the same keys (a test
checks).

Numbers go through Babel: 439.382; Rp4,72 triliun; 62,28%. The same locale is handed to
Vega-Lite (`vega_locale`) so chart axes and tooltips read Indonesian too. No Streamlit here.
"""

from __future__ import annotations

import functools
import math

from babel.numbers import format_compact_decimal, format_decimal

from .paths import LOCALES_DIR, read_yaml

LANGS = ("id", "en")
DEFAULT_LANG = "id"
BABEL_LOCALE = {"id": "id_ID", "en": "en_US"}
SCALE_WORDS = {
    "id": {10**3: "ribu", 10**6: "juta", 10**9: "miliar", 10**12: "triliun"},
    "en": {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"},
}
QUALIFIER_WORDS = {
    "id": {">": "lebih dari ", "<": "kurang dari ", "~": "sekitar ", "=": ""},
    "en": {">": "more than ", "<": "less than ", "~": "about ", "=": ""},
}
UNIT_WORDS = {
    "id": {"units": "unit usaha", "persons": "jiwa", "debtors": "debitur", "accounts": "rekening",
           "km2": "km²", "minutes": "menit", "articles": "artikel", "commodities": "komoditas",
           "rank": "peringkat", "percent": "%", "IDR": "rupiah", "USD": "dolar AS"},
    "en": {"units": "businesses", "persons": "people", "debtors": "debtors", "accounts": "accounts",
           "km2": "km²", "minutes": "minutes", "articles": "articles", "commodities": "commodities",
           "rank": "rank", "percent": "%", "IDR": "rupiah", "USD": "US dollars"},
}


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


@functools.lru_cache(maxsize=2)
def strings(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / norm_lang(lang)).glob("*.yaml")):
        data = read_yaml(path) or {}
        out.update(_flatten(data, f"{path.stem}."))
    return out


def _flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = str(value)
    return out


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """The UI string `key` in `lang`; {name} placeholders are filled from kwargs.

    A missing key raises KeyError (tests check both locale files hold the same keys).
    """
    text = strings(norm_lang(lang))[key]
    return text.format(**kwargs) if kwargs else text


def fmt_number(value: float | None, lang: str = DEFAULT_LANG, decimals: int | None = None) -> str:
    """439382 -> '439.382' (id) / '439,382' (en); decimals None keeps up to 2 as needed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    fmt = "#,##0" if decimals == 0 else (f"#,##0.{'0' * decimals}" if decimals else "#,##0.##")
    return format_decimal(value, format=fmt, locale=BABEL_LOCALE[norm_lang(lang)])


def fmt_percent(value: float | None, lang: str = DEFAULT_LANG, decimals: int | None = None) -> str:
    """62.28 (already in percent) -> '62,28%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{fmt_number(value, lang, decimals)}%"


def fmt_compact(value: float, lang: str = DEFAULT_LANG, decimals: int = 2) -> str:
    """4.72e12 -> '4,72 triliun' / '4.72 trillion'; below a thousand, the plain number."""
    if abs(value) < 1000:
        return fmt_number(value, lang)
    return format_compact_decimal(value, format_type="long", locale=BABEL_LOCALE[norm_lang(lang)],
                                  fraction_digits=decimals)


def fmt_scaled(value: float, scale: int, lang: str = DEFAULT_LANG, decimals: int | None = None) -> str:
    """3_009_380_000_000 at scale 1e9 -> '3.009,38 miliar' (the paper's own way of writing it)."""
    return f"{fmt_number(value / scale, lang, decimals)} {SCALE_WORDS[norm_lang(lang)][scale]}"


def fmt_idr(value: float, lang: str = DEFAULT_LANG, scale: int | None = None,
            decimals: int | None = None) -> str:
    """Rupiah: 'Rp4,72 triliun' (id) / 'IDR 4.72 trillion' (en). scale fixes the word."""
    lang = norm_lang(lang)
    if scale:
        body = fmt_scaled(value, scale, lang, decimals)
    elif abs(value) >= 10**6:
        body = fmt_compact(value, lang, 2 if decimals is None else decimals)
    else:
        body = fmt_number(value, lang, decimals if decimals is not None else 0)
    return f"Rp{body}" if lang == "id" else f"IDR {body}"


def fmt_minutes(value: float, lang: str = DEFAULT_LANG) -> str:
    h, m = divmod(round(value), 60)
    return f"{h} jam {m} menit" if norm_lang(lang) == "id" else f"{h} h {m} min"


def fmt_value(value: float, unit: str, lang: str = DEFAULT_LANG, qualifier: str = "=",
              scale: int | None = None) -> str:
    """A catalogue value in words people read: 'lebih dari Rp8 triliun', '62,28%', '439.382'."""
    lang = norm_lang(lang)
    if unit == "IDR":
        body = fmt_idr(value, lang, scale=scale)
    elif unit == "USD":
        body = f"US${fmt_compact(value, lang)}" if lang == "id" else f"US$ {fmt_compact(value, lang)}"
    elif unit == "percent":
        body = fmt_percent(value, lang)
    elif unit == "minutes":
        body = fmt_minutes(value, lang)
    elif unit in ("persons", "units", "debtors") and abs(value) >= 10**7:
        body = fmt_compact(value, lang)
    else:
        body = fmt_number(value, lang)
    return f"{QUALIFIER_WORDS[lang].get(qualifier, '')}{body}"


def unit_word(unit: str, lang: str = DEFAULT_LANG) -> str:
    return UNIT_WORDS[norm_lang(lang)].get(unit, unit)


def vega_locale(lang: str = DEFAULT_LANG) -> dict:
    """Vega-Lite `config.locale` so axes and tooltips use the same separators as the text."""
    if norm_lang(lang) == "id":
        number = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}
        time = {
            "dateTime": "%A, %e %B %Y pukul %X", "date": "%d/%m/%Y", "time": "%H.%M.%S",
            "periods": ["AM", "PM"],
            "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
            "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
            "months": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                       "September", "Oktober", "November", "Desember"],
            "shortMonths": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
                            "Nov", "Des"],
        }
    else:
        number = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["IDR ", ""]}
        time = {
            "dateTime": "%x, %X", "date": "%-m/%-d/%Y", "time": "%-I:%M:%S %p", "periods": ["AM", "PM"],
            "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            "months": ["January", "February", "March", "April", "May", "June", "July", "August",
                       "September", "October", "November", "December"],
            "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                            "Nov", "Dec"],
        }
    return {"number": number, "time": time}
