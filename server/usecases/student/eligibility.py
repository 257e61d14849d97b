"""When a learner may try a campaign again (DOMAIN §5.3): "Je retente", "Remettre à zéro"."""

from __future__ import annotations

from datetime import datetime, timedelta

from server.learning import campaign_content
from server.models import Campaign, CampaignParticipation, CampaignType, ParticipationStatus

MINIMUM_DELAY_BEFORE_RETRYING = timedelta(days=4)
MINIMUM_DELAY_BEFORE_RESET = timedelta(days=4)


def is_disabled(campaign: Campaign, participation: CampaignParticipation) -> bool:
    return (
        campaign.archived_at is not None
        or campaign.deleted_at is not None
        or participation.deleted_at is not None
    )


def is_shared(participation: CampaignParticipation) -> bool:
    return participation.status == ParticipationStatus.SHARED


def can_retry(
    campaign: Campaign, participation: CampaignParticipation, mastery_rate: float | None
) -> bool:
    """The current Pix rule: the 4-day wait is not part of it (see
    `remaining_seconds_before_retrying`); a perfect assessment score leaves nothing to retry."""
    if is_disabled(campaign, participation) or not campaign.multiple_sendings:
        return False
    if not is_shared(participation):
        return False
    if campaign.type == CampaignType.ASSESSMENT:
        return (mastery_rate or 0.0) < 1
    return True


def remaining_seconds_before_retrying(
    participation: CampaignParticipation, now: datetime
) -> int | None:
    """Seconds until 4 days after sharing; None when not shared or already past."""
    if participation.shared_at is None:
        return None
    remaining = participation.shared_at + MINIMUM_DELAY_BEFORE_RETRYING - now
    seconds = int(remaining.total_seconds())
    return seconds if seconds > 0 else None


def can_reset(campaign: Campaign, participation: CampaignParticipation, now: datetime) -> bool:
    """Start again from scratch, forgetting the campaign's skills (resettable profiles only)."""
    profile = campaign_content(campaign).target_profile
    return (
        campaign.type == CampaignType.ASSESSMENT
        and is_shared(participation)
        and profile is not None
        and profile.are_knowledge_elements_resettable
        and campaign.multiple_sendings
        and not is_disabled(campaign, participation)
        and participation.shared_at is not None
        and now - participation.shared_at >= MINIMUM_DELAY_BEFORE_RESET
    )
