"""The PPTX deck, opened again with python-pptx: slides, titles, source footers, pictures, fonts."""

import datetime as dt
import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from bali_umkm.export import briefing_pptx, deck_layout
from bali_umkm.views import briefing

DAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def built():
    deck = briefing.build(briefing.Options(lang="id", today=DAY))
    data = briefing_pptx.to_pptx(deck)
    return deck, data, Presentation(io.BytesIO(data))


def _pictures(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _footer(slide):
    return [s for s in slide.shapes if s.name == briefing_pptx.FOOTER_NAME]


def test_slide_count_and_titles(built):
    deck, _, prs = built
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == deck.page_titles == [p.title for p in deck_layout.outline(deck)]
    assert len(prs.slides) >= 8
    assert titles[:4] == ["Briefing UMKM Bali", "Angka kunci", "UMKM menurut skala usaha", "UMKM menurut sektor"]
    assert "Peta: Usaha non-pertanian (SE2016), 2016 (listing SE2016 (Mei-Juni 2016))" in titles
    assert titles[-1] == "Sumber" or titles[-1].startswith("Sumber (")
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)


def test_every_chart_slide_has_its_source_line_in_the_footer(built):
    deck, _, prs = built
    chart_slides = [s for s in prs.slides if _pictures(s)]
    assert len(chart_slides) == sum(len(s.charts) for s in deck.slides) == 7
    views = [v for s in deck.slides for v in s.charts]
    for slide, view in zip(chart_slides, views, strict=True):
        (footer,) = _footer(slide)
        assert footer.text_frame.text == view.source_line
        assert footer.text_frame.text.startswith("Sumber: ")
        footer_top = footer.top
        for pic in _pictures(slide):
            assert pic.top + pic.height <= footer_top       # the chart never covers its source
    map_footer = _footer(chart_slides[-1])[0].text_frame.text
    assert "Batas administrasi: BPS / OCHA ROAP" in map_footer   # the boundaries' attribution too


def test_pictures_are_twice_the_resolution_and_described(built):
    _deck, _, prs = built
    for slide in prs.slides:
        for pic in _pictures(slide):
            px_w, _ = Image.open(io.BytesIO(pic.image.blob)).size
            shown_pt = pic.width / 12700
            assert px_w / shown_pt >= 1.7          # at least ~2 px per point as shown (2 × the chart's size)
            descr = pic._element.nvPicPr.cNvPr.get("descr")
            assert descr and len(descr) > 40
            assert descr in slide.notes_slide.notes_text_frame.text


def test_text_is_in_dejavu_sans_and_tagged_indonesian(built):
    _, _, prs = built
    runs = [r for s in prs.slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"DejaVu Sans"}
    assert {r.font._rPr.get("lang") for r in runs} == {"id-ID"}


def test_key_figures_and_sources_are_on_their_slides(built):
    _deck, _, prs = built
    text = {s.shapes.title.text: " ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
            for s in prs.slides}
    assert "439.382" in text["Angka kunci"] and "Rp4,72 triliun" in text["Angka kunci"]
    cells = [c.text for s in prs.slides if s.shapes.title.text.startswith("Sumber") for sh in s.shapes
             if sh.has_table for row in sh.table.rows for c in row.cells]
    joined = " ".join(cells)
    assert "CC BY-IGO" in joined and "Data BPS: bebas dikutip dengan menyebut sumbernya" in joined
    assert "BPS data: free to cite" not in joined  # the Indonesian deck says it in Indonesian


def test_english_deck_with_a_regency(tmp_path):
    deck = briefing.build(briefing.Options(lang="en", regency="5107", today=DAY))
    prs = Presentation(io.BytesIO(briefing_pptx.to_pptx(deck)))
    titles = [s.shapes.title.text for s in prs.slides]
    assert "Karangasem: profile" in titles and titles[0] == "MSMEs in Bali, a briefing"
    profile = prs.slides[titles.index("Karangasem: profile")]
    cells = [c.text for sh in profile.shapes if sh.has_table for row in sh.table.rows for c in row.cells]
    assert "Source" in cells and "57,456" in cells     # English numbers in the table
    assert prs.core_properties.language == "en-US"
