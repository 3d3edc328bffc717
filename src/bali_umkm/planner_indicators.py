"""The indicators the outreach planner can rank with, from the catalogue.

Every `DEFINITIONS` entry (and a plain entry for any other metric with regency data, e.g. from an
import) for every period the catalogue holds (`indicators.period_options`, imported data
included) is a `Candidate`. A candidate with values for fewer than 2 regencies is unavailable,
with the reason. KUR per UMKM and the share of micro firms are only computed from parts of the
same period (as data/derived_indicators.yaml requires); other ratios may take a denominator of
another period, and say so. A value that is a bound ("lebih dari") is left out. No Streamlit here.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

import pandas as pd

from . import catalog, indicators
from .i18n import norm_lang, t
from .indicators import KUR_PER_UMKM, MICRO_SHARE, PeriodOption, Ratio
from .priority_index import MIN_REGENCIES, Choice


@dataclass(frozen=True)
class Definition:
    """A kind of indicator: a metric (or one of its parts), optionally derived, with the direction
    suggested by default (which way means more need) and whether its parts must share a period."""

    key: str
    metric: str
    derived: str | Ratio | None = None
    category: str = ""
    direction: str = "high"
    same_period: bool = False
    curated: bool = True

    def label(self, lang: str = "id") -> str:
        if self.curated:
            return t(f"planner.def_{self.key}", lang)
        return indicators.indicator_title(self.metric, self.derived, lang)

    def why(self, lang: str = "id") -> str:
        """Why the suggested direction (curated ones), else a neutral word."""
        return t(f"planner.why_{self.key}" if self.curated else "planner.why_generic", lang)

    @property
    def ratio(self) -> Ratio | None:
        return indicators.as_ratio(self.derived)


DEFINITIONS: tuple[Definition, ...] = (
    Definition("umkm_per_1000", "umkm_total", "per_1000", direction="high"),
    Definition("micro_share", "umkm_total", MICRO_SHARE, category="scale=mikro", direction="high",
               same_period=True),
    Definition("covid_per_1000", "umkm_affected_covid19", "per_1000", direction="high"),
    Definition("kur_per_capita", "kur_disbursed_value", "per_capita", direction="low"),
    Definition("kur_per_umkm", "kur_disbursed_value", KUR_PER_UMKM, direction="low", same_period=True),
    Definition("kur_debtors_per_1000", "kur_debtors", "per_1000", direction="low"),
    Definition("ecommerce_share", "ecommerce_share", None, category="status=ecommerce", direction="low"),
    Definition("ecommerce_per_1000", "ecommerce_businesses", "per_1000", direction="low"),
    Definition("population", "population_total", None, direction="high"),
    Definition("density", "population_total", "per_km2", direction="low"),
    Definition("land_area", "land_area", None, direction="high"),
)


# What opens the page: four indicators that cover all 9 regencies with real figures (population
# and area 2024 of high trust, KUR 2016 per resident with the population of 2022, and the only
# complete, undated and low-trust set of UMKM counts), each saying what it is.
DEFAULT_CHOICES: tuple[tuple[str, float, str], ...] = (
    ("umkm_per_1000.undated.umkm_beritabali_undated", 1.0, "high"),
    ("kur_per_capita.2016", 2.0, "low"),
    ("density.2024", 1.0, "low"),
    ("population.2024", 1.0, "high"),
)


def definitions() -> tuple[Definition, ...]:
    """The curated definitions, then one plain entry for each other metric with regency data
    (per 1.000 residents for counts, per resident for rupiah, else the value itself)."""
    covered = {(d.metric, d.category) for d in DEFINITIONS}
    extra = []
    for metric in indicators.map_metrics():
        if (metric, "") in covered:
            continue
        ways = [d for d in indicators.derivations(metric) if d in ("per_1000", "per_capita")]
        derived = ways[0] if ways else None
        extra.append(Definition(f"{metric}_{derived or 'value'}", metric, derived, curated=False))
    return DEFINITIONS + tuple(extra)


@dataclass(frozen=True)
class Candidate:
    """One indicator the planner can rank with: a definition in one period."""

    id: str
    definition: Definition
    option: PeriodOption | None
    den_option: PeriodOption | None = None
    regencies: tuple[str, ...] = ()
    trust: str = ""
    reason: str = ""            # "" = available; else no_regency_data | too_few | no_same_period

    @property
    def available(self) -> bool:
        return not self.reason

    def label(self, lang: str = "id") -> str:
        return self.definition.label(lang)

    def period_label(self, lang: str = "id", short: bool = False) -> str:
        """The period as sources state it: '2024 (Semester II 2024 ...)', '2016 (Jan-Dec 2016)'; an
        undated set by its dataset's title ('UMKM per kabupaten/kota, tanpa tanggal (BeritaBali)').
        short: a stated period longer than 24 characters is left out ('2024')."""
        if self.option is None:
            return "–"
        if self.option.undated:
            return catalog.dataset(self.option.datasets[0]).title_in(lang)
        if short and len(self.option.period) > 24:
            return str(self.option.year)
        return catalog.period_text(self.option.year, self.option.period, lang)

    def option_label(self, lang: str = "id") -> str:
        """How the picker shows it: name · period · n/9 · trust."""
        parts = [self.label(lang), self.period_label(lang, short=True),
                 t("indicators.n_regencies", lang, n=len(self.regencies))]
        if self.trust:
            parts.append(f"{t('common.trust', lang).lower()} {catalog.trust_word(self.trust, lang)}")
        return " · ".join(parts)


def _same_period_denominator(d: Definition, option: PeriodOption, needed: set[str]) -> PeriodOption | None:
    """A period of the ratio's denominator that is the numerator's own: the same year, or the same
    undated dataset; among several the one covering most of `needed`, then the more trusted."""
    ratio = d.ratio
    same = [o for o in indicators.period_options(ratio.denominator)
            if (not option.undated and o.year == option.year)
            or (option.undated and o.undated and o.datasets == option.datasets)]
    if not same:
        return None

    def covered(o: PeriodOption) -> int:
        return len(needed & set(indicators.regency_values(ratio.denominator, o)
                                .dropna(subset=["value"])["regency_code"]))

    return min(same, key=lambda o: (-covered(o), indicators.TRUST_RANK.get(o.trust, 3), o.key))


def _clean(values: pd.DataFrame, d: Definition, lang: str) -> pd.DataFrame:
    """No value that is a bound ("lebih dari") or, for a same-period indicator, whose parts come
    from different periods: such a value is left out (NaN) and the row's note says why."""
    out = values.copy()
    drop_bound = out["qualifier"].isin([">", "<"]) & out["value"].notna()
    drop_period = pd.Series(False, index=out.index)
    if d.same_period and "same_period" in out:
        drop_period = out["value"].notna() & ~out["same_period"].fillna(True).astype(bool)
    for mask, key in ((drop_bound, "planner.note_bound"), (drop_period, "planner.note_not_same_period")):
        for i in out.index[mask]:
            out.at[i, "value"] = math.nan
            note = out.at[i, "note"] or ""
            out.at[i, "note"] = "; ".join(x for x in (note, t(key, lang)) if x)
    return out


