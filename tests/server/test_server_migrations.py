"""One Alembic history for SQLite and PostgreSQL; the schema comes only from migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from server.db import create_engine
from server.migrate import alembic_config, current_revisions, downgrade, head_revisions, upgrade
from server.models import Base

FOUNDATION_TABLES = {
    "users", "organizations", "memberships", "user_orga_settings", "admin_members",
    "refresh_tokens", "server_secrets", "server_meta",
}  # fmt: skip


async def _schema_differences(url: str) -> list[object]:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
    finally:
        await engine.dispose()


async def _tables(url: str) -> set[str]:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


async def test_upgrade_from_nothing_matches_the_models(unmigrated_url) -> None:
    # Called from inside a running event loop, as the TUI launcher does.
    upgrade(unmigrated_url)

    assert current_revisions(unmigrated_url) == head_revisions()
    assert await _tables(unmigrated_url) >= FOUNDATION_TABLES
    assert await _schema_differences(unmigrated_url) == []


async def test_upgrade_is_repeatable_and_downgrade_undoes_everything(database_url) -> None:
    upgrade(database_url)  # already at head: nothing happens
    assert current_revisions(database_url) == head_revisions()

    downgrade(database_url, "base")
    assert await _tables(database_url) <= {"alembic_version"}
    assert current_revisions(database_url) == set()

    upgrade(database_url)
    assert await _schema_differences(database_url) == []


def test_cheap_head_reading_agrees_with_alembic() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite:///unused.db"))
    assert head_revisions() == set(script.get_heads())
    assert len(head_revisions()) == 1, "the migration history must stay linear"
