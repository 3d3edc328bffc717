"""`python -m bali_umkm <command>`: the command line for scripts and IT staff.

Commands: catalog (list datasets), check (quality checks; exit 1 on a mismatch only with
--strict), build-catalog (rebuild data/public_figures.csv from data/raw/), export (open data for
the Satu Data portals: --format datapackage|ckan|msind-xlsx --out DIR). Errors are one line in
Indonesian and English on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import catalog, catalog_build, quality


def cmd_catalog(args: argparse.Namespace) -> int:
    figs = catalog.figures()
    counts = figs.groupby("dataset").size()
    for ds in catalog.datasets():
        print(f"{ds.id}\t{ds.kind}\t{ds.trust}\t{int(counts.get(ds.id, 0))}\t{ds.title_in(args.lang)}")
    print(f"# {len(catalog.datasets())} datasets, {len(figs)} figures", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    summary = quality.summary()
    for key, value in summary.items():
        print(f"{key}\t{value}")
    for _, row in quality.conflicts().iterrows():
        print(f"conflict\t{row['metric']}\t{row['regency_code']}\t{row['year']}\t"
              f"{row['value_a']:g} ({row['dataset_a']})\t{row['value_b']:g} ({row['dataset_b']})")
    checks = quality.sum_checks()
    for _, row in checks[checks["status"].isin(["mismatch", "parts_exceed_total"])].iterrows():
        print(f"sum\t{row['status']}\t{row['metric']}\t{row['regency_code']}\t{row['year']}\t"
              f"parts {row['parts_sum']:g} vs total {row['total']:g}")
    bad = summary["sum_mismatches"] + summary["conflicts"]
    return 1 if args.strict and bad else 0


def cmd_build_catalog(args: argparse.Namespace) -> int:
    n = catalog_build.write()
    print(f"{n} rows -> data/public_figures.csv")
    return 0


EXPORT_FORMATS = ("datapackage", "ckan", "msind-xlsx")


def cmd_export(args: argparse.Namespace) -> int:
    from .export import opendata

    if args.format == "datapackage":
        files = opendata.datapackage_files()
    elif args.format == "ckan":
        files = opendata.ckan_files(base_url=args.base_url, owner_org=args.owner_org)
    else:
        files = {"ms_ind.xlsx": opendata.msind_xlsx()}
    written = opendata.write_files(files, args.out)
    print(f"{len(written)} files -> {args.out}")
    if args.format == "datapackage":
        print(f"datapackage: {Path(args.out) / 'datapackage.json'}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bali_umkm", description="Dasbor UMKM Bali")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("catalog", help="list datasets / daftar dataset")
    c.add_argument("--lang", choices=["id", "en"], default="id")
    c.set_defaults(func=cmd_catalog)
    c = sub.add_parser("check", help="run the quality checks / jalankan pemeriksaan kualitas")
    c.add_argument("--strict", action="store_true", help="exit 1 when a check fails")
    c.set_defaults(func=cmd_check)
    c = sub.add_parser("build-catalog", help="rebuild data/public_figures.csv from data/raw/")
    c.set_defaults(func=cmd_build_catalog)
    c = sub.add_parser("export", help="open data for Satu Data portals / data terbuka untuk portal Satu Data")
    c.add_argument("--format", choices=EXPORT_FORMATS, required=True,
                   help="datapackage: Frictionless data package; ckan: package_create JSON per dataset; "
                        "msind-xlsx: the MS-Ind table")
    c.add_argument("--out", required=True, help="folder to write into (created if needed)")
    c.add_argument("--base-url", default=None,
                   help="ckan: where the exported files will be hosted (resource URLs become BASE_URL/path)")
    c.add_argument("--owner-org", default=None, help="ckan: the organisation id on the target portal")
    c.set_defaults(func=cmd_export)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError, KeyError) as exc:
        print(f"galat / error: {exc}", file=sys.stderr)
        return 2
