"""Chart images (PNG, SVG, PDF) with the source line drawn in, via vl-convert. No Streamlit import.

Every exported chart carries its source: `export_spec` wraps the chart's Vega-Lite spec in a
one-view `vconcat` whose own title, placed at the bottom, is the source line (wrapped to the
image's width). The chart keeps its title, subtitle (unit, warnings) and number locale
(`config.locale`, so axes read 400.000 in Indonesian). A width of "container" (what Streamlit
stretches) becomes a fixed `width` in pixels.

    png = to_png(chart, catalog.source_line(["paper_diskop_2023"], "id"))
    svg = to_svg(chart, source_line)          # bytes, UTF-8
    pdf = to_pdf(chart, source_line)          # one vector page, fonts embedded

An empty source line draws no footer: a briefing slide carries the source in its own footer.
The fonts shipped in assets/fonts (DejaVu Sans, the charts' first choice) are registered with
vl-convert, so images look the same on a machine without them installed.

Conversions are remembered per spec text (`cache.cached`), so a chart's image is drawn at most
once however often its button is clicked.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import altair as alt
import vl_convert as vlc

from ..cache import cached
from ..charts.base import to_spec
from ..paths import FONTS_DIR

EXPORT_WIDTH = 760
EXPORT_HEIGHT = 360        # for a chart whose height is "container"
FOOTER_CHARS_PER_PX = 1 / 5.6  # characters per pixel at the footer's 10 px font
TOP_LEVEL_ONLY = ("$schema", "config", "datasets", "usermeta", "background", "padding", "autosize", "params")

if FONTS_DIR.is_dir():
    vlc.register_font_directory(str(FONTS_DIR))


# What Altair's default theme adds to a chart converted with it; a spec converted without it (a
# page's: charts.base.to_spec) gets it here, so an image looks the same whichever way it came.
DEFAULT_VIEW = {"continuousWidth": 300, "continuousHeight": 300}


def _as_dict(chart: alt.TopLevelMixin | dict | str) -> dict:
    if isinstance(chart, str):
        spec = json.loads(chart)
    elif isinstance(chart, dict):
        spec = json.loads(json.dumps(chart))
    else:
        spec = to_spec(chart)
    view = spec.setdefault("config", {}).setdefault("view", {})
    for key, value in DEFAULT_VIEW.items():
        view.setdefault(key, value)
    return spec


def _fix_container(node: Any, width: int) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "width" and value == "container":
                out[key] = width
            elif key == "height" and value == "container":
                out[key] = EXPORT_HEIGHT
            else:
                out[key] = _fix_container(value, width)
        return out
    if isinstance(node, list):
        return [_fix_container(v, width) for v in node]
    return node


def footer_lines(source_line: str, width: int = EXPORT_WIDTH) -> list[str]:
    """The source line wrapped to the image's width (each dataset on its own line)."""
    chars = max(40, int(width * FOOTER_CHARS_PER_PX))
    lines: list[str] = []
    for part in source_line.split(" | "):
        lines += textwrap.wrap(part, chars) or [""]
    return lines


def export_spec(chart: alt.TopLevelMixin | dict | str, source_line: str, *, width: int = EXPORT_WIDTH) -> dict:
    """The chart as a Vega-Lite spec for an image: fixed width, and the source line as a footer."""
    spec = _fix_container(_as_dict(chart), width)
    outer = {k: spec.pop(k) for k in TOP_LEVEL_ONLY if k in spec}
    outer.pop("autosize", None)  # plot sizes as specified; the image grows to hold the rest
    outer["vconcat"] = [spec]
    if source_line:
        outer["title"] = {"text": footer_lines(source_line, width), "orient": "bottom", "anchor": "start",
                          "fontSize": 10, "fontWeight": "normal", "color": "#333", "offset": 14,
                          "subtitle": ""}
    outer.setdefault("padding", 12)
    outer.setdefault("background", "white")
    return outer


def _locale(spec: dict) -> dict[str, Any]:
    locale = spec.get("config", {}).get("locale", {})
    kwargs = {}
    if "number" in locale:
        kwargs["format_locale"] = locale["number"]
    if "time" in locale:
        kwargs["time_format_locale"] = locale["time"]
    return kwargs


@cached(maxsize=64)
def _png(spec_text: str, scale: float) -> bytes:
    spec = json.loads(spec_text)
    return vlc.vegalite_to_png(spec, scale=scale, **_locale(spec))


@cached(maxsize=64)
def _svg(spec_text: str) -> bytes:
    spec = json.loads(spec_text)
    return vlc.vegalite_to_svg(spec, **_locale(spec)).encode("utf-8")


@cached(maxsize=64)
def _pdf(spec_text: str) -> bytes:
    spec = json.loads(spec_text)
    return vlc.vegalite_to_pdf(spec, **_locale(spec))


def to_png(chart: alt.TopLevelMixin | dict | str, source_line: str, *, width: int = EXPORT_WIDTH,
           scale: float = 2.0) -> bytes:
    """A PNG (at `scale` × the chart's pixel size) with the source line under the chart."""
    return _png(json.dumps(export_spec(chart, source_line, width=width), sort_keys=True), scale)


def to_svg(chart: alt.TopLevelMixin | dict | str, source_line: str, *, width: int = EXPORT_WIDTH) -> bytes:
    """An SVG (UTF-8 bytes) with the source line under the chart."""
    return _svg(json.dumps(export_spec(chart, source_line, width=width), sort_keys=True))


def to_pdf(chart: alt.TopLevelMixin | dict | str, source_line: str, *, width: int = EXPORT_WIDTH) -> bytes:
    """A one-page vector PDF (text as text, fonts embedded) with the source line under the chart."""
    return _pdf(json.dumps(export_spec(chart, source_line, width=width), sort_keys=True))


def clear_cache() -> None:
    """Forget every rendered image (benchmarks measure rendering, not the cache)."""
    for fn in (_png, _svg, _pdf):
        fn.cache_clear()
