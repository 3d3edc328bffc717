"""Where everything goes on a briefing slide, shared by the PPTX and the PDF writer.

`pages(deck, measure)` turns a `briefing.Deck` into `Page`s of positioned elements (`Text`,
`Rect`, `Picture`, `Table`), splitting a long table or list over several slides, so the two
formats have the same slides, titles and footers. Units are points on a 16:9 slide of
960 × 540 pt (13,333 × 7,5 in), origin top left. Text is measured with the shipped font
(DejaVu Sans, assets/fonts) through reportlab's metrics, the same font both files use.

`measure(view, width_px)` gives a chart image's natural size (the writer renders it: PNG for
PPTX, PDF for the PDF); the chart is scaled to fit its box, never stretched.

Why one module of about 450 lines: both writers draw exactly these pages, so every measurement
and every split of a long table or list is decided in one place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..charts.base import to_spec
from ..i18n import t
from ..paths import FONTS_DIR
from ..views import briefing

SLIDE_W, SLIDE_H = 960.0, 540.0
MARGIN = 36.0
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_Y, TITLE_H = 22.0, 40.0
SUBTITLE_H = 20.0
BODY_TOP = 74.0
FOOTER_Y = 482.0                       # the rule above the footer
FOOTER_H = SLIDE_H - FOOTER_Y - 10.0
BODY_BOTTOM = FOOTER_Y - 8.0
PAGE_NO_W = 48.0
GAP = 10.0
CHART_PX = 640                         # charts are drawn this wide (pages: 760): labels stay legible
MAX_CHART_SCALE = 1.15                 # points per pixel: a small chart is not blown up further
LEADING = 1.22

FONT_NAME = "DejaVu Sans"              # what the PPTX names; the PDF embeds the files below
FONT_FILES = {False: FONTS_DIR / "DejaVuSans.ttf", True: FONTS_DIR / "DejaVuSans-Bold.ttf"}
PDF_FONTS = {False: "DejaVuSans", True: "DejaVuSans-Bold"}

DARK = "0B3D62"      # titles, table headers
ACCENT = "0072B2"    # the band at the top (charts.base.PALETTE[0])
TEXT = "222222"
MUTED = "555555"
CARD_FILL = "F2F6FA"
CARD_LINE = "C8D6E5"
ROW_FILL = "F5F7FA"
RULE = "B0B8C4"


@functools.cache
def register_fonts() -> None:
    """Register the shipped TTFs with reportlab (for measuring and for the PDF)."""
    for bold, name in PDF_FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_FILES[bold])))


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width` points (explicit newlines kept)."""
    register_fonts()
    lines: list[str] = []
    for para in text.split("\n"):
        lines += simpleSplit(para, PDF_FONTS[bold], size, width) or [""]
    return lines


def text_height(text: str, size: float, width: float, bold: bool = False) -> float:
    return len(wrap(text, size, width, bold)) * size * LEADING


def fit_size(text: str, width: float, height: float, largest: float, smallest: float, bold: bool = False) -> float:
    """The largest size (in half points) at which `text` fits the box; `smallest` if none does."""
    size = largest
    while size > smallest and text_height(text, size, width, bold) > height:
        size -= 0.5
    return size


@dataclass
class Text:
    x: float
    y: float
    w: float
    h: float
    paragraphs: list[str]
    size: float
    bold: bool = False
    color: str = TEXT
    bullet: bool = False
    role: str = ""              # "title", "subtitle", "footer", "page" (tests and the PPTX use it)
    align: str = "left"
    space_after: float = 0.0    # points between paragraphs


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    line: str | None = None


@dataclass
class Picture:
    x: float
    y: float
    w: float
    h: float
    view: object                # charts.base.ChartView / views.maps.MapView
    width_px: int = CHART_PX


@dataclass
class Table:
    x: float
    y: float
    col_widths: list[float]
    header: list[str]
    rows: list[list[str]]
    row_heights: list[float]    # header first
    size: float
    pad: float = 3.0

    @property
    def w(self) -> float:
        return sum(self.col_widths)

    @property
    def h(self) -> float:
        return sum(self.row_heights)


