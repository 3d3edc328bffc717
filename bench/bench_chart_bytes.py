"""Bytes each chart of each page sends to the browser (goal: the choropleth at most 40 KB).

What is counted is what Streamlit puts on the websocket for the chart: the chart element's
protobuf (ArrowVegaLiteChart: the spec as JSON text, which holds the TopoJSON of a map, plus
each named dataset as Arrow IPC bytes), taken from an AppTest run of every page of app.py
(conftest.app_pages()) in each language. Streamlit 1.67 does not compress its websocket
(server.enableWebsocketCompression is off by default), so these are the bytes on the wire;
the gzip column says what compression would give. Sizes are deterministic (one run; no
median needed): the same page state always sends the same bytes.

Also the page total: every element of the page (text, tables, buttons, charts), as sent.

    python bench/bench_chart_bytes.py [--langs id,en]
"""

from __future__ import annotations

import argparse
import gzip
import json

import benchlib

GOAL_MAP = 40_000


def chart_title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(title)
    for layer in spec.get("layer", []) if not title else []:
        inner = chart_title(layer)
        if inner:
            return inner
    return str(title or "(untitled)")


def is_map(spec_text: str) -> bool:
    return '"topojson"' in spec_text or '"geoshape"' in spec_text


def page_elements(at) -> list:
    """Every element proto of the main area, depth first."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and not hasattr(node, "children"):
            out.append(node)
        for child in getattr(node, "children", {}).values() if hasattr(node, "children") else []:
            walk(child)

    walk(at._tree)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--langs", default="id,en")
    args = ap.parse_args()
    from streamlit.testing.v1 import AppTest

    benchlib.header("bench_chart_bytes.py: bytes each chart sends",
                    "Every chart of every page, default page state, from an AppTest run: the chart element's protobuf "
                    "as Streamlit sends it (spec JSON incl. any TopoJSON + Arrow datasets). Goal: a map ≤ 40 KB.")
    rows, totals = [], []
    for lang in args.langs.split(","):
        for script, url in benchlib.app_pages():
            at = AppTest.from_file(str(benchlib.ROOT / "app.py"), default_timeout=120)
            at.query_params["lang"] = lang
            at.switch_page(script)
            at.run()
            if at.exception:
                raise RuntimeError(f"{script}: {at.exception}")
            charts = at.get("vega_lite_chart")
            elements = page_elements(at)
            page_bytes = sum(e.proto.ByteSize() for e in elements)
            chart_bytes = 0
            for chart in charts:
                proto = chart.proto
                spec = json.loads(proto.spec)
                arrow = sum(len(d.data.data) for d in proto.datasets) + len(proto.data.data)
                total = proto.ByteSize()
                chart_bytes += total
                kind = "map" if is_map(proto.spec) else "chart"
                goal = ("yes" if total <= GOAL_MAP else "no") if kind == "map" else "–"
                rows.append([lang, f"/{url}", chart_title(spec)[:70], kind, f"{len(proto.spec.encode()):,}",
                             f"{arrow:,}", f"{total:,}", f"{len(gzip.compress(proto.SerializeToString())):,}", goal])
            totals.append([lang, f"/{url}", len(charts), f"{chart_bytes:,}", f"{page_bytes:,}"])
    benchlib.table(["lang", "page", "chart (title)", "kind", "spec JSON bytes", "Arrow data bytes",
                    "sent bytes", "gzip bytes", "map ≤ 40 KB"], rows)
    benchlib.table(["lang", "page", "charts", "chart bytes", "all elements bytes"], totals,
                   title="Per page: charts and every element of the page (the first view of the page sends these)")
    benchlib.footer()


if __name__ == "__main__":
    main()
