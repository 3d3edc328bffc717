"""The few Streamlit helpers every page shares: language, the source note, a figure card.

Pages call these; logic lives in the other modules. Text that did not come from this project
(imported files, metadata) is escaped before it reaches Markdown, and never rendered as HTML.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from . import catalog
from .charts.base import responsive
from .i18n import DEFAULT_LANG, LANGS, fmt_value, norm_lang, t
from .textsafe import escape_md as escape_md  # re-exported: pages call ui.escape_md
from .textsafe import safe_url


def link_line(label: str, url: str) -> None:
    """'Label: <link>' where the link text is the URL, escaped; non-web text is shown as text."""
    target = safe_url(url)
    if target:
        st.markdown(f"{label}: [{escape_md(url)}]({target})")
    else:
        st.markdown(f"{label}: {escape_md(url)}")


def init_lang() -> str:
    """Language from ?lang= (default Indonesian), with a switch in the sidebar; kept in the URL."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = norm_lang(st.query_params.get("lang", DEFAULT_LANG))
    st.sidebar.radio(
        "Bahasa / Language", options=list(LANGS), key="lang", horizontal=True,
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
    )
    lang = norm_lang(st.session_state["lang"])
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


STYLESHEET = Path(__file__).with_name("a11y.css")


def page_setup(code: str) -> None:
    """Once per run, from app.py: the project's small stylesheet (a11y.css: caption contrast,
    key figures that wrap instead of being cut) and the page's language for screen readers.

    Streamlit serves every page as <html lang="en">, so a screen reader would read Indonesian
    with English rules. A one-line script sets document.documentElement.lang to the reader's
    language (only ever "id" or "en", never user text); it runs again when the language changes.
    Both sit in one st.html in a sidebar container that a11y.css hides, so they take no room.
    Streamlit's sanitiser (DOMPurify) drops a <style> whose text holds a "<": a test keeps
    a11y.css free of it."""
    css = STYLESHEET.read_text(encoding="utf-8")
    script = f"document.documentElement.lang = {json.dumps(norm_lang(code))};"
    with st.sidebar.container(key="a11y_lang"):
        st.html(f"<script>{script}</script><style>{css}</style>", unsafe_allow_javascript=True)


def lang() -> str:
    return norm_lang(st.session_state.get("lang", st.query_params.get("lang", DEFAULT_LANG)))


def source_note(dataset_ids: str | list[str], period: str | None = None) -> None:
    """The "Sumber: ..." line under a figure or chart."""
    st.caption(escape_md(catalog.source_line(dataset_ids, lang(), period)))


def figure_card(label: str, figure_id: str, *, scale: int | None = None, help_text: str | None = None) -> None:
    """A headline figure: the value as written in Indonesian/English, its period and short source.

    The full source line (with licence) goes once under the group of cards: `source_note`.
    """
    fig = catalog.figure(figure_id)
    code = lang()
    st.metric(label, fmt_value(fig["value"], fig["unit"], code, fig["qualifier"], scale=scale),
              help=help_text)
    period = catalog.period_label(fig["period"], code) or ("" if pd.isna(fig["year"]) else str(fig["year"]))
    st.caption(escape_md(f"{t('common.period', code)}: {period or t('common.undated', code)}"))
    st.caption(escape_md(catalog.source_short(fig["dataset"], code, figure_id=figure_id)))
    if caveat := catalog.figure_text(figure_id, "caveat", code):
        st.caption(escape_md(caveat))


def downloads(files: list[tuple[str, Callable[[], bytes | str], str, str]], key: str) -> None:
    """A row of download buttons: (label, make the bytes when clicked, file name, MIME type)."""
    # a horizontal container, not columns: on a phone the buttons wrap two or three to a row
    # instead of stacking one per row
    with st.container(horizontal=True, gap="small"):
        for i, (label, make, name, mime) in enumerate(files):
            st.download_button(label, make, file_name=name, mime=mime, key=f"{key}_{i}", on_click="ignore",
                               icon=":material/download:")


