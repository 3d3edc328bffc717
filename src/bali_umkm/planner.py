"""Outreach planner (Perencana Jangkauan): a modelled priority index of Bali's 9 regencies.

An NGO picks indicators, gives each a weight and a direction (which way means more need), and
gets a ranking; then picks the paper's NGO measures for the regencies it chose. No Streamlit here:
pages/planner.py draws it, export/plan.py writes the plan.

The index (a modelled number, never an official one; data/derived_indicators.yaml
`planner_priority_index` describes the same computation and must follow this module):

- each chosen indicator k is min–max normalised over the regencies that have a value for it:
  s_kr = (x_kr − min_k) / (max_k − min_k), in [0, 1]; when a *low* value means more need the score
  is reversed: s_kr = 1 − that;
- an indicator with fewer than 2 regency values, or the same value everywhere (max_k = min_k),
  cannot tell regencies apart: it is left out of every score and the page says so;
- I_r = Σ_{k∈K_r} w_k s_kr / Σ_{k∈K_r} w_k, where K_r are the usable indicators that have a value
  for regency r. A missing value is never filled in: the indicator is left out of that regency's
  score (the remaining weights are renormalised), and the regency is flagged with what is missing
  and the share of the weight its score rests on. A regency with no usable value is not ranked;
- weights are numbers ≥ 0; a negative or non-finite weight is refused, and weights that sum to
  zero are refused (`PlannerError`, with its message in Indonesian and English);
- ties: indices equal to 9 decimals share a rank (1, 2, 2, 4) and are listed in BPS code order,
  so the order never depends on floating-point noise or on the order indicators were chosen.

Stability (`stability`): every single weight is moved by −20 % and +20 % in turn (2 × n runs), and
each run's top three is compared with the base one: unchanged, same set in another order, or a
different set.

Indicators on offer (`candidates`): every `DEFINITIONS` entry (and a plain entry for any other
metric with regency data, e.g. from an import) for every period the catalogue holds
(`indicators.period_options`, imported data included). A candidate with values for fewer than 2
regencies is unavailable, with the reason. KUR per UMKM and the share of micro firms are only
computed from parts of the same period (as data/derived_indicators.yaml requires); other ratios
may take a denominator of another period, and say so.

URL state (`encode_state` / `decode_state`), e.g.

    /perencana?ind=umkm_per_1000.undated.umkm_beritabali_undated~1~h,kur_per_capita.2016~2~l
              &reg=5107,5108&bar=pembiayaan&mea=lsm_koperasi,lsm_proposal_pendanaan&kol=1

- ind: comma-separated `<indicator>.<period>~<weight>~<h|l>`: a candidate id (`Candidate.id`: the
  definition's key, ".", the period key with its ":" written "."; only letters, digits, "_", "-"
  and ".", so a browser shows it unencoded), its weight (a decimal number ≥ 0 with "." as decimal
  point; default 1) and its direction (h: a high value means more need, l: a low value; default
  the indicator's suggested one). At most 12.
- reg: BPS codes of the regencies in the plan; absent = the top three of the ranking; `none` = none.
- bar: barrier ids the measures should address (none = every NGO measure).
- mea: intervention record ids chosen for the plan.
- kol: 1 = also offer the collaborative (`kolaborasi`) measures besides the NGO (`lsm`) ones.
Malformed values are dropped or replaced by the defaults and reported (`Problem`), never fatal.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from . import catalog, indicators
from . import interventions as iv
from .i18n import fmt_number, norm_lang, t
from .indicators import PeriodOption, Ratio

DIRECTIONS = ("high", "low")
DIRECTION_CODES = {"high": "h", "low": "l"}
TOP_N = 3
STEP = 0.2
TIE_DECIMALS = 9
MIN_REGENCIES = 2
MAX_INDICATORS = 12
MAX_WEIGHT = 100.0
SPARSE_BELOW = 4        # an indicator with values for 2..4 regencies gets a warning
ACTOR = "lsm"
COLLAB_ACTOR = "kolaborasi"
URL_PATH = "perencana"
PARAMS = ("ind", "reg", "bar", "mea", "kol")
NONE = "none"


class PlannerError(ValueError):
    """The index cannot be computed for the reason `code`; `message(lang)` says why."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(f"{self.message('id')} / {self.message('en')}")

    def message(self, lang: str = "id") -> str:
        return t(f"planner.error_{self.code}", lang, **self.params)


# ----------------------------------------------------------------------------- indicators on offer

KUR_PER_UMKM = Ratio("kur_per_umkm", "umkm_total", 1.0, "IDR_per_unit",
                     {"id": "per UMKM", "en": "per MSME"})
