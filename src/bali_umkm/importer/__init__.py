"""Import official tables and business registries: read -> normalise -> validate -> report.

    checked = importer.check(data_or_path, "umkm", file_name="keragaan_2024.xlsx")
    checked.report.ok, checked.report.frame("id")      # findings with file, row and column
    prev = importer.preview(checked, source="Diskop UKM Bali")  # new / changed / unchanged, checks
    version = importer.commit(checked, uploader="ani", source="Diskop UKM Bali")

Nothing is stored by `check` or `preview`; `commit` refuses a file with errors. Kinds: umkm
(regency × scale × sector × year), kur (regency × period, value, debtors, scheme), ecommerce
(regency), tidy (the catalogue's own long form) and registry (one row per business). No
Streamlit here.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import catalog, quality, store
from ..i18n import LANGS, t
from .reader import MAX_BYTES, ReadError, read
from .registry import read_registry
from .report import INFO, Report
from .tables import Options, read_table
from .vocab import KINDS, TABLE_KINDS

__all__ = ["KINDS", "TABLE_KINDS", "Checked", "Preview", "check", "commit", "preview"]
PENDING = "import_pending"


@dataclass
class Checked:
    kind: str
    file_name: str
    sha256: str
    size: int
    report: Report
    rows: pd.DataFrame  # tidy rows with the file's row and column of each value
    info: dict = field(default_factory=dict)
    raw_path: Path | None = None  # a registry's raw records, only when the admin opted in

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


def check(source: bytes | str | Path, kind: str, file_name: str | None = None, *, year: int | None = None,
          period: str | None = None, keep_raw: bool = False, max_bytes: int | None = MAX_BYTES) -> Checked:
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
    if size == 0:
        report.add("empty_file")
        return Checked(kind, name, digest, size, report, _empty_rows())
    info: dict = {}
    raw_path = None
    if kind == "registry":
        if keep_raw:
            raw_path = Path(tempfile.mkstemp(prefix="bali-umkm-raw-", suffix=".parquet")[1])
        result = read_registry(bytes(source) if isinstance(source, bytes | bytearray) else source, name, report,
                               year=year, period=period or "", raw_path=raw_path)
        rows, info = result.rows, result.info
        if not report.ok and raw_path is not None:
            raw_path.unlink(missing_ok=True)
            raw_path = None
        if report.ok:
            report.add("kbli_mapping", INFO)
            report.add("raw_kept" if raw_path else "raw_not_kept", INFO)
    else:
        if max_bytes is not None and size > max_bytes:
            report.add("too_large", size=round(size / 2**20, 1), limit=max_bytes // 2**20)
            return Checked(kind, name, digest, size, report, _empty_rows())
        data = bytes(source) if isinstance(source, bytes | bytearray) else source.read_bytes()
        try:
            grid = read(data, name)
        except ReadError as exc:
            report.add(exc.code, **exc.params)
            return Checked(kind, name, digest, size, report, _empty_rows())
        info = dict(grid.info)
        rows = read_table(grid, kind, report, Options(year=year, period=period))
    return Checked(kind, name, digest, size, report, rows, info, raw_path)


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
    new = checked.tidy(source=source)
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


def commit(checked: Checked, *, uploader: str, source: str = "", licence: str = "", trust: str = "medium",
           notes: str = "", in_store: store.Store | None = None, wait: float = 30.0) -> store.Version:
    """Store a checked file as a new version. Raises store.StoreError when it has errors."""
    if not checked.ok:
        raise store.StoreError("berkas punya galat; tidak disimpan / the file has errors; nothing stored")
    target = in_store or store.Store()
    if checked.kind == "registry":
        notes = " ".join(x for x in [notes, *(t("importer.kbli_note", lang) for lang in LANGS)] if x)
    meta = {"uploader": uploader, "file_name": checked.file_name, "sha256": checked.sha256, "kind": checked.kind,
            "source": source.strip(), "licence": licence.strip(), "trust": trust or "medium", "notes": notes.strip(),
            "period": checked.period_text(),
            "title": {lang: t("importer.dataset_title", lang, kind=t(f"importer.kind_word_{checked.kind}", lang),
                              file=checked.file_name) for lang in LANGS}}
    rows = checked.tidy(source=source, trust=trust or "medium")
    try:
        return target.commit_import(rows, meta, raw_path=checked.raw_path, wait=wait)
    finally:
        if checked.raw_path is not None:
            checked.raw_path.unlink(missing_ok=True)
