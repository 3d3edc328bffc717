"""Import official tables and business registries: read -> normalise -> validate -> report.

    checked = importer.check(data_or_path, file_name="keragaan_2024.xlsx")  # kind "auto"
    checked.report.ok, checked.report.frame("id")      # findings with file, row and column
    prev = importer.preview(checked, source="Diskop UKM Bali")  # new / changed / unchanged, checks
    version = importer.commit(checked, uploader="ani", source="Diskop UKM Bali")
    importer.as_json(checked)                           # the --json report

Nothing is stored by `check` or `preview`; `commit` refuses a file with errors. Kinds: auto (the
default: a Satu Data or BPS table, a tidy table or a registry, found from the file; see auto.py),
umkm (regency × scale × sector × year), kur (regency × period, value, debtors, scheme), ecommerce
(regency), tidy (the catalogue's own long form) and registry (one row per business). `mapping`
({"Luas (Km2)": "land_area", "C": "-"}) overrides how columns were matched. No Streamlit here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import catalog, quality, store
from ..i18n import LANGS, t
from .reader import (
    MAX_BYTES,
    REGISTRY_XLSX_MAX_UNCOMPRESSED,
    ReadError,
    check_file_type,
    decode,
    inspect_xlsx,
    open_workbook,
    read,
    read_csv_text,
    stream_sheet,
)
from .registry import read_registry
from .report import ERROR, INFO, Report
from .tables import STRONG_SIGNALS, Options, _cell_text, find_layout, hnorm, read_table
from .vocab import KINDS, TABLE_KINDS

__all__ = ["KINDS", "TABLE_KINDS", "Checked", "Preview", "as_json", "check", "commit", "discard_raw", "preview"]
PENDING = "import_pending"


@dataclass
class Checked:
    kind: str
    file_name: str
    sha256: str
    size: int
    report: Report
    rows: pd.DataFrame  # tidy rows with the file's row and column of each value
    info: dict = field(default_factory=dict)  # how it was read: format, layout, notes, sources, columns
    raw_path: store.RawBatch | None = None  # a registry's raw records staged in the store, only on opt-in

    @property
    def ok(self) -> bool:
        return self.report.ok and not self.rows.empty

    def period_text(self) -> str:
        years = sorted({int(y) for y in self.rows["year"].dropna()})
        periods = sorted({p for p in self.rows["period"] if p})
        text = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
        return "; ".join([text, *periods]) if periods else text

    def tidy(self, dataset: str = PENDING, trust: str = "medium", source: str = "") -> pd.DataFrame:
        """The rows in the catalogue's schema (catalog.COLUMNS) plus the store's source key."""
        df = self.rows
        note = [f"{self.file_name}" + (f", baris {r}" if r else "") + (f", kolom {c}" if c else "")
                for r, c in zip(df["row"], df["column"], strict=True)]
        out = pd.DataFrame({
            "dataset": dataset, "regency_code": df["regency_code"].astype(str), "year": df["year"],
            "period": df["period"].fillna("").astype(str), "category": df["category"].astype(str),
            "metric": df["metric"], "value": df["value"].astype(float), "unit": df["unit"],
            "qualifier": df["qualifier"], "published": df["published"].astype(str), "trust": trust,
            "note": note, "source_kind": "imported", "tolerance": df["tolerance"].astype(float),
            "source_key": store.source_key(source),
        })
        out["id"] = [store.row_id(dataset, r) for r in out.itertuples()]
        return out[[*catalog.COLUMNS, "source_key"]]


def _sha256(source: bytes | Path) -> tuple[str, int]:
    h = hashlib.sha256()
    if isinstance(source, bytes | bytearray):
        h.update(source)
        return h.hexdigest(), len(source)
    size = 0
    with open(source, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def _kind_word(kind: str, projected: list[str], lang: str) -> str:
    """The kind of table in an import's title ("UMKM", "tabel Satu Data", "proyeksi tabel"...)."""
    word = t(f"importer.kind_word_{kind}", lang)
    return t("importer.kind_word_projected", lang, kind=word) if projected else word


def _both(key: str) -> str:
    """A stored note's lead-in in both languages: "Proyeksi, bukan hitungan / a projection, not a count: "."""
    return " / ".join(t(key, lang) for lang in LANGS) + ": "


def _head(source: bytes | Path, n: int = 256 << 10) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source[:n])
    with open(source, "rb") as fh:
        return fh.read(n)


def _head_rows(source: bytes | Path) -> list[list[object]]:
    """The first rows of a file, cheaply (the first 256 KB of a CSV; the first 40 rows of an
    XLSX's first sheet, after the ZIP checks a registry would get). Raises ReadError."""
    head = _head(source)
    if head[:4] == b"PK\x03\x04":
        inspect_xlsx(source, max_total=REGISTRY_XLSX_MAX_UNCOMPRESSED)
        book = open_workbook(source)
        try:
            rows = []
            for name in book.names:
                rows = [v for n, v, _ in stream_sheet(book, name, max_rows=None, head=40) if n is not None]
                if any(any(_cell_text(c) for c in r) for r in rows):
                    break
            return rows
        finally:
            book.close()
    if head[:4] == b"PAR1" or head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or not head.strip():
        return []
    text, _ = decode(head)
    lines = text.splitlines()[:200]
    return read_csv_text("\n".join(lines[:-1] if len(head) >= 256 << 10 else lines), max_rows=None)[0][:40]


