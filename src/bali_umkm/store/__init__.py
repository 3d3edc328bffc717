"""A versioned, append-only store of imported figures that never loses anything, in a database.

SQLite by default (a file in the store folder, `$BALI_UMKM_STORE`, default `data/store/`:
`make run` needs nothing else); PostgreSQL for several server processes or machines, chosen by
`BALI_UMKM_DATABASE_URL` (db.py). The schema is managed by the Alembic migrations in
`migrations/`, applied on first use.

- Each version is a row of `store_versions` (time, uploader, file name, sha256, rows, kind,
  action..., as JSON) plus a full snapshot of the imported rows active at that version in
  `store_rows`. Versions are never changed or deleted: a rollback writes a new version holding an
  older one's rows.
- An import is one transaction: a crash or kill -9 at any moment leaves the previous version
  active and no trace of the new one.
- Two writers at once: the second waits for the lock (up to `wait` seconds) and then builds on the
  first one's version, or gives up with `StoreBusy` (a clear refusal).
- Readers find the active version (the newest) with one indexed query: `active_key()`, asked at
  most once a second per process (KEY_TTL; this process's own writes are seen at once).

No Streamlit here, and no import of catalog (catalog reads this module).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from ..i18n import LANGS, t
from . import db, schema
from .db import StoreBusy, StoreError, StoreUnavailable, default_root
from .raw import RawBatch

__all__ = ["COLUMNS", "KEY", "RawBatch", "Store", "StoreBusy", "StoreError", "StoreUnavailable", "Version",
           "active", "active_key", "commit_import", "compare_rows", "dataset_record", "datasets", "default_root",
           "diff", "diff_rows", "normalise_rows", "rollback", "row_id", "rows", "source_key", "version", "versions"]

ENV = db.STORE_ENV
URL_ENV = db.URL_ENV
DEFAULT_ROOT = db.DEFAULT_ROOT
# The catalogue's tidy schema (catalog.COLUMNS; a test keeps the two equal) plus the source key
# that decides which earlier rows a new import replaces.
COLUMNS = ["id", "dataset", "regency_code", "year", "period", "category", "metric", "value", "unit",
           "qualifier", "published", "trust", "note", "source_kind", "tolerance"]
KEY = ["source_key", "metric", "regency_code", "year", "period", "category"]
_VERSION = re.compile(r"^v(\d{6})$")
_TEXT = [c for c in COLUMNS if c not in ("year", "value", "tolerance")]
_ROW_COLUMNS = [*COLUMNS, "source_key"]

# Tests replace this to stop a writer at a named stage ("locked": the write lock is held;
# "rows_written": the new version's rows are written, not yet committed).
_hook = None


@dataclass(frozen=True)
class Version:
    name: str  # "v000003"
    number: int
    manifest: dict

    @property
    def created(self) -> str:
        return self.manifest.get("created", "")


def version_name(number: int) -> str:
    return f"v{number:06d}"


def source_key(text: str) -> str:
    return " ".join(str(text or "").lower().split())


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _stage(name: str) -> None:
    if _hook is not None:
        _hook(name)


def empty_rows() -> pd.DataFrame:
    return normalise_rows(pd.DataFrame({c: pd.Series(dtype=object) for c in _ROW_COLUMNS}))


def normalise_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The store's columns and types: text as str, year Int64, value and tolerance float."""
    out = rows.copy()
    for col in [*_TEXT, "source_key"]:
        if col not in out:
            out[col] = ""
        out[col] = out[col].fillna("").astype(str)
    out["year"] = pd.to_numeric(out.get("year"), errors="coerce").astype("Int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    out["tolerance"] = out.get("tolerance", 0.0)
    out["tolerance"] = pd.to_numeric(out["tolerance"], errors="coerce").fillna(0.0).astype(float)
    return out[_ROW_COLUMNS].reset_index(drop=True)


def _unavailable(exc: sa.exc.SQLAlchemyError) -> StoreUnavailable:
    orig = getattr(exc, "orig", None) or exc
    return StoreUnavailable(f"penyimpanan tidak bisa dibaca / the store cannot be read: {orig}")


class Store:
    """The import store. `Store()` follows the settings; `Store(folder)` is the SQLite store in that
    folder; `Store("postgresql+psycopg://...")` (any URL) that database."""

    def __init__(self, root: Path | str | None = None):
        if isinstance(root, str) and "://" in root:
            self.url, self.root = root, None
        elif root is not None:
            self.root = Path(root)
            self.url = db.sqlite_url(self.root)
        else:
            configured = db.configured_url()
            self.root = None if configured else default_root()
            self.url = configured or db.sqlite_url(self.root)

    def __repr__(self) -> str:
        return f"Store({self.where!r})"

    @property
    def where(self) -> str:
        """Where the store is, for people: the folder, or the database URL without its password."""
        return str(self.root) if self.root is not None else db.display(self.url)

    @property
    def engine(self) -> sa.Engine:
        return db.engine(self.url)

    def _exists(self) -> bool:
        """False for an SQLite store whose file was never created (reading must not create it)."""
        path = db.sqlite_path(self.url)
        return path is None or path.exists()

    # ---- reading -------------------------------------------------------------------------
    def latest_number(self) -> int | None:
        """The newest version's number: one indexed query (None: nothing imported)."""
        if not self._exists():
            return None
        try:
            with self.engine.connect() as conn:
                return conn.execute(sa.select(sa.func.max(schema.versions.c.number))).scalar()
        except sa.exc.SQLAlchemyError as exc:
            raise _unavailable(exc) from exc

    def latest_name(self) -> str | None:
        number = self.latest_number()
        return version_name(number) if number is not None else None

    def versions(self) -> list[Version]:
        """Every version, oldest first."""
        if not self._exists():
            return []
        v = schema.versions
        try:
            with self.engine.connect() as conn:
                found = conn.execute(sa.select(v.c.number, v.c.manifest).order_by(v.c.number)).all()
        except sa.exc.SQLAlchemyError as exc:
            raise _unavailable(exc) from exc
        return [Version(version_name(n), n, dict(m)) for n, m in found]

    def version(self, ref: str | int) -> Version:
        text = str(ref).strip()
        digits = text[1:] if text[:1] in "vV" else text
        if not digits.isdigit():
            raise StoreError(f"versi tidak dikenal / unknown version: {ref!r}")
        number = int(digits)
        manifest = None
        if self._exists():
            with self.engine.connect() as conn:
                manifest = conn.execute(sa.select(schema.versions.c.manifest)
                                        .where(schema.versions.c.number == number)).scalar()
        if manifest is None:
            raise StoreError(f"versi tidak ada / no such version: {ref!r}")
        return Version(version_name(number), number, dict(manifest))

    def active(self) -> Version | None:
        """The newest version (a rollback is a new version, so the newest is the one in force)."""
        number = self.latest_number()
        return self.version(number) if number is not None else None

    @staticmethod
    def _rows_at(conn: sa.Connection, number: int | None) -> pd.DataFrame:
        if number is None:
            return empty_rows()
        r = schema.rows
        result = conn.execute(sa.select(*[r.c[c] for c in _ROW_COLUMNS]).where(r.c.version == number)
                              .order_by(r.c.seq))
        return normalise_rows(pd.DataFrame(result.all(), columns=_ROW_COLUMNS))

    @staticmethod
    def _datasets_at(conn: sa.Connection, number: int | None) -> list[dict]:
        if number is None:
            return []
        found = conn.execute(sa.select(schema.versions.c.datasets).where(schema.versions.c.number == number)).scalar()
        return list(found or [])

    def rows(self, version: Version | None = None) -> pd.DataFrame:
        if not self._exists():
            return empty_rows()
        try:
            with self.engine.connect() as conn:
                number = version.number if version is not None else conn.execute(
                    sa.select(sa.func.max(schema.versions.c.number))).scalar()
                return self._rows_at(conn, number)
        except sa.exc.SQLAlchemyError as exc:
            raise _unavailable(exc) from exc

    def datasets(self, version: Version | None = None) -> list[dict]:
        if not self._exists():
            return []
        with self.engine.connect() as conn:
            number = version.number if version is not None else conn.execute(
                sa.select(sa.func.max(schema.versions.c.number))).scalar()
            return self._datasets_at(conn, number)

    def raw_records(self, version: Version | str | int) -> pa.Table | None:
        """The raw registry records kept with a version (None when none were kept)."""
        number = version.number if isinstance(version, Version) else self.version(version).number
        b, c = schema.raw_batches, schema.raw_chunks
        with self.engine.connect() as conn:
            token = conn.execute(sa.select(b.c.token).where(b.c.version == number)).scalar()
            if token is None:
                return None
            data = b"".join(d for (d,) in conn.execute(sa.select(c.c.data).where(c.c.token == token)
                                                       .order_by(c.c.seq)))
        return pq.read_table(io.BytesIO(data))

    # ---- writing -------------------------------------------------------------------------
    def stage_raw(self, file_sha256: str = "") -> RawBatch:
        """A file object that stages a registry's raw records in this store (raw.py)."""
        return RawBatch(self.engine, file_sha256)

    def _write(self, conn: sa.Connection, number: int, rows: pd.DataFrame, records: list[dict],
               manifest: dict) -> Version:
        rows = normalise_rows(rows)
        manifest = {**manifest, "version": version_name(number), "number": number, "total_rows": len(rows)}
        conn.execute(sa.insert(schema.versions).values(number=number, created=manifest["created"],
                                                       action=manifest["action"], manifest=manifest,
                                                       datasets=records))
        if len(rows):
            frame = rows.astype(object).where(rows.notna(), None)
            payload = [{"version": number, "seq": i, **rec}
                       for i, rec in enumerate(frame.to_dict(orient="records"))]
            conn.execute(sa.insert(schema.rows), payload)
        return Version(version_name(number), number, manifest)

    def commit_import(self, rows: pd.DataFrame, meta: dict, *, raw: RawBatch | None = None,
                      raw_path: RawBatch | None = None, wait: float = 30.0) -> Version:
        """Store checked rows as a new version: they replace active rows with the same key from
        the same source; everything else stays. `meta`: uploader, file_name, sha256, kind,
        source, licence, trust, notes, title (dict), period, and any other keys (kept in the
        dataset record). `raw` (or `raw_path`, its older name): staged raw registry records."""
        raw = raw if raw is not None else raw_path
        same = raw is not None and raw.engine.url == self.engine.url
        try:
            if raw is not None and not same:
                raw.finish()  # staged in another database: its last chunk is sent before the lock
            with db.writing(self.engine, wait) as conn:
                _stage("locked")
                previous = conn.execute(sa.select(sa.func.max(schema.versions.c.number))).scalar()
                base = self._rows_at(conn, previous)
                records = self._datasets_at(conn, previous)
                number = (previous or 0) + 1
                name = version_name(number)
                dataset_id = f"import_{name}"
                new = rows.copy()
                new["dataset"] = dataset_id
                new["source_key"] = source_key(meta.get("source", ""))
                new["source_kind"] = "imported"
                new["trust"] = meta.get("trust") or "medium"
                new["id"] = [row_id(dataset_id, r) for r in new.itertuples()]
                new = normalise_rows(new)
                summary = compare_rows(base, new)
                merged = pd.concat([_without(base, new), new], ignore_index=True)
                keep_ids = set(merged["dataset"])
                records = [r for r in records if r["id"] in keep_ids]
                records.append(dataset_record(dataset_id, name, meta))
                manifest = {"action": "import", "created": _now(),
                            "parent": version_name(previous) if previous else None, "rows": len(new),
                            "summary": summary, "raw_kept": raw is not None,
                            **{k: meta.get(k, "") for k in ("uploader", "file_name", "sha256", "kind", "source",
                                                            "licence", "trust")}}
                made = self._write(conn, number, merged, records, manifest)
                if raw is not None:
                    raw.attach(conn, number, same_database=same)
                _stage("rows_written")
            if raw is not None:
                raw.attached()
        except sa.exc.OperationalError as exc:
            raise _unavailable(exc) from exc
        finally:
            _forget_key(self.url)
        from .raw import clean_abandoned

        clean_abandoned(self.engine)
        return made

    def rollback(self, target: str | int, uploader: str = "", wait: float = 30.0) -> Version:
        """A new version holding the rows of `target`; nothing is deleted."""
        old = self.version(target)
        try:
            with db.writing(self.engine, wait) as conn:
                _stage("locked")
                previous = conn.execute(sa.select(sa.func.max(schema.versions.c.number))).scalar()
                rows = self._rows_at(conn, old.number)
                manifest = {"action": "rollback", "created": _now(), "rolled_back_to": old.name,
                            "parent": version_name(previous) if previous else None, "uploader": uploader,
                            "file_name": "", "sha256": "", "kind": "rollback", "rows": 0,
                            "summary": compare_rows(self._rows_at(conn, previous), rows) if previous else {}}
                made = self._write(conn, previous + 1, rows, self._datasets_at(conn, old.number), manifest)
                _stage("rows_written")
        except sa.exc.OperationalError as exc:
            raise _unavailable(exc) from exc
        finally:
            _forget_key(self.url)
        return made

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
    """The metadata record of one import, in catalog.Dataset's fields (stored as JSON: a field added
    here or by the importer needs no migration)."""
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


# active_key is asked dozens of times per page run (every catalogue read): the answer is kept for
# KEY_TTL seconds per store, so a page run costs one query, and a version made by another process
# shows within KEY_TTL plus one page run. This process's own writes forget it at once.
KEY_TTL = 1.0
_recent_keys: dict[str, tuple[float, str | None]] = {}


def active_key(root: Path | str | None = None) -> tuple[str, str] | None:
    """What caches of the active data are keyed on: (the store's URL, its newest version's name),
    read with one indexed query at most every KEY_TTL seconds; None when nothing was imported."""
    st = Store(root)
    now = time.monotonic()
    seen = _recent_keys.get(st.url)
    if seen is not None and now - seen[0] < KEY_TTL:
        name = seen[1]
    else:
        name = st.latest_name()
        _recent_keys[st.url] = (now, name)
    return (st.url, name) if name else None


def _forget_key(url: str) -> None:
    _recent_keys.pop(url, None)


# ---- the default store, as functions ---------------------------------------------------------

def commit_import(rows: pd.DataFrame, meta: dict, **kw) -> Version:
    return Store().commit_import(rows, meta, **kw)


def rows(version: Version | None = None) -> pd.DataFrame:
    return Store().rows(version)


def datasets(version: Version | None = None) -> list[dict]:
    return Store().datasets(version)


def active() -> Version | None:
    return Store().active()


def versions() -> list[Version]:
    return Store().versions()


def version(ref: str | int) -> Version:
    return Store().version(ref)


def rollback(target: str | int, uploader: str = "", wait: float = 30.0) -> Version:
    return Store().rollback(target, uploader=uploader, wait=wait)


def diff(a: str | int | None, b: str | int) -> pd.DataFrame:
    return Store().diff(a, b)
