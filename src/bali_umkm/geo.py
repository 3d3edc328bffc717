"""Regency geometry: the 9 regencies of Bali keyed by BPS code, and a small copy for browsers.

Source: geo/bali_regencies.geojson (BPS / OCHA ROAP, HDX COD-AB Indonesia, CC BY-IGO; see
geo/README.md). No Streamlit import here.
"""

from __future__ import annotations

import functools
import json

import geopandas as gpd
import shapely

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


def browser_geojson(tolerance: float = 0.002, decimals: int = 4) -> dict:
    return json.loads(browser_geojson_text(tolerance, decimals))
