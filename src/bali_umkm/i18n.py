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
SCALES = (10**3, 10**6, 10**9, 10**12)   # ribu, juta, miliar, triliun (locales/*/format.yaml)
QUALIFIER_KEYS = {">": "more_than", "<": "less_than", "~": "about"}

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


def qualifier_words(qualifier: str | None, lang: str = DEFAULT_LANG) -> str:
    """The words a qualifier is read as, with a space after them: ">" -> "lebih dari ", "=" -> ""."""
    key = QUALIFIER_KEYS.get(qualifier or "=")
    return f"{t(f'format.{key}', lang)} " if key else ""


def scale_word(scale: int, lang: str = DEFAULT_LANG) -> str:
    """1e9 -> "miliar" / "billion"; "" for a scale without a word."""
    return t(f"format.scale_{int(scale)}", lang) if int(scale) in SCALES else ""


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
    return f"{fmt_number(value / scale, lang, decimals)} {scale_word(scale, lang)}"


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


def exact_scale(value: float) -> int | None:
    """The largest of triliun, miliar and juta that writes `value` with at most 2 decimals, so
    every digit the source wrote stays (3.009,38e9 -> 1e9: 'miliar'); None below a juta, or when
    no scale writes it exactly."""
    for scale in (10**12, 10**9, 10**6):
        scaled = value / scale
        if abs(scaled) >= 1 and abs(round(scaled, 2) - scaled) < 1e-9 * max(1.0, abs(scaled)):
            return scale
    return None


def fmt_idr_exact(value: float, lang: str = DEFAULT_LANG) -> str:
    """Rupiah with every digit the source wrote: 3,009.38e9 -> 'Rp3.009,38 miliar' (not
    'Rp3,01 triliun'), 175.73e12 -> 'Rp175,73 triliun', 637.6e9 -> 'Rp637,6 miliar'."""
    return fmt_idr(value, lang, scale=exact_scale(value))


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
    return f"{qualifier_words(qualifier, lang)}{body}"


def fmt_figure(value: float, unit: str, lang: str = DEFAULT_LANG, qualifier: str = "=") -> str:
    """A headline figure as its source wrote it: fmt_value, with rupiah at the scale that keeps
    every written digit ('Rp3.009,38 miliar', 'lebih dari Rp8 triliun'; `exact_scale`)."""
    scale = exact_scale(float(value)) if unit == "IDR" else None
    return fmt_value(value, unit, lang, qualifier, scale=scale)


def unit_word(unit: str, lang: str = DEFAULT_LANG) -> str:
    """A stored unit in words ("units" -> "unit usaha"); an unknown unit as it is."""
    return strings(norm_lang(lang)).get(f"format.unit_{unit}", unit)


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
