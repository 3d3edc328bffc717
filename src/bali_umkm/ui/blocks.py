"""Charts and downloads as every page shows them: `show(view, key=...)` and `downloads(...)`.

Every chart on every page is a `charts.base.ChartView` built by a `*_view()` function of the
views layer, and drawn here, once, with everything a chart owes its reader.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from ..charts.base import ChartView, responsive
from ..export import images
from ..export.tables import to_csv_bytes
from ..i18n import t
from .cards import source_note
from .page import lang as current_lang


def downloads(files: list[tuple[str, Callable[[], bytes | str], str, str]], key: str) -> None:
    """A row of download buttons: (label, make the bytes when clicked, file name, MIME type)."""
    # a horizontal container, not columns: on a phone the buttons wrap two or three to a row
    # instead of stacking one per row
    with st.container(horizontal=True, gap="small"):
        for i, (label, make, name, mime) in enumerate(files):
            st.download_button(label, make, file_name=name, mime=mime, key=f"{key}_{i}", on_click="ignore",
                               icon=":material/download:")


def csv_download(label: str, frame: pd.DataFrame, *, file_name: str, key: str, source_line: str | None = None) -> None:
    """One CSV download button: the table (cells that a spreadsheet would run as a formula are
    neutralised) with a `source` column holding `source_line`, made when clicked."""
    st.download_button(label, lambda: to_csv_bytes(frame, source_line), file_name=file_name, mime="text/csv", key=key,
                       on_click="ignore", icon=":material/table:")


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


def show(view: ChartView, *, key: str, on_select="ignore", selection_mode: str | list[str] | None = None,
         on_table_select: Callable[[], None] | None = None):
    """One chart as every page shows it, with everything a chart owes its reader.

    Draws, in order:
    - `view.chart`, full width, with `view.alt_text` as its accessible name. Its title, unit and
      any warnings belong in the chart itself (title/subtitle), so they travel with the images.
      Autosize is "fit-x" unless the chart sets its own; label limits follow a phone's width
      (charts.base.responsive);
    - the source line (`view.source_line`) under it;
    - "lihat sebagai tabel / view as table": an expander holding `view.table` (already readable:
      formatted numbers, localised headers; its index shown when `view.table_index`);
    - three downloads, each carrying the source line: PNG and SVG (`export.images`, the source
      drawn under the chart, made only when clicked; of `view.image` when the view has one) and
      CSV of `view.csv` (tidy; default the table) with a `source` column (`view.csv_source`
      when it says more than the line).

    key: a unique widget key (the chart; the table is `<key>_table`, the buttons `<key>_png`,
    `_svg`, `_csv`); on_select/selection_mode: st.altair_chart's (e.g. a PageState.on_map_click
    callback with the map's point selection); on_table_select: a callback for a click on a
    table cell (the table's selection is then `<key>_table` in the session).
    Returns what `st.altair_chart` returns (the selection state when on_select is not "ignore").

        ui.show(distribution.scale_view(lang), key="dist_scale")
    """
    lang = current_lang()
    words = view.words
    chart, spec = _prepared(view.chart)  # autosize, phone limits (charts.base.responsive), JSON
    image = spec if view.image is None else view.image
    event = st.altair_chart(chart, key=key, alt=view.alt_text, on_select=on_select, selection_mode=selection_mode,
                            width="stretch", **({} if view.theme else {"theme": None}))
    source_note(view.datasets, full_line=view.source_line)  # short line, full record a click away
    with st.expander(t(f"{words}.view_as_table", lang)):
        if on_table_select is None:
            st.dataframe(view.table, hide_index=not view.table_index, width="stretch")
        else:
            st.dataframe(view.table, hide_index=not view.table_index, width="stretch", key=f"{key}_table",
                         on_select=on_table_select, selection_mode="single-cell")
    # a horizontal container, not columns: on a phone the three buttons share a row or two
    # instead of one row each
    row = st.container(horizontal=True, gap="small")
    source, help_text = view.source_line, t("chart_block.download_help", lang)
    row.download_button(
        t(f"{words}.download_png", lang), data=lambda: images.to_png(image, source),
        file_name=f"{view.filename}.png", mime="image/png", key=f"{key}_png", on_click="ignore",
        icon=":material/image:", help=help_text)
    row.download_button(
        t(f"{words}.download_svg", lang), data=lambda: images.to_svg(image, source),
        file_name=f"{view.filename}.svg", mime="image/svg+xml", key=f"{key}_svg", on_click="ignore",
        icon=":material/draw:", help=help_text)
    row.download_button(
        t(f"{words}.download_csv", lang),
        data=to_csv_bytes(view.table if view.csv is None else view.csv, view.csv_source or source),
        file_name=f"{view.filename}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
        icon=":material/table:", help=help_text)
    return event


def table_height(n_rows: int, max_rows: int = 30) -> int:
    """Pixels for st.dataframe to show `n_rows` without an inner scrollbar (up to max_rows)."""
    return 38 + 35 * min(max(n_rows, 1), max_rows)