@dataclass
class Page:
    slide: briefing.Slide
    title: str
    elements: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def texts(self, role: str) -> list[Text]:
        return [e for e in self.elements if isinstance(e, Text) and e.role == role]

    @property
    def footer(self) -> str:
        return " ".join(p for e in self.texts("footer") for p in e.paragraphs)


Measure = Callable[[object, int], tuple[float, float]]


# --- the pieces --------------------------------------------------------------------------------

def _frame(page: Page, subtitle: str, footer: str, lang: str) -> float:
    """Band, title, subtitle and footer; returns where the body starts."""
    page.elements += [Rect(0, 0, SLIDE_W, 6, fill=ACCENT),
                      Text(MARGIN, TITLE_Y, CONTENT_W, TITLE_H, [page.title],
                           fit_size(page.title, CONTENT_W, TITLE_H, 24, 16, True), True, DARK, role="title")]
    top = BODY_TOP
    if subtitle:
        size = fit_size(subtitle, CONTENT_W, 2 * SUBTITLE_H, 12, 8)
        h = text_height(subtitle, size, CONTENT_W)
        page.elements.append(Text(MARGIN, top - 8, CONTENT_W, h, [subtitle], size, color=MUTED, role="subtitle"))
        top += h
    if footer:
        width = CONTENT_W - PAGE_NO_W
        size = fit_size(footer, width, FOOTER_H, 8, 5.5)
        page.elements += [Rect(MARGIN, FOOTER_Y, CONTENT_W, 0.75, fill=RULE),
                          Text(MARGIN, FOOTER_Y + 4, width, FOOTER_H, [footer], size, color=MUTED, role="footer")]
    return top


def bullet_indent(size: float) -> float:
    """How far a bullet's text (and its following lines) stands in from the bullet."""
    return size * 0.95


def _bullets(x: float, y: float, w: float, bullets: list[str], size: float) -> Text:
    height = sum(text_height(b, size, w - bullet_indent(size)) + size * 0.4 for b in bullets)
    return Text(x, y, w, height, list(bullets), size, bullet=True, space_after=size * 0.4)


def _fit_bullets(bullets: list[str], w: float, max_h: float, largest: float = 13, smallest: float = 9) -> Text:
    size = largest
    while size > smallest and _bullets(0, 0, w, bullets, size).h > max_h:
        size -= 0.5
    return _bullets(MARGIN, 0, w, bullets, size)


def _picture(view, measure: Measure, x: float, y: float, w: float, h: float, width_px: int = CHART_PX) -> Picture:
    """The chart scaled to fit the box (never stretched), at the top of it, centred across."""
    pw, ph = measure(view, width_px)
    scale = min(w / pw, h / ph, MAX_CHART_SCALE)
    cw, ch = pw * scale, ph * scale
    return Picture(x + (w - cw) / 2, y, cw, ch, view, width_px)


def _table_rows(header: list[str], rows: list[list[str]], widths: list[float], size: float,
                pad: float = 3.0) -> list[float]:
    """Heights of the header and each row: its tallest cell, wrapped to its column."""
    out = []
    for i, row in enumerate([header, *rows]):
        lines = max(len(wrap(str(cell), size, w - 2 * pad, bold=(i == 0))) for cell, w in zip(row, widths, strict=True))
        out.append(lines * size * LEADING + 2 * pad)
    return out


