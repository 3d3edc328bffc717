"""Open-data exports for the Satu Data portals: a Frictionless data package, CKAN JSON, MS-Ind XLSX.

- `datapackage_files()`: `datapackage.json` (sources, licences and a table schema per resource)
  with one tidy CSV per dataset of the catalogue (`data/<dataset>.csv`), the reference codes table
  and the boundaries as they ship, and the MS-Ind table (`metadata/ms_ind.csv`).
- `ckan_files()`: one `ckan/<name>.json` per dataset (a `package_create` payload, see
  `satudata.ckan_package`) with the files its resources point to.
- `msind_xlsx()`: the MS-Ind table as XLSX (sheets in Indonesian and English).

Each builder returns {relative path: bytes}; `write_files` puts them in a folder, `zip_bytes` in a
ZIP. Everything is built from `catalog.datasets()` and a figures frame (default
`catalog.figures()`), so an imported version that appears there is exported too. Text cells that a
spreadsheet would run as a formula are neutralised (export.tables.neutralise); the qualifier column
is not (its values =, >, <, ~ are fixed by the table schema). No Streamlit import here.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from .. import catalog, satudata
from ..paths import ROOT
from .tables import neutralise

FIGURE_FIELDS: list[dict] = [
    {"name": "id", "type": "string", "title": "ID angka",
     "description": "Unique id of the figure in the Dasbor UMKM Bali catalogue.",
     "constraints": {"required": True, "unique": True}},
    {"name": "dataset", "type": "string", "title": "Dataset",
     "description": "Id of the dataset (resource) the figure belongs to.", "constraints": {"required": True}},
    {"name": "regency_code", "type": "string", "title": "Kode wilayah BPS",
     "description": "BPS area code: 5101..5108, 5171 (regencies), 51 (Bali province), 52 (NTB), ID (Indonesia); "
                    "empty when the figure is not about an area."},
    {"name": "kemendagri_code", "type": "string", "title": "Kode wilayah Kemendagri",
     "description": "Kemendagri area code (51.01 ... 51.71; 51 for the province); empty for Indonesia."},
    {"name": "area", "type": "string", "title": "Wilayah", "description": "Official name of the area."},
    {"name": "year", "type": "integer", "title": "Tahun",
     "description": "Reference year; empty when the source states none."},
    {"name": "period", "type": "string", "title": "Periode", "description": "Reference period as the source gives it."},
    {"name": "category", "type": "string", "title": "Kategori",
     "description": "Breakdown as dimension=value pairs joined with ';' (scale=mikro;sector=perdagangan); "
                    "empty = the total."},
    {"name": "metric", "type": "string", "title": "Metrik",
     "description": "Metric id (data/metrics.yaml; MS-Ind in metadata/ms_ind.csv).", "constraints": {"required": True}},
    {"name": "indicator", "type": "string", "title": "Nama indikator", "description": "Metric label in Indonesian."},
    {"name": "value", "type": "number", "title": "Nilai",
     "description": "Value in base units (rupiah, units, persons, percent, km2, ...).",
     "constraints": {"required": True}},
    {"name": "unit", "type": "string", "title": "Satuan", "description": "Base unit of the value.",
     "constraints": {"required": True}},
    {"name": "qualifier", "type": "string", "title": "Kualifikasi",
     "description": "= exact, > more than (lebih dari), < less than (kurang dari), ~ about (sekitar).",
     "constraints": {"required": True, "enum": ["=", ">", "<", "~"]}},
    {"name": "published", "type": "string", "title": "Seperti tertulis",
     "description": "The figure in the source's own words."},
    {"name": "trust", "type": "string", "title": "Tingkat kepercayaan",
     "description": "high / medium / low (see the dashboard's docs/data.md, 'Trust levels').",
     "constraints": {"enum": list(catalog.TRUST_LEVELS)}},
    {"name": "note", "type": "string", "title": "Catatan", "description": "Note on the figure, in Indonesian."},
    {"name": "source", "type": "string", "title": "Sumber",
     "description": "The source line: producer, title, period, licence and trust."},
]
FIGURE_COLUMNS = [f["name"] for f in FIGURE_FIELDS]
TEXT_COLUMNS = [c for c in FIGURE_COLUMNS if c not in ("value", "year", "qualifier")]
PAPER_DOI = "https://doi.org/10.53088/jmdb.v4i3.1213"


def _number(value: float) -> str:
    """Shortest exact text for a float: 439382, 62.28, 1762000000000000."""
    if float(value).is_integer() and abs(value) < 1e17:
        return str(int(value))
    return repr(float(value))


def _csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def figure_rows(dataset_id: str, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """A dataset's figures as the exported table (FIGURE_COLUMNS, all text, numbers written exactly)."""
    figs = catalog.figures() if figures is None else figures
    own = figs[figs["dataset"] == dataset_id]
    source = catalog.source_line(dataset_id, "id")
    out = pd.DataFrame({
        "id": own["id"], "dataset": own["dataset"], "regency_code": own["regency_code"],
        "kemendagri_code": [satudata.kemendagri_code(c) for c in own["regency_code"]],
        "area": [satudata.area_name(c) if c else "" for c in own["regency_code"]],
        "year": ["" if pd.isna(y) else str(int(y)) for y in own["year"]],
        "period": own["period"], "category": own["category"], "metric": own["metric"],
        "indicator": [catalog.metric_label(m, "id") for m in own["metric"]],
        "value": [_number(v) for v in own["value"]], "unit": own["unit"], "qualifier": own["qualifier"],
        "published": own["published"], "trust": own["trust"],
        "note": [catalog.note_label(n, "id") for n in own["note"]],
        "source": source,
    }, columns=FIGURE_COLUMNS).fillna("")
    for col in TEXT_COLUMNS:
        out[col] = out[col].map(neutralise)
    return out.reset_index(drop=True)


