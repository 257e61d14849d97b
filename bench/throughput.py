"""Figure 5: server throughput — simultaneous students answering, on loopback.

N simulated students (one asyncio task each, one shared async httpx client with a
connection per student) run answer cycles against `pix-server serve` for a bounded time:
a cycle is what the app does between "Je valide" and the next question, POST /api/answers
(with an idempotency key) then GET /api/assessments/{id} (the next challenge included).
When a test ends the student completes it and joins the next campaign (not counted as
cycles). SQLite and PostgreSQL, 1 and 2 workers, each on a fresh copy of the demo.

Exactly once: one answer in `REPLAY_EVERY` is sent a second time with the same key (a
retry after a lost response); afterwards the answers stored for the bench students are
counted in the database and must equal the answers acknowledged (201), replays included
in neither.

Logins happen before the clock starts (argon2 costs ~0.1 s of server CPU each). The load
generator shares the machine's cores with the server: its CPU time is reported.
"""

from __future__ import annotations

import asyncio
import resource
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from api_client.proposals import answer_value_qcm, answer_value_qcu, answer_value_qrocm, input_keys
from api_client.resources.app import answer_request, participation_request
from bench.bench_data import BENCH_STUDENT_COUNT, PASSWORD, bench_student_email
from bench.context import BenchContext
from bench.servers import Backend, ServerProcess, Unavailable
from bench.table import Row, number, percentile, unavailable, verdict

APP_HEADERS = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "app.pix.fr",
    "Accept": "application/vnd.api+json",
    "Accept-Encoding": "gzip",
}
JSON_API = {"Content-Type": "application/vnd.api+json"}
REPLAY_EVERY = 25
LOGIN_CONCURRENCY = 8
REQUEST_TIMEOUT = 30.0
TARGET_CYCLES_PER_SECOND = 200
TARGET_P95 = 0.150


@dataclass
class Stats:
    cycles: int = 0
    latencies: list[float] = field(default_factory=list)
    acknowledged: int = 0  # answers the server accepted (201), first sends only
    replays: int = 0
    replays_consistent: int = 0  # a replay answered with the same answer id
    errors: dict[str, int] = field(default_factory=dict)
    joins: int = 0
    stalled: int = 0  # students who ran out of campaigns

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class Student:
    email: str
    token: str = ""
    user_id: int = 0
    codes: list[str] = field(default_factory=list)
    assessment_id: str = ""
    challenge: dict[str, Any] | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {**APP_HEADERS, "Authorization": f"Bearer {self.token}"}


def _plausible(challenge: dict[str, Any]) -> str:
    attributes = challenge.get("attributes", {})
    kind = attributes.get("type")
    if kind == "QCU":
        return answer_value_qcu(0)
    if kind == "QCM":
        return answer_value_qcm([0])
    keys = input_keys(attributes.get("proposals"))
    if len(keys) > 1 or str(kind).startswith("QROCM"):
        return answer_value_qrocm({key: "1" for key in keys} or {"reponse": "1"})
    return "1"


def _next_challenge(document: dict[str, Any]) -> dict[str, Any] | None:
    link = document["data"].get("relationships", {}).get("next-challenge", {}).get("data")
    if not link:
        return None
    for item in document.get("included", []):
        if item.get("type") == "challenges" and item.get("id") == link["id"]:
            return dict(item)
    return {"id": link["id"], "attributes": {}}  # not included: answered blind


async def _login(http: httpx.AsyncClient, student: Student) -> None:
    response = await http.post(
        "/api/token",
        data={
            "grant_type": "password",
            "username": student.email,
            "password": PASSWORD,
            "scope": "mon-pix",
        },
        headers=APP_HEADERS,
    )
    response.raise_for_status()
    body = response.json()
    student.token = body["access_token"]
    student.user_id = int(body.get("user_id") or 0)


async def _join_next(http: httpx.AsyncClient, student: Student, stats: Stats) -> bool:
    """Join the next campaign on the student's list; False when none is left."""
    while student.codes:
        code = student.codes.pop(0)
        found = await http.get(
            "/api/campaigns", params={"filter[code]": code}, headers=student.headers
        )
        if found.status_code != 200:
            stats.error(f"GET /api/campaigns {found.status_code}")
            continue
        data = found.json()["data"]
        if isinstance(data, list):
            if not data:
                continue
            data = data[0]
        campaign_id = data["id"]
        joined = await http.post(
            "/api/campaign-participations",
            json=participation_request(campaign_id),
            headers={**student.headers, **JSON_API, "Idempotency-Key": str(uuid.uuid4())},
        )
        if joined.status_code != 201:
            if joined.status_code != 412:  # already taken: try the next one
                stats.error(f"POST /api/campaign-participations {joined.status_code}")
            continue
        stats.joins += 1
        relation = joined.json()["data"]["relationships"]["assessment"]["data"]
        student.assessment_id = str(relation["id"])
        assessment = await http.get(
            f"/api/assessments/{student.assessment_id}", headers=student.headers
        )
        if assessment.status_code != 200:
            stats.error(f"GET /api/assessments {assessment.status_code}")
            continue
        student.challenge = _next_challenge(assessment.json())
        if student.challenge is not None:
            return True
    return False