def _compute(c: Candidate, lang: str = "id") -> pd.DataFrame:
    d = c.definition
    if c.option is None:
        return indicators.regency_values(d.metric, None, None, lang=lang)
    if d.same_period and c.den_option is None:  # nothing of the same period to divide by
        values = indicators.regency_values(d.metric, c.option, None, lang=lang, category=d.category)
        values["value"] = math.nan
        return values
    values = indicators.regency_values(d.metric, c.option, d.derived, lang=lang, category=d.category,
                                       denominator_period=c.den_option if d.same_period else None)
    return _clean(values, d, lang)


@functools.lru_cache(maxsize=1024)
def _values_at(key, candidate_id: str, lang: str) -> pd.DataFrame:
    return _compute(_candidates_at(key)[candidate_id], lang)


def candidate_values(candidate_id: str, lang: str = "id") -> pd.DataFrame:
    """The 9 regencies' values of a candidate (indicators.regency_values columns; NaN where
    missing, including values left out because they are bounds or of another period)."""
    return _values_at(catalog.data_key(), candidate_id, norm_lang(lang)).copy()


@functools.lru_cache(maxsize=8)
def _candidates_at(key) -> dict[str, Candidate]:
    out: dict[str, Candidate] = {}
    for d in definitions():
        options = indicators.period_options(d.metric, d.category)
        if not options:
            out[d.key] = Candidate(d.key, d, None, reason="no_regency_data")
            continue
        for option in options:
            cid = f"{d.key}.{option.key.replace(':', '.')}"
            den = None
            if d.same_period:
                base = indicators.regency_values(d.metric, option, None, category=d.category)
                den = _same_period_denominator(d, option, set(base.dropna(subset=["value"])["regency_code"]))
            out[cid] = Candidate(cid, d, option, den)
    # coverage needs the values, which need the candidate: fill it in a second pass
    for cid, c in list(out.items()):
        if c.option is None:
            continue
        if c.definition.same_period and c.den_option is None:
            out[cid] = replace(c, reason="no_same_period")
            continue
        values = _compute(c)
        have = values[values["value"].notna()]
        regencies = tuple(have["regency_code"])
        trust = indicators.worst_trust(have["trust"])
        out[cid] = replace(c, regencies=regencies, trust=trust,
                           reason="" if len(regencies) >= MIN_REGENCIES else "too_few")
    return out


def candidates() -> dict[str, Candidate]:
    """Every indicator on offer, available or not, by id (`<definition>.<period key>`; a definition
    without regency data has just its key). Includes imported data (cached per store version)."""
    return _candidates_at(catalog.data_key())


def available() -> list[Candidate]:
    return [c for c in candidates().values() if c.available]


def default_choices() -> tuple[Choice, ...]:
    """DEFAULT_CHOICES that the catalogue can support; if none can, the two available indicators
    covering the most regencies."""
    cands = candidates()
    out = tuple(Choice(cid, w, d) for cid, w, d in DEFAULT_CHOICES if cid in cands and cands[cid].available)
    if out:
        return out
    best = sorted(available(), key=lambda c: -len(c.regencies))[:2]
    return tuple(Choice(c.id, 1.0, c.definition.direction) for c in best)

