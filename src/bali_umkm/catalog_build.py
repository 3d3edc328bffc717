"""Turn the public data in data/raw/ (as collected, with its provenance) into tidy catalogue rows.

`python -m bali_umkm build-catalog` writes data/public_figures.csv; a test checks that the
committed file is what this module produces, so the two can never drift apart.

Conversions: metric names become the catalogue's (a sector or a sex becomes a `category`), values
go to base units (IDR, units, persons, accounts), and "(approx.)" units become qualifier "~".
The value and unit as published are kept beside them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .paths import DATA_DIR, RAW_DIR

RAW_FILES = ["population.csv", "area.csv", "umkm_counts.csv", "bps_se2016_businesses.csv", "kur.csv",
             "ecommerce.csv"]

# source text prefix (as in the raw `source` column) -> dataset id in data/datasets.yaml
SOURCE_TO_DATASET = [
    ("github.com/cahyadsn/wilayah db/wilayah_penduduk.sql", "pop_dukcapil_2024"),
    ("https://databoks.katadata.co.id/datapublish/2022/11/16/", "pop_dukcapil_2022"),
    ("https://sonora.id/", "pop_sp2020"),
    ("github.com/cahyadsn/wilayah db/wilayah_luas.sql", "area_big_2024"),
    ("https://www.balipost.com/?p=491439", "umkm_diskop_prov"),
    ("https://dpr.go.id/berita/detail/id/47971", "umkm_dpr_2023"),
    ("http://bali.tribunnews.com/2018/10/12/", "umkm_tribun_2018"),
    ("https://beritabali.com/", "umkm_beritabali_undated"),
    ("https://www.balipost.com/news/2021/11/13/", "umkm_karangasem_2021"),
    ("https://bali.tribunnews.com/2022/03/22/", "umkm_badung_tribun_2022"),
    ("https://nusabali.com/", "umkm_badung_nusabali_2021"),
    ("https://wacanabali.com/", "umkm_denpasar_wacana_2023"),
    ("https://bali.antaranews.com/berita/128911/", "umkm_denpasar_antara_2018"),
    ("https://kabarbalihits.com/", "umkm_buleleng_kabarbalihits_2023"),
    ("https://bulelengkab.go.id/", "umkm_buleleng_pemkab_2023"),
    ("https://goodnewsfromindonesia.pages.dev/", "umkm_gnfi_2025"),
    ("https://www.kompasiana.com/", "umkm_kompasiana_2025"),
    ("https://bali.bisnis.com/read/20200429/", "umkm_covid_2020"),
    ("https://adoc.pub/", "se2016_bps_brs"),
    ("https://bali.antaranews.com/amp/berita/109238/", "se2016_antara_badung"),
    ("https://balitribune.co.id/", "se2016_balitribune"),
    ("https://kabar24.bisnis-cdn.com/", "kur_kabar24_2016"),
    ("https://bali.antaranews.com/amp/berita/102811/", "kur_antara_2016"),
    ("https://bali.bisnis.com/read/20171024/", "kur_bisnis_2017"),
    ("https://bali.antaranews.com/berita/106955/", "kur_antara_2017"),
    ("https://balipost.com/news/2020/08/22/", "kur_balipost_2020"),
    ("https://infodewata.com/", "kur_infodewata_2025"),
    ("https://databoks.katadata.co.id/teknologi-telekomunikasi/statistik/343da498", "ecom_databoks_2022"),
]

# raw metric -> (catalogue metric, category)
METRICS = {
    "population_total": ("population_total", ""),
    "population_male": ("population_total", "sex=laki_laki"),
    "population_female": ("population_total", "sex=perempuan"),
    "land_area": ("land_area", ""),
    "umkm_total": ("umkm_total", ""),
    "umkm_formal": ("umkm_total", "legal=formal"),
    "umkm_informal": ("umkm_total", "legal=informal"),
    "umkm_per_population": ("umkm_per_population", ""),
    "umkm_sector_perdagangan": ("umkm_total", "sector=perdagangan"),
    "umkm_sector_aneka_jasa": ("umkm_total", "sector=aneka_jasa"),
    "umkm_sector_industri_non_pertanian": ("umkm_total", "sector=industri_non_pertanian"),
    "umkm_sector_industri_pertanian": ("umkm_total", "sector=industri_pertanian"),
    "umkm_affected_covid19": ("umkm_affected_covid19", ""),
    "businesses_non_agri_total": ("businesses_non_agri", ""),
    "businesses_umk": ("businesses_non_agri", "size=umk"),
    "businesses_umb": ("businesses_non_agri", "size=umb"),
    "kur_disbursed_value": ("kur_disbursed_value", ""),
    "kur_active_accounts": ("kur_active_accounts", ""),
    "kur_debtors": ("kur_debtors", ""),
    "ecommerce_businesses": ("ecommerce_businesses", ""),
}

# raw unit -> (base unit, factor, qualifier)
UNITS = {
    "persons": ("persons", 1, "="),
    "thousand persons": ("persons", 1_000, "~"),
    "million persons": ("persons", 1_000_000, "~"),
    "km2": ("km2", 1, "="),
    "units": ("units", 1, "="),
    "units (approx.)": ("units", 1, "~"),
    "thousand units": ("units", 1_000, "~"),
    "percent": ("percent", 1, "="),
    "IDR billion": ("IDR", 1_000_000_000, "="),
    "IDR trillion": ("IDR", 1_000_000_000_000, "="),
    "thousand accounts": ("accounts", 1_000, "~"),
    "debtors": ("debtors", 1, "="),
}

# Row-level trust below the dataset's, with the reason (shown with the figure).
ROW_TRUST = {("umkm_dpr_2023", "51", "2019", "umkm_total"): "low"}

COLUMNS = ["id", "dataset", "regency_code", "year", "period", "category", "metric", "value", "unit",
           "qualifier", "value_published", "unit_published", "trust", "source_file", "note"]


def dataset_for(source: str) -> str:
    for prefix, dataset in SOURCE_TO_DATASET:
        if source.startswith(prefix):
            return dataset
    raise ValueError(f"no dataset for source {source!r}")


def _base_value(published: str, factor: int) -> str:
    """Scale a published decimal string exactly (no float rounding noise): '2.9' * 1e12."""
    from decimal import Decimal

    v = Decimal(published) * factor
    return format(v.normalize(), "f") if v != v.to_integral() else str(int(v))


def build_rows(raw_dir: Path = RAW_DIR) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for name in RAW_FILES:
        with (raw_dir / name).open(encoding="utf-8", newline="") as fh:
            for n, raw in enumerate(csv.DictReader(fh), start=2):
                dataset = dataset_for(raw["source"])
                metric, category = METRICS[raw["metric"]]
                unit, factor, qualifier = UNITS[raw["unit"]]
                if "rounded" in raw["note"]:
                    qualifier = "~"
                key = f"{dataset}.{raw['regency_code']}.{raw['year'] or 'undated'}.{metric}"
                key += f".{category.split('=')[1]}" if category else ""
                seen[key] = seen.get(key, 0) + 1
                if seen[key] > 1:
                    key += f".{seen[key]}"
                rows.append({
                    "id": key, "dataset": dataset, "regency_code": raw["regency_code"],
                    "year": raw["year"], "period": raw["period"], "category": category,
                    "metric": metric, "value": _base_value(raw["value"], factor), "unit": unit,
                    "qualifier": qualifier, "value_published": raw["value"],
                    "unit_published": raw["unit"],
                    "trust": ROW_TRUST.get((dataset, raw["regency_code"], raw["year"], raw["metric"]), ""),
                    "source_file": f"raw/{name}:{n}", "note": raw["note"],
                })
    return rows


def render_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def write(path: Path = DATA_DIR / "public_figures.csv") -> int:
    rows = build_rows()
    path.write_text(render_csv(rows), encoding="utf-8")
    return len(rows)
