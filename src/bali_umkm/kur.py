"""What the "Penyaluran KUR / KUR uptake" page shows, computed from the catalogue.

No Streamlit import here. Four parts:

- **The paper's figures** (ids in the catalogue, data/paper_figures.csv) grouped as the page
  shows them: Bali's KUR (SIKP), the Kredit Program to 31 May 2024 with its KUR Mikro scheme,
  the Q1 2024 sector shares, the national realisation against its target, the Ombudsman's
  complaint shares.
- **Computed figures** (`Computed`): never typed in, always computed here from catalogue
  values, each with the figure ids it is built from and its formula in words (`formula`).
  A qualifier travels with the inputs: a ratio of a "lebih dari" value to an exact count is
  itself a lower bound ("lebih dari"), shown rounded *down* so the words stay true; a ratio of
  two bounds says nothing and is refused with the reason (`reason`).
- **Derived indicators** (data/derived_indicators.yaml: `kur_per_capita`, `kur_per_umkm`,
  `average_loan_per_debtor`), defined as `indicators.Ratio` and computed only under RULES:
  same area and period always; for KUR per UMKM and the average loan also the same source
  (and, for the loan, the same programme and scheme); never from a part of low trust. Anything
  else is refused with a reason a reader can check (`Computed.reason_text`).
- **Regency KUR** for a period (`period_options`, the sum check against the province total
  from `quality.sum_checks`) and the **access-to-credit barriers** with the measures the
  interventions page lists for each (`credit_barriers`).

    >>> round(realisation_share().value, 2)
    59.17
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from . import catalog, indicators, quality
from . import interventions as iv
from .charts import base as chart_base
from .charts import kur as kur_charts
from .i18n import QUALIFIER_WORDS, fmt_idr, fmt_number, fmt_percent, fmt_value, norm_lang, t, unit_word
from .indicators import QUALIFIER_RANK, TRUST_RANK, Ratio
from .memo import memo
from .textsafe import escape_md

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
# The short cited notes: the paper's words for them are the barriers' (data/barriers.yaml, each
# found in the paper by a test): note -> (barrier id, a word that picks the fragment), in order.
NOTES = {
    "permenkop": (("kur_regulasi_terlambat", "Permenkop"), ("kur_perubahan_bunga", "suku bunga")),
    "cips": (("kur_agunan", "pihak bank"), ("kur_persyaratan", "memenuhi permintaan")),
}
NOTE_DATASETS = {"cips": "paper_kur_national"}  # the Permenkop sentence cites no source of its own
BARRIER_GROUP = "akses_kur"

# --- derived indicators ---------------------------------------------------------------------------

KUR_PER_CAPITA = Ratio("kur_per_capita", "population_total", 1.0, "IDR_per_person",
                       {"id": "KUR per penduduk", "en": "KUR per resident"})
KUR_PER_UMKM = Ratio("kur_per_umkm", "umkm_total", 1.0, "IDR_per_unit",
                     {"id": "KUR per UMKM", "en": "KUR per MSME"})
AVERAGE_LOAN = Ratio("average_loan_per_debtor", "kur_debtors", 1.0, "IDR_per_debtor",
                     {"id": "Rata-rata pinjaman per debitur", "en": "Average loan per borrower"})
DERIVED = (KUR_PER_CAPITA, KUR_PER_UMKM, AVERAGE_LOAN)
# the borrowers that go with a programme's value (the average loan's denominator)
DEBTORS_OF = {"kur_disbursed_value": "kur_debtors", "credit_program_disbursed_value": "credit_program_debtors"}


@dataclass(frozen=True)
class Rule:
    """When a derived indicator may be computed (data/derived_indicators.yaml, `condition`)."""

    same_source: bool       # numerator and denominator from one dataset, same year and stated period
    same_category: bool     # the denominator of the numerator's own scheme/scale (else the total)
    totals_only: bool       # the indicator is defined for a total only (not for a scheme or scale)


RULES = {
    # Population is never in a credit report: a population figure of the same area and year
    # (any source) is the denominator. The KUR figure must be one year's (not cumulative over
    # several) and dated.
    "kur_per_capita": Rule(same_source=False, same_category=False, totals_only=True),
    # UMKM counts by regency come from different registers that disagree with one another
    # (see the Data page), so only a source that gives both KUR and the UMKM count is used.
    "kur_per_umkm": Rule(same_source=True, same_category=False, totals_only=True),
    # Value and borrowers must count the same loans: same programme, scheme, source and period.
    "average_loan_per_debtor": Rule(same_source=True, same_category=True, totals_only=False),
}

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


# --- computed figures -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Computed:
    """A figure computed from catalogue values, or the refusal to compute it.

    key: what it is ("sector_lainnya", "realisation_share", an indicator id...); op: "ratio",
    "remainder" or "difference"; inputs: the figure ids it is built from (numerator first);
    value: NaN when refused; qualifier: "=", "~", ">" (a lower bound), "<" (an upper bound),
    "" when refused; reason: why it was refused ("" when computed), with reason_args for the
    message; area: the BPS code it is for.
    """

    key: str
    op: str
    inputs: tuple[str, ...]
    value: float
    unit: str
    qualifier: str
    factor: float = 1.0
    total: float | None = None        # for "remainder": the whole the parts are taken from
    reason: str = ""
    reason_args: dict = field(default_factory=dict, compare=False)
    area: str = catalog.PROVINCE
    parts: tuple[tuple[float, str, str], ...] = ()   # each input's (value, unit, qualifier)
    sources: tuple[str, ...] = ()                     # each input's dataset

    @property
    def refused(self) -> bool:
        return math.isnan(self.value)

    @property
    def bound(self) -> bool:
        return self.qualifier in (">", "<")

    @property
    def datasets(self) -> list[str]:
        return list(dict.fromkeys(self.sources))

    def text(self, lang: str = "id") -> str:
        """'59,17%', 'lebih dari Rp65,37 juta', 'Rp121,27 triliun'; '–' when refused."""
        if self.refused:
            return "–"
        return format_computed(self.value, self.unit, self.qualifier, lang)

    def formula(self, lang: str = "id") -> str:
        """The computation with its inputs as written: 'Rp175,73 triliun ÷ Rp297 triliun × 100'."""
        values = [part_text(p, lang) for p in self.parts]
        if self.op == "ratio":
            text = f"{values[0]} ÷ {values[1]}"
            if self.factor != 1:
                text += f" × {fmt_number(self.factor, lang)}"
        elif self.op == "remainder":
            whole = fmt_percent(self.total, lang) if self.unit == "percent" else fmt_number(self.total, lang)
            text = f"{whole} − ({' + '.join(values)})"
        elif self.op == "difference":
            text = f"{values[0]} − {values[1]}"
        else:  # pragma: no cover - every op is listed above
            raise ValueError(self.op)
        return text if self.refused else f"{text} = {self.text(lang)}"

    def bound_note(self, lang: str = "id") -> str:
        """Why a bound is a bound ('' for an exact value)."""
        if not self.bound:
            return ""
        key = "kur.bound_lower" if self.qualifier == ">" else "kur.bound_upper"
        return t(key, lang)

    def reason_text(self, lang: str = "id") -> str:
        """Why it was refused, in a sentence ('' when computed)."""
        if not self.reason:
            return ""
        return t(f"kur.reason_{self.reason}", lang, **_reason_words(self, lang))

    def short_reason(self, lang: str = "id") -> str:
        """Why it was refused, in a few words for a table cell ('' when computed)."""
        if not self.reason:
            return ""
        return t(f"kur.short_{self.reason}", lang, **_reason_words(self, lang))


def _row(figure_id: str, df: pd.DataFrame | None = None) -> pd.Series:
    if df is None:
        return catalog.figure(figure_id)
    hit = df[df["id"] == figure_id]
    if hit.empty:
        raise KeyError(f"unknown figure {figure_id!r}")
    return hit.iloc[0]


def exact_idr(value: float, lang: str = "id") -> str:
    """Rupiah with every digit the source wrote: 3,009.38e9 -> 'Rp3.009,38 miliar' (not
    'Rp3,01 triliun'), 175.73e12 -> 'Rp175,73 triliun', 637.6e9 -> 'Rp637,6 miliar'."""
    for scale in (10**12, 10**9, 10**6):
        scaled = value / scale
        if abs(scaled) >= 1 and abs(round(scaled, 2) - scaled) < 1e-9 * max(1.0, abs(scaled)):
            return fmt_idr(value, lang, scale=scale)
    return fmt_idr(value, lang)


def part_text(part: tuple[float, str, str], lang: str = "id") -> str:
    """(value, unit, qualifier) as written, for a formula: 'lebih dari Rp8 triliun', '122.366 debitur'."""
    value, unit, qualifier = part
    lang = norm_lang(lang)
    prefix = QUALIFIER_WORDS[lang].get(qualifier, "")
    if unit == "IDR":
        return prefix + exact_idr(float(value), lang)
    if unit == "percent":
        return prefix + fmt_percent(float(value), lang)
    body = fmt_value(float(value), unit, lang, "=")
    if unit in ("debtors", "persons", "units", "accounts"):
        body = f"{body} {unit_word(unit, lang)}"
    return prefix + body


def _part(row: pd.Series) -> tuple[float, str, str]:
    return float(row["value"]), row["unit"], row["qualifier"]


def input_text(figure_id: str, lang: str = "id", df: pd.DataFrame | None = None) -> str:
    """A catalogue figure as written: 'lebih dari Rp8 triliun', '122.366 debitur'."""
    return part_text(_part(_row(figure_id, df)), lang)


def _toward_bound(value: float, qualifier: str, step: float) -> float:
    """A bound rounded so its words stay true: 'more than' rounds down, 'less than' up."""
    if qualifier == ">":
        return math.floor(value / step + 1e-9) * step
    if qualifier == "<":
        return math.ceil(value / step - 1e-9) * step
    return value


def format_computed(value: float, unit: str, qualifier: str = "=", lang: str = "id") -> str:
    """A computed value in words: percent with 2 decimals ('59,17%'), rupiah compact with 2
    ('Rp59,16 juta'); a bound rounded toward itself ('lebih dari Rp65,37 juta', since
    Rp8 triliun ÷ 122.366 = Rp65,377… juta)."""
    lang = norm_lang(lang)
    prefix = QUALIFIER_WORDS[lang].get(qualifier or "=", "")
    if math.isnan(value):
        return "–"
    if unit == "percent":
        return prefix + fmt_percent(_toward_bound(value, qualifier, 0.01), lang, decimals=2)
    if unit == "IDR" or unit.startswith("IDR_per"):
        if abs(value) >= 10**6:
            scale = 10 ** (3 * int(math.log10(abs(value)) // 3))
            scale = min(scale, 10**12)
            value = _toward_bound(value, qualifier, scale / 100)
            return prefix + fmt_idr(value, lang, scale=scale, decimals=2)
        return prefix + fmt_idr(_toward_bound(value, qualifier, 1), lang, decimals=0)
    return prefix + fmt_number(_toward_bound(value, qualifier, 0.01), lang, decimals=2)


def _same_period(a: pd.Series, b: pd.Series) -> bool:
    same_year = (pd.isna(a["year"]) and pd.isna(b["year"])) or (
        not pd.isna(a["year"]) and not pd.isna(b["year"]) and int(a["year"]) == int(b["year"]))
    return bool(same_year and a["period"] == b["period"])


def ratio(key: str, numerator: str, denominator: str, factor: float = 100.0, unit: str = "percent",
          df: pd.DataFrame | None = None) -> Computed:
    """numerator / denominator × factor from two catalogue figures of one source, area and period
    (a share of a part in its whole, a realisation against its target). Refused when they are
    not, or when both are bounds (or the denominator is one)."""
    num, den = _row(numerator, df), _row(denominator, df)
    common = dict(key=key, op="ratio", inputs=(numerator, denominator), unit=unit, factor=factor,
                  area=num["regency_code"], parts=(_part(num), _part(den)), sources=(num["dataset"], den["dataset"]))
    if num["dataset"] != den["dataset"] or num["regency_code"] != den["regency_code"] or not _same_period(num, den):
        return Computed(value=math.nan, qualifier="", reason="not_comparable", **common)
    value, qualifier = indicators.divide(float(num["value"]), num["qualifier"], float(den["value"]),
                                         den["qualifier"], factor)
    if math.isnan(value):
        return Computed(value=math.nan, qualifier="", reason="bounds", **common)
    return Computed(value=value, qualifier=qualifier, **common)


def remainder(key: str, parts: tuple[str, ...], total: float = 100.0, df: pd.DataFrame | None = None) -> Computed:
    """total − Σ parts: the share the source does not name ("lainnya"). Parts written as
    "lebih dari" make the remainder "kurang dari" (and the other way); mixed bounds refuse."""
    rows = [_row(p, df) for p in parts]
    common = dict(key=key, op="remainder", inputs=parts, unit=rows[0]["unit"], total=total,
                  area=rows[0]["regency_code"], parts=tuple(_part(r) for r in rows),
                  sources=tuple(r["dataset"] for r in rows))
    quals = {r["qualifier"] for r in rows} - {"="}
    if ">" in quals and "<" in quals:
        return Computed(value=math.nan, qualifier="", reason="mixed_bounds", **common)
    qualifier = "<" if ">" in quals else ">" if "<" in quals else "~" if "~" in quals else "="
    value = total - sum(float(r["value"]) for r in rows)
    return Computed(value=round(value, 10), qualifier=qualifier, **common)


def difference(key: str, minuend: str, subtrahend: str, df: pd.DataFrame | None = None) -> Computed:
    """minuend − subtrahend of one source and period (the target not yet disbursed)."""
    a, b = _row(minuend, df), _row(subtrahend, df)
    common = dict(key=key, op="difference", inputs=(minuend, subtrahend), unit=a["unit"], area=a["regency_code"],
                  parts=(_part(a), _part(b)), sources=(a["dataset"], b["dataset"]))
    if a["dataset"] != b["dataset"] or not _same_period(a, b) or a["unit"] != b["unit"]:
        return Computed(value=math.nan, qualifier="", reason="not_comparable", **common)
    qa, qb = a["qualifier"], b["qualifier"]
    if qa in (">", "<") and qb in (">", "<"):
        return Computed(value=math.nan, qualifier="", reason="bounds", **common)
    flip = {">": "<", "<": ">"}
    qualifier = qa if qa in (">", "<") else flip.get(qb, "~" if "~" in (qa, qb) else "=")
    return Computed(value=float(a["value"]) - float(b["value"]), qualifier=qualifier, **common)


# --- the page's computed figures ----------------------------------------------------------------------

def sector_remainder(df: pd.DataFrame | None = None) -> Computed:
    """Q1 2024 Kredit Program: the share of the sectors the paper does not name ("lainnya")."""
    return remainder("sector_lainnya", SECTOR_SHARES, 100.0, df)


def sector_shares(lang: str = "id", df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The paper's three sector shares and the computed remainder: sector, label, share,
    share_text, kind ("paper"/"computed"), figure (id or the formula)."""
    rows = []
    for fid in SECTOR_SHARES:
        r = _row(fid, df)
        sector = r["category"].split("=", 1)[1]
        rows.append({"sector": sector, "label": t(f"kur.sector_{sector}", lang), "share": float(r["value"]),
                     "share_text": fmt_percent(float(r["value"]), lang), "kind": "paper", "figure": fid})
    rest = sector_remainder(df)
    rows.append({"sector": "lainnya", "label": t("kur.sector_lainnya", lang), "share": rest.value,
                 "share_text": rest.text(lang), "kind": "computed", "figure": rest.formula(lang)})
    out = pd.DataFrame(rows)
    out["kind_label"] = [t(f"kur.kind_{k}", lang) for k in out["kind"]]
    return out


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


