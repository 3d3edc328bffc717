"""Shared chart settings: the id-ID/en number locale, fonts, and a simple bar chart."""

from __future__ import annotations

import json
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
from altair.utils import parse_shorthand
from altair.utils.schemapi import SchemaBase

from ..cache import cached  # the chart modules import it from here
from ..i18n import vega_locale

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
# Colour-blind-safe categorical palette (Okabe-Ito) and a sequential scheme for the map.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL_SCHEME = "viridis"


def locale_format(unit: str) -> str:
    """d3 format for a unit; the locale in the chart config supplies the separators."""
    return {"percent": ",.2~f", "IDR": ",.0f", "km2": ",.1f"}.get(unit, ",.0f")


# Axis and legend text: Streamlit's chart theme draws it in #808495, 3.8:1 on white, under WCAG
# AA's 4.5:1 for text this small; #444 is 9.7:1 and still reads as secondary to the marks.
AXIS_TEXT = "#444444"


def apply_config(chart: alt.TopLevelMixin, lang: str = "id") -> alt.TopLevelMixin:
    """Number locale (so axes read 400.000 in Indonesian), font and a quiet look."""
    return chart.configure(locale=vega_locale(lang), font=FONT).configure_title(
        anchor="start", fontSize=14, subtitleFontSize=11, subtitleColor="#444"
    ).configure_view(stroke=None).configure_axis(labelColor=AXIS_TEXT, titleColor=AXIS_TEXT).configure_legend(
        labelColor=AXIS_TEXT, titleColor=AXIS_TEXT)


@cached
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

    Built by the `*_view()` functions of the views layer (`views.distribution.scale_view`,
    `views.maps.map_view`, ...), drawn by `ui.show(view, key=...)` and into decks by
    `export.briefing_pptx` / `export.briefing_pdf`, so a page and a deck cannot disagree.

    The rest is for the few charts that need it: `image`, a chart drawn into the PNG/SVG instead
    of `chart` (the interventions matrix: its picture has no click hints); `csv_source`, the CSV's
    source column when it says more than the line under the chart; `table_index`, the table's
    index is its first column (a pivot); `theme`, False to draw without Streamlit's chart theme;
    `words`, the locale namespace of the block's labels (view_as_table, download_png,
    download_svg, download_csv).

    `spec` is the chart as a page draws it, converted once per view: `*_view()` functions are
    remembered per arguments, data version and language (`cache.cached`), so a rerun sends the
    same spec again without converting or validating it (the conversion is ~60–200 ms a chart)."""

    chart: alt.TopLevelMixin
    source_line: str
    alt_text: str
    table: pd.DataFrame
    csv: pd.DataFrame | None
    filename: str
    datasets: list[str] = field(default_factory=list)
    title: str = ""
    image: alt.TopLevelMixin | None = None
    csv_source: str = ""
    table_index: bool = False
    theme: bool = True
    words: str = "chart_block"
    # the converted specs, shared by copies of the view (dataclasses.replace passes it on); each
    # is kept with the chart it was made from, so a copy with another chart converts its own
    converted: dict = field(default_factory=dict, repr=False, compare=False)

    def remember(self, which: str, source, convert) -> dict:
        """`convert(source)`, made once and kept under `which` with the object it was made from
        (a copy of the view with another chart or spec makes its own)."""
        found = self.converted.get(which)
        if found is None or found[0] is not source:
            found = self.converted[which] = (source, convert(source))
        return found[1]

    @property
    def spec(self) -> dict:
        """The chart as a page draws it (`page_spec`), made once per view."""
        return self.remember("spec", self.chart, page_spec)

    @property
    def image_spec(self) -> dict:
        """What the PNG and SVG downloads draw: `image` when the view has one, else `spec`."""
        return self.spec if self.image is None else self.remember("image", self.image, to_spec)


# Altair's theme and data transformer are process-wide settings: a conversion that changes them
# holds this lock, so another thread's conversion never sees them half changed.
ALTAIR_LOCK = threading.RLock()


# Data too big to pass through Altair: its conversion copies and validates every value, which for
# the map's TopoJSON (thousands of arc coordinates) cost ~0,5 s a map. A chart names such data
# (`shared_data`) and `to_spec` puts the values into the spec's top-level `datasets`, where
# Vega-Lite reads a named dataset and Streamlit leaves a TopoJSON one as it is.
_SHARED: dict[str, Callable[[], object]] = {}


def shared_data(name: str, values: Callable[[], object], format: alt.DataFormat) -> alt.NamedData:
    """A named dataset whose `values()` (parsed once by the caller, never changed) `to_spec` adds."""
    _SHARED[name] = values
    return alt.NamedData(name=name, format=format)


def _uses(node, name: str) -> bool:
    if isinstance(node, dict):
        return node.get("name") == name or any(_uses(v, name) for v in node.values())
    if isinstance(node, list):
        return any(_uses(v, name) for v in node)
    return False


def to_spec(chart: alt.TopLevelMixin, *, validate: bool = True) -> dict:
    """The chart as Vega-Lite JSON (a dict), validated against the schema, its data inline in
    named top-level `datasets` (records; shared data such as the map's shapes as they are).
    Without Altair's default theme (a 300 × 300 view size Streamlit does not want either;
    `export.images` adds it back for images). Every conversion of a chart goes through here."""
    with ALTAIR_LOCK, alt.theme.enable("none"):
        spec = chart.to_dict(validate=validate)
    for name, values in _SHARED.items():
        if name not in spec.get("datasets", {}) and _uses({k: v for k, v in spec.items() if k != "datasets"}, name):
            spec.setdefault("datasets", {})[name] = values()
    return spec


def page_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a page draws it: autosize fit-x unless it sets its own (Streamlit would
    otherwise fit the whole chart, title and legend included, into its height; fit-x keeps
    `height` the plot's own height, as in the exported images), label, legend and title limits
    that follow the container (`responsive`), converted once (`to_spec`)."""
    if getattr(chart, "autosize", alt.Undefined) is alt.Undefined:
        chart = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return to_spec(responsive(chart))


