"""Shared chart settings: the id-ID/en number locale, fonts, and a simple bar chart."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from ..i18n import vega_locale
from ..memo import memo  # the chart modules import it from here

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
# Colour-blind-safe categorical palette (Okabe-Ito) and a sequential scheme for the map.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL_SCHEME = "viridis"


def locale_format(unit: str) -> str:
    """d3 format for a unit; the locale in the chart config supplies the separators."""
    return {"percent": ",.2~f", "IDR": ",.0f", "km2": ",.1f"}.get(unit, ",.0f")


def apply_config(chart: alt.TopLevelMixin, lang: str = "id") -> alt.TopLevelMixin:
    """Number locale (so axes read 400.000 in Indonesian), font and a quiet look."""
    return chart.configure(locale=vega_locale(lang), font=FONT).configure_title(
        anchor="start", fontSize=14, subtitleFontSize=11, subtitleColor="#444"
    ).configure_view(stroke=None)


@memo
def bar(df: pd.DataFrame, *, category: str, value: str, title: str, unit_label: str,
        source: str, lang: str = "id", value_format: str = ",.0f", sort: str | list = "-x",
        tooltip_extra: list[alt.Tooltip] | None = None, color: str = PALETTE[0]) -> alt.Chart:
    """Horizontal bars of `value` by `category`, titled, with the unit and the source line."""
    tooltips = [alt.Tooltip(f"{category}:N", title=" "),
                alt.Tooltip(f"{value}:Q", title=unit_label, format=value_format)]
    chart = alt.Chart(df, title=alt.TitleParams(title, subtitle=[unit_label])).mark_bar(color=color).encode(
        y=alt.Y(f"{category}:N", sort=sort, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{value}:Q", title=unit_label, axis=alt.Axis(format=value_format)),
        tooltip=tooltips + (tooltip_extra or []),
    ).properties(width="container", height=max(80, 28 * len(df)))
    text = alt.Chart(df).mark_text(align="left", dx=3, color="#222").encode(
        y=alt.Y(f"{category}:N", sort=sort), x=alt.X(f"{value}:Q"),
        text=alt.Text(f"{value}:Q", format=value_format))
    layered = alt.layer(chart, text)
    return apply_config(layered.properties(
        title=alt.TitleParams(title, subtitle=[unit_label]),
    ), lang).properties(usermeta={"source": source})


@dataclass
class ChartView:
    """One chart as a page shows it and a briefing deck repeats it: the chart, its source line,
    accessible name, readable table, tidy CSV, download name and the datasets it draws on.

    Built by the logic modules (`distribution.scale_view`, `kur.sector_view`, ...), shown by
    `ui.chart_block(view.chart, source_line=view.source_line, ...)` and drawn into decks by
    `export.briefing_pptx` / `export.briefing_pdf`, so a page and a deck cannot disagree.
    `charts.choropleth.IndicatorMap` has the same fields."""

    chart: alt.TopLevelMixin
    source_line: str
    alt_text: str
    table: pd.DataFrame
    csv: pd.DataFrame | None
    filename: str
    datasets: list[str] = field(default_factory=list)
    title: str = ""