def average_loans(df: pd.DataFrame | None = None) -> dict[str, Computed]:
    """The average loan of each value the paper gives with its borrowers (figure id -> result)."""
    figs = catalog.figures() if df is None else df
    out = {}
    for fid in (BALI_SIKP[0], BALI_SIKP[2], CREDIT_PROGRAM[0], KUR_MIKRO_SCHEME[0]):
        out[fid] = derive(_row(fid, figs), AVERAGE_LOAN, figs)
    return out


def within_loan_range(average: Computed, df: pd.DataFrame | None = None) -> bool | None:
    """Whether a KUR Mikro average loan lies within the scheme's Rp10–100 juta (None if refused)."""
    if average.refused:
        return None
    low, high = (float(_row(i, df)["value"]) for i in KUR_MIKRO_LOAN)
    return low <= average.value <= high


def ombudsman_check() -> pd.Series | None:
    """The sum check of the three complaint shares (quality.sum_checks)."""
    checks = quality.sum_checks()
    hit = checks[(checks["metric"] == "kur_complaint_share") & (checks["dimension"] == "complaint")]
    return hit.iloc[0] if not hit.empty else None


def complaints(lang: str = "id", df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Ombudsman's complaint shares: complaint, label, share, barrier (the barrier id whose
    figure it is, data/barriers.yaml)."""
    by_figure = {f: b.id for b in iv.barriers() for f in b.figures}
    rows = []
    for fid in OMBUDSMAN:
        r = _row(fid, df)
        kind = r["category"].split("=", 1)[1]
        rows.append({"complaint": kind, "label": t(f"kur.complaint_{kind}", lang), "share": float(r["value"]),
                     "fraction": float(r["value"]) / 100,
                     "share_text": fmt_percent(float(r["value"]), lang), "barrier": by_figure.get(fid, ""),
                     "figure": fid})
    return pd.DataFrame(rows)


def national_table(lang: str = "id") -> pd.DataFrame:
    """Readable: the realisation, the target, the computed share and gap."""
    share, gap = realisation_share(), realisation_gap()
    rows = [(t("kur.national_realised", lang), input_text(NATIONAL[0], lang), t("kur.kind_paper", lang)),
            (t("kur.national_target", lang), input_text(NATIONAL[1], lang), t("kur.kind_paper", lang)),
            (t("kur.national_share", lang), share.text(lang), f"{t('kur.kind_computed', lang)}: {share.formula(lang)}"),
            (t("kur.national_gap", lang), gap.text(lang), f"{t('kur.kind_computed', lang)}: {gap.formula(lang)}")]
    return pd.DataFrame(rows, columns=[t("kur.col_what", lang), t("kur.col_value", lang), t("kur.col_how", lang)])


def national_csv() -> pd.DataFrame:
    share, gap = realisation_share(), realisation_gap()
    rows = [{"what": "kur_national_realisation", "value": float(_row(NATIONAL[0])["value"]), "unit": "IDR",
             "qualifier": "=", "kind": "paper", "formula": ""},
            {"what": "kur_national_target", "value": float(_row(NATIONAL[1])["value"]), "unit": "IDR",
             "qualifier": "=", "kind": "paper", "formula": ""},
            {"what": share.key, "value": round(share.value, 4), "unit": share.unit, "qualifier": share.qualifier,
             "kind": "computed", "formula": "kur_national_realisation / kur_national_target * 100"},
            {"what": gap.key, "value": gap.value, "unit": gap.unit, "qualifier": gap.qualifier,
             "kind": "computed", "formula": "kur_national_target - kur_national_realisation"}]
    return pd.DataFrame(rows)


# --- derived indicators: the rules, and the refusals --------------------------------------------------

def _years_in(period: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(period or "")}


def _rank(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(_t=rows["trust"].map(lambda x: TRUST_RANK.get(x, 3)),
                       _q=rows["qualifier"].map(lambda x: QUALIFIER_RANK.get(x, 3))
                       ).sort_values(["_t", "_q", "dataset", "id"]).drop(columns=["_t", "_q"])


def _available(rows: pd.DataFrame) -> list[tuple[int | None, str]]:
    """(year, dataset) of each denominator figure there is, newest first."""
    pairs = {(None if pd.isna(y) else int(y), d) for y, d in zip(rows["year"], rows["dataset"], strict=True)}
    return sorted(pairs, key=lambda p: (p[0] is None, -(p[0] or 0), p[1]))


def applicable(ratio_: Ratio, numerator: pd.Series) -> bool:
    """Whether the indicator is defined for this figure at all (KUR per capita is not defined for
    a scheme, nor for the Kredit Program, which also holds UMi)."""
    rule = RULES[ratio_.key]
    if ratio_.key == AVERAGE_LOAN.key:
        return numerator["metric"] in DEBTORS_OF
    return numerator["metric"] == METRIC and (numerator["category"] == "" or not rule.totals_only)


def derive(numerator: pd.Series, ratio_: Ratio, df: pd.DataFrame | None = None) -> Computed:
    """A derived indicator of one catalogue figure (a KUR value), or why it is not given.

    The rule (RULES) decides which denominator figures qualify; reasons, in the order checked:
    low_trust (the value is of low trust: its period or scope is unclear), undated (no period,
    so nothing of the same period to divide by), multi_year (the value covers several years),
    no_debtors / no_same_source / no_same_year (no qualifying denominator; reason_args say what
    there is), low_trust_denominator, bounds (indicators.divide cannot bound the result).
    """
    figs = catalog.figures() if df is None else df
    rule = RULES[ratio_.key]
    area = numerator["regency_code"]
    den_metric = DEBTORS_OF.get(numerator["metric"], ratio_.denominator) if ratio_.key == AVERAGE_LOAN.key \
        else ratio_.denominator
    base = dict(key=ratio_.key, op="ratio", unit=ratio_.unit, factor=ratio_.factor, area=area)
    args = {"area": area, "numerator": numerator["id"], "den_metric": den_metric,
            "dataset": numerator["dataset"], "period": numerator["period"],
            "year": None if pd.isna(numerator["year"]) else int(numerator["year"])}

    def refuse(reason: str, den: pd.Series | None = None, **extra) -> Computed:
        rows = [numerator] if den is None else [numerator, den]
        return Computed(inputs=tuple(r["id"] for r in rows), value=math.nan, qualifier="", reason=reason,
                        reason_args={**args, **extra}, parts=tuple(_part(r) for r in rows),
                        sources=tuple(r["dataset"] for r in rows), **base)

    if numerator["trust"] == "low":
        return refuse("low_trust")
    if not rule.same_source:
        if pd.isna(numerator["year"]):
            return refuse("undated")
        if _years_in(numerator["period"]) - {int(numerator["year"])}:
            return refuse("multi_year")
    category = numerator["category"] if rule.same_category else ""
    pool = figs[(figs["metric"] == den_metric) & (figs["regency_code"] == area) & (figs["category"] == category)]
    if rule.same_source:
        own = pool[pool["dataset"] == numerator["dataset"]]
        cands = own[[_same_period(numerator, r) for _, r in own.iterrows()]] if not own.empty else own
        if cands.empty:
            if pool.empty:
                return refuse("no_debtors" if ratio_.key == AVERAGE_LOAN.key else "no_denominator")
            elsewhere = pool[pool["year"].notna() & (pool["year"] == numerator["year"])] \
                if not pd.isna(numerator["year"]) else pool.iloc[0:0]
            if elsewhere.empty:
                return refuse("no_same_source")
            return refuse("no_same_source_elsewhere", elsewhere=list(dict.fromkeys(elsewhere["dataset"])))
    else:
        cands = pool[pool["year"].notna() & (pool["year"] == numerator["year"])]
        if cands.empty:
            return refuse("no_same_year" if not pool.empty else "no_denominator", available=_available(pool))
    trusted = cands[cands["trust"] != "low"]
    if trusted.empty:
        return refuse("low_trust_denominator", cands.iloc[0])
    den = _rank(trusted).iloc[0]
    value, qualifier = indicators.divide(float(numerator["value"]), numerator["qualifier"], float(den["value"]),
                                         den["qualifier"], ratio_.factor)
    if math.isnan(value):
        return refuse("bounds", den)
    others = [r["id"] for _, r in trusted.iterrows() if r["id"] != den["id"]]
    return Computed(inputs=(numerator["id"], den["id"]), value=value, qualifier=qualifier,
                    reason_args={**args, "others": others}, parts=(_part(numerator), _part(den)),
                    sources=(numerator["dataset"], den["dataset"]), **base)


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
    return _rank(rows).drop_duplicates("regency_code").reset_index(drop=True)


@memo(key=catalog.data_key, copy=list)  # every rerun of /kur asks again: ~0.1 s each
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


@memo(key=catalog.data_key, copy=list)  # every rerun of /kur asks again: ~0.1 s each
def province_derived(df: pd.DataFrame | None = None) -> list[Computed]:
    """Every derived indicator defined for a Bali-wide KUR or Kredit Program value."""
    figs = catalog.figures() if df is None else df
    return [derive(row, ratio_, figs) for _, row in numerators(level="province", df=figs).iterrows()
            for ratio_ in DERIVED if applicable(ratio_, row)]


# --- words for the derived figures --------------------------------------------------------------------

def indicator_label(key: str, lang: str = "id") -> str:
    return {r.key: r for r in DERIVED}[key].label_in(lang)


def figure_words(figure_id: str, lang: str = "id") -> str:
    """A figure with its period and producer: 'Rp2,9 triliun · 2016 (Jan-Dec 2016) · OJK ...'."""
    row = _row(figure_id)
    return " · ".join([input_text(figure_id, lang), _period_words(row["year"], row["period"], lang),
                       catalog.dataset(row["dataset"]).text("producer", lang)])


def what_word(metric: str, lang: str = "id") -> str:
    """A denominator's name inside a sentence ("penduduk", "jumlah UMKM", "debitur KUR")."""
    try:
        return t(f"kur.what_{metric}", lang)
    except KeyError:
        return catalog.metric_label(metric, lang)