def _altair_lock():
    """Streamlit switches Altair's global data transformer (under its own lock) while it
    converts a chart; taking the same lock keeps our own to_json from seeing that transformer
    when another session draws a chart at the same moment."""
    try:
        from streamlit.elements.vega_charts import _altair_globals_lock
    except ImportError:  # a later Streamlit may move it; then no lock (as before)
        import contextlib

        return contextlib.nullcontext()
    return _altair_globals_lock


_PREPARED: dict[int, tuple] = {}  # id(chart) -> (weakref to it, chart with autosize, its JSON)


def _prepared(chart) -> tuple[alt.TopLevelMixin, str]:
    """The chart as drawn (autosize fit-x unless it sets its own: Streamlit would otherwise fit
    the whole chart, title and legend included, into its height; fit-x keeps `height` the
    plot's own height, as in the exported images) and its JSON for the image downloads.
    Remembered per chart object: memoized chart functions (charts.base.memo) give every rerun
    the same chart, and its JSON took ~0.1 s per chart per rerun (schema validation, which
    st.altair_chart does anyway: so not repeated here)."""
    key = id(chart)
    hit = _PREPARED.get(key)
    if hit is not None and hit[0]() is chart:
        return hit[1], hit[2]
    drawn = chart
    if getattr(chart, "autosize", alt.Undefined) is alt.Undefined:
        drawn = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    # label, legend and title limits that fit a phone: a copy (sharing the data, never holding
    # `chart` itself, so the weak reference below still frees the entry with the chart)
    drawn = responsive(drawn)
    with _altair_lock():
        spec = drawn.to_json(indent=None, validate=False)
    try:
        ref = weakref.ref(chart, lambda _: _PREPARED.pop(key, None))
    except TypeError:  # not weak-referenceable: nothing to remember it by
        return drawn, spec
    _PREPARED[key] = (ref, drawn, spec)
    return drawn, spec


def chart_block(chart, *, key: str, source_line: str, alt_text: str, table: pd.DataFrame,
                csv: pd.DataFrame | None = None, filename: str, on_select="ignore",
                selection_mode: str | list[str] | None = None):
    """One chart as every page shows it, with everything a chart owes its reader.

    Draws, in order:
    - the Altair `chart`, full width, with `alt_text` as its accessible name. Its title, unit
      and any warnings belong in the chart itself (title/subtitle), so they travel with the
      images. Autosize is "fit-x" unless the chart sets its own: the width follows the page,
      `height` stays the plot's height, as in the images;
    - the source line (`catalog.source_line(...)`, plus `geo.attribution` for a map) under it;
    - "lihat sebagai tabel / view as table": an expander holding `table` (already readable:
      formatted numbers, localised headers);
    - three downloads, each carrying the source line: PNG and SVG (`export.images`, the source
      drawn under the chart; made only when clicked) and CSV of `csv` (the plotted data, tidy;
      default `table`) with a `source` column (`export.tables.to_csv_bytes`).

    key: a unique widget key (the download buttons use key + "_png"/"_svg"/"_csv");
    filename: the download name without extension; on_select/selection_mode: passed to
    `st.altair_chart` (e.g. on_select=callback with a point selection on the map).
    Returns what `st.altair_chart` returns (the selection state when on_select is not "ignore").

        ui.chart_block(chart, key="kur_bar", source_line=catalog.source_line(ids, lang),
                       alt_text="...", table=readable_df, csv=tidy_df, filename="kur-2016")
    """
    from .export import images
    from .export.tables import to_csv_bytes

    code = lang()
    chart, spec = _prepared(chart)  # autosize, phone limits (charts.base.responsive), JSON
    event = st.altair_chart(chart, key=key, alt=alt_text, on_select=on_select,
                            selection_mode=selection_mode, width="stretch")
    st.caption(escape_md(source_line))
    with st.expander(t("chart_block.view_as_table", code)):
        st.dataframe(table, hide_index=True, width="stretch")
    # a horizontal container, not columns: on a phone the three buttons share a row or two
    # instead of one row each
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        t("chart_block.download_png", code), data=lambda: images.to_png(spec, source_line),
        file_name=f"{filename}.png", mime="image/png", key=f"{key}_png", on_click="ignore",
        icon=":material/image:", help=t("chart_block.download_help", code))
    row.download_button(
        t("chart_block.download_svg", code), data=lambda: images.to_svg(spec, source_line),
        file_name=f"{filename}.svg", mime="image/svg+xml", key=f"{key}_svg", on_click="ignore",
        icon=":material/draw:", help=t("chart_block.download_help", code))
    row.download_button(
        t("chart_block.download_csv", code), data=to_csv_bytes(table if csv is None else csv, source_line),
        file_name=f"{filename}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
        icon=":material/table:", help=t("chart_block.download_help", code))
    return event


