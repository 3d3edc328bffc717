"""The store's first schema: versions, their rows, raw registry records, failed logins.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

PRIVATE = "bali_umkm_private"


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    private = PRIVATE if postgres else None
    op.create_table(
        "store_versions",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("manifest", sa.JSON, nullable=False),
        sa.Column("datasets", sa.JSON, nullable=False),
    )
    op.create_table(
        "store_rows",
        sa.Column("version", sa.Integer, sa.ForeignKey("store_versions.number"), primary_key=True,
                  autoincrement=False),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        *[sa.Column(name, sa.Text, nullable=False) for name in ("id", "dataset", "regency_code")],
        sa.Column("year", sa.Integer, nullable=True),
        *[sa.Column(name, sa.Text, nullable=False) for name in ("period", "category", "metric")],
        sa.Column("value", sa.Double, nullable=True),
        *[sa.Column(name, sa.Text, nullable=False)
          for name in ("unit", "qualifier", "published", "trust", "note", "source_kind")],
        sa.Column("tolerance", sa.Double, nullable=False),
        sa.Column("source_key", sa.Text, nullable=False),
    )
    if postgres:
        # Raw registry records hold personal data: a schema of their own that no other role may
        # use (a read-only role granted SELECT on the public tables still cannot read them).
        op.execute(f"CREATE SCHEMA IF NOT EXISTS {PRIVATE}")
        op.execute(f"REVOKE ALL ON SCHEMA {PRIVATE} FROM PUBLIC")
    op.create_table(
        "store_raw_batches",
        sa.Column("token", sa.String(32), primary_key=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("created", sa.Double, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        schema=private,
    )
    op.create_index("ix_store_raw_batches_version", "store_raw_batches", ["version"], schema=private)
    op.create_table(
        "store_raw_chunks",
        sa.Column("token", sa.String(32),
                  sa.ForeignKey(f"{private}.store_raw_batches.token" if private else "store_raw_batches.token",
                                ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        schema=private,
    )
    if postgres:
        op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {PRIVATE} FROM PUBLIC")
    op.create_table(
        "login_failures",
        sa.Column("scope", sa.String(16), primary_key=True),
        sa.Column("subject", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_at", sa.Double, nullable=False),
        sa.Column("next_at", sa.Double, nullable=False),
    )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    private = PRIVATE if postgres else None
    op.drop_table("login_failures")
    op.drop_table("store_raw_chunks", schema=private)
    op.drop_table("store_raw_batches", schema=private)
    op.drop_table("store_rows")
    op.drop_table("store_versions")
    if postgres:
        op.execute(f"DROP SCHEMA IF EXISTS {PRIVATE}")
