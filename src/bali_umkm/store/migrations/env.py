"""Alembic environment of the import store. The store applies `upgrade head` itself on first use
(db.migrate) and hands Alembic its connection; the command line works too, on the configured
database (BALI_UMKM_DATABASE_URL, else the SQLite file in the store folder):

    alembic -c src/bali_umkm/store/migrations/alembic.ini current
"""

import sqlalchemy as sa
from alembic import context

from bali_umkm.store import Store, schema


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=schema.metadata_for(connection.dialect.name),
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with sa.create_engine(Store().url).connect() as conn:
        run(conn)