MICRO_SHARE = Ratio("micro_share", "umkm_total", 100.0, "percent",
                    {"id": "sebagai bagian dari semua UMKM (%)", "en": "as a share of all MSMEs (%)"})


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
        return indicators._as_ratio(self.derived)


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
        return indicators.period_text(self.option.year, self.option.period, lang)

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
        trust = indicators._worst_trust(have["trust"])
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


def availability_table(lang: str = "id") -> pd.DataFrame:
    """What the catalogue can support, for reading: per definition each available period on its
    own row, and the unavailable periods together with the reason."""
    lang = norm_lang(lang)
    col = {k: t(f"planner.col_{k}", lang) for k in ("indicator", "period", "regencies", "trust", "status")}
    rows = []
    groups: dict[str, list[Candidate]] = {}
    for c in candidates().values():
        groups.setdefault(c.definition.key, []).append(c)
    for items in groups.values():
        d = items[0].definition
        for c in (c for c in items if c.available):
            rows.append({col["indicator"]: d.label(lang), col["period"]: c.period_label(lang),
                         col["regencies"]: regencies_text(c.regencies, lang),
                         col["trust"]: catalog.trust_word(c.trust, lang) if c.trust else "–",
                         col["status"]: t("planner.status_available", lang)})
        for reason in ("no_regency_data", "no_same_period", "too_few"):
            off = [c for c in items if c.reason == reason]
            if not off:
                continue
            periods = "; ".join(c.period_label(lang) for c in off) if off[0].option else "–"
            have = sorted({r for c in off for r in c.regencies}, key=catalog.REGENCY_CODES.index)
            rows.append({col["indicator"]: d.label(lang), col["period"]: periods,
                         col["regencies"]: regencies_text(tuple(have), lang),
                         col["trust"]: "–",
                         col["status"]: t(f"planner.reason_{reason}", lang, n=MIN_REGENCIES,
                                          what=catalog.metric_label(d.ratio.denominator, lang)
                                          if d.ratio and d.ratio.denominator else "")})
    return pd.DataFrame(rows, columns=list(col.values()))


def regencies_text(codes: Sequence[str], lang: str = "id") -> str:
    """'semua 9' / 'Badung, Denpasar (2/9)' / 'tidak ada'."""
    if len(codes) == len(catalog.REGENCY_CODES):
        return t("planner.all_regencies", lang)
    if not codes:
        return t("planner.no_regencies", lang)
    if len(codes) > len(catalog.REGENCY_CODES) / 2:
        others = [c for c in catalog.REGENCY_CODES if c not in codes]
        return t("planner.all_but", lang, n=len(codes), regencies=", ".join(catalog.regency_name(c, lang)
                                                                            for c in others))
    return f"{', '.join(catalog.regency_name(c, lang) for c in codes)} ({len(codes)}/9)"


# ----------------------------------------------------------------------------- the index

@dataclass(frozen=True)
class Choice:
    """A chosen indicator: its id, weight (≥ 0) and which way means more need."""

    id: str
    weight: float = 1.0
    direction: str = "high"


@dataclass
class Result:
    """The ranking. `ranking`: one row per regency, ranked first (by index, then BPS code), the
    unranked after: regency_code, rank (Int64, shared by ties), index, tied, weight_used (share of
    the usable weight the score rests on), missing (ids of weighted usable indicators without a
    value), flagged. `scores`: normalised scores (direction applied) by regency × indicator id,
    NaN where missing. `excluded`: indicator id -> reason (too_few | constant)."""

    ranking: pd.DataFrame
    scores: pd.DataFrame
    excluded: dict[str, str]
    choices: tuple[Choice, ...]

    def top(self, n: int = TOP_N) -> tuple[str, ...]:
        ranked = self.ranking[self.ranking["rank"].notna()]
        return tuple(ranked["regency_code"].head(n))


def _check(choices: Sequence[Choice]) -> tuple[Choice, ...]:
    choices = tuple(choices)
    if not choices:
        raise PlannerError("no_indicators")
    ids = [c.id for c in choices]
    if len(set(ids)) != len(ids):
        raise PlannerError("duplicate", ids=", ".join(sorted({i for i in ids if ids.count(i) > 1})))
    for c in choices:
        if c.direction not in DIRECTIONS:
            raise PlannerError("bad_direction", value=c.direction)
        if not isinstance(c.weight, (int, float)) or not math.isfinite(c.weight):
            raise PlannerError("bad_weight", value=c.weight)
        if c.weight < 0:
            raise PlannerError("negative_weight", value=fmt_number(c.weight, "en"))
    if sum(c.weight for c in choices) <= 0:
        raise PlannerError("weights_zero")
    return choices


