"""Checks on the tidy rows one table gave (tables.read_table): sign, shares over 100, whole
counts, missing years, duplicates, the parts of a dimension against their total, and a
"Jumlah"/"Provinsi Bali" row against the sum of the regencies. Every finding goes to the Report
with its row and column. No Streamlit here."""

from __future__ import annotations

import pandas as pd

from .. import catalog
from .report import INFO, WARNING, Report

COUNT_UNITS = {"units", "persons", "debtors", "accounts", "articles", "commodities"}


def validate_rows(df: pd.DataFrame, report: Report) -> None:
    """Checks on the tidy rows of one file: sign, shares, whole counts, years, duplicates, sums."""
    if df.empty:
        return
    meta = catalog.metrics()
    for r in df.itertuples():
        unit = r.unit
        if r.value < 0:
            report.add("negative", row=r.row, column=r.column, value=r.published, metric=r.metric)
        elif unit == "percent" and r.value > 100:
            report.add("share_over_100", row=r.row, column=r.column, value=r.published)
        elif unit in COUNT_UNITS and not float(r.value).is_integer():
            report.add("not_whole", row=r.row, column=r.column, value=r.published)
    missing_year = df[df["year"].isna()]
    for r in missing_year.head(5).itertuples():
        report.add("missing_year", row=r.row, column=r.column)
    if len(missing_year) > 5:
        report.add("missing_year_more", count=len(missing_year) - 5)
    keys = ["metric", "regency_code", "year", "period", "category"]
    key_frame = df[keys].astype(str)
    dup = key_frame.duplicated(keep=False)
    if dup.any():
        first_rows: dict[tuple, int] = {}
        for key, r in zip(map(tuple, key_frame.to_numpy()), df.itertuples(), strict=True):
            if key in first_rows:
                what = f"{catalog.regency_name(r.regency_code)} {'' if pd.isna(r.year) else r.year} " \
                       f"{r.metric} {r.category}".strip()
                report.add("duplicate", row=r.row, column=r.column, what=what, first=first_rows[key])
            else:
                first_rows[key] = r.row
        return  # sums over duplicated rows would only repeat the same finding
    _check_parts(df, report, meta)
    _check_totals(df, report, meta)
    shares = df[(df["unit"] == "percent") & (df["value"] <= 1) & (df["value"] > 0)]
    if len(shares) and len(shares) == int((df["unit"] == "percent").sum()) and len(shares) >= 3:
        report.add("shares_look_like_fractions", WARNING, column=shares.iloc[0]["column"])


def _cats(category: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in category.split(";")) if category else {}


def _check_parts(df: pd.DataFrame, report: Report, meta: dict) -> None:
    """Within one place/period: the parts of a dimension against the row that is their total
    (additive metrics), or shares of one dimension against 100 (shares_total metrics)."""
    keys = ["metric", "regency_code", "year", "period"]
    key = df["metric"] + "|" + df["regency_code"] + "|" + df["year"].astype(str) + "|" + df["period"].astype(str)
    df = df[key.isin(set(key[df["category"] != ""]))]  # only places/periods that have parts to add up
    for (metric, _code, _year, _period), group in df.groupby(keys, dropna=False):
        spec = meta.get(metric, {})
        if not (spec.get("additive") or spec.get("shares_total")):
            continue
        index_by_cat = {frozenset(_cats(r.category).items()): r.Index for r in group.itertuples()}
        bases = set(index_by_cat)
        if spec.get("shares_total"):
            bases.add(frozenset())
        dims = {k for key in index_by_cat for k, _ in key}
        for base in bases:
            base_d = dict(base)
            for dim in sorted(dims - set(base_d)):
                part_idx = [j for key, j in index_by_cat.items()
                            if dim in dict(key) and {k: v for k, v in key if k != dim} == base_d]
                if not part_idx:
                    continue
                parts = df.loc[part_idx]
                parts_sum = float(parts["value"].sum())
                tol = float(parts["tolerance"].sum())
                if spec.get("additive"):
                    if base not in index_by_cat:
                        continue
                    total = df.loc[index_by_cat[base]]
                    total_value = float(total["value"])
                    tol += float(total["tolerance"])
                    where_row, where_col = int(total["row"]), total["column"]
                elif not base_d:
                    total_value = float(spec["shares_total"])
                    where_row, where_col = int(parts.iloc[0]["row"]), parts.iloc[0]["column"]
                else:
                    continue
                if parts_sum > total_value + tol + 1e-9:
                    report.add("parts_over_total", row=where_row, column=where_col, dim=dim,
                               parts_sum=parts_sum, total=total_value,
                               rows=", ".join(str(int(x)) for x in sorted(parts["row"].unique())[:12]))


def _check_totals(df: pd.DataFrame, report: Report, meta: dict) -> None:
    """A "Jumlah"/"Total"/"Provinsi Bali" row against the sum of the regency rows."""
    prov = df[df["regency_code"] == catalog.PROVINCE]
    regs = df[df["regency_code"].isin(catalog.REGENCY_CODES)]
    for r in prov.itertuples():
        if not meta.get(r.metric, {}).get("additive"):
            continue
        same = regs[(regs["metric"] == r.metric) & (regs["period"] == r.period) & (regs["category"] == r.category)]
        same = same[same["year"].isna()] if pd.isna(r.year) else same[same["year"] == r.year]
        if same.empty:
            continue
        parts_sum = float(same["value"].sum())
        tol = float(r.tolerance) + float(same["tolerance"].sum()) + 1e-9
        complete = set(same["regency_code"]) == set(catalog.REGENCY_CODES)
        if parts_sum > r.value + tol:
            report.add("parts_over_total", row=r.row, column=r.column, dim="kabupaten/kota",
                       parts_sum=parts_sum, total=float(r.value),
                       rows=", ".join(str(int(x)) for x in sorted(same["row"].unique())[:12]))
        elif complete and abs(parts_sum - r.value) > tol:
            report.add("total_mismatch", WARNING, row=r.row, column=r.column, parts_sum=parts_sum,
                       total=float(r.value), difference=float(r.value) - parts_sum)
        elif complete:  # a "Jumlah" row, or a province row ("Bali", "Provinsi Bali")
            report.add("total_checked", INFO, row=r.row, column=r.column, total=float(r.value))
