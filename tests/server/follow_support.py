"""Hand-made campaigns of the follow-up tests: a class of four on the 12 skills of
"[CLG] Parcours 6e Initiation" and three profiles sent to a collection.

Each learner's answers are written as rows (assessment, answers, knowledge elements) and,
once shared, frozen by the server's own sharing functions and snapshotted, exactly as the
seed does; the tests then compare what the routes say with numbers worked out by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from server.db import Database
from server.engine import types as engine
from server.learning import content, targeted_content
from server.models import (
    Answer,
    Assessment,
    AssessmentState,
    Campaign,
    CampaignParticipation,
    CampaignType,
    KnowledgeElement,
    KnowledgeElementSnapshot,
    Organization,
    User,
)
from server.usecases.student.sharing import knowledge_snapshot, results_to_freeze

PROF = "prof@example.net"  # ADMIN of the collège
PROF2 = "prof2@example.net"  # MEMBER of the collège
STUDENT = "eleve@example.net"
COLLEGE = "Collège Pix (DEMO)"
LYCEE = "Lycée Pix (DEMO)"

CLASS_CAMPAIGN_ID = 900_001
PROFILES_CAMPAIGN_ID = 900_002
LYCEE_CAMPAIGN_ID = 900_003
SIXIEME_PROFILE = 8  # 12 skills: 1.1 ×4, 1.2 ×4, 4.1 ×2, 4.2 ×2

# The 12 skills of the profile, by competence.
RECHERCHE = ("skillmoteurRecherche1", "skillmoteurRecherche2", "skillevaluerSource1",
             "skillevaluerSource2")  # fmt: skip
DONNEES = ("skillorganiserFichiers1", "skillorganiserFichiers2", "skillformatsFichiers1",
           "skillformatsFichiers2")  # fmt: skip
SECURITE = ("skillmotDePasse1", "skillmotDePasse2")
VIE_PRIVEE = ("skilldonneesPerso1", "skilldonneesPerso2")


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment of March 2025 (UTC)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


MARCH_3 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
MARCH_1 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Learner:
    email: str
    status: str  # STARTED, TO_SHARE or SHARED
    validated: tuple[str, ...] = ()
    invalidated: tuple[str, ...] = ()
    created_at: datetime = MARCH_3
    shared_at: datetime | None = None
    external_id: str | None = None
    is_improved: bool = False
    deleted: bool = False


async def create_campaign(
    url: str,
    *,
    id_: int,
    name: str,
    code: str,
    type_: CampaignType = CampaignType.ASSESSMENT,
    target_profile_id: int | None = SIXIEME_PROFILE,
    organization: str = COLLEGE,
    owner: str = PROF,
    external_id_label: str | None = None,
    created_at: datetime = MARCH_1,
) -> int:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            owner_id = await session.scalar(select(User.id).where(User.email == owner))
            organization_id = await session.scalar(
                select(Organization.id).where(Organization.name == organization)
            )
            assert owner_id is not None and organization_id is not None
            session.add(
                Campaign(
                    id=id_,
                    name=name,
                    code=code,
                    type=type_,
                    target_profile_id=target_profile_id,
                    organization_id=organization_id,
                    creator_id=owner_id,
                    owner_id=owner_id,
                    external_id_label=external_id_label,
                    external_id_type="STRING" if external_id_label else None,
                    multiple_sendings=True,
                    created_at=created_at,
                )
            )
    finally:
        await database.dispose()
    return id_


def _challenge_of(skill_id: str) -> str:
    return content().challenges_by_skill[skill_id][0].id


async def add_learner(url: str, campaign_id: int, learner: Learner) -> int:
    """Write a learner's participation as the student flow leaves it; returns its id."""
    learning = content()
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            campaign = await session.get(Campaign, campaign_id)
            user_id = await session.scalar(select(User.id).where(User.email == learner.email))
            assert campaign is not None and user_id is not None, learner.email
            participation = CampaignParticipation(
                campaign_id=campaign_id,
                user_id=user_id,
                participant_external_id=learner.external_id,
                status=learner.status,
                created_at=learner.created_at,
                is_improved=learner.is_improved,
                deleted_at=at(28) if learner.deleted else None,
            )
            session.add(participation)
            await session.flush()
            finished = learner.status != "STARTED"
            assessment = Assessment(
                user_id=user_id,
                campaign_participation_id=participation.id,
                state=AssessmentState.COMPLETED if finished else AssessmentState.STARTED,
                created_at=learner.created_at,
                updated_at=learner.created_at,
            )
            session.add(assessment)
            await session.flush()
            knowledge: list[engine.KnowledgeElement] = []
            answered = [(skill, True) for skill in learner.validated]
            answered += [(skill, False) for skill in learner.invalidated]
            for minute, (skill_id, right) in enumerate(answered, start=1):
                moment = learner.created_at.replace(minute=minute)
                answer = Answer(
                    assessment_id=assessment.id,
                    challenge_id=_challenge_of(skill_id),
                    value="x",
                    result="ok" if right else "ko",
                    created_at=moment,
                )
                session.add(answer)
                await session.flush()
                skill = learning.skills_by_id[skill_id]
                ke = engine.KnowledgeElement(
                    skill_id=skill_id,
                    status=(
                        engine.KnowledgeElementStatus.VALIDATED
                        if right
                        else engine.KnowledgeElementStatus.INVALIDATED
                    ),
                    source=engine.KnowledgeElementSource.DIRECT,
                    assessment_id=assessment.id,
                    created_at=moment,
                    earned_pix=skill.pix_value if right else 0.0,
                    competence_id=skill.competence_id,
                )
                knowledge.append(ke)
                session.add(
                    KnowledgeElement(
                        user_id=user_id,
                        assessment_id=assessment.id,
                        answer_id=answer.id,
                        skill_id=skill_id,
                        competence_id=skill.competence_id,
                        status=ke.status.value,
                        source=ke.source.value,
                        earned_pix=ke.earned_pix,
                        created_at=moment,
                    )
                )
            if learner.status == "SHARED":
                assert learner.shared_at is not None
                participation.shared_at = learner.shared_at
                results_to_freeze(campaign, knowledge).apply_to(participation)
                session.add(
                    KnowledgeElementSnapshot(
                        campaign_participation_id=participation.id,
                        snapshot=knowledge_snapshot(knowledge),
                        snapped_at=learner.shared_at,
                    )
                )
            return participation.id
    finally:
        await database.dispose()