def widget_key(key: str) -> str:
    """The widget key for the page state `key` in the current language.

    Streamlit 1.67 keeps showing a selectbox's old label when only its format_func changes
    (same key, same value), so after the language switch the choices would still read in the
    other language. A widget per language, fed from the language-neutral `key`, avoids that.
    """
    return f"{key}__{lang()}"


def url_state(key: str, param: str, valid: list[str], default: str) -> str:
    """Page state `key` for a widget, kept across reruns, the language switch and the URL.

    Its value is the widget's (if the reader changed it), else the last value (the other
    language's widget), else the URL's `?param=` when it is one of `valid`, else `default`;
    a value no longer valid (the options changed) falls back the same way. Returns the widget
    key to create the widget with (`key=ui.url_state(...)`); read the value from
    `st.session_state[key]` or the widget, and write it back with `sync_url`.
    """
    wkey = widget_key(key)
    current = st.session_state.get(wkey, st.session_state.get(key))
    if current not in valid:
        wanted = st.query_params.get(param)
        current = wanted if wanted in valid else default
    st.session_state[key] = current
    st.session_state[wkey] = current
    return wkey


def period_select(container, label: str, key: str, options: list, default, code: str) -> str | None:
    """A period dropdown in `container` (st, a column...): `options` are indicators.PeriodOption
    (newest first, as indicators.period_options gives them), shown in the reader's words; the
    state `key` comes from url_state(key, "period", ...) with `default` (an option or None) first.
    Remembers and returns the chosen period key (None when there is no option)."""
    periods = {o.key: o for o in options}
    wkey = url_state(key, "period", list(periods), default.key if default else "")
    value = container.selectbox(label, list(periods), key=wkey, format_func=lambda k: periods[k].label(code))
    remember(key, value)
    return value


def regency_select(container, label: str, none_label: str, key: str, code: str) -> str:
    """A regency dropdown in `container`: none (`none_label`) or one of the 9 regencies by name,
    state `key` from url_state(key, "regency", ...). Remembers and returns the BPS code or ""."""
    options = ["", *catalog.REGENCY_CODES]
    wkey = url_state(key, "regency", options, "")
    value = container.selectbox(label, options, key=wkey,
                                format_func=lambda c: catalog.regency_name(c, code) if c else none_label)
    remember(key, value)
    return value


NO_DERIVATION = "none"  # the derivation picker's "the figure itself"


