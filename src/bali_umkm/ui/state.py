"""The one way a page keeps its state: declared parameters, drawn as widgets, kept in the URL.

A page declares its parameters once (`urlcodec.Param`: name, kind, default, choices) and asks
for its state:

    ps = ui.page_state("dist", maps.picker_params())          # prefix, params
    metric = ps.selectbox("metric", t("distribution.pick_metric", lang), container=c1,
                          format_func=lambda m: catalog.metric_label(m, lang))
    ps["period"]                                               # any value, checked and current
    st.button(..., on_click=ps.update, kwargs={"regency": ""})  # a click changes the state
    ui.url_notes(ps)                                           # what the URL held that was dropped

What it guarantees:

- **The URL follows every change**: each widget drawn through the state, and each `update`,
  writes the page's parameters back to `st.query_params` at once (lists joined with ",", empty
  values left out), so a view can be shared at any moment. Because the writing happens where the
  widget is drawn, not at the end of the page, it also holds inside an `st.fragment`: a fragment
  rerun draws its widgets again, and with them the URL.
- **Arriving** (the first run of the page after another page, or a new session): a URL that names
  any of the page's parameters sets all of them (the others take their defaults; a value that is
  malformed or not on offer is dropped, replaced by its default and reported in `problems`); a
  URL naming none of them (the sidebar navigation) brings back the reader's last view of the page
  in this session, or the defaults.
- **The language switch** keeps every value. Each widget has one key per language
  (`<prefix>_<name>__<lang>`), filled from the state before it is drawn: Streamlit 1.67 keeps
  showing a selectbox's old option labels when only its `format_func` changes, so a widget reused
  across languages would read in the other language. The state itself is language-neutral
  (session keys `<prefix>.<name>`).
- **Widgets mirror the state**: before it is drawn a widget is set from the state; the reader's
  change comes back through its `on_change` callback (`put`), so a widget may show part of a
  value (`get`): the planner's weight boxes each show one indicator's weight of the `ind` list.

No other module keeps page state; no page touches `st.query_params` or a widget key itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ..i18n import t
from ..textsafe import escape_md
from ..urlcodec import Param, Problem, Values
from .page import RUN_KEY
from .page import lang as current_lang

CHOICE_WIDGETS = ("selectbox", "multiselect", "radio", "pills", "segmented_control")


class PageState:
    """A page's parameters in this session (see the module doc). `ps[name]` is a value."""

    def __init__(self, prefix: str, params: Sequence[Param]):
        self.prefix = prefix
        self.values = Values(params, st.session_state, prefix=f"{prefix}.")
        self.problems: list[Problem] = []
        run = st.session_state.get(RUN_KEY, 0)
        seen_key = f"{prefix}.__run"
        seen = st.session_state.get(seen_key)
        if seen is None or seen < run - 1:  # arriving: the URL says what to show
            query = {p: st.query_params.get_all(p) for p in self.values.params if p in st.query_params}
            if query or not self.values.has_stored():
                self.problems = self.values.read_url(query)
        st.session_state[seen_key] = run
        self.sync_url()

    def __getitem__(self, name: str):
        return self.values[name]

    def choices(self, name: str):
        return self.values.choices(name)

    def widget_key(self, name: str) -> str:
        return f"{self.prefix}_{name}__{current_lang()}"

    # --- changing the state -------------------------------------------------------------------------

    def update(self, **values) -> None:
        """Set values (from a callback or the page); the URL follows."""
        self.values.set(**values)
        self.sync_url()

    def reset(self, *names: str) -> None:
        """Back to the defaults (every parameter when none is named); the URL follows."""
        self.values.reset(*names)
        self.sync_url()

    def sync_url(self) -> None:
        """Write every parameter into st.query_params (None/empty: the parameter is removed)."""
        for name, text in self.values.url().items():
            if text and st.query_params.get(name) != text:
                st.query_params[name] = text
            elif not text and name in st.query_params:
                del st.query_params[name]

    def on_map_click(self, name: str, chart_key: str, field: str = "regency_code",
                     selection: str = "regency") -> Callable[[], None]:
        """A callback for `ui.show(view, key=chart_key, on_select=...)`: a click on a regency of
        the map (a point selection `selection` on the flat `field`, as charts.choropleth builds
        it) sets the parameter `name` to that regency's BPS code. A click elsewhere changes nothing."""

        def callback() -> None:
            event = st.session_state.get(chart_key) or {}
            picked = (event.get("selection") or {}).get(selection) or []
            regency_code = str(picked[0].get(field, "")) if picked else ""
            choices = self.values.choices(name)
            if regency_code and (choices is None or regency_code in choices):
                self.update(**{name: regency_code})

        return callback

    # --- widgets ------------------------------------------------------------------------------------

    def _changed(self, name: str, wkey: str, put: Callable | None) -> None:
        new = st.session_state[wkey]
        value = put(new, self.values[name]) if put else (tuple(new) if isinstance(new, list) else new)
        self.values.set(**{name: value})

    def _widget(self, kind: str, name: str, label: str, *, container=None, key: str | None = None,
                options: Sequence | None = None, get: Callable | None = None, put: Callable | None = None,
                **kwargs) -> Any:
        wkey = self.widget_key(key or name)
        shown = self.values[name] if get is None else get(self.values[name])
        if kind in CHOICE_WIDGETS and options is None:
            options = list(self.values.choices(name) or ())
        st.session_state[wkey] = list(shown) if isinstance(shown, tuple) else shown
        draw = getattr(container if container is not None else st, kind)
        args = (label, options) if kind in CHOICE_WIDGETS else (label,)
        draw(*args, key=wkey, on_change=self._changed, args=(name, wkey, put), **kwargs)
        self.sync_url()
        return self.values[name]

    def selectbox(self, name: str, label: str, **kwargs):
        """One choice of the parameter `name` (its declared choices unless `options=`). Keyword
        arguments: container= (st, a column...), key= (a widget name other than `name`),
        get=/put= (show part of the value, and merge the widget's value back:
        put(widget_value, current_value) -> new value), and any of st.selectbox's own."""
        return self._widget("selectbox", name, label, **kwargs)

    def multiselect(self, name: str, label: str, **kwargs):
        return self._widget("multiselect", name, label, **kwargs)

    def radio(self, name: str, label: str, **kwargs):
        return self._widget("radio", name, label, **kwargs)

    def checkbox(self, name: str, label: str, **kwargs):
        return self._widget("checkbox", name, label, **kwargs)

    def text_input(self, name: str, label: str, **kwargs):
        return self._widget("text_input", name, label, **kwargs)

    def number_input(self, name: str, label: str, **kwargs):
        return self._widget("number_input", name, label, **kwargs)


def page_state(prefix: str, params: Sequence[Param]) -> PageState:
    """The state of the page whose widgets and session keys start with `prefix` ("dist", "kur")."""
    return PageState(prefix, params)


def url_notes(ps: PageState) -> None:
    """On arrival, a warning listing what the URL held that could not be used (and what was used
    instead); nothing when the URL was fine."""
    if ps.problems:
        lang = current_lang()
        st.warning(t("url.notes", lang) + "\n\n" + "\n".join(f"- {escape_md(p.message(lang))}" for p in ps.problems))
