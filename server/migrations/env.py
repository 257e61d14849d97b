"""Alembic environment: async engines, SQLite batch mode, one history for SQLite and PostgreSQL.

Configured programmatically by server.migrate (no alembic.ini): the URL arrives in
`config.attributes["database_url"]`.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from server.db import create_engine
from server.models import Base

# Any fixed number: PostgreSQL sessions migrating the same database wait for each other.
PG_MIGRATION_LOCK_ID = 7_311_202_401

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to the migrations")
    return str(url)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode recreates the table instead.
        render_as_batch=True,
        compare_type=True,
    )


def _run_migrations(connection: Connection) -> None:
    is_postgres = connection.dialect.name == "postgresql"
    if is_postgres:
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": PG_MIGRATION_LOCK_ID})
        connection.commit()
    try:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if is_postgres:
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": PG_MIGRATION_LOCK_ID})
            connection.commit()


async def _run_online() -> None:
    # Foreign keys off on SQLite while migrating: batch mode drops and recreates tables.
    engine = create_engine(_database_url(), pooled=False, foreign_keys=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_migrations)
    finally:
        await engine.dispose()


def _run_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    # server.migrate runs us in a thread of our own, so there is no running loop here.
    asyncio.run(_run_online())
