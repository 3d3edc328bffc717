"""A registry's raw records (personal data: names, NIBs), kept only when the admin opts in, and
then only inside the store: never in the system temp folder.

`RawBatch` is a write-only file object. The importer's Parquet writer writes into it while the
file is checked; it sends the bytes to the database in 8 MB chunks, each in its own transaction,
as a *staged* batch (no version yet). Confirming the import attaches the batch to the new version
in the same transaction that writes the version; discarding it (`unlink`, named like
`Path.unlink` because it replaces the temporary file the importer used to write) deletes it.
Batches a process staged and never confirmed (an abandoned upload, a killed import) are deleted
when a process on the same host starts and finds their process gone, or by any process once they
are older than `ABANDONED_AFTER` seconds.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import time
import uuid

import sqlalchemy as sa

from . import schema

CHUNK = 8 << 20
ABANDONED_AFTER = 3600.0
WAIT = 30.0  # seconds a staging or discarding write waits for another import's lock (SQLite)


@contextlib.contextmanager
def _store_errors():
    """The database's own errors as the store's: StoreBusy while another import holds the lock,
    StoreUnavailable otherwise (the page shows either without losing anything)."""
    from .db import StoreBusy, StoreUnavailable

    try:
        yield
    except sa.exc.OperationalError as exc:
        text = str(getattr(exc, "orig", exc))
        if "locked" in text or "busy" in text:
            raise StoreBusy("impor lain sedang berjalan; coba lagi sebentar lagi / another import is running; "
                            "try again shortly") from exc
        raise StoreUnavailable(f"penyimpanan tidak bisa dibaca / the store cannot be read: {text}") from exc


def _writer(eng: sa.Engine) -> sa.Engine:
    return eng.execution_options(bali_write=True, bali_wait_ms=int(WAIT * 1000))


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (/proc), '' when unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def owner() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid)}"


def _owner_gone(text: str) -> bool:
    """True when `text` names a process on this host that no longer runs."""
    host, _, rest = text.partition(":")
    pid, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    return _start_time(int(pid)) != started


def clean_abandoned(eng: sa.Engine, now: float | None = None) -> int:
    """Delete staged batches whose process is gone or which are older than ABANDONED_AFTER."""
    now = time.time() if now is None else now
    b = schema.raw_batches
    with eng.begin() as conn:
        staged = conn.execute(sa.select(b.c.token, b.c.owner, b.c.created).where(b.c.version.is_(None))).all()
        gone = [t for t, who, created in staged if _owner_gone(who) or now - created > ABANDONED_AFTER]
        if gone:
            conn.execute(sa.delete(schema.raw_chunks).where(schema.raw_chunks.c.token.in_(gone)))
            conn.execute(sa.delete(b).where(b.c.token.in_(gone)))
    return len(gone)


class RawBatch(io.RawIOBase):
    """Raw records being staged in the store (see the module's docstring)."""

    def __init__(self, eng: sa.Engine, file_sha256: str = ""):
        super().__init__()
        self.engine = eng
        self.token = uuid.uuid4().hex
        self._buffer = bytearray()
        self._seq = 0
        self._size = 0
        self._discarded = False
        self._tail_in_transaction = False
        with _store_errors(), _writer(eng).begin() as conn:
            conn.execute(sa.insert(schema.raw_batches).values(token=self.token, version=None, created=time.time(),
                                                              owner=owner(), file_sha256=file_sha256 or ""))

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._discarded:
            raise ValueError("raw batch discarded")
        view = memoryview(data).cast("B")
        self._buffer += view
        self._size += len(view)
        if len(self._buffer) >= CHUNK:
            self._flush_chunk()
        return len(view)

    def tell(self) -> int:
        return self._size

    def _flush_chunk(self) -> None:
        if not self._buffer:
            return
        with _store_errors(), _writer(self.engine).begin() as conn:
            conn.execute(sa.insert(schema.raw_chunks).values(token=self.token, seq=self._seq,
                                                             data=bytes(self._buffer)))
        self._seq += 1
        self._buffer.clear()

    def finish(self) -> None:
        """Send what is still buffered (the import's confirmation calls this)."""
        if not self._discarded:
            self._flush_chunk()

    def close(self) -> None:
        """The Parquet writer may close its sink: the buffered tail stays in memory until `finish`
        (never sent from a garbage collector's close, which could run at interpreter exit)."""
        super().close()

    def unlink(self, missing_ok: bool = True) -> None:
        """Discard the staged records (nothing happens to records already attached to a version).
        StoreBusy / StoreUnavailable when the database refuses: the batch is then still staged, and
        a later `unlink` (or the clean-up of abandoned batches) removes it."""
        b, c = schema.raw_batches, schema.raw_chunks
        with _store_errors(), _writer(self.engine).begin() as conn:
            if conn.execute(sa.select(b.c.version).where(b.c.token == self.token)).scalar() is None:
                conn.execute(sa.delete(c).where(c.c.token == self.token))
                conn.execute(sa.delete(b).where(b.c.token == self.token, b.c.version.is_(None)))
        self._discarded = True
        self._buffer.clear()

    def chunks(self, conn: sa.Connection):
        c = schema.raw_chunks
        for (data,) in conn.execute(sa.select(c.c.data).where(c.c.token == self.token).order_by(c.c.seq)):
            yield data

    def attached(self) -> None:
        """The writer's transaction that `attach` wrote into has committed: the tail is stored."""
        if self._tail_in_transaction:
            self._tail_in_transaction = False
            self._seq += 1
            self._buffer.clear()

    def attach(self, conn: sa.Connection, version: int, same_database: bool) -> None:
        """Make the staged records part of `version` inside the writer's transaction `conn`."""
        from .db import StoreError

        b, c = schema.raw_batches, schema.raw_chunks
        if same_database:
            # The buffered tail goes in the writer's own transaction: a separate write would wait for
            # the lock another import holds (SQLite has one writer). It stays buffered until
            # `attached` (after the commit), so a rolled-back or refused import can be tried again.
            if self._buffer and not self._discarded:
                conn.execute(sa.insert(c).values(token=self.token, seq=self._seq, data=bytes(self._buffer)))
                self._tail_in_transaction = True
            done = conn.execute(sa.update(b).where(b.c.token == self.token, b.c.version.is_(None))
                                .values(version=version)).rowcount
            if done != 1:
                raise StoreError("data mentah yang disiapkan sudah tidak ada; periksa berkas lagi / the staged raw "
                                 "records are gone; check the file again")
            return
        # staged in another store (a caller mixing stores): copy the chunks over
        self.finish()
        with self.engine.connect() as src:
            sha = src.execute(sa.select(b.c.file_sha256).where(b.c.token == self.token)).scalar() or ""
            conn.execute(sa.insert(b).values(token=self.token, version=version, created=time.time(), owner=owner(),
                                             file_sha256=sha))
            for seq, data in enumerate(self.chunks(src)):
                conn.execute(sa.insert(c).values(token=self.token, seq=seq, data=data))
