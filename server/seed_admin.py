"""Demo data for Pix Admin: a CERTIF account, and problems reported during RENTRE123.

certif@example.net (Pix Admin role CERTIF, read only) completes the four admin roles. Two
students of the demo class reported a problem ("Signaler un problème") on a challenge they
answered, so the support's feedback list has something to show. Idempotent: an account or a
report already there (same e-mail; same assessment, challenge and text) is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from server.models import (
    AdminMember,
    AdminRole,
    Answer,
    Assessment,
    Campaign,
    CampaignParticipation,
    Feedback,
    User,
)
from server.security import hash_password

if TYPE_CHECKING:
    from server.seed import SeedContext

CERTIF_EMAIL = "certif@example.net"
RENTREE_CODE = "RENTRE123"


@dataclass(frozen=True)
class DemoFeedback:
    student: str  # e-mail
    answer_index: int  # which of the student's answers (in order) the report is about
    category: str
    content: str


DEMO_FEEDBACKS = [
    DemoFeedback(
        "eleve04@example.net",
        1,
        "picture",
        "L'image ne s'affiche pas, je vois juste un carré gris.",
    ),
    DemoFeedback(
        "eleve06@example.net",
        2,
        "answer",
        "Je pense que ma réponse est juste : j'ai écrit la même chose avec des majuscules.",
    ),
]


async def _seed_certif_account(context: SeedContext) -> None:
    from server.seed import DEMO_CREATED_AT, DEMO_PASSWORD

    session = context.session
    user = await session.scalar(select(User).where(User.email == CERTIF_EMAIL))
    if user is None:
        user = User(
            email=CERTIF_EMAIL,
            first_name="Thomas",
            last_name="Leroy",
            password_hash=hash_password(DEMO_PASSWORD),
            lang="fr",
            cgu=True,
            must_validate_terms_of_service=False,
            last_terms_of_service_validated_at=DEMO_CREATED_AT,
            email_confirmed_at=DEMO_CREATED_AT,
            last_data_protection_policy_seen_at=DEMO_CREATED_AT,
            created_at=DEMO_CREATED_AT,
        )
        session.add(user)
        await session.flush()
    context.users[CERTIF_EMAIL] = user
    role = await session.scalar(select(AdminMember.id).where(AdminMember.user_id == user.id))
    if role is None:
        session.add(AdminMember(user_id=user.id, role=AdminRole.CERTIF, created_at=DEMO_CREATED_AT))
        await session.flush()


async def _seed_feedbacks(context: SeedContext) -> None:
    session = context.session
    campaign_id = await session.scalar(select(Campaign.id).where(Campaign.code == RENTREE_CODE))
    if campaign_id is None:
        return
    for demo in DEMO_FEEDBACKS:
        user = context.users.get(demo.student)
        if user is None:
            continue
        answers = list(
            await session.scalars(
                select(Answer)
                .join(Assessment, Assessment.id == Answer.assessment_id)
                .join(
                    CampaignParticipation,
                    CampaignParticipation.id == Assessment.campaign_participation_id,
                )
                .where(
                    CampaignParticipation.campaign_id == campaign_id,
                    CampaignParticipation.user_id == user.id,
                )
                .order_by(Answer.created_at, Answer.id)
            )
        )
        if len(answers) <= demo.answer_index:
            continue
        answer = answers[demo.answer_index]
        known = await session.scalar(
            select(Feedback.id).where(
                Feedback.assessment_id == answer.assessment_id,
                Feedback.challenge_id == answer.challenge_id,
                Feedback.content == demo.content,
            )
        )
        if known is None:
            session.add(
                Feedback(
                    assessment_id=answer.assessment_id,
                    challenge_id=answer.challenge_id,
                    content=demo.content,
                    category=demo.category,
                    answer=answer.value,
                    user_agent="pix-tui (démo)",
                    created_at=answer.created_at + timedelta(minutes=1),
                )
            )
    await session.flush()


async def seed_admin_demo(context: SeedContext) -> None:
    """The seed step of Pix Admin's demo data (after the participations)."""
    await _seed_certif_account(context)
    await _seed_feedbacks(context)
