"""A versioned, append-only store of imported figures that never loses anything.

Layout of the folder (env `BALI_UMKM_STORE`, default `data/store/` under the repo, git-ignored):

    versions/v000001/data.parquet     every imported row active at this version (tidy schema)
    versions/v000001/datasets.json    one metadata record per imported dataset in data.parquet
    versions/v000001/manifest.json    time, uploader, file name, sha256, rows, kind, action...
    versions/v000001/raw.parquet      only when the admin kept a registry's raw records
    tmp/                              versions being written (ignored by readers)
    lock                              fcntl lock: one writer at a time

Each version is a full snapshot, written into tmp/ (each file fsynced, then the folder), then
renamed into versions/ in one atomic step, and versions/ is fsynced. A crash or kill -9 at any
moment leaves either the new version complete or no trace of it but a folder in tmp/. Versions
are never changed or deleted: a rollback writes a new version holding an older one's rows. The
active version is the highest-numbered complete one whose data matches its manifest's sha256.

Two writers at once: the second waits for the lock (up to `wait` seconds) and then builds on the
first one's version, or gives up with `StoreBusy` (a clear refusal). Per-version manifests mean
there is no shared manifest to break.

No Streamlit here, and no import of catalog (catalog reads this module).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .i18n import LANGS, t
from .paths import DATA_DIR

ENV = "BALI_UMKM_STORE"
DEFAULT_ROOT = DATA_DIR / "store"
# The catalogue's tidy schema (catalog.COLUMNS; a test keeps the two equal) plus the source key
# that decides which earlier rows a new import replaces.
COLUMNS = ["id", "dataset", "regency_code", "year", "period", "category", "metric", "value", "unit",
           "qualifier", "published", "trust", "note", "source_kind", "tolerance"]
KEY = ["source_key", "metric", "regency_code", "year", "period", "category"]
_VERSION = re.compile(r"^v(\d{6})$")
_TEXT = [c for c in COLUMNS if c not in ("year", "value", "tolerance")]
SCHEMA = pa.schema([(c, pa.int64() if c == "year" else pa.float64() if c in ("value", "tolerance")
                     else pa.string()) for c in [*COLUMNS, "source_key"]])

# Tests replace this to stop a writer at a named stage ("data_written", "before_rename").
_hook = None


class StoreError(Exception):
    """Something the caller should tell the user (message in Indonesian / English)."""


class StoreBusy(StoreError):
    """Another import holds the lock."""


@dataclass(frozen=True)
class Version:
    name: str  # "v000003"
    number: int
    path: Path
    manifest: dict

    @property
    def created(self) -> str:
        return self.manifest.get("created", "")


def default_root() -> Path:
    env = os.environ.get(ENV, "").strip()
    return Path(env).expanduser() if env else DEFAULT_ROOT


def source_key(text: str) -> str:
    return " ".join(str(text or "").lower().split())


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _stage(name: str) -> None:
    if _hook is not None:
        _hook(name)


def empty_rows() -> pd.DataFrame:
    return SCHEMA.empty_table().to_pandas().astype({"year": "Int64"})


def normalise_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The store's columns and types: text as str, year Int64, value and tolerance float."""
    out = rows.copy()
    for col in [*_TEXT, "source_key"]:
        if col not in out:
            out[col] = ""
        out[col] = out[col].fillna("").astype(str)
    out["year"] = pd.to_numeric(out.get("year"), errors="coerce").astype("Int64")
    out["value"] = out["value"].astype(float)
    out["tolerance"] = out.get("tolerance", 0.0)
    out["tolerance"] = out["tolerance"].fillna(0.0).astype(float)
    return out[[*COLUMNS, "source_key"]].reset_index(drop=True)


