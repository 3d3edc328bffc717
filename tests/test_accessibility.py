"""Accessibility without a browser: every chart on every page has an accessible name and a table
alternative; Indonesian pages show no English widget placeholder; colours of text drawn on chart
marks pass WCAG AA contrast; the page language and our stylesheet reach the page; the phone-width
chart limits (charts.base.responsive) leave exported images whole.

The browser side (axe-core on every page, phone layout, keyboard) is tests/browser/."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import app_pages, run_app

from bali_umkm import a11y, ui
from bali_umkm import interventions as iv
from bali_umkm.charts import base, digital
from bali_umkm.charts.interventions import BLUES, ZERO_FILL, cell_fill, cell_text, matrix_heatmap
from bali_umkm.export import images
from bali_umkm.i18n import t

PAGES = [p for p, _ in app_pages()]
# What a chart is called when the page gives it no name (Vega's default, Streamlit's and empty).
DEFAULT_NAMES = {"", "vega visualization", "vega-lite visualization", "chart"}
# Streamlit's own English placeholders, which an Indonesian page must not show.
ENGLISH_PLACEHOLDERS = {"Choose options", "Choose an option", "Select...", "Type to search"}

_runs: dict[str, object] = {}


def _page(page: str):
    if page not in _runs:
        at = run_app(page, lang="id")
        assert not at.exception, at.exception
        _runs[page] = at
    return _runs[page]


def _walk(node):
    """Every node of an AppTest tree in document order."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for key in sorted(children):
            yield from _walk(children[key])


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_a_name_and_a_table_view(page):
    nodes = list(_walk(_page(page).main))
    charts = [i for i, n in enumerate(nodes) if n.type == "vega_lite_chart"]
    table_label = t("chart_block.view_as_table", "id")
    for k, i in enumerate(charts):
        name = nodes[i].proto.alt.strip()
        assert name.lower() not in DEFAULT_NAMES and len(name) >= 20, f"chart {k} of {page}: alt {name!r}"
        # between this chart and the next: "Lihat sebagai tabel" holding a table
        following = nodes[i + 1:charts[k + 1] if k + 1 < len(charts) else len(nodes)]
        views = [n for n in following if n.type == "expander" and n.label == table_label]
        assert views, f"chart {k} of {page} ({name[:40]}...) has no '{table_label}'"
        assert any(m.type in ("dataframe", "table") for m in _walk(views[0])), f"chart {k} of {page}: empty view"


def test_the_check_sees_the_charts():
    """The walk finds the charts that assert_chart_blocks counts (not zero everywhere)."""
    counts = {p: sum(n.type == "vega_lite_chart" for n in _walk(_page(p).main)) for p in PAGES}
    assert counts["pages/distribution.py"] == 4 and counts["pages/interventions.py"] == 1
    assert sum(counts.values()) >= 15


@pytest.mark.parametrize("page", PAGES)
def test_indonesian_pages_show_no_english_placeholder(page):
    at = _page(page)
    shown = [(w.label, w.placeholder) for w in at.multiselect]
    shown += [(w.label, w.placeholder) for w in at.selectbox if w.value is None]
    # "" is no placeholder given: Streamlit's frontend then writes its English default
    english = [(label, ph) for label, ph in shown if ph in ENGLISH_PLACEHOLDERS or ph == ""]
    assert not english, english


