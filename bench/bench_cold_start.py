"""Cold start: from `make run` to the first page settled in headless Chromium.

Each run starts `make run PORT=<free port>` in a new process group, with the .venv already
created and installed (make only checks that it is up to date: no pip, no download), and
measures on one clock:
- to health: until /_stcore/health answers (Python, Streamlit and the server are up);
- to settled: until the front page (/) is settled in a browser opened before the start
  (conftest.SETTLED_JS for 500 ms; the first script run imports the dashboard's libraries and
  fills its caches, so this is what the first visitor after a (re)start waits);
then stops the process group. The operating system's file cache is warm after the first run
(the same files are read each time), so these are restarts of an installed server, not a
first boot. Median of --runs (default 5) with min and max.

    python bench/bench_cold_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import time

import benchlib
import services  # tests/services.py (benchlib puts tests/ on the path)
from bench_pages_browser import PROBE, QUIET_MS


def free_port() -> int:
    return benchlib.conftest._free_port()


def one_run(browser) -> tuple[float, float]:
    port = free_port()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_init_script(PROBE)
    page = context.new_page()
    log = open(os.devnull, "w")  # noqa: SIM115  (closed below, after the process group ends)
    start = time.perf_counter()
    proc = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=benchlib.ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True, env={**os.environ, "BROWSER": "none"})
    try:
        url = f"http://localhost:{port}"
        services.wait_http(f"{url}/_stcore/health", 120, proc, interval=0.02)  # fails if `make run` ends
        health = time.perf_counter() - start
        page.goto(f"{url}/", wait_until="commit")
        page.wait_for_function(f"() => window.__baliSettledFor >= {QUIET_MS}", timeout=120_000, polling=50)
        # the moment the settled state began, on the page's clock, mapped onto ours
        settled_ago = page.evaluate("() => (performance.now() - window.__baliSettledAt) / 1000")
        settled = time.perf_counter() - start - settled_ago
        return health, settled
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the group `make run` leads: make and its streamlit
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        context.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    if not (benchlib.ROOT / ".venv" / ".run-installed").exists():
        raise SystemExit("run `make run` once first: this measures a restart with .venv already installed")
    benchlib.header("bench_cold_start.py: from `make run` to the first page settled",
                    f"{args.runs} runs; .venv already created and installed; browser already open; "
                    "front page (/), lang default (id).")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=benchlib.CHROMIUM, args=benchlib.CHROMIUM_ARGS)
        runs = [one_run(browser) for _ in range(args.runs)]
        browser.close()
    health = [h * 1000 for h, _ in runs]
    settled = [s * 1000 for _, s in runs]
    benchlib.table(["measure", "ms median (min–max)"], [
        ["`make run` → /_stcore/health answers", benchlib.fmt_stats(health)],
        ["`make run` → front page settled", benchlib.fmt_stats(settled)],
        ["of which: first page view (health → settled)", benchlib.fmt_stats([s - h for h, s in zip(health, settled,
                                                                                                   strict=True)])],
    ])
    benchlib.footer()


if __name__ == "__main__":
    main()