def _area_name(code: str, lang: str) -> str:
    return catalog.regency_name(code, lang) if code in catalog.REGENCY_CODES else \
        catalog.OTHER_AREAS.get(code, (code, code))[0 if lang == "id" else 1]


def _period_words(year, period: str, lang: str) -> str:
    return indicators.period_text(year, period, lang)


def _producer(dataset_id: str, lang: str = "id") -> str:
    try:
        return catalog.dataset(dataset_id).text("producer", lang)
    except KeyError:  # a figure frame handed in by a caller (the import preview, tests)
        return dataset_id


def _reason_words(c: Computed, lang: str) -> dict:
    """The placeholders a reason's sentence may use, in `lang`."""
    lang = norm_lang(lang)
    args = c.reason_args
    words = {"area": _area_name(args.get("area", ""), lang),
             "period": _period_words(args.get("year"), args.get("period", ""), lang),
             "year": t("common.undated", lang) if args.get("year") is None else str(args["year"])}
    if args.get("den_metric"):
        words["what"] = what_word(args["den_metric"], lang)
    if args.get("dataset"):
        words["source"] = _producer(args["dataset"], lang)
    available = args.get("available")
    if available is not None:  # the years there are, newest first ("2024, 2022, tanpa tahun")
        years = list(dict.fromkeys(t("common.undated", lang) if y is None else str(y) for y, _ in available))
        words["available"] = ", ".join(years) if years else t("kur.none_at_all", lang)
    if args.get("elsewhere"):
        words["elsewhere"] = "; ".join(_producer(d, lang) for d in args["elsewhere"])
    for name, part in zip(("a", "b"), c.parts, strict=False):
        words[name] = part_text(part, lang)
    return words


