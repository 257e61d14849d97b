"""The cohort of `pix-server seed --large`: one campaign followed by 10,000 students.

"Cohorte L1 – Parcours prédéfini (10 000 participants)", code COHORTE10, in the large
organisation: 85 % of the students sent their results, 7 % finished without sending, 8 %
are in the test. Each student who finished has a knowledge state drawn from an ability (a
random generator seeded with the student's number: the same cohort on every machine); the
results are frozen and the KE snapshot taken by the server's own sharing functions, as a
real share would. Nothing else of the test is stored (no answers): Pix Orga reads only the
snapshot and the frozen results.

Everything is written in bulk, a chunk of students at a time (memory stays flat), in the
caller's transaction. Idempotent: students and participations already there are skipped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.engine import types as engine
from server.engine.smart_random import probability_of_success
from server.learning import TargetedContent, targeted_content
from server.models import (
    Assessment,
    AssessmentState,
    Campaign,
    CampaignParticipation,
    CampaignType,
    ExternalIdType,
    KnowledgeElementSnapshot,
    Organization,
    ParticipationStatus,
    User,
)
from server.usecases.student.sharing import knowledge_snapshot, results_to_freeze

COHORT_NAME = "Cohorte L1 – Parcours prédéfini (10 000 participants)"
COHORT_CODE = "COHORTE10"
COHORT_SIZE = 10_000
COHORT_TARGET_PROFILE = 12  # "[LYC] Parcours prédéfini Seconde": 32 skills, 6 competences
COHORT_EXTERNAL_ID_LABEL = "Numéro étudiant"
COHORT_EMAIL_DOMAIN = "cohorte.example.net"
CHUNK = 1000
SHARED_SHARE = 0.85
FINISHED_SHARE = 0.07  # the rest (8 %) is still in the test
TESTED_SHARE = 0.7  # of the target skills, for a finished test
CAMPAIGN_LIFE = timedelta(days=60)

_FIRST_NAMES = [
    "Emma", "Lucas", "Chloé", "Hugo", "Inès", "Louis", "Jade", "Gabriel", "Manon", "Arthur",
    "Camille", "Nathan", "Sarah", "Raphaël", "Lina", "Jules", "Zoé", "Adam", "Louise", "Théo",
    "Alice", "Tom", "Eva", "Noah", "Juliette", "Enzo", "Clara", "Maël", "Anna", "Yanis",
    "Léa", "Paul", "Rose", "Victor", "Mila", "Sacha", "Ambre", "Nolan", "Lou", "Ethan",
    "Agathe", "Malo", "Iris", "Aaron", "Romane", "Timéo", "Margaux", "Axel", "Lucie", "Liam",
    "Julia", "Mathis", "Nina", "Samuel", "Léna", "Martin", "Elsa", "Noé", "Capucine", "Robin",
    "Charlotte", "Oscar", "Mia", "Baptiste", "Alix", "Simon", "Apolline", "Antoine", "Lila",
    "Marius", "Anaïs", "Valentin", "Héloïse", "Maxime", "Célia", "Clément", "Océane", "Tristan",
    "Justine", "Bastien", "Pauline", "Alexis", "Mathilde", "Quentin", "Marine", "Florian",
    "Laura", "Kylian", "Émilie", "Thomas", "Nour", "Mohamed", "Yasmine", "Ilyes", "Sofia",
    "Rayan", "Aya", "Adrien", "Elise", "Corentin",
]  # fmt: skip
_LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau",
    "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
    "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand",
    "Dufour", "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux",
    "Colin", "Fernandez", "Pierre", "Renard", "Arnaud", "Rolland", "Caron", "Aubert",
    "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard",
    "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis",
]  # fmt: skip


def cohort_email(number: int) -> str:
    return f"etudiant{number:05d}@{COHORT_EMAIL_DOMAIN}"


def cohort_name(number: int) -> tuple[str, str]:
    """(first name, last name), distinct for each of the 10,000 students."""
    index = number - 1
    return (
        _FIRST_NAMES[index % len(_FIRST_NAMES)],
        _LAST_NAMES[(index // len(_FIRST_NAMES)) % len(_LAST_NAMES)],
    )


@dataclass(frozen=True)
class CohortStudent:
    number: int
    status: ParticipationStatus
    created_at: datetime
    shared_at: datetime | None
    knowledge: list[engine.KnowledgeElement]


def _student(number: int, targeted: TargetedContent, opened_at: datetime) -> CohortStudent:
    rng = random.Random(f"cohorte-{number}")
    draw = rng.random()
    status = (
        ParticipationStatus.SHARED
        if draw < SHARED_SHARE
        else ParticipationStatus.TO_SHARE
        if draw < SHARED_SHARE + FINISHED_SHARE
        else ParticipationStatus.STARTED
    )
    # More students start early in the campaign's life than late.
    created_at = opened_at + CAMPAIGN_LIFE * (rng.random() ** 2)
    ability = rng.uniform(1.0, 6.5)
    knowledge: list[engine.KnowledgeElement] = []
    if status != ParticipationStatus.STARTED:
        moment = created_at
        for skill in targeted.skills:
            if rng.random() >= TESTED_SHARE:
                continue
            moment += timedelta(seconds=rng.randint(20, 90))
            validated = rng.random() < probability_of_success(ability, skill.difficulty)
            knowledge.append(
                engine.KnowledgeElement(
                    skill_id=skill.id,
                    status=(
                        engine.KnowledgeElementStatus.VALIDATED
                        if validated
                        else engine.KnowledgeElementStatus.INVALIDATED
                    ),
                    source=engine.KnowledgeElementSource.DIRECT,
                    assessment_id=0,  # replaced by the assessment's id in the snapshot
                    created_at=moment,
                    earned_pix=skill.pix_value if validated else 0.0,
                    competence_id=skill.competence_id,
                )
            )
    shared_at = (
        created_at + timedelta(minutes=rng.randint(20, 90))
        if status == ParticipationStatus.SHARED
        else None
    )
    return CohortStudent(number, status, created_at, shared_at, knowledge)


async def _cohort_campaign(
    session: AsyncSession, organization: Organization, owner: User, opened_at: datetime
) -> tuple[Campaign, bool]:
    campaign = await session.scalar(
        select(Campaign).where(
            Campaign.organization_id == organization.id, Campaign.name == COHORT_NAME
        )
    )
    if campaign is not None:
        return campaign, False
    campaign = Campaign(
        name=COHORT_NAME,
        code=COHORT_CODE,
        type=CampaignType.ASSESSMENT,
        target_profile_id=COHORT_TARGET_PROFILE,
        organization_id=organization.id,
        creator_id=owner.id,
        owner_id=owner.id,
        external_id_label=COHORT_EXTERNAL_ID_LABEL,
        external_id_type=ExternalIdType.STRING,
        multiple_sendings=False,
        created_at=opened_at,
    )
    session.add(campaign)
    await session.flush()
    return campaign, True


async def _add_users(session: AsyncSession, password_hash: str, opened_at: datetime) -> None:
    existing = set(
        await session.scalars(select(User.email).where(User.email.like(f"%@{COHORT_EMAIL_DOMAIN}")))
    )
    rows = []
    for number in range(1, COHORT_SIZE + 1):
        email = cohort_email(number)
        if email in existing:
            continue
        first_name, last_name = cohort_name(number)
        rows.append(
            {
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "password_hash": password_hash,
                "lang": "fr",
                "cgu": True,
                "last_terms_of_service_validated_at": opened_at,
                "email_confirmed_at": opened_at,
                "created_at": opened_at,
            }
        )
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(User), rows[start : start + CHUNK])


async def _ids_by_email(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(User.email, User.id).where(User.email.like(f"%@{COHORT_EMAIL_DOMAIN}"))
    )
    return {email: user_id for email, user_id in rows if email is not None}


async def _write_chunk(
    session: AsyncSession,
    campaign: Campaign,
    students: list[tuple[CohortStudent, int]],
) -> None:
    """Participations, then their assessments, then the snapshots of those shared."""
    participation_rows: list[dict[str, Any]] = []
    for student, user_id in students:
        row: dict[str, Any] = {
            "campaign_id": campaign.id,
            "user_id": user_id,
            "participant_external_id": f"L1-{2024_00000 + student.number}",
            "status": student.status,
            "created_at": student.created_at,
            "updated_at": student.shared_at or student.created_at,
            "shared_at": student.shared_at,
            "is_improved": False,
            "mastery_rate": None,
            "validated_skills_count": None,
            "pix_score": None,
            "is_certifiable": None,
            "certifiable_competences_count": None,
            "competence_results": None,
        }
        if student.status == ParticipationStatus.SHARED:
            frozen = results_to_freeze(campaign, student.knowledge)
            row.update(
                mastery_rate=frozen.mastery_rate,
                validated_skills_count=frozen.validated_skills_count,
                pix_score=frozen.pix_score,
                is_certifiable=frozen.is_certifiable,
                certifiable_competences_count=frozen.certifiable_competences_count,
                competence_results=frozen.competence_results,
            )
        participation_rows.append(row)
    await session.execute(insert(CampaignParticipation), participation_rows)
    user_ids = [user_id for _, user_id in students]
    participation_ids = dict(
        (
            await session.execute(
                select(CampaignParticipation.user_id, CampaignParticipation.id).where(
                    CampaignParticipation.campaign_id == campaign.id,
                    CampaignParticipation.user_id.in_(user_ids),
                )
            )
        ).all()
    )
    await session.execute(
        insert(Assessment),
        [
            {
                "user_id": user_id,
                "campaign_participation_id": participation_ids[user_id],
                "state": (
                    AssessmentState.STARTED
                    if student.status == ParticipationStatus.STARTED
                    else AssessmentState.COMPLETED
                ),
                "is_improving": False,
                "created_at": student.created_at,
                "updated_at": student.created_at,
            }
            for student, user_id in students
        ],
    )
    assessment_ids = dict(
        (
            await session.execute(
                select(Assessment.campaign_participation_id, Assessment.id).where(
                    Assessment.campaign_participation_id.in_(participation_ids.values())
                )
            )
        ).all()
    )
    snapshots = []
    for student, user_id in students:
        if student.shared_at is None:
            continue
        participation_id = participation_ids[user_id]
        items = knowledge_snapshot(student.knowledge)
        for item in items:
            item["assessment_id"] = assessment_ids[participation_id]
        snapshots.append(
            {
                "campaign_participation_id": participation_id,
                "snapshot": items,
                "snapped_at": student.shared_at,
            }
        )
    if snapshots:
        await session.execute(insert(KnowledgeElementSnapshot), snapshots)


async def seed_cohort(
    session: AsyncSession, organization: Organization, owner: User, opened_at: datetime
) -> tuple[bool, int]:
    """Add what is missing of the cohort; (campaign created, participations added)."""
    campaign, created = await _cohort_campaign(session, organization, owner, opened_at)
    present = await session.scalar(
        select(func.count(CampaignParticipation.id)).where(
            CampaignParticipation.campaign_id == campaign.id
        )
    )
    if (present or 0) >= COHORT_SIZE:
        return created, 0
    await _add_users(session, owner.password_hash, opened_at)
    ids = await _ids_by_email(session)
    taken = set(
        await session.scalars(
            select(CampaignParticipation.user_id).where(
                CampaignParticipation.campaign_id == campaign.id
            )
        )
    )
    targeted = targeted_content(COHORT_TARGET_PROFILE)
    todo = [
        number for number in range(1, COHORT_SIZE + 1) if ids[cohort_email(number)] not in taken
    ]
    for start in range(0, len(todo), CHUNK):
        chunk = [
            (_student(number, targeted, opened_at), ids[cohort_email(number)])
            for number in todo[start : start + CHUNK]
        ]
        await _write_chunk(session, campaign, chunk)
    return created, len(todo)
