"""Shared pieces of the benchmarks (not a benchmark itself: `make bench` runs bench_*.py).

- the pages come from app.py through tests/conftest.py's `app_pages()`, so a new page is
  benchmarked without editing any script; servers are started with conftest's
  `streamlit_server` (the same command the browser tests use) and the "settled" rule is
  conftest's SETTLED_JS;
- importing conftest points BALI_UMKM_STORE at an empty temporary store (and no secrets), so
  every benchmark sees the shipped catalogue, as the tests do;
- `stats` / `table` print the median of the runs with min and max as a Markdown table, ready
  for BENCHMARKS.md; `machine()` says what it ran on.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
import conftest  # noqa: E402  (sets BALI_UMKM_STORE / BALI_UMKM_SECRETS for this process)

FLOOR_APP = HERE / "floor_app.py"
app_pages = conftest.app_pages
pages = conftest.page_paths  # (script, url_path, path to open: "" for the default page)
streamlit_server = conftest.streamlit_server
CHROMIUM, CHROMIUM_ARGS = conftest.CHROMIUM, conftest.CHROMIUM_ARGS
SETTLED_JS = conftest.SETTLED_JS


def stats(values: list[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    return statistics.median(values), min(values), max(values)


def fmt_stats(values: list[float], fmt: str = "{:.0f}") -> str:
    """'median (min–max)'."""
    med, lo, hi = stats(values)
    return f"{fmt.format(med)} ({fmt.format(lo)}–{fmt.format(hi)})"


def table(headers: list[str], rows: list[list[object]], title: str | None = None) -> None:
    """A Markdown table on stdout."""
    if title:
        print(f"\n{title}\n")
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    sys.stdout.flush()


def _first_line(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def machine() -> str:
    """One line: CPU, cores, RAM, kernel, Python, Streamlit, Altair, Chromium, date."""
    import altair
    import streamlit

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines()
                          if x.startswith("MemTotal")).split()[1])
        ram = f"{mem_kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "? RAM"
    chromium = _first_line([CHROMIUM, "--version"]) if Path(CHROMIUM).exists() else "no Chromium"
    return (f"{cpu}, {os.cpu_count()} cores, {ram}, Linux {platform.release()}, Python {platform.python_version()}, "
            f"Streamlit {streamlit.__version__}, Altair {altair.__version__}, {chromium}, "
            f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")


def load_average() -> str:
    """The 1-minute load average now: the machine is shared, so each table says how busy it was."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def header(name: str, what: str) -> None:
    print(f"## {name}\n\n{what}\n\nMachine: {machine()}; load average at start {load_average()}\n")
    sys.stdout.flush()


def footer() -> None:
    print(f"\nLoad average at end: {load_average()}")
    sys.stdout.flush()


def rss_peak_mb(pid: int) -> float:
    """Peak resident memory of a process so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
