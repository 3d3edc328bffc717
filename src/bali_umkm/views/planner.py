"""Outreach planner (Perencana Jangkauan): the page's state and the plan.

An NGO picks indicators (`planner_indicators`), gives each a weight and a direction (which way
means more need), and gets a modelled ranking (`priority_index`); then picks the paper's NGO
measures for the regencies it chose. This module assembles that into a `Plan`; how a plan reads
(its tables, sentences and map) is `views.planner_tables`. No Streamlit here: pages/planner.py
lays it out, export/plan.py writes the plan.

The whole state is in the URL (`url_params`, read and written by `urlcodec`), e.g.

    /perencana?ind=covid_count.2020~1~h,kur_value.2016~2~l
              &reg=5107,5108&bar=pembiayaan&mea=lsm_koperasi,lsm_proposal_pendanaan&kol=1

- ind: comma-separated `<indicator>.<period>~<weight>~<h|l>`: a candidate id (`Candidate.id`: the
  definition's key, ".", the period key with its ":" written "."; only letters, digits, "_", "-"
  and ".", so a browser shows it unencoded), its weight (a decimal number ≥ 0 with "." as decimal
  point; default 1) and its direction (h: a high value means more need, l: a low value; default
  the indicator's suggested one). At most 12 (`urlcodec.WeightedChoices`).
- reg: BPS codes of the regencies in the plan; absent = the top three of the ranking; `none` = none.
- bar: barrier ids the measures should address (none = every NGO measure).
- mea: intervention record ids chosen for the plan.
- kol: 1 = also offer the collaborative (`kolaborasi`) measures besides the NGO (`lsm`) ones.
Malformed values are dropped or replaced by the defaults and reported (`urlcodec.Problem`), never fatal.

How a plan reads (its tables, sentences and map) is `views.planner_tables`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from .. import catalog
from .. import interventions as iv
from ..cache import cached
from ..i18n import norm_lang
from ..planner_indicators import Candidate, available, candidate_values, candidates, default_choices
from ..priority_index import (
    TOP_N,
    Choice,
    PlannerError,
    Result,
    Stability,
    priority_index,
    stability,
)
from ..urlcodec import Flag, Many, OptionalMany, Param, Problem, WeightedChoices, decode, encode
from . import maps

MAX_INDICATORS = 12
MAX_WEIGHT = 100.0
SPARSE_BELOW = 4        # an indicator with values for 2..4 regencies gets a warning
ACTOR = "lsm"
COLLAB_ACTOR = "kolaborasi"
URL_PATH = "perencana"
PARAMS = ("ind", "reg", "bar", "mea", "kol")   # the order of a shared link's parameters


# --- the state, in the URL -----------------------------------------------------------------------

@dataclass(frozen=True)
class State:
    """Everything the planner's URL holds."""

    choices: tuple[Choice, ...] = ()
    regencies: tuple[str, ...] | None = None      # None: the top three of the ranking
    barriers: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    collab: bool = False


def url_params(*, indicators_known: Mapping[str, str] | None = None, defaults: Sequence[Choice] | None = None,
               barriers: Collection[str] | None = None, measures: Collection[str] | None = None,
               regencies: Collection[str] = catalog.REGENCY_CODES) -> tuple[Param, ...]:
    """The planner's URL parameters (see the module doc), read in this order. Against the live
    catalogue unless given: indicators_known, the ids that may be chosen -> their suggested
    direction; defaults, the choices when `ind` is absent or none of its items can be used;
    barriers, measures, the ids that may be chosen."""
    return (
        Param("ind", WeightedChoices(MAX_INDICATORS, MAX_WEIGHT),
              default=lambda v: tuple(defaults if defaults is not None else default_choices()),
              choices=lambda v: indicators_known if indicators_known is not None
              else {c.id: c.definition.direction for c in available()}),
        Param("reg", OptionalMany(), default=None, choices=regencies),
        Param("kol", Flag(), default=False),
        Param("bar", Many(), default=(), choices=lambda v: barriers if barriers is not None else iv.barrier_ids()),
        Param("mea", Many(), default=(),
              choices=lambda v: measures if measures is not None else {r.id for r in measure_pool(collab=True)}),
    )


