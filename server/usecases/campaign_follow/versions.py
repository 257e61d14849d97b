"""The version of a campaign's follow-up data: one small query, before any page is built.

Every page of the follow-up (participants, results, statistics, the campaign detail) depends
on the campaign row and on its participations only. Participations carry `updated_at`, moved
by every write, and an index on (campaign_id, updated_at): the count, the newest change and
the sum of the change times come from that index. The sum is there for two writes committed
out of order (the earlier timestamp committed last would not move the maximum).

Not covered: a learner renamed in the users table (no such route exists here).
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sqlalchemy import ColumnElement, extract, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.models import Campaign, CampaignParticipation

# SQLite keeps timestamps as text: julianday() turns them into days; shifted to a recent
# origin and counted in milliseconds, a sum over 10,000 rows keeps sub-millisecond steps.
_JULIAN_ORIGIN = 2_460_000.0
_MS_PER_DAY = 86_400_000.0


@functools.cache
def _software_version() -> str:
    # A new server version may shape the pages differently: its keys must differ.
    try:
        return version("pix-tui")
    except PackageNotFoundError:
        return "0+unknown"


def dialect_name(session: AsyncSession) -> str:
    """ "sqlite" or "postgresql": the few queries that differ ask this."""
    return session.get_bind().dialect.name


def _change_times_sum(dialect: str) -> ColumnElement[Any]:
    updated = CampaignParticipation.updated_at
    if dialect == "sqlite":
        return func.sum((func.julianday(updated) - _JULIAN_ORIGIN) * _MS_PER_DAY)
    return func.sum(extract("epoch", updated))


def _campaign_fingerprint(campaign: Campaign) -> str:
    # Every column: an admin may change anything (name, code swap, texts, archive...).
    return repr([getattr(campaign, column.key) for column in Campaign.__table__.columns])


async def campaign_version(session: AsyncSession, campaign: Campaign) -> str:
    """A short key that changes whenever anything the follow-up pages show may have changed."""
    dialect = dialect_name(session)
    row = (
        await session.execute(
            select(
                func.count(CampaignParticipation.id),
                func.max(CampaignParticipation.updated_at),
                _change_times_sum(dialect),
            ).where(CampaignParticipation.campaign_id == campaign.id)
        )
    ).one()
    count, newest, total = row
    material = "|".join(
        (_software_version(), _campaign_fingerprint(campaign), str(count), str(newest), str(total))
    )
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def entity_tag(version: str, *parts: object) -> str:
    """A weak ETag for one representation (route, query) of a campaign at `version`.

    Weak: the body may be gzipped or not, the data are the same.
    """
    material = "|".join([version, *(str(part) for part in parts)])
    return 'W/"' + hashlib.sha256(material.encode()).hexdigest()[:32] + '"'