def test_the_placeholder_check_sees_streamlits_default():
    """A multiselect without placeholder= reaches AppTest as "" (what the check above catches)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.multiselect('x', ['a', 'b'], key='m')").run()
    assert at.multiselect[0].placeholder == ""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_page_language_and_stylesheet_reach_the_page(lang):
    at = run_app(lang=lang)
    bodies = [n.proto.body for n in _walk(at._tree) if n.type == "html"]
    (body,) = [b for b in bodies if "documentElement.lang" in b]
    assert f"document.documentElement.lang = {json.dumps(lang)};" in body
    assert "stCaptionContainer" in body  # a11y.css went along


def test_stylesheet_survives_the_html_sanitiser():
    """DOMPurify drops a <style> element whose text holds a '<' (seen: the rules never applied)."""
    css = ui.STYLESHEET.read_text(encoding="utf-8")
    assert "<" not in css and css.count("{") == css.count("}")


def test_contrast_formula():
    assert a11y.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert a11y.contrast_ratio("#777777", "#777") == pytest.approx(1)
    assert a11y.contrast_ratio("#828180", "#ffffff") < 4.5 < a11y.contrast_ratio("#595754", "#ffffff")
    assert a11y.text_colour_on("#E69F00") == a11y.DARK_TEXT and a11y.text_colour_on("#08519c") == a11y.LIGHT_TEXT


def test_every_heatmap_count_reads_on_its_cell():
    for top in range(1, 12):
        for n in range(top + 1):
            assert a11y.contrast_ratio(cell_text(n, top), cell_fill(n, top)) >= a11y.AA_NORMAL, (n, top)
    assert cell_fill(0, 5) == ZERO_FILL and cell_fill(5, 5) == BLUES[-1] and cell_fill(1, 5) == BLUES[0]
    # and in the chart as drawn
    chart = matrix_heatmap(iv.matrix(), title="x", unit_label="y", tooltip_titles={"barrier": "b", "actor": "a",
                                                                                   "n": "n"})
    (rows,) = chart.to_dict()["datasets"].values()
    assert all(a11y.contrast_ratio(r["text_colour"], r["fill"]) >= a11y.AA_NORMAL for r in rows)
    assert len({r["fill"] for r in rows}) >= 3  # still a scale, not one colour


def test_status_bar_labels_read_on_their_segments():
    data = pd.DataFrame({"area": ["Bali", "Bali"], "status_text": ["ya", "tidak"], "start": [0, 62.28],
                         "end": [62.28, 100], "text": ["62,28%", "37,72%"]})
    spec = digital.status_bars(data, title="t", unit_label="%").to_dict()
    (rows,) = spec["datasets"].values()
    colours = dict(zip(spec["layer"][0]["encoding"]["color"]["scale"]["domain"],
                       spec["layer"][0]["encoding"]["color"]["scale"]["range"], strict=True))
    for row in rows:
        assert a11y.contrast_ratio(row["label_colour"], colours[row["status_text"]]) >= a11y.AA_NORMAL


def test_responsive_limits_follow_the_container_and_images_stay_whole():
    label = "G · Perdagangan besar dan eceran, reparasi dan perawatan mobil dan sepeda motor"
    data = pd.DataFrame({"label": [label, "I · Akomodasi"], "count": [5, 3]})
    title = "Usaha e-commerce Bali menurut kategori lapangan usaha (KBLI), 2022"
    chart = base.bar(data, category="label", value="count", title=title, unit_label="unit usaha",
                     source="s")
    spec = base.responsive(chart).to_dict()
    y_axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert "containerSize()" in y_axis["labelLimit"]["expr"] and y_axis["labelLimit"]["expr"].endswith(": 260")
    assert "containerSize()" in spec["title"]["text"]["expr"] and spec["usermeta"]["title"] == title
    assert all(len(line) <= base.SUBTITLE_CHARS for line in spec["title"]["subtitle"])
    # vl-convert has no container: the fixed limits and the title in one line, as before
    svg = images.to_svg(base.responsive(chart), "Sumber: x").decode("utf-8")
    assert title in svg and "G · Perdagangan besar" in svg


def test_responsive_edits_a_copy_and_keeps_the_data_a_dataframe():
    """No spec round trip on every rerun: the chart's data stays the DataFrame (Streamlit sends it
    as Arrow), the caller's chart is untouched, and applying it twice changes nothing more."""
    data = pd.DataFrame({"label": ["a" * 30, "b"], "count": [5, 3]})
    chart = base.bar(data, category="label", value="count", title="T " * 30, unit_label="u", source="s")
    before = chart.to_dict()
    once = base.responsive(chart)
    assert isinstance(once.data, pd.DataFrame) and once.data is chart.data
    assert chart.to_dict() == before
    assert base.responsive(once).to_dict() == once.to_dict()
    assert once.to_dict()["usermeta"]["title"] == before["title"]["text"]


