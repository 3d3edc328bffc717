import pytest

from bali_umkm import i18n
from bali_umkm.i18n import fmt_idr, fmt_number, fmt_percent, fmt_value, t


def test_both_languages_hold_the_same_keys():
    assert set(i18n.strings("id")) == set(i18n.strings("en"))
    assert all(v.strip() for v in i18n.strings("en").values())


def test_missing_key_raises():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_indonesian_number_formats():
    assert fmt_number(439_382) == "439.382"
    assert fmt_number(439_382, "en") == "439,382"
    assert fmt_idr(4.72e12) == "Rp4,72 triliun"
    assert fmt_idr(4.72e12, "en") == "IDR 4.72 trillion"
    assert fmt_idr(3_009.38e9, scale=10**9) == "Rp3.009,38 miliar"
    assert fmt_percent(62.28) == "62,28%"
    assert fmt_percent(62.28, "en") == "62.28%"


def test_values_keep_their_qualifier():
    assert fmt_value(8e12, "IDR", "id", ">") == "lebih dari Rp8 triliun"
    assert fmt_value(66e6, "units", "en", "~") == "about 66 million"
    assert fmt_value(6, "percent", "id", "<") == "kurang dari 6%"
    assert fmt_value(194, "minutes") == "3 jam 14 menit"


def test_vega_locale_matches_text():
    loc = i18n.vega_locale("id")
    assert loc["number"]["decimal"] == "," and loc["number"]["thousands"] == "."
    assert loc["time"]["months"][4] == "Mei"
    assert i18n.vega_locale("en")["number"]["thousands"] == ","


def test_unknown_language_falls_back_to_indonesian():
    assert i18n.norm_lang("fr") == "id"
    assert t("nav.overview", "fr") == "Ringkasan"
