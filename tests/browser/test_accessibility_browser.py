"""Accessibility audit: axe-core in headless Chromium on every page of app.py, in Indonesian and
English, at desktop (1366×900) and phone (390×844) size; and the phone layout.

Each page is loaded once per language at desktop size and audited, then the same page is narrowed
to a phone and audited again (Streamlit's layout and Vega's charts follow the width; nothing is
re-run), measured for horizontal scrolling and, in Indonesian, screenshotted whole
(tests/artifacts/phone_<page>_id.png).
A page fails on any serious or critical violation that no rule below excludes. The counts of every
run (by impact, before and after the exclusions) are written to tests/artifacts/a11y_audit.json
and .md for the report.

axe-core comes bundled with the pinned pip package axe-playwright-python (axe.min.js, MPL-2.0),
so the audit needs no network; the package's own runner is not used: axe.run is called directly
with its options as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from conftest import ARTIFACTS, app_pages, assert_clean, screenshot, wait_for_app

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
LANGS = ("id", "en")
FAILING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")


@dataclass(frozen=True)
class Exclusion:
    rule: str       # axe rule id
    selector: str   # the element, or an ancestor of it (Element.closest), that the rule may flag
    reason: str


# Narrow exclusions: one axe rule, inside one element of Streamlit's own. Nothing of the project's
# own markup is excluded. docs/accessibility.md lists these with what the project does about them.
EXCLUSIONS = (
    Exclusion("list", '[data-testid="stSidebarNav"]',
              "Streamlit 1.67's page navigation (st.navigation with sections) puts the section headers "
              "as <div> inside its <ul>; the markup is Streamlit's and has no option. The links "
              "themselves are named and reachable by Tab."),
    Exclusion("listitem", '[data-testid="stSidebarNav"]',
              "The same navigation wraps each section's <li> items in a <div>, not a <ul>."),
)

# Elements that scroll sideways inside themselves by design on a phone; the page itself must not.
# (st.dataframe: a canvas grid whose cells the keyboard reaches with the arrow keys; st.table does
# not scroll on a phone: a11y.css makes it wrap.)
SCROLLS_INSIDE = ('[data-testid="stDataFrame"]', '[data-testid="stDataFrameResizable"]')

AXE_RUN = """async ([exclusions]) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const out = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const target = node.target[node.target.length - 1];
      let el = null;
      try { el = document.querySelector(Array.isArray(target) ? target[target.length - 1] : target); }
      catch (e) { el = null; }
      const hit = exclusions.find(x => x.rule === v.id && el && el.closest(x.selector));
      out.push({rule: v.id, impact: v.impact, help: v.help, html: node.html.slice(0, 200),
                excluded: hit ? hit.selector : null});
    }
  }
  return out;
}"""

# What reaches past the phone's right edge: the page's own scroll widths, and every visible element
# whose box ends beyond the viewport (content that is cut off or must be scrolled to), outermost
# only, leaving out those inside the elements that scroll by design and the marks inside a chart's
# <svg> (Vega's groups report boxes wider than what they draw; the screenshots show the charts).
OVERFLOW = """([inside]) => {
  const doc = document.documentElement, main = document.querySelector('[data-testid="stMain"]');
  const vw = doc.clientWidth, offenders = [];
  // only what can be seen: not the content of a closed expander (a table there keeps its desktop
  // width until it is opened, when it takes the phone's), nothing with no height
  const past = el => { if (el.checkVisibility && !el.checkVisibility()) return false;
                       const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right > vw + 1; };
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    if (!past(el) || el.closest(inside) || (el.parentElement && past(el.parentElement))) continue;
    if (el.ownerSVGElement) continue;  // inside a chart: its <svg> itself is checked, its marks by eye
    let owner = el; while (owner && !owner.getAttribute('data-testid')) owner = owner.parentElement;
    const right = Math.round(el.getBoundingClientRect().right), text = (el.textContent || '').trim().slice(0, 60);
    offenders.push(`${el.tagName} in ${owner ? owner.getAttribute('data-testid') : '?'} to ${right}px: ${text}`);
  }
  return {doc: [doc.scrollWidth, doc.clientWidth], main: main ? [main.scrollWidth, main.clientWidth] : null,
          offenders: offenders.slice(0, 10)};
}"""

# Every chart drawn, and no element left faded as stale by a rerun (a faded caption fails contrast).
SETTLED = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(
  c => { const g = c.querySelector('svg, canvas'); return g && g.getBoundingClientRect().width > 0; })
  && !document.querySelector('[data-stale="true"]')"""

# Streamlit's own English widget placeholders, shown when a page gives none (AppTest sees the
# widgets the script makes; this sees what the browser wrote, e.g. inside Streamlit's own widgets).
# (Streamlit 1.67 writes them as the dropdown input's placeholder attribute, shown while the
# input is empty: a selectbox with a value keeps "Choose an option" in the attribute, unseen.)
ENGLISH_PLACEHOLDERS = """() => [...document.querySelectorAll('[data-testid="stMain"] input[placeholder]')]
  .filter(el => el.value === '').map(el => el.getAttribute('placeholder'))
  .filter(p => ['Choose an option', 'Choose options', 'No options to select'].includes(p))"""

_results: dict[tuple[str, str], dict] = {}


