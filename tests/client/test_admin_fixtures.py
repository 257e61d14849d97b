"""Pix Admin payloads of real Pix (CONTRACT 8) read by the client's models, and the update body
it writes compared with the one Pix Admin sends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError as PydanticValidationError

from api_client import AdminCampaign, AdminCampaignUpdate, AdminParticipation
from api_client.jsonapi import Document

from .support import load_fixture


def test_campaign_detail_of_real_pix() -> None:
    campaign = Document.parse(load_fixture("admin-campaign-detail.response.json")).one(
        AdminCampaign
    )

    assert (campaign.id, campaign.code, campaign.name) == ("101", "ATDGRK343", "campaign")
    assert campaign.status == "ACTIVE"
    assert campaign.created_at == datetime(2020, 10, 10, tzinfo=UTC)
    assert (campaign.owner_id, campaign.owner_full_name) == ("1001", "Ned Stark")
    assert (campaign.organization_id, campaign.organization_name) == ("4001", "Orga")
    assert (campaign.total_participations_count, campaign.shared_participations_count) == (10, 5)
    # Real Pix sends no triage counts: they read as unknown, not as zero.
    assert campaign.started_participations_count is None
    assert campaign.stuck_after_days is None


def test_participations_of_real_pix() -> None:
    page = Document.parse(load_fixture("admin-campaign-participations.response.json")).page(
        AdminParticipation
    )

    [participation] = page.items
    assert participation.user_full_name == "John Doe"
    assert (participation.deleted_by, participation.deleted_by_full_name) == ("666", "King Cong")
    assert participation.is_deleted
    assert participation.last_activity_at is None  # an extension
    assert participation.quiet_since == datetime(2020, 10, 10, tzinfo=UTC)
    assert not participation.is_stuck()  # SHARED and deleted
    assert page.meta.row_count == 1


def test_stuck_uses_the_start_when_there_is_no_answer() -> None:
    now = datetime(2025, 3, 20, tzinfo=UTC)
    started = AdminParticipation(
        id="1", status="STARTED", created_at=datetime(2025, 3, 10, tzinfo=UTC)
    )
    assert started.is_stuck(now=now)
    assert not started.is_stuck(after_days=14, now=now)
    answered = started.model_copy(update={"last_activity_at": datetime(2025, 3, 18, tzinfo=UTC)})
    assert not answered.is_stuck(now=now)


def test_update_body_is_the_one_pix_admin_sends() -> None:
    update = AdminCampaignUpdate(name="newName", multiple_sendings=True, title="  ")
    assert update.to_document() == load_fixture("admin-campaign-update.request.json")


def test_update_from_a_campaign_changes_only_what_is_asked() -> None:
    campaign = Document.parse(load_fixture("admin-campaign-detail.response.json")).one(
        AdminCampaign
    )
    update = AdminCampaignUpdate.from_campaign(campaign).with_changes(title="Nouveau titre")
    attributes = update.to_document()["data"]["attributes"]
    assert attributes["title"] == "Nouveau titre"
    assert attributes["custom-result-page-button-url"] == "www.pix.fr"
    assert attributes["multiple-sendings"] is False
    with pytest.raises(PydanticValidationError):
        update.with_changes(multiple_sendings="yes")
