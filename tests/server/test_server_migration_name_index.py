"""Migration 0007: the index that keeps a participants page flat, on both databases.

(The model comparison of test_server_migrations cannot see it on SQLite, which does not
reflect expression indexes: these tests check it directly.)
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from server.db import create_engine
from server.migrate import downgrade, upgrade

INDEX = "ix_users_lower_last_first_name"


async def _index_definition(url: str) -> str | None:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                query = "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
            else:
                query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
            return await connection.scalar(text(query), {"name": INDEX})
    finally:
        await engine.dispose()


async def test_users_are_indexed_by_lower_cased_last_then_first_name(database_url) -> None:
    definition = await _index_definition(database_url)

    assert definition is not None
    columns = definition.split(" ON ", 1)[1]  # the index's name holds the same words
    assert columns.count("lower(") == 2
    assert columns.index("last_name") < columns.index("first_name")


async def test_downgrading_0007_drops_the_index_and_upgrading_restores_it(database_url) -> None:
    downgrade(database_url, "0006")
    assert await _index_definition(database_url) is None

    upgrade(database_url)
    assert await _index_definition(database_url) is not None


async def test_sqlite_reads_a_name_ordered_page_through_the_index(database_url) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's choice depends on its statistics (see bench/large_org.py)")
    engine = create_engine(database_url, pooled=False)
    try:
        async with engine.connect() as connection:
            plan = (
                await connection.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT id FROM users "
                        "ORDER BY lower(last_name), lower(first_name) LIMIT 10"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    assert any(INDEX in str(row) for row in plan), plan
