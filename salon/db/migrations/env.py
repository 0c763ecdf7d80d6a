"""Alembic environment: runs revisions against the connection salon hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from salon.db.tables import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_with(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run_with(conn)


def _run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite ALTERs go through table rebuilds
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
