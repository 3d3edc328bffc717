"""Regency geometry: the 9 regencies of Bali keyed by BPS code, and a small copy for browsers.

The maps send `browser_topojson_text()` (about 14 KB); `browser_geojson_text()` is the same
geometry as GeoJSON, kept as the benchmark's baseline (bench/bench_choropleth.py) and for tests.

What a page needs of the geometry (the TopoJSON and where each regency's name goes) is also
shipped, made from the boundaries, in geo/bali_regencies.browser.json: reading it costs
milliseconds, while geopandas, shapely and topojson cost ~0,5–0,9 s per process (imports, reading
and simplifying the boundaries). `browser_shapes()` reads it when it was made from the shipped
boundaries (their SHA-256 is in it) and makes it again otherwise; tests/test_geo.py fails when
the shipped file is not what `write_browser_file()` would write.

Source: geo/bali_regencies.geojson (BPS / OCHA ROAP, HDX COD-AB Indonesia, CC BY-IGO; see
geo/README.md). No Streamlit import here.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import TYPE_CHECKING

from .paths import GEO_DIR

if TYPE_CHECKING:
    import geopandas as gpd

BOUNDARIES = GEO_DIR / "bali_regencies.geojson"
BROWSER_FILE = GEO_DIR / "bali_regencies.browser.json"
ATTRIBUTION = ("Batas administrasi: BPS / OCHA ROAP, HDX COD-AB Indonesia (CC BY-IGO); "
               "digabung ke tingkat kabupaten/kota.")
ATTRIBUTION_EN = ("Administrative boundaries: BPS / OCHA ROAP, HDX COD-AB Indonesia (CC BY-IGO); "
                  "dissolved to regency level.")


@functools.lru_cache(maxsize=1)
def _regencies() -> gpd.GeoDataFrame:
    import geopandas as gpd

    gdf = gpd.read_file(BOUNDARIES)
    gdf["regency_code"] = gdf["regency_code"].astype(str)
    return gdf.set_index("regency_code", drop=False).sort_index()


def regencies() -> gpd.GeoDataFrame:
    """The 9 regency polygons (EPSG:4326), indexed and keyed by BPS code."""
    return _regencies().copy()


def attribution(lang: str = "id") -> str:
    return ATTRIBUTION if lang == "id" else ATTRIBUTION_EN


def _round_coords(geom, decimals: int):
    import shapely

    return shapely.set_precision(geom, 10.0**-decimals, mode="pointwise")


@functools.lru_cache(maxsize=4)
def browser_geojson_text(tolerance: float = 0.002, decimals: int = 4) -> str:
    """A small GeoJSON FeatureCollection for the browser, as compact JSON text.

    The 9 polygons are simplified together (`coverage_simplify`, so shared borders stay shared)
    and rounded to `decimals` places. Properties are flat (regency_code, regency), because a
    clicked feature comes back to Streamlit with dotted field names escaped.
    """
    import shapely

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
    import shapely
    import topojson

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


def label_points() -> dict[str, tuple[float, float]]:
    """Where each regency's name goes on a map: a point inside its largest polygon (Klungkung's is
    Nusa Penida, so its name is nudged onto the mainland part, where the regency's seat is)."""
    import shapely

    gdf = _regencies()
    out = {}
    for code, geom in zip(gdf["regency_code"], gdf.geometry, strict=True):
        parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
        if code == "5105":  # the mainland part is the one touching other regencies
            others = shapely.union_all([g for c, g in zip(gdf["regency_code"], gdf.geometry, strict=True)
                                        if c != code])
            touching = [p for p in parts if p.distance(others) < 1e-6]
            parts = touching or parts
        part = max(parts, key=lambda p: p.area)
        pt = part.point_on_surface()
        out[code] = (round(pt.x, 3), round(pt.y, 3))
    return out


def _boundaries_sha256() -> str:
    return hashlib.sha256(BOUNDARIES.read_bytes()).hexdigest()


def build_browser_shapes() -> dict:
    """What the maps need, made from the boundaries: the TopoJSON (`browser_topojson_text()`) and
    the label points, with the boundaries' SHA-256 they were made from."""
    return {"made_from": {"file": BOUNDARIES.name, "sha256": _boundaries_sha256(),
                          "by": "bali_umkm.geo.write_browser_file()"},
            "topojson": json.loads(browser_topojson_text()),
            "label_points": {code: list(pt) for code, pt in label_points().items()}}


def write_browser_file() -> None:
    """(Re)write geo/bali_regencies.browser.json after the boundaries or the simplification change:
    python -c "from bali_umkm import geo; geo.write_browser_file()" """
    BROWSER_FILE.write_text(json.dumps(build_browser_shapes(), separators=(",", ":"), sort_keys=True) + "\n",
                            encoding="utf-8")


@functools.lru_cache(maxsize=1)
def browser_shapes() -> dict:
    """The shipped browser geometry (see the module doc); made afresh when the file is missing or
    was made from other boundaries. Shared: callers never change it."""
    try:
        shipped = json.loads(BROWSER_FILE.read_text(encoding="utf-8"))
        if shipped["made_from"]["sha256"] == _boundaries_sha256():
            return shipped
    except (OSError, ValueError, KeyError):
        pass
    return build_browser_shapes()
