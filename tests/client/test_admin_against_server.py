"""`client.admin` against the real reference server (in-process, seeded database).

Demo: support@ SUPPORT, metier@ METIER, certif@ CERTIF; RENTRE123 (collège) has 20
participants, 3 still in the test; ARCHIV789 is archived; eleve04 and eleve06 reported a
problem during RENTRE123.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from api_client import (
    AdminCampaignUpdate,
    NotFoundError,
    PermissionDeniedError,
    PixClient,
    PreconditionFailedError,
    ValidationError,
)
from server.app import create_app

PASSWORD = "Pix12345"
BASE = "http://pix.localhost"
COLLEGE = "Collège Pix (DEMO)"


@pytest.fixture
async def server_app(seeded_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(seeded_url)
    yield app
    await app.state.database.dispose()


@pytest.fixture
def make_client(server_app: FastAPI) -> Callable[[], PixClient]:
    return lambda: PixClient(BASE, transport=httpx.ASGITransport(app=server_app))


async def test_find_by_code_or_id_and_read_the_detail(make_client) -> None:
    async with make_client() as client:
        await client.login("support@example.net", PASSWORD)
        archived = await client.admin.find_campaign(" archiv789 ")
        same = await client.admin.find_campaign(archived.id)
        rentree = await client.admin.find_campaign("RENTRE123")
        with pytest.raises(NotFoundError):
            await client.admin.find_campaign("NOPE00000")
        with pytest.raises(NotFoundError):
            await client.admin.find_campaign("987654")

    assert archived.code == "ARCHIV789" and archived.status == "ARCHIVED"
    assert archived.archived_at == datetime(2024, 10, 3, 8, tzinfo=UTC)
    assert archived.owner_full_name == "Julien Bernard"
    assert archived.organization_name == COLLEGE
    assert same == archived
    assert rentree.status == "ACTIVE" and rentree.is_type_assessment is True
    assert (rentree.total_participations_count, rentree.shared_participations_count) == (20, 14)
    assert (rentree.started_participations_count, rentree.to_share_participations_count) == (3, 3)
    assert (rentree.stuck_participations_count, rentree.stuck_after_days) == (0, 7)


async def test_search_campaigns_and_organisations(make_client) -> None:
    async with make_client() as client:
        await client.login("certif@example.net", PASSWORD)  # read-only role reads everything
        by_name = await client.admin.search_campaigns(name="rentrée")
        first = await client.admin.search_campaigns(page_size=10)
        organizations = await client.admin.search_organizations(name="pix")
        college = next(o for o in organizations if o.name == COLLEGE)
        of_college = await client.admin.organization_campaigns(college.id, page_size=5)

    assert {c.organization_name for c in by_name} == {COLLEGE, "Lycée Pix (DEMO)"}
    assert all("rentrée" in (c.name or "").lower() for c in by_name)
    assert (first.meta.row_count, first.meta.page_count, len(first)) == (34, 4, 10)
    assert college.campaigns_count == 30 and college.external_id == "0751234A"
    assert (of_college.meta.row_count, len(of_college)) == (30, 5)
    assert {c.status for c in of_college} <= {"ACTIVE", "ARCHIVED"}


async def test_participations_triage_and_feedbacks(make_client) -> None:
    async with make_client() as client:
        await client.login("support@example.net", PASSWORD)
        rentree = await client.admin.find_campaign("RENTRE123")
        everyone = await client.admin.participations(rentree.id, page_size=50)
        started = await client.admin.participations(rentree.id, status="STARTED")
        stuck_now = await client.admin.participations(rentree.id, stuck_after_days=0)
        feedbacks = await client.admin.feedbacks(rentree.id)

    assert everyone.meta.row_count == 20
    assert {p.status for p in started} == {"STARTED"} and len(started) == 3
    assert all(p.last_activity_at is not None for p in everyone)
    # Nobody is quiet for a week yet; with no patience at all, the three in the test are.
    assert not any(p.is_stuck() for p in everyone)
    in_a_week = datetime.now(UTC) + timedelta(days=7)
    assert {p.id for p in everyone if p.is_stuck(now=in_a_week)} == {p.id for p in started}
    assert {p.id for p in stuck_now} == {p.id for p in started}
    assert {f.user_full_name for f in feedbacks} == {"Hugo Thomas", "Louis Richard"}
    assert all(f.challenge_id and f.content and f.created_at for f in feedbacks)


async def test_changes_and_their_audit_log(make_client) -> None:
    async with make_client() as client:
        session = await client.login("superadmin@example.net", PASSWORD)
        campaign = await client.admin.find_campaign("RENTRE123")
        update = AdminCampaignUpdate.from_campaign(campaign).with_changes(
            name="Rentrée 5e – session 2", custom_result_page_text="  "
        )
        await client.admin.update_campaign(campaign.id, update)
        archived = await client.admin.archive(campaign.id)
        with pytest.raises(PreconditionFailedError):
            await client.admin.archive(campaign.id)
        restored = await client.admin.unarchive(campaign.id)
        prof2 = await _user_id_of(client, campaign.organization_id, "Julien")
        owned = await client.admin.change_owner(campaign.id, prof2)
        with pytest.raises(ValidationError) as refused_owner:
            await client.admin.change_owner(campaign.id, session.user_id)
        participations = await client.admin.participations(campaign.id, page_size=50)
        target = next(p for p in participations if p.user_full_name == "Emma Martin")
        await client.admin.update_external_id(target.id, "INE-0001")
        await client.admin.delete_participation(campaign.id, target.id)
        with pytest.raises(PreconditionFailedError):
            await client.admin.delete_participation(campaign.id, target.id)
        log = await client.admin.audit_log(campaign.id)
        after = await client.admin.campaign(campaign.id)

    assert archived.is_archived and not restored.is_archived
    assert owned.owner_full_name == "Julien Bernard"
    assert refused_owner.value.field_errors == {"owner": "OWNER_NOT_IN_ORGANIZATION"}
    assert after.name == "Rentrée 5e – session 2"
    assert (after.total_participations_count, after.deleted_participations_count) == (19, 1)
    actions = [entry.action for entry in log]
    assert actions == [
        "DELETE_PARTICIPATION",
        "UPDATE_EXTERNAL_ID",
        "CHANGE_OWNER",
        "UNARCHIVE_CAMPAIGN",
        "ARCHIVE_CAMPAIGN",
        "UPDATE_CAMPAIGN",
    ]
    assert {entry.admin_name for entry in log} == {"Antoine Girard"}
    external = log.items[1]
    assert external.campaign_participation_id == target.id
    assert external.changes == [("participant-external-id", None, "INE-0001")]
    assert log.items[-1].changes == [("name", "Parcours de rentrée 5e", "Rentrée 5e – session 2")]


async def _user_id_of(client: PixClient, organization_id: str | None, first_name: str) -> str:
    """A member of the organisation, found through an admin list (the campaigns' owners)."""
    assert organization_id is not None
    page = await client.admin.organization_campaigns(organization_id, page_size=100)
    return next(c.owner_id for c in page if c.owner_first_name == first_name and c.owner_id)


async def test_roles_are_enforced_by_the_server(make_client) -> None:
    async with make_client() as client:
        await client.login("certif@example.net", PASSWORD)
        campaign = await client.admin.find_campaign("RENTRE123")
        with pytest.raises(PermissionDeniedError):
            await client.admin.archive(campaign.id)
        with pytest.raises(PermissionDeniedError):
            await client.admin.update_campaign(
                campaign.id, AdminCampaignUpdate.from_campaign(campaign)
            )
        await client.logout()
        await client.login("metier@example.net", PASSWORD)
        first = (await client.admin.participations(campaign.id)).items[0]
        with pytest.raises(PermissionDeniedError):
            await client.admin.delete_participation(campaign.id, first.id)
        assert (await client.admin.audit_log(campaign.id)).items == []
