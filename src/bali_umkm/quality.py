"""Consistency checks computed from the catalogue (never typed in): sums against stated totals,
the same figure from sources that disagree, and what the catalogue covers.

No Streamlit import here. Every function takes the figures frame (default: the shipped
catalogue) so the import preview can re-run the checks with new data.
"""

from __future__ import annotations

import itertools

import pandas as pd

from . import catalog
from .cache import cached

# Category values that together make the whole (so their sum can be compared with a total).
COMPLETE_PARTS = {
    "scale": {"mikro", "kecil", "menengah"},
    "sex": {"laki_laki", "perempuan"},
    "legal": {"formal", "informal"},
    "size": {"umk", "umb"},
    "sector": {"perdagangan", "industri_pertanian", "industri_non_pertanian", "aneka_jasa"},
    "status": {"ecommerce", "bukan_ecommerce"},
    "start": {"sebelum_2020", "2020_2021", "2022"},
    "complaint": {"permintaan_agunan", "ketidakpastian_tindak_lanjut", "kesulitan_pengajuan"},
}
SUM_COLUMNS = ["check", "metric", "regency_code", "year", "period", "dimension", "parts", "n_parts",
               "complete", "parts_sum", "total", "difference", "tolerance", "status",
               "parts_datasets", "total_dataset", "unit", "finding"]
CONFLICT_COLUMNS = ["metric", "regency_code", "year", "category", "unit", "status",
                    "value_a", "dataset_a", "period_a", "qualifier_a",
                    "value_b", "dataset_b", "period_b", "qualifier_b", "difference", "finding"]
# How two sources' figures for the same metric, place, year and category relate (comparisons):
#   conflict          different values for the same reference period, or where a source states none
#   same_year_change  a count at a date (metrics.yaml `stock`) given for two dates of the same year
#                     with different values: a change within months, or a disagreement; shown
#   different_period  different spans of the same year (January-September against up to April):
#                     not comparable, not a conflict
#   undated           no reference year on either side, and different values: nothing says they
#                     describe the same time (GNFI's and a Kompasiana blog's Tabanan, both
#                     published in 2025 without a reference year), so they cannot be compared
#   agree             the same value within the precision each was written to
COMPARISON_STATUSES = ("conflict", "same_year_change", "different_period", "undated", "agree")
SUM_PROBLEMS = ("mismatch", "parts_exceed_total")


def _exact(df: pd.DataFrame) -> pd.DataFrame:
    """Bounds ("lebih dari", "< 6%") cannot be summed or compared as equal values."""
    return df[~df["qualifier"].isin([">", "<"])]


def _status(parts_sum: float, total: float, tol: float, complete: bool) -> str:
    # binary floating point: 841.8 + ... + 127.78 is 5780.059999999999, not 5780.06; a sum is
    # never called a mismatch for that (imported figures in particular, whose tolerance may be 0)
    tol = tol + 1e-9 * max(1.0, abs(total), abs(parts_sum))
    if complete:
        return "ok" if abs(parts_sum - total) <= tol else "mismatch"
    return "partial" if parts_sum <= total + tol else "parts_exceed_total"


def _year_key(year) -> object:
    return None if pd.isna(year) else int(year)


