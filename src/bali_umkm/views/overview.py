"""What the overview page shows: the headline figures in four groups, and the catalogue's counts."""

from __future__ import annotations

from dataclasses import dataclass

from .. import catalog, quality
from ..i18n import fmt_figure, t
from .cards import Card


@dataclass(frozen=True)
class Section:
    key: str
    figures: tuple[str, ...]


SECTIONS = (
    Section("bali_umkm", ("umkm_2023_total", "umkm_2023_mikro", "umkm_2023_kecil", "umkm_2023_menengah")),
    Section("bali_finance", ("kur_bali_value", "kur_bali_debtors", "credit_program_bali_value",
                             "kur_mikro_scheme_value")),
    Section("bali_digital", ("ecommerce_businesses_2022", "ecommerce_share_2022", "population_bali_2024",
                             "internet_access_2023")),
    Section("indonesia", ("umkm_indonesia_2023", "umkm_gdp_share_2023", "umkm_workforce_share_2023",
                          "kur_national_realisation")),
)


# The paper's other figures, shown below the headline ones (not on the deck's key-figure slide):
# the national context, the UNDP-LPEM UI survey of UMKM and Bali's trade in March-April 2024, so
# that every figure of the paper is on some page (tests/test_paper_figures_shown.py).
CONTEXT_SECTIONS = (
    Section("indonesia_more", ("umkm_gdp_value_2023", "umkm_workers_2023")),
    Section("undp_lpem", ("undp_lpem_bahan_baku", "undp_lpem_penurunan_pendapatan", "undp_lpem_kehilangan_permintaan",
                          "undp_lpem_penurunan_nilai_aset")),
    Section("trade", ("export_declined_count", "export_knit_apparel_change", "import_cereal_share",
                      "import_top10_up_mtm", "import_top10_up_yoy")),
)


WIDE_VALUE = 13  # characters: a longer value gets half a row, so it is not cut off


def section_cards(section: Section, lang: str) -> list[Card]:
    return [Card(t(f"overview.card_{fid}", lang), fid) for fid in section.figures]


def per_row(section: Section, lang: str) -> int:
    """Four cards to a row, or two when a value is long ("lebih dari Rp8 triliun")."""
    longest = max(len(fmt_figure(f["value"], f["unit"], lang, f["qualifier"]))
                  for f in (catalog.figure(fid) for fid in section.figures))
    return 2 if longest > WIDE_VALUE else 4


def section_datasets(section: Section) -> list[str]:
    return list(dict.fromkeys(catalog.figure(fid)["dataset"] for fid in section.figures))


def quality_summary() -> dict[str, int]:
    return quality.summary()


def catalogue_counts() -> dict[str, int]:
    figs = catalog.figures()
    return {"n_datasets": len(catalog.datasets()), "n_figures": len(figs),
            "n_paper": int((figs["source_kind"] == "paper").sum()),
            "n_public": int((figs["source_kind"] == "public").sum())}
