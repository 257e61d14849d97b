"""Data the benchmarks add on top of `pix-server seed`: many students, a crowded campaign.

- Every database gets `BENCH_STUDENT_COUNT` students (bench-eleve001@example.net …, password
  Pix12345) with no participation: the throughput figure needs more simultaneous students
  than the demo's 31.
- The "large" database also gets `CROWDED_PARTICIPANT_COUNT` participants in one assessment
  campaign of "Université Pix (GRAND VOLUME)" (`crowded_campaign_name()`): 70 % shared
  (with frozen results, so the CSV export has real rows), 10 % to share, 20 % under way.
  Skipped when that campaign already has as many (a later `seed --large` may add them).

Rows go in with multi-row INSERTs through the server's own models; the password hash is the
demo student's, copied (argon2 would cost 0.1 s per account).
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

BENCH_STUDENT_COUNT = 150
CROWDED_PARTICIPANT_COUNT = 10_000
PASSWORD = "Pix12345"
CHUNK = 1000
_HASH_DONOR = "eleve@example.net"

_FIRST_NAMES = [
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Inès",
    "Gabriel",
    "Jade",
    "Raphaël",
    "Manon",
    "Arthur",
    "Zoé",
    "Jules",
    "Camille",
    "Adam",
    "Lina",
    "Nathan",
]
_LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "Roux",
]


def bench_student_email(number: int) -> str:
    return f"bench-eleve{number:03d}@example.net"


def participant_email(number: int) -> str:
    return f"bench-participant{number:05d}@example.net"


def prepare(database_url: str, kind: Literal["demo", "large"]) -> None:
    """Add the bench data to a migrated, seeded database (idempotent)."""
    asyncio.run(_prepare(database_url, kind))


async def _prepare(database_url: str, kind: str) -> None:
    from server.db import Database

    database = Database.connect(database_url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            password_hash = await _donor_hash(session)
            await _add_users(
                session,
                [bench_student_email(n) for n in range(1, BENCH_STUDENT_COUNT + 1)],
                password_hash,
            )
            if kind == "large":
                await _crowd_campaign(session, password_hash)
    finally:
        await database.dispose()


async def _donor_hash(session: Any) -> str:
    from sqlalchemy import select

    from server.models import User

    found = await session.scalar(select(User.password_hash).where(User.email == _HASH_DONOR))
    if found is None:
        raise RuntimeError(f"{_HASH_DONOR} is missing: seed the demo first")
    return str(found)


async def _add_users(session: Any, emails: list[str], password_hash: str) -> dict[str, int]:
    """Create the users that do not exist yet; returns every e-mail's user id."""
    from sqlalchemy import insert, select

    from server.models import User

    existing = dict(
        (await session.execute(select(User.email, User.id).where(User.email.in_(emails)))).all()
    )
    missing = [email for email in emails if email not in existing]
    rows = []
    for email in missing:
        number = int("".join(ch for ch in email.split("@")[0] if ch.isdigit()) or 0)
        rows.append(
            {
                "first_name": _FIRST_NAMES[number % len(_FIRST_NAMES)],
                "last_name": f"{_LAST_NAMES[number // 16 % len(_LAST_NAMES)]} {number}",
                "email": email,
                "password_hash": password_hash,
                "cgu": True,
                "pix_orga_terms_of_service_accepted": False,
            }
        )
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(User), rows[start : start + CHUNK])
    if missing:
        existing = dict(
            (await session.execute(select(User.email, User.id).where(User.email.in_(emails)))).all()
        )
    return existing


def crowded_campaign_filter() -> Any:
    """Which campaign of the large organisation gets the crowd: its oldest assessment campaign
    that is not archived."""
    from sqlalchemy import select

    from server.models import Campaign, CampaignType, Organization
    from server.seed_large import LARGE_ORGANIZATION

    return (
        select(Campaign)
        .join(Organization, Organization.id == Campaign.organization_id)
        .where(
            Organization.name == LARGE_ORGANIZATION,
            Campaign.type == CampaignType.ASSESSMENT,
            Campaign.archived_at.is_(None),
            Campaign.deleted_at.is_(None),
        )
        .order_by(Campaign.id)
        .limit(1)
    )


async def _crowd_campaign(session: Any, password_hash: str) -> None:
    from sqlalchemy import func, insert, select

    from server.learning import campaign_content
    from server.models import Assessment, CampaignParticipation

    campaign = await session.scalar(crowded_campaign_filter())
    if campaign is None:
        raise RuntimeError("the large organisation has no assessment campaign")
    present = await session.scalar(
        select(func.count())
        .select_from(CampaignParticipation)
        .where(CampaignParticipation.campaign_id == campaign.id)
    )
    if present >= CROWDED_PARTICIPANT_COUNT:
        return
    emails = [participant_email(n) for n in range(1, CROWDED_PARTICIPANT_COUNT + 1)]
    user_ids: dict[str, int] = {}
    for start in range(0, len(emails), 2000):  # IN lists stay small
        user_ids.update(await _add_users(session, emails[start : start + 2000], password_hash))
    targeted = campaign_content(campaign)
    per_competence: dict[str, int] = {}
    for skill in targeted.skills:
        per_competence[skill.competence_id] = per_competence.get(skill.competence_id, 0) + 1
    total_skills = max(1, len(targeted.skills))
    rng = random.Random("bench crowd")
    started = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    participations = []
    for index, email in enumerate(emails):
        draw = rng.random()
        status = "SHARED" if draw < 0.7 else "TO_SHARE" if draw < 0.8 else "STARTED"
        created_at = started + timedelta(minutes=7 * index)
        row: dict[str, Any] = {
            "campaign_id": campaign.id,
            "user_id": user_ids[email],
            "status": status,
            "created_at": created_at,
            "updated_at": created_at,
            "is_improved": False,
        }
        if status == "SHARED":
            validated_by_competence = {
                cid: rng.randint(0, count) for cid, count in per_competence.items()
            }
            results = [
                {"competence_id": cid, "validated": done, "targeted": per_competence[cid]}
                for cid, done in validated_by_competence.items()
            ]
            validated = sum(validated_by_competence.values())
            row |= {
                "shared_at": created_at + timedelta(minutes=25),
                "mastery_rate": round(validated / total_skills, 2),
                "validated_skills_count": validated,
                "competence_results": results,
            }
        participations.append(row)
    for start in range(0, len(participations), CHUNK):
        await session.execute(insert(CampaignParticipation), participations[start : start + CHUNK])
    ids = (
        await session.execute(
            select(
                CampaignParticipation.id,
                CampaignParticipation.user_id,
                CampaignParticipation.status,
            ).where(CampaignParticipation.campaign_id == campaign.id)
        )
    ).all()
    ours = set(user_ids.values())
    assessments = [
        {
            "user_id": user_id,
            "campaign_participation_id": participation_id,
            "state": "started" if status == "STARTED" else "completed",
            "created_at": started,
            "updated_at": started,
        }
        for participation_id, user_id, status in ids
        if user_id in ours
    ]
    for start in range(0, len(assessments), CHUNK):
        await session.execute(insert(Assessment), assessments[start : start + CHUNK])
