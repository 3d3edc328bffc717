"""The PDF deck, read back with pypdf and drawn with PDFium: pages, text, embedded fonts, a page to look at."""

import datetime as dt
import io

import pypdfium2
import pytest
from conftest import ARTIFACTS
from pypdf import PdfReader

from bali_umkm.export import briefing_pdf, deck_layout
from bali_umkm.views import briefing

DAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def built():
    deck = briefing.build(briefing.Options(lang="id", regency="5107", today=DAY))
    data = briefing_pdf.to_pdf(deck)
    return deck, data, PdfReader(io.BytesIO(data))


def _fonts(resources, seen=None) -> set[str]:
    """Every font (name -> embedded?) on a page, inside its Form XObjects (the charts) too."""
    out = set()
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        fonts = [font] + [f.get_object() for f in font.get("/DescendantFonts", [])]
        embedded = any("/FontFile2" in f.get("/FontDescriptor", {}).get_object() for f in fonts
                       if "/FontDescriptor" in f)
        out.add(f"{font['/BaseFont']}:{'embedded' if embedded else 'NOT embedded'}")
    for xobj in (resources.get("/XObject") or {}).values():
        xobj = xobj.get_object()
        if xobj.get("/Subtype") == "/Form":
            out |= _fonts(xobj.get("/Resources"))
    return out


def test_page_count_size_and_titles(built):
    deck, _, reader = built
    assert len(reader.pages) == len(deck.page_titles) == len(deck_layout.outline(deck)) >= 9
    assert "Profil Karangasem" in deck.page_titles
    for page, title in zip(reader.pages, deck.page_titles, strict=True):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (960.0, 540.0)
        assert title in page.extract_text()
    assert reader.metadata.title == "Briefing UMKM Bali"


def test_chart_pages_carry_their_source_and_their_chart_as_text(built):
    deck, _, reader = built
    views = {p.title: p.slide.charts[0] for p in deck_layout.outline(deck) if p.slide.charts}
    assert len(views) == 7
    for page, title in zip(reader.pages, deck.page_titles, strict=True):
        if title in views:
            text = page.extract_text()
            assert "Sumber:" in text
            assert views[title].title.split(",")[0] in text     # the vector chart's own title is text
    scale = reader.pages[deck.page_titles.index("UMKM menurut skala usaha")].extract_text()
    assert "395.612" in scale and "439.382" in scale             # Indonesian numbers, chart and bullet


def test_fonts_are_dejavu_sans_and_embedded(built):
    _, _, reader = built
    fonts = set().union(*(_fonts(p.get("/Resources")) for p in reader.pages))
    assert fonts and all(f.endswith(":embedded") for f in fonts), fonts
    assert all("DejaVuSans" in f for f in fonts), fonts


def test_a_rendered_page_shows_the_map(built):
    """Draw the map slide as a PNG (tests/artifacts/briefing_pdf_map_id.png, looked at by a person) and
    check it is a drawn map: many colours, viridis yellow (the top regency and the legend's end)."""
    deck, data, _ = built
    n = deck.page_titles.index("Peta: Usaha non-pertanian (SE2016), 2016 (listing SE2016 (Mei-Juni 2016))")
    doc = pypdfium2.PdfDocument(data)
    image = doc[n].render(scale=1.5).to_pil().convert("RGB")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image.save(ARTIFACTS / "briefing_pdf_map_id.png")
    assert image.size == (1440, 810)
    colours = image.getcolors(maxcolors=1_000_000)
    assert len(colours) > 500
    yellow = sum(n for n, (r, g, b) in colours if r > 230 and g > 210 and b < 80)
    assert yellow > 1000  # Denpasar, the top regency of the SE2016 map, and the legend's end
    # the legend's gradient (a shading pattern) is drawn where the legend is, under the map: it used to
    # stay at the page's own origin when the chart was merged instead of placed as a form
    measure = briefing_pdf.measurer(deck_layout.Specs(deck))
    (pic,) = [e for e in deck_layout.pages(deck, measure)[n].elements
              if isinstance(e, deck_layout.Picture)]
    box = [round(v * 1.5) for v in (pic.x, pic.y + 0.88 * pic.h, pic.x + 0.6 * pic.w, pic.y + pic.h)]
    legend = image.crop(box).getcolors(maxcolors=1_000_000)
    assert any(r > 230 and g > 210 and b < 80 for _, (r, g, b) in legend)      # viridis' yellow end
    assert any(r < 90 and g < 40 and b > 60 for _, (r, g, b) in legend)        # and its purple start
    doc.close()

# An English PDF: tests/test_cli.py builds one through the command line and reads its text.
