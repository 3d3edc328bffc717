"""The rerun after a widget change, in a real `streamlit run` and headless Chromium.

bench_apptest.py times reruns under AppTest, which always reruns the whole page script: it cannot
see a change inside an st.fragment rerun that part alone. Here the browser changes the page's
first choice (the same widgets as bench_apptest.py: the next option of a selectbox, or a
multiselect's first option) and the time is from the change to the script's next "finished"
state (stApp's data-test-script-state back to notRunning), and to the page settled again
(conftest.SETTLED_JS holding 500 ms, charts drawn). Each round opens the page in a new tab,
lets it settle, then makes the change once. The floor is bench/floor_rerun_app.py's selectbox rerun
(a title, one tiny chart and a selectbox, the whole script rerun) in the same round.

    python bench/bench_rerun_browser.py [--runs 5] [--lang id]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import benchlib
from bench_pages_browser import PROBE, QUIET_MS

FLOOR = benchlib.HERE / "floor_rerun_app.py"

WIDGETS = {  # url_path -> (widget key without the language, kind); the pages whose choice is a fragment
    "sebaran-umkm": ("dist_metric", "selectbox"),
    "kur": ("kur_period", "selectbox"),
    "intervensi": ("iv_actor", "multiselect"),
    "perencana": ("pl_ind", "multiselect"),
    "ekspor-briefing": ("br_regency", "selectbox"),
    "data-sumber": ("data_dataset", "selectbox"),
}
WATCH = """() => {
  window.__rerunStarted = null; window.__rerunDone = null; window.__t0 = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  const obs = new MutationObserver(() => {
    const s = app.getAttribute('data-test-script-state');
    if (s === 'running' && window.__rerunStarted === null) window.__rerunStarted = performance.now();
    if (s === 'notRunning' && window.__rerunStarted !== null && window.__rerunDone === null)
      window.__rerunDone = performance.now();
  });
  obs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def change(page, key: str, kind: str) -> None:
    """Open the widget's list and click the first option not chosen now (a selectbox's next
    choice, a multiselect's first unchosen one)."""
    box = page.locator(f".st-key-{key}")
    box.scroll_into_view_if_needed()
    box.locator("input").first.click()
    options = page.locator('[role="option"]')
    options.first.wait_for(state="visible", timeout=20_000)
    for i in range(options.count()):
        option = options.nth(i)
        if option.get_attribute("aria-selected") != "true":
            option.click()
            break
    if kind == "multiselect":
        page.keyboard.press("Escape")


def rerun_ms(context, url: str, key: str, kind: str) -> tuple[float, float]:
    """(ms from the change to the script finished, ms to the page settled again) in a new tab."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(f"() => window.__baliSettledFor >= {QUIET_MS}", timeout=90_000, polling=50)
        page.evaluate(WATCH)
        change(page, key, kind)
        page.wait_for_function("() => window.__rerunDone !== null", timeout=90_000, polling=20)
        page.wait_for_function(f"() => window.__baliSettledFor >= {QUIET_MS} "
                               "&& window.__baliSettledAt > window.__rerunDone", timeout=90_000, polling=50)
        done, settled = page.evaluate("() => [window.__rerunDone - window.__t0, window.__baliSettledAt - window.__t0]")
        if page.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"exception on {url}")
        return done, settled
    finally:
        page.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lang", default="id")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    benchlib.header("bench_rerun_browser.py: the rerun after a widget change, real server, headless Chromium",
                    f"{args.runs} rounds; each page opened in a new tab, settled, then its first choice changed "
                    f"once (lang={args.lang}); ms from the click on the new option to the script finished, "
                    "and to settled again; floor: bench/floor_rerun_app.py's selectbox, the whole script rerun.")
    with tempfile.TemporaryDirectory() as tmp_a, tempfile.TemporaryDirectory() as tmp_b, \
            benchlib.streamlit_server(Path(tmp_a)) as app_url, \
            benchlib.streamlit_server(Path(tmp_b), FLOOR) as floor_url, \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=benchlib.CHROMIUM, args=benchlib.CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1366, "height": 900})
        ctx.add_init_script(PROBE)
        targets = [("floor", f"{floor_url}/", "floor_pick", "selectbox")]
        targets += [(p, f"{app_url}/{p}?lang={args.lang}", f"{k}__{args.lang}", kind)
                    for p, (k, kind) in WIDGETS.items()]
        page = ctx.new_page()  # the server learns its pages on the first run (conftest.warm)
        page.goto(f"{app_url}/?lang={args.lang}")
        page.wait_for_function(f"() => window.__baliSettledFor >= {QUIET_MS}", timeout=90_000, polling=50)
        page.close()
        for _, url, key, kind in targets:  # warm every page and its change once
            rerun_ms(ctx, url, key, kind)
        done: dict[str, list[float]] = {t[0]: [] for t in targets}
        settled: dict[str, list[float]] = {t[0]: [] for t in targets}
        for _ in range(args.runs):
            for name, url, key, kind in targets:
                d, s = rerun_ms(ctx, url, key, kind)
                done[name].append(d)
                settled[name].append(s)
        browser.close()
    rows = []
    for name, _, key, _ in targets:
        ratio = [s / f for s, f in zip(settled[name], settled["floor"], strict=True)]
        rows.append([name, f"`{key}`", benchlib.fmt_stats(done[name]), benchlib.fmt_stats(settled[name]),
                     benchlib.fmt_stats(ratio, "{:.2f}")])
    benchlib.table(["page", "widget", "change → script finished ms", "change → settled ms", "settled / floor's"],
                   rows)
    benchlib.footer()


if __name__ == "__main__":
    main()
