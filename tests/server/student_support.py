"""Helpers of the student-flow tests: demo ids, request bodies, answers read from the content.

The right answer to a challenge is derived here from the content files independently of the
server's own helpers, so that a test answering "right" checks the server's corrector.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import yaml
from sqlalchemy import select

from server.content import Challenge, ChallengeType, load_content
from server.db import Database
from server.models import Campaign, KnowledgeElement, User

STUDENT = "eleve@example.net"  # no participation in the demo
OTHER_STUDENT = "eleve21@example.net"  # no participation either
RENTREE = "RENTRE123"  # assessment, target profile 1, no multiple sendings
PROFILES = "PROFIL456"  # profiles collection, external id "Numéro INE" required
ARCHIVED = "ARCHIV789"
SKIP = "#ABAND#"


async def db_scalar(url: str, statement: Any) -> Any:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return await session.scalar(statement)
    finally:
        await database.dispose()


async def db_all(url: str, statement: Any) -> list[Any]:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return list((await session.execute(statement)).all())
    finally:
        await database.dispose()


async def user_id(url: str, email: str) -> int:
    return int(await db_scalar(url, select(User.id).where(User.email == email)))


async def campaign_id(url: str, code: str) -> int:
    return int(await db_scalar(url, select(Campaign.id).where(Campaign.code == code)))


async def age_knowledge_elements(url: str, user: int, days: int) -> None:
    """Move a learner's KEs back in time (as if they had been earned `days` earlier)."""
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            for row in await session.scalars(
                select(KnowledgeElement).where(KnowledgeElement.user_id == user)
            ):
                row.created_at = row.created_at - timedelta(days=days)
    finally:
        await database.dispose()


def challenge(challenge_id: str) -> Challenge:
    return load_content().challenges_by_id[challenge_id]


def _inputs(item: Challenge) -> list[str]:
    return item.input_keys


def right_value(item: Challenge) -> str:
    if item.type in (ChallengeType.QCU, ChallengeType.QCM):
        return item.solution
    if item.type is ChallengeType.QROC:
        return next(line for line in item.solution.split("\n") if line.strip())
    solution = yaml.load(item.solution, Loader=yaml.BaseLoader)
    if item.type is ChallengeType.QROCM_IND:
        lines = [f"{key}: {solution[key][0]}" for key in _inputs(item)]
    else:  # QROCM-dep: each input a different group
        groups = list(solution.values())
        lines = [f"{key}: {groups[i][0]}" for i, key in enumerate(_inputs(item))]
    return "\n".join(lines) + "\n"


def wrong_value(item: Challenge) -> str:
    if item.type is ChallengeType.QCU:
        return "1" if item.solution != "1" else "2"
    if item.type is ChallengeType.QCM:
        return "1" if item.solution != "1" else "2"
    if item.type is ChallengeType.QROC:
        return "zzzz"
    return "".join(f"{key}: zzzz\n" for key in _inputs(item))


def join_body(campaign: int, external_id: str | None = None, **attributes: Any) -> dict[str, Any]:
    return {
        "data": {
            "type": "campaign-participations",
            "attributes": {"participant-external-id": external_id, **attributes},
            "relationships": {"campaign": {"data": {"id": str(campaign), "type": "campaigns"}}},
        }
    }


def answer_body(
    assessment: int | str, challenge_id: str, value: str, timeout: int | None = None
) -> dict[str, Any]:
    return {
        "data": {
            "type": "answers",
            "attributes": {
                "value": value,
                "result": None,
                "result-details": None,
                "timeout": timeout,
                "focused-out": False,
            },
            "relationships": {
                "assessment": {"data": {"type": "assessments", "id": str(assessment)}},
                "challenge": {"data": {"type": "challenges", "id": challenge_id}},
            },
        }
    }


@dataclass
class Student:
    """A logged-in learner talking to the app, like the TUI would."""

    api: httpx.AsyncClient
    headers: dict[str, str]
    id: int

    async def join(
        self, campaign: int, external_id: str | None = None, **attrs: Any
    ) -> httpx.Response:
        return await self.api.post(
            "/api/campaign-participations",
            json=join_body(campaign, external_id, **attrs),
            headers=self.headers,
        )

    async def assessment(self, assessment: int | str) -> dict[str, Any]:
        response = await self.api.get(f"/api/assessments/{assessment}", headers=self.headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def answer(
        self,
        assessment: int | str,
        challenge_id: str,
        value: str,
        timeout: int | None = None,
        key: str | None = None,
    ) -> httpx.Response:
        headers = dict(self.headers)
        if key is not None:
            headers["Idempotency-Key"] = key
        return await self.api.post(
            "/api/answers",
            json=answer_body(assessment, challenge_id, value, timeout),
            headers=headers,
        )

    async def next_challenge_id(self, assessment: int | str) -> str | None:
        data = (await self.assessment(assessment))["data"]
        linkage = data["relationships"]["next-challenge"]["data"]
        return None if linkage is None else str(linkage["id"])

    async def play(
        self, assessment: int | str, right: bool | None = None, limit: int = 80
    ) -> list[tuple[str, dict[str, Any]]]:
        """Answer until the test ends; right, wrong, or alternately (None). Returns
        (challenge id, answer resource) in order."""
        given: list[tuple[str, dict[str, Any]]] = []
        for index in range(limit):
            challenge_id = await self.next_challenge_id(assessment)
            if challenge_id is None:
                return given
            item = challenge(challenge_id)
            good = right if right is not None else index % 2 == 0
            value = right_value(item) if good else wrong_value(item)
            response = await self.answer(assessment, challenge_id, value)
            assert response.status_code == 201, response.text
            given.append((challenge_id, response.json()["data"]))
        raise AssertionError("the test did not end")


def assessment_id_of(participation_doc: dict[str, Any]) -> int:
    return int(participation_doc["data"]["relationships"]["assessment"]["data"]["id"])