@memo(key=catalog.data_key, copy=pd.DataFrame.copy)
def derived_frame(items: list[Computed], lang: str = "id") -> pd.DataFrame:
    """Tidy: one row per result (indicator, area, value, unit, qualifier, inputs, formula,
    reason), for the page's table and its CSV."""
    rows = []
    for c in items:
        start = figure_words(c.inputs[0], lang) if c.inputs else ""
        rows.append({"indicator": c.key, "indicator_label": indicator_label(c.key, lang), "area_code": c.area,
                     "from": start,
                     "area": _area_name(c.area, lang), "value": None if c.refused else c.value,
                     "value_text": c.text(lang) if not c.refused else t("kur.not_given", lang),
                     "unit": c.unit, "qualifier": c.qualifier, "inputs": " ; ".join(c.inputs),
                     "formula": "" if c.refused else c.formula(lang), "bound_note": c.bound_note(lang),
                     "reason": c.reason, "reason_text": c.reason_text(lang)})
    return pd.DataFrame(rows)


def derived_table(items: list[Computed], lang: str = "id") -> pd.DataFrame:
    """Readable: area, indicator, value (or "tidak diberikan"), how it was computed or why not."""
    frame = derived_frame(items, lang)
    how = [f or r for f, r in zip(frame["formula"], frame["reason_text"], strict=True)] if len(frame) else []
    return pd.DataFrame({
        t("kur.col_area", lang): frame.get("area", pd.Series(dtype=str)),
        t("kur.col_from", lang): frame.get("from", pd.Series(dtype=str)),
        t("kur.col_indicator", lang): frame.get("indicator_label", pd.Series(dtype=str)),
        t("kur.col_value", lang): frame.get("value_text", pd.Series(dtype=str)),
        t("kur.col_how", lang): how,
    })


