"""What the overview page shows: the headline figures and the catalogue's counts."""

from __future__ import annotations

from dataclasses import dataclass

from . import catalog, quality
from .i18n import fmt_value


@dataclass(frozen=True)
class Card:
    figure_id: str
    scale: int | None = None


@dataclass(frozen=True)
class Section:
    key: str
    cards: tuple[Card, ...]


SECTIONS = (
    Section("bali_umkm", (Card("umkm_2023_total"), Card("umkm_2023_mikro"), Card("umkm_2023_kecil"),
                          Card("umkm_2023_menengah"))),
    Section("bali_finance", (Card("kur_bali_value"), Card("kur_bali_debtors"),
                             Card("credit_program_bali_value"), Card("kur_mikro_scheme_value", 10**9))),
    Section("bali_digital", (Card("ecommerce_businesses_2022"), Card("ecommerce_share_2022"),
                             Card("population_bali_2024"), Card("internet_access_2023"))),
    Section("indonesia", (Card("umkm_indonesia_2023"), Card("umkm_gdp_share_2023"),
                          Card("umkm_workforce_share_2023"), Card("kur_national_realisation"))),
)


WIDE_VALUE = 13  # characters: a longer value gets half a row, so it is not cut off


def card_rows(section: Section, lang: str) -> list[tuple[Card, ...]]:
    """Four cards to a row, or two when a value is long ("lebih dari Rp8 triliun")."""
    longest = max(len(fmt_value(f["value"], f["unit"], lang, f["qualifier"], scale=c.scale))
                  for c in section.cards for f in [catalog.figure(c.figure_id)])
    per_row = 2 if longest > WIDE_VALUE else 4
    return [section.cards[i:i + per_row] for i in range(0, len(section.cards), per_row)]


def section_datasets(section: Section) -> list[str]:
    return list(dict.fromkeys(catalog.figure(c.figure_id)["dataset"] for c in section.cards))


def quality_summary() -> dict[str, int]:
    return quality.summary()


def catalogue_counts() -> dict[str, int]:
    figs = catalog.figures()
    return {"n_datasets": len(catalog.datasets()), "n_figures": len(figs),
            "n_paper": int((figs["source_kind"] == "paper").sum()),
            "n_public": int((figs["source_kind"] == "public").sum())}
