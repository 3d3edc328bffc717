"""Display tables for the import page: the preview, the re-run checks and the version history,
formatted in the chosen language, and the page's one URL parameter (`url_params`). Text from
files stays plain text (pages show these frames with st.dataframe, never as HTML). No Streamlit
here.
"""

from __future__ import annotations

import pandas as pd

from .. import catalog, store
from ..i18n import fmt_number, fmt_value, t
from ..urlcodec import One, Param
from .vocab import KINDS


def url_params() -> tuple[Param, ...]:
    """?kind= (the kind of table to import; default auto), so another page can link to the import
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


# ---- the mapping step: each column, what it was read as, and the rows that come out ------------

MAPPABLE_ROLES = ("value", "ignore")  # the columns whose metric the user may choose
SKIP = ""  # the mapping choice "not imported"


def mappable_columns(checked) -> list[dict]:
    """Columns of a table the user may map: those read as values, and the others with a header
    that hold something (never the regency, code, year... columns)."""
    return [c for c in checked.info.get("columns", [])
            if c["role"] in MAPPABLE_ROLES and c["label"] and (c["metric"] or c["samples"])]


def mapping_guesses(checked) -> dict[str, str]:
    """Each mappable column's letter and the metric it was read as (SKIP: not imported)."""
    return {c["letter"]: c["metric"] or SKIP for c in mappable_columns(checked)}


def mapping_changes(guesses: dict[str, str], chosen: dict[str, str]) -> dict[str, str]:
    """The choices in the mapping step that differ from the guess, as importer.check's `mapping`
    (a column left out is "-"). `chosen`: letter -> the metric picked (SKIP: not imported)."""
    return {letter: chosen[letter] or "-" for letter, guess in guesses.items()
            if letter in chosen and chosen[letter] != guess}


def map_cli_args(mapping: dict[str, str]) -> str:
    """The command line's --map options that do what the mapping step did."""
    return " ".join(f'--map "{k}={v}"' for k, v in sorted(mapping.items()))


def template_kinds() -> list[str]:
    """The kinds with a template to download: all but auto, which reads any of them."""
    return [k for k in KINDS if k != "auto"]


def metric_choices(lang: str = "id") -> dict[str, str]:
    """Mapping options: "" (not imported) then every metric, as "label (key)"."""
    out = {SKIP: t("import.map_skip", lang)}
    for key in catalog.metrics():
        out[key] = f"{catalog.metric_label(key, lang)} ({key})"
    return out


def _role_text(col: dict, lang: str) -> str:
    role = col["role"]
    if role == "value" and col["metric"]:
        text = catalog.metric_label(col["metric"], lang)
        if col.get("projection"):
            text += f" · {t('import.map_projection', lang)}"
        return text
    if role == "category":
        return t("import.map_category", lang, dim=col.get("category", ""))
    if role in ("regency", "code", "year", "period", "no", "province_code", "province_name", "unit", "scale",
                "sector", "scheme"):
        return t(f"import.map_role_{role}", lang)
    why = col.get("why") or ""
    if why in ("text", "unit", "ambiguous", "mapped"):
        return f"{t('import.map_not_imported', lang)} ({t(f'import.map_why_{why}', lang)})"
    return t("import.map_not_imported", lang)


def mapping_table(checked, lang: str = "id") -> pd.DataFrame:
    """Every column of the file: letter and header, what it was read as, the multiplier its
    unit gives, and the first values. Text from the file stays plain text (st.dataframe)."""
    rows = []
    for c in checked.info.get("columns", []):
        if not c["label"] and not c["samples"]:
            continue
        rows.append({
            t("import.map_col_column", lang): f"{c['letter']} · {c['label']}" if c["label"] else c["letter"],
            t("import.map_col_read_as", lang): _role_text(c, lang),
            t("import.map_col_multiplier", lang): (f"× {fmt_number(c['multiplier'], lang)}"
                                                   if c["role"] == "value" and c["metric"] else ""),
            t("import.map_col_samples", lang): " · ".join(c["samples"]),
        })
    return pd.DataFrame(rows)


def rows_preview(checked, lang: str = "id", n: int = 30) -> pd.DataFrame:
    """The first tidy rows the file gives, as they would be stored (value in base units)."""
    df = checked.rows.head(n)
    units = {m: spec.get("unit", "") for m, spec in catalog.metrics().items()}
    return pd.DataFrame({
        t("data.col_place", lang): [_place(c, lang) for c in df["regency_code"]],
        t("data.col_year", lang): [_year(y) for y in df["year"]],
        t("data.col_period", lang): df["period"].tolist(),
        t("data.col_metric", lang): [catalog.metric_label(m, lang) for m in df["metric"]],
        t("data.col_category", lang): df["category"].tolist(),
        t("import.col_new", lang): [fmt_value(float(v), units.get(m, ""), lang)
                                    for v, m in zip(df["value"], df["metric"], strict=True)],
        t("import.map_col_where", lang): [f"{r} · {c}" for r, c in zip(df["row"], df["column"], strict=True)],
    })
