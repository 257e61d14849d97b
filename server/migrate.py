"""Schema migrations, callable from code (the TUI launcher, tests) and from `pix-server migrate`.

The schema is created only through these migrations; Alembic needs no alembic.ini: the
script location is this package's `migrations/` folder, shipped in the wheel.
"""

from __future__ import annotations

import ast
import contextlib
from pathlib import Path

from server.background import run_coroutine_blocking, run_in_fresh_thread
from server.config import normalize_database_url, sqlite_path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"


def alembic_config(database_url: str):  # type: ignore[no-untyped-def]  # alembic is lazy-imported
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = normalize_database_url(database_url)
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database to `revision` (latest by default). Safe to call from async code:
    it runs in a thread of its own and blocks until done."""
    from alembic import command

    path = sqlite_path(normalize_database_url(database_url))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    config = alembic_config(database_url)
    run_in_fresh_thread(lambda: command.upgrade(config, revision))


def downgrade(database_url: str, revision: str = "base") -> None:
    """Undo migrations down to `revision` ("base" drops every table)."""
    from alembic import command

    config = alembic_config(database_url)
    run_in_fresh_thread(lambda: command.downgrade(config, revision))


def head_revisions() -> set[str]:
    """The latest revision(s), read from the version files without importing Alembic
    (kept cheap for the demo's start-up check; a test compares it with Alembic's view)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        values = _module_constants(path, ("revision", "down_revision"))
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        revisions.add(revision)
        down = values.get("down_revision")
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(item for item in down if isinstance(item, str))
    return revisions - parents


def _module_constants(path: Path, names: tuple[str, ...]) -> dict[str, object]:
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value: ast.expr | None
        if isinstance(node, ast.Assign):
            targets = [target.id for target in node.targets if isinstance(target, ast.Name)]
            value = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets = [node.target.id]
            value = node.value
        else:
            continue
        for target in targets:
            if target in names and value is not None:
                with contextlib.suppress(ValueError):
                    found[target] = ast.literal_eval(value)
    return found


def current_revisions(database_url: str) -> set[str]:
    """The revision(s) the database is at; empty for a database never migrated."""
    path = sqlite_path(normalize_database_url(database_url))
    if path is not None and not path.exists():
        return set()  # and do not create an empty file by looking

    async def read() -> set[str]:
        from sqlalchemy import inspect, text

        from server.db import create_engine

        engine = create_engine(normalize_database_url(database_url), pooled=False)
        try:
            async with engine.connect() as connection:
                has_table = await connection.run_sync(
                    lambda sync: inspect(sync).has_table("alembic_version")
                )
                if not has_table:
                    return set()
                rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
                return {row[0] for row in rows}
        finally:
            await engine.dispose()

    return run_coroutine_blocking(read)


def is_up_to_date(database_url: str) -> bool:
    return current_revisions(database_url) == head_revisions()
