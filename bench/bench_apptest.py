"""Server-side time of each page under AppTest, and of the rerun after changing an indicator.

Goal (issue 10): the rerun after changing an indicator at most 100 ms.

For every page of app.py (conftest.app_pages(), so new pages are included):
- "first run, new process": a child process runs the page once under AppTest: imports and
  every process-wide cache are cold, as for the first visitor after a server (re)start;
- "run, new session": in this process, after one warm-up run, a fresh AppTest (a new session)
  runs the page: what every later visitor's first view costs the server;
- "rerun after a change": in that session, the page's indicator is changed and the script
  rerun. The indicator is found, not named: the first selectbox in the page's main area with
  two or more options goes to its next option (else a multiselect gains an option, else a radio
  moves); the table names the widget's key.
The floor is bench/floor_app.py (a title and one tiny Altair chart) under the same AppTest
harness, so AppTest's own overhead can be read off. Times are wall-clock around `at.run()`.

    python bench/bench_apptest.py [--runs 7] [--cold-runs 5] [--lang id]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import benchlib

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1] + "/tests")
import conftest  # empty store, no secrets
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[2], default_timeout=120)
at.query_params["lang"] = sys.argv[4]
if sys.argv[3] != "-":
    conftest.start_on(at, sys.argv[3])
t = time.perf_counter(); at.run(); dt = time.perf_counter() - t
assert not at.exception, at.exception
print(json.dumps({"s": dt}))
"""


def new_session(script: str | None, lang: str, app=None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(app or benchlib.ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    if script:
        benchlib.conftest.start_on(at, script)  # through app.py, as a visitor arriving on the page's URL
    return at


def timed_run(at) -> float:
    t = time.perf_counter()
    at.run()
    dt = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(str(at.exception))
    return dt


def indicator_change(at):
    """(description, a function that changes the page's indicator) or None."""
    main = at.main
    for box in main.selectbox:
        if len(box.options) >= 2:
            index = box.index if box.index is not None else 0
            return f"selectbox `{box.key}`", lambda b=box, i=index: b.select_index((i + 1) % len(b.options))
    for box in main.multiselect:
        rest = [o for o in box.options if o not in box.value]
        if rest:
            return f"multiselect `{box.key}`", lambda b=box, o=rest[0]: b.select(o)
    for radio in main.radio:
        if len(radio.options) >= 2:
            index = radio.index if radio.index is not None else 0
            return f"radio `{radio.key}`", lambda r=radio, i=index: r.set_value(r.options[(i + 1) % len(r.options)])
    return None


def cold_run(script: str | None, lang: str, app) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD, str(benchlib.ROOT), str(app), script or "-", lang],
                         capture_output=True, text=True, timeout=600, check=False)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])["s"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--lang", default="id")
    args = ap.parse_args()
    benchlib.header("bench_apptest.py: server-side run of each page (AppTest) and the rerun after a change",
                    f"{args.runs} runs each (a new AppTest session per run, after one warm-up run); the first run "
                    f"in a new process {args.cold_runs} times per page (child processes); lang={args.lang}. "
                    "Goal: the rerun after changing an indicator ≤ 100 ms.")
    ms = [1000.0]
    rows = []
    targets = [("floor (bench/floor_app.py)", None, benchlib.FLOOR_APP)]
    targets += [(f"/{url} ({script.split('/')[-1]})", script, None) for script, url in benchlib.app_pages()]
    for label, script, app in targets:
        cold = [cold_run(script, args.lang, app or benchlib.ROOT / "app.py") for _ in range(args.cold_runs)]
        timed_run(new_session(script, args.lang, app))  # warm-up: the process caches a running server has
        first, rerun, what = [], [], "–"
        for _ in range(args.runs):
            at = new_session(script, args.lang, app)
            first.append(timed_run(at))
            change = indicator_change(at)
            if change:
                what, act = change
                act()
                rerun.append(timed_run(at))
        med_rerun = benchlib.stats(rerun)[0] if rerun else None
        rows.append([label, benchlib.fmt_stats([c * ms[0] for c in cold]),
                     benchlib.fmt_stats([f * ms[0] for f in first]), what,
                     benchlib.fmt_stats([r * ms[0] for r in rerun]) if rerun else "–",
                     "–" if med_rerun is None else ("yes" if med_rerun <= 0.100 else "no")])
    benchlib.table(["page", "first run, new process ms", "run, new session ms", "indicator changed",
                    "rerun after the change ms", "rerun ≤ 100 ms"], rows)
    benchlib.footer()


if __name__ == "__main__":
    main()
