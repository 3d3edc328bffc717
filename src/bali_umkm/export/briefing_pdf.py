"""A briefing deck as PDF: text and tables by reportlab, charts as vector pages by vl-convert.

    data = to_pdf(briefing.build(briefing.Options(lang="en")))

The slides are drawn by reportlab's canvas where `deck_layout.pages` places them, in DejaVu
Sans (the shipped TTFs, embedded as subsets). Each chart is rendered by vl-convert as a one-page
vector PDF (the same renderer as the dashboard's PNG/SVG downloads, so the chart looks the same;
its text stays text, with its fonts embedded) and placed on its slide by pypdf as a Form XObject
scaled to its box. (Merging the page's content instead would leave the map legend's gradient
behind: a shading pattern is positioned in its page's default space, not by the merged matrix;
inside a form it moves with the form.) No Streamlit here.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)
from reportlab.lib.colors import HexColor
from reportlab.pdfgen import canvas

from ..views import briefing
from . import deck_layout as L
from . import images


def chart_pdf(spec: dict, width_px: int = L.CHART_PX) -> bytes:
    """The chart as one vector PDF page, without a drawn-in footer (the slide's footer carries
    it). Cached in export.images."""
    return images.to_pdf(spec, "", width=width_px)


def _chart_page(data: bytes):
    return PdfReader(io.BytesIO(data)).pages[0]


def measurer(specs: L.Specs):
    """Natural size in points of a chart at `width_px` (the PDF page's size)."""

    def measure(view, width_px: int) -> tuple[float, float]:
        box = _chart_page(chart_pdf(specs(view), width_px)).mediabox
        return float(box.width), float(box.height)

    return measure


def _colour(hex_text: str) -> HexColor:
    return HexColor("#" + hex_text)


def _draw_text(c: canvas.Canvas, el: L.Text) -> None:
    font = L.PDF_FONTS[el.bold]
    c.setFillColor(_colour(el.color))
    c.setFont(font, el.size)
    line_h = el.size * L.LEADING
    y = el.y + el.size * 0.95            # the first baseline, from the top of the box
    indent = L.bullet_indent(el.size) if el.bullet else 0.0
    for para in el.paragraphs:
        if el.bullet:
            c.drawString(el.x, L.SLIDE_H - y, "•")
        for line in L.wrap(para, el.size, el.w - indent, el.bold):
            top_down = L.SLIDE_H - y
            if el.align == "right":
                c.drawRightString(el.x + el.w, top_down, line)
            else:
                c.drawString(el.x + indent, top_down, line)
            y += line_h
        y += el.space_after


def _draw_rect(c: canvas.Canvas, el: L.Rect) -> None:
    if el.fill:
        c.setFillColor(_colour(el.fill))
    if el.line:
        c.setStrokeColor(_colour(el.line))
        c.setLineWidth(0.75)
    c.rect(el.x, L.SLIDE_H - el.y - el.h, el.w, el.h, stroke=1 if el.line else 0, fill=1 if el.fill else 0)


def _draw_table(c: canvas.Canvas, el: L.Table) -> None:
    y = el.y
    for i, (row, h) in enumerate(zip([el.header, *el.rows], el.row_heights, strict=True)):
        fill = L.DARK if i == 0 else (L.ROW_FILL if i % 2 == 0 else None)
        if fill:
            _draw_rect(c, L.Rect(el.x, y, el.w, h, fill=fill))
        x = el.x
        for value, w in zip(row, el.col_widths, strict=True):
            _draw_text(c, L.Text(x + el.pad, y + el.pad, w - 2 * el.pad, h - 2 * el.pad, [str(value)], el.size,
                                 bold=(i == 0), color="FFFFFF" if i == 0 else L.TEXT))
            x += w
        y += h
    _draw_rect(c, L.Rect(el.x, y, el.w, 0.5, fill=L.RULE))


def _place(writer: PdfWriter, page, data: bytes, name: str, pic: L.Picture) -> None:
    """Draw the chart PDF's page on `page` as a Form XObject, scaled into the picture's box."""
    chart = _chart_page(data)
    left, bottom, right, _top = (float(v) for v in chart.mediabox)
    form = DecodedStreamObject()
    form.set_data(chart._get_contents_as_bytes() or b"")
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject(FloatObject(v) for v in chart.mediabox),
                 NameObject("/Resources"): chart["/Resources"].get_object().clone(writer)})
    form_ref = writer._add_object(form.flate_encode())
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject(name)] = form_ref
    scale = pic.w / (right - left)
    x, y = pic.x - scale * left, L.SLIDE_H - pic.y - pic.h - scale * bottom
    draw = DecodedStreamObject()
    draw.set_data(f"q {scale:.6f} 0 0 {scale:.6f} {x:.3f} {y:.3f} cm {name} Do Q".encode())
    contents = page.raw_get("/Contents")     # the reference: a content stream must stay indirect
    if not isinstance(contents, IndirectObject) and not isinstance(contents, ArrayObject):
        contents = writer._add_object(contents)
    parts = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([*parts, writer._add_object(draw)])


def to_pdf(deck: briefing.Deck) -> bytes:
    """The deck as a PDF file (bytes): one 16:9 page per slide."""
    L.register_fonts()
    specs = L.Specs(deck)
    laid_out = L.pages(deck, measurer(specs))
    deck.page_titles = [p.title for p in laid_out]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(L.SLIDE_W, L.SLIDE_H), pageCompression=1, lang=deck.lang,
                      initialFontName=L.PDF_FONTS[False])   # no unembedded Helvetica, even unused
    c.setTitle(deck.title)
    c.setSubject(f"{deck.date_text} · {deck.period_text}")
    c.setAuthor("Dasbor UMKM Bali")
    c.setCreator("Dasbor UMKM Bali (reportlab, vl-convert, pypdf)")
    pictures: list[tuple[int, L.Picture]] = []
    for n, page in enumerate(laid_out):
        for el in page.elements:
            if isinstance(el, L.Rect):
                _draw_rect(c, el)
            elif isinstance(el, L.Text):
                _draw_text(c, el)
            elif isinstance(el, L.Table):
                _draw_table(c, el)
            elif isinstance(el, L.Picture):
                pictures.append((n, el))
        c.showPage()
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    for k, (n, pic) in enumerate(pictures, start=1):
        _place(writer, writer.pages[n], chart_pdf(specs(pic.view), pic.width_px), f"/BriefingChart{k}", pic)
    writer.add_metadata({"/Title": deck.title, "/Author": "Dasbor UMKM Bali",
                         "/Subject": f"{deck.date_text} · {deck.period_text}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
