"""Read numbers written the Indonesian way: 4.433.300 is four million, 4,72 is four and a bit.

`parse_number("Rp3.009,38 miliar")` gives value 3_009_380_000_000 with the precision it was
written to, the qualifier ("lebih dari" -> ">", "sekitar" -> "~", "< 6%" -> "<") and whether it
was a percentage. Used to check every figure typed from the paper, and by the importer.
No Streamlit here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SCALES = {
    "ribu": 10**3, "rb": 10**3, "ribuan": 10**3,
    "juta": 10**6, "jt": 10**6,
    "miliar": 10**9, "milyar": 10**9, "m": 10**9,
    "triliun": 10**12, "t": 10**12,
    # English, for files written in English
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}
QUALIFIERS = [
    ("lebih dari", ">"), ("di atas", ">"), ("more than", ">"), (">", ">"),
    ("kurang dari", "<"), ("di bawah", "<"), ("less than", "<"), ("<", "<"),
    ("kurang lebih", "~"), ("sekitar", "~"), ("hampir", "~"), ("about", "~"), ("±", "~"), ("~", "~"),
]
WORD_NUMBERS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                "delapan": 8, "sembilan": 9, "sepuluh": 10}
MISSING = {"", "-", "–", "—", "..", "...", "n/a", "na", "nan", "tidak ada", "tidak ada data", "x"}

# digits with optional grouping and decimals, e.g. 1.234.567,89 or 1,234,567.89 or 4,72 or 6932
_NUM = re.compile(r"[-+]?\d[\d.,]*")
_DURATION = re.compile(r"(\d+)\s*jam(?:\s*(\d+)\s*menit)?")
# no-break, thin and narrow spaces, and the Unicode minus sign, as spreadsheets export them
_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2212": "-"})
# 1 234 567 (thousands grouped by spaces): glue the groups back together
_SPACE_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
_ACCOUNTING = re.compile(r"^\((.*\d.*)\)$")


class NumberError(ValueError):
    """Text that is not a number (the message says why, in Indonesian and English)."""


@dataclass(frozen=True)
class Parsed:
    value: float
    precision: float  # half a unit in the last written place, in the same units as value
    qualifier: str  # "=", ">", "<", "~"
    percent: bool
    scale: int  # the multiplier a word such as "miliar" applied


def _digits_to_decimal(token: str) -> tuple[Decimal, int]:
    """'1.234.567,89' -> (1234567.89, 2 decimals). Indonesian first, English as fallback."""
    sign = -1 if token.startswith("-") else 1
    token = token.lstrip("+-")
    dots, commas = token.count("."), token.count(",")
    groups_ok = lambda s, sep: all(len(g) == 3 for g in s.split(sep)[1:])  # noqa: E731
    if dots and commas:
        # whichever comes last is the decimal separator
        if token.rfind(",") > token.rfind("."):
            int_part, dec = token.replace(".", "").split(",")
        else:
            int_part, dec = token.replace(",", "").split(".")
    elif commas == 1 and not dots:
        int_part, dec = token.split(",")  # Indonesian decimal comma: 4,72
    elif commas > 1:
        if not groups_ok(token, ","):
            raise NumberError(f"pemisah ribuan tidak wajar / odd thousands grouping: {token!r}")
        int_part, dec = token.replace(",", ""), ""
    elif dots == 1:
        left, right = token.split(".")
        if len(right) == 3 and left != "0":
            int_part, dec = left + right, ""  # Indonesian thousands: 6.932
        else:
            int_part, dec = left, right  # an English decimal point: 4.72
    elif dots > 1:
        if not groups_ok(token, "."):
            raise NumberError(f"pemisah ribuan tidak wajar / odd thousands grouping: {token!r}")
        int_part, dec = token.replace(".", ""), ""
    else:
        int_part, dec = token, ""
    if not int_part.isdigit() or (dec and not dec.isdigit()):
        raise NumberError(f"bukan angka / not a number: {token!r}")
    try:
        value = Decimal(f"{int_part}.{dec}" if dec else int_part)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the checks above
        raise NumberError(f"bukan angka / not a number: {token!r}") from exc
    return sign * value, len(dec)


def parse_number(text: object, *, strict: bool = True) -> Parsed:
    """Parse one number as written in Indonesian text or a spreadsheet cell.

    Raises NumberError for text that holds no number or an ambiguous one. Missing markers
    ("-", blank) raise too: use `parse_optional` where blanks are allowed. strict=False reads
    the first number of running text ("439.382 pada tahun 2023") and ignores the rest.
    """
    if isinstance(text, bool):
        raise NumberError(f"bukan angka / not a number: {text!r}")
    if isinstance(text, int | float):
        return Parsed(float(text), 0.0, "=", False, 1)
    s = " ".join(str(text).translate(_SPACES).split()).strip()
    low = s.lower()
    if low in MISSING:
        raise NumberError("sel kosong / empty cell")
    low = _SPACE_GROUPS.sub(lambda m: m.group(0).replace(" ", ""), low)
    accounting = _ACCOUNTING.match(low)
    if accounting:  # (1.234) is how accountants write -1.234
        inner = parse_number(accounting.group(1), strict=strict)
        return Parsed(-inner.value, inner.precision, inner.qualifier, inner.percent, inner.scale)
    qualifier = "="
    for word, q in QUALIFIERS:
        if low.startswith(word):
            qualifier = q
            low = low[len(word):].strip()
            break
    duration = _DURATION.search(low)
    if duration:  # "3 jam 14 menit" -> minutes
        minutes = int(duration.group(1)) * 60 + int(duration.group(2) or 0)
        return Parsed(float(minutes), 0.5, qualifier, False, 1)
    low = re.sub(r"^(rp\.?|idr)\s*", "", low)
    match = _NUM.search(low)
    if not match:
        first = low.split(" ", 1)[0]
        if first in WORD_NUMBERS:  # "empat di antaranya"
            return Parsed(float(WORD_NUMBERS[first]), 0.5, qualifier, False, 1)
        raise NumberError(f"tidak ada angka / no number in {s!r}")
    token = match.group(0).rstrip(".,")
    rest = low[match.end():].strip()
    if strict and re.search(r"\d", rest) and not rest.startswith(("%", "persen")):
        # e.g. "12 3" or "1.2.3 4": two numbers in one cell
        raise NumberError(f"lebih dari satu angka / more than one number in {s!r}")
    value, decimals = _digits_to_decimal(token)
    scale = 1
    word = re.match(r"([a-z]+)", rest)
    if word and word.group(1) in SCALES:
        scale = SCALES[word.group(1)]
    percent = rest.startswith(("%", "persen", "percent"))
    precision = Decimal(5) * Decimal(10) ** (-(decimals + 1)) * scale
    return Parsed(float(value * scale), float(precision), qualifier, percent, scale)


def parse_optional(text: object, *, strict: bool = True) -> Parsed | None:
    """Like parse_number, but a missing marker ("-", "", "n/a") gives None."""
    if text is None:
        return None
    if isinstance(text, float) and text != text:  # NaN
        return None
    if isinstance(text, str) and " ".join(text.split()).lower() in MISSING:
        return None
    return parse_number(text, strict=strict)
