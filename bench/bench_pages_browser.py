"""Time for each page to settle in headless Chromium, as a ratio to a floor page (goal: <= 1.25x).

"Settled" is conftest.SETTLED_JS: the script has run and finished (stApp's script state
"notRunning", websocket connected), no skeleton and no stale element is left, and every visible
Vega-Lite chart has drawn its marks; it must then hold for 500 ms (a rerun or a late chart
resets the clock). The time is the page's own clock (performance.now(), from navigation start)
at the moment the settled state began, recorded by a probe that checks every animation frame
from the first byte of the document on.

The floor page (bench/floor_app.py: a title and one tiny Altair chart) runs on its own
`streamlit run` with the same flags and config as app.py. Each round loads the floor and every
page of app.py (found by conftest.app_pages(), so new pages are included) once, in a shuffled
order, each in a new tab (a new Streamlit session) of a browser context per server whose HTTP
cache is warm (a returning visitor; Streamlit's JavaScript is not re-fetched). The ratio is
taken within each round, so floor and page share that round's noise; the table shows the
median (min–max) over the rounds. Both servers are warmed first (every page loaded once).

    python bench/bench_pages_browser.py [--runs 7] [--lang id]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import benchlib

QUIET_MS = 500
PROBE = """(() => {
  const settled = SETTLED;
  let since = null;
  window.__baliScriptDoneAt = null;
  const tick = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (window.__baliScriptDoneAt === null && app
        && app.getAttribute('data-test-script-state') === 'notRunning') window.__baliScriptDoneAt = performance.now();
    let ok = false;
    try { ok = settled(); } catch (e) { ok = false; }
    const now = performance.now();
    if (ok) { if (since === null) since = now; }
    else since = null;
    window.__baliSettledAt = since;
    window.__baliSettledFor = since === null ? 0 : now - since;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();""".replace("SETTLED", benchlib.SETTLED_JS)


def settle_ms(context, url: str, timeout: int = 60_000) -> tuple[float, float, int]:
    """(ms to settled, ms to the first "script finished" state, charts drawn) of one new tab."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(f"() => window.__baliSettledFor >= {QUIET_MS}", timeout=timeout, polling=50)
        errors = page.locator('[data-testid="stException"]').count()
        if errors:
            raise RuntimeError(f"exception on {url}")
        return tuple(page.evaluate("""() => [window.__baliSettledAt, window.__baliScriptDoneAt,
            document.querySelectorAll('[data-testid="stVegaLiteChart"]').length]"""))
    finally:
        page.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--lang", default="id")
    ap.add_argument("--seed", type=int, default=10)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    pages = benchlib.pages()
    benchlib.header("bench_pages_browser.py: time to a settled page in headless Chromium",
                    f"{args.runs} rounds; each round loads the floor page and every page once in a shuffled order "
                    f"(lang={args.lang}); settled = conftest.SETTLED_JS holding for {QUIET_MS} ms; time from "
                    "navigation start; ratio = page / floor of the same round.")
    with tempfile.TemporaryDirectory() as tmp_a, tempfile.TemporaryDirectory() as tmp_b, \
            benchlib.streamlit_server(Path(tmp_a)) as app_url, \
            benchlib.streamlit_server(Path(tmp_b), benchlib.FLOOR_APP) as floor_url, \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=benchlib.CHROMIUM, args=benchlib.CHROMIUM_ARGS)
        contexts = {}
        for name in ("app", "floor"):
            ctx = browser.new_context(viewport={"width": 1366, "height": 900})
            ctx.add_init_script(PROBE)
            contexts[name] = ctx
        targets = [("floor", "floor", f"{floor_url}/")]
        for _, url_path, path in pages:
            targets.append((url_path, "app", f"{app_url}/{path}?lang={args.lang}"))
        # warm both servers: the app learns its pages in the first run (see conftest.warm), and
        # every page's first run fills the process caches a running server already has
        settle_ms(contexts["app"], f"{app_url}/?lang={args.lang}")
        for _, ctx_name, url in targets:
            settle_ms(contexts[ctx_name], url)
        rng = random.Random(args.seed)
        times: dict[str, list[float]] = {name: [] for name, _, _ in targets}
        script: dict[str, list[float]] = {name: [] for name, _, _ in targets}
        charts: dict[str, int] = {}
        for _ in range(args.runs):
            order = targets[:]
            rng.shuffle(order)
            for name, ctx_name, url in order:
                settled, done, n_charts = settle_ms(contexts[ctx_name], url)
                times[name].append(settled)
                script[name].append(done)
                charts[name] = n_charts
        browser.close()

    floor = times["floor"]
    rows = [["floor (bench/floor_app.py)", charts["floor"], benchlib.fmt_stats(script["floor"]),
             benchlib.fmt_stats(floor), "1.00", "–"]]
    for page_script, url_path, _ in pages:
        ratios = [p / f for p, f in zip(times[url_path], floor, strict=True)]
        med = benchlib.stats(ratios)[0]
        rows.append([f"/{url_path} ({Path(page_script).name})", charts[url_path], benchlib.fmt_stats(script[url_path]),
                     benchlib.fmt_stats(times[url_path]), benchlib.fmt_stats(ratios, "{:.2f}"),
                     "yes" if med <= 1.25 else "no"])
    benchlib.table(["page", "charts drawn", "script finished ms", "settled ms median (min–max)",
                    "ratio to floor median (min–max)", "≤ 1.25×"], rows)
    benchlib.footer()


if __name__ == "__main__":
    main()