def _sources(ds: catalog.Dataset) -> list[dict]:
    sources = [{"title": ds.citation, "path": ds.url} if ds.url else {"title": ds.citation}]
    if ds.paper_citation:
        sources.append({"title": f"{catalog.PAPER_CITATION} ({ds.paper_section})", "path": PAPER_DOI})
    return sources


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _string_schema(header: list[str], key: str | None = None) -> dict:
    schema: dict = {"fields": [{"name": h, "type": "string"} for h in header]}
    if key:
        schema["primaryKey"] = [key]
    return schema


def _resource(ds: catalog.Dataset, rf: satudata.ResourceFile, data: bytes, own: pd.DataFrame) -> dict:
    codes = sorted({c for c in own["regency_code"] if c}, key=lambda c: (len(c), c))
    res = {
        "name": satudata.file_stem(ds.id),
        "path": rf.path,
        "title": ds.title_in("id"),
        "description": f"{ds.title_in('en')}. {rf.description} {ds.text('notes', 'id')}".strip(),
        "format": rf.format.lower(),
        "mediatype": rf.mediatype,
        "encoding": "utf-8",
        "hash": f"sha256:{_sha256(data)}",
        "bytes": len(data),
        "sources": _sources(ds),
        "licenses": [satudata.licence_for(ds.text("licence", "id")).frictionless()],
        # the dataset record, so nothing of it is lost on the way to a portal
        "dataset_kind": ds.kind,
        "producer": ds.text("producer", "id"),
        # the record's texts in English too (the Indonesian ones above are the portal's)
        "title_en": ds.title_in("en"),
        "producer_en": ds.text("producer", "en"),
        "licence_en": ds.text("licence", "en"),
        "notes_en": ds.text("notes", "en"),
        "period": ds.period,
        "trust": ds.trust,
        "accessed": ds.accessed,
        "paper_section": ds.paper_section,
        "coverage": satudata.coverage_text(codes, "id") if codes else "",
        "area_codes_bps": codes,
        "area_codes_kemendagri": [satudata.kemendagri_code(c) for c in codes],
    }
    if rf.format == "CSV":
        res["schema"] = ({"fields": FIGURE_FIELDS, "primaryKey": ["id"]} if not rf.copy_from
                         else _string_schema(next(csv.reader(io.StringIO(data.decode("utf-8")))),
                                             key="regency_code" if ds.kind == "reference" else None))
    return res


def _check_unique_stems(datasets: list[catalog.Dataset]) -> None:
    seen: dict[str, str] = {}
    for ds in datasets:
        stem = satudata.file_stem(ds.id)
        if stem in seen:
            raise ValueError(f"datasets {seen[stem]!r} and {ds.id!r} would share the file name {stem!r}")
        seen[stem] = ds.id