def _split(heights: list[float], room: float) -> list[list[int]]:
    """Indices of items that fit `room` points per page, in order (an item taller than a page
    gets a page of its own)."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, h in enumerate(heights):
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0.0
        pages[-1].append(i)
        used += h
    return pages


def _numbered(pages: list[Page], lang: str) -> list[Page]:
    """'(1/2)' after the title of a slide that runs over several pages."""
    if len(pages) > 1:
        for i, p in enumerate(pages, start=1):
            p.title = t("briefing.continued", lang, title=p.slide.title, i=i, n=len(pages))
            for e in p.texts("title"):
                e.paragraphs = [p.title]
    return pages


# --- the kinds of slide -------------------------------------------------------------------------

def _title_pages(slide: briefing.Slide, lang: str) -> list[Page]:
    page = Page(slide, slide.title)
    page.elements += [Rect(0, 0, SLIDE_W, 150, fill=DARK), Rect(0, 150, SLIDE_W, 6, fill=ACCENT),
                      Text(MARGIN + 12, 54, CONTENT_W - 24, 50, [slide.title], 34, True, "FFFFFF", role="title"),
                      Text(MARGIN + 12, 100, CONTENT_W - 24, 40, [slide.subtitle],
                           fit_size(slide.subtitle, CONTENT_W - 24, 40, 16, 11), color="FFFFFF", role="subtitle")]
    bullets = _fit_bullets(slide.bullets, CONTENT_W - 24, BODY_BOTTOM - 190, 15, 10)
    bullets.x, bullets.y = MARGIN + 12, 190
    page.elements.append(bullets)
    _frame_footer_only(page, slide.footer)
    return [page]


def _frame_footer_only(page: Page, footer: str) -> None:
    size = fit_size(footer, CONTENT_W - PAGE_NO_W, FOOTER_H, 8, 5.5)
    page.elements += [Rect(MARGIN, FOOTER_Y, CONTENT_W, 0.75, fill=RULE),
                      Text(MARGIN, FOOTER_Y + 4, CONTENT_W - PAGE_NO_W, FOOTER_H, [footer], size, color=MUTED,
                           role="footer")]


def _figures_pages(slide: briefing.Slide, lang: str) -> list[Page]:
    page = Page(slide, slide.title)
    top = _frame(page, slide.subtitle, slide.footer, lang)
    note = _fit_bullets(slide.bullets, CONTENT_W, 50, 10, 8) if slide.bullets else None
    bottom = BODY_BOTTOM - (note.h + GAP if note else 0)
    n_rows = len(slide.cards)
    head_h = 14.0
    row_h = (bottom - top - n_rows * (head_h + 4)) / n_rows
    y = top
    for heading, cards in slide.cards:
        page.elements.append(Text(MARGIN, y, CONTENT_W, head_h, [heading], 10, True, DARK))
        y += head_h + 2
        cw = (CONTENT_W - GAP * (len(cards) - 1)) / len(cards)
        for i, card in enumerate(cards):
            x = MARGIN + i * (cw + GAP)
            inner = cw - 12
            label_size = fit_size(card.label, inner, 12, 9, 7)
            value_size = fit_size(card.value, inner, 22, 17, 10, True)
            detail_size = fit_size(card.detail, inner, row_h - 46, 7, 5.5)
            page.elements += [Rect(x, y, cw, row_h - 2, fill=CARD_FILL, line=CARD_LINE),
                              Text(x + 6, y + 4, inner, 12, [card.label], label_size, color=MUTED),
                              Text(x + 6, y + 16, inner, 22, [card.value], value_size, True, DARK),
                              Text(x + 6, y + 40, inner, row_h - 44, [card.detail], detail_size, color=MUTED)]
        y += row_h + 2
    if note:
        note.y = BODY_BOTTOM - note.h
        page.elements.append(note)
    return [page]


def _chart_pages(slide: briefing.Slide, lang: str, measure: Measure) -> list[Page]:
    page = Page(slide, slide.title, notes=[v.alt_text for v in slide.charts])
    top = _frame(page, slide.subtitle, slide.footer, lang)
    if slide.bullets:
        bullets = _fit_bullets(slide.bullets, CONTENT_W, 0.3 * (BODY_BOTTOM - top), 13, 9.5)
        bullets.y = top
        page.elements.append(bullets)
        top += bullets.h + GAP / 2
    page.elements.append(_picture(slide.charts[0], measure, MARGIN, top, CONTENT_W, BODY_BOTTOM - top))
    return [page]


def _map_pages(slide: briefing.Slide, lang: str, measure: Measure) -> list[Page]:
    """The map on the left, the regencies' values beside it (the page's "view as table")."""
    view = slide.charts[0]
    page = Page(slide, slide.title, notes=[view.alt_text])
    top = _frame(page, slide.subtitle, slide.footer, lang)
    table_w = 0.34 * CONTENT_W
    map_w = CONTENT_W - table_w - GAP
    pic = _picture(view, measure, MARGIN, top, map_w, BODY_BOTTOM - top)
    pic.x = MARGIN
    page.elements.append(pic)
    header = [str(c) for c in slide.table.columns]
    rows = [[str(v) for v in r] for r in slide.table.itertuples(index=False)]
    widths = [table_w * w / sum(slide.table_widths) for w in slide.table_widths]
    size = 10.0
    while size > 7 and sum(_table_rows(header, rows, widths, size)) > BODY_BOTTOM - top:
        size -= 0.5
    table = Table(MARGIN + CONTENT_W - table_w, top, widths, header, rows, _table_rows(header, rows, widths, size),
                  size)
    page.elements.append(table)
    if slide.bullets:   # the map's own warnings (undated, low trust, gaps), legible under the table
        room = BODY_BOTTOM - (table.y + table.h + GAP)
        notes = _fit_bullets(slide.bullets, table_w, room, 10, 7)
        notes.x, notes.y, notes.color = table.x, table.y + table.h + GAP, MUTED
        page.elements.append(notes)
    return [page]


def _table_pages(slide: briefing.Slide, lang: str, size: float = 8.5) -> list[Page]:
    """A table split over as many slides as it needs, the header on each."""
    header = [str(c) for c in slide.table.columns]
    rows = [[str(v) for v in r] for r in slide.table.itertuples(index=False)]
    widths = [CONTENT_W * w / sum(slide.table_widths) for w in slide.table_widths]
    probe = Page(slide, slide.title)
    top = _frame(probe, slide.subtitle, slide.footer, lang)
    heights = _table_rows(header, rows, widths, size)
    chunks = _split(heights[1:], BODY_BOTTOM - top - heights[0]) if rows else [[]]
    pages = []
    for chunk in chunks:
        page = Page(slide, slide.title)
        top = _frame(page, slide.subtitle, slide.footer, lang)
        if chunk:
            page.elements.append(Table(MARGIN, top, widths, header, [rows[i] for i in chunk],
                                       [heights[0], *(heights[i + 1] for i in chunk)], size))
        else:
            page.elements.append(Text(MARGIN, top, CONTENT_W, 20, [slide.empty_text], 12, color=MUTED))
        pages.append(page)
    return _numbered(pages, lang)


def _item_blocks(item: briefing.Item, w: float) -> list[Text]:
    """A recommendation: title, meta line, the paper's words, its barriers (y relative to 0)."""
    blocks, y = [], 0.0
    for text, size, bold, color in ((item.title, 11.5, True, DARK), (item.meta, 8, False, MUTED),
                                    (item.text, 10, False, TEXT), (item.barriers, 8, False, MUTED)):
        if not text:
            continue
        h = text_height(text, size, w, bold)
        blocks.append(Text(MARGIN, y, w, h, [text], size, bold, color))
        y += h + 1.5
    return blocks