def state_of(values: Mapping) -> State:
    """The State of the URL parameters' values (a ui.PageState or urlcodec.decode's dict)."""
    return State(choices=tuple(values["ind"]), regencies=values["reg"], barriers=tuple(values["bar"]),
                 measures=tuple(values["mea"]), collab=bool(values["kol"]))


def encode_state(state: State) -> dict[str, str | None]:
    """The URL parameters of a state (None = leave the parameter out)."""
    return encode(url_params(), {"ind": state.choices, "reg": state.regencies, "bar": state.barriers,
                                 "mea": state.measures, "kol": state.collab})


def decode_state(params: Mapping[str, object], **known) -> tuple[State, list[Problem]]:
    """Read a state from URL parameters, forgiving: a malformed or unknown value is dropped (or
    replaced by its default) and reported as a Problem; it never raises. `known`: url_params's
    (without them, the live catalogue: available indicators, every barrier, the NGO and
    collaborative measures)."""
    values, problems = decode(url_params(**known), params)
    return state_of(values), problems


def unavailable(choices: Sequence[Choice]) -> list[str]:
    """The chosen indicators the catalogue no longer supports (an import was rolled back)."""
    cands = candidates()
    return [c.id for c in choices if not (c.id in cands and cands[c.id].available)]


def page_url(state: State, lang: str | None = None) -> str:
    """'/perencana?ind=...&reg=...' (compact: lists joined with ',')."""
    encoded = encode_state(state)
    params = {k: encoded[k] for k in PARAMS if encoded.get(k)}
    if lang:
        params["lang"] = lang
    query = urlencode(params, safe=",~")
    return f"/{URL_PATH}" + (f"?{query}" if query else "")


# ----------------------------------------------------------------------------- measures

def measure_pool(collab: bool = False) -> list[iv.Intervention]:
    """The measures an NGO can take from the paper: actor `lsm` (and `kolaborasi` if asked)."""
    return iv.find(actor=(ACTOR, COLLAB_ACTOR) if collab else ACTOR)


def measure_options(barriers: Sequence[str] = (), collab: bool = False,
                    chosen: Sequence[str] = ()) -> list[iv.Intervention]:
    """The NGO measures that address any of `barriers` (all of them if none), plus those already
    chosen (so a choice survives a change of barriers), in the paper's order."""
    pool = measure_pool(collab)
    matched = iv.find(barrier=barriers, records=pool) if barriers else pool
    keep = {r.id for r in matched} | set(chosen)
    return [r for r in measure_pool(True) if r.id in keep]


def barrier_options(collab: bool = False) -> list[str]:
    """Barriers at least one NGO (or collaborative) measure addresses, in vocabulary order."""
    counts = iv.counts("barrier", records=measure_pool(collab))
    return [b for b, n in counts.items() if n]


# ----------------------------------------------------------------------------- the whole plan

@dataclass(eq=False)
class Plan:
    """Everything the page shows and the exports write, for one state and language. Compared
    (and remembered as an argument of `cache.cached` functions) by identity: `build_plan` hands
    out one plan per state, language, day and data version, never changed once built."""

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
            ids += maps.view_datasets(self.frames[cid])
        return list(dict.fromkeys(ids))

    def source_lines(self) -> dict[str, str]:
        """Indicator id -> its 'Sumber: ...' line."""
        return {cid: catalog.source_line(maps.view_datasets(df), self.lang) if maps.view_datasets(df)
                else "" for cid, df in self.frames.items()}


def build_plan(state: State, lang: str = "id", today: dt.date | None = None) -> Plan:
    """Compute the ranking, its stability and the plan for a state (no exceptions for bad input:
    an index that cannot be computed is `error`). Remembered per state, language, day and data
    version: a rerun that changes nothing in the plan gets the same plan."""
    return _build_plan(state, norm_lang(lang), today or dt.date.today())


@cached
def _build_plan(state: State, lang: str, today: dt.date) -> Plan:
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
                made=today)
