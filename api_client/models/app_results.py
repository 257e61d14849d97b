"""Models of Pix App's results and profiles (CONTRACT §7.8, §7.11, §7.12)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from api_client.jsonapi import Resource


class CampaignParticipationBadge(Resource):
    """A badge of the campaign and whether the learner earned it
    (type `campaignParticipationBadges`)."""

    key: str | None = None
    title: str | None = None
    message: str | None = None
    alt_message: str | None = None
    image_url: str | None = None
    acquisition_percentage: int | None = None
    is_acquired: bool | None = None
    is_always_visible: bool | None = None
    is_certifiable: bool | None = None
    is_valid: bool | None = None


class CompetenceResult(Resource):
    """The learner's result on one competence of the campaign (type `competenceResults`).

    `mastery_percentage` is a whole percentage (0–100); `reached_stage` a stage number.
    """

    name: str | None = None
    index: str | None = None
    description: str | None = None
    mastery_percentage: int | None = None
    total_skills_count: int | None = None
    tested_skills_count: int | None = None
    validated_skills_count: int | None = None
    area_color: str | None = None
    area_title: str | None = None
    reached_stage: int | None = None


class ReachedStage(Resource):
    """The stage (palier) reached in the campaign (type `reached-stages`)."""

    title: str | None = None
    message: str | None = None
    threshold: int | None = None
    reached_stage: int | None = None
    total_stage: int | None = None


class AssessmentResult(Resource):
    """The learner's result in an assessment campaign (type `campaign-participation-results`,
    `id` = participation id).

    `mastery_rate` is a fraction 0..1. `can_retry` offers "Je retente" (after sharing, on a
    multiple-sendings campaign, once `remaining_seconds_before_retrying` is None or 0);
    `can_reset` "Remettre à zéro". Before sharing, "J'envoie mes résultats" shares.
    """

    mastery_rate: float | None = None
    total_skills_count: int | None = None
    tested_skills_count: int | None = None
    validated_skills_count: int | None = None
    is_completed: bool | None = None
    is_shared: bool | None = None
    is_disabled: bool | None = None
    can_retry: bool | None = None
    can_reset: bool | None = None
    participant_external_id: str | None = None
    remaining_seconds_before_retrying: int | None = None
    shared_at: datetime | None = None
    campaign_participation_badges: list[CampaignParticipationBadge] = Field(default_factory=list)
    competence_results: list[CompetenceResult] = Field(default_factory=list)
    reached_stage: ReachedStage | None = None

    @property
    def participation_id(self) -> str:
        """The participation these results are of (to share them)."""
        return self.id

    @property
    def mastery_percentage(self) -> int:
        """The overall mastery as a whole percentage (0–100)."""
        return round((self.mastery_rate or 0.0) * 100)

    @property
    def badges(self) -> list[CampaignParticipationBadge]:
        """The campaign's badges, earned or not."""
        return self.campaign_participation_badges

    @property
    def can_retry_now(self) -> bool:
        """Whether "Je retente" can be offered right now (allowed, and no wait left)."""
        return bool(self.can_retry) and not self.remaining_seconds_before_retrying


class Area(Resource):
    """A domain of the framework (type `areas`): code "1", title, colour name."""

    code: str | None = None
    title: str | None = None
    color: str | None = None


class Scorecard(Resource):
    """The learner's level on one competence (type `scorecards`, id `{userId}_{competenceId}`).

    `status` is NOT_STARTED, STARTED or COMPLETED.
    """

    competence_id: str | None = None
    index: str | None = None
    name: str | None = None
    description: str | None = None
    level: int | None = None
    earned_pix: int | None = None
    status: str | None = None
    pix_score_ahead_of_next_level: int | None = None
    percentage_ahead_of_next_level: float | None = None  # Pix sends 62.5
    remaining_pix_to_next_level: int | None = None
    remaining_days_before_reset: int | None = None
    remaining_days_before_improving: int | None = None
    is_started: bool | None = None
    is_finished: bool | None = None
    is_max_level: bool | None = None
    is_improvable: bool | None = None
    is_resettable: bool | None = None
    area: Area | None = None


class _Profile(Resource):
    pix_score: int | None = None
    max_reachable_level: int | None = None
    max_reachable_pix_score: int | None = None
    scorecards: list[Scorecard] = Field(default_factory=list)


class SharedProfile(_Profile):
    """The profile a profiles-collection campaign collects (type `SharedProfileForCampaigns`,
    `id` = participation id)."""

    shared_at: datetime | None = None
    can_retry: bool | None = None

    @property
    def participation_id(self) -> str:
        """The participation this profile is sent with."""
        return self.id


class UserProfile(_Profile):
    """The learner's whole Pix profile (type `Profiles`, `id` = user id)."""
