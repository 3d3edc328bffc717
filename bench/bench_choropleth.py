"""The regency map: bytes sent to the browser and time to build, against the GeoJSON baseline.

Prints two tables. Sizes are deterministic; times are the median of 7 runs with min and max,
and each ratio is to a baseline measured in the same run (the same chart with the rounded
GeoJSON of geo.browser_geojson_text instead of the TopoJSON).
"""

from __future__ import annotations

import json
import statistics
import time

import altair as alt

from bali_umkm import geo
from bali_umkm.charts import choropleth
from bali_umkm.views import maps

RUNS = 7
VIEWS = [("umkm_total", None, None), ("umkm_total", "2019", "per_1000"),
         ("kur_disbursed_value", "2016", "share_of_province")]


def _geojson_data() -> alt.InlineData:
    fc = json.loads(geo.browser_geojson_text(0.002, 4))
    for feature in fc["features"]:
        feature["id"] = feature["properties"]["regency_code"]
    return alt.InlineData(values=fc, format=alt.DataFormat(type="json", property="features"))


def _use(topo_data) -> None:
    """Draw maps with this geometry; forget maps built with the other (maps.map_view and
    choropleth remember their charts)."""
    choropleth._topo_data = topo_data
    maps.map_view.cache_clear()
    choropleth.choropleth.cache_clear()


def _timed(fn) -> list[float]:
    out = []
    for _ in range(RUNS):
        _use(choropleth._topo_data)  # time a build, not a remembered chart
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    topo = choropleth._topo_data
    print("| geometry | bytes | ratio to GeoJSON |")
    print("|---|---:|---:|")
    gj = len(geo.browser_geojson_text(0.002, 4).encode())
    tj = len(geo.browser_topojson_text().encode())
    print(f"| GeoJSON 0.002°, 4 decimals (baseline) | {gj:,} | 1.00 |")
    print(f"| TopoJSON 0.002°, quantized 1e4 | {tj:,} | {tj / gj:.2f} |")
    print()
    print("| view | spec bytes TopoJSON | spec bytes GeoJSON | ratio | build+to_dict s median (min-max) |")
    print("|---|---:|---:|---:|---|")
    for metric, period, derived in VIEWS:
        def build(metric=metric, period=period, derived=derived):
            return maps.map_view(metric, period, derived, lang="id").chart.to_dict()

        _use(topo)
        size_t = choropleth.spec_size(maps.map_view(metric, period, derived, lang="id").chart)
        times = _timed(build)
        _use(_geojson_data)
        size_g = choropleth.spec_size(maps.map_view(metric, period, derived, lang="id").chart)
        _use(topo)
        label = f"{metric} {period or 'default'} {derived or ''}".strip()
        print(f"| {label} | {size_t:,} | {size_g:,} | {size_t / size_g:.2f} | "
              f"{statistics.median(times):.3f} ({min(times):.3f}-{max(times):.3f}) |")


if __name__ == "__main__":
    main()
