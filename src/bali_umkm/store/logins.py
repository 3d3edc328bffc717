"""Failed logins in the database, so every session, tab and replica sees the same counts.

One row per (scope, subject): scope "account" or "address". `locked(...)` opens a transaction in
which the rows of the given subjects are locked against other writers (PostgreSQL: SELECT ... FOR
UPDATE; SQLite: BEGIN IMMEDIATE), so two attempts at the same moment are counted one after the
other. The policy (how long to wait after how many failures) is auth.py's.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from . import db, schema

Subject = tuple[str, str]  # (scope, subject)


@dataclass(frozen=True)
class Failures:
    failures: int = 0
    last_at: float = 0.0
    next_at: float = 0.0


def _insert(eng: sa.Engine):
    return (postgresql.insert if db.is_postgres(eng) else sqlite.insert)(schema.login_failures)


def read(eng: sa.Engine, subjects: list[Subject]) -> dict[Subject, Failures]:
    t = schema.login_failures
    keys = sa.tuple_(t.c.scope, t.c.subject).in_(subjects)
    try:
        with eng.connect() as conn:
            found = conn.execute(sa.select(t.c.scope, t.c.subject, t.c.failures, t.c.last_at, t.c.next_at)
                                 .where(keys)).all()
    except sa.exc.OperationalError as exc:
        raise db.StoreUnavailable(f"basis data tidak bisa dibaca / the database cannot be read: {exc.orig}") from exc
    out = {s: Failures() for s in subjects}
    out.update({(r.scope, r.subject): Failures(r.failures, r.last_at, r.next_at) for r in found})
    return out


@contextlib.contextmanager
def locked(eng: sa.Engine, subjects: list[Subject]):
    """(conn, {subject: Failures}) with those rows locked until the block ends (then committed)."""
    t = schema.login_failures
    ctx = eng.begin() if db.is_postgres(eng) else db.writing(eng, wait=10)
    with ctx as conn:
        conn.execute(_insert(eng).values([{"scope": s, "subject": sub, "failures": 0, "last_at": 0.0,
                                           "next_at": 0.0} for s, sub in subjects]).on_conflict_do_nothing())
        query = sa.select(t.c.scope, t.c.subject, t.c.failures, t.c.last_at, t.c.next_at).where(
            sa.tuple_(t.c.scope, t.c.subject).in_(subjects))
        if db.is_postgres(eng):
            query = query.order_by(t.c.scope, t.c.subject).with_for_update()
        current = {(r.scope, r.subject): Failures(r.failures, r.last_at, r.next_at) for r in conn.execute(query)}
        yield conn, current


def save(conn: sa.Connection, subject: Subject, value: Failures) -> None:
    t = schema.login_failures
    conn.execute(sa.update(t).where(t.c.scope == subject[0], t.c.subject == subject[1])
                 .values(failures=value.failures, last_at=value.last_at, next_at=value.next_at))


def clear(eng: sa.Engine, subjects: list[Subject]) -> None:
    t = schema.login_failures
    with eng.begin() as conn:
        conn.execute(sa.delete(t).where(sa.tuple_(t.c.scope, t.c.subject).in_(subjects)))


def forget_older_than(eng: sa.Engine, cutoff: float) -> int:
    """Delete rows whose last failure is before `cutoff` and that hold no wait (client addresses
    are personal data: kept only while they matter)."""
    t = schema.login_failures
    with eng.begin() as conn:
        return conn.execute(sa.delete(t).where(t.c.last_at < cutoff, t.c.next_at < cutoff)).rowcount
