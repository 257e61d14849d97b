"""Figure 3: the student answer cycle over a slow link (64 kbit/s, 150 ms each way).

What the TUI does between "Je valide" and the next question, through `api_client` as the
TUI calls it (`tui/screens/app/flow.py: answer`): the answer journalled then sent
(`send_answer`: POST /api/answers with its idempotency key), then the assessment reloaded
with its next challenge (`client.app.assessment`: GET /api/assessments/{id}, plus
GET /api/challenges/{id} only if the challenge is not included). Requests are counted on
the wire by the proxy, bytes are TCP payload both ways (gzip accepted, as the client asks).

A real `pix-server serve` on a fresh copy of the demo; eleve@example.net joins RENTRE123
first (not measured) and answers as a student would (a plausible, usually wrong value).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from api_client import AnswerJournal, PixClient, send_answer
from api_client.models.app import Assessment, Challenge
from api_client.proposals import answer_value_qcm, answer_value_qcu, answer_value_qrocm, input_keys
from api_client.resources.app import normalize_campaign_code
from bench.context import BenchContext
from bench.proxy import SLOW_LINK_DELAY, SLOW_LINK_RATE, ThrottlingProxy
from bench.servers import ServerProcess
from bench.slow_link import Sample, logged_in, measured, route_shape, slow_link, summarize
from bench.table import Row, kib, seconds, verdict

STUDENT = "eleve@example.net"
CAMPAIGN_CODE = "RENTRE123"
MAX_REQUESTS = 2
MAX_BYTES = 3 * 1024
MAX_MEDIAN_SECONDS = 1.0


def plausible_answer(challenge: Challenge) -> str:
    """What a student might send: the first option, or "1" in every field."""
    if challenge.type == "QCU":
        return answer_value_qcu(0)
    if challenge.type == "QCM":
        return answer_value_qcm([0])
    keys = input_keys(challenge.proposals)
    if challenge.type == "QROCM-ind" or challenge.type == "QROCM-dep" or len(keys) > 1:
        return answer_value_qrocm({key: "1" for key in keys} or {"reponse": "1"})
    return "1"


async def run_cycles(
    client: PixClient, journal: AnswerJournal, proxy: ThrottlingProxy, cycles: int
) -> list[Sample]:
    campaign = await client.app.campaign_by_code(normalize_campaign_code(CAMPAIGN_CODE))
    participation = await client.app.join(campaign.id, idempotency_key=f"bench-join-{campaign.id}")
    assert participation.assessment_id is not None
    assessment = await client.app.assessment(participation.assessment_id)
    samples: list[Sample] = []
    for _ in range(cycles):
        challenge = assessment.next_challenge
        if challenge is None:
            break
        current = assessment

        async def cycle(
            current: Assessment = current, challenge: Challenge = challenge
        ) -> Assessment:
            await send_answer(
                client,
                journal,
                assessment_id=current.id,
                challenge_id=challenge.id,
                value=plausible_answer(challenge),
                max_attempts=1,
            )
            return await client.app.assessment(current.id)

        sample, assessment = await measured(proxy, cycle)
        samples.append(sample)
    return samples


async def _measure(server: ServerProcess, journal_path: Path, cycles: int) -> list[Sample]:
    async with slow_link(server) as proxy, logged_in(proxy, STUDENT) as client:
        return await run_cycles(client, AnswerJournal(journal_path), proxy, cycles)


def rows(ctx: BenchContext) -> list[Row]:
    cycles = ctx.pick(2, 12)
    server = ctx.shared_server("demo")
    samples = asyncio.run(_measure(server, ctx.folder / "answers-journal.sqlite3", cycles))
    if not samples:
        raise RuntimeError("the test had no question to answer")
    summary = summarize(samples)
    link = f"{SLOW_LINK_RATE * 8 // 1000} kbit/s, {SLOW_LINK_DELAY * 1000:.0f} ms"
    label = f"3 Cycle de réponse élève ({link}, {summary.samples} cycles)"
    return [
        Row(
            f"{label} : requêtes",
            f"{summary.requests} ({' + '.join(map(route_shape, summary.paths))})",
            target=f"≤ {MAX_REQUESTS}",
            verdict=verdict(summary.requests <= MAX_REQUESTS),
        ),
        Row(
            f"{label} : octets",
            f"{kib(summary.bytes_total)} (↑ {kib(summary.bytes_up)}, ↓ {kib(summary.bytes_down)})",
            target=f"≤ {kib(MAX_BYTES)}",
            verdict=verdict(summary.bytes_total <= MAX_BYTES),
        ),
        Row(
            f"{label} : « Je valide » → question suivante",
            f"{seconds(summary.seconds)} (médiane)",
            target=f"≤ {seconds(MAX_MEDIAN_SECONDS)}",
            verdict=verdict(summary.seconds <= MAX_MEDIAN_SECONDS),
        ),
    ]
