"""`pix-server seed --large`: an organisation with 5,000 campaigns, to feel paging and search.

"Université Pix (GRAND VOLUME)", where prof@example.net is ADMIN (so a teacher of the demo
sees it in the organisation switcher) and prof2@example.net MEMBER. Campaigns are inserted
in bulk (one multi-row INSERT per chunk), with deterministic names, owners, dates and codes.
Idempotent: only the missing campaigns (by name) are added, so a second run adds nothing.
Plus the cohort of `seed_large_cohort`: one more campaign, followed by 10,000 students.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db import Database
from server.models import (
    Campaign,
    CampaignType,
    Membership,
    Organization,
    OrganizationRole,
    OrganizationType,
    User,
)
from server.seed import seed_demo_in_session
from server.seed_large_cohort import seed_cohort
from server.usecases.campaign_codes import generate_campaign_code

LARGE_ORGANIZATION = "Université Pix (GRAND VOLUME)"
LARGE_CAMPAIGN_COUNT = 5000
CHUNK_SIZE = 1000
FIRST_CREATED_AT = datetime(2023, 1, 9, 8, 0, tzinfo=UTC)
STEP = timedelta(hours=3, minutes=7)  # 5,000 steps ≈ two years
ARCHIVED_EVERY = 7  # one campaign in seven is archived
PROFILES_COLLECTION_EVERY = 5

_THEMES = [
    ("Recherche d'information", 2), ("Gestion des données", 3), ("Tableur", 4),
    ("Traitement de texte", 5), ("Sécurité numérique", 6), ("Vie privée", 7),
    ("Éducation aux médias", 10), ("Parcours prédéfini L1", 12), ("Sécurité : essentiels", 13),
    ("Recherche documentaire", 14),
]  # fmt: skip
_GROUPS = ["L1 Droit", "L1 Économie", "L2 Histoire", "L1 Biologie", "L3 Informatique",
           "Master MEEF", "DU Numérique", "L2 Psychologie"]  # fmt: skip


def large_campaign_name(index: int) -> str:
    theme, _ = _THEMES[index % len(_THEMES)]
    group = _GROUPS[(index // len(_THEMES)) % len(_GROUPS)]
    return f"{theme} – {group} – n°{index + 1:04d}"


async def _organization(session: AsyncSession) -> Organization:
    organization = await session.scalar(
        select(Organization).where(Organization.name == LARGE_ORGANIZATION)
    )
    if organization is None:
        organization = Organization(
            name=LARGE_ORGANIZATION,
            type=OrganizationType.SUP,
            external_id="UPIX-GV",
            is_managing_students=False,
            credit=0,
            features={},
            created_at=FIRST_CREATED_AT,
        )
        session.add(organization)
        await session.flush()
    return organization


async def _ensure_members(session: AsyncSession, organization: Organization) -> list[User]:
    owners: list[User] = []
    for email, role in (
        ("prof@example.net", OrganizationRole.ADMIN),
        ("prof2@example.net", OrganizationRole.MEMBER),
    ):
        user = await session.scalar(select(User).where(User.email == email))
        if user is None:
            raise RuntimeError(f"{email} is missing: the demo data must be seeded first")
        owners.append(user)
        found = await session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.organization_id == organization.id
            )
        )
        if found is None:
            session.add(
                Membership(
                    user_id=user.id,
                    organization_id=organization.id,
                    organization_role=role,
                    created_at=FIRST_CREATED_AT,
                )
            )
    await session.flush()
    return owners


def _rows(
    organization: Organization, owners: list[User], missing: list[int], taken: set[str]
) -> list[dict[str, Any]]:
    rng = random.Random(LARGE_ORGANIZATION)
    rows = []
    for index in missing:
        code = generate_campaign_code(rng)
        while code in taken:
            code = generate_campaign_code(rng)
        taken.add(code)
        owner = owners[index % len(owners)]
        created_at = FIRST_CREATED_AT + STEP * index
        is_profiles_collection = index % PROFILES_COLLECTION_EVERY == PROFILES_COLLECTION_EVERY - 1
        archived = index % ARCHIVED_EVERY == ARCHIVED_EVERY - 1
        rows.append(
            {
                "name": large_campaign_name(index),
                "code": code,
                "type": (
                    CampaignType.PROFILES_COLLECTION
                    if is_profiles_collection
                    else CampaignType.ASSESSMENT
                ),
                "target_profile_id": (
                    None if is_profiles_collection else _THEMES[index % len(_THEMES)][1]
                ),
                "organization_id": organization.id,
                "creator_id": owner.id,
                "owner_id": owner.id,
                "multiple_sendings": False,
                "is_for_absolute_novice": False,
                "created_at": created_at,
                "archived_at": created_at + timedelta(days=30) if archived else None,
                "archived_by_id": owner.id if archived else None,
            }
        )
    return rows


async def seed_large_in_session(session: AsyncSession) -> int:
    """Add what is missing of the large organisation; returns how many campaigns were added."""
    await seed_demo_in_session(session)
    organization = await _organization(session)
    owners = await _ensure_members(session, organization)
    present = set(
        await session.scalars(
            select(Campaign.name).where(Campaign.organization_id == organization.id)
        )
    )
    missing = [i for i in range(LARGE_CAMPAIGN_COUNT) if large_campaign_name(i) not in present]
    added = 0
    if missing:
        taken = set(await session.scalars(select(Campaign.code)))
        rows = _rows(organization, owners, missing, taken)
        for start in range(0, len(rows), CHUNK_SIZE):
            await session.execute(insert(Campaign), rows[start : start + CHUNK_SIZE])
        added = len(rows)
    # The newest campaign of the organisation, after the 5,000.
    cohort_created, _ = await seed_cohort(
        session, organization, owners[0], FIRST_CREATED_AT + STEP * LARGE_CAMPAIGN_COUNT
    )
    return added + int(cohort_created)


async def seed_large(database_url: str) -> int:
    """The demo data plus the large organisation, in one transaction; idempotent."""
    database = Database.connect(database_url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            return await seed_large_in_session(session)
    finally:
        await database.dispose()