def normalise(column: pd.Series, direction: str = "high") -> pd.Series | None:
    """Min–max scores in [0, 1] over the non-missing values (reversed for direction "low");
    None when fewer than 2 values or all equal (the indicator cannot tell regencies apart)."""
    have = column.dropna().astype(float)
    if len(have) < MIN_REGENCIES:
        return None
    lo, hi = have.min(), have.max()
    if hi - lo <= abs(hi) * 1e-12 or hi == lo:
        return None
    score = (column.astype(float) - lo) / (hi - lo)
    return 1.0 - score if direction == "low" else score


def priority_index(values: pd.DataFrame, choices: Sequence[Choice]) -> Result:
    """The modelled priority index (see the module doc) of the rows of `values` (indexed by BPS
    code; one column per chosen indicator id, NaN = no value)."""
    choices = _check(choices)
    missing_cols = [c.id for c in choices if c.id not in values.columns]
    if missing_cols:
        raise PlannerError("unknown_indicator", ids=", ".join(missing_cols))
    codes = list(values.index)
    scores = pd.DataFrame(index=values.index, columns=[c.id for c in choices], dtype=float)
    excluded: dict[str, str] = {}
    for c in choices:
        s = normalise(values[c.id], c.direction)
        if s is None:
            excluded[c.id] = "too_few" if values[c.id].notna().sum() < MIN_REGENCIES else "constant"
            continue
        scores[c.id] = s
    usable = [c for c in choices if c.id not in excluded and c.weight > 0]
    total = sum(c.weight for c in usable)
    if total <= 0:
        raise PlannerError("nothing_to_rank")
    rows = []
    for code in codes:
        num = den = 0.0
        missing = []
        for c in usable:
            s = scores.at[code, c.id]
            if pd.isna(s):
                missing.append(c.id)
                continue
            num += c.weight * float(s)
            den += c.weight
        index = num / den if den > 0 else math.nan
        rows.append({"regency_code": code, "index": index, "weight_used": den / total,
                     "missing": tuple(missing), "flagged": bool(missing)})
    ranking = pd.DataFrame(rows)
    order = {code: i for i, code in enumerate(catalog.REGENCY_CODES)}
    ranking["_key"] = ranking["index"].round(TIE_DECIMALS)
    ranking["_bps"] = ranking["regency_code"].map(lambda c: order.get(c, len(order)))
    ranking = ranking.sort_values(["_key", "_bps"], ascending=[False, True], na_position="last", kind="stable")
    ranked = ranking["_key"].notna()
    ranking["rank"] = pd.array([pd.NA] * len(ranking), dtype="Int64")
    ranking.loc[ranked, "rank"] = ranking.loc[ranked, "_key"].rank(method="min", ascending=False).astype(int)
    counts = ranking.loc[ranked, "_key"].value_counts()
    ranking["tied"] = ranking["_key"].map(lambda k: bool(pd.notna(k) and counts.get(k, 0) > 1))
    ranking = ranking.drop(columns=["_key", "_bps"]).reset_index(drop=True)
    ranking = ranking[["regency_code", "rank", "index", "tied", "weight_used", "missing", "flagged"]]
    return Result(ranking=ranking, scores=scores, excluded=excluded, choices=choices)


# ----------------------------------------------------------------------------- stability

CHANGE_NONE, CHANGE_ORDER, CHANGE_SET = "none", "order", "set"


@dataclass(frozen=True)
class Perturbation:
    id: str
    factor: float            # 0.8 or 1.2
    weight: float            # the weight used
    top: tuple[str, ...]
    change: str              # none | order | set


@dataclass
class Stability:
    base_top: tuple[str, ...]
    runs: list[Perturbation] = field(default_factory=list)

    @property
    def stable(self) -> bool:
        return all(r.change == CHANGE_NONE for r in self.runs)

    def changed(self) -> list[Perturbation]:
        return [r for r in self.runs if r.change != CHANGE_NONE]


def compare_top(base: Sequence[str], other: Sequence[str]) -> str:
    if tuple(base) == tuple(other):
        return CHANGE_NONE
    return CHANGE_ORDER if set(base) == set(other) else CHANGE_SET


def stability(values: pd.DataFrame, choices: Sequence[Choice], step: float = STEP, n: int = TOP_N) -> Stability:
    """Move each weight alone by −step and +step (2 × len(choices) runs) and compare each run's
    top n with the base ranking's: none (same regencies, same order), order, or set."""
    choices = _check(choices)
    base = priority_index(values, choices).top(n)
    out = Stability(base_top=base)
    for i, c in enumerate(choices):
        for factor in (1 - step, 1 + step):
            moved = list(choices)
            moved[i] = replace(c, weight=c.weight * factor)
            try:
                top = priority_index(values, moved).top(n)
            except PlannerError:
                top = ()
            out.runs.append(Perturbation(c.id, factor, c.weight * factor, top, compare_top(base, top)))
    return out


