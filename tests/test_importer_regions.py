"""Regency names in any common form map to the right BPS code; unknown names get a suggestion."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bali_umkm import catalog
from bali_umkm.importer.regions import match

REGS = catalog.regencies()
NAMES = [(r.regency_code, r.regency, r.name_bps_mfd_2018, r.name_ocha_codab_2020, r.official_name_kemendagri_2025)
         for r in REGS.itertuples()]


@given(st.sampled_from(NAMES), st.sampled_from(["", "Kab. ", "Kab ", "KAB. ", "Kabupaten ", "KABUPATEN ", "Kota ",
                                               "Kodya ", "Pemkab "]),
       st.integers(min_value=1, max_value=4), st.sampled_from(["lower", "upper", "title", "same"]),
       st.sampled_from(["", " ", "  ", "\t", "."]))
def test_any_common_form_matches(entry, prefix, which, case, pad):
    code, *forms = entry
    name = forms[which - 1]
    name = name.split(" ", 1)[1] if name.lower().startswith(("kabupaten ", "kota ")) and prefix else name
    text = f"{pad}{prefix}{name}{pad.strip()}"
    text = {"lower": text.lower(), "upper": text.upper(), "title": text.title(), "same": text}[case]
    assert match(text).code == code, text


@given(st.sampled_from(catalog.REGENCY_CODES), st.sampled_from(["{c}", "{p}.{s}", "{p}-{s}", "{p} {s}", "id{c}",
                                                                "{c}.0"]))
def test_codes_in_any_common_form(code, pattern):
    text = pattern.format(c=code, p=code[:2], s=code[2:])
    assert match(text).code == code
    assert match(int(code)).code == code
    assert match(float(code)).code == code


@given(st.sampled_from(NAMES), st.integers(min_value=0, max_value=5))
def test_one_letter_dropped_is_not_matched_but_suggested(entry, pos):
    _code, short, *_ = entry
    if len(short) < 6:
        return
    typo = short[:pos + 1] + short[pos + 2:]
    result = match(typo)
    if result.code is None:
        assert result.suggestion == short


@given(st.text(alphabet="xyzqwvjkf ", min_size=3, max_size=12))
def test_nonsense_never_becomes_a_regency(text):
    result = match(text)
    assert result.code is None or result.code == catalog.PROVINCE


@pytest.mark.parametrize("text", ["Jumlah", "TOTAL", "Jumlah Provinsi Bali", "Provinsi Bali", "Bali", "51"])
def test_totals_and_province(text):
    assert match(text).code == "51"
    assert match(text).total == text.lower().startswith(("jumlah", "total"))


def test_float_kemendagri_code():
    assert match(51.07).code == "5107" and match(51.71).code == "5171"