def derived_sources(items: list[Computed]) -> list[str]:
    """Every dataset the results were computed from (or refused over), in order."""
    return list(dict.fromkeys(d for c in items for d in c.datasets))


def derived_pivot(items: list[Computed], lang: str = "id") -> pd.DataFrame:
    """Readable, one row per KUR figure and one column per indicator: the value, or "tidak
    diberikan: <why, in a few words>", or "–" where the indicator is not defined for that figure
    (KUR per capita of a scheme, of the Kredit Program)."""
    cols = [r.key for r in DERIVED]
    rows: dict[str, dict[str, str]] = {}
    for c in items:
        start = c.inputs[0] if c.inputs else ""
        cell = c.text(lang) if not c.refused else f"{t('kur.not_given', lang)}: {c.short_reason(lang)}"
        rows.setdefault(start, {})[c.key] = cell
    out = []
    for start, cells in rows.items():
        out.append({t("kur.col_from", lang): figure_words(start, lang) if start else "–",
                    **{indicator_label(k, lang): cells.get(k, "–") for k in cols}})
    return pd.DataFrame(out, columns=[t("kur.col_from", lang), *[indicator_label(k, lang) for k in cols]])


def derived_summary(items: list[Computed], lang: str = "id") -> list[dict]:
    """Per indicator: the computed results and the refusals grouped by their reason, so nine
    regencies refused for one reason read as one sentence.

    [{"indicator": key, "label": ..., "computed": [Computed...], "refused": [(reason text, [areas])]}]
    """
    out = []
    for ratio_ in DERIVED:
        mine = [c for c in items if c.key == ratio_.key]
        if not mine:
            continue
        groups: dict[str, list[str]] = {}
        for c in mine:
            if c.refused:
                groups.setdefault(c.reason_text(lang), []).append(_area_name(c.area, lang))
        out.append({"indicator": ratio_.key, "label": ratio_.label_in(lang),
                    "computed": [c for c in mine if not c.refused],
                    "refused": list(groups.items())})
    return out


