"""Who calls, and on what, for the authorization matrix (test_server_authorization_matrix.py).

The demo seed holds every kind of caller but two; the matrix's template database adds them:
- `gestionnaire@example.net`, a plain MEMBER of the collège who owns RENTRE123 (so the
  owner's rights come from ownership alone: prof@ stays ADMIN without owning it);
- `prof.lycee@example.net`, a MEMBER of the lycée only (another organisation).
It also gives the participant student a profiles-collection participation waiting to be
sent (joined through the API), and two refresh tokens of that student, one revoked.

Targets are real rows of the seed: RENTRE123 and the participations of its class.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, update

from server.db import Database
from server.models import (
    Answer,
    Assessment,
    Campaign,
    CampaignParticipation,
    Membership,
    Organization,
    OrganizationRole,
    User,
    utcnow,
)
from server.security import create_access_token

COLLEGE = "Collège Pix (DEMO)"
LYCEE = "Lycée Pix (DEMO)"
QUIET_CAMPAIGN = "Gérer ses fichiers 5e"  # of the collège; nobody has joined it


class Actor(Enum):
    """Every kind of caller; the value is the demo account (None: no valid user token)."""

    ANONYMOUS = None
    STUDENT = "eleve04@example.net"  # in the middle of RENTRE123 (STARTED, a question pending)
    OTHER_STUDENT = "eleve01@example.net"  # took RENTRE123 too, and shared
    MEMBER = "prof2@example.net"  # MEMBER of the collège, not the owner of RENTRE123
    ORG_ADMIN = "prof@example.net"  # ADMIN of the collège (MEMBER of the lycée)
    OWNER = "gestionnaire@example.net"  # MEMBER of the collège, owner of RENTRE123
    OTHER_ORG = "prof.lycee@example.net"  # MEMBER of the lycée only
    SUPER_ADMIN = "superadmin@example.net"
    SUPPORT = "support@example.net"
    METIER = "metier@example.net"
    CERTIF = "certif@example.net"
    EXPIRED_TOKEN = "expired"  # the student's access token, expired an hour ago
    REVOKED_REFRESH = "revoked"  # the student's refresh token, revoked (logged out)

    def __init__(self, email: str | None) -> None:
        self.email = email if email and "@" in email else None


ADMINS = frozenset({Actor.SUPER_ADMIN, Actor.SUPPORT, Actor.METIER, Actor.CERTIF})
BAD_TOKENS = frozenset({Actor.EXPIRED_TOKEN, Actor.REVOKED_REFRESH})
COLLEGE_STAFF = frozenset({Actor.MEMBER, Actor.ORG_ADMIN, Actor.OWNER})
EVERYONE = frozenset(Actor)
USERS = frozenset(actor for actor in Actor if actor.email is not None)


@dataclass
class World:
    """Ids of the rows the matrix aims at, read from the template database."""

    users: dict[str, int]
    college: int
    lycee: int
    rentree: int  # RENTRE123, assessment, owned by OWNER
    profiles: int  # PROFIL456, profiles collection, with an external id label
    quiet: int  # an assessment campaign of the collège nobody joined
    archived: int  # ARCHIV789
    student_participation: int  # STUDENT in RENTRE123, STARTED
    student_assessment: int
    student_answer: int
    student_pending_challenge: str
    student_profile_participation: int  # STUDENT in PROFIL456, TO_SHARE
    other_participation: int  # OTHER_STUDENT in RENTRE123, SHARED
    other_assessment: int
    other_answer: int
    shared_profile_participation: int  # eleve02 in PROFIL456, SHARED
    live_refresh_token: str
    revoked_refresh_token: str

    def user(self, actor: Actor) -> int:
        assert actor.email is not None
        return self.users[actor.email]

    @property
    def student(self) -> int:
        return self.user(Actor.STUDENT)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def copy_sqlite(source: Path, destination: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


async def _one(session: Any, statement: Any) -> Any:
    found = await session.scalar(statement)
    assert found is not None, str(statement)
    return found


async def _add_teachers(url: str) -> None:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            model = await _one(session, select(User).where(User.email == Actor.MEMBER.email))
            columns = {
                column.key: getattr(model, column.key)
                for column in User.__table__.columns
                if column.key not in ("id", "email", "first_name", "last_name")
            }
            organizations = {
                organization.name: organization.id
                for organization in await session.scalars(select(Organization))
            }
            added = {}
            for email, first, last in [
                (Actor.OWNER.email, "Marc", "Gestionnaire"),
                (Actor.OTHER_ORG.email, "Inès", "Lycée"),
            ]:
                user = User(email=email, first_name=first, last_name=last, **columns)
                session.add(user)
                await session.flush()
                added[email] = user.id
            for email, organization in [
                (Actor.OWNER.email, COLLEGE),
                (Actor.OTHER_ORG.email, LYCEE),
            ]:
                session.add(
                    Membership(
                        user_id=added[email],
                        organization_id=organizations[organization],
                        organization_role=OrganizationRole.MEMBER,
                    )
                )
            await session.execute(
                update(Campaign)
                .where(Campaign.code == "RENTRE123")
                .values(owner_id=added[Actor.OWNER.email])
            )
    finally:
        await database.dispose()


async def _through_the_api(url: str) -> tuple[str, str]:
    """The student joins PROFIL456 and logs in twice; returns (live, revoked) refresh tokens."""
    from server.app import create_app

    app = create_app(url)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            tokens = []
            for _ in range(2):
                response = await api.post(
                    "/api/token",
                    data={
                        "grant_type": "password",
                        "username": str(Actor.STUDENT.email),
                        "password": "Pix12345",
                    },
                )
                assert response.status_code == 200, response.text
                tokens.append(response.json())
            profiles = await _scalar(url, select(Campaign.id).where(Campaign.code == "PROFIL456"))
            joined = await api.post(
                "/api/campaign-participations",
                json={
                    "data": {
                        "type": "campaign-participations",
                        "attributes": {"participant-external-id": "INE-0004"},
                        "relationships": {
                            "campaign": {"data": {"id": str(profiles), "type": "campaigns"}}
                        },
                    }
                },
                headers={"Authorization": f"Bearer {tokens[0]['access_token']}"},
            )
            assert joined.status_code == 201, joined.text
            revoked = await api.post(
                "/api/revoke",
                data={"token": tokens[1]["refresh_token"], "token_type_hint": "refresh_token"},
            )
            assert revoked.status_code == 204, revoked.text
            return str(tokens[0]["refresh_token"]), str(tokens[1]["refresh_token"])
    finally:
        await app.state.database.dispose()


async def _scalar(url: str, statement: Any) -> Any:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return await _one(session, statement)
    finally:
        await database.dispose()


async def _participation(session: Any, campaign: int, user: int) -> CampaignParticipation:
    return await _one(
        session,
        select(CampaignParticipation).where(
            CampaignParticipation.campaign_id == campaign,
            CampaignParticipation.user_id == user,
        ),
    )


async def _assessment_and_answer(session: Any, participation: int) -> tuple[Assessment, int]:
    assessment = await _one(
        session, select(Assessment).where(Assessment.campaign_participation_id == participation)
    )
    answer = await _one(
        session, select(Answer.id).where(Answer.assessment_id == assessment.id).limit(1)
    )
    return assessment, int(answer)


async def build_template(seeded: Path, template: Path) -> World:
    """Copy the seeded database to `template`, add the matrix's callers, return its ids."""
    copy_sqlite(seeded, template)
    url = sqlite_url(template)
    await _add_teachers(url)
    live, revoked = await _through_the_api(url)
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            users = {
                str(user.email): user.id
                for user in await session.scalars(
                    select(User).where(User.email.in_([a.email for a in USERS]))
                )
            }
            assert len(users) == len(USERS), sorted(users)
            orgs = {o.name: o.id for o in await session.scalars(select(Organization))}
            codes = {c.code: c.id for c in await session.scalars(select(Campaign))}
            quiet = await _one(session, select(Campaign.id).where(Campaign.name == QUIET_CAMPAIGN))
            rentree, profiles = codes["RENTRE123"], codes["PROFIL456"]
            student = users[str(Actor.STUDENT.email)]
            other = users[str(Actor.OTHER_STUDENT.email)]
            mine = await _participation(session, rentree, student)
            my_assessment, my_answer = await _assessment_and_answer(session, mine.id)
            theirs = await _participation(session, rentree, other)
            their_assessment, their_answer = await _assessment_and_answer(session, theirs.id)
            sender = await _one(session, select(User.id).where(User.email == "eleve02@example.net"))
            world = World(
                users=users,
                college=orgs[COLLEGE],
                lycee=orgs[LYCEE],
                rentree=rentree,
                profiles=profiles,
                quiet=int(quiet),
                archived=codes["ARCHIV789"],
                student_participation=mine.id,
                student_assessment=my_assessment.id,
                student_answer=my_answer,
                student_pending_challenge=str(my_assessment.last_challenge_id),
                student_profile_participation=(await _participation(session, profiles, student)).id,
                other_participation=theirs.id,
                other_assessment=their_assessment.id,
                other_answer=their_answer,
                shared_profile_participation=(await _participation(session, profiles, sender)).id,
                live_refresh_token=live,
                revoked_refresh_token=revoked,
            )
    finally:
        await database.dispose()
    # The states the matrix relies on, checked rather than assumed.
    assert mine.status == "STARTED" and my_assessment.last_challenge_id is not None
    assert theirs.status == "SHARED"
    return world


async def headers_for(app: Any, world: World, actor: Actor) -> dict[str, str]:
    """The Authorization header `actor` sends (none for ANONYMOUS)."""
    if actor is Actor.ANONYMOUS:
        return {}
    if actor is Actor.REVOKED_REFRESH:
        return {"Authorization": f"Bearer {world.revoked_refresh_token}"}
    now = utcnow()
    user = world.student if actor is Actor.EXPIRED_TOKEN else world.user(actor)
    ttl = app.state.settings.access_token_ttl
    token = create_access_token(
        secret=await app.state.jwt_secret.get(),
        user_id=user,
        scope=None,
        audience=None,
        now=now - ttl - timedelta(hours=1) if actor is Actor.EXPIRED_TOKEN else now,
        ttl=ttl,
    )
    return {"Authorization": f"Bearer {token}"}
