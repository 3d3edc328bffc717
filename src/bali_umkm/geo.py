"""Regency geometry: the 9 regencies of Bali keyed by BPS code, and a small copy for browsers.

The maps send `browser_topojson_text()` (about 14 KB); `browser_geojson_text()` is the same
geometry as GeoJSON, kept as the benchmark's baseline (bench/bench_choropleth.py) and for tests.

Source: geo/bali_regencies.geojson (BPS / OCHA ROAP, HDX COD-AB Indonesia, CC BY-IGO; see
geo/README.md). No Streamlit import here.
"""

from __future__ import annotations

import functools
import json

import geopandas as gpd
import shapely
import topojson

from .paths import GEO_DIR

BOUNDARIES = GEO_DIR / "bali_regencies.geojson"
ATTRIBUTION = ("Batas administrasi: BPS / OCHA ROAP, HDX COD-AB Indonesia (CC BY-IGO); "
               "digabung ke tingkat kabupaten/kota.")
ATTRIBUTION_EN = ("Administrative boundaries: BPS / OCHA ROAP, HDX COD-AB Indonesia (CC BY-IGO); "
                  "dissolved to regency level.")


@functools.lru_cache(maxsize=1)
def _regencies() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(BOUNDARIES)
    gdf["regency_code"] = gdf["regency_code"].astype(str)
    return gdf.set_index("regency_code", drop=False).sort_index()


def regencies() -> gpd.GeoDataFrame:
    """The 9 regency polygons (EPSG:4326), indexed and keyed by BPS code."""
    return _regencies().copy()


def attribution(lang: str = "id") -> str:
    return ATTRIBUTION if lang == "id" else ATTRIBUTION_EN


def _round_coords(geom, decimals: int):
    return shapely.set_precision(geom, 10.0**-decimals, mode="pointwise")


@functools.lru_cache(maxsize=4)
def browser_geojson_text(tolerance: float = 0.002, decimals: int = 4) -> str:
    """A small GeoJSON FeatureCollection for the browser, as compact JSON text.

    The 9 polygons are simplified together (`coverage_simplify`, so shared borders stay shared)
    and rounded to `decimals` places. Properties are flat (regency_code, regency), because a
    clicked feature comes back to Streamlit with dotted field names escaped.
    """
    gdf = _regencies()
    simplified = shapely.coverage_simplify(gdf.geometry.values, tolerance)
    features = []
    for (code, name), geom in zip(zip(gdf["regency_code"], gdf["regency"], strict=True),
                                  simplified, strict=True):
        geom = _round_coords(geom, decimals)
        features.append({"type": "Feature", "id": code,
                         "properties": {"regency_code": code, "regency": name},
                         "geometry": json.loads(shapely.to_geojson(geom, indent=None))})
    fc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(fc, separators=(",", ":"))
    # shapely writes 115.1 as 115.10000000000001 after rounding; trim to `decimals` places
    return _trim_floats(text, decimals)


def _trim_floats(text: str, decimals: int) -> str:
    import re

    return re.sub(rf"(-?\d+\.\d{{{decimals}}})\d+", r"\1", text)


TOPO_OBJECT = "regencies"


@functools.lru_cache(maxsize=4)
def browser_topojson_text(tolerance: float = 0.002, quantization: int = 10_000) -> str:
    """The 9 regencies as compact TopoJSON text for the browser (about 15 KB).

    Simplified together (`coverage_simplify`, shared borders stay shared), then encoded as a
    topology by the `topojson` library: each shared border is stored once, and coordinates are
    quantized to a `quantization` x `quantization` grid over Bali's extent (1e4: about 14 m by
    9 m) and delta-encoded. The GeoJSON of the same geometry is about 2,5 times larger.

    One object, "regencies"; each geometry's `id` is its BPS code (a flat field to look up and
    to select on), with no other properties: names and values travel in the chart's table.
    """
    gdf = _regencies()[["regency_code", "geometry"]].reset_index(drop=True)
    gdf = gdf.assign(geometry=shapely.coverage_simplify(gdf.geometry.values, tolerance))
    topo = topojson.Topology(gdf, prequantize=quantization, toposimplify=False, topology=True,
                             object_name=TOPO_OBJECT)
    data = json.loads(topo.to_json())
    data.pop("bbox", None)
    for geom in data["objects"][TOPO_OBJECT]["geometries"]:
        geom["id"] = geom.pop("properties")["regency_code"]
        geom.pop("bbox", None)
    return json.dumps(data, separators=(",", ":"))


def browser_topojson(tolerance: float = 0.002, quantization: int = 10_000) -> dict:
    return json.loads(browser_topojson_text(tolerance, quantization))
