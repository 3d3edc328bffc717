"""CSV exports that open cleanly in Excel and cannot run formulas."""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(df: pd.DataFrame, source_line: str | None = None) -> bytes:
    """UTF-8 with BOM (Excel reads the accents right); text cells neutralised; optional `source`
    column so the provenance travels with every row."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    if source_line is not None:
        out["source"] = neutralise(source_line)
    return out.to_csv(index=False).encode("utf-8-sig")
