"""Chart images without a browser: PNG and SVG through vl-convert-python. No Streamlit here."""

from __future__ import annotations

import altair as alt
import vl_convert as vlc


def to_png(chart: alt.TopLevelMixin, scale: float = 2) -> bytes:
    """PNG at `scale` times the chart's size (2 = sharp on slides and print)."""
    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


def to_svg(chart: alt.TopLevelMixin) -> str:
    return vlc.vegalite_to_svg(chart.to_json())