# --- the class of four ----------------------------------------------------------------------

# Students without any demo participation (see server/seed.py): eleve21 Alice André,
# eleve22 Tom Mercier, eleve23 Eva Dupont, eleve24 Noah Lambert, eleve25 Juliette Bonnet,
# eleve26 Enzo François, eleve27 Clara Martinez.
ALICE = Learner(  # 8 of 12: 1.1 4/4, 1.2 2/4, 4.1 2/2, 4.2 0/2 → 0.67
    "eleve21@example.net", "SHARED",
    validated=RECHERCHE + DONNEES[:2] + SECURITE, invalidated=DONNEES[2:] + VIE_PRIVEE,
    created_at=at(3, 8, 0), shared_at=at(3, 10, 30), external_id="=1+1",
)  # fmt: skip
TOM = Learner(  # 3 of 12: 1.1 1/4, 1.2 1/4, 4.1 0/2, 4.2 1/2 → 0.25
    "eleve22@example.net", "SHARED",
    validated=RECHERCHE[:1] + DONNEES[:1] + VIE_PRIVEE[:1],
    invalidated=RECHERCHE[1:] + DONNEES[1:] + SECURITE + VIE_PRIVEE[1:],
    created_at=at(4, 13, 15), shared_at=at(30, 23, 45), external_id='Élève "B"',
)  # fmt: skip
EVA = Learner(  # finished, not sent: nothing of her results may show
    "eleve23@example.net", "TO_SHARE",
    validated=RECHERCHE + DONNEES + SECURITE + VIE_PRIVEE, created_at=at(5),
    external_id="12345-67",
)  # fmt: skip
NOAH = Learner(  # 3 skills tested of 12: progression 0.25
    "eleve24@example.net", "STARTED",
    validated=RECHERCHE[:2], invalidated=DONNEES[:1], created_at=at(5, 14),
    external_id="-42",
)  # fmt: skip
# Tom's first attempt, superseded by the one above (multiple sendings): 2 of 12.
TOM_FIRST = Learner(
    "eleve22@example.net", "SHARED", validated=RECHERCHE[:2], created_at=at(2, 8),
    shared_at=at(2, 9), external_id='Élève "B"', is_improved=True,
)  # fmt: skip
CLASS = (TOM_FIRST, ALICE, TOM, EVA, NOAH)


async def make_class_campaign(url: str) -> dict[str, int]:
    """The class campaign with its five participations; participation ids by learner."""
    await create_campaign(
        url,
        id_=CLASS_CAMPAIGN_ID,
        name='Numérique 6e "B" – mars',
        code="SIXNUM123",
        external_id_label="N° élève",
    )
    ids: dict[str, int] = {}
    for name, learner in zip(("tom_first", "alice", "tom", "eva", "noah"), CLASS, strict=True):
        ids[name] = await add_learner(url, CLASS_CAMPAIGN_ID, learner)
    return ids


# --- three profiles -------------------------------------------------------------------------

# Every skill of "[CLG] Parcours 6e Initiation" is worth 8/3 pix: three skills, one level.
JULIETTE = Learner(  # 1.1: 4 skills (10 pix, level 1), 1.2: 3 skills (8 pix, level 1) → 18 pix
    "eleve25@example.net", "SHARED", validated=RECHERCHE + DONNEES[:3],
    created_at=at(10, 7), shared_at=at(10, 7, 5),
)  # fmt: skip
ENZO = Learner(  # nothing validated: 0 pix
    "eleve26@example.net", "SHARED", invalidated=RECHERCHE, created_at=at(11), shared_at=at(11, 10),
)  # fmt: skip
CLARA = Learner("eleve27@example.net", "TO_SHARE", validated=RECHERCHE, created_at=at(12))


async def make_profiles_campaign(url: str) -> dict[str, int]:
    await create_campaign(
        url,
        id_=PROFILES_CAMPAIGN_ID,
        name="Profils 3e",
        code="PROFIL999",
        type_=CampaignType.PROFILES_COLLECTION,
        target_profile_id=None,
    )
    return {
        name: await add_learner(url, PROFILES_CAMPAIGN_ID, learner)
        for name, learner in (("juliette", JULIETTE), ("enzo", ENZO), ("clara", CLARA))
    }


def target_skill_count() -> int:
    return len(targeted_content(SIXIEME_PROFILE).skills)


def attributes(document: dict[str, Any]) -> dict[str, Any]:
    data = document["data"]
    assert isinstance(data, dict)
    return dict(data["attributes"])