@dataclass(frozen=True)
class MapPicker:
    """Widget keys and options of a regency-map indicator picker (see `map_picker`)."""

    prefix: str
    metrics: list[str]
    metric: str  # the metric chosen (its derivations and periods below are for it)
    metric_key: str
    derived_options: list[str]
    derived_key: str
    period_options: list  # indicators.PeriodOption of the chosen metric, newest first
    default_period: object  # the option shown first (indicators.default_period), None if none

    def draw(self, code: str, texts: str, *, metric, derived, period, regency) -> tuple:
        """The four selectboxes, each in the container given (st, a column, ...), labelled from the
        locale file `texts` (keys pick_metric, pick_derived, derived_none, pick_period, pick_regency,
        pick_regency_none). Remembers the choices (url_state) and returns (metric, derivation or
        None, period key or None when the metric has no regency data, regency code or "")."""
        from . import indicators

        chosen_metric = metric.selectbox(t(f"{texts}.pick_metric", code), self.metrics, key=self.metric_key,
                                         format_func=lambda m: catalog.metric_label(m, code))
        chosen_derived = derived.selectbox(
            t(f"{texts}.pick_derived", code), self.derived_options, key=self.derived_key,
            format_func=lambda d: t(f"{texts}.derived_none", code) if d == NO_DERIVATION
            else indicators.DERIVED[d].label_in(code))
        chosen_period = period_select(period, t(f"{texts}.pick_period", code), f"{self.prefix}_period",
                                      self.period_options, self.default_period, code)
        chosen_regency = regency_select(regency, t(f"{texts}.pick_regency", code),
                                        t(f"{texts}.pick_regency_none", code), f"{self.prefix}_regency", code)
        for name, value in (("metric", chosen_metric), ("derived", chosen_derived)):
            remember(f"{self.prefix}_{name}", value)
        return (chosen_metric, None if chosen_derived == NO_DERIVATION else chosen_derived, chosen_period,
                chosen_regency)


def map_picker(prefix: str, default_metric: str = "umkm_total") -> MapPicker:
    """The state of a map indicator picker (metric, derivation, period, regency), each from
    its widget, else the other language's widget, else the URL (?metric= &derived= &period=
    &regency=), else a default: the metric's newest period, no derivation, no regency. State
    keys are `<prefix>_metric` etc. Used by the map page and the briefing page, so a view
    shared from one opens the same indicator in the other."""
    from . import indicators

    metrics = indicators.map_metrics()
    metric_key = url_state(f"{prefix}_metric", "metric", metrics,
                           default_metric if default_metric in metrics else metrics[0])
    metric = st.session_state[f"{prefix}_metric"]
    derived_options = [NO_DERIVATION, *indicators.derivations(metric)]
    derived_key = url_state(f"{prefix}_derived", "derived", derived_options, NO_DERIVATION)
    return MapPicker(prefix, metrics, metric, metric_key, derived_options, derived_key,
                     indicators.period_options(metric), indicators.default_period(metric))


def remember(key: str, value: str) -> None:
    """Store a widget's value as the language-neutral page state `key` (see url_state)."""
    st.session_state[key] = value


def sync_url(params: dict[str, str | None]) -> None:
    """Put the page's state into the URL (empty or None removes the parameter), so a view can
    be shared: sync_url({"metric": metric, "regency": code})."""
    for param, value in params.items():
        if value and st.query_params.get(param) != value:
            st.query_params[param] = value
        elif not value and param in st.query_params:
            del st.query_params[param]


def on_map_click(chart_key: str, target_key: str, field: str = "regency_code", selection: str = "regency"):
    """A callback for `chart_block(..., on_select=...)`: a click on a regency of the map
    `chart_key` (a point selection named `selection` on the flat `field`, as
    charts.choropleth builds it) sets the widget `target_key` (e.g. the regency dropdown) to
    that BPS code (`target_key` is the page-state key given to `url_state`). Clicking
    elsewhere changes nothing."""

    def callback() -> None:
        state = st.session_state.get(chart_key) or {}
        picked = (state.get("selection") or {}).get(selection) or []
        code = str(picked[0].get(field, "")) if picked else ""
        if code in catalog.REGENCY_CODES:
            st.session_state[target_key] = code
            st.session_state[widget_key(target_key)] = code

    return callback


def table_height(n_rows: int, max_rows: int = 30) -> int:
    """Pixels for st.dataframe to show `n_rows` without an inner scrollbar (up to max_rows)."""
    return 38 + 35 * min(max(n_rows, 1), max_rows)


def safe_filename(text: str) -> str:
    """A download name browsers keep as is: lower case letters, digits, '-' and '_'."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "unduhan"
