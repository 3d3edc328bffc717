"""Time to build a full briefing deck (goal: at most 5 s), PPTX and PDF, Indonesian and English.

Each run builds the deck from the catalogue (`briefing.build`) and writes the file, with the chart
image cache emptied first, so every chart is rendered again (what the first click on the page
costs; a second click re-uses the images). The baseline, measured in the same run, is rendering
one chart (the MSME scale bars as a PNG at twice the resolution) with the cache emptied too, so
the ratio says how many charts' worth of work a deck is on this shared, noisy machine. The last
rows start a new process (`python -m bali_umkm briefing`), imports included.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bali_umkm.export import briefing_pdf, briefing_pptx, images
from bali_umkm.views import briefing, distribution

RUNS = 5
GOAL = 5.0
ROOT = Path(__file__).resolve().parents[1]
WRITERS = {"pptx": briefing_pptx.to_pptx, "pdf": briefing_pdf.to_pdf}


def timed(fn, runs: int = RUNS, before=images.clear_cache) -> list[float]:
    out = []
    for _ in range(runs):
        if before:
            before()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def row(label: str, times: list[float], base: float, slides: str = "", size: str = "") -> str:
    med = statistics.median(times)
    goal = "yes" if med <= GOAL else "NO"
    return (f"| {label} | {med:.2f} | {min(times):.2f} | {max(times):.2f} | {med / base:.1f} | {goal} "
            f"| {slides} | {size} |")


def main() -> None:
    view = distribution.scale_view("id")
    images.to_png(view.chart, "")                       # start vl-convert's engine once
    baseline = timed(lambda: images.to_png(view.chart, "", width=640, scale=2.0))
    base = statistics.median(baseline)
    print(f"{RUNS} runs each; chart cache emptied before every run; 2 cores, shared machine; "
          f"load average at start {os.getloadavg()[0]:.1f}")
    print()
    print("| case | median s | min s | max s | ratio to baseline | <= 5 s | slides | MB |")
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    print(row("baseline: one chart, PNG 2x", baseline, base))
    for lang in ("id", "en"):
        for fmt, write in WRITERS.items():
            sizes = []

            def build(lang=lang, write=write, sizes=sizes):
                deck = briefing.build(briefing.Options(lang=lang))
                sizes.append((len(write(deck)), len(deck.page_titles)))

            times = timed(build)
            print(row(f"{fmt.upper()} {lang}, default deck", times, base, str(sizes[-1][1]),
                      f"{sizes[-1][0] / 1e6:.2f}"))
    deck = briefing.build(briefing.Options(lang="id", regency="5171"))
    times = timed(lambda: briefing_pptx.to_pptx(deck))
    print(row("PPTX id, regency 5171", times, base, str(len(deck.page_titles))))
    times = timed(lambda: briefing_pdf.to_pdf(deck), before=None)
    print(row("PDF id, regency 5171, charts cached (second click)", times, base, str(len(deck.page_titles))))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("pptx", "pdf"):
            cmd = [sys.executable, "-m", "bali_umkm", "briefing", "--out", f"{tmp}/deck.{fmt}"]
            times = timed(lambda cmd=cmd: subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True), before=None)
            print(row(f"CLI {fmt} id, new process (imports included)", times, base))
    print()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