async def _answer(
    http: httpx.AsyncClient, student: Student, key: str, value: str
) -> httpx.Response:
    assert student.challenge is not None
    return await http.post(
        "/api/answers",
        json=answer_request(student.assessment_id, student.challenge["id"], value),
        headers={**student.headers, **JSON_API, "Idempotency-Key": key},
    )


async def _student_loop(
    http: httpx.AsyncClient, student: Student, deadline: float, stats: Stats
) -> None:
    while time.perf_counter() < deadline:
        if student.challenge is None:
            if student.assessment_id:
                await http.patch(
                    f"/api/assessments/{student.assessment_id}/complete-assessment",
                    headers=student.headers,
                )
            if not await _join_next(http, student, stats):
                stats.stalled += 1
                return
            continue
        key = str(uuid.uuid4())
        value = _plausible(student.challenge)
        started = time.perf_counter()
        try:
            posted = await _answer(http, student, key, value)
            if posted.status_code != 201:
                stats.error(f"POST /api/answers {posted.status_code}")
                student.challenge = None  # resynchronise on the next campaign
                continue
            stats.acknowledged += 1
            loaded = await http.get(
                f"/api/assessments/{student.assessment_id}", headers=student.headers
            )
        except httpx.HTTPError as error:
            stats.error(type(error).__name__)
            continue
        finished = time.perf_counter()
        if loaded.status_code != 200:
            stats.error(f"GET /api/assessments {loaded.status_code}")
            continue
        if finished <= deadline:
            stats.cycles += 1
            stats.latencies.append(finished - started)
        answered = student.challenge
        student.challenge = _next_challenge(loaded.json())
        if stats.acknowledged % REPLAY_EVERY == 0:
            # The same answer again, as a client whose response was lost would retry it.
            student_copy = Student(
                student.email,
                student.token,
                student.user_id,
                assessment_id=student.assessment_id,
                challenge=answered,
            )
            replay = await _answer(http, student_copy, key, value)
            stats.replays += 1
            if (
                replay.status_code in (200, 201)
                and replay.json()["data"]["id"] == posted.json()["data"]["id"]
            ):
                stats.replays_consistent += 1
            else:
                stats.error(f"replay {replay.status_code}")