# ----------------------------------------------------------------------------- URL state

@dataclass(frozen=True)
class State:
    """Everything the planner's URL holds."""

    choices: tuple[Choice, ...] = ()
    regencies: tuple[str, ...] | None = None      # None: the top three of the ranking
    barriers: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    collab: bool = False


@dataclass(frozen=True)
class Problem:
    """A URL value that was dropped or replaced: `param`, the raw `value`, and a `code`."""

    param: str
    value: str
    code: str

    def message(self, lang: str = "id") -> str:
        return t(f"planner.url_{self.code}", lang, param=self.param, value=self.value)


def format_weight(weight: float) -> str:
    """2.0 -> '2'; 1.5 -> '1.5'; 1/3 -> '0.333' (at most 3 decimals, '.' as decimal point)."""
    text = f"{weight:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def encode_state(state: State) -> dict[str, str | None]:
    """The URL parameters of a state (None = leave the parameter out)."""
    ind = ",".join(f"{c.id}~{format_weight(c.weight)}~{DIRECTION_CODES[c.direction]}" for c in state.choices)
    reg = None if state.regencies is None else (",".join(state.regencies) or NONE)
    return {"ind": ind or None, "reg": reg, "bar": ",".join(state.barriers) or None,
            "mea": ",".join(state.measures) or None, "kol": "1" if state.collab else None}


def _items(raw: object) -> list[str]:
    if raw is None:
        return []
    parts = [raw] if isinstance(raw, str) else list(raw)
    return [p.strip() for part in parts for p in str(part).split(",") if p.strip()]


def _weight(text: str) -> float | None:
    try:
        w = float(text)
    except ValueError:
        return None
    return w if math.isfinite(w) and 0 <= w <= MAX_WEIGHT else None


def decode_state(params: Mapping[str, object], *, indicators_known: Mapping[str, str],
                 defaults: Sequence[Choice], barriers: Collection[str], measures: Collection[str],
                 regencies: Collection[str] = catalog.REGENCY_CODES) -> tuple[State, list[Problem]]:
    """Read a state from URL parameters, forgiving: a malformed or unknown value is dropped (or
    replaced by its default) and reported as a Problem; it never raises.

    indicators_known: the ids that may be chosen -> their suggested direction; defaults: the
    choices used when `ind` is absent or none of its items can be used; barriers, measures: the
    ids that may be chosen."""
    problems: list[Problem] = []
    choices: list[Choice] = []
    raw_ind = _items(params.get("ind"))
    for item in raw_ind:
        cid, *rest = item.split("~")
        if cid not in indicators_known:
            problems.append(Problem("ind", item, "unknown_indicator"))
            continue
        if any(c.id == cid for c in choices):
            problems.append(Problem("ind", item, "duplicate"))
            continue
        if len(choices) >= MAX_INDICATORS:
            problems.append(Problem("ind", item, "too_many"))
            continue
        weight, direction = 1.0, indicators_known[cid]
        if len(rest) > 2:
            problems.append(Problem("ind", item, "bad_item"))
        if rest and rest[0] != "":
            w = _weight(rest[0])
            if w is None:
                problems.append(Problem("ind", item, "bad_weight"))
            else:
                weight = w
        if len(rest) > 1 and rest[1] != "":
            code = {"h": "high", "high": "high", "l": "low", "low": "low"}.get(rest[1].lower())
            if code is None:
                problems.append(Problem("ind", item, "bad_direction"))
            else:
                direction = code
        choices.append(Choice(cid, weight, direction))
    if not choices:
        if raw_ind:
            problems.append(Problem("ind", ",".join(raw_ind), "defaults_used"))
        choices = list(defaults)

    def known(param: str, valid: Collection[str]) -> tuple[str, ...]:
        out: list[str] = []
        for v in _items(params.get(param)):
            if v in valid and v not in out:
                out.append(v)
            elif v not in valid:
                problems.append(Problem(param, v, "unknown_value"))
        return tuple(out)

    raw_reg = _items(params.get("reg"))
    chosen_regencies: tuple[str, ...] | None
    if not raw_reg:
        chosen_regencies = None
    elif raw_reg == [NONE]:
        chosen_regencies = ()
    else:
        chosen_regencies = known("reg", regencies) or None
    kol_raw = _items(params.get("kol"))
    collab = bool(kol_raw) and kol_raw[0] in ("1", "true", "ya", "yes")
    if kol_raw and kol_raw[0] not in ("0", "1", "true", "false", "ya", "yes", "tidak", "no"):
        problems.append(Problem("kol", kol_raw[0], "unknown_value"))
    state = State(choices=tuple(choices), regencies=chosen_regencies, barriers=known("bar", barriers),
                  measures=known("mea", measures), collab=collab)
    return state, problems


