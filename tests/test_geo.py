import json

import shapely

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
