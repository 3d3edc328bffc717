"""A small synthetic catalogue for rule tests: figures written by hand, in the catalogue's columns."""

import pandas as pd

from bali_umkm import catalog


def fig(id_, metric, value_, *, code="5171", year=2024, period="", category="", dataset="ds_kur",
        unit="IDR", qualifier="=", trust="medium"):
    return {"id": id_, "dataset": dataset, "regency_code": code, "year": year, "period": period,
            "category": category, "metric": metric, "value": float(value_), "unit": unit,
            "qualifier": qualifier, "published": "", "trust": trust, "note": "", "source_kind": "test",
            "tolerance": 0.0}


def frame(*rows):
    df = pd.DataFrame(list(rows), columns=catalog.COLUMNS)
    df["year"] = df["year"].astype("Int64")
    return df


def row(df, id_):
    return df[df["id"] == id_].iloc[0]


