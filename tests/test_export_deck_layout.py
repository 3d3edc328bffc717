"""The slide layout shared by the PPTX and PDF writers: fitting, splitting, the shipped font."""

import datetime as dt

import pandas as pd
import pytest
from reportlab.pdfbase import pdfmetrics

from bali_umkm import i18n
from bali_umkm.export import deck_layout as L
from bali_umkm.views import briefing

DAY = dt.date(2026, 11, 28)


def _all_text(pages) -> str:
    parts = []
    for page in pages:
        for el in page.elements:
            if isinstance(el, L.Text):
                parts += el.paragraphs
            elif isinstance(el, L.Table):
                parts += el.header + [c for row in el.rows for c in row]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_shipped_font_has_every_glyph_the_decks_use(lang):
    """DejaVu Sans (assets/fonts) covers every character of a deck, the locale files' own (≤ ≥ – · ² “ ”)
    included, so neither file shows a missing-glyph box."""
    L.register_fonts()
    face = pdfmetrics.getFont(L.PDF_FONTS[False]).face
    bold = pdfmetrics.getFont(L.PDF_FONTS[True]).face
    deck = briefing.build(briefing.Options(lang=lang, regency="5171", actor=("lsm", "umkm"), today=DAY))
    text = _all_text(L.outline(deck)) + "".join(i18n.strings(lang).values())
    missing = sorted({ch for ch in text if ch.isprintable() and (ord(ch) not in face.charToGlyph
                                                                  or ord(ch) not in bold.charToGlyph)})
    assert not missing, missing
    assert {"–", "·"} <= set(text)   # signs the decks do use
    for ch in "≤≥–·²“”":
        assert ord(ch) in face.charToGlyph


def test_every_page_keeps_inside_the_slide():
    deck = briefing.build(briefing.Options(regency="5171", actor=("umkm", "lembaga_keuangan"), today=DAY))
    pages = L.outline(deck)
    for page in pages:
        for el in page.elements:
            h = el.h if not isinstance(el, L.Text) or el.role != "footer" else 0
            assert el.x >= 0 and el.y >= 0, (page.title, el)
            assert el.x + el.w <= L.SLIDE_W + 0.01, (page.title, el)
            assert el.y + h <= L.SLIDE_H + 0.01, (page.title, el)
            if isinstance(el, (L.Table, L.Picture)):
                assert el.y + el.h <= L.BODY_BOTTOM + 0.01, page.title
    # 20 recommendations and 22 profile rows do not fit one slide each: they run on, numbered
    titles = [p.title for p in pages]
    assert any(t.startswith("Rekomendasi makalah (1/") for t in titles)
    assert any(t.startswith("Profil Denpasar (1/") for t in titles)
    assert titles[-1].startswith("Sumber")
    assert [p.texts("page")[0].paragraphs[0] for p in pages][-1] == f"{len(pages)}/{len(pages)}"


def test_split_keeps_order_and_gives_an_oversized_item_its_own_page():
    assert L._split([10, 10, 10, 10], 25) == [[0, 1], [2, 3]]
    assert L._split([50, 10], 25) == [[0], [1]]


def test_wrap_and_fit():
    line = "Rp3.009,38 miliar " * 10
    assert len(L.wrap(line, 12, 200)) > 1
    assert all(pdfmetrics.stringWidth(x, "DejaVuSans", 12) <= 200 for x in L.wrap(line, 12, 200))
    assert L.fit_size(line, 200, 30, 14, 6) < 14
    assert L.fit_size("Jumlah UMKM", 200, 30, 14, 6) == 14


def test_an_empty_table_says_so():
    slide = briefing.Slide("profile", "Profil X", table=pd.DataFrame({"a": [], "b": []}), table_widths=(1, 1),
                           empty_text="Katalog belum punya angka untuk X.")
    deck = briefing.Deck(briefing.Options(), "id", "T", "d", "p", [slide], [])
    (page,) = L.outline(deck)
    assert "Katalog belum punya angka untuk X." in _all_text([page])


def test_a_chart_is_scaled_to_fit_never_stretched():
    pic = L._picture(object(), lambda v, w: (1200.0, 300.0), 36, 100, 888, 370)
    assert pic.w == pytest.approx(888) and pic.h == pytest.approx(888 / 4)
    pic = L._picture(object(), lambda v, w: (200.0, 100.0), 36, 100, 888, 370)
    assert pic.w == pytest.approx(200 * L.MAX_CHART_SCALE)


def test_the_map_slide_repeats_its_warnings_legibly_beside_the_map():
    # the undated, low-trust BeritaBali set, chosen (no longer the default): its warnings
    deck = briefing.build(briefing.Options(regency="5107", metric="umkm_total",
                                           period="undated:umkm_beritabali_undated", today=DAY))
    (page,) = [p for p in L.outline(deck) if p.slide.kind == "map"]
    (table,) = [e for e in page.elements if isinstance(e, L.Table)]
    notes = [e for e in page.elements if isinstance(e, L.Text) and e.bullet]
    assert notes and notes[0].paragraphs == list(page.slide.charts[0].notes)
    assert "jangan dibaca sebagai data terkini" in " ".join(notes[0].paragraphs)
    assert notes[0].y >= table.y + table.h and notes[0].size >= 7 and notes[0].y + notes[0].h <= L.BODY_BOTTOM


def test_a_writer_reports_each_chart_once_in_slide_order():
    from bali_umkm.export import briefing_pptx

    deck = briefing.build(briefing.Options(lang="en"))
    seen = []
    briefing_pptx.to_pptx(deck, lambda i, n, title: seen.append((i, n, title)))
    views = L.charts(deck)
    assert len(views) >= 3
    assert seen == [(i, len(views), v.title) for i, v in enumerate(views, start=1)]
