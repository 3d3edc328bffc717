"""A briefing deck as PPTX (python-pptx): editable text, charts as PNG at twice the resolution.

    data = to_pptx(briefing.build(briefing.Options(lang="id")))

Each slide uses the "Title Only" layout (so the title is the slide's title for outlines and
screen readers); every other element is placed where `deck_layout.pages` says. Text is set in
DejaVu Sans (the font the PDF embeds and the charts are drawn with) and tagged Indonesian or
English for spelling. Each chart picture carries the chart's accessible description (`descr`),
and the speaker notes hold the descriptions and the footer's full source line. A footer's text
box is named "Sumber" so tests (and people) can find it. No Streamlit here.
"""

from __future__ import annotations

import io
import struct

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..views import briefing
from . import deck_layout as L
from . import images

TITLE_ONLY = 5
FOOTER_NAME = "Sumber"
LANGUAGE = {"id": MSO_LANGUAGE_ID.INDONESIAN, "en": MSO_LANGUAGE_ID.ENGLISH_US}


def png(spec: dict, width_px: int = L.CHART_PX) -> bytes:
    """The chart as the deck shows it: no footer drawn in (the slide's footer carries the
    source), twice the resolution. Cached in export.images."""
    return images.to_png(spec, "", width=width_px, scale=2.0)


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def measurer(specs: L.Specs):
    """Natural size in points of a chart at `width_px` (1 px = 1 pt; the PNG holds 2 × that)."""

    def measure(view, width_px: int) -> tuple[float, float]:
        w, h = png_size(png(specs(view), width_px))
        return w / 2, h / 2

    return measure


def _pt(v: float) -> Emu:
    return Emu(round(v * 12700))


def _runs_font(paragraph, size: float, bold: bool, color: str, lang: str) -> None:
    for run in paragraph.runs:
        font = run.font
        font.name = L.FONT_NAME
        font.size = Pt(size)
        font.bold = bold
        font.color.rgb = RGBColor.from_string(color)
        font.language_id = LANGUAGE[lang]


def _bullet(paragraph, indent_pt: float) -> None:
    """A real bullet with a hanging indent (PowerPoint keeps it when the text is edited)."""
    ppr = paragraph._p.get_or_add_pPr()
    emu = str(int(indent_pt * 12700))
    ppr.set("marL", emu)
    ppr.set("indent", "-" + emu)
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    font = ppr.makeelement(qn("a:buFont"), {"typeface": L.FONT_NAME})
    char = ppr.makeelement(qn("a:buChar"), {"char": "•"})
    ppr.append(font)
    ppr.append(char)


def _fill_text(frame, el: L.Text, lang: str) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for i, text in enumerate(el.paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = text
        if el.bullet:
            _bullet(para, L.bullet_indent(el.size))
        para.alignment = PP_ALIGN.RIGHT if el.align == "right" else PP_ALIGN.LEFT
        para.line_spacing = L.LEADING * 0.83   # PowerPoint's single spacing is ~1.2 × the size already
        if el.space_after:
            para.space_after = Pt(el.space_after)
        _runs_font(para, el.size, el.bold, el.color, lang)


def _text(slide, el: L.Text, lang: str) -> None:
    if el.role == "title" and slide.shapes.title is not None:
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = _pt(el.x), _pt(el.y), _pt(el.w), _pt(el.h)
    else:
        shape = slide.shapes.add_textbox(_pt(el.x), _pt(el.y), _pt(el.w), _pt(el.h))
        if el.role == "footer":
            shape.name = FOOTER_NAME
        elif el.role:
            shape.name = el.role
    _fill_text(shape.text_frame, el, lang)


def _rect(slide, el: L.Rect) -> None:
    from pptx.enum.shapes import MSO_SHAPE

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _pt(el.x), _pt(el.y), _pt(el.w), _pt(max(el.h, 0.5)))
    shape.shadow.inherit = False
    if el.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(el.fill)
    else:
        shape.fill.background()
    if el.line:
        shape.line.color.rgb = RGBColor.from_string(el.line)
        shape.line.width = Pt(0.75)
    else:
        shape.line.fill.background()


def _picture(slide, el: L.Picture, specs: L.Specs) -> None:
    pic = slide.shapes.add_picture(io.BytesIO(png(specs(el.view), el.width_px)), _pt(el.x), _pt(el.y),
                                   _pt(el.w), _pt(el.h))
    pic.name = getattr(el.view, "title", "") or "chart"
    pic._element.nvPicPr.cNvPr.set("descr", el.view.alt_text)


def _table(slide, el: L.Table, lang: str) -> None:
    shape = slide.shapes.add_table(len(el.rows) + 1, len(el.header), _pt(el.x), _pt(el.y), _pt(el.w), _pt(el.h))
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for j, w in enumerate(el.col_widths):
        table.columns[j].width = _pt(w)
    for i, h in enumerate(el.row_heights):
        table.rows[i].height = _pt(h)
    for i, row in enumerate([el.header, *el.rows]):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = cell.margin_top = cell.margin_bottom = _pt(el.pad)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(L.DARK if i == 0 else
                                                            (L.ROW_FILL if i % 2 == 0 else "FFFFFF"))
            frame = cell.text_frame
            frame.word_wrap = True
            frame.paragraphs[0].text = str(value)
            _runs_font(frame.paragraphs[0], el.size, i == 0, "FFFFFF" if i == 0 else L.TEXT, lang)


def to_pptx(deck: briefing.Deck) -> bytes:
    """The deck as a .pptx file (bytes)."""
    specs = L.Specs(deck)
    laid_out = L.pages(deck, measurer(specs))
    deck.page_titles = [p.title for p in laid_out]
    prs = Presentation()
    prs.slide_width, prs.slide_height = _pt(L.SLIDE_W), _pt(L.SLIDE_H)
    props = prs.core_properties
    props.title = deck.title
    props.subject = f"{deck.date_text} · {deck.period_text}"
    props.author = "Dasbor UMKM Bali"
    props.language = "id-ID" if deck.lang == "id" else "en-US"
    layout = prs.slide_layouts[TITLE_ONLY]
    for page in laid_out:
        slide = prs.slides.add_slide(layout)
        for el in page.elements:
            if isinstance(el, L.Rect):
                _rect(slide, el)
            elif isinstance(el, L.Text):
                _text(slide, el, deck.lang)
            elif isinstance(el, L.Picture):
                _picture(slide, el, specs)
            elif isinstance(el, L.Table):
                _table(slide, el, deck.lang)
        title = slide.shapes.title
        if title is not None:  # the placeholder came first; bring it above the bands drawn since
            tree = title._element.getparent()
            tree.remove(title._element)
            tree.append(title._element)
        if page.notes:
            slide.notes_slide.notes_text_frame.text = "\n\n".join(page.notes)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