def state_from_params(params: Mapping[str, object]) -> tuple[State, list[Problem]]:
    """decode_state against the live catalogue: available indicators, every barrier, the NGO (and
    collaborative) measures."""
    known = {c.id: c.definition.direction for c in available()}
    ids = {r.id for r in measure_pool(collab=True)}
    return decode_state(params, indicators_known=known, defaults=default_choices(),
                        barriers=iv.barrier_ids(), measures=ids)


def page_url(state: State, lang: str | None = None) -> str:
    """'/perencana?ind=...&reg=...' (compact: lists joined with ',')."""
    from urllib.parse import urlencode

    params = {k: v for k, v in encode_state(state).items() if v}
    if lang:
        params["lang"] = lang
    query = urlencode(params, safe=",~")
    return f"/{URL_PATH}" + (f"?{query}" if query else "")


# ----------------------------------------------------------------------------- measures

def measure_pool(collab: bool = False) -> list[iv.Intervention]:
    """The measures an NGO can take from the paper: actor `lsm` (and `kolaborasi` if asked)."""
    return iv.filter(actor=(ACTOR, COLLAB_ACTOR) if collab else ACTOR)


def measure_options(barriers: Sequence[str] = (), collab: bool = False,
                    chosen: Sequence[str] = ()) -> list[iv.Intervention]:
    """The NGO measures that address any of `barriers` (all of them if none), plus those already
    chosen (so a choice survives a change of barriers), in the paper's order."""
    pool = measure_pool(collab)
    matched = iv.filter(barrier=barriers, records=pool) if barriers else pool
    keep = {r.id for r in matched} | set(chosen)
    return [r for r in measure_pool(True) if r.id in keep]


def barrier_options(collab: bool = False) -> list[str]:
    """Barriers at least one NGO (or collaborative) measure addresses, in vocabulary order."""
    counts = iv.counts("barrier", records=measure_pool(collab))
    return [b for b, n in counts.items() if n]


# ----------------------------------------------------------------------------- the whole plan

@dataclass
class Plan:
    """Everything the page shows and the exports write, for one state and language."""

    state: State
    lang: str
    candidates: dict[str, Candidate]
    values: pd.DataFrame                # regency × chosen indicator id (raw values)
    frames: dict[str, pd.DataFrame]     # indicator id -> candidate_values(...)
    result: Result | None
    error: PlannerError | None
    stability: Stability | None
    regencies: tuple[str, ...]
    measures: list[iv.Intervention]
    made: dt.date

    @property
    def choices(self) -> tuple[Choice, ...]:
        return self.state.choices

    def datasets(self) -> list[str]:
        ids: list[str] = []
        for cid in self.frames:
            ids += indicators.view_datasets(self.frames[cid])
        return list(dict.fromkeys(ids))

    def source_lines(self) -> dict[str, str]:
        """Indicator id -> its 'Sumber: ...' line."""
        return {cid: catalog.source_line(indicators.view_datasets(df), self.lang) if indicators.view_datasets(df)
                else "" for cid, df in self.frames.items()}


def build_plan(state: State, lang: str = "id", today: dt.date | None = None) -> Plan:
    """Compute the ranking, its stability and the plan for a state (no exceptions for bad input:
    an index that cannot be computed is `error`)."""
    lang = norm_lang(lang)
    cands = candidates()
    frames = {c.id: candidate_values(c.id, lang) for c in state.choices if c.id in cands}
    values = pd.DataFrame({cid: df.set_index("regency_code")["value"] for cid, df in frames.items()},
                          index=pd.Index(catalog.REGENCY_CODES, name="regency_code"))
    result = stab = error = None
    try:
        result = priority_index(values, state.choices)
        stab = stability(values, state.choices)
    except PlannerError as exc:
        error = exc
    auto = result.top(TOP_N) if result else ()
    regencies = state.regencies if state.regencies is not None else auto
    chosen = set(state.measures)
    measures = [r for r in measure_pool(collab=True) if r.id in chosen]
    return Plan(state=state, lang=lang, candidates=cands, values=values, frames=frames, result=result,
                error=error, stability=stab, regencies=tuple(regencies), measures=measures,
                made=today or dt.date.today())


# ----------------------------------------------------------------------------- words and tables

def direction_word(direction: str, lang: str = "id") -> str:
    return t(f"planner.direction_{direction}", lang)


