import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from bali_umkm.numbers import NumberError, parse_number, parse_optional


@pytest.mark.parametrize("text, value, qualifier", [
    ("4.433.300", 4_433_300, "="),
    ("Rp3.009,38 miliar", 3_009_380_000_000, "="),
    ("Rp 3.009,38", 3_009.38, "="),
    ("Rp4,72 triliun", 4_720_000_000_000, "="),
    ("65,65juta", 65_650_000, "="),
    ("1.234.567", 1_234_567, "="),
    ("4,72", 4.72, "="),
    ("12,5%", 12.5, "="),
    ("< 6%", 6, "<"),
    ("lebih dari Rp.8 Triliun", 8e12, ">"),
    ("sekitar 66 juta", 66e6, "~"),
    ("6932", 6932, "="),
    ("6.932", 6932, "="),
    ("3 jam 14 menit", 194, "="),
    ("Rp.50.000.000", 50_000_000, "="),
    ("1,234,567", 1_234_567, "="),
    ("-12", -12, "="),
    (1953, 1953, "="),
])
def test_parses_indonesian_numbers(text, value, qualifier):
    parsed = parse_number(text)
    assert parsed.value == pytest.approx(value)
    assert parsed.qualifier == qualifier


def test_percent_flag_and_precision():
    parsed = parse_number("62,28 persen")
    assert parsed.percent and parsed.value == pytest.approx(62.28)
    assert parsed.precision == pytest.approx(0.005)
    assert parse_number("Rp2,9 triliun").precision == pytest.approx(0.05e12)


@pytest.mark.parametrize("text", ["", "-", "abc", "1.23.4", "12 34", "1,2,3", "Rp", True])
def test_rejects_non_numbers(text):
    with pytest.raises(NumberError):
        parse_number(text)


def test_missing_markers_are_none():
    for text in ["-", "", "  ", "n/a", None, float("nan")]:
        assert parse_optional(text) is None


def test_running_text_takes_the_first_number():
    assert parse_number("439.382 pada tahun 2023", strict=False).value == 439_382
    with pytest.raises(NumberError):
        parse_number("439.382 pada tahun 2023")


@given(st.integers(min_value=0, max_value=10**13))
def test_babel_id_integers_round_trip(n):
    assert parse_number(format_decimal(n, locale="id_ID")).value == n


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_babel_id_decimals_round_trip(d):
    text = format_decimal(d, format="#,##0.00", locale="id_ID")
    assert parse_number(text).value == pytest.approx(float(d))


# ---- what the importer adds: cells as spreadsheets and officials write them ----------------

def _id_digits(n: int, sep: str = ".") -> str:
    return f"{n:,}".replace(",", sep)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["", "Rp", "Rp ", "Rp. ", "IDR "]),
       st.sampled_from([".", " ", "\u00a0", "\u202f"]))
def test_cell_integers_with_currency_and_any_grouping(n, prefix, sep):
    assert parse_number(f"{prefix}{_id_digits(n, sep)}").value == n


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_cell_decimals_and_percent(whole, cents):
    text = f"{_id_digits(whole)},{cents:02d}"
    assert parse_number(text).value == pytest.approx(whole + cents / 100)
    pct = parse_number(f"{text}%")
    assert pct.percent and pct.value == pytest.approx(whole + cents / 100)


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["-", "\u2212", "("]))
def test_cell_negatives(n, sign):
    text = f"({_id_digits(n)})" if sign == "(" else f"{sign}{_id_digits(n)}"
    assert parse_number(text).value == -n


@given(st.sampled_from(sorted(["", "-", "–", "—", "n/a", "  ", "..."])))
def test_cell_missing_markers(text):
    assert parse_optional(text) is None


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20))
def test_cell_words_are_not_numbers(text):
    from bali_umkm.numbers import MISSING, WORD_NUMBERS

    words = " ".join(text.split())
    if words in MISSING or words.split(" ", 1)[0] in WORD_NUMBERS or not words:
        return
    with pytest.raises(NumberError):
        parse_number(text)
