"""Helpers of the Pix Admin tests: the demo's admin accounts, reading rows behind the server.

Demo accounts: superadmin@ SUPER_ADMIN, support@ SUPPORT, metier@ METIER, certif@ CERTIF
(server/seed_admin.py); prof@ is ADMIN of the collège in Pix Orga (no admin role), eleve@ a
student.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import func, select

from server.db import Database
from server.models import AdminAuditEntry, Campaign, CampaignParticipation

SUPER_ADMIN = "superadmin@example.net"
SUPPORT = "support@example.net"
METIER = "metier@example.net"
CERTIF = "certif@example.net"
TEACHER = "prof@example.net"
STUDENT = "eleve@example.net"
ADMINS = (SUPER_ADMIN, SUPPORT, METIER, CERTIF)
EVERYONE = (*ADMINS, TEACHER, STUDENT)

CallFn = Callable[..., Awaitable[httpx.Response]]


async def db_rows(url: str, statement: Any) -> list[Any]:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return list((await session.execute(statement)).all())
    finally:
        await database.dispose()


async def db_value(url: str, statement: Any) -> Any:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return await session.scalar(statement)
    finally:
        await database.dispose()


async def load(url: str, model: Any, id_: int) -> Any:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return await session.get(model, id_)
    finally:
        await database.dispose()


async def audit_entries(url: str, campaign_id: int | None = None) -> list[AdminAuditEntry]:
    statement = select(AdminAuditEntry).order_by(AdminAuditEntry.id)
    if campaign_id is not None:
        statement = statement.where(AdminAuditEntry.campaign_id == campaign_id)
    return [row[0] for row in await db_rows(url, statement)]


async def audit_count(url: str) -> int:
    return int(await db_value(url, select(func.count(AdminAuditEntry.id))))


def campaign_state(campaign: Campaign) -> dict[str, Any]:
    """What an admin action could change on a campaign."""
    return {
        column: getattr(campaign, column)
        for column in (
            "name", "title", "custom_landing_page_text", "custom_result_page_text",
            "custom_result_page_button_text", "custom_result_page_button_url",
            "multiple_sendings", "owner_id", "archived_at", "archived_by_id", "deleted_at",
        )
    }  # fmt: skip


def participation_state(participation: CampaignParticipation) -> dict[str, Any]:
    return {
        "participant_external_id": participation.participant_external_id,
        "deleted_at": participation.deleted_at,
        "deleted_by_id": participation.deleted_by_id,
        "status": participation.status,
    }


async def participation_of(url: str, campaign: int, email: str) -> int:
    from server.models import User

    found = await db_value(
        url,
        select(CampaignParticipation.id)
        .join(User, User.id == CampaignParticipation.user_id)
        .where(CampaignParticipation.campaign_id == campaign, User.email == email)
        .order_by(CampaignParticipation.id.desc())
        .limit(1),
    )
    assert found is not None, (campaign, email)
    return int(found)


def csv_body(*ids: int | str, header: str = "campaignId") -> bytes:
    return "\n".join([header, *(str(id_) for id_ in ids)]).encode()


def details_body(**changes: Any) -> dict[str, Any]:
    """A full `PATCH /api/admin/campaigns/{id}` body (every key is required)."""
    attributes: dict[str, Any] = {
        "name": "Nom modifié",
        "title": None,
        "custom-landing-page-text": None,
        "custom-result-page-text": None,
        "custom-result-page-button-text": None,
        "custom-result-page-button-url": None,
        "multiple-sendings": False,
    }
    attributes.update(changes)
    return {"data": {"type": "campaigns", "attributes": attributes}}


def owner_body(owner_id: int) -> dict[str, Any]:
    return {"data": {"type": "campaigns", "attributes": {"owner-id": owner_id}}}


def external_id_body(value: str | None) -> dict[str, Any]:
    return {
        "data": {
            "type": "campaign-participations",
            "attributes": {"participant-external-id": value},
        }
    }