def formula_text(choices: Sequence[Choice], lang: str = "id", excluded: Mapping[str, str] | None = None) -> str:
    """The index for these choices in plain words: '(1 × UMKM per 1.000 penduduk [tinggi] + ...) ÷ 5'."""
    lang = norm_lang(lang)
    cands = candidates()
    excluded = excluded or {}
    used = [c for c in choices if c.id not in excluded and c.weight > 0]
    terms = []
    for c in used:
        name = cands[c.id].label(lang) if c.id in cands else c.id
        terms.append(f"{fmt_number(c.weight, lang)} × {t('planner.score_of', lang, name=name)}"
                     f" [{direction_word(c.direction, lang)}]")
    total = fmt_number(sum(c.weight for c in used), lang)
    return t("planner.formula_instance", lang, terms=" + ".join(terms) or "–", total=total)


def index_text(value: float, lang: str = "id") -> str:
    return "–" if value is None or pd.isna(value) else fmt_number(value, lang, decimals=3)


def rank_text(row: Mapping, lang: str = "id") -> str:
    if pd.isna(row["rank"]):
        return t("planner.not_ranked", lang)
    return f"{int(row['rank'])}{'=' if row['tied'] else ''}"


def missing_text(plan: Plan, missing: Sequence[str]) -> str:
    return "; ".join(plan.candidates[m].label(plan.lang) for m in missing)


def ranking_table(plan: Plan) -> pd.DataFrame:
    """The ranking for reading: rank, regency, modelled index, each indicator's score, what is
    missing and the share of the weight used."""
    lang = plan.lang
    if plan.result is None:
        return pd.DataFrame()
    r = plan.result
    rows = []
    for _, row in r.ranking.iterrows():
        code = row["regency_code"]
        rec = {t("planner.col_rank", lang): rank_text(row, lang),
               t("planner.col_regency", lang): catalog.regency_name(code, lang),
               t("planner.col_index", lang): index_text(row["index"], lang)}
        for c in plan.choices:
            name = t("planner.col_score", lang, name=plan.candidates[c.id].label(lang))
            s = r.scores.at[code, c.id] if c.id in r.scores else math.nan
            if c.id in r.excluded:
                rec[name] = t("planner.score_excluded", lang)
            else:
                rec[name] = t("common.no_data", lang) if pd.isna(s) else fmt_number(s, lang, decimals=2)
        rec[t("planner.col_missing", lang)] = missing_text(plan, row["missing"]) or "–"
        rec[t("planner.col_weight_used", lang)] = f"{fmt_number(100 * row['weight_used'], lang, decimals=0)}%"
        rows.append(rec)
    return pd.DataFrame(rows)


def ranking_csv(plan: Plan) -> pd.DataFrame:
    """The ranking, tidy: one row per regency and indicator with value, score, period and trust."""
    if plan.result is None:
        return pd.DataFrame()
    r = plan.result
    ranking = r.ranking.set_index("regency_code")
    rows = []
    for code in ranking.index:
        for c in plan.choices:
            frame = plan.frames[c.id].set_index("regency_code")
            cand = plan.candidates[c.id]
            rows.append({
                "regency_code": code, "regency": catalog.regency_name(code, plan.lang),
                "rank": ranking.at[code, "rank"], "tied": ranking.at[code, "tied"],
                "index_modelled": ranking.at[code, "index"], "weight_used": ranking.at[code, "weight_used"],
                "indicator": c.id, "indicator_label": cand.label(plan.lang), "weight": c.weight,
                "direction": c.direction, "value": frame.at[code, "value"], "unit": frame.at[code, "unit"],
                "score": r.scores.at[code, c.id], "excluded": r.excluded.get(c.id, ""),
                "period": cand.period_label(plan.lang), "trust": frame.at[code, "trust"] or "",
                "dataset": frame.at[code, "dataset"] or "", "note": frame.at[code, "note"] or "",
            })
    return pd.DataFrame(rows)


def indicator_table(plan: Plan, notes: bool = True) -> pd.DataFrame:
    """The chosen indicators: name, period, trust, weight, direction, regencies with data, range
    and (notes=True) notes: period mismatch, undated, low trust, left out of the index."""
    lang = plan.lang
    rows = []
    for c in plan.choices:
        cand = plan.candidates[c.id]
        df = plan.frames[c.id]
        have = df[df["value"].notna()]
        unit = have["unit"].iloc[0] if not have.empty else ""
        lo = indicators.format_value(have["value"].min(), unit, lang) if not have.empty else "–"
        hi = indicators.format_value(have["value"].max(), unit, lang) if not have.empty else "–"
        rec = {
            t("planner.col_indicator", lang): cand.label(lang),
            t("planner.col_period", lang): cand.period_label(lang, short=not notes),
            t("planner.col_trust", lang): catalog.trust_word(cand.trust, lang) if cand.trust else "–",
            t("planner.col_weight", lang): fmt_number(c.weight, lang),
            t("planner.col_direction", lang): direction_word(c.direction, lang),
            t("planner.col_regencies", lang): regencies_text(tuple(have["regency_code"]), lang),
            t("planner.col_range", lang): f"{lo} – {hi}",
        }
        if notes:
            rec[t("planner.col_notes", lang)] = " ".join(indicator_notes(plan, c.id)) or "–"
        rows.append(rec)
    return pd.DataFrame(rows)