def category_sums(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Parts of one dimension (scale, sex, sector...) against the total of the same place/period."""
    df = _exact(catalog.figures() if df is None else df)
    meta = catalog.metrics()
    rows = []
    single = df[(df["category"] != "") & ~df["category"].str.contains(";")]
    totals = df[df["category"] == ""]
    for key, parts in single.groupby(["metric", "regency_code", "year", "period", "unit"], dropna=False):
        metric, code, year, period, unit = key
        spec = meta.get(metric, {})
        for dim, dim_parts in parts.groupby(parts["category"].str.split("=").str[0]):
            if dim_parts["category"].duplicated().any():
                continue  # two sources for one part: that is a conflict, reported there
            values = set(dim_parts["category"].str.split("=").str[1])
            complete = values == COMPLETE_PARTS.get(dim, set())
            if spec.get("additive"):
                same = totals[(totals["metric"] == metric) & (totals["regency_code"] == code)
                              & (totals["period"] == period) & (totals["unit"] == unit)]
                same = same[same["year"].isna()] if pd.isna(year) else same[same["year"] == year]
                own = same[same["dataset"].isin(set(dim_parts["dataset"]))]
                same = own if not own.empty else same  # a source's parts against its own total
                candidates = [(float(t["value"]), float(t["tolerance"]), t["dataset"])
                              for _, t in same.iterrows()]
            elif spec.get("shares_total"):
                candidates = [(float(spec["shares_total"]), 0.0, "")]
            else:
                continue
            parts_sum = float(dim_parts["value"].sum())
            for total, total_tol, total_ds in candidates:
                tol = total_tol + float(dim_parts["tolerance"].sum())
                rows.append({
                    "check": "parts_vs_total", "metric": metric, "regency_code": code,
                    "year": _year_key(year), "period": period, "dimension": dim,
                    "parts": ", ".join(sorted(values)), "n_parts": len(values), "complete": complete,
                    "parts_sum": parts_sum, "total": total, "difference": parts_sum - total,
                    "tolerance": tol, "status": _status(parts_sum, total, tol, complete),
                    "parts_datasets": ", ".join(sorted(set(dim_parts["dataset"]))),
                    "total_dataset": total_ds, "unit": unit})
    return pd.DataFrame(rows, columns=SUM_COLUMNS)


def regency_sums(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The regencies of one source against a province total of the same metric and period."""
    df = _exact(catalog.figures() if df is None else df)
    meta = catalog.metrics()
    additive = {m for m, spec in meta.items() if spec.get("additive")}
    df = df[df["metric"].isin(additive)]
    reg = df[df["regency_code"].isin(catalog.REGENCY_CODES)]
    prov = df[df["regency_code"] == catalog.PROVINCE]
    rows = []
    for key, parts in reg.groupby(["metric", "year", "period", "category", "unit", "dataset"], dropna=False):
        metric, year, period, category, unit, ds = key
        same = prov[(prov["metric"] == metric) & (prov["period"] == period)
                    & (prov["category"] == category) & (prov["unit"] == unit)]
        same = same[same["year"].isna()] if pd.isna(year) else same[same["year"] == year]
        complete = set(parts["regency_code"]) == set(catalog.REGENCY_CODES)
        parts_sum = float(parts["value"].sum())
        for _, total in same.iterrows():
            tol = float(total["tolerance"]) + float(parts["tolerance"].sum())
            status = _status(parts_sum, float(total["value"]), tol, complete)
            if status == "partial" and len(parts) < 2:
                continue  # one regency below the province total says nothing
            rows.append({
                "check": "regencies_vs_province", "metric": metric, "regency_code": catalog.PROVINCE,
                "year": _year_key(year), "period": period, "dimension": category or "regency",
                "parts": ", ".join(sorted(parts["regency_code"])), "n_parts": len(parts),
                "complete": complete, "parts_sum": parts_sum, "total": float(total["value"]),
                "difference": parts_sum - float(total["value"]), "tolerance": tol,
                "status": status,
                "parts_datasets": ds, "total_dataset": total["dataset"], "unit": unit})
    return pd.DataFrame(rows, columns=SUM_COLUMNS)


def sum_checks(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """All sum checks; status is ok, mismatch, partial (not all parts known) or parts_exceed_total.

    finding: checks that say the same thing share it, so each is counted once (Badung's two 2019
    figures, 19.243 and 19.423, each exceed the DPR's 2019 province total 13.042: one finding,
    the implausible total)."""
    if df is None:
        return _active("sum_checks").copy()
    out = pd.concat([category_sums(df), regency_sums(df)], ignore_index=True)
    out["finding"] = ["|".join(map(str, key)) for key in zip(
        out["check"], out["metric"], out["regency_code"], out["year"], out["period"], out["dimension"],
        out["parts"], out["total"], out["total_dataset"], out["unit"], out["status"], strict=True)]
    return out.sort_values(["status", "metric", "year"], key=lambda s: s.astype(str)).reset_index(drop=True)


def _pair_status(a: pd.Series, b: pd.Series, undated: bool, stock: bool) -> str:
    same_value = abs(float(b["value"]) - float(a["value"])) <= float(a["tolerance"]) + float(b["tolerance"])
    if undated and (a["period"] != b["period"] or not same_value):
        return "undated"
    if a["period"] and b["period"] and a["period"] != b["period"]:
        return "same_year_change" if stock and not same_value else "different_period"
    return "agree" if same_value else "conflict"


def comparisons(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every pair of sources giving the same metric for the same place, year and category, with
    its status (COMPARISON_STATUSES: conflict, same_year_change, different_period, undated, agree).

    finding: pairs that are the same disagreement share it, so each is counted once: sources that
    agree with each other count as one side (the paper's 439.382 and Diskop's own 439.382 against
    the DPR's 442.848 are one conflict, not two).
    """
    if df is None:
        return _active("comparisons").copy()
    df = _exact(df)
    stocks = {m for m, spec in catalog.metrics().items() if spec.get("stock")}
    rows = []
    keys = ["metric", "regency_code", "year", "category", "unit"]
    for key, group in df.groupby(keys, dropna=False):
        if group["dataset"].nunique() < 2:
            continue
        pairs = []
        for (_, a), (_, b) in itertools.combinations(group.iterrows(), 2):
            if a["dataset"] == b["dataset"]:
                continue
            pairs.append((a, b, _pair_status(a, b, pd.isna(key[2]), key[0] in stocks)))
        side = _agreeing_sides(pairs)
        for a, b, status in pairs:
            ends = sorted([side[a["dataset"], a["period"]], side[b["dataset"], b["period"]]])
            rows.append({
                "metric": key[0], "regency_code": key[1], "year": _year_key(key[2]),
                "category": key[3], "unit": key[4], "status": status,
                "value_a": float(a["value"]), "dataset_a": a["dataset"], "period_a": a["period"],
                "qualifier_a": a["qualifier"],
                "value_b": float(b["value"]), "dataset_b": b["dataset"], "period_b": b["period"],
                "qualifier_b": b["qualifier"], "difference": float(b["value"]) - float(a["value"]),
                "finding": "|".join(map(str, [*key, status, *ends]))})
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


def _agreeing_sides(pairs: list[tuple[pd.Series, pd.Series, str]]) -> dict[tuple[str, str], str]:
    """(dataset, period) -> one label shared by every source it agrees with (directly or through
    another), so a disagreement with several agreeing sources is one finding."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b, status in pairs:
        ra, rb = root((a["dataset"], a["period"])), root((b["dataset"], b["period"]))
        if status == "agree" and ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[tuple[str, str], list[str]] = {}
    for node in list(parent):
        members.setdefault(root(node), []).append(node[0])
    return {node: "+".join(sorted(members[root(node)])) for node in parent}


@cached(copy=pd.DataFrame.copy)
def findings(status: str | None = None, df: pd.DataFrame | None = None) -> pd.DataFrame:
    """comparisons() with one row per finding: the sources on each side joined with ", " in
    dataset_a / dataset_b (the first pair's values and periods stand for the side)."""
    comp = comparisons(df)
    if status is not None:
        comp = comp[comp["status"] == status]
    if comp.empty:
        return comp.reset_index(drop=True)
    rows = []
    for finding, group in comp.groupby("finding", sort=False):
        row = group.iloc[0].copy()
        first_side = next(set(m.split("+")) for m in finding.split("|")[-2:] if row["dataset_a"] in m.split("+"))
        sides: dict[str, list[str]] = {"a": [], "b": []}
        for _, pair in group.iterrows():
            a, b = (pair["dataset_a"], pair["dataset_b"]) if pair["dataset_a"] in first_side \
                else (pair["dataset_b"], pair["dataset_a"])
            sides["a"].append(a)
            sides["b"].append(b)
        for side, names in sides.items():
            row[f"dataset_{side}"] = ", ".join(dict.fromkeys(names))
        rows.append(row)
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS).reset_index(drop=True)


@cached(maxsize=4)
def _active(which: str) -> pd.DataFrame:
    """The checks on the catalogue (shipped plus the import store's active version), computed
    once per data version."""
    figs = catalog.figures()
    return sum_checks(figs) if which == "sum_checks" else comparisons(figs)


def conflicts(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The conflicts, one row per finding."""
    return findings("conflict", df)


def coverage(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Regency x metric x year: how many sources give a total for each cell.

    Rows: (metric, year) with "tanpa tahun" for undated figures; columns: the 9 regencies then
    the province. A regency without a figure has 0.
    """
    df = catalog.figures() if df is None else df
    codes = [*catalog.REGENCY_CODES, catalog.PROVINCE]
    sub = df[df["regency_code"].isin(codes) & (df["category"] == "")]
    sub = sub[sub["metric"].isin(set(sub[sub["regency_code"].isin(catalog.REGENCY_CODES)]["metric"]))]
    sub = sub.assign(year=sub["year"].astype("string").fillna("tanpa tahun"))
    matrix = sub.pivot_table(index=["metric", "year"], columns="regency_code", values="dataset",
                             aggfunc="nunique", fill_value=0)
    return matrix.reindex(columns=codes, fill_value=0).astype(int)


@cached(copy=dict)  # the data page, the overview and the deck ask every run
def summary(df: pd.DataFrame | None = None) -> dict[str, int]:
    """How many checks, and how many findings of each kind: each counted once (`finding`)."""
    checks = sum_checks(df)
    comp = comparisons(df)

    def n(status: str) -> int:
        return int(comp.loc[comp["status"] == status, "finding"].nunique())

    return {
        "sum_checks": len(checks),
        "sum_mismatches": int(checks.loc[checks["status"].isin(SUM_PROBLEMS), "finding"].nunique()),
        "conflicts": n("conflict"),
        "same_year_changes": n("same_year_change"),
        "different_periods": n("different_period"),
        "undated_pairs": n("undated"),
        "agreements": n("agree"),
    }
