"""Satu Data Indonesia metadata for the catalogue: BPS indicator metadata (MS-Ind) and CKAN records.

Perpres 39/2019 (Satu Data Indonesia) and Pergub Bali 53/2021 ask that data carry standard
metadata, use reference codes and be published in open formats on the CKAN-based Satu Data
portals. This module renders every dataset record of the catalogue in those shapes:

- `msind_records(dataset_id, lang)`: the BPS indicator metadata (MS-Ind, Peraturan BPS 5/2020).
  MS-Ind describes one *indicator*; a dataset may hold several metrics, so a dataset gives one
  record per (dataset, metric). A dataset with no figures (reference codes, boundaries) gives one
  record marked "tidak berlaku / not applicable" with the reason. `derived_msind_records(lang)`
  does the same for the indicators the dashboard computes (data/derived_indicators.yaml), each an
  Indikator Komposit with its formula and building metrics. `msind_table` puts all of them in one
  frame (the MS-Ind export).
- `ckan_package(dataset_id)`: the fields of CKAN's `package_create` (name, title, notes,
  license_id, author, maintainer, url, version, tags, extras, resources).

Field contents come from data/metrics.yaml (concept, definition, interpretation, method, measure,
builds_on), data/derived_indicators.yaml and the dataset records; nothing is left blank: what does
not apply says so. Everything is computed from `catalog.datasets()` and a figures frame (default
`catalog.figures()`), so imported versions that appear there are described too. No Streamlit here.

Why one module of about 500 lines: the MS-Ind records and the CKAN packages are two renderings of
the same dataset records and share their field logic (levels, codes, licences, building metrics).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd

from . import catalog
from .i18n import norm_lang, t
from .paths import DATA_DIR, ROOT, read_yaml

MSIND_FIELDS = ("nama_indikator", "konsep", "definisi", "interpretasi", "metode", "ukuran", "satuan",
                "klasifikasi_penyajian", "indikator_komposit", "indikator_pembangun", "level_estimasi",
                "dapat_diakses_umum")
CONTEXT_FIELDS = ("dataset", "metric", "period", "source")
PUBLISHED_KINDS = ("paper", "public", "reference", "geometry")
MAINTAINER = "Dasbor UMKM Bali"
PACKAGE_NAME = "dasbor-umkm-bali"
NAME_PREFIX = "umkm-bali-"

# CKAN's default licence register (ckan/model/license.py) holds, among others: notspecified,
# odc-pddl, odc-odbl, odc-by, cc-zero, cc-by, cc-by-sa, gfdl, other-open, other-pd, other-at,
# uk-ogl, cc-nc, other-nc, other-closed; the same ids are Open Definition ids, which the
# Frictionless `licenses[].name` uses. A licence maps to an id only when the record names one;
# "figures quoted with attribution; X's terms apply" grants no open licence: notspecified, with
# the record's text kept (CKAN extra "Lisensi", Frictionless licence title). First match wins.
LICENCE_RULES: tuple[tuple[str, str, str], ...] = (
    (r"\bCC[ -]BY[ -]IGO\b", "other-at", "https://creativecommons.org/licenses/by/3.0/igo/"),
    (r"^MIT\b", "other-at", "https://opensource.org/license/mit"),
    (r"public domain|domain publik", "other-pd", ""),
    (r"\bCC0\b|\bCC[ -]ZERO\b", "cc-zero", "https://creativecommons.org/publicdomain/zero/1.0/"),
    (r"\bCC[ -]BY[ -]SA\b", "cc-by-sa", "https://creativecommons.org/licenses/by-sa/4.0/"),
    (r"\bCC[ -]BY\b(?![ -](NC|ND))", "cc-by", "https://creativecommons.org/licenses/by/4.0/"),
    (r"\bODbL\b", "odc-odbl", "https://opendatacommons.org/licenses/odbl/"),
)

# Topic tags (Indonesian, as the portal reads them) by metric prefix, and by dataset kind.
TOPIC_TAGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("umkm_", ("UMKM",)), ("businesses_non_agri", ("usaha", "sensus ekonomi")),
    ("population_", ("kependudukan",)), ("land_area", ("luas wilayah",)),
    ("kur_", ("KUR", "pembiayaan")), ("credit_program_", ("kredit program", "pembiayaan")),
    ("loan_size_", ("KUR", "pembiayaan")), ("net_assets_", ("kriteria UMKM",)),
    ("ecommerce_", ("e-commerce", "ekonomi digital")), ("internet_", ("internet", "ekonomi digital")),
    ("social_media_", ("media sosial", "ekonomi digital")), ("online_", ("internet",)),
    ("daily_online_", ("internet",)), ("time_online_", ("internet",)),
    ("digital_economy_", ("ekonomi digital", "proyeksi")), ("sector_growth_", ("ekonomi digital", "proyeksi")),
    ("export_", ("perdagangan luar negeri",)), ("import_", ("perdagangan luar negeri",)),
    ("articles_", ("metode penelitian",)),
)
KIND_TAGS = {"paper": ("makalah",), "reference": ("kode referensi", "kode wilayah"),
             "geometry": ("batas wilayah", "geospasial"), "public": ("data publik",)}
_TAG_OK = re.compile(r"^[\w .-]{2,100}$")


def _w(key: str, lang: str, **kw: object) -> str:
    return t(f"satudata.{key}", lang, **kw)


def field_label(field: str, lang: str = "id") -> str:
    """The MS-Ind field's name (Indonesian names are the standard's; English for the en view)."""
    return _w(f"field.{field}", lang)


def not_applicable(lang: str = "id") -> str:
    """The word every "does not apply" cell starts with."""
    return _w("na", lang)


# ---- licences ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Licence:
    id: str      # CKAN license_id = Open Definition id
    text: str    # the dataset record's own words
    url: str     # the licence text, where there is one

    def frictionless(self) -> dict:
        out = {"name": self.id, "title": self.text}
        if self.url:
            out["path"] = self.url
        return out


def licence_for(text: str) -> Licence:
    for pattern, licence_id, url in LICENCE_RULES:
        if re.search(pattern, text, flags=re.IGNORECASE):
            return Licence(licence_id, text, url)
    return Licence("notspecified", text, "")


# ---- areas and codes --------------------------------------------------------------------------

def area_level(code: str) -> str | None:
    """national / province / regency from the code's shape (51 and NTB's 52 are provinces)."""
    code = str(code)
    if code == catalog.NATIONAL:
        return "national"
    if re.fullmatch(r"\d{2}", code):
        return "province"
    if re.fullmatch(r"\d{4}", code):
        return "regency"
    return None


@functools.lru_cache(maxsize=1)
def _kemendagri() -> dict[str, str]:
    regs = catalog.regencies()
    return dict(zip(regs["regency_code"], regs["kemendagri_code"], strict=True))


def kemendagri_code(code: str) -> str:
    """BPS 5101 -> Kemendagri 51.01 (the reference table); a province code is the same two digits;
    anything else (ID = Indonesia) has no Kemendagri area code: ""."""
    code = str(code)
    if code in _kemendagri():
        return _kemendagri()[code]
    return code if area_level(code) == "province" else ""


def area_name(code: str) -> str:
    code = str(code)
    if code in _kemendagri():
        return catalog.regency_name(code, "id", official=True)
    return catalog.OTHER_AREAS.get(code, (code, code))[0]


def _codes_of(ds: catalog.Dataset, own: pd.DataFrame) -> list[str]:
    codes = sorted({c for c in own["regency_code"] if c}, key=lambda c: (len(c), c))
    if not codes and ds.kind in ("reference", "geometry"):
        codes = [catalog.PROVINCE, *catalog.REGENCY_CODES]  # the codes and boundaries of all 9
    return codes


def coverage_text(codes: list[str], lang: str = "id") -> str:
    """Cakupan Wilayah: "Provinsi Bali; 9 kabupaten/kota" or the names of the areas covered."""
    if not codes:
        return _w("na_no_area", lang)
    regencies = [c for c in codes if c in catalog.REGENCY_CODES]
    parts = [catalog.regency_name(c, lang) for c in codes if c not in catalog.REGENCY_CODES]
    if len(regencies) == len(catalog.REGENCY_CODES):
        parts.append("9 kabupaten/kota" if norm_lang(lang) == "id" else "9 regencies")
    else:
        parts += [catalog.regency_name(c, lang, official=True) for c in regencies]
    return "; ".join(parts)


def codes_text(codes: list[str], kemendagri: bool = False) -> str:
    """Kode Wilayah: BPS codes (5101) or Kemendagri codes (51.01); ID stays ID (Indonesia)."""
    if not codes:
        return _w("na_no_area", "id")
    out = []
    for code in codes:
        if area_level(code) == "national" or area_level(code) is None:
            out.append(f"{code} (Indonesia)" if code == catalog.NATIONAL else code)  # not an area code
        else:
            out.append(kemendagri_code(code) if kemendagri else code)
    return ", ".join(out)


# ---- MS-Ind -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def derived_indicators() -> list[dict]:
    """data/derived_indicators.yaml: the indicators pages compute, with formula and building metrics."""
    return read_yaml(DATA_DIR / "derived_indicators.yaml")


def derived_indicator(indicator_id: str) -> dict:
    for rec in derived_indicators():
        if rec["id"] == indicator_id:
            return rec
    raise KeyError(f"unknown derived indicator {indicator_id!r}")


def derived_name(indicator_id: str, lang: str = "id", indicator: str | None = None) -> str:
    """"UMKM per 1.000 penduduk": the name with the base indicator filled in (default: X)."""
    lang = norm_lang(lang)
    name = derived_indicator(indicator_id)["name"][lang]
    return name.replace("{indicator}", indicator or _w("generic_indicator", lang))


def derived_builds_on(rec: dict) -> list[str]:
    """The metrics a derived indicator is built from (numerator, denominator or builds_on), once each."""
    ids = [*rec.get("numerator", []), *rec.get("denominator", []), *rec.get("builds_on", [])]
    return list(dict.fromkeys(ids))


def _text(meta: dict, key: str, lang: str, metric: str) -> str:
    value = (meta.get(key) or {}).get(lang) if isinstance(meta.get(key), dict) else None
    return value or _w("not_defined", lang, metric=metric)


def _building_text(metric_ids: list[str], lang: str) -> str:
    return "; ".join(f"{catalog.metric_label(m, lang)} ({m})" for m in metric_ids)


def _unit_text(units: list[str], lang: str) -> str:
    words = []
    for unit in units:
        if unit == "rank":
            words.append(_w("na_rank_unit", lang))
        else:
            key = f"satudata.unit.{unit}"
            words.append(t(key, lang) if key in _strings(lang) else unit)
    return "; ".join(words)


def _strings(lang: str) -> dict:
    from .i18n import strings
    return strings(norm_lang(lang))


def _classification(own: pd.DataFrame, lang: str) -> str:
    parts = []
    if any(area_level(c) == "regency" for c in own["regency_code"]):
        parts.append(_w("regency_breakdown", lang))
    dims = dict.fromkeys(part.split("=")[0] for cat in own["category"] if cat for part in cat.split(";"))
    for dim in dims:
        key = f"satudata.dim.{dim}"
        parts.append(t(key, lang) if key in _strings(lang) else dim)
    return "; ".join(parts) if parts else _w("total_only", lang)


def _levels(codes: list[str], lang: str) -> str:
    order = ("national", "province", "regency")
    found = {area_level(c) for c in codes} - {None}
    if not found:
        return _w("na_no_area", lang)
    return ", ".join(_w(f"level.{lv}", lang) for lv in order if lv in found)


def _access(ds: catalog.Dataset, lang: str) -> str:
    return _w("access_public" if ds.kind in PUBLISHED_KINDS else "access_to_decide", lang)


def _figures(figures: pd.DataFrame | None) -> pd.DataFrame:
    return catalog.figures() if figures is None else figures


def msind_records(dataset_id: str, lang: str = "id", figures: pd.DataFrame | None = None) -> list[dict]:
    """One MS-Ind record per metric of the dataset (keys: CONTEXT_FIELDS + MSIND_FIELDS).

    A dataset without figures gives one record that says why MS-Ind does not apply to it.
    """
    lang = norm_lang(lang)
    ds = catalog.dataset(dataset_id)
    figs = _figures(figures)
    own = figs[figs["dataset"] == dataset_id]
    context = {"dataset": ds.id, "period": ds.period, "source": catalog.source_line(ds.id, lang)}
    if own.empty:
        what = _w(f"what_{ds.kind}" if ds.kind in ("reference", "geometry") else "what_other", lang)
        na = _w("na_not_indicator", lang, what=what)
        rec = {**context, "metric": "", **dict.fromkeys(MSIND_FIELDS, na)}
        rec["nama_indikator"] = ds.title_in(lang)
        rec["dapat_diakses_umum"] = _access(ds, lang)
        return [_ordered(rec)]
    meta_all = catalog.metrics()
    records = []
    for metric, rows in own.groupby("metric", sort=False):
        meta = meta_all.get(metric, {})
        method = [_text(meta, "method", lang, metric), _w("method_copied", lang, producer=ds.text("producer", lang))]
        if (rows["qualifier"] != "=").any():
            method.append(_w("method_qualified", lang))
        if ds.kind == "paper":
            method.append(_w("method_paper", lang, paper=ds.paper_citation))
        builds_on = list(meta.get("builds_on") or [])
        measure = meta.get("measure")
        rec = {
            **context, "metric": metric,
            "nama_indikator": catalog.metric_label(metric, lang),
            "konsep": _text(meta, "concept", lang, metric),
            "definisi": _text(meta, "definition", lang, metric),
            "interpretasi": _text(meta, "interpretation", lang, metric),
            "metode": " ".join(method),
            "ukuran": _w(f"measure.{measure}", lang) if measure else _w("not_defined", lang, metric=metric),
            "satuan": _unit_text(list(dict.fromkeys(rows["unit"])), lang),
            "klasifikasi_penyajian": _classification(rows, lang),
            "indikator_komposit": _w("answer_yes" if builds_on else "answer_no", lang),
            "indikator_pembangun": _building_text(builds_on, lang) if builds_on else _w("na_not_composite", lang),
            "level_estimasi": _levels(list(rows["regency_code"]), lang),
            "dapat_diakses_umum": _access(ds, lang),
        }
        records.append(_ordered(rec))
    return records


def derived_msind_records(lang: str = "id") -> list[dict]:
    """MS-Ind records of the derived indicators: Indikator Komposit = ya, with formula and builders."""
    lang = norm_lang(lang)
    out = []
    for rec in derived_indicators():
        builders = [_building_text(derived_builds_on(rec), lang)]
        builders += [f"{derived_name(d, lang)} ({d})" for d in rec.get("derived_inputs", [])]
        method = " ".join([rec["formula"][lang], _w("formula", lang, symbols=rec["formula"]["symbols"]),
                           _w("condition", lang, condition=rec["condition"][lang])])
        levels = rec.get("levels") or ["regency"]
        out.append(_ordered({
            "dataset": _w("derived_dataset", lang), "metric": rec["id"], "period": _w("derived_period", lang),
            "source": _w("derived_source", lang, where=rec["computed_in"][lang]),
            "nama_indikator": derived_name(rec["id"], lang),
            "konsep": rec["concept"][lang], "definisi": rec["definition"][lang],
            "interpretasi": rec["interpretation"][lang], "metode": method,
            "ukuran": _w(f"measure.{rec['measure']}", lang), "satuan": rec["unit"][lang],
            "klasifikasi_penyajian": _w("regency_breakdown" if "regency" in levels else "total_only", lang),
            "indikator_komposit": _w("answer_yes", lang), "indikator_pembangun": "; ".join(builders),
            "level_estimasi": ", ".join(_w(f"level.{lv}", lang) for lv in ("national", "province", "regency")
                                        if lv in levels),
            "dapat_diakses_umum": _w("access_derived", lang),
        }))
    return out


def _ordered(rec: dict) -> dict:
    return {k: rec[k] for k in (*CONTEXT_FIELDS, *MSIND_FIELDS)}


def msind_table(lang: str = "id", figures: pd.DataFrame | None = None, labels: bool = True) -> pd.DataFrame:
    """Every MS-Ind record: each (dataset, metric) of the catalogue, then the derived indicators.

    labels=True names the columns as the standard does (Nama Indikator, ...) in the language.
    """
    figs = _figures(figures)
    rows = [r for ds in catalog.datasets() for r in msind_records(ds.id, lang, figs)]
    rows += derived_msind_records(lang)
    df = pd.DataFrame(rows, columns=[*CONTEXT_FIELDS, *MSIND_FIELDS])
    if labels:
        df = df.rename(columns={**{f: field_label(f, lang) for f in MSIND_FIELDS},
                                **{c: _w(f"col.{c}", lang) for c in CONTEXT_FIELDS}})
    return df


def msind_view(dataset_id: str, lang: str = "id", figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """A dataset's MS-Ind records to read on a page: one row per field, one column per indicator."""
    records = msind_records(dataset_id, lang, figures)
    data = {(r["metric"] or r["dataset"]): [r[f] for f in MSIND_FIELDS] for r in records}
    return pd.DataFrame(data, index=[field_label(f, lang) for f in MSIND_FIELDS])