def indicator_notes(plan: Plan, cid: str) -> list[str]:
    """What a reader must know about one chosen indicator: left out of the index (and why), then
    indicators.view_notes (undated, old, low trust, missing regencies, how it was computed,
    parts of different periods)."""
    cand = plan.candidates[cid]
    out = []
    if plan.result is not None and cid in plan.result.excluded:
        out.append(t(f"planner.excluded_{plan.result.excluded[cid]}", plan.lang))
    frame = plan.frames[cid]
    missing = int(frame["value"].isna().sum())
    if MIN_REGENCIES <= len(catalog.REGENCY_CODES) - missing <= SPARSE_BELOW:
        out.append(t("planner.note_sparse", plan.lang, n=len(catalog.REGENCY_CODES) - missing))
    general = t("indicators.warn_missing", plan.lang, n=missing) if missing else None
    for note in indicators.view_notes(frame, cand.option, plan.lang):
        if note == general:  # the map's wording; here: which regencies, and what happens to them
            codes = tuple(frame.loc[frame["value"].isna(), "regency_code"])
            note = t("planner.note_missing", plan.lang, n=missing,
                     regencies=", ".join(catalog.regency_name(c, plan.lang) for c in codes))
        out.append(note)
    return out


def values_table(plan: Plan) -> pd.DataFrame:
    """The raw values behind the scores, formatted, regency × indicator."""
    lang = plan.lang
    out = {t("planner.col_regency", lang): [catalog.regency_name(c, lang) for c in catalog.REGENCY_CODES]}
    for c in plan.choices:
        df = plan.frames[c.id]
        out[plan.candidates[c.id].label(lang)] = [
            indicators.format_value(v, u or "", lang, q) for v, u, q in zip(df["value"], df["unit"], df["qualifier"],
                                                                            strict=True)]
    return pd.DataFrame(out)


def regency_order(plan: Plan) -> list[str]:
    """The 9 BPS codes in ranking order (unranked last); BPS order when there is no ranking."""
    if plan.result is None:
        return list(catalog.REGENCY_CODES)
    return list(plan.result.ranking["regency_code"])


def regency_option_label(plan: Plan, code: str) -> str:
    """'Buleleng · peringkat 1 · indeks 0,790' for the regency picker."""
    lang = plan.lang
    name = catalog.regency_name(code, lang)
    if plan.result is None:
        return name
    row = plan.result.ranking.set_index("regency_code").loc[code]
    if pd.isna(row["rank"]):
        return t("planner.regency_option_unranked", lang, name=name)
    return t("planner.regency_option", lang, name=name, rank=rank_text(row, lang),
             index=index_text(row["index"], lang))


