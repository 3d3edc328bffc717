"""The "Data & Sumber / Data & Sources" page's tables, from the catalogue and the quality checks.

Values are formatted in the chosen language; every row keeps its dataset id so the source can be
shown beside it. No Streamlit import here.
"""

from __future__ import annotations

import pandas as pd

from .. import catalog, quality
from ..cache import cached
from ..i18n import fmt_value, t
from ..urlcodec import One, Param, Text


def _levels(rows: pd.DataFrame, lang: str) -> str:
    levels = sorted({catalog.level_of(c) for c in rows["regency_code"] if c})
    return ", ".join(t(f"data.level_{lv}", lang) for lv in levels)


@cached(copy=pd.DataFrame.copy)  # every run of the page draws it
def datasets_table(lang: str = "id") -> pd.DataFrame:
    """One row per dataset: what it is, its period and level, who made it, licence, trust."""
    figs = catalog.figures()
    rows = []
    for ds in catalog.datasets():
        own = figs[figs["dataset"] == ds.id]
        rows.append({
            "id": ds.id,
            t("data.col_dataset", lang): ds.title_in(lang),
            t("data.col_period", lang): catalog.period_label(ds.period, lang),
            t("data.col_level", lang): _levels(own, lang) if len(own) else "–",
            t("data.col_producer", lang): ds.text("producer", lang),
            t("data.col_licence", lang): ds.text("licence", lang),
            t("data.col_trust", lang): catalog.trust_word(ds.trust, lang),
            t("data.col_figures", lang): len(own),
            t("data.col_kind", lang): t(f"data.kind_{ds.kind}", lang),
        })
    return pd.DataFrame(rows)


def matching_ids(query: str) -> list[str]:
    """The datasets whose any text (either language's title, producer, citation...) holds every
    word of `query`, in the catalogue's order (all of them for an empty query)."""
    words = [w for w in query.lower().split() if w]
    return [ds.id for ds in catalog.datasets()
            if all(w in " ".join([ds.id, ds.citation, ds.period, *(ds.text(f, lang) for f in catalog.TEXT_FIELDS
                                                                  for lang in ("id", "en"))]).lower()
                   for w in words)]


