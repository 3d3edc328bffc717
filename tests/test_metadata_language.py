"""Indonesian pages in Indonesian: every page, run in Indonesian, shows no metadata text in its
English-only form.

The English-only forms are read from the metadata files themselves (every `en` text that differs
from its `id` text, and the catalogue's English identities of notes and periods), so the list grows
with the data and the test fails as soon as a page shows one of them, whatever element carries it
(a caption, a table cell, a chart tooltip, a select option).
"""

import re

import pytest
from conftest import app_pages, indonesian_page, page_strings, run_app

from bali_umkm import catalog
from bali_umkm.paths import DATA_DIR, read_yaml

PAGES = [p for p, _ in app_pages()]
# Shorter texts ("Table 1", "projection") also occur as words of code or of a chart spec
# ("projection" is a Vega-Lite key): only phrases are searched for.
MIN_LENGTH = 12


def _forms(entry: dict, where: str, key: str | None = None) -> dict[str, str]:
    """The English texts of one {id, en} entry that are not also its Indonesian text."""
    out = {}
    for text in (entry.get("en"), key):
        if text and text != entry.get("id"):
            out[text] = where
    return out


def english_only_forms() -> dict[str, str]:
    """text -> where it comes from, for every English-only metadata text."""
    forms: dict[str, str] = {}
    for rec in read_yaml(DATA_DIR / "datasets.yaml"):
        for field in catalog.TEXT_FIELDS:
            if isinstance(rec.get(field), dict):
                forms |= _forms(rec[field], f"datasets.yaml {rec['id']}.{field}")
    texts = read_yaml(DATA_DIR / "figure_texts.yaml")
    for note, entry in texts["notes"].items():
        forms |= _forms(entry, "figure_texts.yaml notes", key=note)
    for figure_id, entry in texts["caveats"].items():
        forms |= _forms(entry, f"figure_texts.yaml caveats.{figure_id}")
    for period, entry in read_yaml(DATA_DIR / "periods.yaml").items():
        forms |= _forms(entry, "periods.yaml", key=period)
    for metric, entry in read_yaml(DATA_DIR / "metrics.yaml").items():
        forms |= _forms({"id": entry["id"], "en": entry["en"]}, f"metrics.yaml {metric}")
    return {text: where for text, where in forms.items()
            if len(text) >= MIN_LENGTH and " " in text and not re.fullmatch(r"[\d\s;,.%()-]+", text)}


ENGLISH_ONLY = english_only_forms()


def english_on(text: str) -> list[str]:
    return sorted(f"{phrase!r} ({where})" for phrase, where in ENGLISH_ONLY.items() if phrase in text)


def test_the_list_is_read_from_the_metadata():
    assert len(ENGLISH_ONLY) > 200
    assert "News figures quoted with attribution" in ENGLISH_ONLY  # a licence
    assert "DPR RI, citing the Bali provincial government" in ENGLISH_ONLY  # a producer
    assert "rounded in source; 19.85% of Bali UMK" in ENGLISH_ONLY  # a figure's note as stored
    assert "SE2016 listing (May-Jun 2016)" in ENGLISH_ONLY  # a period as stored
    assert "Badan Pusat Statistik Provinsi Bali" not in ENGLISH_ONLY  # a name, the same in both


def test_the_scan_sees_english_where_there_is_english():
    """The same page in English shows English forms: the scan can find them."""
    at = run_app("pages/data_sources.py", lang="en")
    found = english_on(page_strings(at))
    assert any("licence" in f for f in found) and any("producer" in f for f in found), found
    # the chosen record's notes, drawn as escaped Markdown ("not observations\\."), are found too
    assert any("paper_econ_sea.notes" in f for f in found), found


def test_the_scan_reads_chart_specs_decoded():
    """A chart's title and subtitle travel as JSON with \\u escapes: the scan reads them as the
    reader sees them."""
    at = run_app("pages/kur_uptake.py", lang="id")
    shown = page_strings(at)
    assert "Dihitung: 100% − (42,85% + 16,65% + 12,67%) = 27,83%." in shown
    assert "\\u2212" not in shown


@pytest.mark.parametrize("page", PAGES)
def test_no_english_only_metadata_on_an_indonesian_page(page):
    exception, shown = indonesian_page(page)
    assert not exception, exception
    assert english_on(shown) == []


def test_every_dataset_record_reads_in_indonesian_on_the_data_page():
    """The data page shows one record in full (notes, licence, its figures with their notes):
    each of them, in turn."""
    at = run_app("pages/data_sources.py", lang="id")
    found = {}
    for ds in catalog.datasets():
        at.selectbox(key="data_dataset__id").set_value(ds.id).run()
        assert not at.exception, (ds.id, at.exception)
        hits = english_on(page_strings(at))
        if hits:
            found[ds.id] = hits
    assert found == {}