# Colours a chart may use: the Okabe-Ito palette (told apart with any colour vision), the
# interventions matrix's ColorBrewer Blues steps (one hue, lighter to darker), neutral greys, and
# the sequential schemes that stay ordered for colour-blind readers (viridis for every map).
SAFE_SCHEMES = {"viridis", "cividis", "blues", "greys"}
NAMED = {"white": "#ffffff", "black": "#000000"}


def _safe_colour(colour: str) -> bool:
    if colour in ("transparent", "none"):
        return True
    hexa = NAMED.get(colour.lower(), colour)
    if not re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", hexa):
        return False
    r, g, b = a11y.rgb(hexa)
    return (r == g == b) or hexa.upper() in {c.upper() for c in (*base.PALETTE, *BLUES, ZERO_FILL)}


def _colours(node, out: list) -> None:
    """Every colour a spec sets for a mark or a colour scale: (where, colour or scheme)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("data", "datasets", "config", "resolve"):
                continue
            if key in ("color", "fill", "stroke"):
                if isinstance(value, str):
                    out.append((key, value))
                elif isinstance(value, dict):
                    scale = value.get("scale") or {}
                    scheme = scale.get("scheme")
                    if scheme:
                        out.append(("scheme", scheme["name"] if isinstance(scheme, dict) else scheme))
                    out += [(f"{key} range", c) for c in scale.get("range", []) if isinstance(c, str)]
                    if isinstance(value.get("value"), str):
                        out.append((key, value["value"]))
            _colours(value, out)
    elif isinstance(node, list):
        for item in node:
            _colours(item, out)


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_colour_is_colour_blind_safe(page):
    specs = [json.loads(n.proto.spec) for n in _walk(_page(page).main) if n.type == "vega_lite_chart"]
    found: list = []
    for spec in specs:
        _colours(spec, found)
    bad = [(where, c) for where, c in found
           if (c not in SAFE_SCHEMES if where == "scheme" else not _safe_colour(c))]
    assert not bad, bad
    if specs:
        assert found  # the walk sees the colours (not vacuously empty)


def test_the_colour_check_refuses_an_unsafe_palette():
    found: list = []
    _colours({"mark": {"type": "bar", "color": "#ff0000"},
              "encoding": {"color": {"field": "x", "scale": {"scheme": "category10"}}}}, found)
    assert [c for w, c in found if (c not in SAFE_SCHEMES if w == "scheme" else not _safe_colour(c))] \
        == ["#ff0000", "category10"]


def _text_marks(node, out: list) -> None:
    if isinstance(node, dict):
        mark = node.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text" and isinstance(mark.get("color"), str):
            out.append(mark["color"])
        for key, value in node.items():
            if key not in ("data", "datasets"):
                _text_marks(value, out)
    elif isinstance(node, list):
        for item in node:
            _text_marks(item, out)


@pytest.mark.parametrize("page", PAGES)
def test_chart_text_on_white_passes_contrast(page):
    """Axis and legend text (Streamlit's theme would draw #808495, 3.8:1) and text marks with a
    fixed colour (values beside bars, map names) reach 4.5:1 on the white page."""
    specs = [json.loads(n.proto.spec) for n in _walk(_page(page).main) if n.type == "vega_lite_chart"]
    for spec in specs:
        config = spec["config"]
        for part, prop in [(p, q) for p in ("axis", "legend") for q in ("labelColor", "titleColor")]:
            assert a11y.contrast_ratio(config[part][prop], "#ffffff") >= a11y.AA_NORMAL, (part, prop)
        fixed: list = []
        _text_marks(spec, fixed)
        assert all(a11y.contrast_ratio(c, "#ffffff") >= a11y.AA_NORMAL for c in fixed), fixed
