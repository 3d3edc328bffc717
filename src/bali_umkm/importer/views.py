"""Display tables for the import page: the preview, the re-run checks and the version history,
formatted in the chosen language, and the page's one URL parameter (`url_params`). Text from
files stays plain text (pages show these frames with st.dataframe, never as HTML). No Streamlit
here.
"""

from __future__ import annotations

import pandas as pd

from .. import catalog, store
from ..i18n import fmt_value, t
from ..urlcodec import One, Param
from .vocab import KINDS


def url_params() -> tuple[Param, ...]:
    """?kind= (the kind of table to import; default umkm), so another page can link to the import
    of its own kind. The rest of the page is a form (file, source, licence...) and stays out of the URL."""
    return (Param("kind", One(), default=KINDS[0], choices=KINDS),)


def _place(code: str, lang: str) -> str:
    try:
        return catalog.regency_name(code, lang)
    except KeyError:
        return code


def _year(year) -> str:
    if year is None or year == "" or pd.isna(year):
        return "–"
    try:
        return str(int(float(year)))
    except (TypeError, ValueError):
        return str(year)


def diff_table(diff: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Rows of store.diff_rows: status, place, year, period, indicator, category, old and new value."""
    metric_units = {m: spec.get("unit", "") for m, spec in catalog.metrics().items()}

    def value(v, metric):
        return "–" if pd.isna(v) else fmt_value(float(v), metric_units.get(metric, ""), lang)

    return pd.DataFrame({
        t("import.col_status", lang): [t(f"import.status_{s}", lang) for s in diff["status"]],
        t("data.col_place", lang): [_place(c, lang) for c in diff["regency_code"]],
        t("data.col_year", lang): [_year(y) for y in diff["year"]],
        t("data.col_period", lang): diff["period"].tolist(),
        t("data.col_metric", lang): [catalog.metric_label(m, lang) for m in diff["metric"]],
        t("data.col_category", lang): diff["category"].tolist(),
        t("import.col_old", lang): [value(v, m) for v, m in zip(diff["value_old"], diff["metric"], strict=True)],
        t("import.col_new", lang): [value(v, m) for v, m in zip(diff["value_new"], diff["metric"], strict=True)],
    })


def checks_table(checks: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """quality.sum_checks rows that involve the new rows (their dataset is still 'import_pending')."""
    return pd.DataFrame({
        t("data.col_status", lang): [t(f"data.status_{s}", lang) for s in checks["status"]],
        t("data.col_metric", lang): [catalog.metric_label(m, lang) for m in checks["metric"]],
        t("data.col_place", lang): [_place(c, lang) for c in checks["regency_code"]],
        t("data.col_year", lang): [_year(y) for y in checks["year"]],
        t("data.col_parts", lang): [f"{d} ({n})" for d, n in zip(checks["dimension"], checks["n_parts"], strict=True)],
        t("data.col_parts_sum", lang): [fmt_value(v, u, lang) for v, u in zip(checks["parts_sum"], checks["unit"],
                                                                               strict=True)],
        t("data.col_total", lang): [fmt_value(v, u, lang) for v, u in zip(checks["total"], checks["unit"],
                                                                          strict=True)],
        t("data.col_sources", lang): [_sources(p, d, lang) for p, d in zip(checks["parts_datasets"],
                                                                          checks["total_dataset"], strict=True)],
    })


def comparisons_table(comps: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Pairs of sources for the same figure, one of them the new file."""
    return pd.DataFrame({
        t("data.col_status", lang): [t(f"import.cmp_{s}", lang) for s in comps["status"]],
        t("data.col_metric", lang): [catalog.metric_label(m, lang) + (f" ({c})" if c else "")
                                     for m, c in zip(comps["metric"], comps["category"], strict=True)],
        t("data.col_place", lang): [_place(c, lang) for c in comps["regency_code"]],
        t("data.col_year", lang): [_year(y) for y in comps["year"]],
        t("data.col_value_a", lang): [fmt_value(v, u, lang) for v, u in zip(comps["value_a"], comps["unit"],
                                                                            strict=True)],
        t("data.col_source_a", lang): [_sources(d, "", lang) for d in comps["dataset_a"]],
        t("data.col_value_b", lang): [fmt_value(v, u, lang) for v, u in zip(comps["value_b"], comps["unit"],
                                                                            strict=True)],
        t("data.col_source_b", lang): [_sources(d, "", lang) for d in comps["dataset_b"]],
    })


def _sources(parts: str, total: str, lang: str) -> str:
    names = []
    for ds_id in [p.strip() for p in f"{parts},{total}".split(",") if p.strip()]:
        if ds_id == "import_pending":
            names.append(t("import.this_file", lang))
            continue
        try:
            names.append(catalog.dataset(ds_id).text("producer", lang))
        except KeyError:
            names.append(ds_id)
    return "; ".join(dict.fromkeys(names))


def versions_table(versions: list[store.Version], active: str | None, lang: str = "id") -> pd.DataFrame:
    """Newest first: version, active mark, time, action, uploader, file, kind, rows, sha256."""
    rows = []
    for v in reversed(versions):
        m = v.manifest
        action = (t("import.action_rollback", lang, target=m.get("rolled_back_to", "")) if m.get("action") == "rollback"
                  else t("import.action_import", lang))
        rows.append({
            t("import.col_version", lang): v.name + (" ✓" if v.name == active else ""),
            t("import.col_time", lang): m.get("created", "").replace("T", " ").replace("Z", " UTC"),
            t("import.col_action", lang): action,
            t("import.col_uploader", lang): m.get("uploader", ""),
            t("import.col_file", lang): m.get("file_name", ""),
            t("import.col_kind", lang): m.get("kind", ""),
            t("import.col_source", lang): m.get("source", ""),
            t("import.col_rows", lang): int(m.get("rows", 0)),
            t("import.col_total_rows", lang): int(m.get("total_rows", 0)),
            "sha256": m.get("sha256", "")[:16],
        })
    return pd.DataFrame(rows)