def datapackage_files(figures: pd.DataFrame | None = None, created: str | None = None) -> dict[str, bytes]:
    """Every file of the Frictionless data package, by relative path (datapackage.json included)."""
    figs = catalog.figures() if figures is None else figures
    datasets = catalog.datasets()
    _check_unique_stems(datasets)
    files: dict[str, bytes] = {}
    resources = []
    for ds in datasets:
        own = figs[figs["dataset"] == ds.id]
        for rf in satudata.resource_files(ds.id, figs):
            data = (ROOT / rf.copy_from).read_bytes() if rf.copy_from else _csv(figure_rows(ds.id, figs))
            files[rf.path] = data
            resources.append(_resource(ds, rf, data, own))
    msind = satudata.msind_table("id", figs, labels=False)
    for col in msind.columns:
        msind[col] = msind[col].map(neutralise)
    data = _csv(msind)
    files["metadata/ms_ind.csv"] = data
    resources.append({
        "name": "ms_ind", "path": "metadata/ms_ind.csv",
        "title": "Metadata Statistik Indikator (MS-Ind, Peraturan BPS 5/2020)",
        "description": "One record per (dataset, metric) of the catalogue, then the derived indicators "
                       "(Indikator Komposit) with formula and building indicators. Cells that do not apply "
                       "start with 'tidak berlaku'.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "hash": f"sha256:{_sha256(data)}", "bytes": len(data),
        "sources": [{"title": "Dasbor UMKM Bali: data/metrics.yaml, data/derived_indicators.yaml, data/datasets.yaml"}],
        "licenses": [{"name": "notspecified", "title": "Metadata of the Dasbor UMKM Bali catalogue"}],
        "schema": {"fields": [{"name": c, "type": "string",
                               "title": (satudata.field_label(c, "id") if c in satudata.MSIND_FIELDS
                                         else c)} for c in msind.columns]},
    })
    descriptor = {
        "name": satudata.PACKAGE_NAME,
        "title": "Dasbor UMKM Bali: angka UMKM, KUR dan adopsi digital Provinsi Bali dengan sumbernya",
        "description": (
            "Every figure of the Dasbor UMKM Bali catalogue, one resource per dataset, each with its "
            "sources, licence, period and trust level; area codes are BPS (5101) and Kemendagri (51.01) "
            "codes. Built from the paper Mahadipta, Pratama & Prasiani (2024) and the public data "
            "found for the project, plus the active imported version if there is one. Indicator "
            "metadata (MS-Ind, Peraturan BPS 5/2020) is in the ms_ind resource."),
        "version": created[:10] if created else dt.date.today().isoformat(),
        "created": created or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "keywords": ["UMKM", "Bali", "KUR", "e-commerce", "Satu Data Indonesia"],
        "licenses": [{"name": "notspecified",
                      "title": "Licences differ per resource: see each resource's licenses "
                               "(lisensi berbeda per sumber daya)"}],
        "sources": [{"title": catalog.PAPER_CITATION, "path": PAPER_DOI}],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
    return files


def ckan_files(figures: pd.DataFrame | None = None, base_url: str | None = None,
               owner_org: str | None = None) -> dict[str, bytes]:
    """One `ckan/<name>.json` per dataset, plus every file its resources point to."""
    figs = catalog.figures() if figures is None else figures
    datasets = catalog.datasets()
    _check_unique_stems(datasets)
    files: dict[str, bytes] = {}
    for ds in datasets:
        package = satudata.ckan_package(ds.id, figs, base_url=base_url, owner_org=owner_org)
        files[f"ckan/{package['name']}.json"] = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
        for rf in satudata.resource_files(ds.id, figs, msind=True):
            if rf.copy_from:
                files[rf.path] = (ROOT / rf.copy_from).read_bytes()
            elif rf.path.startswith("metadata/"):
                rows = pd.DataFrame(satudata.msind_records(ds.id, "id", figs))
                files[rf.path] = _csv(rows.map(neutralise))
            else:
                files[rf.path] = _csv(figure_rows(ds.id, figs))
    return files


def msind_xlsx(figures: pd.DataFrame | None = None) -> bytes:
    """The MS-Ind table as XLSX: a sheet in Indonesian (the standard's field names), one in English."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for lang, title in (("id", "MS-Ind"), ("en", "MS-Ind (en)")):
        table = satudata.msind_table(lang, figures)
        ws = wb.create_sheet(title)
        ws.append(list(table.columns))
        for row in table.itertuples(index=False):
            ws.append([neutralise(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for col in ws.columns:
            letter = col[0].column_letter
            ws.column_dimensions[letter].width = 18 if col[0].value in ("Dataset", "Kode metrik", "Metric code") else 40
            for cell in col[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "C2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_files(files: dict[str, bytes], out_dir: str | Path) -> list[Path]:
    """Write the files under out_dir (created if needed); returns the paths written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} is not a folder")
    written = []
    for rel, data in files.items():
        path = out / rel
        if out.resolve() not in path.resolve().parents:
            raise ValueError(f"refusing to write outside {out}: {rel}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel, data in files.items():
            zf.writestr(rel, data)
    return buf.getvalue()


def datapackage_zip(figures: pd.DataFrame | None = None) -> bytes:
    """The data package as one ZIP (for the page's download button)."""
    return zip_bytes(datapackage_files(figures))


def ckan_zip(figures: pd.DataFrame | None = None) -> bytes:
    return zip_bytes(ckan_files(figures))
