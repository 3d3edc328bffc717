import json

import altair as alt
import pandas as pd

from bali_umkm.charts import base
from bali_umkm.export import images
from bali_umkm.views.maps import map_view

SOURCE = "Sumber: Dinas Koperasi dan UMKM Provinsi Bali, Data Keragaan UMKM 2023; kepercayaan sedang"


def _bar(lang="id"):
    df = pd.DataFrame({"scale": ["mikro", "kecil"], "count": [395_612.0, 36_837.0]})
    return base.bar(df, category="scale", value="count", title="Jumlah UMKM", unit_label="unit usaha",
                    source=SOURCE, lang=lang)


def test_export_spec_fixes_width_and_adds_the_source_as_a_footer():
    spec = images.export_spec(_bar(), SOURCE, width=640)
    assert "container" not in json.dumps(spec)
    assert spec["vconcat"][0]["width"] == 640
    assert spec["title"]["orient"] == "bottom"
    assert " ".join(spec["title"]["text"]).startswith("Sumber: Dinas Koperasi")
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert "autosize" not in spec


def test_long_source_lines_wrap_one_dataset_per_line():
    lines = images.footer_lines("Sumber: A" + " x" * 200 + " | B, second dataset", 500)
    assert len(lines) > 2 and lines[-1] == "B, second dataset"
    assert all(len(line) <= 500 / 5.6 + 1 for line in lines)


def test_svg_carries_the_source_and_indonesian_numbers():
    svg = images.to_svg(_bar("id"), SOURCE).decode("utf-8")
    assert svg.startswith("<svg")
    assert "Sumber: Dinas Koperasi" in svg
    assert "395.612" in svg  # the id-ID locale reached the renderer
    svg_en = images.to_svg(_bar("en"), SOURCE.replace("Sumber", "Source")).decode("utf-8")
    assert "395,612" in svg_en


def test_png_is_an_image_and_cached():
    png = images.to_png(_bar(), SOURCE, scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    assert images.to_png(_bar(), SOURCE, scale=1) is png


def test_the_map_exports_with_its_warnings_and_attribution():
    view = map_view("umkm_total", "2019", lang="id", reference_year=2026)
    svg = images.to_svg(view.chart, view.source_line).decode("utf-8")
    assert "tidak ada data" in svg and "7 dari 9" in svg
    assert "CC BY-IGO" in svg


def test_accepts_a_spec_as_dict_or_json_text():
    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    from_dict = images.export_spec(chart.to_dict(), "S")
    from_text = images.export_spec(chart.to_json(), "S")
    assert from_dict == from_text


def test_pdf_is_one_vector_page_with_its_text_and_an_empty_source_draws_no_footer():
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(images.to_pdf(_bar(), SOURCE)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "395.612" in text and "Sumber: Dinas Koperasi" in text    # text stays text (vector)
    assert "title" not in images.export_spec(_bar(), "")               # a slide's own footer carries it
    bare = PdfReader(io.BytesIO(images.to_pdf(_bar(), ""))).pages[0]
    assert "Sumber:" not in bare.extract_text() and "395.612" in bare.extract_text()
    assert float(bare.mediabox.height) < float(reader.pages[0].mediabox.height)


def test_the_shipped_font_is_registered_with_vl_convert():
    from bali_umkm.paths import FONTS_DIR

    assert (FONTS_DIR / "DejaVuSans.ttf").is_file() and (FONTS_DIR / "LICENSE-DejaVu.txt").is_file()
    import io

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(images.to_pdf(_bar(), SOURCE))).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()}
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}     # the charts' first font, embedded (subsets)
