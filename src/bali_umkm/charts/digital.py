"""Charts of the digital adoption page: share bars that show how sure each value is, the status
split as stacked bars, and a short series whose projected point looks modelled.

Three kinds of bar (`style` column, see bali_umkm.digital):
- "printed": a value the source prints, solid;
- "bound": a value printed as a bound ("< 6%"): an open bar with a dashed outline reaching the
  bound, labelled as printed ("< 6%"): the true value lies somewhere below the bar's end;
- "computed": a value this dashboard computed (Table 2's unprinted rest), light grey, dashed.
The legend names the kinds present. No Streamlit import here.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..a11y import text_colour_on
from .base import PALETTE, apply_config, cached

STYLES = ("printed", "bound", "computed")
FILL = {"printed": None, "bound": "#ffffff", "computed": "#dcdcdc"}
STROKE = {"printed": None, "bound": None, "computed": "#555555"}
DASH = {"printed": [1, 0], "bound": [5, 3], "computed": [3, 2]}
ROW_HEIGHT = 30
KBLI_X_MAX = 40          # Table 2's bars: the axis ends at 40% (the largest share is about 31%)
KBLI_LABEL_LIMIT = 470   # pixels for its long KBLI category names


@cached
def share_bars(data: pd.DataFrame, *, title: str, unit_label: str, style_labels: dict[str, str],
               lang: str = "id", subtitle: list[str] | tuple[str, ...] = (), color: str = PALETTE[0],
               x_max: float | None = None, label_limit: int = 330) -> alt.LayerChart:
    """Horizontal bars of `data` (label, value, text, style, order), in `order`, each labelled
    with `text` at its end. style_labels: legend text for each style present."""
    df = data.copy()
    styles = [s for s in STYLES if s in set(df["style"])]
    df["style_text"] = df["style"].map(style_labels)
    domain = [style_labels[s] for s in styles]
    fill = [FILL[s] or color for s in styles]
    stroke = [STROKE[s] or color for s in styles]
    dash = [DASH[s] for s in styles]
    legend = alt.Legend(orient="bottom", direction="vertical", title=None, labelLimit=600, symbolSize=200,
                        symbolStrokeWidth=1.5) if len(styles) > 1 else None
    top = x_max if x_max is not None else max(100.0, float(df["value"].max()) * 1.12)
    # an explicit list: a sort by field is not kept once the text layer shares the axis
    y = alt.Y("label:N", sort=df.sort_values("order")["label"].tolist(), title=None,
              axis=alt.Axis(labelLimit=label_limit, labelFontSize=11))
    x = alt.X("value:Q", title=unit_label, scale=alt.Scale(domain=[0, top], nice=False),
              axis=alt.Axis(format=",.0f", tickCount=5))
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=unit_label),
               alt.Tooltip("style_text:N", title=" ")]
    bars = alt.Chart(df).mark_bar(strokeWidth=1.6, height={"band": 0.72}).encode(
        y=y, x=x, tooltip=tooltip,
        fill=alt.Fill("style_text:N", scale=alt.Scale(domain=domain, range=fill), legend=legend),
        stroke=alt.Stroke("style_text:N", scale=alt.Scale(domain=domain, range=stroke), legend=legend),
        strokeDash=alt.StrokeDash("style_text:N", scale=alt.Scale(domain=domain, range=dash), legend=legend),
    )
    labels = alt.Chart(df).mark_text(align="left", dx=4, fontSize=11, color="#222").encode(
        y=y, x=x, text="text:N", tooltip=tooltip)
    chart = alt.layer(bars, labels).properties(
        title=alt.TitleParams(title, subtitle=[unit_label, *subtitle]), width="container",
        height=max(90, ROW_HEIGHT * len(df)))
    return apply_config(chart, lang)


@cached
def status_bars(data: pd.DataFrame, *, title: str, unit_label: str, lang: str = "id",
                subtitle: list[str] | tuple[str, ...] = ()) -> alt.LayerChart:
    """Stacked 0–100% bars by area (data: area, status_text, start, end, text); a segment the
    source does not print is simply not drawn."""
    order = list(dict.fromkeys(data["area"]))
    statuses = list(dict.fromkeys(data["status_text"]))
    colours = [PALETTE[0], PALETTE[1]][:len(statuses)]
    # each segment's label in white or near-black, whichever reads on its colour (white on the
    # orange would be 2.3:1, under WCAG AA's 4.5:1)
    data = data.assign(label_colour=data["status_text"].map(
        {s: text_colour_on(c) for s, c in zip(statuses, colours, strict=False)}))
    y = alt.Y("area:N", sort=order, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=240))
    tooltip = [alt.Tooltip("area:N", title=" "), alt.Tooltip("status_text:N", title=" "),
               alt.Tooltip("text:N", title=unit_label)]
    base = alt.Chart(data)
    bars = base.mark_bar(height={"band": 0.62}, stroke="white", strokeWidth=1).encode(
        y=y, x=alt.X("start:Q", title=unit_label, scale=alt.Scale(domain=[0, 100], nice=False),
                     axis=alt.Axis(format=",.0f", values=[0, 20, 40, 60, 80, 100])),
        x2="end:Q", tooltip=tooltip,
        color=alt.Color("status_text:N", title=None, scale=alt.Scale(domain=statuses, range=colours),
                        legend=alt.Legend(orient="bottom", labelLimit=400)))
    labels = base.transform_calculate(mid="(datum.start + datum.end) / 2").mark_text(
        fontSize=12, fontWeight="bold").encode(y=y, x="mid:Q", text="text:N", tooltip=tooltip,
                                                color=alt.Color("label_colour:N", scale=None, legend=None))
    chart = alt.layer(bars, labels).properties(
        title=alt.TitleParams(title, subtitle=[unit_label, *subtitle]), width="container",
        height=40 * len(order) + 10)
    return apply_config(chart, lang)


@cached
def projection_series(data: pd.DataFrame, *, title: str, unit_label: str, lang: str = "id",
                      subtitle: list[str] | tuple[str, ...] = (), color: str = PALETTE[0],
                      projection_color: str = PALETTE[5]) -> alt.LayerChart:
    """A few points by year (data: year, value_millions, kind, kind_text, text): the line to a
    projected point is dashed and the projected point hollow, in another colour, so a modelled
    value never looks observed."""
    years = data["year"].astype(int).tolist()
    kinds = list(dict.fromkeys(data["kind_text"]))
    palette = [color if k == "estimate" else projection_color for k in dict.fromkeys(data["kind"])]
    x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[min(years) - 0.5, max(years) + 0.5], nice=False),
              axis=alt.Axis(format="d", values=list(range(min(years), max(years) + 1)), labelAngle=0))
    y = alt.Y("value_millions:Q", title=unit_label, scale=alt.Scale(zero=True, nice=True),
              axis=alt.Axis(format=",.0f"))
    tooltip = [alt.Tooltip("year:Q", title=" ", format="d"), alt.Tooltip("text:N", title=unit_label),
               alt.Tooltip("kind_text:N", title=" ")]
    colour = alt.Color("kind_text:N", title=None, scale=alt.Scale(domain=kinds, range=palette),
                       legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=600))
    base = alt.Chart(data).encode(x=x, y=y)
    line = base.mark_line(strokeDash=[6, 4], color="#777", strokeWidth=2)
    points = base.mark_point(size=160, strokeWidth=2.5, opacity=1).encode(
        color=colour, tooltip=tooltip,
        fill=alt.Fill("kind_text:N", scale=alt.Scale(domain=kinds, range=[
            color if k == "estimate" else "white" for k in dict.fromkeys(data["kind"])]), legend=None))
    labels = base.mark_text(dy=-16, fontSize=12, color="#222").encode(text="text:N")
    chart = alt.layer(line, points, labels).properties(
        title=alt.TitleParams(title, subtitle=[unit_label, *subtitle]), width="container", height=220)
    return apply_config(chart, lang)