# --- the charts, as the page and the briefing deck show them ----------------------------------------

SECTOR_PERIOD = "Triwulan I 2024"


def sector_view(lang: str = "id") -> chart_base.ChartView:
    """The Kredit Program's Q1 2024 sector shares, the computed remainder drawn apart."""
    sectors = sector_shares(lang)
    source = catalog.source_line("paper_sikp_bali", lang, period=SECTOR_PERIOD)
    title = t("kur.sector_chart_title", lang)
    chart = kur_charts.sector_bars(sectors, title=title, unit_label=t("kur.sector_unit", lang), lang=lang,
                                   legend_title=t("kur.sector_legend", lang),
                                   note=t("kur.computed_caption", lang, formula=sector_remainder().formula(lang)))
    table = sectors[["label", "share_text", "kind_label", "figure"]].set_axis(
        [t("kur.col_sector", lang), t("kur.col_share", lang), t("kur.sector_legend", lang),
         t("kur.col_how", lang)], axis=1)
    alt_text = t("kur.sector_alt", lang, **dict(zip(sectors["sector"], sectors["share_text"], strict=True)))
    return chart_base.ChartView(chart, source, alt_text, table, sectors[["sector", "share", "kind", "figure"]],
                                "kredit-program-bali-sektor-2024q1", ["paper_sikp_bali"], title)


