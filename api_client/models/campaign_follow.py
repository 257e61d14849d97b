"""Models of a campaign's follow-up in Pix Orga (CONTRACT §5, §6): participants and their
status, shared results, one participant's detail, the class's results, the activity charts.

Statuses are normalised to `STARTED`, `TO_SHARE` and `SHARED`: the older API (and this
project's server) sends all three, the newest Pix only `STARTED` and `SHARED` (a finished
test not yet sent then reads `STARTED`). Rates are fractions 0..1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api_client.jsonapi import Resource
from api_client.models.campaigns import Badge

STARTED: Final = "STARTED"
TO_SHARE: Final = "TO_SHARE"
SHARED: Final = "SHARED"
STATUSES: Final = (STARTED, TO_SHARE, SHARED)
_STATUS_ALIASES = {"COMPLETED": TO_SHARE, "TO-SHARE": TO_SHARE, "ONGOING": STARTED}


def normalize_status(raw: object) -> str | None:
    """`STARTED` / `TO_SHARE` / `SHARED` from what a server sends (any case, a few older
    names); None when absent. An unknown status is kept as sent, upper-cased."""
    if raw is None:
        return None
    text = str(raw).strip().upper()
    return _STATUS_ALIASES.get(text, text)


def _js_round(value: float) -> int:
    # Math.round: halves go up, as Pix Orga rounds its percentages.
    return math.floor(value + 0.5)


class _WithStatus(Resource):
    """A resource whose `status` is normalised (see `normalize_status`)."""

    status: str | None = None

    @field_validator("status", mode="before")
    @classmethod
    def status_is_normalized(cls, value: object) -> str | None:
        """Read any spelling of a status as `STARTED` / `TO_SHARE` / `SHARED`."""
        return normalize_status(value)


class ParticipantActivity(_WithStatus):
    """A row of the "Activité" table (type `campaign-participant-activities`).

    `id` is the learner (organisation learner in Pix, the user on this project's server);
    `last_campaign_participation_id` opens the participant's detail.
    """

    first_name: str | None = None
    last_name: str | None = None
    participant_external_id: str | None = None
    last_campaign_participation_id: str | None = None
    participation_count: int | None = None

    @property
    def learner_id(self) -> str:
        """The learner, for `participant_attempts`."""
        return self.id

    @property
    def full_name(self) -> str:
        """First name then last name ("Léa Petit")."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def is_shared(self) -> bool:
        """Results received ("Résultats reçus" / "Profil reçu")."""
        return self.status == SHARED


class AssessmentResultRow(Resource):
    """A row of the "Résultats" tab (type `campaign-assessment-result-minimals`): the
    learner's latest shared result. `id` is that participation."""

    first_name: str | None = None
    last_name: str | None = None
    participant_external_id: str | None = None
    mastery_rate: float | None = None
    evolution: str | None = None  # "increase", "decrease", "stable" or None
    reached_stage: int | None = None
    total_stage: int | None = None
    prescriber_title: str | None = None
    prescriber_description: str | None = None
    shared_result_count: int | None = None
    badges: list[Badge] = Field(default_factory=list)

    @property
    def full_name(self) -> str:
        """First name then last name, as the tables print it."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def mastery_percentage(self) -> int | None:
        """The rate as Pix Orga prints it ("67 %"), None without a result."""
        return None if self.mastery_rate is None else _js_round(self.mastery_rate * 100)


class ParticipantAssessment(_WithStatus):
    """One participant of an assessment campaign (type `campaign-assessment-participations`).

    Results (`mastery_rate`, `validated_skills_count`, `tested_skills_count`) are None until
    the learner shares them. `status`, `targeted_skills_count` and `tested_skills_count` are
    extensions of this project's server (None from Pix; `status` is then worked out).
    """

    first_name: str | None = None
    last_name: str | None = None
    participant_external_id: str | None = None
    campaign_id: str | None = None
    created_at: datetime | None = None
    is_shared: bool | None = None
    shared_at: datetime | None = None
    organization_learner_id: str | None = None
    mastery_rate: float | None = None
    progression: float | None = None
    reached_stage: int | None = None
    total_stage: int | None = None
    prescriber_title: str | None = None
    prescriber_description: str | None = None
    validated_skills_count: int | None = None
    badges: list[Badge] = Field(default_factory=list)
    targeted_skills_count: int | None = None
    tested_skills_count: int | None = None

    @property
    def full_name(self) -> str:
        """First name then last name, as the tables print it."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def participation_status(self) -> str:
        """`STARTED` / `TO_SHARE` / `SHARED`, from `status` or, from Pix, from `is_shared` and
        the progression (a finished test not sent is `TO_SHARE`)."""
        if self.status in STATUSES:
            return self.status
        if self.is_shared:
            return SHARED
        return TO_SHARE if self.progression == 1 else STARTED

    @property
    def progression_percentage(self) -> int | None:
        """The "% de progression" as printed (0..100)."""
        return None if self.progression is None else _js_round(self.progression * 100)

    @property
    def mastery_percentage(self) -> int | None:
        """The mastery rate as printed (0..100), None until shared."""
        return None if self.mastery_rate is None else _js_round(self.mastery_rate * 100)


class ParticipantCompetenceResult(Resource):
    """One competence of a shared result (type
    `campaign-assessment-participation-competence-results`, id `{participation}-{competence}`).

    The skill counts and `area_code` are extensions of this project's server."""

    name: str | None = None
    index: str | None = None
    competence_mastery_rate: float | None = None
    area_color: str | None = None
    area_code: str | None = None
    targeted_skills_count: int | None = None
    validated_skills_count: int | None = None
    tested_skills_count: int | None = None

    @property
    def mastery_percentage(self) -> int | None:
        """The competence's mastery as printed (0..100)."""
        if self.competence_mastery_rate is None:
            return None
        return _js_round(self.competence_mastery_rate * 100)


class ParticipantResults(Resource):
    """Results per competence of one participation (type
    `campaign-assessment-participation-results`); empty until the learner shares them."""

    campaign_id: str | None = None
    competence_results: list[ParticipantCompetenceResult] = Field(default_factory=list)


class ParticipationAttempt(_WithStatus):
    """One attempt of a learner in the campaign (type `available-campaign-participations`),
    for multiple sendings. `created_at` and `mastery_rate` are extensions of this project's
    server (None from Pix)."""

    shared_at: datetime | None = None
    created_at: datetime | None = None
    mastery_rate: float | None = None


class CompetenceCollectiveResult(Resource):
    """The class on one competence (type `campaignCompetenceCollectiveResults`, id
    `{campaignId}_{competenceId}`): the average number of its skills validated by the
    learners who shared their results."""

    average_validated_skills: float | None = None
    competence_id: str | None = None
    competence_name: str | None = None
    area_code: str | None = None
    area_color: str | None = None
    targeted_skills_count: int | None = None

    @property
    def average_rate(self) -> float | None:
        """Average mastery of the competence, 0..1 (None when unknown)."""
        if self.average_validated_skills is None or not self.targeted_skills_count:
            return None
        return self.average_validated_skills / self.targeted_skills_count

    @property
    def validated_skills_percentage(self) -> int | None:
        """What Pix Orga prints: round(average × 100 / targeted)."""
        rate = self.average_rate
        return None if rate is None else _js_round(rate * 100)


class CollectiveResult(Resource):
    """The class's results per competence (type `campaign-collective-results`), by index."""

    campaign_competence_collective_results: list[CompetenceCollectiveResult] = Field(
        default_factory=list
    )

    @property
    def competences(self) -> list[CompetenceCollectiveResult]:
        """The competences of the target profile, by index."""
        return self.campaign_competence_collective_results


class ProfilesCollectionParticipation(Resource):
    """A profile received (type `CampaignProfilesCollectionParticipationSummaries`): the
    learner's latest shared profile. `id` is that participation."""

    first_name: str | None = None
    last_name: str | None = None
    participant_external_id: str | None = None
    shared_at: datetime | None = None
    pix_score: int | None = None
    shared_profile_count: int | None = None
    evolution: str | None = None
    certifiable: bool | None = None
    certifiable_competences_count: int | None = None

    @property
    def full_name(self) -> str:
        """First name then last name, as the tables print it."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class CampaignProfileCompetence(Resource):
    """One of the 16 competences of a received profile (type `campaign-profile-competences`)."""

    name: str | None = None
    index: str | None = None
    pix_score: int | None = None
    estimated_level: int | None = None
    area_color: str | None = None
    area_code: str | None = None


class CampaignProfile(Resource):
    """One received profile (type `campaign-profiles`); values None and no competence until
    the learner sends it."""

    first_name: str | None = None
    last_name: str | None = None
    campaign_id: str | None = None
    organization_learner_id: str | None = None
    external_id: str | None = None
    pix_score: int | None = None
    created_at: datetime | None = None
    shared_at: datetime | None = None
    is_shared: bool | None = None
    competences_count: int | None = None
    certifiable_competences_count: int | None = None
    is_certifiable: bool | None = None
    competences: list[CampaignProfileCompetence] = Field(default_factory=list)

    @property
    def full_name(self) -> str:
        """First name then last name, as the tables print it."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)


# --- statistics -------------------------------------------------------------------------------


class DayCount(BaseModel):
    """Participations up to a day included (cumulative)."""

    model_config = ConfigDict(extra="allow")

    day: date
    count: int


class ParticipationsByStatus(Resource):
    """`/stats/participations-by-status`: `completed` (finished, not sent) only from servers
    that know `TO_SHARE`; `started` absent for a profiles collection."""

    started: int | None = None
    completed: int | None = None
    shared: int | None = None


class ParticipationsByDay(Resource):
    """`/stats/participations-by-day`: cumulative series, days without activity left out."""

    started_participations: list[DayCount] = Field(default_factory=list)
    shared_participations: list[DayCount] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParticipationStatistics:
    """What the "Activité" tab charts: participants by status and over time.

    `completed` is None when the server only knows `STARTED` and `SHARED` (the newest Pix),
    `started` is None for a profiles collection.
    """

    started: int | None
    completed: int | None
    shared: int
    started_by_day: list[DayCount] = field(default_factory=list)
    shared_by_day: list[DayCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        """The "Total de participants" card."""
        return (self.started or 0) + (self.completed or 0) + self.shared


class MasteryRateCount(BaseModel):
    """How many learners reached a mastery rate (`masteryRate` is sent as text, "0.50")."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    mastery_rate: float = Field(alias="masteryRate")
    count: int


class ResultDistribution(Resource):
    """`/stats/participations-by-mastery-rate`."""

    result_distribution: list[MasteryRateCount] = Field(default_factory=list)
