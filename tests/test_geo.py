import json
import subprocess
import sys

import shapely
from conftest import ROOT

from bali_umkm import catalog, geo


def test_nine_regencies_keyed_by_bps_code():
    g = geo.regencies()
    assert list(g.index) == list(catalog.REGENCY_CODES)
    assert g.crs.to_epsg() == 4326
    assert g.geometry.is_valid.all()


def test_browser_geometry_is_small_flat_and_keeps_shared_borders():
    text = geo.browser_geojson_text(0.003, 4)
    assert len(text.encode()) < 32_000
    fc = json.loads(text)
    assert [f["properties"]["regency_code"] for f in fc["features"]] == list(catalog.REGENCY_CODES)
    assert all(set(f["properties"]) == {"regency_code", "regency"} for f in fc["features"])
    shapes = [shapely.geometry.shape(f["geometry"]) for f in fc["features"]]
    for a in range(len(shapes)):
        for b in range(a + 1, len(shapes)):
            # simplified together: neighbours may touch but must not overlap
            assert shapes[a].intersection(shapes[b]).area < 1e-6
    original = geo.regencies().union_all().area
    assert abs(shapely.union_all(shapes).area - original) / original < 0.01


def test_coordinates_are_rounded():
    text = geo.browser_geojson_text(0.003, 4)
    assert "115.21234" not in text
    coords = json.loads(text)["features"][0]["geometry"]["coordinates"]
    numbers = json.dumps(coords).replace("[", "").replace("]", "").split(",")
    assert all(len(n.split(".")[1]) <= 4 for n in numbers if "." in n)


def test_attribution_line():
    assert "CC BY-IGO" in geo.attribution("id") and "CC BY-IGO" in geo.attribution("en")


def _decode_topojson(topo: dict) -> dict[str, shapely.MultiPolygon]:
    """A small TopoJSON reader (quantized, delta-encoded arcs) to check what the browser gets."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes):
        points = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part if not points else part[1:])
        return points

    out = {}
    for geom in topo["objects"][geo.TOPO_OBJECT]["geometries"]:
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        out[geom["id"]] = shapely.MultiPolygon(
            [shapely.Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polygons])
    return out


def test_browser_topojson_is_small_keyed_by_code_and_faithful():
    text = geo.browser_topojson_text()
    assert len(text.encode()) < 18_000  # about 14 KB; the GeoJSON of the same geometry is ~36 KB
    topo = json.loads(text)
    assert topo["type"] == "Topology" and "transform" in topo
    geometries = topo["objects"][geo.TOPO_OBJECT]["geometries"]
    assert [g["id"] for g in geometries] == list(catalog.REGENCY_CODES)
    assert all(set(g) == {"type", "arcs", "id"} for g in geometries)  # flat: no properties
    decoded = _decode_topojson(topo)
    original = geo.regencies()
    for code, shape in decoded.items():
        assert shape.is_valid
        assert abs(shape.area / original.loc[code].geometry.area - 1) < 0.01, code


def test_topojson_stores_each_shared_border_once():
    topo = geo.browser_topojson()
    used = [abs(i if i >= 0 else ~i) for g in topo["objects"][geo.TOPO_OBJECT]["geometries"]
            for poly in (g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]])
            for r in poly for i in r]
    shared = {i for i in used if used.count(i) == 2}
    assert len(shared) >= 12  # Bali's 9 regencies share at least a dozen borders
    decoded = _decode_topojson(topo)
    for a in catalog.REGENCY_CODES:
        for b in catalog.REGENCY_CODES:
            if a < b:
                assert decoded[a].intersection(decoded[b]).area < 1e-7


def test_the_shipped_browser_geometry_is_what_the_boundaries_give():
    shipped = json.loads(geo.BROWSER_FILE.read_text(encoding="utf-8"))
    built = json.loads(json.dumps(geo.build_browser_shapes()))  # tuples -> lists, as in the file
    assert shipped == built, ('geo/bali_regencies.browser.json is stale: python -c "from bali_umkm import geo; '
                              'geo.write_browser_file()"')
    assert set(shipped["label_points"]) == set(geo.regencies()["regency_code"])


def test_browser_geometry_from_other_boundaries_is_made_afresh(tmp_path, monkeypatch):
    stale = json.loads(geo.BROWSER_FILE.read_text(encoding="utf-8"))
    stale["made_from"]["sha256"] = "0" * 64
    stale["label_points"]["5101"] = [0.0, 0.0]
    path = tmp_path / "browser.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(geo, "BROWSER_FILE", path)
    geo.browser_shapes.cache_clear()
    try:
        assert geo.browser_shapes()["label_points"]["5101"] != [0.0, 0.0]
        path.write_text("{not json", encoding="utf-8")
        geo.browser_shapes.cache_clear()
        assert geo.browser_shapes()["topojson"]["type"] == "Topology"
    finally:
        geo.browser_shapes.cache_clear()


def test_a_map_is_drawn_without_geopandas():
    """A page's map reads the shipped geometry: geopandas, shapely and topojson (~0,5–0,9 s per
    process) are not imported."""
    code = ("import sys; sys.path.insert(0, 'tests'); import conftest\n"
            "from bali_umkm.views.maps import map_view\n"
            "view = map_view('umkm_total', lang='id'); view.spec\n"
            "print(sorted(m for m in ('geopandas', 'shapely', 'topojson') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
