"""Load correctness: a class of 15 students taking a whole test at the same time against a
real `pix-server serve` (SQLite file, and PostgreSQL when configured), over HTTP.

What is asserted is what a teacher would notice the next morning: nobody got an error, and
every answer sent is stored exactly once. Latencies are printed (p50 / p95 per kind of
request, run with `-s` to see them), never asserted: CI machines vary too much.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from reliability_support import bearer, fresh_assessment_campaign, running_servers
from sqlalchemy import func, select
from student_support import (
    answer_body,
    assessment_id_of,
    challenge,
    db_all,
    join_body,
    right_value,
    wrong_value,
)

from server.content import load_content
from server.models import Answer, Assessment, CampaignParticipation, ParticipationStatus

CLASS_SIZE = 15
# The demo class already played RENTRE123 (its skills are mostly known): a profile they have
# barely touched gives each of them a whole test of about twenty questions.
TARGET_PROFILE = "[LYC] Parcours prédéfini Seconde"
STUDENTS = [f"eleve{number:02d}@example.net" for number in range(1, CLASS_SIZE + 1)]
MAX_QUESTIONS = 80


@dataclass
class Timings:
    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    async def timed(self, kind: str, request: asyncio.Future[httpx.Response]) -> httpx.Response:
        started = time.perf_counter()
        response = await request
        self.by_kind[kind].append(time.perf_counter() - started)
        return response

    def report(self, label: str) -> str:
        lines = [f"{label}: {sum(map(len, self.by_kind.values()))} requests"]
        for kind, values in sorted(self.by_kind.items()):
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            lines.append(
                f"  {kind:<10} n={len(ordered):<4} p50={statistics.median(ordered) * 1000:6.1f} ms"
                f"  p95={p95 * 1000:6.1f} ms  max={ordered[-1] * 1000:6.1f} ms"
            )
        return "\n".join(lines)


@dataclass
class StudentRun:
    email: str
    assessment: int = 0
    participation: int = 0
    answered: list[str] = field(default_factory=list)


async def _take_the_test(
    client: httpx.AsyncClient, email: str, campaign: int, timings: Timings
) -> StudentRun:
    run = StudentRun(email)
    headers = await bearer(client, email)
    joined = await timings.timed(
        "join",
        client.post("/api/campaign-participations", json=join_body(campaign), headers=headers),
    )
    assert joined.status_code == 201, (email, joined.text)
    run.assessment = assessment_id_of(joined.json())
    run.participation = int(joined.json()["data"]["id"])
    for index in range(MAX_QUESTIONS):
        doc = await timings.timed(
            "next", client.get(f"/api/assessments/{run.assessment}", headers=headers)
        )
        assert doc.status_code == 200, (email, doc.text)
        linkage = doc.json()["data"]["relationships"]["next-challenge"]["data"]
        if linkage is None:
            break
        asked = str(linkage["id"])
        item = challenge(asked)
        value = right_value(item) if index % 3 else wrong_value(item)
        answered = await timings.timed(
            "answer",
            client.post(
                "/api/answers",
                json=answer_body(run.assessment, asked, value),
                headers={**headers, "Idempotency-Key": f"{email}-{index}"},
            ),
        )
        assert answered.status_code == 201, (email, answered.text)
        run.answered.append(asked)
    else:
        raise AssertionError(f"{email}: the test did not end")
    completed = await timings.timed(
        "complete",
        client.patch(f"/api/assessments/{run.assessment}/complete-assessment", headers=headers),
    )
    assert completed.status_code == 204, (email, completed.text)
    shared = await timings.timed(
        "share", client.patch(f"/api/campaign-participations/{run.participation}", headers=headers)
    )
    assert shared.status_code == 204, (email, shared.text)
    return run


def _profile_id() -> int:
    return next(p.id for p in load_content().target_profiles if p.name == TARGET_PROFILE)


async def test_a_class_takes_a_test_at_the_same_time(seeded_url: str, tmp_path: Path) -> None:
    timings = Timings()
    with running_servers(seeded_url, tmp_path, count=1) as [server]:
        limits = httpx.Limits(max_connections=CLASS_SIZE)
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30, limits=limits) as client:
            teacher = await bearer(client, "prof@example.net")
            campaign, _ = await fresh_assessment_campaign(
                client, teacher, seeded_url, "Charge", target_profile_id=_profile_id()
            )
            started = time.perf_counter()
            outcomes = await asyncio.gather(
                *(_take_the_test(client, email, campaign, timings) for email in STUDENTS),
                return_exceptions=True,
            )
            elapsed = time.perf_counter() - started
        log = server.output()

    print("\n" + timings.report(f"{CLASS_SIZE} students in {elapsed:.1f} s ({seeded_url[:10]})"))
    errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert not errors and "Traceback" not in log, f"{errors}\n--- server log ---\n{log[-6000:]}"
    runs = [outcome for outcome in outcomes if isinstance(outcome, StudentRun)]
    for run in runs:
        stored = await db_all(
            seeded_url,
            select(Answer.challenge_id, func.count())
            .where(Answer.assessment_id == run.assessment)
            .group_by(Answer.challenge_id),
        )
        assert len(run.answered) >= 10, run.email  # a real test, not a formality
        assert sorted(stored) == sorted((asked, 1) for asked in run.answered), run.email
    states = await db_all(
        seeded_url,
        select(CampaignParticipation.status, Assessment.state)
        .join(Assessment, Assessment.campaign_participation_id == CampaignParticipation.id)
        .where(CampaignParticipation.campaign_id == campaign),
    )
    assert states == [(ParticipationStatus.SHARED, "completed")] * CLASS_SIZE