def _interventions_pages(slide: briefing.Slide, lang: str) -> list[Page]:
    probe = Page(slide, slide.title)
    top = _frame(probe, slide.subtitle, slide.footer, lang)
    blocks = [_item_blocks(item, CONTENT_W) for item in slide.items]
    heights = [b[-1].y + b[-1].h + GAP for b in blocks]
    chunks = _split(heights, BODY_BOTTOM - top) if blocks else [[]]
    pages = []
    for chunk in chunks:
        page = Page(slide, slide.title)
        y = _frame(page, slide.subtitle, slide.footer, lang)
        if not chunk:
            page.elements.append(Text(MARGIN, y, CONTENT_W, 20, [slide.empty_text], 12, color=MUTED))
        for i in chunk:
            for block in blocks[i]:
                page.elements.append(Text(block.x, y + block.y, block.w, block.h, block.paragraphs, block.size,
                                          block.bold, block.color))
            page.elements.append(Rect(MARGIN, y + heights[i] - GAP / 2, CONTENT_W, 0.5, fill=CARD_LINE))
            y += heights[i]
        pages.append(page)
    return _numbered(pages, lang)


def pages(deck: briefing.Deck, measure: Measure) -> list[Page]:
    """Every page of the deck, laid out, with "3/12" at the foot of each."""
    out: list[Page] = []
    for slide in deck.slides:
        if slide.kind == "title":
            out += _title_pages(slide, deck.lang)
        elif slide.kind == "figures":
            out += _figures_pages(slide, deck.lang)
        elif slide.kind == "chart":
            out += _chart_pages(slide, deck.lang, measure)
        elif slide.kind == "map":
            out += _map_pages(slide, deck.lang, measure)
        elif slide.kind in ("profile", "sources"):
            out += _table_pages(slide, deck.lang, 8.5 if slide.kind == "profile" else 8)
        elif slide.kind == "interventions":
            out += _interventions_pages(slide, deck.lang)
        else:  # pragma: no cover - every kind briefing.build makes is listed above
            raise ValueError(slide.kind)
    for i, page in enumerate(out, start=1):
        page.elements.append(Text(SLIDE_W - MARGIN - PAGE_NO_W, FOOTER_Y + 4, PAGE_NO_W, 12,
                                  [t("briefing.page_of", deck.lang, i=i, n=len(out))], 8, color=MUTED,
                                  role="page", align="right"))
        page.notes += [page.footer] if page.footer else []
    return out