def national_view(lang: str = "id") -> chart_base.ChartView:
    """The national KUR realisation against its target, as a bullet chart."""
    share, gap = realisation_share(), realisation_gap()
    realised, target = (float(catalog.figure(i)["value"]) for i in NATIONAL)
    source = catalog.source_line("paper_kur_national", lang)
    title = t("kur.national_chart_title", lang)
    chart = kur_charts.bullet(
        realised, target, title=title,
        subtitle=[t("kur.national_subtitle", lang), t("kur.computed_caption", lang, formula=share.formula(lang))],
        realised_label=t("kur.national_realised", lang), target_label=t("kur.national_target", lang),
        realised_text=f"{input_text(NATIONAL[0], lang)} ({share.text(lang)})",
        target_text=input_text(NATIONAL[1], lang), axis_title=t("kur.national_axis", lang), lang=lang)
    alt_text = t("kur.national_alt", lang, realised=input_text(NATIONAL[0], lang),
                 target=input_text(NATIONAL[1], lang), share=share.text(lang), gap=gap.text(lang))
    return chart_base.ChartView(chart, source, alt_text, national_table(lang), national_csv(),
                                "kur-nasional-realisasi-target", ["paper_kur_national"], title)


# --- regency KUR ----------------------------------------------------------------------------------------

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


