"""What charts.base.responsive (phone-width limits, applied by ui.show) adds to a rerun.

For a few of the dashboard's charts, times what ui.show does with a chart on every rerun:
- baseline (before responsive): Streamlit's Altair-to-Vega-Lite conversion of the chart, plus the
  chart's JSON for the PNG/SVG downloads (`chart.to_json()`);
- now: `responsive` (a copy of the chart with the limits, the data left a DataFrame) + Streamlit's
  conversion, and the downloads' JSON without a second validation (`to_json(validate=False)`).
Median of 7 runs with min and max, in ms; the ratio is to the baseline measured in the same run.
"""

from __future__ import annotations

import statistics
import time

import pandas as pd
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from bali_umkm import interventions as iv
from bali_umkm.charts import base, digital, kur
from bali_umkm.charts.interventions import matrix_heatmap
from bali_umkm.views import maps

RUNS = 7


def _charts() -> dict:
    label = "G · Perdagangan besar dan eceran, reparasi dan perawatan mobil dan sepeda motor"
    bars = pd.DataFrame({"label": [label, "I · Akomodasi", "C · Industri pengolahan"], "count": [5, 3, 2]})
    status = pd.DataFrame({"area": ["Bali", "Bali"], "status_text": ["ya", "tidak"], "start": [0, 62.28],
                           "end": [62.28, 100], "text": ["62,28%", "37,72%"]})
    return {
        "bar (3 rows)": base.bar(bars, category="label", value="count", title="Usaha e-commerce menurut KBLI",
                                 unit_label="unit usaha", source="s"),
        "status bars": digital.status_bars(status, title="Usaha e-commerce", unit_label="%"),
        "KUR bullet": kur.bullet(175.73e12, 297e12, title="Realisasi KUR", subtitle=["triliun rupiah"],
                                 realised_label="Realisasi", target_label="Target",
                                 realised_text="Rp175,73 triliun", target_text="Rp297 triliun",
                                 axis_title="triliun rupiah"),
        "regency map": maps.map_view("umkm_total", lang="id").chart,
        "interventions matrix": matrix_heatmap(iv.matrix(), title="x", unit_label="y",
                                               tooltip_titles={"barrier": "b", "actor": "a", "n": "n"}),
    }


def _baseline(chart) -> None:
    _convert_altair_to_vega_lite_spec(chart)
    chart.to_json(indent=None)


def _now(chart) -> None:
    chart = base.responsive(chart)
    _convert_altair_to_vega_lite_spec(chart)
    chart.to_json(indent=None, validate=False)


def _timed(fn, chart) -> list[float]:
    fn(chart)  # warm caches (schema, imports)
    out = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn(chart)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _cell(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} ({min(times):.1f}–{max(times):.1f})"


def main() -> None:
    print("| chart | baseline ms median (min–max) | with responsive ms | ratio | responsive alone ms |")
    print("|---|---:|---:|---:|---:|")
    for name, chart in _charts().items():
        before, after = _timed(_baseline, chart), _timed(_now, chart)
        alone = _timed(base.responsive, chart)
        print(f"| {name} | {_cell(before)} | {_cell(after)} | "
              f"{statistics.median(after) / statistics.median(before):.2f} | {_cell(alone)} |")


if __name__ == "__main__":
    main()
