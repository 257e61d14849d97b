"""Demo participations: a class that took RENTRE123, and a few profiles sent to PROFIL456.

eleve01..eleve20 answered "Parcours de rentrée 5e" with the real engine: each is a simulated
student of a given ability (a level on the skills' 1-8 scale) who gets a challenge right with
the engine's own probability, sometimes skips, sometimes runs out of time, drawn from a random
generator seeded with the student's e-mail, so every machine gets the same class. Most
finished and shared, some finished without sharing yet, some are in the middle of the test
(their next question is already recorded, as if they had closed the window). Dates are spread
over the two weeks before seeding. eleve@example.net has no participation: the demo student
joins RENTRE123 fresh.

Everything is computed in memory, then written in a few bulk flushes (well under a second).
A student who already has a participation in the campaign is left alone (idempotent).
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from server.content import Challenge
from server.engine import types as engine
from server.engine.knowledge import knowledge_elements_for_answer
from server.engine.smart_random import next_challenge, probability_of_success
from server.engine.validation import evaluate
from server.learning import TargetedContent, campaign_content, content, knowledge_element_row
from server.models import (
    Answer,
    Assessment,
    AssessmentState,
    Campaign,
    CampaignParticipation,
    KnowledgeElementSnapshot,
    ParticipationStatus,
    User,
    utcnow,
)
from server.usecases.student.corrections import (
    expected_answer_value,
    skipped_answer_value,
    wrong_answer_value,
)
from server.usecases.student.knowledge import user_knowledge_elements
from server.usecases.student.sharing import knowledge_snapshot, results_to_freeze

if TYPE_CHECKING:
    from server.seed import SeedContext

RENTREE_CODE = "RENTRE123"
PROFILES_CODE = "PROFIL456"
SKIP_PROBABILITY = 0.05
TIME_OUT_PROBABILITY = 0.15  # of a timed challenge the student knew the answer to


class Outcome(enum.Enum):
    IN_PROGRESS = "in progress"  # STARTED, a question pending
    FINISHED = "finished"  # TO_SHARE
    SHARED = "shared"  # SHARED


@dataclass(frozen=True)
class DemoParticipant:
    number: int  # eleveNN@example.net
    ability: float
    outcome: Outcome
    days_ago: int  # when the student started, before seeding

    @property
    def email(self) -> str:
        return f"eleve{self.number:02d}@example.net"


def _rentree_class() -> list[DemoParticipant]:
    in_progress = {4, 11, 17}
    finished = {6, 13, 19}
    participants = []
    for number in range(1, 21):
        outcome = (
            Outcome.IN_PROGRESS
            if number in in_progress
            else Outcome.FINISHED
            if number in finished
            else Outcome.SHARED
        )
        participants.append(
            DemoParticipant(
                number=number,
                # From beginners (1.0) to confident students (5.75), in a shuffled order.
                ability=1.0 + (number * 7 % 20) * 0.25,
                outcome=outcome,
                # Those still in the test started recently; the others over two weeks.
                days_ago=1 + number % 3 if outcome is Outcome.IN_PROGRESS else 2 + number * 5 % 13,
            )
        )
    return participants


RENTREE_CLASS = _rentree_class()
# (student number, outcome) of the profiles sent to PROFIL456: students with a RENTRE123 past.
PROFILE_SENDERS = [
    (2, Outcome.SHARED),
    (5, Outcome.SHARED),
    (8, Outcome.SHARED),
    (9, Outcome.FINISHED),
]


@dataclass
class SimulatedAnswer:
    row: Answer
    knowledge_elements: list[engine.KnowledgeElement]


@dataclass
class Simulation:
    answers: list[SimulatedAnswer] = field(default_factory=list)
    pending_challenge_id: str | None = None
    ended_at: datetime | None = None


def _answer_value(
    challenge: Challenge, ability: float, skill: engine.Skill, rng: random.Random
) -> tuple[str, int | None]:
    """What the simulated student sends: (value, timeout)."""
    if rng.random() < SKIP_PROBABILITY:
        return skipped_answer_value(), None
    knows = rng.random() < probability_of_success(ability, skill.difficulty)
    value = expected_answer_value(challenge) if knows else wrong_answer_value(challenge)
    if challenge.timer is None:
        return value, None
    if knows and rng.random() < TIME_OUT_PROBABILITY:
        return value, -rng.randint(1, 20)
    return value, rng.randint(1, challenge.timer)


def simulate_assessment(
    targeted: TargetedContent,
    assessment_id: int,
    ability: float,
    rng: random.Random,
    started_at: datetime,
    *,
    stop_after: int | None = None,
) -> Simulation:
    """Play the test with the engine until it ends (or after `stop_after` answers)."""
    learning = content()
    simulation = Simulation()
    knowledge: list[engine.KnowledgeElement] = []
    answered: list[str] = []
    last: engine.AnswerRecord | None = None
    moment = started_at
    while True:
        picked = next_challenge(
            targeted.skills, targeted.challenges, knowledge, answered, last, assessment_id
        )
        if picked is None:
            simulation.ended_at = moment
            return simulation
        if stop_after is not None and len(answered) >= stop_after:
            simulation.pending_challenge_id = picked.challenge_id
            return simulation
        challenge = learning.challenges_by_id[picked.challenge_id]
        value, timeout = _answer_value(
            challenge, ability, targeted.skills_by_id[challenge.skill_id], rng
        )
        time_spent = rng.randint(15, 90)
        moment += timedelta(seconds=time_spent + rng.randint(2, 10))
        evaluation = evaluate(
            challenge.type,
            challenge.solution,
            value,
            treatments=challenge.treatments,
            format=challenge.format,
            timeout=timeout,
        )
        created = knowledge_elements_for_answer(
            result=evaluation.result,
            skill_id=challenge.skill_id,
            target_skills=targeted.skills,
            knowledge_elements=knowledge,
            assessment_id=assessment_id,
            created_at=moment,
        )
        knowledge.extend(created)
        answered.append(challenge.id)
        last = engine.AnswerRecord(challenge.id, evaluation.result, timeout, moment)
        simulation.answers.append(
            SimulatedAnswer(
                Answer(
                    assessment_id=assessment_id,
                    challenge_id=challenge.id,
                    value=value,
                    result=evaluation.result.value,
                    result_details=(
                        dict(evaluation.result_details) if evaluation.result_details else None
                    ),
                    timeout=timeout,
                    focused_out=False,
                    time_spent=time_spent,
                    created_at=moment,
                ),
                created,
            )
        )


async def _users_with_participation(context: SeedContext, campaign_id: int) -> set[int]:
    return set(
        await context.session.scalars(
            select(CampaignParticipation.user_id).where(
                CampaignParticipation.campaign_id == campaign_id
            )
        )
    )


async def _campaign(context: SeedContext, code: str) -> Campaign | None:
    return await context.session.scalar(select(Campaign).where(Campaign.code == code))


def _school_day(now: datetime, days_ago: int, rng: random.Random) -> datetime:
    # Between 08:00 and 18:00 UTC of that day: the day an activity falls on depends on the
    # seeding date only, not on the hour the demo was seeded.
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=days_ago) + timedelta(hours=8, minutes=rng.randint(0, 600))


def _shared_at(finished_at: datetime, rng: random.Random, now: datetime) -> datetime:
    # Shared a little later, but never in the future.
    return min(finished_at + timedelta(minutes=rng.randint(1, 600)), now - timedelta(minutes=5))


async def _seed_rentree(context: SeedContext, now: datetime) -> None:
    campaign = await _campaign(context, RENTREE_CODE)
    if campaign is None:
        return
    already = await _users_with_participation(context, campaign.id)
    targeted = campaign_content(campaign)
    todo = [
        (participant, context.users[participant.email])
        for participant in RENTREE_CLASS
        if participant.email in context.users and context.users[participant.email].id not in already
    ]
    if not todo:
        return
    session = context.session
    rngs = {participant.number: random.Random(participant.email) for participant, _ in todo}
    starts: dict[int, datetime] = {}
    rows: list[tuple[DemoParticipant, User, CampaignParticipation, Assessment]] = []
    for participant, user in todo:
        rng = rngs[participant.number]
        started_at = _school_day(now, participant.days_ago, rng)
        starts[participant.number] = started_at
        participation = CampaignParticipation(
            campaign_id=campaign.id,
            user_id=user.id,
            status=ParticipationStatus.STARTED,
            is_improved=False,
            created_at=started_at,
        )
        assessment = Assessment(
            user_id=user.id, is_improving=False, created_at=started_at, updated_at=started_at
        )
        rows.append((participant, user, participation, assessment))
    session.add_all(participation for _, _, participation, _ in rows)
    await session.flush()
    for _, _, participation, assessment in rows:
        assessment.campaign_participation_id = participation.id
    session.add_all(assessment for _, _, _, assessment in rows)
    await session.flush()

    simulations: list[tuple[DemoParticipant, User, Simulation, Assessment]] = []
    for participant, user, participation, assessment in rows:
        rng = rngs[participant.number]
        in_progress = participant.outcome is Outcome.IN_PROGRESS
        simulation = simulate_assessment(
            targeted,
            assessment.id,
            participant.ability,
            rng,
            starts[participant.number],
            stop_after=rng.randint(3, 8) if in_progress else None,
        )
        simulations.append((participant, user, simulation, assessment))
        last_moment = (
            simulation.answers[-1].row.created_at
            if simulation.answers
            else starts[participant.number]
        )
        assessment.updated_at = last_moment
        if simulation.pending_challenge_id is not None:
            assessment.last_challenge_id = simulation.pending_challenge_id
            assessment.last_question_date = last_moment
            continue
        assessment.state = AssessmentState.COMPLETED
        participation.status = ParticipationStatus.TO_SHARE
        if participant.outcome is Outcome.SHARED:
            knowledge = [ke for answer in simulation.answers for ke in answer.knowledge_elements]
            shared_at = _shared_at(last_moment, rng, now)
            participation.status = ParticipationStatus.SHARED
            participation.shared_at = shared_at
            results_to_freeze(campaign, knowledge).apply_to(participation)
            session.add(
                KnowledgeElementSnapshot(
                    campaign_participation_id=participation.id,
                    snapshot=knowledge_snapshot(knowledge),
                    snapped_at=shared_at,
                )
            )
    session.add_all(
        answer.row for _, _, simulation, _ in simulations for answer in simulation.answers
    )
    await session.flush()
    session.add_all(
        knowledge_element_row(ke, user_id=user.id, answer_id=answer.row.id)
        for _, user, simulation, _ in simulations
        for answer in simulation.answers
        for ke in answer.knowledge_elements
    )
    await session.flush()


async def _seed_profiles(context: SeedContext, now: datetime) -> None:
    """A few profiles sent to PROFIL456 by students who took RENTRE123 (so they have pix)."""
    campaign = await _campaign(context, PROFILES_CODE)
    if campaign is None:
        return
    already = await _users_with_participation(context, campaign.id)
    session = context.session
    for number, outcome in PROFILE_SENDERS:
        user = context.users.get(f"eleve{number:02d}@example.net")
        if user is None or user.id in already:
            continue
        rng = random.Random(f"{user.email}|{PROFILES_CODE}")
        joined_at = _school_day(now, 2, rng)
        participation = CampaignParticipation(
            campaign_id=campaign.id,
            user_id=user.id,
            participant_external_id=f"{1234560000 + number}{'ABCDEFGHJK'[number % 10]}",
            status=ParticipationStatus.TO_SHARE,
            is_improved=False,
            created_at=joined_at,
        )
        session.add(participation)
        await session.flush()
        if outcome is not Outcome.SHARED:
            continue
        knowledge = await user_knowledge_elements(session, user.id)
        shared_at = _shared_at(joined_at, rng, now)
        participation.status = ParticipationStatus.SHARED
        participation.shared_at = shared_at
        results_to_freeze(campaign, knowledge).apply_to(participation)
        session.add(
            KnowledgeElementSnapshot(
                campaign_participation_id=participation.id,
                snapshot=knowledge_snapshot(knowledge),
                snapped_at=shared_at,
            )
        )
    await session.flush()


async def seed_participations(context: SeedContext) -> None:
    """Add the demo participations that are missing (found by student and campaign)."""
    now = utcnow()
    await _seed_rentree(context, now)
    await _seed_profiles(context, now)
