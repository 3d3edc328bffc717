"""Charts of the KUR page: sector shares with the computed remainder, and the national
realisation against its target (a bullet). Pure functions returning Altair charts; no Streamlit."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .base import PALETTE, apply_config, cached

COMPUTED_COLOUR = "#8a8a8a"
TARGET_COLOUR = "#d9d9d9"


@cached
def sector_bars(df: pd.DataFrame, *, title: str, unit_label: str, lang: str = "id",
                legend_title: str = "", note: str = "") -> alt.LayerChart:
    """Horizontal bars of `share` by `label` in the order given, coloured by `kind_label` (the
    paper's figures in blue, the computed remainder in grey and striped outline), each labelled
    with `share_text` (formatted in Python, so "27,83%" reads as in the text). `note` (how the
    remainder was computed) goes under the unit in the subtitle, so it travels with the images."""
    order = list(df["label"])
    pairs = list(dict.fromkeys(zip(df["kind"], df["kind_label"], strict=True)))
    kinds = [label for _, label in pairs]
    colours = [PALETTE[0] if kind == "paper" else COMPUTED_COLOUR for kind, _ in pairs]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(df).mark_bar().encode(
        y=y,
        x=alt.X("share:Q", title=unit_label, scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(format=",.0f", values=[0, 25, 50, 75, 100])),
        color=alt.Color("kind_label:N", title=legend_title or None,
                        scale=alt.Scale(domain=kinds, range=colours),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("share_text:N", title=unit_label),
                 alt.Tooltip("kind_label:N", title=legend_title or " "), alt.Tooltip("figure:N", title=" ")],
    )
    text = alt.Chart(df).mark_text(align="left", dx=4, color="#222").encode(y=y, x="share:Q", text="share_text:N")
    chart = alt.layer(bars, text).properties(
        title=alt.TitleParams(title, subtitle=[unit_label, *([note] if note else [])]), width="container",
        height=max(100, 34 * len(df)))
    return apply_config(chart, lang)


@cached
def bullet(realised: float, target: float, *, title: str, subtitle: list[str], realised_label: str,
           target_label: str, realised_text: str, target_text: str, axis_title: str, scale: float = 1e12,
           lang: str = "id") -> alt.LayerChart:
    """A bullet chart: the target as a long grey bar, the realisation as a shorter dark bar on
    it, each labelled (text formatted in Python). Values are drawn in units of `scale`
    (trillions by default) so the axis reads 0, 50, 100 ... with the locale's separators."""
    data = pd.DataFrame({"row": [""], "target": [target / scale], "realised": [realised / scale],
                         "target_text": [f"{target_label}: {target_text}"],
                         "realised_text": [f"{realised_label}: {realised_text}"]})
    y = alt.Y("row:N", title=None, axis=None)
    x_scale = alt.Scale(domain=[0, target / scale * 1.02], nice=False)
    base = alt.Chart(data)
    target_bar = base.mark_bar(color=TARGET_COLOUR, size=46).encode(
        y=y, x=alt.X("target:Q", title=axis_title, scale=x_scale, axis=alt.Axis(format=",.0f", tickCount=6)),
        tooltip=[alt.Tooltip("target_text:N", title=" ")])
    realised_bar = base.mark_bar(color=PALETTE[0], size=22).encode(
        y=y, x="realised:Q", tooltip=[alt.Tooltip("realised_text:N", title=" ")])
    # Both labels sit outside the bars, in dark text on white: above the bars from the start of the
    # axis for the realisation, below them ending at the target. Inside the bar, a long label ran
    # out of a short bar on a phone and was cut at the chart's edge.
    realised_label_mark = base.mark_text(align="left", baseline="bottom", dy=-25, color="#111",
                                         fontWeight="bold").encode(y=y, x=alt.datum(0), text="realised_text:N")
    target_label_mark = base.mark_text(align="right", baseline="top", dy=25, color="#333").encode(
        y=y, x="target:Q", text="target_text:N")
    chart = alt.layer(target_bar, realised_bar, realised_label_mark, target_label_mark).properties(
        title=alt.TitleParams(title, subtitle=subtitle), width="container", height=120)
    return apply_config(chart, lang)