def sum_check_text(check: pd.Series | None, lang: str = "id") -> tuple[str, str]:
    """(level, Markdown) for the sum check: level "warning" (mismatch or parts above the total),
    "info" (partial, or ok); the sentence gives both figures, the difference and both sources
    (every value escaped: source names may come from an imported file)."""
    lang = norm_lang(lang)
    if check is None:
        return "info", t("kur.sum_none", lang)
    parts = set(str(check["parts"]).split(", "))
    missing = [catalog.regency_name(c, lang) for c in catalog.REGENCY_CODES if c not in parts]
    words = {"parts": exact_idr(check["parts_sum"], lang), "total": exact_idr(check["total"], lang),
             "diff": exact_idr(abs(check["difference"]), lang), "n": int(check["n_parts"]),
             "missing": ", ".join(missing),
             "source_parts": catalog.dataset(check["parts_datasets"]).text("producer", lang),
             "source_total": catalog.dataset(check["total_dataset"]).text("producer", lang),
             "tolerance": exact_idr(check["tolerance"], lang)}
    words = {k: escape_md(v) for k, v in words.items()}
    same = check["parts_datasets"] == check["total_dataset"]
    status = check["status"]
    if status == "ok":
        return "info", t("kur.sum_ok", lang, **words)
    if status == "mismatch":
        key = "kur.sum_mismatch_same" if same else "kur.sum_mismatch"
        return "warning", t(key, lang, **words)
    if status == "parts_exceed_total":
        return "warning", t("kur.sum_exceeds", lang, **words)
    return "info", t("kur.sum_partial", lang, **words)


def regency_kur(code: str) -> pd.DataFrame:
    """Every KUR figure the catalogue holds for one regency (all periods and sources)."""
    figs = catalog.figures()
    rows = figs[(figs["regency_code"] == code) & figs["metric"].isin([METRIC, "kur_debtors", "kur_active_accounts"])]
    return rows.sort_values(["year", "period"], key=lambda s: s.astype(str)).reset_index(drop=True)


def regency_kur_table(code: str, lang: str = "id") -> pd.DataFrame:
    rows = regency_kur(code)
    return pd.DataFrame({
        t("kur.col_indicator", lang): [catalog.metric_label(m, lang) for m in rows["metric"]],
        t("common.period", lang): [_period_words(y, p, lang)
                                   for y, p in zip(rows["year"], rows["period"], strict=True)],
        t("kur.col_value", lang): [input_text(i, lang) for i in rows["id"]],
        t("common.source", lang): [catalog.dataset(d).text("producer", lang) for d in rows["dataset"]],
        t("common.trust", lang): [catalog.trust_word(x, lang) for x in rows["trust"]],
    })


def regency_derived_all(code: str, df: pd.DataFrame | None = None) -> list[Computed]:
    """Every derived indicator for every KUR value of one regency (all periods)."""
    figs = catalog.figures() if df is None else df
    rows = figs[(figs["regency_code"] == code) & (figs["metric"] == METRIC) & (figs["category"] == "")]
    return [derive(r, ratio_, figs) for _, r in rows.iterrows() for ratio_ in DERIVED]


# --- from barrier to measure ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BarrierLink:
    """An access-to-credit barrier, the paper's words for it, and the measures linked to it."""

    id: str
    label: str
    as_written: tuple[str, ...]
    sources: tuple[str, ...]
    figures: tuple[str, ...]
    n_measures: int
    n_paper: int            # linked by the paper itself (the rest is our reading: "editorial")
    params: dict[str, str]  # st.page_link(iv.PAGE, query_params=params)
    url: str                # the same link as a path, with the language


def credit_barriers(lang: str = "id") -> list[BarrierLink]:
    """The KUR barriers in the paper's order, each with the interventions page's filter for it."""
    out = []
    for bid in iv.barrier_ids(BARRIER_GROUP):
        b = iv.barrier(bid)
        out.append(BarrierLink(
            id=bid, label=b.label_in(lang), as_written=b.as_written, sources=b.sources, figures=b.figures,
            n_measures=len(iv.filter(barrier=bid)), n_paper=len(iv.filter(barrier=bid, link_source="paper")),
            params=iv.page_link_params(barrier=bid), url=iv.page_url(barrier=bid, lang=norm_lang(lang))))
    return out


def note_quotes(note: str) -> list[tuple[str, str]]:
    """The paper's words for a cited note ("permenkop" or "cips"): (barrier id, fragment), in the
    order the paper writes them."""
    out = []
    for bid, word in NOTES[note]:
        out.append((bid, next(w for w in iv.barrier(bid).as_written if word in w)))
    return out
