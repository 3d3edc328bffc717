"""Which database, one engine per database per process, the schema brought up to date, and the
writers' lock.

One setting chooses the database: `BALI_UMKM_DATABASE_URL` (e.g.
`postgresql+psycopg://bali_umkm@db:5432/bali_umkm`; the password may instead come from the file
named by `BALI_UMKM_DATABASE_PASSWORD_FILE`, as Docker and Kubernetes secrets give it). Without
it the store is an SQLite file, `store.sqlite3`, in the store folder (`BALI_UMKM_STORE`, default
`data/store/`), created readable by the service account alone.

SQLite runs in WAL mode (readers never wait for the writer) with `synchronous=FULL`, and
SQLAlchemy emits BEGIN itself (the sqlite3 module's legacy mode would not put SELECTs and DDL in
the transaction); a writer starts with BEGIN IMMEDIATE, so two writers queue on the database
file's lock. On PostgreSQL a writer takes a transaction-level advisory lock. Either lock dies
with its transaction, so a writer killed with kill -9 leaves neither a half-written version nor a
held lock.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import time
from collections import OrderedDict
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from ..paths import DATA_DIR
from . import schema

STORE_ENV = "BALI_UMKM_STORE"
URL_ENV = "BALI_UMKM_DATABASE_URL"
PASSWORD_FILE_ENV = "BALI_UMKM_DATABASE_PASSWORD_FILE"
DEFAULT_ROOT = DATA_DIR / "store"
SQLITE_NAME = "store.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE_LOCK = 0x62616C69  # "bali": the advisory lock key of the store's writers on PostgreSQL
_MIGRATE_LOCK = 0x62616C6A
HEAD = "0001"  # the newest migration (a test keeps this equal to Alembic's head)
_MAX_ENGINES = 8  # tests open many small stores: keep a few engines, dispose the rest


class StoreError(Exception):
    """Something the caller should tell the user (message in Indonesian / English)."""


class StoreBusy(StoreError):
    """Another import holds the lock."""


class StoreUnavailable(StoreError, OSError):
    """The database cannot be reached or read (an OSError too, so callers that fall back to the
    shipped data when the store cannot be read keep doing so)."""


def default_root() -> Path:
    env = os.environ.get(STORE_ENV, "").strip()
    return Path(env).expanduser() if env else DEFAULT_ROOT


def sqlite_url(root: Path) -> str:
    return f"sqlite:///{Path(os.path.abspath(root)) / SQLITE_NAME}"  # no syscalls: asked on every page read


def configured_url() -> str | None:
    url = os.environ.get(URL_ENV, "").strip()
    if not url:
        return None
    password_file = os.environ.get(PASSWORD_FILE_ENV, "").strip()
    if password_file:
        parsed = sa.make_url(url)
        if not parsed.password:
            secret = Path(password_file).read_text(encoding="utf-8").strip()
            url = parsed.set(password=secret).render_as_string(hide_password=False)
    return url


def display(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return sa.make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the database file (and its folder) for the service account alone; refuse a file that
    is a symbolic link (nothing in the store is ever reached through one)."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        if path.is_symlink():
            raise StoreError(f"berkas penyimpanan adalah tautan simbolik; ditolak / the store file {path} is a "
                             "symbolic link; refused") from exc
        raise StoreUnavailable(f"penyimpanan tidak bisa dibuka / cannot open the store {path}: {exc}") from exc
    try:
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        if mode & 0o077:
            os.fchmod(fd, 0o600)  # personal data may be inside: nobody else reads it
    finally:
        os.close(fd)


def _sqlite_engine(url: str) -> sa.Engine:
    path = sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see below)
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        options = conn.get_execution_options()
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(options.get('bali_wait_ms', 30000))}")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get("bali_write") else "BEGIN")

    return engine.execution_options(schema_translate_map={schema.PRIVATE: None})


def _postgres_engine(url: str) -> sa.Engine:
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


_engines: OrderedDict[str, sa.Engine] = OrderedDict()
_engines_lock = threading.Lock()


def engine(url: str) -> sa.Engine:
    """The process's engine for `url`, its schema migrated to the newest revision on first use."""
    with _engines_lock:
        found = _engines.get(url)
        if found is not None:
            _engines.move_to_end(url)
            return found
        try:
            eng = _sqlite_engine(url) if url.startswith("sqlite") else _postgres_engine(url)
            migrate(eng)
        except sa.exc.OperationalError as exc:
            raise StoreUnavailable(f"basis data tidak bisa dihubungi / cannot reach the database "
                                   f"{display(url)}: {exc.orig}") from exc
        _engines[url] = eng
        while len(_engines) > _MAX_ENGINES:
            _, old = _engines.popitem(last=False)
            old.dispose()
        from . import raw  # (raw imports this module)

        raw.clean_abandoned(eng)  # staged raw records of imports that were never confirmed
        return eng


def forget(url: str) -> None:
    """Dispose of the process's engine for `url` (tests that drop a database)."""
    with _engines_lock:
        eng = _engines.pop(url, None)
    if eng is not None:
        eng.dispose()


def is_postgres(eng: sa.Engine) -> bool:
    return eng.dialect.name == "postgresql"


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(conn: sa.Connection) -> str | None:
    try:
        with conn.begin_nested():
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DatabaseError:
        return None


def migrate(eng: sa.Engine) -> None:
    """Bring the schema to the newest revision, one process at a time (a PostgreSQL advisory lock,
    or SQLite's write lock), so replicas starting together do not race. A database already at HEAD
    costs one query (Alembic is not even imported)."""
    with eng.connect() as conn, conn.begin():
        if current_revision(conn) == HEAD:
            return
    from alembic import command

    cfg = alembic_config()
    if is_postgres(eng):
        with eng.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATE_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    else:
        with eng.connect().execution_options(bali_write=True) as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


@contextlib.contextmanager
def writing(eng: sa.Engine, wait: float):
    """A transaction holding the store's write lock; StoreBusy when another writer keeps it for
    longer than `wait` seconds. Commits when the block ends, rolls back on an exception."""
    busy = StoreBusy("impor lain sedang berjalan; coba lagi sebentar lagi / another import is running; "
                     "try again shortly")
    wait = max(float(wait), 0.0)
    if is_postgres(eng):
        with eng.begin() as conn:
            deadline = time.monotonic() + wait
            while not conn.execute(sa.text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _WRITE_LOCK}).scalar():
                if time.monotonic() >= deadline:
                    raise busy
                time.sleep(0.05)
            yield conn
        return
    conn = eng.connect().execution_options(bali_write=True, bali_wait_ms=int(wait * 1000))
    try:
        try:
            trans = conn.begin()
        except sa.exc.OperationalError as exc:
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise busy from None
            raise
        try:
            yield conn
        except BaseException:
            trans.rollback()
            raise
        trans.commit()
    finally:
        conn.close()