def charts(deck: briefing.Deck) -> list:
    """Every chart view in the deck, in order (for rendering them before the layout)."""
    return [v for s in deck.slides for v in s.charts]


Progress = Callable[[int, int, str], None]  # (charts drawn so far, charts in the deck, the chart's title)


def reporting(measure: Measure, deck: briefing.Deck, progress: Progress | None) -> Measure:
    """`measure`, telling `progress` each time it meets a chart for the first time: a writer draws
    each chart while laying the pages out (measuring it), so this is the deck's progress, chart by
    chart, in slide order."""
    if progress is None:
        return measure
    total = len(charts(deck))
    seen: set[int] = set()

    def measured(view, width_px: int) -> tuple[float, float]:
        if id(view) not in seen:
            seen.add(id(view))
            progress(len(seen), total, getattr(view, "title", "") or "")
        return measure(view, width_px)

    return measured


class Specs:
    """Each chart's Vega-Lite spec, made once per deck: a writer asks for a chart's image several
    times (to measure it, to place it). Altair's schema check is skipped here (it cost as much as
    drawing the charts, bench/bench_briefing.py): these are the pages' own chart builders, whose
    charts are checked every time a page shows them (tests/test_app.py), and vl-convert refuses
    a spec it cannot draw."""

    def __init__(self, deck: briefing.Deck):
        self._specs = {id(v): to_spec(v.chart, validate=False) for v in charts(deck)}

    def __call__(self, view) -> dict:
        return self._specs[id(view)]


def outline(deck: briefing.Deck) -> list[Page]:
    """The pages without rendering a chart (a chart never splits a slide, so the pages, their
    titles and footers are the files' own): for showing what a download will hold."""
    return pages(deck, lambda view, width_px: (4.0, 3.0))


def outline_table(deck: briefing.Deck, lang: str = "id") -> pd.DataFrame:
    """The deck as laid out, one row per page: number, title, its charts, its footer (source)."""
    laid = outline(deck)
    return pd.DataFrame({
        t("briefing.outline_col_n", lang): range(1, len(laid) + 1),
        t("briefing.outline_col_title", lang): [p.title for p in laid],
        t("briefing.outline_col_content", lang): [" · ".join(v.title for v in p.slide.charts) for p in laid],
        t("briefing.outline_col_source", lang): [p.footer for p in laid],
    })