async def _run(
    server: ServerProcess, emails: list[str], codes: list[str], duration: float
) -> tuple[Stats, float, float]:
    """The load; returns the stats, the client's and the server's CPU seconds under load."""
    base_url = server.base_url
    stats = Stats()
    limits = httpx.Limits(
        max_connections=len(emails) + 4, max_keepalive_connections=len(emails) + 4
    )
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT) as http:
        students = [Student(email, codes=list(codes)) for email in emails]
        gate = asyncio.Semaphore(LOGIN_CONCURRENCY)

        async def ready(student: Student) -> None:
            async with gate:
                await _login(http, student)
                if not await _join_next(http, student, stats):
                    raise RuntimeError(f"{student.email} could not join any campaign")

        await asyncio.gather(*(ready(student) for student in students))
        setup_errors = dict(stats.errors)
        stats.errors.clear()
        stats.joins = 0
        cpu_before, server_cpu_before = _cpu_seconds(), server.cpu_seconds()
        deadline = time.perf_counter() + duration
        await asyncio.wait_for(
            asyncio.gather(*(_student_loop(http, s, deadline, stats) for s in students)),
            timeout=duration + REQUEST_TIMEOUT * 2,
        )
        cpu = _cpu_seconds() - cpu_before
        server_cpu = server.cpu_seconds() - server_cpu_before
        for what, count in setup_errors.items():
            stats.errors[f"préparation : {what}"] = count
    return stats, cpu, server_cpu


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _stored_answers(database_url: str, emails: list[str]) -> int:
    from sqlalchemy import func, select

    from server.db import Database
    from server.models import Answer, Assessment, User

    database = Database.connect(database_url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            count = await session.scalar(
                select(func.count(Answer.id))
                .join(Assessment, Assessment.id == Answer.assessment_id)
                .join(User, User.id == Assessment.user_id)
                .where(User.email.in_(emails))
            )
            return int(count or 0)
    finally:
        await database.dispose()


async def _campaign_codes(database_url: str) -> list[str]:
    """Assessment campaigns a student can join without an external id, oldest first."""
    from sqlalchemy import select

    from server.db import Database
    from server.models import Campaign, CampaignType

    database = Database.connect(database_url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            codes = await session.scalars(
                select(Campaign.code)
                .where(
                    Campaign.type == CampaignType.ASSESSMENT,
                    Campaign.archived_at.is_(None),
                    Campaign.deleted_at.is_(None),
                    Campaign.external_id_label.is_(None),
                    Campaign.target_profile_id.is_not(None),
                )
                .order_by(Campaign.id)
            )
            return list(codes)
    finally:
        await database.dispose()


@dataclass
class Result:
    backend: Backend
    workers: int
    students: int
    duration: float
    stats: Stats
    stored: int
    client_cpu: float
    server_cpu: float

    @property
    def rate(self) -> float:
        return self.stats.cycles / self.duration


def measure(
    ctx: BenchContext, backend: Backend, workers: int, students: int, duration: float
) -> Result:
    ctx.note(f"débit {backend} × {workers} : base")
    url = ctx.databases.fresh(backend, "demo")
    codes = asyncio.run(_campaign_codes(url))
    ctx.note(f"débit {backend} × {workers} : démarrage du serveur")
    emails = [bench_student_email(n) for n in range(1, min(students, BENCH_STUDENT_COUNT) + 1)]
    with ServerProcess(
        url, workers=workers, log_path=ctx.folder / f"serve-{backend}-{workers}.log"
    ) as server:
        ctx.note(f"débit {backend} × {workers} : {len(emails)} élèves, {duration:.0f} s de charge")
        stats, cpu, server_cpu = asyncio.run(_run(server, emails, codes, duration))
        ctx.note(f"débit {backend} × {workers} : arrêt du serveur")
    ctx.note(f"débit {backend} × {workers} : comptage des réponses stockées")
    stored = asyncio.run(_stored_answers(url, emails))
    return Result(backend, workers, len(emails), duration, stats, stored, cpu, server_cpu)


def _row(result: Result) -> Row:
    stats = result.stats
    plural = "s" if result.workers > 1 else ""
    label = (
        f"5 Débit {result.backend}, {result.workers} worker{plural}, "
        f"{result.students} élèves, {result.duration:g} s".replace(".", ",")
    )
    if not stats.latencies:
        return Row(label, f"aucun cycle ; erreurs {stats.errors}", verdict="RATÉ")
    p50 = percentile(stats.latencies, 0.50)
    p95 = percentile(stats.latencies, 0.95)
    errors = ", ".join(f"{k} ×{v}" for k, v in stats.errors.items()) or "0 erreur"
    exactly_once = result.stored == stats.acknowledged and stats.replays == stats.replays_consistent
    measured = (
        f"{number(result.rate, 0)} cycles/s, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms ; "
        f"{errors} ; réponses stockées {result.stored}/{stats.acknowledged} acquittées "
        f"(+{stats.replays} renvois, {stats.replays_consistent} cohérents) ; "
        f"CPU pix-server {result.server_cpu / max(1, stats.cycles) * 1000:.0f} ms/cycle, "
        f"client {result.client_cpu / result.duration * 100:.0f} % d'un cœur"
    )
    target_met = result.rate >= TARGET_CYCLES_PER_SECOND and p95 <= TARGET_P95
    headline = result.backend == "postgresql" and result.workers == 2
    return Row(
        label,
        measured,
        target=(
            f"≥ {TARGET_CYCLES_PER_SECOND}/s, p95 ≤ {TARGET_P95 * 1000:.0f} ms, "
            "0 erreur, exactement une fois"
            if headline
            else "0 erreur, exactement une fois"
        ),
        verdict=verdict(stats.error_count == 0 and exactly_once and (target_met or not headline)),
    )


def rows(ctx: BenchContext) -> list[Row]:
    students = ctx.pick(8, 60)
    duration = 1.5 if ctx.quick else 12.0
    configurations: list[tuple[Backend, int]] = (
        [("sqlite", 1), ("postgresql", 2)]
        if ctx.quick
        else [("sqlite", 1), ("sqlite", 2), ("postgresql", 1), ("postgresql", 2)]
    )
    out: list[Row] = []
    for backend, workers in configurations:
        try:
            result = measure(ctx, backend, workers, students, duration)
        except Unavailable as missing:
            out.append(unavailable(f"5 Débit {backend}, {workers} worker(s)", str(missing)))
            continue
        out.append(_row(result))
    return out
