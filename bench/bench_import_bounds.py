"""Benchmark: how long and how much memory the importer spends on hostile files before refusing
them, against a real published table it accepts (the baseline, measured in the same run).

Goals (the importer's bounded reading): a workbook that unpacks to 600 MB refused in under 5 s
and under 300 MB; a small workbook whose sheet expands to 100,000 rows refused quickly (it took
44 s and 1.2 GB before the row count was checked first); a 1 MB CSV cell refused with its own
message. Each run is a fresh child process: its time is measured around `importer.check(...)`
inside the child, its peak RSS is its own VmHWM from /proc (so the package import, measured
alone as "import only", is in every figure). The hostile files are SYNTHETIC (bench/synth_xlsx.py),
written to bench/out/ (git-ignored). Prints a Markdown table of medians (min–max).

    python bench/bench_import_bounds.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import benchlib  # noqa: E402  (also points BALI_UMKM_STORE at an empty store for the children)
import synth_xlsx  # noqa: E402

OUT = HERE / "out"
REAL = benchlib.ROOT / "tests" / "real_tables"
CHILD = """
import json, sys, time
t0 = time.perf_counter()
from bali_umkm import importer
t1 = time.perf_counter()
codes = []
if sys.argv[1] != "-":
    year = int(sys.argv[3]) if len(sys.argv) > 3 else None
    checked = importer.check(sys.argv[1], sys.argv[2], max_bytes=None, year=year)
    codes = checked.report.codes() or ["accepted"]
t2 = time.perf_counter()
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"import_s": t1 - t0, "check_s": t2 - t1, "codes": codes, "hwm_kb": hwm}))
"""


def run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["peak_rss_mb"] = out["hwm_kb"] / 1024
    return out


def files() -> list[tuple[str, Path | str, str, str, str]]:
    """(what, file, kind, year, size shown)."""
    OUT.mkdir(exist_ok=True)
    bomb = OUT / "bomb_600mb.xlsx"
    if not bomb.exists():
        synth_xlsx.bomb(bomb, 600)
    long = OUT / "rows_100000.xlsx"
    if not long.exists():
        synth_xlsx.long_sheet(long, 100_000)
    full = OUT / "rows_19000_periods.xlsx"
    if not full.exists():
        synth_xlsx.long_sheet(full, 19_000, period=True)
    cell = OUT / "cell_1mb.csv"
    if not cell.exists():
        cell.write_bytes(b"Kabupaten/Kota,Tahun,Jumlah UMKM\nBadung,2024," + b"9" * (1 << 20) + b"\n")
    land = next(REAL.glob("Delvinurropiqsitepu__*/Luas Daerah*.xlsx"))

    def size(p: Path) -> str:
        return f"{p.stat().st_size / 1024:,.0f} KB"

    return [
        ("import only (no file)", "-", "-", "", ""),
        ("baseline: BPS land area 2023 (real, accepted)", land, "auto", "", size(land)),
        ("ZIP bomb, unpacks to 600 MB (auto)", bomb, "auto", "", size(bomb)),
        ("ZIP bomb, unpacks to 600 MB (registry)", bomb, "registry", "2024", size(bomb)),
        ("sheet of 100,000 rows", long, "auto", "", size(long)),
        ("sheet of 19,000 rows (under the cap: read in full)", full, "auto", "", size(full)),
        ("CSV with a 1 MB cell", cell, "auto", "", size(cell)),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    benchlib.header("Bounded reading of hostile files", "importer.check(file) in a fresh process; medians of "
                                                           f"{args.runs} runs (min–max).")
    rows = []
    base_s = base_mb = None
    for what, path, kind, year, size in files():
        argv = [str(path), kind, *([year] if year else [])] if path != "-" else ["-"]
        runs = [run_child(*argv)
                for _ in range(args.runs)]
        secs = [r["check_s"] for r in runs]
        mbs = [r["peak_rss_mb"] for r in runs]
        med_s, med_mb = benchlib.stats(secs)[0], benchlib.stats(mbs)[0]
        if what.startswith("baseline"):
            base_s, base_mb = med_s, med_mb
        ratio = f"{med_s / base_s:.1f}× / {med_mb / base_mb:.2f}×" if base_s and path != "-" else ""
        codes = runs[0]["codes"]
        outcome = ", ".join(f"{c} ×{codes.count(c)}" if codes.count(c) > 1 else c for c in dict.fromkeys(codes))
        rows.append([what, size, outcome or "–", benchlib.fmt_stats(secs, "{:.2f}"),
                     benchlib.fmt_stats(mbs, "{:.0f}"), ratio])
        time.sleep(0.2)
    benchlib.table(["file", "size", "outcome", "check s", "peak RSS MB", "vs baseline (time / memory)"], rows)
    benchlib.footer()


if __name__ == "__main__":
    main()
