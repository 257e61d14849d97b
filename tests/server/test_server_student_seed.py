"""The demo class of RENTRE123 and the profiles sent to PROFIL456 (server/seed_participations)."""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import func, select
from student_support import (
    PROFILES,
    RENTREE,
    STUDENT,
    Student,
    campaign_id,
    db_all,
    db_scalar,
    user_id,
)

from server.models import (
    Answer,
    Assessment,
    CampaignParticipation,
    KnowledgeElement,
    KnowledgeElementSnapshot,
    User,
    utcnow,
)
from server.seed import seed_demo


async def _participations(url: str, code: str) -> list[tuple[str, str]]:
    rows = await db_all(
        url,
        select(User.email, CampaignParticipation.status)
        .join(User, User.id == CampaignParticipation.user_id)
        .where(CampaignParticipation.campaign_id == await campaign_id(url, code))
        .order_by(User.email),
    )
    return [(email, status) for email, status in rows]


async def test_the_demo_class_is_in_every_state(seeded_url) -> None:
    rentree = await _participations(seeded_url, RENTREE)

    assert [email for email, _ in rentree] == [f"eleve{n:02d}@example.net" for n in range(1, 21)]
    assert Counter(status for _, status in rentree) == {"SHARED": 14, "TO_SHARE": 3, "STARTED": 3}
    assert STUDENT not in {email for email, _ in rentree}
    profiles = await _participations(seeded_url, PROFILES)
    assert Counter(status for _, status in profiles) == {"SHARED": 3, "TO_SHARE": 1}
    # Every answer was corrected by the engine: some right, some wrong, some skipped.
    results = Counter(result for (result,) in await db_all(seeded_url, select(Answer.result)))
    assert results["ok"] > 0 and results["ko"] > 0 and results["aband"] > 0


async def test_the_demo_class_started_in_school_hours_on_past_days(seeded_url) -> None:
    # Charts count activity per day: the day of each start must not depend on the hour the
    # demo was seeded, or the teacher's activity chart changes shape around midnight.
    starts = [
        start for (start,) in await db_all(seeded_url, select(CampaignParticipation.created_at))
    ]
    today = utcnow().date()
    assert starts and all(8 <= start.hour < 18 for start in starts)
    assert all(1 <= (today - start.date()).days <= 15 for start in starts)


async def test_shared_results_match_their_snapshot(seeded_url) -> None:
    rows = await db_all(
        seeded_url,
        select(CampaignParticipation, KnowledgeElementSnapshot)
        .join(
            KnowledgeElementSnapshot,
            KnowledgeElementSnapshot.campaign_participation_id == CampaignParticipation.id,
        )
        .where(CampaignParticipation.campaign_id == await campaign_id(seeded_url, RENTREE)),
    )
    assert len(rows) == 14
    for participation, snapshot in rows:
        validated = [item for item in snapshot.snapshot if item["status"] == "validated"]
        assert participation.validated_skills_count == len(validated)
        assert participation.mastery_rate == len(validated) / 28
        assert participation.shared_at >= participation.created_at


async def test_a_student_left_mid_test_resumes_on_the_recorded_question(
    api, auth_headers, seeded_url
) -> None:
    email = "eleve04@example.net"
    me = Student(api, await auth_headers(email), await user_id(seeded_url, email))
    rentree = await campaign_id(seeded_url, RENTREE)
    current = await api.get(
        f"/api/users/{me.id}/campaigns/{rentree}/campaign-participations", headers=me.headers
    )
    assessment = int(current.json()["data"]["relationships"]["assessment"]["data"]["id"])
    recorded = await db_scalar(
        seeded_url, select(Assessment.last_challenge_id).where(Assessment.id == assessment)
    )
    answered = await db_scalar(
        seeded_url,
        select(func.count()).select_from(Answer).where(Answer.assessment_id == assessment),
    )

    assert recorded is not None
    assert await me.next_challenge_id(assessment) == recorded
    assert 3 <= answered <= 8


async def test_seeding_is_fast_and_adds_nothing_the_second_time(database_url) -> None:
    started = time.perf_counter()
    await seed_demo(database_url)
    elapsed = time.perf_counter() - started
    counts = [
        await db_scalar(database_url, select(func.count()).select_from(model))
        for model in (CampaignParticipation, Answer, KnowledgeElement)
    ]

    await seed_demo(database_url)

    assert elapsed < 2.5  # argon2-hashing the demo password included
    assert [
        await db_scalar(database_url, select(func.count()).select_from(model))
        for model in (CampaignParticipation, Answer, KnowledgeElement)
    ] == counts
