"""Charts and downloads as every page shows them: `show(view, key=...)` and `downloads(...)`.

Every chart on every page is a `charts.base.ChartView` built by a `*_view()` function of the
views layer, and drawn here, once, with everything a chart owes its reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from ..charts.base import ChartView
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


def paged(items: Sequence, pages: list[tuple[int, int]], *, key: str, label: str,
          caption: Callable[[int, int, int], str]) -> Sequence:
    """The items of one page of a long list (`pages`: (first, last) positions from 1, e.g.
    views.interventions.card_pages): a row of page buttons ("1–10", "11–20", ...) and a caption
    (`caption(first, last, n)`) when there is more than one page; the first page at first. Where
    the reader is in a list is not page state (not in the URL): a new filter starts at page one."""
    if not pages:
        return items[:0]
    at = 0
    if len(pages) > 1:
        at = st.segmented_control(label, range(len(pages)), default=0, key=f"{key}_{len(items)}",
                                  format_func=lambda i: f"{pages[i][0]}–{pages[i][1]}") or 0
        st.caption(caption(pages[at][0], pages[at][1], len(items)))
    first, last = pages[at]
    return items[first - 1:last]


def _sendable(view: ChartView) -> dict:
    """`view.spec` with its tables already in Arrow IPC bytes, made once per view: Streamlit turns
    every tabular dataset of a spec into Arrow bytes on every run unless it is bytes already
    (~8 ms a chart; a TopoJSON dataset stays as it is)."""
    def with_arrow(spec: dict) -> dict:
        ready = dict(spec)
        if isinstance(spec.get("datasets"), dict):
            ready["datasets"] = {name: dataframe_util.convert_anything_to_arrow_bytes(rows) if isinstance(rows, list)
                                 else rows for name, rows in spec["datasets"].items()}
        return ready

    return view.remember("streamlit", view.spec, with_arrow)


def _unshared(spec: dict) -> dict:
    """The spec with its own top-level dict and colour encoding: Streamlit copies the top level
    only and then writes " " over a null legend title in place (a Vega-Lite workaround), which
    would otherwise change the remembered spec the image downloads draw too."""
    spec = dict(spec)
    encoding = spec.get("encoding")
    if isinstance(encoding, dict) and isinstance(encoding.get("color"), dict):
        color = dict(encoding["color"])
        if isinstance(color.get("legend"), dict):
            color["legend"] = dict(color["legend"])
        spec["encoding"] = {**encoding, "color": color}
    return spec


def show(view: ChartView, *, key: str, on_select="ignore", selection_mode: str | list[str] | None = None,
         on_table_select: Callable[[], None] | None = None):
    """One chart as every page shows it, with everything a chart owes its reader.

    Draws, in order:
    - `view.chart`, full width, with `view.alt_text` as its accessible name. Its title, unit and
      any warnings belong in the chart itself (title/subtitle), so they travel with the images.
      Autosize is "fit-x" unless the chart sets its own; label limits follow a phone's width
      (charts.base.responsive). What is sent is `view.spec`, converted and validated once per
      view (views are remembered per arguments, data version and language), with
      st.vega_lite_chart: st.altair_chart would convert and validate the chart again on every
      rerun (~60–90 ms a chart, ~200 ms the map);
    - the source line (`view.source_line`) under it;
    - "lihat sebagai tabel / view as table": an expander holding `view.table` (already readable:
      formatted numbers, localised headers; its index shown when `view.table_index`);
    - three downloads, each carrying the source line: PNG and SVG (`export.images`, the source
      drawn under the chart, made only when clicked; of `view.image` when the view has one) and
      CSV of `view.csv` (tidy; default the table) with a `source` column (`view.csv_source`
      when it says more than the line).

    key: a unique widget key (the chart; the table is `<key>_table`, the buttons `<key>_png`,
    `_svg`, `_csv`); on_select/selection_mode: st.vega_lite_chart's (e.g. a PageState.on_map_click
    callback with the map's point selection); on_table_select: a callback for a click on a
    table cell (the table's selection is then `<key>_table` in the session).
    Returns what `st.vega_lite_chart` returns (the selection state when on_select is not "ignore").

        ui.show(distribution.scale_view(lang), key="dist_scale")
    """
    lang = current_lang()
    words = view.words
    event = st.vega_lite_chart(_unshared(_sendable(view)), key=key, alt=view.alt_text, on_select=on_select,
                               selection_mode=selection_mode, width="stretch",
                               theme="streamlit" if view.theme else None)
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
        t(f"{words}.download_png", lang), data=lambda: images.to_png(view.image_spec, source),
        file_name=f"{view.filename}.png", mime="image/png", key=f"{key}_png", on_click="ignore",
        icon=":material/image:", help=help_text)
    row.download_button(
        t(f"{words}.download_svg", lang), data=lambda: images.to_svg(view.image_spec, source),
        file_name=f"{view.filename}.svg", mime="image/svg+xml", key=f"{key}_svg", on_click="ignore",
        icon=":material/draw:", help=help_text)
    row.download_button(
        t(f"{words}.download_csv", lang),
        data=lambda: to_csv_bytes(view.table if view.csv is None else view.csv, view.csv_source or source),
        file_name=f"{view.filename}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
        icon=":material/table:", help=help_text)
    return event


def table_height(n_rows: int, max_rows: int = 30) -> int:
    """Pixels for st.dataframe to show `n_rows` without an inner scrollbar (up to max_rows)."""
    return 38 + 35 * min(max(n_rows, 1), max_rows)
