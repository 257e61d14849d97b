"""Helpers of the campaign tests: demo campaigns by code, participations written directly.

Participations are inserted behind the server's back (the student flow that creates them is
another area's), with exactly the statuses and flags the counts depend on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, func, select

from server.db import Database
from server.models import Campaign, CampaignParticipation, Organization, User

PROF = "prof@example.net"  # ADMIN of the collège, MEMBER of the lycée
PROF2 = "prof2@example.net"  # MEMBER of the collège only
STUDENT = "eleve@example.net"
COLLEGE = "Collège Pix (DEMO)"
LYCEE = "Lycée Pix (DEMO)"
GENERATED_CODE = r"^[A-HJ-NP-Z]{6}[1-9]{3}$"
# A demo campaign of prof@ that the demo seeds no participation in (RENTRE123 and PROFIL456
# hold a class's participations): counts there are exactly what a test adds.
QUIET_CAMPAIGN = "Gérer ses fichiers 5e"


async def _scalar(url: str, statement: Any) -> Any:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return await session.scalar(statement)
    finally:
        await database.dispose()


async def campaign_id(url: str, code: str) -> int:
    found = await _scalar(url, select(Campaign.id).where(Campaign.code == code))
    assert found is not None, code
    return int(found)


async def campaign_id_by_name(url: str, name: str) -> int:
    found = await _scalar(url, select(Campaign.id).where(Campaign.name == name))
    assert found is not None, name
    return int(found)


async def organization_id(url: str, name: str) -> int:
    return int(await _scalar(url, select(Organization.id).where(Organization.name == name)))


async def user_id(url: str, email: str) -> int:
    return int(await _scalar(url, select(User.id).where(User.email == email)))


async def campaign_count(url: str) -> int:
    return int(await _scalar(url, select(func.count(Campaign.id))))


async def load_campaign(url: str, id_: int) -> Campaign:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            campaign = await session.get(Campaign, id_)
            assert campaign is not None
            return campaign
    finally:
        await database.dispose()


async def add_participation(
    url: str,
    campaign: int,
    email: str,
    *,
    status: str = "STARTED",
    mastery_rate: float | None = None,
    shared_at: datetime | None = None,
    is_improved: bool = False,
    deleted: bool = False,
) -> None:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            participant = await session.scalar(select(User.id).where(User.email == email))
            assert participant is not None, email
            session.add(
                CampaignParticipation(
                    campaign_id=campaign,
                    user_id=participant,
                    status=status,
                    created_at=datetime(2025, 1, 6, tzinfo=UTC),
                    shared_at=shared_at
                    or (datetime(2025, 1, 7, tzinfo=UTC) if status == "SHARED" else None),
                    mastery_rate=mastery_rate,
                    is_improved=is_improved,
                    deleted_at=datetime(2025, 1, 8, tzinfo=UTC) if deleted else None,
                )
            )
    finally:
        await database.dispose()


@contextmanager
def counting_statements(app: Any) -> Iterator[list[str]]:
    """Every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []
    engine = app.state.database.engine.sync_engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def errors_by_pointer(body: dict[str, Any]) -> dict[str, str]:
    return {error["source"]["pointer"]: error["detail"] for error in body["errors"]}
