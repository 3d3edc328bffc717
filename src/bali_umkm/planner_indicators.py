"""The indicators the outreach planner can rank with, from the catalogue.

Every `DEFINITIONS` entry (and a plain entry for any other metric with regency data, e.g. from an
import) for every period the catalogue holds (`indicators.period_options`, imported data
included) is a `Candidate`. A candidate with values for fewer than 2 regencies is unavailable,
with the reason. A derived value is computed only where the registry's rules allow it
(data/derived_indicators.yaml through `indicators.regency_values` and `derived.decide`, as on
the map and the KUR page), so an indicator whose values are all refused ("tidak dapat dihitung")
is not offered. A value that is a bound ("lebih dari") is left out. No Streamlit here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from . import catalog, indicators
from .cache import cached
from .i18n import norm_lang, t
from .indicators import KUR_PER_UMKM, MICRO_SHARE, PeriodOption, Ratio
from .priority_index import MIN_REGENCIES, Choice


@dataclass(frozen=True)
class Definition:
    """A kind of indicator: a metric (or one of its parts), optionally derived (a registry entry:
    its rules say when it may be computed), with the direction suggested by default (which way
    means more need)."""

    key: str
    metric: str
    derived: str | Ratio | None = None
    category: str = ""
    direction: str = "high"
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
    Definition("micro_share", "umkm_total", MICRO_SHARE, category="scale=mikro", direction="high"),
    Definition("covid_per_1000", "umkm_affected_covid19", "per_1000", direction="high"),
    Definition("covid_count", "umkm_affected_covid19", None, direction="high"),
    Definition("kur_per_capita", "kur_disbursed_value", "per_capita", direction="low"),
    Definition("kur_per_umkm", "kur_disbursed_value", KUR_PER_UMKM, direction="low"),
    Definition("kur_value", "kur_disbursed_value", None, direction="low"),
    Definition("kur_debtors_per_1000", "kur_debtors", "per_1000", direction="low"),
    Definition("ecommerce_share", "ecommerce_share", None, category="status=ecommerce", direction="low"),
    Definition("ecommerce_per_1000", "ecommerce_businesses", "per_1000", direction="low"),
    Definition("population", "population_total", None, direction="high"),
    Definition("density", "population_total", "per_km2", direction="low"),
    Definition("land_area", "land_area", None, direction="high"),
)


# What opens the page: only dated indicators of medium or high trust that cover all 9 regencies
# (`default_choices` checks it): UMKM affected by COVID-19 (Dinas data, 16 April 2020), KUR
# disbursed in 2016 (OJK via Kabar24), population density and population (Dukcapil, semester II
# 2024). No complete, dated UMKM count of medium trust exists, and KUR per resident or per UMKM
# cannot be computed for any dated KUR series under the registry's rules (no population of
# 2016/2017, no UMKM count from the KUR sources), so neither is offered.
DEFAULT_CHOICES: tuple[tuple[str, float, str], ...] = (
    ("covid_count.2020", 1.0, "high"),
    ("kur_value.2016", 1.0, "low"),
    ("density.2024", 1.0, "low"),
    ("population.2024", 1.0, "high"),
)
DEFAULT_TRUST = ("high", "medium")  # the trust a default indicator must have


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
    regencies: tuple[str, ...] = ()
    trust: str = ""
    reason: str = ""            # "" = available; else no_regency_data | too_few | refused (`refusal`)

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


def _clean(values: pd.DataFrame, lang: str) -> pd.DataFrame:
    """No value that is a bound ("lebih dari"): it is left out (NaN) and the row's note says why."""
    out = values.copy()
    for i in out.index[out["qualifier"].isin([">", "<"]) & out["value"].notna()]:
        out.at[i, "value"] = math.nan
        note = out.at[i, "note"] or ""
        out.at[i, "note"] = "; ".join(x for x in (note, t("planner.note_bound", lang)) if x)
    return out


@cached(maxsize=1024)
def _compute(d: Definition, option: PeriodOption | None, lang: str = "id") -> pd.DataFrame:
    """A definition's values in one period (computed once: `candidates` needs them for the
    coverage, the page for the table)."""
    if option is None:
        return indicators.regency_values(d.metric, None, None, lang=lang)
    values = indicators.regency_values(d.metric, option, d.derived, lang=lang, category=d.category)
    return _clean(values, lang)


def _values(candidate_id: str, lang: str) -> pd.DataFrame:
    c = candidates()[candidate_id]
    return _compute(c.definition, c.option, lang)


def candidate_values(candidate_id: str, lang: str = "id") -> pd.DataFrame:
    """The 9 regencies' values of a candidate (indicators.regency_values columns; NaN where
    missing, including values left out because they are bounds or of another period)."""
    return _values(candidate_id, norm_lang(lang)).copy()


@cached(maxsize=2)
def candidates() -> dict[str, Candidate]:
    """Every indicator on offer, available or not, by id (`<definition>.<period key>`; a definition
    without regency data has just its key). Includes imported data (remembered per data version)."""
    out: dict[str, Candidate] = {}
    for d in definitions():
        options = indicators.period_options(d.metric, d.category)
        if not options:
            out[d.key] = Candidate(d.key, d, None, reason="no_regency_data")
            continue
        for option in options:
            cid = f"{d.key}.{option.key.replace(':', '.')}"
            out[cid] = Candidate(cid, d, option)
    # coverage needs the values, which need the candidate: fill it in a second pass
    for cid, c in list(out.items()):
        if c.option is None:
            continue
        values = _compute(c.definition, c.option, "id")
        have = values[values["value"].notna()]
        regencies = tuple(have["regency_code"])
        trust = indicators.worst_trust(have["trust"])
        refused = values[values.get("refused", pd.Series("", index=values.index)).fillna("").astype(bool)]
        reason = "" if len(regencies) >= MIN_REGENCIES else "refused" if not refused.empty else "too_few"
        out[cid] = replace(c, regencies=regencies, trust=trust, reason=reason)
    return out


def refusal(candidate_id: str, lang: str = "id") -> str:
    """Why the registry's rules refuse a candidate's values, in words ('' when none is refused)."""
    values = candidate_values(candidate_id, lang)
    if "reason_text" not in values:
        return ""
    return " ".join(dict.fromkeys(r for r in values["reason_text"].fillna("") if r))


def available() -> list[Candidate]:
    return [c for c in candidates().values() if c.available]


def trusted_default(c: Candidate) -> bool:
    """Whether a candidate may open the page: available, dated, of medium or high trust."""
    return c.available and c.option is not None and not c.option.undated and c.trust in DEFAULT_TRUST


def default_choices() -> tuple[Choice, ...]:
    """DEFAULT_CHOICES that the catalogue can support (dated, medium or high trust); if none
    can, the two such indicators covering the most regencies."""
    cands = candidates()
    out = tuple(Choice(cid, w, d) for cid, w, d in DEFAULT_CHOICES if cid in cands and trusted_default(cands[cid]))
    if out:
        return out
    best = sorted((c for c in available() if trusted_default(c)), key=lambda c: -len(c.regencies))[:2]
    return tuple(Choice(c.id, 1.0, c.definition.direction) for c in best)