# --- small screens -----------------------------------------------------------------------------------
# Vega draws a chart into the width Streamlit gives it (390 px on a phone), but label and title limits
# are fixed pixels: on a phone a 470 px label column leaves no room for the bars, long titles end in
# "…" and legends run off the edge. `responsive` makes those limits follow the container's width
# (Vega's containerSize(), which is 0 in vl-convert, so exported images keep the fixed limits).
# "+ 0 * width" makes each expression depend on the width signal, so it is evaluated again when the
# window is resized (containerSize() alone is read once, when the chart is first drawn).
CONTAINER_WIDTH = "(containerSize()[0] + 0 * width)"
TITLE_CHARS = 36      # characters of a 14 px bold title that fit a phone's 358 px chart (40 was cut)
SUBTITLE_CHARS = 56   # characters of an 11 px subtitle line that fit the same width
TITLE_PX_PER_CHAR = 9


def _width_expr(limit, narrow: str, floor: int) -> dict:
    """At most `limit` px; on a narrow container the width expression `narrow` (of {w}, the
    container's width), but at least `floor` px."""
    if isinstance(limit, dict):  # already an expression (responsive applied twice)
        return limit
    w = CONTAINER_WIDTH
    return {"expr": f"{w} > 0 ? min({limit:g}, max({floor}, {narrow.format(w=w)})) : {limit:g}"}


def _wrap_title(title: dict | str) -> dict | str:
    if isinstance(title, str):
        title = {"text": title}
    out = dict(title)
    text = out.get("text")
    if isinstance(text, str) and len(text) > TITLE_CHARS:
        lines = textwrap.wrap(text, TITLE_CHARS, break_long_words=False)
        narrow = len(text) * TITLE_PX_PER_CHAR + 40
        out["text"] = {"expr": f"{CONTAINER_WIDTH} > 0 && {CONTAINER_WIDTH} < {narrow} "
                               f"? {json.dumps(lines, ensure_ascii=False)} : {json.dumps(text, ensure_ascii=False)}"}
        # Vega cuts a title at the plot's width (less the axis labels): let a line use the chart's
        out["limit"] = {"expr": f"{CONTAINER_WIDTH} > 0 ? {CONTAINER_WIDTH} - 10 : 0"}
    subtitle = out.get("subtitle")
    if subtitle:
        lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
        out["subtitle"] = [part for line in lines
                           for part in (textwrap.wrap(line, SUBTITLE_CHARS, break_long_words=False) or [""])]
    return out


LEGEND_CHARS = 20   # characters of a legend label line on a phone
LEGEND_LINE_PX = 16  # height of one more line of a legend label
NARROW = 600        # px: a container narrower than this is a phone's


def _wrapped_labels(domain: list) -> dict:
    """A legend labelExpr that breaks long labels into lines on a narrow container (the two Diskop
    series differ only at their ends: cut with "…" they would read the same)."""
    long = [d for d in domain if isinstance(d, str) and len(d) > LEGEND_CHARS]
    if not long:
        return {}
    expr, most = "datum.label", 1
    for label in long:
        lines = textwrap.wrap(label, LEGEND_CHARS, break_long_words=False)
        most = max(most, len(lines))
        as_lines = json.dumps(lines, ensure_ascii=False)
        expr = f"datum.label === {json.dumps(label, ensure_ascii=False)} ? {as_lines} : {expr}"
    narrow = f"{CONTAINER_WIDTH} > 0 && {CONTAINER_WIDTH} < {NARROW}"
    # Vega spaces legend rows for one line of text: room for the extra lines, or they overlap
    return {"labelExpr": f"{narrow} ? ({expr}) : datum.label",
            "rowPadding": {"expr": f"{narrow} ? {LEGEND_LINE_PX * (most - 1) + 4} : 2"}}


