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