def search_datasets(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """The rows of `datasets_table` that `matching_ids(query)` keeps."""
    return table[table["id"].isin(matching_ids(query))]


def url_params() -> tuple[Param, ...]:
    """?q= (the catalogue search) and ?dataset= (the dataset shown in detail: one the search
    finds, or any when it finds none; default the first)."""
    def offered(v) -> list[str]:
        return matching_ids(v["q"]) or [ds.id for ds in catalog.datasets()]

    return (Param("q", Text(max_chars=200), default=""),
            Param("dataset", One(), default=lambda v: offered(v)[0], choices=offered))


@cached(copy=pd.DataFrame.copy)  # every run of the page draws it
def dataset_figures(dataset_id: str, lang: str = "id") -> pd.DataFrame:
    """The figures of one dataset, readable: place, year, period, category, metric, value."""
    figs = catalog.figures()
    own = figs[figs["dataset"] == dataset_id]
    return pd.DataFrame({
        t("data.col_place", lang): [catalog.regency_name(c, lang) if c else "–" for c in own["regency_code"]],
        t("data.col_year", lang): own["year"].astype("string").fillna(t("common.undated", lang)).tolist(),
        t("data.col_period", lang): [catalog.period_label(p, lang) for p in own["period"]],
        t("data.col_category", lang): own["category"].tolist(),
        t("data.col_metric", lang): [catalog.metric_label(m, lang) for m in own["metric"]],
        t("data.col_value", lang): [fmt_value(v, u, lang, q) for v, u, q in
                                    zip(own["value"], own["unit"], own["qualifier"], strict=True)],
        t("data.col_published", lang): own["published"].tolist(),
        t("data.col_trust", lang): [catalog.trust_word(x, lang) for x in own["trust"]],
        t("data.col_note", lang): [catalog.note_label(n, lang) for n in own["note"]],
    })


@cached(copy=pd.DataFrame.copy)  # every run of the page draws it
def dataset_export(dataset_id: str) -> pd.DataFrame:
    """A dataset's tidy rows with its metadata repeated on each row (for CSV download)."""
    ds = catalog.dataset(dataset_id)
    figs = catalog.figures()
    own = figs[figs["dataset"] == dataset_id].drop(columns=["source_kind", "tolerance"]).copy()
    own["citation"] = ds.citation
    own["paper_citation"] = ds.paper_citation
    own["licence"] = ds.text("licence", "id")
    own["url"] = ds.url
    return own


def _place(code: str, lang: str) -> str:
    return catalog.regency_name(code, lang) if code else "–"


@cached(copy=pd.DataFrame.copy)  # every run of the page draws it
def comparisons_table(lang: str = "id", status: str = "conflict", df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of sources for the same figure, both values and both sources side by side: one row
    per finding (sources that agree with each other share a cell), so the rows are the count."""
    comp = quality.findings(status, df)
    rows = []
    for _, r in comp.iterrows():
        year = t("common.undated", lang) if pd.isna(r["year"]) else str(int(r["year"]))
        rows.append({
            t("data.col_metric", lang): catalog.metric_label(r["metric"], lang)
            + (f" ({r['category']})" if r["category"] else ""),
            t("data.col_place", lang): _place(r["regency_code"], lang),
            t("data.col_year", lang): year,
            t("data.col_value_a", lang): fmt_value(r["value_a"], r["unit"], lang, r["qualifier_a"]),
            t("data.col_source_a", lang): _source_cell(r["dataset_a"], r["period_a"], lang),
            t("data.col_value_b", lang): fmt_value(r["value_b"], r["unit"], lang, r["qualifier_b"]),
            t("data.col_source_b", lang): _source_cell(r["dataset_b"], r["period_b"], lang),
            t("data.col_difference", lang): fmt_value(r["difference"], r["unit"], lang),
        })
    return pd.DataFrame(rows)


def _source_cell(dataset_ids: str, period: str, lang: str) -> str:
    """The source(s) of one side of a comparison ("a, b": sources that agree), with the period."""
    names = []
    for dataset_id in dataset_ids.split(", "):
        ds = catalog.dataset(dataset_id)
        names.append(ds.text("producer", lang) + (f" ({t('data.via_paper', lang)})" if ds.kind == "paper" else ""))
    text = " + ".join(names)
    return f"{text}; {catalog.period_label(period, lang)}" if period else text


@cached(copy=pd.DataFrame.copy)  # every run of the page draws it
def sum_checks_table(lang: str = "id", df: pd.DataFrame | None = None) -> pd.DataFrame:
    checks = quality.sum_checks(df)
    rows = []
    for _, r in checks.iterrows():
        year = t("common.undated", lang) if pd.isna(r["year"]) else str(int(r["year"]))
        rows.append({
            t("data.col_status", lang): t(f"data.status_{r['status']}", lang),
            t("data.col_metric", lang): catalog.metric_label(r["metric"], lang),
            t("data.col_place", lang): _place(r["regency_code"], lang),
            t("data.col_year", lang): year,
            t("data.col_period", lang): catalog.period_label(r["period"], lang),
            t("data.col_parts", lang): f"{r['dimension']} ({r['n_parts']})",
            t("data.col_parts_sum", lang): fmt_value(r["parts_sum"], r["unit"], lang),
            t("data.col_total", lang): fmt_value(r["total"], r["unit"], lang),
            t("data.col_difference", lang): fmt_value(r["difference"], r["unit"], lang),
            t("data.col_sources", lang): ", ".join(x for x in [r["parts_datasets"], r["total_dataset"]] if x),
        })
    return pd.DataFrame(rows)


@cached(copy=pd.DataFrame.copy)  # every run of the page draws it
def coverage_table(lang: str = "id", df: pd.DataFrame | None = None) -> pd.DataFrame:
    cov = quality.coverage(df)
    cov.columns = [catalog.regency_name(c, lang) for c in cov.columns]
    cov.index = pd.MultiIndex.from_tuples(
        [(catalog.metric_label(m, lang), y if y != "tanpa tahun" else t("common.undated", lang))
         for m, y in cov.index], names=[t("data.col_metric", lang), t("data.col_year", lang)])
    return cov
