"""Benchmark: aggregate a SYNTHETIC business registry into regency indicators.

Goals (issue 7): 440 thousand rows in at most 5 s; 4,4 million rows in bounded memory.
Each run is a fresh child process (its peak RSS is its own: VmHWM from /proc); the time is
measured inside the child around `importer.check(path, "registry")` (reading, normalising,
validating, aggregating), and the whole child's wall time is shown too. A baseline child that
only imports the package is measured in the same run, so the memory the registry adds can be
read off. Prints a table; `make bench` runs it. Files go to bench/out/ (git-ignored).

    python bench/bench_registry.py [--runs 5] [--sizes 440000,4400000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth_registry  # noqa: E402

OUT = HERE / "out"
CHILD = """
import json, sys, time
t0 = time.perf_counter()
from bali_umkm import importer
t1 = time.perf_counter()
if sys.argv[1] != "-":
    checked = importer.check(sys.argv[1], "registry", max_bytes=None)
    assert checked.ok, checked.report.text("en")
    rows = len(checked.rows)
else:
    rows = 0
t2 = time.perf_counter()
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"import_s": t1 - t0, "check_s": t2 - t1, "rows_out": rows, "hwm_kb": hwm}))
"""


def run_child(arg: str) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, arg], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed: {err.decode()[-2000:]}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["wall_s"] = wall
    # VmHWM (peak RSS of this process image, read by the child itself): ru_maxrss from wait4
    # would also count the parent's memory inherited at fork, kept across exec on Linux.
    result["peak_rss_mb"] = result["hwm_kb"] / 1024
    del usage
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="440000,4400000")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    files = {}
    for n in sizes:
        path = OUT / f"registry_{n}.csv"
        if not path.exists():
            t = time.perf_counter()
            synth_registry.write(path, n)
            print(f"# wrote {path.name} ({path.stat().st_size / 2**20:.0f} MB) in {time.perf_counter() - t:.1f} s",
                  file=sys.stderr)
        files[n] = path
    base = [run_child("-") for _ in range(args.runs)]
    print(f"registry aggregation (synthetic data), {args.runs} runs each, {os.cpu_count()} cores")
    print(f"{'rows':>10} {'file MB':>8} {'median s':>9} {'min s':>7} {'max s':>7} {'wall med s':>10} "
          f"{'peak RSS MB':>12} {'RSS - base':>11} {'goal':>22}")
    base_rss = statistics.median(r["peak_rss_mb"] for r in base)
    print(f"{'baseline':>10} {'-':>8} {0:>9.2f} {0:>7.2f} {0:>7.2f} "
          f"{statistics.median(r['wall_s'] for r in base):>10.2f} {base_rss:>12.0f} {0:>11.0f} "
          f"{'import only':>22}")
    for n, path in files.items():
        runs = [run_child(str(path)) for _ in range(args.runs)]
        secs = [r["check_s"] for r in runs]
        rss = max(r["peak_rss_mb"] for r in runs)
        goal = "<= 5 s" if n <= 440_000 else "bounded memory"
        print(f"{n:>10,} {path.stat().st_size / 2**20:>8.0f} {statistics.median(secs):>9.2f} {min(secs):>7.2f} "
              f"{max(secs):>7.2f} {statistics.median(r['wall_s'] for r in runs):>10.2f} {rss:>12.0f} "
              f"{rss - base_rss:>11.0f} {goal:>22}")


if __name__ == "__main__":
    main()