class Store:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else default_root()
        self.versions_dir = self.root / "versions"
        self.tmp_dir = self.root / "tmp"
        self.lock_path = self.root / "lock"

    # ---- reading -------------------------------------------------------------------------
    def _names(self) -> list[str]:
        try:
            names = os.listdir(self.versions_dir)
        except FileNotFoundError:
            return []
        return sorted(n for n in names if _VERSION.match(n))

    def latest_name(self) -> str | None:
        """The newest version folder's name (cheap: one directory listing)."""
        names = self._names()
        return names[-1] if names else None

    def _load(self, name: str) -> Version | None:
        path = self.versions_dir / name
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Version(name, int(name[1:]), path, manifest)

    def _intact(self, version: Version) -> bool:
        try:
            return _sha256_file(version.path / "data.parquet") == version.manifest.get("data_sha256")
        except OSError:
            return False

    def versions(self) -> list[Version]:
        """Every complete version, oldest first."""
        return [v for v in (self._load(n) for n in self._names()) if v is not None]

    def version(self, ref: str | int) -> Version:
        name = ref if isinstance(ref, str) and _VERSION.match(ref) else None
        if name is None:
            digits = str(ref).lstrip("vV")
            if not digits.isdigit():
                raise StoreError(f"versi tidak dikenal / unknown version: {ref!r}")
            name = f"v{int(digits):06d}"
        found = self._load(name)
        if found is None:
            raise StoreError(f"versi tidak ada / no such version: {ref!r}")
        return found

    def active(self) -> Version | None:
        """The newest version whose data matches its manifest (a damaged one is skipped)."""
        for name in reversed(self._names()):
            version = self._load(name)
            if version is not None and self._intact(version):
                return version
        return None

    def rows(self, version: Version | None = None) -> pd.DataFrame:
        version = version if version is not None else self.active()
        if version is None:
            return empty_rows()
        table = pq.read_table(version.path / "data.parquet")
        return normalise_rows(table.to_pandas())

    def datasets(self, version: Version | None = None) -> list[dict]:
        version = version if version is not None else self.active()
        if version is None:
            return []
        return json.loads((version.path / "datasets.json").read_text(encoding="utf-8"))

    # ---- writing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self, wait: float):
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(wait, 0)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise StoreBusy("impor lain sedang berjalan; coba lagi sebentar lagi / "
                                        "another import is running; try again shortly") from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # closing releases the lock (so does the death of the process)

    def _clean_tmp(self) -> None:
        """Folders left in tmp/ by a writer that died: never versions, safe to remove (we hold the lock)."""
        if self.tmp_dir.exists():
            for child in self.tmp_dir.iterdir():
                shutil.rmtree(child, ignore_errors=True)

    def _write_version(self, rows: pd.DataFrame, records: list[dict], manifest: dict,
                       raw_path: Path | None = None) -> Version:
        names = self._names()
        number = int(names[-1][1:]) + 1 if names else 1
        name = f"v{number:06d}"
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        work = self.tmp_dir / f"{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
        work.mkdir()
        rows = normalise_rows(rows)
        data_path = work / "data.parquet"
        with open(data_path, "wb") as fh:
            pq.write_table(pa.Table.from_pandas(rows, schema=SCHEMA, preserve_index=False), fh)
            fh.flush()
            os.fsync(fh.fileno())
        _stage("data_written")
        if raw_path is not None:
            shutil.copyfile(raw_path, work / "raw.parquet")
            with open(work / "raw.parquet", "rb") as fh:
                os.fsync(fh.fileno())
        _write_bytes(work / "datasets.json", json.dumps(records, ensure_ascii=False, indent=1).encode())
        manifest = {**manifest, "version": name, "number": number, "total_rows": len(rows),
                    "data_sha256": _sha256_file(data_path), "raw_kept": raw_path is not None}
        _write_bytes(work / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        _fsync_dir(work)
        _stage("before_rename")
        os.rename(work, self.versions_dir / name)  # atomic; fails if the name exists
        _fsync_dir(self.versions_dir)
        _fsync_dir(self.tmp_dir)
        return self.version(name)

    def commit_import(self, rows: pd.DataFrame, meta: dict, *, raw_path: Path | None = None,
                      wait: float = 30.0) -> Version:
        """Store checked rows as a new version: they replace active rows with the same key from
        the same source; everything else stays. `meta`: uploader, file_name, sha256, kind,
        source, licence, trust, notes, title (dict), period."""
        with self._locked(wait):
            self._clean_tmp()
            previous = self.active()
            base = self.rows(previous)
            records = self.datasets(previous)
            names = self._names()
            name = f"v{(int(names[-1][1:]) + 1 if names else 1):06d}"
            dataset_id = f"import_{name}"
            skey = source_key(meta.get("source", ""))
            new = rows.copy()
            new["dataset"] = dataset_id
            new["source_key"] = skey
            new["source_kind"] = "imported"
            new["trust"] = meta.get("trust") or "medium"
            new["id"] = [row_id(dataset_id, r) for r in new.itertuples()]
            new = normalise_rows(new)
            summary = compare_rows(base, new)
            merged = pd.concat([_without(base, new), new], ignore_index=True)
            keep_ids = set(merged["dataset"])
            records = [r for r in records if r["id"] in keep_ids]
            records.append(dataset_record(dataset_id, name, meta))
            manifest = {"action": "import", "created": _now(), "parent": previous.name if previous else None,
                        "rows": len(new), "summary": summary,
                        **{k: meta.get(k, "") for k in ("uploader", "file_name", "sha256", "kind", "source",
                                                        "licence", "trust")}}
            return self._write_version(merged, records, manifest, raw_path)

    def rollback(self, target: str | int, uploader: str = "", wait: float = 30.0) -> Version:
        """A new version holding the rows of `target`; nothing is deleted."""
        with self._locked(wait):
            self._clean_tmp()
            old = self.version(target)
            if not self._intact(old):
                raise StoreError(f"versi {old.name} rusak / version {old.name} is damaged")
            previous = self.active()
            rows = self.rows(old)
            manifest = {"action": "rollback", "created": _now(), "rolled_back_to": old.name,
                        "parent": previous.name if previous else None, "uploader": uploader,
                        "file_name": "", "sha256": "", "kind": "rollback", "rows": 0,
                        "summary": compare_rows(self.rows(previous), rows) if previous else {}}
            return self._write_version(rows, self.datasets(old), manifest)

    def diff(self, a: str | int | None, b: str | int) -> pd.DataFrame:
        """Row-level changes from version a (None: empty) to version b: status new, changed,
        removed or unchanged, with both values."""
        left = self.rows(self.version(a)) if a is not None else empty_rows()
        right = self.rows(self.version(b))
        return diff_rows(left, right)


def _key_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df[KEY].copy()
    out["year"] = out["year"].astype("string").fillna("")
    return out


def _without(base: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Base rows not replaced by a new row with the same key."""
    if base.empty:
        return base
    keys = set(map(tuple, _key_frame(new).to_numpy()))
    drop = [tuple(k) in keys for k in _key_frame(base).to_numpy()]
    return base[[not d for d in drop]]


def diff_rows(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Compare by key (source, metric, regency, year, period, category)."""
    left = _key_frame(old).assign(value_old=old["value"].to_numpy(), dataset_old=old["dataset"].to_numpy())
    right = _key_frame(new).assign(value_new=new["value"].to_numpy(), dataset_new=new["dataset"].to_numpy(),
                                   unit=new["unit"].to_numpy())
    merged = left.merge(right, on=KEY, how="outer", indicator=True)
    status = []
    for side, a, b in zip(merged["_merge"], merged["value_old"], merged["value_new"], strict=True):
        if side == "right_only":
            status.append("new")
        elif side == "left_only":
            status.append("removed")
        else:
            status.append("unchanged" if abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
                          else "changed")
    merged["status"] = status
    return merged.drop(columns="_merge").reset_index(drop=True)


def compare_rows(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, int]:
    """How many of `new`'s rows are new, changed or unchanged against `old` (same keys)."""
    d = diff_rows(old, new)
    d = d[d["status"] != "removed"]
    return {s: int((d["status"] == s).sum()) for s in ("new", "changed", "unchanged")}


def row_id(dataset_id: str, row) -> str:
    year = "undated" if pd.isna(row.year) else str(int(row.year))
    parts = [dataset_id, row.regency_code, year, row.metric]
    if row.period:
        parts.append(re.sub(r"[^0-9a-z]+", "_", str(row.period).lower()).strip("_"))
    if row.category:
        parts.append(str(row.category))
    return ".".join(parts)


def dataset_record(dataset_id: str, version: str, meta: dict) -> dict:
    """The metadata record of one import, in catalog.Dataset's fields."""
    date = _now()[:10]
    source = meta.get("source") or "tidak disebutkan / not stated"
    title = meta.get("title") or {lang: t("importer.dataset_title_untyped", lang, file=meta.get("file_name", ""))
                                  for lang in LANGS}
    citation = (f"{source}. Berkas {meta.get('file_name', '')} (sha256 {meta.get('sha256', '')[:12]}), "
                f"diimpor oleh {meta.get('uploader') or '?'} pada {date}, versi {version}.")
    return {
        "id": dataset_id, "kind": "imported", "title": title, "producer": source, "citation": citation,
        "url": "", "licence": meta.get("licence") or "tidak dinyatakan / not stated",
        "period": meta.get("period", ""), "accessed": date, "trust": meta.get("trust") or "medium",
        "notes": meta.get("notes", ""), "uploader": meta.get("uploader", ""),
        "file_name": meta.get("file_name", ""), "file_sha256": meta.get("sha256", ""), "version": version,
        "import_kind": meta.get("kind", ""),
    }


def active_key(root: Path | None = None) -> tuple[str, str] | None:
    """What catalog caches on: the store folder and its newest version (None: nothing imported)."""
    store = Store(root)
    name = store.latest_name()
    return (str(store.root), name) if name else None
