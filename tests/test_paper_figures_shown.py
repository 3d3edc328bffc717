"""Every figure of the paper (data/paper_figures.csv) is shown on some page or in the default
briefing deck, or listed in data/paper_figures_not_shown.yaml with the reason it is not.

Each page is run in Indonesian with its defaults (conftest.indonesian_page, shared with the
English scan) and the deck read as text (views.briefing.deck_text); a figure counts as shown
when it appears as a reader sees it: its value as written ("sekitar Rp9.580 triliun",
"lebih dari 48%", "25,41%"), not preceded or followed by another digit.
"""

import re

import pandas as pd
import pytest
from conftest import app_pages, indonesian_page

from bali_umkm import catalog
from bali_umkm.bounds import input_text
from bali_umkm.i18n import fmt_figure, fmt_percent
from bali_umkm.paths import DATA_DIR, read_yaml
from bali_umkm.views import briefing

PAPER = pd.read_csv(DATA_DIR / "paper_figures.csv", dtype=str, keep_default_na=False)
NOT_SHOWN = {rec["id"]: rec for rec in (read_yaml(DATA_DIR / "paper_figures_not_shown.yaml") or [])}


def forms(figure_id: str) -> set[str]:
    """The ways a page writes a figure: as a card does, as a formula does, a share with 2 decimals."""
    f = catalog.figure(figure_id)
    out = {fmt_figure(f["value"], f["unit"], "id", f["qualifier"]), input_text(figure_id, "id")}
    if f["unit"] == "percent":
        out.add(fmt_percent(float(f["value"]), "id", 2))
    return {x for x in out if x}


def shown_in(text: str, figure_id: str) -> bool:
    return any(re.search(r"(?<![\d.,])" + re.escape(x) + r"(?!\d)", text) for x in forms(figure_id))


@pytest.fixture(scope="module")
def everything() -> dict[str, str]:
    out = {page: indonesian_page(page)[1] for page, _ in app_pages()}
    out["briefing deck"] = briefing.deck_text(briefing.build(briefing.options()))
    return out


def test_the_walk_finds_a_figure_where_it_is_and_not_where_it_is_not():
    assert shown_in("Realisasi KUR Bali lebih dari Rp8 triliun", "kur_bali_value")
    assert not shown_in("Rp8 triliun", "kur_bali_value")            # the bound's words are part of it
    assert not shown_in("125,41%", "import_cereal_share")             # not inside another number
    assert shown_in("impor serealia 25,41% dari total", "import_cereal_share")


def test_every_paper_figure_is_shown_or_listed_with_a_reason(everything):
    text = " ".join(everything.values())
    missing = [fid for fid in PAPER["id"] if not shown_in(text, fid) and fid not in NOT_SHOWN]
    assert missing == [], f"shown nowhere and not in paper_figures_not_shown.yaml: {missing}"
    for fid, rec in NOT_SHOWN.items():
        assert fid in set(PAPER["id"]), fid
        assert rec["reason"]["id"].strip() and rec["reason"]["en"].strip(), fid
        assert not shown_in(text, fid), f"{fid} is shown: take it off the list"


def test_the_context_figures_are_on_the_overview(everything):
    overview = everything["pages/overview.py"]
    for fid in ("umkm_gdp_value_2023", "undp_lpem_penurunan_pendapatan", "import_cereal_share",
                "export_knit_apparel_change"):
        assert shown_in(overview, fid), fid
