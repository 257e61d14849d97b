"""Async engine, sessions, and the one-transaction-per-request dependency."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

# A writer waits this long for the database lock before giving up with "database is locked".
# Write transactions hold the lock while the event loop serves other requests, so with a
# class of students answering at once a writer can wait several seconds (measured: up to 6 s
# for 15 students on one process): a slow answer is better than a lost one.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any, *, foreign_keys: bool) -> None:
    # WAL lets readers work while a writer commits (several pix-tui processes, several
    # workers); busy_timeout makes a writer wait for the lock instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cursor.close()
    # SQLite's own lower() only knows ASCII: "Évaluation" would not match "évaluation" in a
    # case-insensitive search. Python's is Unicode-aware, like PostgreSQL's.
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def create_engine(
    database_url: str, *, echo: bool = False, pooled: bool = True, foreign_keys: bool = True
) -> AsyncEngine:
    """An async engine; on SQLite every connection gets WAL, busy_timeout and foreign keys.

    `pooled=False` for short-lived engines (migrations, seeding, CLI) so nothing stays open.
    `foreign_keys=False` only for migrations: SQLite batch mode recreates tables.
    """
    kwargs: dict[str, Any] = {"echo": echo}
    if not pooled:
        kwargs["poolclass"] = NullPool
    engine = create_async_engine(database_url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _on_connect(dbapi_connection: Any, record: Any) -> None:
            _set_sqlite_pragmas(dbapi_connection, record, foreign_keys=foreign_keys)

        event.listen(engine.sync_engine, "before_cursor_execute", _lock_for_update_on_sqlite)

    return engine


def _lock_for_update_on_sqlite(
    connection: Any, cursor: Any, _sql: str, _params: Any, context: Any, _many: bool
) -> None:
    """Give `SELECT ... FOR UPDATE` its meaning on SQLite: take the database's write lock.

    SQLite has no row locks and drops FOR UPDATE, and its driver opens a transaction only at
    the first write: two requests could both read "not archived yet", then both archive. So
    before such a read, outside a transaction, `BEGIN IMMEDIATE` waits for the write lock
    (busy_timeout) and the read sees the latest state, as PostgreSQL's row lock would make it.
    """
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    if getattr(statement, "_for_update_arg", None) is None:
        return
    if not connection.connection.driver_connection.in_transaction:
        cursor.execute("BEGIN IMMEDIATE")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after the commit that ends the request.
    return async_sessionmaker(engine, expire_on_commit=False)


@dataclass
class Database:
    """What an app (or a script) needs to talk to its database."""

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]

    @classmethod
    def connect(cls, database_url: str, *, echo: bool = False, pooled: bool = True) -> Database:
        engine = create_engine(database_url, echo=echo, pooled=pooled)
        return cls(engine=engine, sessionmaker=create_sessionmaker(engine))

    async def dispose(self) -> None:
        await self.engine.dispose()


async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request: committed when the route returns, rolled back if it raises.

    Used with scope="function" (see `SessionDep`) so the commit happens *before* the response
    is sent: a client that gets its 200 and sends the next request sees the change.
    """
    database: Database = request.app.state.database
    async with database.sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


SessionDep = Annotated[AsyncSession, Depends(request_session, scope="function")]
