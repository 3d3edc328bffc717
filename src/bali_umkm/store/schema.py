"""The store's tables (SQLAlchemy Core). The Alembic migrations in migrations/versions/ create
exactly these; a test compares the two on both databases.

- store_versions: one row per version, append-only. `manifest` and `datasets` are JSON so the
  importer can add metadata keys without a migration.
- store_rows: every imported row active at a version (a full snapshot per version, so reading the
  active data is one indexed range scan and a rollback is a copy).
- store_raw_batches / store_raw_chunks: a registry's raw records (personal data), only when the
  admin opts in: Parquet bytes in chunks, staged while the file is checked and attached to a
  version when the import is confirmed. On PostgreSQL they live in their own schema that no other
  role may use; on SQLite the database file is readable by the service account alone (0600).
- login_failures: failed logins per account and per client address, shared by every replica.
"""

from __future__ import annotations

import sqlalchemy as sa

PRIVATE = "bali_umkm_private"  # PostgreSQL schema of the raw records; no schema on SQLite
TEXT_COLUMNS = ("id", "dataset", "regency_code", "period", "category", "metric", "unit", "qualifier", "published",
                "trust", "note", "source_kind", "source_key")



def _define(md: sa.MetaData, private: str | None) -> tuple[sa.Table, ...]:
    """The tables in `md`; `private`: the schema of the raw records (None on SQLite)."""
    prefix = f"{private}." if private else ""
    versions = sa.Table(
        "store_versions", md,
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("manifest", sa.JSON, nullable=False),
        sa.Column("datasets", sa.JSON, nullable=False),
    )

    rows = sa.Table(
        "store_rows", md,
        sa.Column("version", sa.Integer, sa.ForeignKey("store_versions.number"), primary_key=True,
                  autoincrement=False),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("dataset", sa.Text, nullable=False),
        sa.Column("regency_code", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("metric", sa.Text, nullable=False),
        sa.Column("value", sa.Double, nullable=True),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("qualifier", sa.Text, nullable=False),
        sa.Column("published", sa.Text, nullable=False),
        sa.Column("trust", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("source_kind", sa.Text, nullable=False),
        sa.Column("tolerance", sa.Double, nullable=False),
        sa.Column("source_key", sa.Text, nullable=False),
    )

    raw_batches = sa.Table(
        "store_raw_batches", md,
        sa.Column("token", sa.String(32), primary_key=True),
        sa.Column("version", sa.Integer, nullable=True),  # NULL while staged
        sa.Column("created", sa.Double, nullable=False),  # epoch seconds
        sa.Column("owner", sa.String(200), nullable=False),  # host:pid:start of the process that staged it
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Index("ix_store_raw_batches_version", "version"),
        schema=private,
    )

    raw_chunks = sa.Table(
        "store_raw_chunks", md,
        sa.Column("token", sa.String(32), sa.ForeignKey(f"{prefix}store_raw_batches.token", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        schema=private,
    )

    login_failures = sa.Table(
        "login_failures", md,
        sa.Column("scope", sa.String(16), primary_key=True),  # "account" or "address"
        sa.Column("subject", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_at", sa.Double, nullable=False),  # epoch seconds
        sa.Column("next_at", sa.Double, nullable=False),  # no try is checked before this time
    )

    return versions, rows, raw_batches, raw_chunks, login_failures


metadata = sa.MetaData()  # as on PostgreSQL; queries use these (SQLite engines drop the schema)
versions, rows, raw_batches, raw_chunks, login_failures = _define(metadata, PRIVATE)
_sqlite_metadata = sa.MetaData()
_define(_sqlite_metadata, None)


def metadata_for(dialect: str) -> sa.MetaData:
    """The tables as they are on `dialect`: SQLite has no schemas, so the private tables sit with
    the others there (as the SQLite engine's schema_translate_map puts them for queries)."""
    return metadata if dialect == "postgresql" else _sqlite_metadata
