"""The actor × barrier matrix of recommendation counts, as a clickable Altair heatmap."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .base import FONT, apply_config, memo

SELECTION = "matrix_pick"  # the point selection's name; Streamlit reports clicks under it
CELL_W, CELL_H = 110, 22
ZERO_FILL = "#f2f2f2"
SELECTED_STROKE = "#D55E00"  # Okabe-Ito vermillion, stands out on the blue scale


@memo
def matrix_heatmap(df: pd.DataFrame, *, title: str, unit_label: str, lang: str = "id",
                   tooltip_titles: dict[str, str], selected: set[tuple[str, str]] = frozenset(),
                   interactive: bool = True) -> alt.Chart:
    """Barriers (rows, grouped) × actors (columns); colour and label = number of recommendations.

    df: interventions.matrix() (actor, barrier, n, actor_label, barrier_label, group).
    selected: (actor, barrier) cells outlined (the current filter). interactive: adds the point
    selection `cell` (fields actor, barrier) Streamlit's on_select reports. The source line is
    a caption on the page and a footer on images (`export.images`).
    """
    data = df.copy()
    data["selected"] = [(a, b) in selected for a, b in zip(data["actor"], data["barrier"], strict=True)]
    top = max(int(data["n"].max()), 1)
    x_order = list(dict.fromkeys(data["actor_label"]))
    y_order = list(dict.fromkeys(data["barrier_label"]))
    x = alt.X("actor_label:N", sort=x_order, title=None,
              axis=alt.Axis(orient="top", labelAngle=0, labelLimit=CELL_W - 4, labelFontSize=11, labelOverlap=False))
    y = alt.Y("barrier_label:N", sort=y_order, title=None, axis=alt.Axis(labelLimit=330, labelFontSize=11))
    tooltip = [alt.Tooltip("barrier_label:N", title=tooltip_titles["barrier"]),
               alt.Tooltip("actor_label:N", title=tooltip_titles["actor"]),
               alt.Tooltip("n:Q", title=tooltip_titles["n"], format=",.0f")]
    base = alt.Chart(data)
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y,
        color=alt.when("datum.n == 0").then(alt.value(ZERO_FILL))
        .otherwise(alt.Color("n:Q", scale=alt.Scale(scheme="blues", domain=[0, top]), legend=None)),
    )
    counts = base.mark_text(fontSize=11, font=FONT).encode(
        x=x, y=y, text=alt.Text("n:Q", format=",.0f"),
        color=alt.when(f"datum.n > {top / 2}").then(alt.value("white"))
        .when("datum.n == 0").then(alt.value("#888")).otherwise(alt.value("#111")),
    )
    outline = base.transform_filter("datum.selected").mark_rect(
        fill=None, stroke=SELECTED_STROKE, strokeWidth=3).encode(x=x, y=y)
    # An invisible copy of the cells on top takes the clicks and the tooltip, so a click on a number
    # selects its cell too (a selection over two layers does not render in Streamlit 1.67).
    hits = base.mark_rect(fill="white", opacity=0).encode(x=x, y=y, tooltip=tooltip)
    if interactive:
        hits = hits.add_params(
            alt.selection_point(name=SELECTION, fields=["actor", "barrier"], on="click", clear="dblclick"))
    chart = alt.layer(cells, counts, outline, hits).properties(
        width=alt.Step(CELL_W), height=alt.Step(CELL_H),
        title=alt.TitleParams(title, subtitle=[unit_label], anchor="start"),
    )
    return apply_config(chart, lang)


def image_chart(df: pd.DataFrame, **kwargs) -> alt.Chart:
    """The same chart for PNG/SVG files, without the click selection (export.images adds the
    source line as a footer)."""
    return matrix_heatmap(df, interactive=False, **kwargs)
