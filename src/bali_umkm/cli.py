"""`python -m bali_umkm <command>`: the command line for scripts and IT staff.

Commands: catalog (list datasets), check (quality checks; exit 1 on a mismatch only with
--strict), build-catalog (rebuild data/public_figures.csv from data/raw/), export (open data for
the Satu Data portals: --format datapackage|ckan|msind-xlsx --out DIR), and the import
store: templates, import (exit 0 accepted, 1 rejected with the report on stderr, or one JSON
object on stdout with --json), versions,
diff, rollback, hash-password. Errors are one line in Indonesian and English on stderr, never
a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

import numpy as np

from . import auth, catalog, catalog_build, quality, store


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
    for status in ("conflict", "same_year_change"):
        for _, row in quality.findings(status).iterrows():
            print(f"{status}\t{row['metric']}\t{row['regency_code']}\t{row['year']}\t"
                  f"{_exact(row['value_a'])} ({row['dataset_a']})\t{_exact(row['value_b'])} ({row['dataset_b']})")
    checks = quality.sum_checks()
    for _, row in checks[checks["status"].isin(quality.SUM_PROBLEMS)].drop_duplicates("finding").iterrows():
        print(f"sum\t{row['status']}\t{row['metric']}\t{row['regency_code']}\t{row['year']}\t"
              f"parts {_exact(row['parts_sum'])} vs total {_exact(row['total'])}")
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


def _exact(value) -> str:
    """A figure as plain digits, every digit kept: 4375262, 3009.38 (never 4.37526e+06)."""
    return np.format_float_positional(float(value), trim="-")


def _year(year) -> str:
    return "" if year is None or year != year else str(int(year))


def cmd_templates(args: argparse.Namespace) -> int:
    from .importer import templates

    for path in templates.write_all(Path(args.out)):
        print(path)
    return 0


def _mapping(entries: list[str] | None) -> dict[str, str]:
    """--map "COLUMN=metric" (repeatable) -> {COLUMN: metric}; "COLUMN=-" leaves a column out."""
    out = {}
    for entry in entries or []:
        column, sep, metric = entry.rpartition("=")
        if not sep or not column.strip():
            raise ValueError(f"--map butuh KOLOM=indikator / --map needs COLUMN=metric: {entry!r}")
        out[column.strip()] = metric.strip()
    return out


def _commit(checked, args: argparse.Namespace) -> store.Version:
    """importer.commit with the command's options. One try: a busy store ends the command, so any
    staged raw records go with it (a page keeps them for another click)."""
    from . import importer

    try:
        return importer.commit(checked, uploader=args.uploader, source=args.source or "",
                               licence=args.licence or "", trust=args.trust, notes=args.notes or "", wait=args.wait)
    except store.StoreError:
        importer.discard_raw(checked)
        raise


def cmd_import(args: argparse.Namespace) -> int:
    import json

    from . import importer

    path = Path(args.file)
    if not path.is_file():
        print(f"galat / error: berkas tidak ada / no such file: {path}", file=sys.stderr)
        return 1
    checked = importer.check(path, args.kind, year=args.year, period=args.period, keep_raw=args.keep_raw,
                             max_bytes=None, mapping=_mapping(args.map))
    if args.json:
        out = importer.as_json(checked)
        if checked.ok and not args.dry_run:
            out["version"] = _commit(checked, args).name
        else:
            importer.discard_raw(checked)
        out["stored"] = bool(out.get("version"))
        print(json.dumps(out, ensure_ascii=False))
        return 0 if checked.ok else 1
    if not checked.ok:
        print(checked.report.text(args.lang), file=sys.stderr)
        return 1
    prev = importer.preview(checked, source=args.source or "")
    if checked.report.issues:
        print(checked.report.text(args.lang), file=sys.stderr)
    c = prev.counts
    print(f"{checked.file_name}\t{checked.kind}\t{len(checked.rows)} rows\tnew {c['new']}\t"
          f"changed {c['changed']}\tunchanged {c['unchanged']}")
    for _, row in prev.sum_checks[prev.sum_checks["status"].isin(["mismatch", "parts_exceed_total"])].iterrows():
        print(f"check\t{row['status']}\t{row['metric']}\t{row['regency_code']}\t{_year(row['year'])}\t"
              f"parts {_exact(row['parts_sum'])} vs total {_exact(row['total'])}")
    for _, row in prev.comparisons[prev.comparisons["status"] == "conflict"].iterrows():
        print(f"conflict\t{row['metric']}\t{row['regency_code']}\t{_year(row['year'])}\t{row['category']}\t"
              f"{_exact(row['value_a'])} ({row['dataset_a']})\t{_exact(row['value_b'])} ({row['dataset_b']})")
    if args.dry_run:
        print("dry run: nothing stored / uji coba: tidak ada yang disimpan")
        importer.discard_raw(checked)
        return 0
    version = _commit(checked, args)
    print(f"stored as {version.name} / disimpan sebagai {version.name}")
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    st = store.Store()
    versions = st.versions()
    active = st.active()
    for v in versions:
        m = v.manifest
        mark = "*" if active and v.name == active.name else " "
        what = f"rollback to {m.get('rolled_back_to')}" if m.get("action") == "rollback" else m.get("file_name", "")
        print(f"{mark}{v.name}\t{m.get('created', '')}\t{m.get('uploader', '')}\t{m.get('kind', '')}\t"
              f"{m.get('rows', 0)}\t{m.get('total_rows', 0)}\t{m.get('sha256', '')[:12]}\t{what}")
    print(f"# {len(versions)} versions in {st.where}" + (f"; active {active.name}" if active else ""), file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    d = store.Store().diff(args.a, args.b)
    d = d if args.all else d[d["status"] != "unchanged"]
    for _, r in d.iterrows():
        print(f"{r['status']}\t{r['metric']}\t{r['regency_code']}\t{r['year']}\t{r['period']}\t{r['category']}\t"
              f"{r['value_old']}\t{r['value_new']}")
    counts = d["status"].value_counts().to_dict()
    print("# " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    version = store.Store().rollback(args.version, uploader=args.uploader, wait=args.wait)
    print(f"{version.name}: rollback to {version.manifest['rolled_back_to']} / dikembalikan ke "
          f"{version.manifest['rolled_back_to']}")
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    from .i18n import t
    from .views import briefing

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("pptx", "pdf"):
        words = [t("briefing.err_format", lang, value=out.name) for lang in ("id", "en")]
        raise briefing.BriefingError(" / ".join(words))
    opts = briefing.options(lang=args.lang, metric=args.metric, derived=args.derived, period=args.period,
                            regency=args.regency, actor=args.actor, barrier=args.barrier)
    deck = briefing.build(opts)
    if fmt == "pptx":
        from .export.briefing_pptx import to_pptx as write
    else:
        from .export.briefing_pdf import to_pdf as write
    data = write(deck)
    out.write_bytes(data)
    print(f"{len(deck.page_titles)} slides, {len(data):,} bytes -> {out}")
    for i, title in enumerate(deck.page_titles, start=1):
        print(f"{i}\t{title}")
    return 0


def cmd_hash_password(args: argparse.Namespace) -> int:
    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Kata sandi / password: ")
        if password != getpass.getpass("Ulangi / again: "):
            print("galat / error: kata sandi tidak sama / passwords differ", file=sys.stderr)
            return 1
    if len(password) < 12:
        print("galat / error: minimal 12 karakter / at least 12 characters", file=sys.stderr)
        return 1
    print("# .streamlit/secrets.toml")
    print("[import]")
    print(f'password_hash = "{auth.hash_password(password)}"')
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


    from .importer.vocab import KINDS

    c = sub.add_parser("templates", help="write one template per kind / tulis templat per jenis")
    c.add_argument("--out", required=True, help="folder")
    c.set_defaults(func=cmd_templates)
    c = sub.add_parser("import", help="check and store a table or registry / periksa dan simpan tabel")
    c.add_argument("file")
    c.add_argument("--kind", default="auto", choices=KINDS,
                   help="auto (default): a Satu Data or BPS table, a tidy table or a registry, found from the file")
    c.add_argument("--map", action="append", metavar="COLUMN=METRIC",
                   help="read a column (its letter or header) as a metric, or leave it out with COLUMN=- "
                        "(repeatable) / baca kolom sebagai indikator")
    c.add_argument("--json", action="store_true",
                   help="print one JSON object on stdout: accepted, kind, rows, messages / laporan JSON")
    c.add_argument("--dry-run", action="store_true", help="check and preview only / hanya periksa")
    c.add_argument("--uploader", default=os.environ.get("USER", "") or "cli")
    c.add_argument("--source", default="", help="producer / source as you name it / sumber data")
    c.add_argument("--licence", default="", help="licence as stated / lisensi")
    c.add_argument("--trust", choices=catalog.TRUST_LEVELS, default="medium")
    c.add_argument("--notes", default="")
    c.add_argument("--year", type=int, help="year when the file has none / tahun bila tidak ada di berkas")
    c.add_argument("--period", help="period text, e.g. 'Jan-Des 2024'")
    c.add_argument("--keep-raw", action="store_true",
                   help="registry: keep the per-business records (personal data) / simpan data mentah")
    c.add_argument("--wait", type=float, default=30.0, help="seconds to wait for another import")
    c.add_argument("--lang", choices=["id", "en"], default="id")
    c.set_defaults(func=cmd_import)
    c = sub.add_parser("versions", help="list store versions / daftar versi")
    c.set_defaults(func=cmd_versions)
    c = sub.add_parser("diff", help="compare two versions / bandingkan dua versi")
    c.add_argument("a")
    c.add_argument("b")
    c.add_argument("--all", action="store_true", help="also unchanged rows")
    c.set_defaults(func=cmd_diff)
    c = sub.add_parser("rollback", help="make an older version active again (as a new version)")
    c.add_argument("version")
    c.add_argument("--uploader", default=os.environ.get("USER", "") or "cli")
    c.add_argument("--wait", type=float, default=30.0)
    c.set_defaults(func=cmd_rollback)
    c = sub.add_parser("briefing", help="a PPTX or PDF briefing deck / deck briefing PPTX atau PDF")
    c.add_argument("--out", required=True, help="deck.pptx or deck.pdf (the suffix picks the format)")
    c.add_argument("--lang", default="id", help="id (default) or en")
    c.add_argument("--metric", default=None, help="the map's indicator (default umkm_total)")
    c.add_argument("--derived", default=None, help="per_1000, per_capita, per_km2, share_of_province")
    c.add_argument("--period", default=None, help="the map's period key (default: the indicator's default)")
    c.add_argument("--regency", default=None, help="BPS code (5101..5108, 5171): adds the regency's profile")
    c.add_argument("--actor", default=None, help="recommendations by actor, comma separated (default pemerintah)")
    c.add_argument("--barrier", default=None, help="recommendations by barrier, comma separated")
    c.set_defaults(func=cmd_briefing)
    c = sub.add_parser("hash-password", help="make the import page's password hash / buat hash kata sandi")
    c.add_argument("--stdin", action="store_true", help="read the password from standard input")
    c.set_defaults(func=cmd_hash_password)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except store.StoreError as exc:
        print(f"galat / error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as exc:
        print(f"galat / error: {exc}", file=sys.stderr)
        return 1 if args.command == "import" else 2
    except Exception as exc:  # the import command promises no traceback, whatever the file holds
        if args.command != "import":
            raise
        print(f"galat tak terduga / unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
