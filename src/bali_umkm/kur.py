"""KUR (Kredit Usaha Rakyat) in Bali: the paper's figures, what is computed from them, and the
rules for KUR per resident, per UMKM and per borrower.

No Streamlit and no charts here (the page's tables and charts are `views.kur_uptake`). Three parts:

- **The paper's figures** (ids in data/paper_figures.csv) in the groups the page shows: Bali's
  KUR (SIKP), the Kredit Program to 31 May 2024 with its KUR Mikro scheme, the Q1 2024 sector
  shares, the national realisation against its target, the Ombudsman's complaint shares; and
  the figures computed from them (`bounds.Computed`, each with its formula, or refused).
- **Derived indicators** (data/derived_indicators.yaml: `kur_per_capita`, `kur_per_umkm`,
  `average_loan_per_debtor`) computed only under the registry's rules (`derived.decide`, the
  same for the map, the planner and the briefing): same area and period always; for KUR per
  UMKM and the average loan also the same source (and, for the loan, the same programme and
  scheme); never from a part of low trust. Anything else is refused with a reason a reader can
  check (`Computed.reason_text`).
- **Regency KUR** for a period (`period_options`, the sum check against the province total
  from `quality.sum_checks`).

    >>> round(realisation_share().value, 2)
    59.17
"""

from __future__ import annotations

import math

import pandas as pd

from . import catalog, derived, indicators, quality
from .bounds import Computed, difference, ratio, remainder, row_of
from .cache import cached
from .indicators import AVERAGE_LOAN, KUR_PER_CAPITA, KUR_PER_UMKM, Ratio

METRIC = "kur_disbursed_value"

# --- the paper's figures, as the page groups them ---------------------------------------------------

BALI_SIKP = ("kur_bali_value", "kur_bali_debtors", "kur_bali_mikro_value", "kur_bali_mikro_debtors")
CREDIT_PROGRAM = ("credit_program_bali_value", "credit_program_bali_debtors")
KUR_MIKRO_SCHEME = ("kur_mikro_scheme_value", "kur_mikro_scheme_debtors")
KUR_MIKRO_LOAN = ("kur_mikro_loan_min", "kur_mikro_loan_max")
SECTOR_SHARES = ("credit_program_sector_perdagangan", "credit_program_sector_pertanian",
                 "credit_program_sector_industri_pengolahan")
NATIONAL = ("kur_national_realisation", "kur_national_target")
OMBUDSMAN = ("ombudsman_permintaan_agunan", "ombudsman_ketidakpastian_tindak_lanjut",
             "ombudsman_kesulitan_pengajuan")

# --- derived indicators ---------------------------------------------------------------------------

DERIVED = (KUR_PER_CAPITA, KUR_PER_UMKM, AVERAGE_LOAN)
# the borrowers that go with a programme's value (the average loan's denominator)
DEBTORS_OF = {"kur_disbursed_value": "kur_debtors", "credit_program_disbursed_value": "credit_program_debtors"}


# --- the page's computed figures ----------------------------------------------------------------------

def sector_remainder(df: pd.DataFrame | None = None) -> Computed:
    """Q1 2024 Kredit Program: the share of the sectors the paper does not name ("lainnya")."""
    return remainder("sector_lainnya", SECTOR_SHARES, 100.0, df)


def realisation_share(df: pd.DataFrame | None = None) -> Computed:
    """The national KUR realisation as a percentage of its target."""
    return ratio("realisation_share", *NATIONAL, factor=100.0, unit="percent", df=df)


def realisation_gap(df: pd.DataFrame | None = None) -> Computed:
    """The part of the national target not disbursed (target − realisation)."""
    return difference("realisation_gap", NATIONAL[1], NATIONAL[0], df)


