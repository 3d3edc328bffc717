import json

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from bali_umkm import catalog, indicators
from bali_umkm.charts import choropleth
from bali_umkm.charts.base import to_spec
from bali_umkm.charts.choropleth import choropleth as draw
from bali_umkm.charts.choropleth import spec_size
from bali_umkm.i18n import t
from bali_umkm.views.maps import map_view

MAX_BYTES = 40_000


def _rows(spec: dict) -> list[dict]:
    """The flat table the map carries (Altair moves it to top-level `datasets`)."""
    return spec["datasets"][spec["data"]["name"]]


def _layers(spec: dict) -> list[dict]:
    return spec["layer"]


def test_no_data_is_drawn_grey_dashed_and_named_never_zero():
    view = map_view("umkm_total", "2019", lang="id", reference_year=2026)
    spec = view.chart.to_dict()
    rows = {r["regency_code"]: r for r in _rows(spec)}
    assert len(rows) == 9
    assert rows["5101"]["value"] is None  # JSON null, not 0
    assert rows["5101"]["value_text"] == "tidak ada data"
    assert rows["5103"]["value"] > 0
    base, coloured = _layers(spec)[0], _layers(spec)[1]
    # the bottom layer draws every regency (no filter), grey with a dashed outline...
    assert "transform" not in base or all("filter" not in tr for tr in base["transform"])
    assert base["mark"]["strokeDash"] == choropleth.NO_DATA_DASH
    assert base["mark"]["fill"] == choropleth.NO_DATA_FILL
    # ...with its own legend entry, and the coloured layer only where there is a value
    assert base["encoding"]["fill"]["scale"]["domain"] == ["tidak ada data"]
    assert coloured["transform"] == [{"filter": "isValid(datum.value)"}]
    assert coloured["encoding"]["color"]["scale"]["scheme"] == "viridis"
    # the words are on the map too, under each name without data
    texts = [lyr for lyr in _layers(spec) if lyr["mark"]["type"] == "text"]
    assert any(tr.get("filter") == "!isValid(datum.value)" for lyr in texts for tr in lyr.get("transform", []))
    assert any("7 dari 9" in line for line in spec["title"]["subtitle"])


def test_a_complete_map_has_no_no_data_legend():
    spec = map_view("population_total", "2024", lang="en").chart.to_dict()
    assert all(r["value"] is not None for r in _rows(spec))
    assert _layers(spec)[0]["encoding"]["fill"] == {"value": choropleth.NO_DATA_FILL}


def test_selection_is_a_point_on_the_flat_code_in_one_layer():
    spec = map_view("umkm_total", lang="id").chart.to_dict()
    params = spec.get("params", []) + [p for lyr in _layers(spec) for p in lyr.get("params", [])]
    params = [p for p in params if "select" in p]  # (the other is the phone-height signal)
    assert len(params) == 1
    # Altair lifts it to the top level, bound to the bottom layer (every regency, with or without data)
    assert params[0].get("views", [None]) == [_layers(spec)[0].get("name")]
    assert params[0]["name"] == choropleth.SELECTION
    assert params[0]["select"]["type"] == "point"
    assert params[0]["select"]["fields"] == ["regency_code"]


def test_selected_regency_gets_an_outline_layer():
    spec = map_view("umkm_total", lang="id", selected="5107").chart.to_dict()
    outlines = [lyr for lyr in _layers(spec) if lyr["mark"].get("filled") is False]
    assert len(outlines) == 1
    assert "5107" in json.dumps(outlines[0]["transform"])
    none = map_view("umkm_total", lang="id", selected="9999").chart.to_dict()
    assert not [lyr for lyr in _layers(none) if lyr["mark"].get("filled") is False]


