"""The dashboard's one regency map: any regency-level value over Bali's 9 regencies.

`choropleth(frame, ...)` draws a prepared 9-row table (`views.maps.map_view` prepares it from the
catalogue for an indicator; `views.planner` for the modelled index). No Streamlit import here.

What it sends to the browser: the TopoJSON of `geo.browser_topojson_text` (read from the shipped
geo/bali_regencies.browser.json, `geo.browser_shapes`; coverage-simplified
at 0.002°, quantized, shared borders stored once: about 14 KB) and a flat table of 9 rows;
the geometry is joined to the table in the browser (`lookup` on the BPS code). The whole spec
is about 25 KB (a test keeps it under 40 KB).

Layers, bottom to top:
1. every regency in light grey with a dashed dark outline: what a regency *without data* looks
   like (Vega-Lite would drop a feature whose colour is null, so no data cannot ride on the
   colour scale). It carries the click selection `regency` on the flat field `regency_code`
   (a `properties.` field would come back to Streamlit with its dot escaped);
2. the regencies *with* data, coloured on a colour-blind-safe sequential scheme (viridis), with
   a white solid outline; its legend is titled with the unit;
3. a thick dark outline around the selected regency, if any;
4. the regency names (with a white halo), and "tidak ada data / no data" under a name with none.
Every layer has the same tooltip: regency, value (or "tidak ada data"), period, source, trust
and note, as text formatted in Python so it reads like the rest of the page.
"""

from __future__ import annotations

import functools
import json
import math

import altair as alt
import pandas as pd

from .. import catalog, geo
from ..i18n import t
from .base import SEQUENTIAL_SCHEME, apply_config, cached, shared_data, to_spec

SELECTION = "regency"
NO_DATA_FILL = "#e4e4e4"
NO_DATA_STROKE = "#4d4d4d"
NO_DATA_DASH = [4, 3]
SELECTED_STROKE = "#111111"
# "tidak dapat dihitung" (a derived value the rules refuse) is drawn apart from "tidak ada data":
# diagonal stripes (a linear gradient with hard stops, so canvas, SVG and PNG draw them alike).
REFUSED_FILL = "#f1cfa8"
REFUSED_STROKE = "#8a4b08"
REFUSED_STRIPES = {"gradient": "linear", "x1": 0, "y1": 0, "x2": 1, "y2": 1,
                   "stops": [{"offset": round(i / 24 + d, 4), "color": c}
                             for i in range(24) for d, c in ((0, "#ffffff"), (1 / 48, REFUSED_FILL))]}
DEFAULT_HEIGHT = 470
ASPECT = 0.62      # Bali's height / width in the Mercator projection, a little to spare
MIN_HEIGHT = 200

FRAME_COLUMNS = ["regency_code", "regency", "value", "value_text", "period_text", "source_text",
                 "trust_text", "note"]


@functools.lru_cache(maxsize=1)
def label_points() -> dict[str, tuple[float, float]]:
    """Where each regency's name goes (geo.label_points, read from the shipped browser geometry)."""
    return {code: (pt[0], pt[1]) for code, pt in geo.browser_shapes()["label_points"].items()}


TOPO_DATASET = "bali_regencies_topojson"


@functools.lru_cache(maxsize=1)
def _topo_values() -> dict:
    # a parsed object, not text: Streamlit keeps a TopoJSON object in the spec but would try to
    # turn a text value into an Arrow table. Read once; every spec shares it and none changes it.
    return geo.browser_shapes()["topojson"]


def _topo_data() -> alt.NamedData:
    """The shapes, by name: `base.to_spec` adds them to the spec's datasets (Altair would copy and
    validate every coordinate of every map)."""
    return shared_data(TOPO_DATASET, _topo_values,
                       alt.DataFormat(type="topojson", feature=geo.TOPO_OBJECT))