def _items(node):
    """(key, value) of a spec node: a dict, or an Altair object (its set properties)."""
    if isinstance(node, dict):
        return list(node.items())
    if isinstance(node, SchemaBase):
        return [(k, v) for k, v in node._kwds.items() if v is not alt.Undefined]
    return []


def _get(node, key: str, default=None):
    value = node.get(key, default) if isinstance(node, dict) else getattr(node, "_kwds", {}).get(key, default)
    return default if value is alt.Undefined else value


def _set(node, key: str, value) -> None:
    if isinstance(node, dict):
        node[key] = value
    else:
        node._kwds[key] = value


def _field_type(channel) -> str | None:
    kind = _get(channel, "type")
    if kind is None and isinstance(_get(channel, "shorthand"), str):
        kind = parse_shorthand(_get(channel, "shorthand")).get("type")
    return kind


def _limits(node, channel: str | None = None) -> None:
    """Axis and legend label/title limits that shrink with the container (in place, on a spec dict
    or an Altair chart); a legend of categories is stacked, one entry a line, so it never runs off
    a phone's edge. `channel` is the encoding channel `node` belongs to (x, y, color...)."""
    if isinstance(node, list):
        for item in node:
            _limits(item, channel)
        return
    for key, value in _items(node):
        if key in ("data", "datasets"):
            continue
        if key == "axis" and isinstance(value, dict | SchemaBase):
            _set(value, "labelLimit", _width_expr(_get(value, "labelLimit", 180), "{w} * 0.42", 60))
            if channel in ("x", "x2"):
                # centred under the plot, which starts after the labels: most of the width
                _set(value, "titleLimit", _width_expr(_get(value, "titleLimit", 400), "{w} * 0.6 + 40", 100))
            # a y axis title runs along the height: the width is no limit for it
        elif key == "legend" and isinstance(value, dict | SchemaBase):
            # a bottom legend starts under the plot, right of the axis labels (up to 42 %)
            _set(value, "labelLimit", _width_expr(_get(value, "labelLimit", 160), "{w} * 0.55 - 10", 80))
            _set(value, "titleLimit", _width_expr(_get(value, "titleLimit", 180), "{w} * 0.5", 80))
            if _field_type(node) in ("nominal", "ordinal", "N", "O"):
                if _get(value, "direction") is None:
                    _set(value, "direction", "vertical")
                scale = _get(node, "scale")
                domain = _get(scale, "domain") if scale is not None else None
                if isinstance(domain, list) and _get(value, "labelExpr") is None:
                    for k, v in _wrapped_labels(domain).items():
                        _set(value, k, v)
        _limits(value, key if isinstance(value, dict | SchemaBase) else channel)


END_LABEL_PX = 40


def _has_projection(chart) -> bool:
    return _get(chart, "projection") is not None or any(
        _get(layer, "projection") is not None for layer in (_get(chart, "layer") or []))


def responsive(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A copy of the chart with limits that follow the container: axis labels take at most ~42 %
    of the width, legend labels about half, a long title wraps on a narrow screen, long subtitle
    lines wrap. The original title text is kept in usermeta["title"]. Applied by ui.show
    to every chart.

    Cheap enough for every rerun (issue 10 measures reruns; bench/bench_responsive.py): it edits a
    copy of the Altair objects, never converts to a spec and back, and the data stays a DataFrame,
    so Streamlit still sends it as Arrow."""
    chart = chart.copy(deep=True, ignore=["data"])  # the data is never edited: not copied
    for part in ("encoding", "layer", "vconcat", "hconcat", "concat", "spec"):
        _limits(_get(chart, part))
    if _get(chart, "padding") is None and not _has_projection(chart):
        # room right of the plot for the value written after the longest bar (fit-x sizes the plot
        # alone, so on a phone "90,9%" at the end of a bar was cut at the chart's edge)
        _set(chart, "padding", {"left": 5, "top": 5, "bottom": 5, "right": END_LABEL_PX})
    title = _get(chart, "title")
    usermeta = _get(chart, "usermeta")
    usermeta = dict(usermeta.to_dict() if isinstance(usermeta, SchemaBase) else usermeta or {})
    if title and "title" not in usermeta:
        title = title.to_dict() if isinstance(title, SchemaBase) else title
        usermeta["title"] = title if isinstance(title, str) else title.get("text")
        _set(chart, "title", _wrap_title(title))
        _set(chart, "usermeta", usermeta)
    return chart
