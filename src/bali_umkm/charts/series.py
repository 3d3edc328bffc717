"""A time series with every source side by side (a line per source, points shaped by source).

Used for the province's UMKM totals, where Diskop's series and DPR's 2023 figure disagree: the
second source is drawn, not dropped. No Streamlit import here.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .base import PALETTE, apply_config, cached

SHAPES = ["circle", "diamond", "square", "triangle-up", "cross"]


@cached
def by_source(df: pd.DataFrame, *, title: str, unit_label: str, lang: str = "id", x: str = "year",
              y: str = "value", source: str = "source", label: str = "label", main: str | None = None,
              value_format: str = ",.0f", subtitle: list[str] | tuple[str, ...] = (),
              height: int = 300) -> alt.LayerChart:
    """`df` holds x (year), y (value), source (legend text) and label (the value as text; ""
    for no label). `main` is the source drawn first with its labels above the points; the
    others' labels go to the right of their points, so two sources for one year stay legible."""
    sources = list(dict.fromkeys(df[source]))
    if main in sources:
        sources.remove(main)
        sources.insert(0, main)
    main = main or sources[0]
    data = df.assign(_main=df[source] == main)
    enc_x = alt.X(f"{x}:O", title=None, axis=alt.Axis(labelAngle=0))
    enc_y = alt.Y(f"{y}:Q", title=unit_label, axis=alt.Axis(format=value_format),
                  scale=alt.Scale(zero=True))
    colour = alt.Color(f"{source}:N", title=None, scale=alt.Scale(domain=sources, range=PALETTE[:len(sources)]),
                       legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=520))
    shape = alt.Shape(f"{source}:N", title=None, scale=alt.Scale(domain=sources, range=SHAPES[:len(sources)]))
    tooltip = [alt.Tooltip(f"{x}:O", title=" "), alt.Tooltip(f"{label}:N", title=unit_label),
               alt.Tooltip(f"{source}:N", title=" ")]
    base = alt.Chart(data).encode(x=enc_x, y=enc_y)
    layers = [base.mark_line(strokeWidth=2).encode(color=colour, detail=f"{source}:N")]
    # the main source on the year, the others beside it (a point repeating the same figure stays
    # visible), their labels to the right of their points
    for i, name in enumerate(sources):
        offset = 0 if i == 0 else (-15 if i % 2 else 15)
        own = base.transform_filter(alt.datum[source] == name)
        layers.append(own.mark_point(filled=True, size=110, opacity=1, xOffset=offset)
                      .encode(color=colour, shape=shape, tooltip=tooltip))
        text = (own.mark_text(dy=-13, fontSize=11, color="#222") if i == 0 else
                own.mark_text(dx=offset + 9, dy=12, align="left", fontSize=11, color="#222"))
        layers.append(text.encode(text=f"{label}:N"))
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(title, subtitle=[unit_label, *subtitle]), width="container", height=height)
    return apply_config(chart, lang)
