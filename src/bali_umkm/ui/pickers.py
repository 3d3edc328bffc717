"""The dropdowns several pages share, drawn through a page's state (ui.state): a period, a
regency, and the four choices of a regency map."""

from __future__ import annotations

from .. import catalog, indicators
from ..i18n import t
from ..views import maps
from .page import lang as current_lang
from .state import PageState


def period_box(ps: PageState, label: str, options: list[indicators.PeriodOption], *, container=None,
               name: str = "period") -> str | None:
    """A period dropdown: `options` (indicators.PeriodOption, newest first) in the reader's words."""
    lang = current_lang()
    labels = {o.key: o.label(lang) for o in options}
    return ps.selectbox(name, label, container=container, format_func=lambda k: labels.get(k, k)) or None


def regency_box(ps: PageState, label: str, none_label: str, *, container=None, name: str = "regency") -> str:
    """A regency dropdown: none (`none_label`) or one of the 9 regencies by name; its BPS code or ""."""
    lang = current_lang()
    return ps.selectbox(name, label, container=container,
                        format_func=lambda c: catalog.regency_name(c, lang) if c else none_label)


def map_choice(ps: PageState, texts: str, *, metric, derived, period, regency) -> tuple:
    """The four dropdowns of a map (views.maps.picker_params), each in the container given (st, a
    column...), labelled from the locale namespace `texts` (keys pick_metric, pick_derived,
    derived_none, pick_period, pick_regency, pick_regency_none). Returns (metric, derivation or None, period key
    or None when the metric has no regency data, regency code or "")."""
    lang = current_lang()
    chosen_metric = ps.selectbox("metric", t(f"{texts}.pick_metric", lang), container=metric,
                                 format_func=lambda m: catalog.metric_label(m, lang))
    chosen_derived = ps.selectbox("derived", t(f"{texts}.pick_derived", lang), container=derived,
                                  format_func=lambda d: t(f"{texts}.derived_none", lang) if d == maps.NO_DERIVATION
                                  else indicators.DERIVED[d].label_in(lang))
    chosen_period = period_box(ps, t(f"{texts}.pick_period", lang), indicators.period_options(chosen_metric),
                               container=period)
    chosen_regency = regency_box(ps, t(f"{texts}.pick_regency", lang), t(f"{texts}.pick_regency_none", lang),
                                 container=regency)
    return chosen_metric, chosen_derived or None, chosen_period, chosen_regency
