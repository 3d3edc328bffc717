"""The actor × barrier matrix of recommendation counts, as a clickable Altair heatmap."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..a11y import text_colour_on
from .base import CONTAINER_WIDTH, FONT, apply_config, cached

SELECTION = "matrix_pick"  # the point selection's name; Streamlit reports clicks under it
CELL_W, CELL_H = 110, 22
ZERO_FILL = "#f2f2f2"
ZERO_TEXT = "#555555"  # 6.7:1 on ZERO_FILL (WCAG AA needs 4.5:1)
# ColorBrewer Blues, four steps: one hue getting darker reads the same with any colour vision, and
# each count's text colour (dark or white) is chosen for contrast against its own cell.
BLUES = ("#deebf7", "#9ecae1", "#4292c6", "#08519c")
SELECTED_STROKE = "#D55E00"  # Okabe-Ito vermillion, stands out on the blue scale
NARROW = 700  # px: below this container width the actor labels stand upright, so cells can be narrow


def cell_fill(n: int, top: int) -> str:
    """The colour of a cell holding `n` recommendations when the largest cell holds `top`."""
    if n <= 0:
        return ZERO_FILL
    return BLUES[min(len(BLUES) - 1, max(0, -(-n * len(BLUES) // max(top, 1)) - 1))]


def cell_text(n: int, top: int) -> str:
    return ZERO_TEXT if n <= 0 else text_colour_on(cell_fill(n, top))


@cached
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
    data["fill"] = [cell_fill(int(n), top) for n in data["n"]]
    data["text_colour"] = [cell_text(int(n), top) for n in data["n"]]
    x_order = list(dict.fromkeys(data["actor_label"]))
    y_order = list(dict.fromkeys(data["barrier_label"]))
    # on a narrow screen (a phone) the actor names stand upright above their columns
    narrow = f"{CONTAINER_WIDTH} > 0 && {CONTAINER_WIDTH} < {NARROW}"
    x = alt.X("actor_label:N", sort=x_order, title=None,
              axis=alt.Axis(orient="top", labelAngle=alt.ExprRef(f"{narrow} ? -90 : 0"),
                            labelAlign=alt.ExprRef(f"{narrow} ? 'left' : 'center'"),
                            labelBaseline=alt.ExprRef(f"{narrow} ? 'middle' : 'bottom'"),
                            labelLimit=CELL_W - 4, labelFontSize=11, labelOverlap=False))
    y = alt.Y("barrier_label:N", sort=y_order, title=None, axis=alt.Axis(labelLimit=330, labelFontSize=11))
    tooltip = [alt.Tooltip("barrier_label:N", title=tooltip_titles["barrier"]),
               alt.Tooltip("actor_label:N", title=tooltip_titles["actor"]),
               alt.Tooltip("n:Q", title=tooltip_titles["n"], format=",.0f")]
    base = alt.Chart(data)
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y, color=alt.Color("fill:N", scale=None, legend=None))
    counts = base.mark_text(fontSize=11, font=FONT).encode(
        x=x, y=y, text=alt.Text("n:Q", format=",.0f"), color=alt.Color("text_colour:N", scale=None, legend=None))
    # aria=False: with nothing selected this layer is an empty group that screen readers (and axe's
    # svg-img-alt) would meet as an unnamed image; the selection is stated in the filters anyway
    outline = base.transform_filter("datum.selected").mark_rect(
        fill=None, stroke=SELECTED_STROKE, strokeWidth=3, aria=False).encode(x=x, y=y)
    # An invisible copy of the cells on top takes the clicks and the tooltip, so a click on a number
    # selects its cell too (a selection over two layers does not render in Streamlit 1.67).
    hits = base.mark_rect(fill="white", opacity=0).encode(x=x, y=y, tooltip=tooltip)
    if interactive:
        hits = hits.add_params(
            alt.selection_point(name=SELECTION, fields=["actor", "barrier"], on="click", clear="dblclick"))
    chart = alt.layer(cells, counts, outline, hits).properties(
        # a height in pixels (rows × CELL_H), not alt.Step: the page draws with autosize fit-x, and
        # Vega-Lite warns in the browser console ("Dropping fit-y") for a fit with a step height
        width=len(x_order) * CELL_W if not interactive else "container", height=len(y_order) * CELL_H,
        title=alt.TitleParams(title, subtitle=[unit_label], anchor="start"),
    )
    return apply_config(chart, lang)


def image_chart(df: pd.DataFrame, **kwargs) -> alt.Chart:
    """The same chart for PNG/SVG files, without the click selection (export.images adds the
    source line as a footer)."""
    return matrix_heatmap(df, interactive=False, **kwargs)