def detect_kind(source: bytes | Path) -> str:
    """auto -> "registry" (NIB or KBLI columns, or a Parquet file) or "auto" (a table, settled
    by its layout later). Raises ReadError."""
    if _head(source, 4) == b"PAR1":
        return "registry"
    for row in _head_rows(source):
        if any(set(hnorm(_cell_text(v)).split()) & STRONG_SIGNALS["registry"] for v in row):
            return "registry"
    return "auto"


def check(source: bytes | str | Path, kind: str = "auto", file_name: str | None = None, *, year: int | None = None,
          period: str | None = None, keep_raw: bool = False, max_bytes: int | None = MAX_BYTES,
          mapping: dict[str, str] | None = None) -> Checked:
    """Read and validate a file; never raises for a bad file (the report says what is wrong)."""
    if not isinstance(source, bytes | bytearray):
        source = Path(source)
    name = file_name or (source.name if isinstance(source, Path) else "upload")
    report = Report(name)
    try:
        digest, size = _sha256(source)
    except OSError as exc:
        report.add("unreadable", detail=exc.strerror or str(exc))
        return Checked(kind, name, "", 0, report, _empty_rows())
    if kind not in KINDS:
        report.add("unknown_kind", value=kind, kinds=", ".join(KINDS))
        return Checked(kind, name, digest, size, report, _empty_rows())
    try:
        check_file_type(name)
    except ReadError as exc:
        report.add(exc.code, **exc.params)
        return Checked(kind, name, digest, size, report, _empty_rows())
    if size == 0:
        report.add("empty_file")
        return Checked(kind, name, digest, size, report, _empty_rows())
    info: dict = {"requested_kind": kind}
    if kind == "auto":
        try:
            kind = detect_kind(source)
        except ReadError as exc:
            report.add(exc.code, **exc.params)
            return Checked(kind, name, digest, size, report, _empty_rows(), info)
    raw_path = None
    if kind == "registry":
        if keep_raw:
            raw_path = store.Store().stage_raw(digest)  # inside the store, never the system temp folder
        result = read_registry(bytes(source) if isinstance(source, bytes | bytearray) else source, name, report,
                               year=year, period=period or "", raw=raw_path)
        rows = result.rows
        info.update(result.info)
        if not report.ok and raw_path is not None:
            raw_path.unlink(missing_ok=True)
            raw_path = None
        if report.ok:
            report.add("kbli_mapping", INFO)
            report.add("raw_kept" if raw_path else "raw_not_kept", INFO)
        return Checked(kind, name, digest, size, report, rows, info, raw_path)
    if max_bytes is not None and size > max_bytes:
        report.add("too_large", size=round(size / 2**20, 1), limit=max_bytes // 2**20)
        return Checked(kind, name, digest, size, report, _empty_rows(), info)
    data = bytes(source) if isinstance(source, bytes | bytearray) else source.read_bytes()
    try:
        grid = read(data, name)
    except ReadError as exc:
        report.add(exc.code, **exc.params)
        return Checked(kind, name, digest, size, report, _empty_rows(), info)
    info.update(grid.info)
    if kind == "auto":
        tidy = find_layout(grid, "tidy")
        if tidy is not None and tidy.by_role("metric") and tidy.by_role("value"):
            kind = "tidy"
    found: dict = {}
    rows = read_table(grid, kind, report, Options(year=year, period=period, file_name=name, mapping=mapping),
                      found=found)
    info.update(found)
    if kind == "auto":
        kind = found.get("layout", "bps")
    return Checked(kind, name, digest, size, report, rows, info, raw_path)


def as_json(checked: Checked) -> dict:
    """The machine-readable report (CLI --json): accepted, kind, rows, messages (both languages)."""
    rows = []
    if checked.ok:
        for r in checked.rows.itertuples():
            rows.append({"metric": r.metric, "regency_code": str(r.regency_code),
                         "year": None if pd.isna(r.year) else int(r.year), "period": r.period or "",
                         "category": r.category or "", "value": float(r.value), "unit": r.unit})
    order = {ERROR: 0, "warning": 1, INFO: 2}
    messages = [{"level": i.severity, "code": i.code, "text_id": i.message("id"), "text_en": i.message("en"),
                 "row": i.row, "column": i.column}
                for i in sorted(checked.report.issues, key=lambda i: (order[i.severity], i.row or 0))]
    info = checked.info
    return {"accepted": checked.ok, "kind": checked.kind, "file": checked.file_name, "sha256": checked.sha256,
            "rows": rows, "messages": messages, "notes": info.get("notes", []), "sources": info.get("sources", [])}


def _empty_rows() -> pd.DataFrame:
    from .tables import _frame

    return _frame([])


@dataclass
class Preview:
    diff: pd.DataFrame  # key columns, value_old, value_new, status (new / changed / unchanged)
    counts: dict[str, int]
    sum_checks: pd.DataFrame  # checks involving the new rows, on the catalogue with them added
    comparisons: pd.DataFrame  # pairs of sources involving the new rows
    summary_before: dict[str, int]
    summary_after: dict[str, int]


def preview(checked: Checked, source: str = "", in_store: store.Store | None = None) -> Preview:
    """What would change against the active data, and the quality checks re-run with the new rows."""
    target = in_store or store.Store()
    new = checked.tidy(source=source_of(checked, source))
    active = target.rows()
    diff = store.diff_rows(active, new)
    diff = diff[diff["status"] != "removed"].reset_index(drop=True)
    counts = {s: int((diff["status"] == s).sum()) for s in ("new", "changed", "unchanged")}
    figures = catalog.figures()
    replaced = store._without(active, new)  # active imported rows that stay
    stay_ids = set(replaced["id"])
    imported_ids = set(active["id"])
    figures = figures[~figures["id"].isin(imported_ids - stay_ids)]
    after = pd.concat([figures, new[catalog.COLUMNS].astype({c: figures[c].dtype for c in catalog.COLUMNS})],
                      ignore_index=True)
    checks = quality.sum_checks(after)
    checks = checks[checks["parts_datasets"].str.contains(PENDING) | (checks["total_dataset"] == PENDING)]
    comps = quality.comparisons(after)
    comps = comps[(comps["dataset_a"] == PENDING) | (comps["dataset_b"] == PENDING)]
    return Preview(diff, counts, checks.reset_index(drop=True), comps.reset_index(drop=True),
                   quality.summary(), quality.summary(after))


def source_of(checked: Checked, source: str = "") -> str:
    """The source as the uploader names it, else the file's own "Sumber:" line(s)."""
    return source.strip() or "; ".join(s for s in checked.info.get("sources", []) if s)


def commit(checked: Checked, *, uploader: str, source: str = "", licence: str = "", trust: str = "medium",
           notes: str = "", in_store: store.Store | None = None, wait: float = 30.0) -> store.Version:
    """Store a checked file as a new version. Raises store.StoreError when it has errors, and
    store.StoreBusy / StoreUnavailable when another import holds the store or the database cannot be
    reached: then a registry's staged raw records are kept, so the same `checked` can be committed
    again.
    What the file says about itself travels in the dataset's record: its footnotes in the
    notes, its "Sumber:" line as the source when the uploader names none, and a projection's
    columns in the title and notes."""
    if not checked.ok:
        raise store.StoreError("berkas punya galat; tidak disimpan / the file has errors; nothing stored")
    target = in_store or store.Store()
    info = checked.info
    file_sources = [s for s in info.get("sources", []) if s]
    source = source_of(checked, source)
    parts = [notes.strip()]
    if checked.kind == "registry":
        parts += [t("importer.kbli_note", lang) for lang in LANGS]
    projected = sorted({c["label"] for c in info.get("columns", []) if c.get("projection") and c.get("metric")})
    if projected:
        parts.append(_both("importer.note_projection") + "; ".join(projected))
    if info.get("notes"):
        parts.append(_both("importer.note_file_notes") + " ".join(info["notes"]))
    if file_sources and source != "; ".join(file_sources):
        parts.append(_both("importer.note_file_sources") + "; ".join(file_sources))
    meta = {"uploader": uploader, "file_name": checked.file_name, "sha256": checked.sha256, "kind": checked.kind,
            "source": source, "licence": licence.strip(), "trust": trust or "medium",
            "notes": " ".join(p for p in parts if p), "period": checked.period_text(),
            "projection": bool(projected), "file_notes": info.get("notes", []), "file_sources": file_sources,
            "title": {lang: t("importer.dataset_title", lang, kind=_kind_word(checked.kind, projected, lang),
                              file=checked.file_name) for lang in LANGS}}
    rows = checked.tidy(source=source, trust=trust or "medium")
    try:
        version = target.commit_import(rows, meta, raw_path=checked.raw_path, wait=wait)
    except (store.StoreBusy, store.StoreUnavailable):
        raise  # worth a retry: the staged raw records stay with `checked` (the caller drops them if it gives up)
    except BaseException:
        discard_raw(checked)
        raise
    discard_raw(checked)  # attached to the version now: this only closes the batch
    return version


def discard_raw(checked: Checked) -> None:
    """Drop a registry's staged raw records that will not be stored (a dry run, another file
    chosen, an import given up). Records already attached to a version are not touched."""
    if checked.raw_path is not None:
        checked.raw_path.unlink(missing_ok=True)