def _axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def _settle(page) -> None:
    wait_for_app(page)
    page.wait_for_function(SETTLED, timeout=30_000)
    page.wait_for_timeout(300)  # Vega redraws once more after its container's size settles


def _audit(page) -> list[dict]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(_axe_script())
    return page.evaluate(AXE_RUN, [[x.__dict__ for x in EXCLUSIONS]])


def _failing(nodes: list[dict]) -> list[dict]:
    return [n for n in nodes if n["impact"] in FAILING and not n["excluded"]]


def _overflows(scroll: dict) -> bool:
    (doc_scroll, doc_client), (main_scroll, main_client) = scroll["doc"], scroll["main"]
    return doc_scroll > doc_client + 1 or main_scroll > main_client + 1 or bool(scroll["offenders"])


def _checked(page, measure, bad) -> tuple[object, object]:
    """measure(page); if `bad` of it, settle and measure once more. Under load (make test beside
    another suite) a page can still be moving when first measured: a late rerun fading elements as
    stale, a chart not yet redrawn at the new width. A real fault is there the second time too; the
    first result is kept for the artifact."""
    first = measure(page)
    if not bad(first):
        return first, None
    page.wait_for_timeout(1500)
    _settle(page)
    return measure(page), first


def _run(browser, server: str, path: str, lang: str) -> dict:
    """Audit one page in one language at both sizes (cached: each page loads once per language)."""
    if (path, lang) in _results:
        return _results[(path, lang)]
    page = browser.new_page(viewport=dict(zip(("width", "height"), SIZES["desktop"], strict=True)))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/?lang={lang}" if path == "ringkasan" else f"{server}/{path}?lang={lang}")
    _settle(page)
    assert_clean(page)
    nodes, first = _checked(page, _audit, _failing)
    out = {"desktop": {"nodes": nodes, "first_try": first}}
    page.set_viewport_size(dict(zip(("width", "height"), SIZES["phone"], strict=True)))
    _settle(page)
    nodes, first = _checked(page, _audit, _failing)
    scroll, first_scroll = _checked(page, lambda p: p.evaluate(OVERFLOW, [", ".join(SCROLLS_INSIDE)]), _overflows)
    out["phone"] = {"nodes": nodes, "first_try": first, "scroll": scroll, "first_scroll": first_scroll}
    if lang == "id":  # one language is enough to look at (the checks above run in both); saves ~2 s a page
        out["phone"]["screenshot"] = screenshot(page, f"phone_{path}_{lang}", max_height=20_000).name
    out["lang_attr"] = page.evaluate("document.documentElement.lang")
    out["english_placeholders"] = page.evaluate(ENGLISH_PLACEHOLDERS)
    out["errors"] = errors
    page.close()
    _results[(path, lang)] = out
    _write_summary()
    return out


def _counts(nodes: list[dict], *, excluded: bool) -> dict[str, int]:
    kept = [n for n in nodes if excluded or not n["excluded"]]
    return {i: sum(n["impact"] == i for n in kept) for i in IMPACTS}


def _write_summary() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    rows = []
    lines = ["| page | lang | size | all (crit/ser/mod/min) | after exclusions | rules |", "|---|---|---|---|---|---|"]
    for (path, lang), out in _results.items():
        for size in SIZES:
            nodes = out[size]["nodes"]
            raw, kept = _counts(nodes, excluded=True), _counts(nodes, excluded=False)
            rules = sorted({f"{n['rule']} ({n['impact']}){' excl.' if n['excluded'] else ''}" for n in nodes})
            rows.append({"page": path, "lang": lang, "size": size, "all": raw, "after_exclusions": kept,
                         "rules": rules, "first_try": out[size]["first_try"],
                         "first_scroll": out[size].get("first_scroll")})
            retried = out[size]["first_try"] or out[size].get("first_scroll")
            again = " (measured again after settling)" if retried else ""
            lines.append(f"| {path} | {lang} | {size} | {'/'.join(str(raw[i]) for i in IMPACTS)} | "
                         f"{'/'.join(str(kept[i]) for i in IMPACTS)} | {', '.join(rules)}{again} |")
    (ARTIFACTS / "a11y_audit.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    (ARTIFACTS / "a11y_audit.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


PAGES = [url for _, url in app_pages()]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violation(browser, live_server, path, lang):
    out = _run(browser, live_server, path, lang)
    for size in SIZES:
        bad = _failing(out[size]["nodes"])
        assert not bad, f"{path} {lang} {size}: " + json.dumps(bad, indent=1, ensure_ascii=False)
    assert out["lang_attr"] == lang  # <html lang> follows the reader's language (ui.page_setup)
    if lang == "id":
        assert out["english_placeholders"] == [], out["english_placeholders"]
    assert out["errors"] == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_phone_needs_no_horizontal_scrolling(browser, live_server, path, lang):
    scroll = _run(browser, live_server, path, lang)["phone"]["scroll"]
    assert not _overflows(scroll), scroll


def test_every_exclusion_still_matches_something(browser, live_server):
    """An exclusion no page needs any more (Streamlit fixed its markup) is removed, not kept."""
    used = set()
    for path in PAGES:
        out = _run(browser, live_server, path, "id")
        used |= {(n["rule"], n["excluded"]) for size in SIZES for n in out[size]["nodes"] if n["excluded"]}
    assert used == {(x.rule, x.selector) for x in EXCLUSIONS}
