"""`Idempotency-Key` for POST routes: a retried request gets the first answer, not a twin.

A client that lost the answer to a create (network cut, timeout) sends the same request again
with the same key. The route claims the key before acting; the claim, the work and the stored
answer commit together, so:
- a key already answered replays that answer (same status and body, `Idempotent-Replayed`);
- two requests racing with one key: the second waits on the unique (user_id, key) index
  until the first commits, then replays its answer;
- a request that fails (422...) commits nothing, so its retry is judged afresh.

    claim = await claim_idempotency_key(session, user_id, key, request)
    if claim.replay is not None:
        return claim.replay
    response = respond(...)
    return await remember_response(session, claim, response)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import UnprocessableEntity
from server.models import IdempotencyRecord

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 64
KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"

IdempotencyKeyHeader = Annotated[
    str | None, Header(alias=IDEMPOTENCY_HEADER, min_length=1, max_length=MAX_KEY_LENGTH)
]


@dataclass
class IdempotencyClaim:
    """The outcome of claiming a key: a response to replay, or a slot to fill."""

    record_id: int | None = None
    replay: JSONResponse | None = None


async def claim_idempotency_key(
    session: AsyncSession, user_id: int, key: str | None, request: Request
) -> IdempotencyClaim:
    """Claim `key` for this request (no key: nothing to claim, the request just runs)."""
    if key is None:
        return IdempotencyClaim()
    method, path = request.method, request.url.path
    # INSERT ... ON CONFLICT DO NOTHING rather than a savepoint: SQLite's driver commits a
    # savepoint opened before any write, which would publish the claim before the work.
    # On PostgreSQL, a racing insert of the same key waits here for the first to finish.
    claimed = await session.scalar(
        _insert_ignoring_duplicates(session)
        .values(key=key, user_id=user_id, method=method, path=path, status_code=0, body="")
        .returning(IdempotencyRecord.id)
    )
    if claimed is not None:
        return IdempotencyClaim(record_id=claimed)
    existing = await session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
        )
    )
    assert existing is not None  # the conflicting row is committed once we get here
    if (existing.method, existing.path) != (method, path):
        raise UnprocessableEntity(
            "Cette clé d'idempotence a déjà servi pour une autre requête.", code=KEY_REUSED
        )
    return IdempotencyClaim(replay=_replay(existing))


async def remember_response(
    session: AsyncSession, claim: IdempotencyClaim, response: JSONResponse
) -> JSONResponse:
    """Store the answer in the claimed slot (committed with the request's work)."""
    if claim.record_id is not None:
        await session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.id == claim.record_id)
            .values(status_code=response.status_code, body=bytes(response.body).decode("utf-8"))
        )
    return response


def _insert_ignoring_duplicates(session: AsyncSession) -> Any:
    columns = [IdempotencyRecord.user_id, IdempotencyRecord.key]
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(IdempotencyRecord).on_conflict_do_nothing(index_elements=columns)
    return sqlite_insert(IdempotencyRecord).on_conflict_do_nothing(index_elements=columns)


def _replay(record: IdempotencyRecord) -> JSONResponse:
    return JSONResponse(
        json.loads(record.body),
        status_code=record.status_code,
        headers={REPLAYED_HEADER: "true"},
    )
