"""The actor × barrier heatmap: every cell drawn, one clickable selection, the source on images."""

import json

from bali_umkm import interventions as iv
from bali_umkm.charts.interventions import SELECTION, image_chart, matrix_heatmap
from bali_umkm.export import images

ARGS = dict(title="Jumlah rekomendasi", unit_label="jumlah rekomendasi", lang="id",
            tooltip_titles={"barrier": "Hambatan", "actor": "Aktor", "n": "Jumlah"})


def spec(chart):
    return json.loads(chart.to_json())


def test_heatmap_draws_the_full_grid_with_one_single_view_selection():
    s = spec(matrix_heatmap(iv.matrix(), selected={("lsm", "kur_persyaratan")}, **ARGS))
    (data,) = s["datasets"].values()
    assert len(data) == 125 and sum(row["n"] for row in data) == sum(iv.counts("barrier").values())
    assert [row for row in data if row["selected"]] == [
        next(r for r in data if r["actor"] == "lsm" and r["barrier"] == "kur_persyaratan")]
    (param,) = s["params"]
    assert param["name"] == SELECTION and param["select"]["fields"] == ["actor", "barrier"]
    # a selection spread over two layers does not render in Streamlit 1.67: it must sit on one view
    assert len(param["views"]) == 1
    assert s["config"]["locale"]["number"]["thousands"] == "."


def test_image_chart_carries_the_source_and_no_selection():
    source = iv.source_line("id")
    chart = image_chart(iv.matrix(), **ARGS)
    assert "params" not in spec(chart)
    footer = images.export_spec(chart, source)["title"]["text"]
    assert " ".join(footer) == " ".join(source.split())


def test_png_and_svg_render():
    chart = image_chart(iv.matrix(lang="en"), **{**ARGS, "lang": "en"})
    png = images.to_png(chart, iv.source_line("en"), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    svg = images.to_svg(chart, iv.source_line("en")).decode("utf-8")
    assert svg.startswith("<svg") and "Kolaborasi" not in svg and "Joint action" in svg