def test_geometry_is_topojson_sent_once_and_joined_by_code():
    view = map_view("umkm_total", lang="id")
    # the chart names the shapes; every conversion (page, image, deck) puts them in once
    assert '"Topology"' not in json.dumps(view.chart.to_dict())
    for spec in (view.spec, to_spec(view.chart), to_spec(view.chart, validate=False)):
        assert json.dumps(spec).count('"Topology"') == 1
        assert spec["datasets"][choropleth.TOPO_DATASET]["type"] == "Topology"
        (lookup,) = [tr for tr in spec["transform"] if "lookup" in tr]
        assert lookup["lookup"] == "regency_code" and lookup["from"]["key"] == "id"
        assert lookup["from"]["data"] == {"name": choropleth.TOPO_DATASET,
                                          "format": {"type": "topojson", "feature": "regencies"}}
    assert to_spec(alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q")).get("datasets", {}).keys() \
        .isdisjoint({choropleth.TOPO_DATASET})  # a chart without the map gets no shapes


@pytest.mark.parametrize("metric, period, derived, selected", [
    ("umkm_total", None, None, None),
    ("umkm_total", "2019", "per_1000", "5103"),          # most notes: old, missing, mixed, periods
    ("kur_disbursed_value", "2016", "share_of_province", "5171"),
    ("umkm_affected_covid19", None, "per_km2", "5108"),
    ("population_total", "2024", "per_km2", None),
])
def test_the_whole_choropleth_is_at_most_40_kb(metric, period, derived, selected):
    for lang in ("id", "en"):
        chart = map_view(metric, period, derived, lang=lang, selected=selected).chart
        assert spec_size(chart) <= MAX_BYTES, (metric, derived, lang, spec_size(chart))


def test_derived_indicator_titles_legend_and_notes():
    view = map_view("umkm_affected_covid19", None, "per_1000", lang="id", reference_year=2026)
    assert view.legend_title == "UMKM terdampak COVID-19 per 1.000 penduduk"
    assert view.title.startswith("UMKM terdampak COVID-19 per 1.000 penduduk, 2020")
    assert any(n.startswith("Tidak dapat dihitung untuk 8 kabupaten/kota") for n in view.notes)
    spec = view.chart.to_dict()
    assert any("tidak ada angka penduduk 2020" in line for line in spec["title"]["subtitle"])
    assert spec["layer"][1]["encoding"]["color"]["legend"]["format"] == ",.1~f"
    assert "denom_value" in view.csv.columns and (view.csv["derived"] == "per_1000").all()
    assert "pop_sp2020" in view.datasets and "pop_dukcapil_2022" not in view.datasets


def test_a_refused_value_is_drawn_apart_from_no_data():
    view = map_view("umkm_total", "2019", "share_of_province", lang="id")
    rows = {r["regency_code"]: r for r in _rows(view.chart.to_dict())}
    # Badung and Denpasar: refused (striped, "tidak dapat dihitung"); the others: no data (grey)
    assert rows["5103"]["refused"] and rows["5171"]["refused"] and not rows["5101"]["refused"]
    assert rows["5103"]["value_text"] == "tidak dapat dihitung"
    assert rows["5101"]["value_text"] == "tidak ada data"
    assert rows["5103"]["nodata_text"] == "tidak dapat dihitung" and rows["5101"]["nodata_text"] == "tidak ada data"
    spec = view.chart.to_dict()
    striped = [la for la in spec["layer"] if isinstance(la.get("mark"), dict)
               and isinstance(la["mark"].get("fill"), dict)]
    assert len(striped) == 1 and striped[0]["mark"]["fill"]["gradient"] == "linear"
    legend = spec["layer"][0]["encoding"]["fill"]["scale"]["domain"]
    assert legend == ["tidak ada data", "tidak dapat dihitung"]
    # the table and the CSV give the whole reason; the CSV says which rows were refused
    why = view.table[t("choropleth.col_refused", "id")].tolist()
    assert "DPR RI" in why[2] and why[0] == ""
    csv = view.csv.set_index("regency_code")
    assert csv.loc["5103", "status"] == "refused" and csv.loc["5101", "status"] == "no_data"
    assert csv.loc["5103", "refused_reason"] == "no_same_source_elsewhere"
    assert "sumber yang sama" in csv.loc["5103", "reason_text"]
    assert "CC BY-IGO" in view.source_line  # the boundaries' attribution travels with the map


def test_tooltip_and_table_read_indonesian_numbers():
    view = map_view("umkm_total", "undated:umkm_beritabali_undated", lang="id")
    rows = {r["regency_code"]: r for r in _rows(view.chart.to_dict())}
    value = catalog.series("umkm_total", regency="5104", dataset="umkm_beritabali_undated").iloc[0]["value"]
    assert rows["5104"]["value_text"] == f"{int(value):,}".replace(",", ".")
    assert rows["5104"]["trust_text"] == "rendah"
    assert view.table.shape == (9, 6)
    assert "Gianyar" in view.alt_text and "tanpa tahun" in view.alt_text


def test_frame_must_hold_the_nine_regencies():
    frame = pd.DataFrame({c: [""] for c in choropleth.FRAME_COLUMNS})
    with pytest.raises(ValueError):
        draw(frame, title="x", legend_title="y")
    with pytest.raises(ValueError):
        draw(pd.DataFrame({"regency_code": list(catalog.REGENCY_CODES)}), title="x", legend_title="y")


def test_vega_lite_compiles_and_renders_the_map():
    view = map_view("umkm_total", "2019", lang="id", selected="5103")
    spec = view.chart.to_dict()
    spec["width"] = 600
    svg = vlc.vegalite_to_svg(spec)
    assert "Buleleng" in svg and "tidak ada data" in svg
    assert svg.count("<path") > 9
    vega = vlc.vegalite_to_vega(spec)
    assert any(d.get("format", {}).get("type") == "topojson" for d in vega["data"] if "format" in d)


def test_label_points_lie_inside_their_regency():
    from bali_umkm import geo

    gdf = geo.regencies()
    for code, (lon, lat) in choropleth.label_points().items():
        import shapely

        assert gdf.loc[code].geometry.buffer(0.002).contains(shapely.Point(lon, lat)), code
    # Klungkung's name goes on the mainland, not on Nusa Penida (south of -8.65)
    assert choropleth.label_points()["5105"][1] > -8.65


def test_every_period_option_of_every_map_metric_builds():
    for metric in indicators.map_metrics():
        for option in indicators.period_options(metric)[:3]:
            view = map_view(metric, option.key, lang="en")
            assert len(_rows(view.chart.to_dict())) == 9


def test_rupiah_maps_label_their_legend_in_billions():
    import pandas as pd

    from bali_umkm.views.maps import legend_scale_for

    assert legend_scale_for(pd.Series([2.2e11, 6.4e11]), "IDR") == 1e9
    assert legend_scale_for(pd.Series([2.0e13, float("nan")]), "IDR") == 1e12
    assert legend_scale_for(pd.Series([5e8]), "IDR") == 1.0
    assert legend_scale_for(pd.Series([6e11]), "units") == 1.0
    view = map_view("kur_disbursed_value", "2016", lang="id")
    color = view.chart.to_dict()["layer"][1]["encoding"]["color"]
    assert color["title"] == "Penyaluran KUR (miliar rupiah)"
    assert color["legend"]["labelExpr"] == 'format(datum.value / 1000000000, ",.0f")'
    assert "Satuan: miliar rupiah" in view.chart.to_dict()["title"]["subtitle"]
    counts = map_view("umkm_total", lang="id").chart.to_dict()["layer"][1]["encoding"]["color"]
    assert "labelExpr" not in counts["legend"]  # other units keep their plain labels


def test_on_a_phone_the_map_is_as_high_as_bali_needs():
    """The height follows the width below height / ASPECT px (a phone); the image keeps 470 px."""
    spec = map_view("umkm_total", lang="id").chart.to_dict()
    (height,) = [p for p in spec["params"] if p["name"] == "height"]
    c = choropleth
    assert height["expr"] == f"min({c.DEFAULT_HEIGHT}, max({c.MIN_HEIGHT}, width * {c.ASPECT}))"
    assert spec["height"] == choropleth.DEFAULT_HEIGHT