def bali_computed(df: pd.DataFrame | None = None) -> list[Computed]:
    """Shares within the SIKP figures: micro's share of the borrowers (exact), of the value
    (refused: both values are "lebih dari")."""
    return [ratio("micro_debtor_share", "kur_bali_mikro_debtors", "kur_bali_debtors", df=df),
            ratio("micro_value_share", "kur_bali_mikro_value", "kur_bali_value", df=df)]


def scheme_computed(df: pd.DataFrame | None = None) -> list[Computed]:
    """KUR Mikro's share of the Kredit Program to 31 May 2024, by value and by borrowers."""
    return [ratio("scheme_value_share", "kur_mikro_scheme_value", "credit_program_bali_value", df=df),
            ratio("scheme_debtor_share", "kur_mikro_scheme_debtors", "credit_program_bali_debtors", df=df)]


@cached(copy=dict)  # every run of /kur and of the deck asks
def average_loans(df: pd.DataFrame | None = None) -> dict[str, Computed]:
    """The average loan of each value the paper gives with its borrowers (figure id -> result)."""
    figs = catalog.figures() if df is None else df
    out = {}
    for fid in (BALI_SIKP[0], BALI_SIKP[2], CREDIT_PROGRAM[0], KUR_MIKRO_SCHEME[0]):
        out[fid] = derive(row_of(fid, figs), AVERAGE_LOAN, figs)
    return out


def within_loan_range(average: Computed, df: pd.DataFrame | None = None) -> bool | None:
    """Whether a KUR Mikro average loan lies within the scheme's Rp10–100 juta (None if refused)."""
    if average.refused:
        return None
    low, high = (float(row_of(i, df)["value"]) for i in KUR_MIKRO_LOAN)
    return low <= average.value <= high


# --- derived indicators: the rules, and the refusals --------------------------------------------------

def applicable(ratio_: Ratio, numerator: pd.Series) -> bool:
    """Whether the indicator is defined for this figure at all (KUR per capita is not defined for
    a scheme, nor for the Kredit Program, which also holds UMi)."""
    if ratio_.key == AVERAGE_LOAN.key:
        return numerator["metric"] in DEBTORS_OF
    return numerator["metric"] == METRIC and (numerator["category"] == "" or not ratio_.rules.totals_only)


def derive(numerator: pd.Series, ratio_: Ratio, df: pd.DataFrame | None = None) -> Computed:
    """A derived indicator of one catalogue figure (a KUR value), or why it is not given: the
    registry's rule (`derived.decide`, data/derived_indicators.yaml) over the denominator figures
    of its area (for the average loan, the borrowers of its own programme)."""
    figs = catalog.figures() if df is None else df
    average = ratio_.key == AVERAGE_LOAN.key
    den_metric = DEBTORS_OF.get(numerator["metric"], ratio_.denominator) if average else ratio_.denominator
    category = numerator["category"] if ratio_.rules.same_category else ""
    pool = figs[(figs["metric"] == den_metric) & (figs["regency_code"] == numerator["regency_code"])
                & (figs["category"] == category)]
    decision = derived.decide(ratio_, numerator, pool, figs, "no_debtors" if average else "no_denominator")
    return derived.computed(ratio_, numerator, decision, den_metric)