# ---- CKAN -------------------------------------------------------------------------------------

def file_stem(dataset_id: str) -> str:
    """A dataset id made safe as a file and Frictionless resource name (a-z, 0-9, _ and -; no
    slashes or dots, so an imported id cannot reach outside the export folder)."""
    stem = re.sub(r"[^a-z0-9_-]+", "-", dataset_id.lower()).strip("-_")
    return stem or "dataset"


def ckan_name(dataset_id: str) -> str:
    """A CKAN-valid slug (lowercase a-z, 0-9, - and _; 2 to 100 characters)."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", (NAME_PREFIX + dataset_id.replace("_", "-")).lower())
    return re.sub(r"-{2,}", "-", slug).strip("-_")[:100]


def tags_for(ds: catalog.Dataset, metrics: list[str]) -> list[str]:
    tags = ["Bali"]
    for metric in metrics:
        for prefix, words in TOPIC_TAGS:
            if metric.startswith(prefix):
                tags += words
    tags += KIND_TAGS.get(ds.kind, ())
    return [tag for tag in dict.fromkeys(tags) if _TAG_OK.match(tag)]


@dataclass(frozen=True)
class ResourceFile:
    """One file of a dataset in the open-data export: where it goes and what it is."""
    path: str            # relative to the export folder, forward slashes
    title: str
    description: str
    format: str          # CSV, GeoJSON
    mediatype: str
    copy_from: str = ""  # a shipped file copied verbatim (relative to the repository), else ""


def resource_files(dataset_id: str, figures: pd.DataFrame | None = None,
                   msind: bool = False) -> list[ResourceFile]:
    """The files one dataset is published as: its figures as a tidy CSV, for a dataset without
    figures the shipped file itself (the reference codes table, the boundaries), and with
    msind=True its own MS-Ind records as CSV (CKAN; the data package has one MS-Ind table)."""
    ds = catalog.dataset(dataset_id)
    figs = _figures(figures)
    files = []
    if (figs["dataset"] == dataset_id).any():
        files.append(ResourceFile(
            f"data/{file_stem(ds.id)}.csv", f"Angka: {ds.title_in('id')}",
            "Baris rapi (tidy): satu angka per baris dengan kode wilayah BPS dan Kemendagri, tahun, "
            "periode, kategori, metrik, nilai dalam satuan dasar, satuan, kualifikasi (=, >, <, ~), "
            "angka seperti tertulis di sumber, tingkat kepercayaan, catatan dan sumber.",
            "CSV", "text/csv"))
    for rel in ds.files:
        if rel in ("paper_figures.csv", "public_figures.csv") or (rel.startswith("raw/") and files):
            continue  # their rows are in the tidy CSV above
        src = (DATA_DIR / rel).resolve()
        if not src.is_file() or ROOT not in src.parents:
            continue
        suffix = src.suffix.lower()
        fmt, mediatype = {".csv": ("CSV", "text/csv"),
                          ".geojson": ("GeoJSON", "application/geo+json")}.get(suffix, (suffix[1:].upper(),
                                                                                          "application/octet-stream"))
        files.append(ResourceFile(
            f"data/{file_stem(ds.id)}{suffix}", ds.title_in("id"),
            f"Salinan persis berkas {src.relative_to(ROOT).as_posix()} dari repositori Dasbor UMKM Bali.",
            fmt, mediatype, copy_from=src.relative_to(ROOT).as_posix()))
    if msind:
        files.append(ResourceFile(
            f"metadata/ms_ind/{file_stem(ds.id)}.csv", f"Metadata indikator (MS-Ind): {ds.title_in('id')}",
            "Metadata Statistik Indikator (Peraturan BPS 5/2020): satu catatan per indikator dalam "
            "dataset ini; yang tidak berlaku ditulis 'tidak berlaku' beserta alasannya.",
            "CSV", "text/csv"))
    return files


def ckan_package(dataset_id: str, figures: pd.DataFrame | None = None, base_url: str | None = None,
                 owner_org: str | None = None) -> dict:
    """The dataset as a CKAN `package_create` payload.

    Resource URLs are `base_url/<path>` when the exported files are hosted at base_url, otherwise
    the path inside the export folder. owner_org (the organisation on the target portal) is added
    only when given: it is the portal's, not ours to guess.
    """
    ds = catalog.dataset(dataset_id)
    figs = _figures(figures)
    own = figs[figs["dataset"] == dataset_id]
    metrics = list(dict.fromkeys(own["metric"]))
    codes = _codes_of(ds, own)
    licence = licence_for(ds.text("licence", "id"))
    years = sorted({int(y) for y in own["year"].dropna()})
    producer = ds.text("producer", "id")
    notes = [ds.title_in("en") + ".", f"Produsen: {producer}.", f"Sitasi: {ds.citation}"]
    if ds.paper_citation:
        notes.append(f"Dikutip dalam: {ds.paper_citation}.")
    if ds.text("notes", "id"):
        notes.append(f"Catatan: {ds.text('notes', 'id')}")
    if metrics:
        notes.append("Indikator: " + "; ".join(catalog.metric_label(m, "id") for m in metrics) + ".")
    notes.append(f"Tingkat kepercayaan: {catalog.trust_word(ds.trust, 'id')}. "
                 "Metadata indikator (MS-Ind, Peraturan BPS 5/2020) ada di sumber daya metadata.")
    extras = {
        "Cakupan Wilayah": coverage_text(codes, "id"),
        "Kode Wilayah": codes_text(codes),
        "Kode Wilayah Kemendagri": codes_text(codes, kemendagri=True),
        "Periode": ds.period,
        "Tahun Data": ", ".join(map(str, years)) if years else _w("na", "id") + ": tanpa tahun",
        "Produsen Data": producer,
        "Sitasi": ds.citation,
        "Dikutip Dalam": ds.paper_citation or _w("na", "id") + ": bukan angka yang dikutip makalah",
        "Lisensi": licence.text,
        "Tingkat Kepercayaan": catalog.trust_word(ds.trust, "id"),
        "Tanggal Akses": ds.accessed,
        "Judul (English)": ds.title_in("en"),
        "Produsen Data (English)": ds.text("producer", "en"),
        "Lisensi (English)": ds.text("licence", "en"),
        "Catatan (English)": ds.text("notes", "en"),
        "Standar Metadata": "MS-Ind (Peraturan BPS 5/2020); kode wilayah BPS dan Kemendagri",
        "Jumlah Angka": str(len(own)),
    }
    base = base_url.rstrip("/") + "/" if base_url else ""
    package = {
        "name": ckan_name(ds.id),
        "title": ds.title_in("id"),
        "notes": "\n\n".join(notes),
        "license_id": licence.id,
        "author": producer,
        "maintainer": MAINTAINER,
        "url": ds.url,
        "version": getattr(ds, "version", "") or ds.accessed,
        "tags": [{"name": tag} for tag in tags_for(ds, metrics)],
        "extras": [{"key": k, "value": v} for k, v in extras.items() if v],
        "resources": [{"url": base + f.path, "name": f.title, "description": f.description,
                       "format": f.format, "mimetype": f.mediatype}
                      for f in resource_files(ds.id, figs, msind=True)],
    }
    if owner_org:
        package["owner_org"] = owner_org
    return package
