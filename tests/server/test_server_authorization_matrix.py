"""Authorization matrix (issue #9, Permissions): every route of the app × every kind of caller.

Matrix size: 62 routes × 13 callers = 806 cells (asserted in `test_matrix_size`; a new route
fails `test_every_route_of_the_app_is_in_the_matrix` until a row is written for it).

Callers (authz_actors.Actor): anonymous, the participant student, another student, a MEMBER,
an ADMIN and the campaign owner (a plain MEMBER) of the collège, a member of the lycée only,
the four Pix Admin roles, an expired access token and a revoked refresh token used as bearer.

Expected outcome classes: "2xx" (allowed), "401", "403", "404" (where the server hides that
the row exists), and a few exact domain statuses, commented on their row, where the caller
passed authorization and the target's state refuses the action (e.g. 409 "the test is not
over"): a domain refusal can only come after the authorization checks, so it proves the
caller was let through without the test having to change the target's state.

Writes: every cell expected "2xx" on a mutating route runs on its own fresh copy of the
template database, so an allowed write never changes what a later cell sees; refused writes
share one copy (a refusal changes nothing; if one did not, its cell fails anyway).

Pix's own quirks are kept, because the client relies on them: an assessment that is not the
caller's is a 401 carrying a validation error (CONTRACT 7.3), someone else's answer is a 404,
and the `auth: false` routes of Pix App (answers, feedbacks, challenges) refuse a stranger
with 403/404 rather than 401 but still refuse an expired token with 401 so it gets refreshed.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from authz_actors import (
    ADMINS,
    BAD_TOKENS,
    COLLEGE_STAFF,
    EVERYONE,
    USERS,
    Actor,
    World,
    build_template,
    copy_sqlite,
    headers_for,
    sqlite_url,
)
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import func, select, update

from server.app import create_app
from server.background import run_coroutine_blocking
from server.db import Database
from server.models import (
    Answer,
    Assessment,
    Campaign,
    CampaignParticipation,
    Membership,
    User,
    utcnow,
)

OK = "2xx"
Outcome = str  # "2xx" or a status code
Request = tuple[str, dict[str, Any]]  # (path, httpx request kwargs)


def outcome_of(status: int) -> Outcome:
    return OK if 200 <= status < 300 else str(status)


def expect(
    allowed: frozenset[Actor] | set[Actor],
    *,
    refused: int = 403,
    anonymous: int | None = 401,
    bad_token: int = 401,
    **special: int | str,
) -> dict[Actor, Outcome]:
    """Allowed callers get 2xx; other users `refused`; no token `anonymous`; an expired or
    revoked token `bad_token`. `special` (Actor name → status) overrides one cell."""
    table: dict[Actor, Outcome] = {}
    for actor in Actor:
        if actor in allowed:
            table[actor] = OK
        elif actor is Actor.ANONYMOUS:
            table[actor] = str(anonymous if anonymous is not None else refused)
        elif actor in BAD_TOKENS:
            table[actor] = str(bad_token)
        else:
            table[actor] = str(refused)
    for name, status in special.items():
        table[Actor[name]] = status if status == OK else str(status)
    return table


def public() -> dict[Actor, Outcome]:
    """No caller at all is read: even a bad token is ignored."""
    return expect(EVERYONE)


@dataclass(frozen=True)
class Row:
    method: str
    route: str  # the path template, as the app declares it
    build: Callable[[World], Request] = field(repr=False)
    expected: dict[Actor, Outcome] = field(repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.route

    @property
    def writes(self) -> bool:
        return self.method != "GET"


def get(path: Callable[[World], str], **params: Any) -> Callable[[World], Request]:
    return lambda w: (path(w), {"params": params} if params else {})


def send(
    path: Callable[[World], str], **kwargs: Callable[[World], Any]
) -> Callable[[World], Request]:
    return lambda w: (path(w), {name: make(w) for name, make in kwargs.items()})


def jsonapi(
    type_: str, attributes: dict[str, Any] | None = None, **relationships: tuple[str, Any]
) -> dict[str, Any]:
    data: dict[str, Any] = {"type": type_, "attributes": attributes or {}}
    if relationships:
        data["relationships"] = {
            name.replace("_", "-"): {"data": {"type": kind, "id": str(id_)}}
            for name, (kind, id_) in relationships.items()
        }
    return {"data": data}


def answer_body(w: World) -> dict[str, Any]:
    return jsonapi(
        "answers",
        {"value": "#ABAND#", "timeout": None, "focused-out": False},
        assessment=("assessments", w.student_assessment),
        challenge=("challenges", w.student_pending_challenge),
    )


STAFF = COLLEGE_STAFF
MANAGERS = frozenset({Actor.ORG_ADMIN, Actor.OWNER})
EDITORS = frozenset({Actor.SUPER_ADMIN, Actor.SUPPORT, Actor.METIER})
REMOVERS = frozenset({Actor.SUPER_ADMIN, Actor.SUPPORT})
ARCHIVERS = frozenset({Actor.SUPER_ADMIN, Actor.METIER})
STUDENT = frozenset({Actor.STUDENT})
# Pix App's own-assessment guard: 401 to anyone else, token or not (CONTRACT 7.3).
OWN_ASSESSMENT = expect(STUDENT, refused=401)
# Someone else's answer does not exist (CONTRACT 7.8).
OWN_ANSWER = expect(STUDENT, refused=404, anonymous=404)

ROWS: list[Row] = [
    # --- public: the server's identity, logging in and out, a campaign by its code ----------
    Row("GET", "/", get(lambda w: "/"), public()),
    Row(
        "POST",
        "/api/token",
        # A refresh grant with the student's live refresh token; the REVOKED_REFRESH caller
        # presents its revoked one (see `build_for`): refused.
        send(
            lambda w: "/api/token",
            data=lambda w: {"grant_type": "refresh_token", "refresh_token": w.live_refresh_token},
        ),
        expect(EVERYONE - {Actor.REVOKED_REFRESH}, REVOKED_REFRESH=401),
    ),
    Row(
        "POST",
        "/api/revoke",
        send(
            lambda w: "/api/revoke",
            data=lambda w: {"token": "jamais-émis", "token_type_hint": "refresh_token"},
        ),
        public(),
    ),
    Row(
        "GET",
        "/api/campaigns",
        get(lambda w: "/api/campaigns", **{"filter[code]": "RENTRE123"}),
        public(),
    ),
    Row(
        "GET",
        "/api/challenges/{id}",
        get(lambda w: f"/api/challenges/{w.student_pending_challenge}"),
        public(),
    ),
    Row(
        "POST",
        "/api/feedbacks",
        # Pix takes a signalement from anyone, logged in or not (`auth: false`).
        send(
            lambda w: "/api/feedbacks",
            json=lambda w: jsonapi(
                "feedbacks",
                {"content": "L'image ne s'affiche pas", "category": "picture"},
                assessment=("assessments", w.student_assessment),
                challenge=("challenges", w.student_pending_challenge),
            ),
        ),
        public(),
    ),
    # --- oneself -------------------------------------------------------------------------------
    Row("GET", "/api/users/me", get(lambda w: "/api/users/me"), expect(USERS)),
    Row(
        "PATCH",
        "/api/users/{userId}/pix-orga-terms-of-service-acceptance",
        send(lambda w: f"/api/users/{w.user(Actor.MEMBER)}/pix-orga-terms-of-service-acceptance"),
        expect({Actor.MEMBER}),
    ),
    Row(
        "GET",
        "/api/prescription/prescribers/{userId}",
        get(lambda w: f"/api/prescription/prescribers/{w.user(Actor.ORG_ADMIN)}"),
        expect({Actor.ORG_ADMIN}),
    ),
    Row(
        "PUT",
        "/api/user-orga-settings/{userId}",
        send(
            lambda w: f"/api/user-orga-settings/{w.user(Actor.ORG_ADMIN)}",
            json=lambda w: jsonapi("user-orga-settings", organization=("organizations", w.college)),
        ),
        expect({Actor.ORG_ADMIN}),
    ),
    # --- Pix Orga: the collège and its campaigns --------------------------------------------
    Row(
        "GET",
        "/api/organizations/{id}/member-identities",
        get(lambda w: f"/api/organizations/{w.college}/member-identities"),
        expect(STAFF),
    ),
    Row(
        "GET",
        "/api/organizations/{id}/campaigns",
        get(lambda w: f"/api/organizations/{w.college}/campaigns"),
        expect(STAFF),
    ),
    Row(
        "GET",
        "/api/organizations/{id}/target-profiles",
        get(lambda w: f"/api/organizations/{w.college}/target-profiles"),
        expect(STAFF),
    ),
    Row(
        "POST",
        "/api/campaigns",
        send(
            lambda w: "/api/campaigns",
            json=lambda w: jsonapi(
                "campaigns",
                {"name": "Collecte de fin d'année", "type": "PROFILES_COLLECTION"},
                organization=("organizations", w.college),
            ),
        ),
        expect(STAFF),
    ),
    Row("GET", "/api/campaigns/{id}", get(lambda w: f"/api/campaigns/{w.rentree}"), expect(STAFF)),
    Row(
        "PATCH",
        "/api/campaigns/{id}",
        send(
            lambda w: f"/api/campaigns/{w.rentree}",
            json=lambda w: jsonapi(
                "campaigns",
                {
                    "name": "Parcours de rentrée 5e (modifié)",
                    "title": None,
                    "custom-landing-page-text": None,
                    "owner-id": w.user(Actor.OWNER),
                },
            ),
        ),
        expect(MANAGERS),  # DOMAIN 6.3: the organisation's ADMIN or the campaign's owner
    ),
    Row(
        "PUT",
        "/api/campaigns/{id}/archive",
        send(lambda w: f"/api/campaigns/{w.rentree}/archive"),
        expect(MANAGERS),
    ),
    Row(
        "DELETE",
        "/api/campaigns/{id}/archive",
        # ARCHIV789 belongs to prof2@ (MEMBER): its owner, not RENTRE123's, may unarchive it.
        send(lambda w: f"/api/campaigns/{w.archived}/archive"),
        expect({Actor.ORG_ADMIN, Actor.MEMBER}),
    ),
    # --- Pix Orga: following RENTRE123 (and PROFIL456 for the profiles collection) ----------
    *(
        Row(
            "GET",
            f"/api/campaigns/{{id}}/{tail}",
            get(lambda w, tail=tail: f"/api/campaigns/{w.rentree}/{tail}"),
            expect(STAFF),
        )
        for tail in [
            "participants-activity",
            "assessment-results",
            "collective-results",
            "stats/participations-by-status",
            "stats/participations-by-day",
            "stats/participations-by-mastery-rate",
            "csv-assessment-results",
        ]
    ),
    *(
        Row(
            "GET",
            f"/api/campaigns/{{id}}/{tail}",
            get(lambda w, tail=tail: f"/api/campaigns/{w.profiles}/{tail}"),
            expect(STAFF),
        )
        for tail in ["profiles-collection-participations", "csv-profiles-collection-results"]
    ),
    Row(
        "GET",
        "/api/campaigns/{campaignId}/organization-learners/{organizationLearnerId}/participations",
        get(
            lambda w: f"/api/campaigns/{w.rentree}/organization-learners/{w.student}/participations"
        ),
        expect(STAFF),
    ),
    Row(
        "GET",
        "/api/campaigns/{campaignId}/assessment-participations/{participationId}",
        get(
            lambda w: (
                f"/api/campaigns/{w.rentree}/assessment-participations/{w.student_participation}"
            )
        ),
        expect(STAFF),
    ),
    Row(
        "GET",
        "/api/campaigns/{campaignId}/assessment-participations/{participationId}/results",
        get(
            lambda w: (
                f"/api/campaigns/{w.rentree}/assessment-participations/{w.other_participation}/results"
            )
        ),
        expect(STAFF),
    ),
    Row(
        "GET",
        "/api/campaigns/{campaignId}/profiles-collection-participations/{participationId}",
        get(
            lambda w: (
                f"/api/campaigns/{w.profiles}/profiles-collection-participations/{w.shared_profile_participation}"
            )
        ),
        expect(STAFF),
    ),
    # --- Pix App: the student's own participations -------------------------------------------
    Row(
        "POST",
        "/api/campaign-participations",
        # Joining is open to any account (a teacher is a learner too): the campaign's rules,
        # not the caller's role, decide.
        send(
            lambda w: "/api/campaign-participations",
            json=lambda w: jsonapi(
                "campaign-participations",
                {"participant-external-id": None},
                campaign=("campaigns", w.quiet),
            ),
        ),
        expect(USERS),
    ),
    Row(
        "PATCH",
        "/api/campaign-participations/{id}",
        send(lambda w: f"/api/campaign-participations/{w.student_profile_participation}"),
        expect(STUDENT),  # only the participant sends their results (DOMAIN 5.1)
    ),
    Row(
        "PATCH",
        "/api/campaign-participations/{id}/begin-improvement",
        send(lambda w: f"/api/campaign-participations/{w.student_participation}/begin-improvement"),
        expect(STUDENT),
    ),
    Row(
        "GET",
        "/api/users/{userId}/campaigns/{campaignId}/campaign-participations",
        get(lambda w: f"/api/users/{w.student}/campaigns/{w.rentree}/campaign-participations"),
        expect(STUDENT),
    ),
    Row(
        "GET",
        "/api/users/{userId}/campaigns/{campaignId}/assessment-result",
        get(lambda w: f"/api/users/{w.student}/campaigns/{w.rentree}/assessment-result"),
        expect(STUDENT),
    ),
    Row(
        "GET",
        "/api/users/{userId}/campaigns/{campaignId}/profile",
        get(lambda w: f"/api/users/{w.student}/campaigns/{w.profiles}/profile"),
        expect(STUDENT),
    ),
    Row(
        "GET",
        "/api/users/{userId}/profile",
        get(lambda w: f"/api/users/{w.student}/profile"),
        expect(STUDENT),
    ),
    # --- Pix App: the student's assessment and answers ----------------------------------------
    Row(
        "GET",
        "/api/assessments/{id}",
        get(lambda w: f"/api/assessments/{w.student_assessment}"),
        OWN_ASSESSMENT,
    ),
    Row(
        "PATCH",
        "/api/assessments/{id}/complete-assessment",
        send(lambda w: f"/api/assessments/{w.student_assessment}/complete-assessment"),
        # 409 for the student: let through, but a question is still pending.
        {**OWN_ASSESSMENT, Actor.STUDENT: "409"},
    ),
    Row(
        "PATCH",
        "/api/assessments/{id}/last-challenge-state/{state}",
        send(lambda w: f"/api/assessments/{w.student_assessment}/last-challenge-state/focusedout"),
        OWN_ASSESSMENT,
    ),
    Row(
        "GET",
        "/api/progressions/{id}",
        get(lambda w: f"/api/progressions/progression-{w.student_assessment}"),
        OWN_ASSESSMENT,
    ),
    Row(
        "POST",
        "/api/answers",
        send(lambda w: "/api/answers", json=answer_body),
        expect(STUDENT, anonymous=403),
    ),
    Row(
        "GET",
        "/api/answers",
        lambda w: ("/api/answers", {"params": {"assessmentId": w.student_assessment}}),
        expect(STUDENT, anonymous=403),
    ),
    Row("GET", "/api/answers/{id}", get(lambda w: f"/api/answers/{w.student_answer}"), OWN_ANSWER),
    Row(
        "GET",
        "/api/answers/{id}/correction",
        get(lambda w: f"/api/answers/{w.student_answer}/correction"),
        OWN_ANSWER,
    ),
    # --- Pix Admin (DOMAIN 9, server/routes/admin_access.py) ----------------------------------
    Row(
        "GET",
        "/api/admin/admin-members/me",
        get(lambda w: "/api/admin/admin-members/me"),
        expect(ADMINS),
    ),
    Row(
        "GET",
        "/api/admin/campaigns",
        get(lambda w: "/api/admin/campaigns", **{"filter[code]": "RENTRE"}),
        expect(ADMINS),
    ),
    Row(
        "GET",
        "/api/admin/organizations",
        get(lambda w: "/api/admin/organizations", **{"filter[name]": "Pix"}),
        expect(ADMINS),
    ),
    *(
        Row(
            "GET",
            f"/api/admin/campaigns/{{id}}{tail}",
            get(lambda w, tail=tail: f"/api/admin/campaigns/{w.rentree}{tail}"),
            expect(ADMINS),
        )
        for tail in ["", "/participations", "/feedbacks", "/audit-log"]
    ),
    *(
        Row(
            "GET",
            f"/api/admin/organizations/{{id}}/{tail}",
            get(lambda w, tail=tail: f"/api/admin/organizations/{w.college}/{tail}"),
            expect(ADMINS),
        )
        for tail in ["campaigns", "members"]
    ),
    Row(
        "PATCH",
        "/api/admin/campaigns/{id}",
        send(
            lambda w: f"/api/admin/campaigns/{w.rentree}",
            json=lambda w: jsonapi(
                "campaigns",
                {
                    "name": "Renommée par le support",
                    "title": None,
                    "custom-landing-page-text": None,
                    "custom-result-page-text": None,
                    "custom-result-page-button-text": None,
                    "custom-result-page-button-url": None,
                    "multiple-sendings": False,
                },
            ),
        ),
        expect(EDITORS),
    ),
    Row(
        "PATCH",
        "/api/admin/campaigns/{id}/owner",
        send(
            lambda w: f"/api/admin/campaigns/{w.rentree}/owner",
            json=lambda w: jsonapi("campaigns", {"owner-id": w.user(Actor.MEMBER)}),
        ),
        expect(EDITORS),
    ),
    Row(
        "PATCH",
        "/api/admin/campaign-participations/{id}",
        send(
            lambda w: f"/api/admin/campaign-participations/{w.other_participation}",
            json=lambda w: jsonapi(
                "campaign-participations", {"participant-external-id": "INE-42"}
            ),
        ),
        expect(EDITORS),
    ),
    Row(
        "DELETE",
        "/api/admin/campaigns/{campaignId}/campaign-participations/{campaignParticipationId}",
        send(
            lambda w: (
                f"/api/admin/campaigns/{w.rentree}/campaign-participations/{w.other_participation}"
            )
        ),
        expect(REMOVERS),
    ),
    Row(
        "POST",
        "/api/admin/campaigns/archive-campaigns",
        send(
            lambda w: "/api/admin/campaigns/archive-campaigns",
            content=lambda w: f"campaignId\n{w.rentree}".encode(),
            headers=lambda w: {"Content-Type": "text/csv"},
        ),
        expect(ARCHIVERS),
    ),
    Row(
        "POST",
        "/api/admin/campaigns/{id}/archive",
        send(lambda w: f"/api/admin/campaigns/{w.rentree}/archive"),
        expect(ARCHIVERS),
    ),
    Row(
        "POST",
        "/api/admin/campaigns/{id}/unarchive",
        send(lambda w: f"/api/admin/campaigns/{w.archived}/unarchive"),
        expect(ARCHIVERS),
    ),
]


# --- running the matrix -------------------------------------------------------------------------


@dataclass
class Matrix:
    world: World
    folder: Path
    template: Path
    copies: Iterator[int] = field(default_factory=itertools.count)

    def fresh_copy(self) -> str:
        destination = self.folder / f"copy-{next(self.copies)}.db"
        copy_sqlite(self.template, destination)
        return sqlite_url(destination)


@pytest.fixture(scope="module")
def matrix(sqlite_templates: Any, tmp_path_factory: pytest.TempPathFactory) -> Matrix:
    folder = tmp_path_factory.mktemp("authorization-matrix")
    template = folder / "template.db"
    world = run_coroutine_blocking(lambda: build_template(sqlite_templates.seeded, template))
    return Matrix(world, folder, template)


def changed_tables(before: Path, after: Path) -> list[str]:
    """Tables whose rows differ between two SQLite files."""

    def contents(path: Path) -> dict[str, list[Any]]:
        with closing(sqlite3.connect(path)) as connection:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
            return {
                table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
                for table in tables
            }

    old, new = contents(before), contents(after)
    return sorted(table for table in old.keys() | new.keys() if old.get(table) != new.get(table))


def build_for(row: Row, world: World, actor: Actor) -> Request:
    path, kwargs = row.build(world)
    if row.key == ("POST", "/api/token") and actor is Actor.REVOKED_REFRESH:
        kwargs = {
            "data": {"grant_type": "refresh_token", "refresh_token": world.revoked_refresh_token}
        }
    return path, kwargs


async def call(url: str, world: World, row: Row, actor: Actor) -> httpx.Response:
    app = create_app(url)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            path, kwargs = build_for(row, world, actor)
            headers = {**kwargs.pop("headers", {}), **await headers_for(app, world, actor)}
            return await api.request(row.method, path, headers=headers, **kwargs)
    finally:
        await app.state.database.dispose()


def app_routes() -> set[tuple[str, str]]:
    """(method, path) of every API route, read from the app itself (HEAD aside)."""
    app = create_app("sqlite+aiosqlite:///:memory:")
    found = set()
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            assert context.path is not None and context.methods is not None
            found |= {(method, context.path) for method in context.methods - {"HEAD"}}
    run_coroutine_blocking(app.state.database.dispose)
    return found


def test_every_route_of_the_app_is_in_the_matrix() -> None:
    in_matrix = [row.key for row in ROWS]
    assert len(in_matrix) == len(set(in_matrix)), "a route has two rows"
    missing = app_routes() - set(in_matrix)
    assert not missing, f"routes without a row in the authorization matrix: {sorted(missing)}"
    gone = set(in_matrix) - app_routes()
    assert not gone, f"rows for routes the app no longer has: {sorted(gone)}"


def test_matrix_size() -> None:
    cells = sum(len(row.expected) for row in ROWS)
    print(f"authorization matrix: {len(ROWS)} routes x {len(Actor)} callers = {cells} cells")
    assert all(set(row.expected) == set(Actor) for row in ROWS)
    assert cells == len(ROWS) * len(Actor) == 62 * 13


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.route}")
async def test_route_against_every_caller(matrix: Matrix, row: Row) -> None:
    shared = matrix.fresh_copy()
    observed: dict[Actor, tuple[Outcome, str]] = {}
    for actor in Actor:
        # An allowed write gets a database of its own; everything else shares one.
        url = matrix.fresh_copy() if row.writes and row.expected[actor] == OK else shared
        response = await call(url, matrix.world, row, actor)
        observed[actor] = (outcome_of(response.status_code), response.text[:160])
    if row.writes:
        changed = changed_tables(matrix.template, Path(shared.removeprefix("sqlite+aiosqlite:///")))
        assert not changed, f"{row.method} {row.route}: a refused call changed {changed}"
    wrong = {
        actor.name: f"expected {row.expected[actor]}, got {got}: {body}"
        for actor, (got, body) in observed.items()
        if got != row.expected[actor]
    }
    assert not wrong, f"{row.method} {row.route}\n" + "\n".join(
        f"  {k}: {v}" for k, v in wrong.items()
    )


# --- data scoping a user would notice ----------------------------------------------------------


@asynccontextmanager
async def client_on(url: str) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    app = create_app(url)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            yield api, app
    finally:
        await app.state.database.dispose()


async def db_rows(url: str, statement: Any) -> list[Any]:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return list((await session.execute(statement)).all())
    finally:
        await database.dispose()


async def participation_of(url: str, campaign: int, email: str) -> tuple[int, int, str]:
    """(participation id, its latest assessment id or 0, the learner's last name)."""
    rows = await db_rows(
        url,
        select(CampaignParticipation.id, User.last_name)
        .join(User, User.id == CampaignParticipation.user_id)
        .where(CampaignParticipation.campaign_id == campaign, User.email == email),
    )
    assert len(rows) == 1, (campaign, email)
    participation, last_name = rows[0]
    assessments = await db_rows(
        url,
        select(Assessment.id).where(Assessment.campaign_participation_id == participation),
    )
    return participation, max((row[0] for row in assessments), default=0), last_name


async def test_a_student_reads_nothing_of_another_students_test(matrix: Matrix) -> None:
    w = matrix.world
    url = matrix.fresh_copy()
    other = w.user(Actor.OTHER_STUDENT)
    async with client_on(url) as (api, app):
        me = await headers_for(app, w, Actor.STUDENT)
        refused = {
            f"/api/users/{other}/campaigns/{w.rentree}/campaign-participations": 403,
            f"/api/users/{other}/campaigns/{w.rentree}/assessment-result": 403,
            f"/api/users/{other}/profile": 403,
            f"/api/assessments/{w.other_assessment}": 401,
            f"/api/progressions/progression-{w.other_assessment}": 401,
            f"/api/answers?assessmentId={w.other_assessment}": 403,
            f"/api/answers/{w.other_answer}": 404,
            f"/api/answers/{w.other_answer}/correction": 404,
        }
        for path, status in refused.items():
            response = await api.get(path, headers=me)
            assert response.status_code == status, (path, response.text)
            assert "data" not in response.json(), path

        # Looking an answer up by (assessment, challenge) finds nothing in someone else's test.
        their_challenge = (
            await db_rows(url, select(Answer.challenge_id).where(Answer.id == w.other_answer))
        )[0][0]
        lookup = await api.get(
            "/api/answers",
            params={"assessmentId": w.other_assessment, "challengeId": their_challenge},
            headers=me,
        )
        assert lookup.status_code == 200
        assert lookup.json()["data"] is None

        # Their own list holds only their own answers.
        mine = await api.get(f"/api/answers?assessmentId={w.student_assessment}", headers=me)
        assert mine.status_code == 200
        own_ids = {
            row[0]
            for row in await db_rows(
                url, select(Answer.id).where(Answer.assessment_id == w.student_assessment)
            )
        }
        assert {int(item["id"]) for item in mine.json()["data"]} == own_ids

        # Nor can they act on it: share it, or answer in it.
        shared = await api.patch(
            f"/api/campaign-participations/{w.other_participation}", headers=me
        )
        assert shared.status_code == 403
        answered = await api.post(
            "/api/answers",
            json=jsonapi(
                "answers",
                {"value": "1"},
                assessment=("assessments", w.other_assessment),
                challenge=("challenges", their_challenge),
            ),
            headers=me,
        )
        assert answered.status_code == 403
    count = await db_rows(
        url,
        select(func.count()).select_from(Answer).where(Answer.assessment_id == w.other_assessment),
    )
    before = await db_rows(
        sqlite_url(matrix.template),
        select(func.count()).select_from(Answer).where(Answer.assessment_id == w.other_assessment),
    )
    assert count == before


async def test_a_teacher_sees_only_the_campaigns_and_participants_of_their_organisation(
    matrix: Matrix,
) -> None:
    w = matrix.world
    url = matrix.fresh_copy()
    college_campaigns = {
        row[0]
        for row in await db_rows(
            url,
            select(Campaign.id).where(
                Campaign.organization_id == w.college, Campaign.deleted_at.is_(None)
            ),
        )
    }
    rentree_participants = {
        (row[0], row[1])
        for row in await db_rows(
            url,
            select(User.first_name, User.last_name)
            .join(CampaignParticipation, CampaignParticipation.user_id == User.id)
            .where(
                CampaignParticipation.campaign_id == w.rentree,
                CampaignParticipation.deleted_at.is_(None),
            ),
        )
    }
    async with client_on(url) as (api, app):
        teacher = await headers_for(app, w, Actor.MEMBER)
        listed: set[int] = set()
        for status in ("", "archived"):
            response = await api.get(
                f"/api/organizations/{w.college}/campaigns",
                params={"filter[status]": status, "page[size]": 100},
                headers=teacher,
            )
            assert response.status_code == 200
            listed |= {int(item["id"]) for item in response.json()["data"]}
        assert listed == college_campaigns

        lycee = await api.get(f"/api/organizations/{w.lycee}/campaigns", headers=teacher)
        assert lycee.status_code == 403

        activity = await api.get(
            f"/api/campaigns/{w.rentree}/participants-activity",
            params={"page[size]": 100},
            headers=teacher,
        )
        assert activity.status_code == 200
        names = {
            (item["attributes"]["first-name"], item["attributes"]["last-name"])
            for item in activity.json()["data"]
        }
        assert names == rentree_participants


async def test_a_lycee_campaign_does_not_open_the_colleges_participations(
    matrix: Matrix,
) -> None:
    """The campaign in the path is the lycée teacher's own; the participation is not in it."""
    w = matrix.world
    url = matrix.fresh_copy()
    lycee_campaign = (
        await db_rows(
            url,
            select(Campaign.id).where(
                Campaign.organization_id == w.lycee, Campaign.type == "ASSESSMENT"
            ),
        )
    )[0][0]
    async with client_on(url) as (api, app):
        stranger = await headers_for(app, w, Actor.OTHER_ORG)
        base = f"/api/campaigns/{lycee_campaign}"
        for path in [
            f"{base}/assessment-participations/{w.student_participation}",
            f"{base}/assessment-participations/{w.other_participation}/results",
            f"{base}/profiles-collection-participations/{w.shared_profile_participation}",
        ]:
            response = await api.get(path, headers=stranger)
            assert response.status_code == 404, (path, response.text)
        learner = await api.get(
            f"{base}/organization-learners/{w.student}/participations", headers=stranger
        )
        assert learner.status_code == 200
        assert learner.json()["data"] == []

        # Within the collège too, a participation is read through its own campaign only.
        teacher = await headers_for(app, w, Actor.MEMBER)
        crossed = await api.get(
            f"/api/campaigns/{w.rentree}/assessment-participations/{w.shared_profile_participation}",
            headers=teacher,
        )
        assert crossed.status_code == 404

        # And the collège's teacher is refused everywhere on a campaign of the lycée.
        for row in ROWS:
            if not row.route.startswith("/api/campaigns/{") or row.method != "GET":
                continue
            path = re.sub(r"^/api/campaigns/\{\w+\}", base, row.route)
            path = path.replace("{participationId}", str(w.student_participation))
            path = path.replace("{organizationLearnerId}", str(w.student))
            response = await api.get(path, headers=teacher)
            assert response.status_code == 403, (path, response.text)


async def test_a_teacher_sees_no_result_of_a_participation_not_shared(matrix: Matrix) -> None:
    """DOMAIN 5.1 / CONTRACT 5.2: until the learner sends them, Orga sees who takes part and
    how far they are, nothing of what they answered."""
    w = matrix.world
    url = matrix.fresh_copy()
    unshared = {
        email: await participation_of(url, w.rentree, email)
        for email in ["eleve04@example.net", "eleve06@example.net"]  # STARTED, TO_SHARE
    }
    shared_id, _, shared_name = await participation_of(url, w.rentree, "eleve01@example.net")
    async with client_on(url) as (api, app):
        teacher = await headers_for(app, w, Actor.ORG_ADMIN)
        for participation, assessment, _ in unshared.values():
            base = f"/api/campaigns/{w.rentree}/assessment-participations/{participation}"
            detail = (await api.get(base, headers=teacher)).json()["data"]["attributes"]
            assert detail["is-shared"] is False
            assert detail["mastery-rate"] is None
            assert detail["validated-skills-count"] is None
            assert detail["tested-skills-count"] is None
            results = (await api.get(f"{base}/results", headers=teacher)).json()
            assert results["data"]["relationships"]["competence-results"]["data"] == []
            assert results.get("included", []) == []
            # No route gives a teacher the answers themselves.
            answers = await api.get(f"/api/answers?assessmentId={assessment}", headers=teacher)
            assert answers.status_code == 403
        shared_results = (
            await api.get(
                f"/api/campaigns/{w.rentree}/assessment-participations/{shared_id}/results",
                headers=teacher,
            )
        ).json()
        assert shared_results["data"]["relationships"]["competence-results"]["data"] != []

        listing = await api.get(
            f"/api/campaigns/{w.rentree}/assessment-results",
            params={"page[size]": 100},
            headers=teacher,
        )
        listed = {item["attributes"]["last-name"] for item in listing.json()["data"]}
        assert shared_name in listed
        assert not listed & {name for _, _, name in unshared.values()}

        export = await api.get(
            f"/api/campaigns/{w.rentree}/csv-assessment-results", headers=teacher
        )
        assert export.status_code == 200
        assert shared_name in export.text
        for _, _, name in unshared.values():
            assert name not in export.text


async def test_a_teacher_whose_membership_is_disabled_loses_every_campaign(
    matrix: Matrix,
) -> None:
    """The owner of RENTRE123 leaves the collège: owning it gives no access any more."""
    w = matrix.world
    url = matrix.fresh_copy()
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            await session.execute(
                update(Membership)
                .where(Membership.user_id == w.user(Actor.OWNER))
                .values(disabled_at=utcnow())
            )
    finally:
        await database.dispose()
    async with client_on(url) as (api, app):
        former = await headers_for(app, w, Actor.OWNER)
        for method, path in [
            ("GET", f"/api/organizations/{w.college}/campaigns"),
            ("GET", f"/api/campaigns/{w.rentree}"),
            ("GET", f"/api/campaigns/{w.rentree}/assessment-results"),
            ("GET", f"/api/campaigns/{w.rentree}/csv-assessment-results"),
            ("PUT", f"/api/campaigns/{w.rentree}/archive"),
        ]:
            response = await api.request(method, path, headers=former)
            assert response.status_code == 403, (method, path, response.text)
        colleague = await api.get(
            f"/api/campaigns/{w.rentree}", headers=await headers_for(app, w, Actor.MEMBER)
        )
        assert colleague.status_code == 200
    archived = await db_rows(url, select(Campaign.archived_at).where(Campaign.id == w.rentree))
    assert archived[0][0] is None


async def test_the_csv_link_token_is_checked_like_the_header(matrix: Matrix) -> None:
    """Older Pix Orga opens the export as a plain link with `?accessToken=`."""
    w = matrix.world
    url = matrix.fresh_copy()
    async with client_on(url) as (api, app):
        path = f"/api/campaigns/{w.rentree}/csv-assessment-results"
        expected = {
            Actor.MEMBER: 200,
            Actor.OTHER_ORG: 403,
            Actor.STUDENT: 403,
            Actor.SUPER_ADMIN: 403,
            Actor.EXPIRED_TOKEN: 401,
            Actor.REVOKED_REFRESH: 401,
        }
        for actor, status in expected.items():
            token = (await headers_for(app, w, actor))["Authorization"].removeprefix("Bearer ")
            response = await api.get(path, params={"accessToken": token})
            assert response.status_code == status, (actor, response.text)