def numerators(period: str | indicators.PeriodOption | None = None, level: str = "regency",
               df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The KUR values derived figures start from: for level "regency", the 9 regencies' figures of
    a period (a PeriodOption or its key; None = the default); for "province", every Bali-wide
    value of KUR or the Kredit Program (all periods, schemes and scales)."""
    figs = catalog.figures() if df is None else df
    if level == "province":
        rows = figs[figs["metric"].isin(list(DEBTORS_OF)) & (figs["regency_code"] == catalog.PROVINCE)]
        order = rows.assign(_y=rows["year"].fillna(0).astype(int), _m=rows["metric"] != METRIC)
        return order.sort_values(["_y", "_m", "category", "dataset"]).drop(columns=["_y", "_m"]).reset_index(drop=True)
    option = period if isinstance(period, indicators.PeriodOption) else indicators.find_period(METRIC, period)
    rows = figs[(figs["metric"] == METRIC) & (figs["category"] == "")
                & figs["regency_code"].isin(catalog.REGENCY_CODES)]
    if option is None:
        return rows.iloc[0:0]
    rows = rows[rows["year"].isna()] if option.undated else rows[(rows["year"] == option.year)
                                                                  & (rows["period"] == option.period)]
    return indicators.rank_by_trust(rows).drop_duplicates("regency_code").reset_index(drop=True)


@cached(copy=list)  # every rerun of /kur asks again: ~0.1 s each
def regency_derived(period: str | indicators.PeriodOption | None = None,
                    df: pd.DataFrame | None = None) -> list[Computed]:
    """Every derived indicator for the 9 regencies in a period (9 × 3 results; a regency without
    a KUR value in that period gets the refusal "no_numerator")."""
    figs = catalog.figures() if df is None else df
    option = period if isinstance(period, indicators.PeriodOption) else indicators.find_period(METRIC, period)
    nums = numerators(option, "regency", figs).set_index("regency_code", drop=False)
    out = []
    for ratio_ in DERIVED:
        for code in catalog.REGENCY_CODES:
            if code in nums.index:
                out.append(derive(nums.loc[code], ratio_, figs))
            else:
                out.append(Computed(ratio_.key, "ratio", (), math.nan, ratio_.unit, "", ratio_.factor,
                                    reason="no_numerator", area=code,
                                    reason_args={"area": code, "period": option.period if option else "",
                                                 "year": option.year if option else None}))
    return out


@cached(copy=list)  # every rerun of /kur asks again: ~0.1 s each
def province_derived(df: pd.DataFrame | None = None) -> list[Computed]:
    """Every derived indicator defined for a Bali-wide KUR or Kredit Program value."""
    figs = catalog.figures() if df is None else df
    return [derive(row, ratio_, figs) for _, row in numerators(level="province", df=figs).iterrows()
            for ratio_ in DERIVED if applicable(ratio_, row)]


# --- regency KUR --------------------------------------------------------------------------------------

def period_options() -> list[indicators.PeriodOption]:
    return indicators.period_options(METRIC)


def default_period() -> indicators.PeriodOption | None:
    return indicators.default_period(METRIC)


def sum_check(period: str | indicators.PeriodOption | None = None) -> pd.Series | None:
    """The regencies of the period's source against a province total (quality.sum_checks)."""
    option = period if isinstance(period, indicators.PeriodOption) else indicators.find_period(METRIC, period)
    if option is None:
        return None
    checks = quality.sum_checks()
    hit = checks[(checks["check"] == "regencies_vs_province") & (checks["metric"] == METRIC)
                 & (checks["period"] == option.period) & (checks["dimension"] == "regency")]
    hit = hit[hit["year"].isna()] if option.undated else hit[hit["year"] == option.year]
    hit = hit[hit["parts_datasets"].isin(option.datasets)] if not hit.empty else hit
    return hit.iloc[0] if not hit.empty else None


def regency_kur(code: str) -> pd.DataFrame:
    """Every KUR figure the catalogue holds for one regency (all periods and sources)."""
    figs = catalog.figures()
    rows = figs[(figs["regency_code"] == code) & figs["metric"].isin([METRIC, "kur_debtors", "kur_active_accounts"])]
    return rows.sort_values(["year", "period"], key=lambda s: s.astype(str)).reset_index(drop=True)


def regency_derived_all(code: str, df: pd.DataFrame | None = None) -> list[Computed]:
    """Every derived indicator for every KUR value of one regency (all periods)."""
    figs = catalog.figures() if df is None else df
    rows = figs[(figs["regency_code"] == code) & (figs["metric"] == METRIC) & (figs["category"] == "")]
    return [derive(r, ratio_, figs) for _, r in rows.iterrows() for ratio_ in DERIVED]
