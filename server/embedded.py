"""The demo database behind `pix-tui --demo`: find it, migrate it, seed it, quickly.

Only the standard library is imported up front: when the demo is already prepared (the usual
case) `prepare_demo` answers from one read-only sqlite3 query, without loading SQLAlchemy or
Alembic.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from server.config import APP_NAME, resolve_database_url, sqlite_path
from server.seed_marker import DEMO_SEED_MARKER_KEY, DEMO_SEED_VERSION

try:  # POSIX only; on other systems concurrent first starts are simply not serialized
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


def prepare_demo(database_url: str | None = None, *, reset: bool = False) -> str:
    """Make the demo database ready and return its URL.

    `database_url`: explicit, else $PIX_DATABASE_URL, else a SQLite file in the user data dir.
    `reset=True` throws the demo data away and starts again from a fresh, seeded database.
    An exclusive file lock keeps two pix-tui processes started together from migrating or
    seeding at the same time. Blocking; safe to call from async code (the work runs in
    threads of its own).
    """
    url = resolve_database_url(database_url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    if not reset and _is_prepared(url, path):
        return url
    with _exclusive_lock(_lock_path(url, path)):
        if reset:
            _reset(url, path)
        elif _is_prepared(url, path):  # another process did it while we waited
            return url
        _migrate_and_seed(url)
    return url


def _is_prepared(url: str, path: Path | None) -> bool:
    if path is None:
        return _is_prepared_any_database(url)
    if not path.exists():
        return False
    from server.migrate import head_revisions

    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return False
    try:
        revisions = {
            row[0] for row in connection.execute("SELECT version_num FROM alembic_version")
        }
        marker = connection.execute(
            "SELECT value FROM server_meta WHERE key = ?", (DEMO_SEED_MARKER_KEY,)
        ).fetchone()
    except sqlite3.Error:  # tables missing: never migrated, or migrated before the marker
        return False
    finally:
        connection.close()
    return revisions == head_revisions() and marker is not None and marker[0] == DEMO_SEED_VERSION


def _is_prepared_any_database(url: str) -> bool:
    from server.background import run_coroutine_blocking
    from server.migrate import head_revisions

    async def read() -> bool:
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        from server.db import create_engine

        engine = create_engine(url, pooled=False)
        try:
            async with engine.connect() as connection:
                revisions = {
                    row[0]
                    for row in await connection.execute(
                        text("SELECT version_num FROM alembic_version")
                    )
                }
                marker = await connection.scalar(
                    text("SELECT value FROM server_meta WHERE key = :key"),
                    {"key": DEMO_SEED_MARKER_KEY},
                )
        except DBAPIError:
            return False
        finally:
            await engine.dispose()
        return revisions == head_revisions() and marker == DEMO_SEED_VERSION

    return run_coroutine_blocking(read)


def _migrate_and_seed(url: str) -> None:
    from server.background import run_coroutine_blocking
    from server.migrate import upgrade
    from server.seed import seed_demo

    upgrade(url)
    run_coroutine_blocking(lambda: seed_demo(url))


def _reset(url: str, path: Path | None) -> None:
    if path is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from server.migrate import downgrade

    downgrade(url, "base")


def _lock_path(url: str, path: Path | None) -> Path:
    if path is not None:
        return path.with_name(path.name + ".lock")
    from platformdirs import user_data_dir

    folder = Path(user_data_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return folder / f"prepare-{digest}.lock"


@contextlib.contextmanager
def _exclusive_lock(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