@cached
def choropleth(frame: pd.DataFrame, *, title: str, legend_title: str, lang: str = "id",
               subtitle: list[str] | tuple[str, ...] = (), selected: str | None = None,
               value_format: str = ",.0f", height: int = DEFAULT_HEIGHT,
               legend_scale: float = 1.0) -> alt.LayerChart:
    """A map of `frame` (the 9 regencies; FRAME_COLUMNS, value NaN where there is no data; an
    optional `refused` column, true where a derived value cannot be computed under its rules,
    drawn striped as "tidak dapat dihitung" rather than grey "tidak ada data").

    title/subtitle: drawn on the chart (the subtitle is where a map says its data is old,
    undated or of low trust); legend_title: the indicator and its unit; selected: a BPS code
    to outline; value_format: d3 format of the legend labels (the locale gives 400.000);
    legend_scale: the legend's labels show value / legend_scale (rupiah in billions: 1e9, so
    the labels read 200, 400, 600 and the legend title says "miliar rupiah").
    """
    missing = set(FRAME_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"choropleth frame lacks {sorted(missing)}")
    df = frame[FRAME_COLUMNS].copy()
    if set(df["regency_code"]) != set(catalog.REGENCY_CODES):
        raise ValueError("choropleth frame must hold the 9 regencies, one row each")
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    df["value"] = df["value"].where(df["value"].map(lambda v: math.isfinite(v)), None)
    points = label_points()
    df["lon"] = df["regency_code"].map(lambda c: points[c][0])
    df["lat"] = df["regency_code"].map(lambda c: points[c][1])
    df["refused"] = (frame["refused"].fillna(False).astype(bool).to_numpy() if "refused" in frame
                     else False)
    df["has_data"] = df["value"].notna()
    no_data = t("common.no_data", lang)
    refused_word = t("choropleth.refused", lang)
    any_refused = bool(df["refused"].any())
    df["nodata_text"] = [refused_word if r else no_data for r in df["refused"]]
    any_missing = bool((~df["has_data"] & ~df["refused"]).any())
    legend_domain = [no_data] * (any_missing or not any_refused) + [refused_word] * any_refused
    legend_range = [NO_DATA_FILL] * (any_missing or not any_refused) + [REFUSED_FILL] * any_refused

    tooltip = [
        alt.Tooltip("regency:N", title=t("choropleth.tt_regency", lang)),
        alt.Tooltip("value_text:N", title=legend_title),
        alt.Tooltip("period_text:N", title=t("common.period", lang)),
        alt.Tooltip("source_text:N", title=t("common.source", lang)),
        alt.Tooltip("trust_text:N", title=t("common.trust", lang)),
        alt.Tooltip("note:N", title=t("choropleth.tt_note", lang)),
    ]
    select = alt.selection_point(name=SELECTION, fields=["regency_code"], on="click", clear=False,
                                 toggle=False)
    base = alt.Chart().mark_geoshape(
        fill=NO_DATA_FILL, stroke=NO_DATA_STROKE, strokeWidth=0.9, strokeDash=NO_DATA_DASH, cursor="pointer",
    ).encode(
        shape="geo:G", tooltip=tooltip,
        # a legend that names the grey, "tidak ada data", and the stripes, "tidak dapat dihitung"
        fill=alt.Fill("nodata_text:N", title=None,
                      scale=alt.Scale(domain=legend_domain, range=legend_range),
                      legend=alt.Legend(orient="bottom", symbolType="square", symbolSize=180,
                                        symbolStrokeColor=NO_DATA_STROKE, symbolStrokeWidth=1,
                                        symbolDash=NO_DATA_DASH, labelFontSize=11)),
    ).add_params(select)
    if df["has_data"].all():
        base = base.encode(fill=alt.value(NO_DATA_FILL))  # nothing is missing: no "no data" legend

    coloured = alt.Chart().mark_geoshape(stroke="white", strokeWidth=0.8, cursor="pointer").encode(
        shape="geo:G", tooltip=tooltip,
        color=alt.Color("value:Q", title=legend_title,
                        scale=alt.Scale(scheme=SEQUENTIAL_SCHEME, zero=False, nice=False),
                        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=240,
                                          format=value_format, titleLimit=420, labelFontSize=11,
                                          titleFontSize=11,
                                          **({"labelExpr": f"format(datum.value / {int(legend_scale)}, "
                                                           f"{json.dumps(value_format)})"}
                                             if legend_scale != 1 else {}))),
    ).transform_filter("isValid(datum.value)")
    if not df["has_data"].any():  # nothing to colour: no empty colour legend ("NaN")
        coloured = coloured.encode(color=alt.Color("value:Q", legend=None))

    layers = [base, coloured]
    if any_refused:
        layers.append(alt.Chart().mark_geoshape(fill=REFUSED_STRIPES, stroke=REFUSED_STROKE, strokeWidth=0.9,
                                                strokeDash=NO_DATA_DASH, cursor="pointer")
                      .encode(shape="geo:G", tooltip=tooltip).transform_filter("datum.refused"))
    if selected in catalog.REGENCY_CODES:
        layers.append(alt.Chart().mark_geoshape(filled=False, stroke=SELECTED_STROKE, strokeWidth=2.6)
                      .encode(shape="geo:G", tooltip=tooltip)
                      .transform_filter(alt.datum.regency_code == selected))
    name = alt.Chart().encode(longitude="lon:Q", latitude="lat:Q", text="regency:N", tooltip=tooltip)
    layers.append(name.mark_text(fontSize=11, fontWeight="bold", stroke="white", strokeWidth=3,
                                 strokeOpacity=0.85, cursor="pointer"))
    layers.append(name.mark_text(fontSize=11, fontWeight="bold", color="#111", cursor="pointer"))
    missing_label = alt.Chart().encode(longitude="lon:Q", latitude="lat:Q", tooltip=tooltip).transform_filter(
        "!isValid(datum.value)")
    layers.append(missing_label.mark_text(dy=12, fontSize=9.5, fontStyle="italic", color="#333")
                  .encode(text="nodata_text:N"))

    chart = alt.layer(*layers, data=df).transform_lookup(
        lookup="regency_code", from_=alt.LookupData(data=_topo_data(), key="id"), as_="geo",
    ).properties(
        title=alt.TitleParams(title, subtitle=list(subtitle)) if subtitle else title,
        width="container", height=height,
    ).project(type="mercator").resolve_scale(color="independent", fill="independent")
    # Bali is about 0.62 times as high as it is wide: on a narrow container (a phone) the map's
    # height follows its width, instead of leaving `height` px with the island in a thin band
    # between empty space. On a page or image wider than height / 0.62 nothing changes.
    chart = chart.add_params(alt.param(name="height", expr=f"min({height}, max({MIN_HEIGHT}, width * {ASPECT}))"))
    return apply_config(chart, lang)


def spec_size(chart: alt.TopLevelMixin) -> int:
    """Bytes of the chart as the browser gets it (compact JSON of spec and data)."""
    return len(json.dumps(to_spec(chart), separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