def map_frame(plan: Plan) -> pd.DataFrame:
    """The 9-row frame charts.choropleth.choropleth draws: the modelled index per regency, with
    rank, periods, sources and trust of the values used, and what is missing in its note."""
    from .charts.choropleth import FRAME_COLUMNS

    lang = plan.lang
    ranking = plan.result.ranking.set_index("regency_code") if plan.result is not None else None
    rows = []
    for code in catalog.REGENCY_CODES:
        used = [c for c in plan.choices
                if plan.result is not None and not pd.isna(plan.result.scores.at[code, c.id])]
        frames = [plan.frames[c.id].set_index("regency_code").loc[code] for c in used]
        index = ranking.at[code, "index"] if ranking is not None else math.nan
        value_text = t("common.no_data", lang)
        note = ""
        if ranking is not None and not pd.isna(index):
            value_text = t("planner.map_value", lang, index=index_text(index, lang),
                           rank=rank_text(ranking.loc[code], lang))
        if ranking is not None and ranking.at[code, "missing"]:
            note = t("planner.map_missing", lang, what=missing_text(plan, ranking.at[code, "missing"]))
        periods = list(dict.fromkeys(plan.candidates[c.id].period_label(lang) for c in used))
        rows.append({
            "regency_code": code, "regency": catalog.regency_name(code, lang), "value": index,
            "value_text": value_text, "period_text": "; ".join(periods) or "–",
            "source_text": "; ".join(dict.fromkeys(catalog.dataset(f["dataset"]).text("producer", lang) for f in frames
                                                   if f["dataset"])) or "–",
            "trust_text": catalog.trust_word(indicators._worst_trust([f["trust"] for f in frames]), lang)
            if frames else "–",
            "note": note,
        })
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def index_map(plan: Plan):
    """The modelled index on the shared regency map: (chart, readable table, alt text, source line)."""
    from . import geo
    from .charts.choropleth import choropleth

    lang = plan.lang
    frame = map_frame(plan)
    n_flagged = int(plan.result.ranking["flagged"].sum()) if plan.result is not None else 0
    subtitle = [t("planner.map_subtitle", lang, n=len(plan.choices))]
    if n_flagged:
        subtitle.append(t("planner.map_flagged", lang, n=n_flagged))
    chart = choropleth(frame, title=t("planner.map_title", lang), legend_title=t("planner.map_legend", lang),
                       lang=lang, subtitle=subtitle, value_format=",.2f",
                       selected=plan.regencies[0] if len(plan.regencies) == 1 else None)
    table = pd.DataFrame({
        t("planner.col_regency", lang): frame["regency"], t("planner.map_legend", lang): frame["value_text"],
        t("common.period", lang): frame["period_text"], t("common.source", lang): frame["source_text"],
        t("common.trust", lang): frame["trust_text"], t("planner.col_notes", lang): frame["note"],
    })
    top = plan.result.top(TOP_N) if plan.result is not None else ()
    alt_text = t("planner.map_alt", lang, n=int(frame["value"].notna().sum()),
                 top=", ".join(catalog.regency_name(c, lang) for c in top) or "–")
    source = " | ".join(x for x in [catalog.source_line(plan.datasets(), lang) if plan.datasets() else "",
                                    geo.attribution(lang)] if x)
    return chart, table, alt_text, source


def move_text(run: Perturbation, lang: str = "id") -> str:
    """'+20%' / '−20%'."""
    return f"{'+' if run.factor > 1 else '−'}{fmt_number(round(abs(run.factor - 1) * 100), lang)}%"


def stability_text(plan: Plan) -> str:
    """One sentence: stable, or which moves change the top three (set or order)."""
    lang = plan.lang
    s = plan.stability
    if s is None:
        return ""
    top = ", ".join(catalog.regency_name(c, lang) for c in s.base_top)
    if s.stable:
        return t("planner.stable_yes", lang, n=len(s.runs), top=top)
    changes = "; ".join(f"{plan.candidates[r.id].label(lang)} {move_text(r, lang)} "
                        f"({t('planner.change_' + r.change, lang)})" for r in s.changed())
    return t("planner.stable_no", lang, n=len(s.runs), k=len(s.changed()), top=top, changes=changes)


def stability_table(plan: Plan) -> pd.DataFrame:
    lang = plan.lang
    if plan.stability is None:
        return pd.DataFrame()
    rows = []
    for r in plan.stability.runs:
        rows.append({
            t("planner.col_indicator", lang): plan.candidates[r.id].label(lang),
            t("planner.col_move", lang): move_text(r, lang),
            t("planner.col_weight", lang): fmt_number(round(r.weight, 3), lang),
            t("planner.col_top", lang): ", ".join(catalog.regency_name(c, lang) for c in r.top) or "–",
            t("planner.col_change", lang): t(f"planner.change_{r.change}", lang),
        })
    return pd.DataFrame(rows)


def flag_lines(plan: Plan) -> list[str]:
    """Which regencies are flagged for missing data (and on what share of the weight their score
    rests), and which are not ranked; plain text."""
    lang = plan.lang
    if plan.result is None:
        return []
    r = plan.result.ranking
    groups: dict[tuple, list[str]] = {}
    for _, row in r[r["flagged"] & r["rank"].notna()].iterrows():
        groups.setdefault((row["missing"], round(float(row["weight_used"]), 4)), []).append(row["regency_code"])
    items = [t("planner.flagged_item", lang, regencies=", ".join(catalog.regency_name(c, lang) for c in codes),
               what=missing_text(plan, missing), share=f"{fmt_number(100 * share, lang, decimals=0)}%")
             for (missing, share), codes in groups.items()]
    lines = [t("planner.flagged", lang, items="; ".join(items))] if items else []
    unranked = r[r["rank"].isna()]
    if not unranked.empty:
        lines.append(t("planner.unranked", lang,
                       regencies=", ".join(catalog.regency_name(c, lang) for c in unranked["regency_code"])))
    return lines or [t("planner.no_flags", lang)]
