"""The CSV exports of a campaign's results (CONTRACT 5.6, DOMAIN §7), produced as a stream.

Only participations whose results were SHARED appear: a learner who has not sent them has
not agreed to give them to the organisation (our reading of the data-protection rule; Pix
lists unshared participations too, with `NA` in place of the results). Each attempt sent
is one line (multiple sendings), by name then newest first.

Rows come from a server-side cursor, a batch at a time (`yield_per`): memory stays flat
whatever the size of the campaign. The stream has its own database session, since it runs
after the request's own session is closed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.content import Area, Competence
from server.engine.scoring import csv_rate
from server.learning import campaign_content, content
from server.models import (
    Campaign,
    CampaignParticipation,
    CampaignType,
    Organization,
    OrganizationType,
    ParticipationStatus,
    User,
)
from server.usecases.campaign_follow.csv_format import (
    BOM,
    YES,
    csv_datetime,
    csv_line,
    yes_no,
)
from server.usecases.campaign_follow.participant_detail import profile_competences
from server.usecases.campaign_follow.queries import pix_mastery_rate

CP = CampaignParticipation
EXPORT_BATCH_SIZE = 500
# A shared participation's test is over (sharing needs a completed assessment).
SHARED_PROGRESSION = 1


@dataclass(frozen=True)
class ExportRow:
    first_name: str
    last_name: str
    participant_external_id: str | None
    created_at: datetime
    shared_at: datetime | None
    mastery_rate: float | None
    pix_score: int | None
    is_certifiable: bool | None
    certifiable_competences_count: int | None
    competence_results: list[dict[str, Any]] | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> ExportRow:
        return cls(**row._asdict())


def _learner_columns(organization: Organization) -> list[str]:
    """Optional learner columns: Pix prints them for organisations managing students, with
    the learner's class, group or student number (unknown here: left empty)."""
    if not organization.is_managing_students:
        return []
    if organization.type == OrganizationType.SCO:
        return ["Classe"]
    if organization.type == OrganizationType.SUP:
        return ["Groupe", "Numéro Étudiant"]
    return []


@dataclass(frozen=True)
class AssessmentLayout:
    """The columns of an assessment campaign's export."""

    organization: Organization
    campaign: Campaign
    target_profile_name: str
    competences: list[tuple[Competence, int]]  # with their targeted skills count
    areas: list[tuple[Area, list[str]]]  # with their targeted competences' ids

    @classmethod
    def of(cls, organization: Organization, campaign: Campaign) -> AssessmentLayout:
        targeted = campaign_content(campaign)
        learning = content()
        counts: dict[str, int] = {}
        for skill in targeted.skills:
            counts[skill.competence_id] = counts.get(skill.competence_id, 0) + 1
        competences = sorted(
            (learning.competences_by_id[competence_id] for competence_id in counts),
            key=lambda competence: competence.index,
        )
        areas: dict[str, list[str]] = {}
        for competence in competences:
            areas.setdefault(competence.area_id, []).append(competence.id)
        return cls(
            organization=organization,
            campaign=campaign,
            target_profile_name=targeted.target_profile.name if targeted.target_profile else "",
            competences=[(competence, counts[competence.id]) for competence in competences],
            areas=sorted(
                ((learning.areas_by_id[area_id], ids) for area_id, ids in areas.items()),
                key=lambda item: item[0].code,
            ),
        )

    def header(self) -> list[str]:
        columns = [
            "Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Parcours",
            "Nom du Participant", "Prénom du Participant",
            *_learner_columns(self.organization),
        ]  # fmt: skip
        if self.campaign.external_id_label:
            columns.append(self.campaign.external_id_label)
        columns += [
            "% de progression", "Date de début", "Partage (O/N)", "Date du partage",
            "% maitrise de l'ensemble des acquis du profil",
        ]  # fmt: skip
        for competence, _ in self.competences:
            columns += [
                f"% de maitrise des acquis de la compétence {competence.name}",
                f"Nombre d'acquis du profil cible dans la compétence {competence.name}",
                f"Acquis maitrisés dans la compétence {competence.name}",
            ]
        for area, _ in self.areas:
            columns += [
                f"% de maitrise des acquis du domaine {area.title}",
                f"Nombre d'acquis du profil cible du domaine {area.title}",
                f"Acquis maitrisés du domaine {area.title}",
            ]
        return columns

    def values(self, row: ExportRow) -> list[object]:
        validated = {
            item["competence_id"]: int(item.get("validated", 0))
            for item in row.competence_results or []
        }
        values: list[object] = [
            self.organization.name, self.campaign.id, self.campaign.code, self.campaign.name,
            self.target_profile_name, row.last_name, row.first_name,
            *("" for _ in _learner_columns(self.organization)),
        ]  # fmt: skip
        if self.campaign.external_id_label:
            values.append(row.participant_external_id)
        values += [
            SHARED_PROGRESSION,
            csv_datetime(row.created_at),
            YES,
            csv_datetime(row.shared_at) if row.shared_at else None,
            pix_mastery_rate(row.mastery_rate),
        ]
        targeted_by_id = {competence.id: count for competence, count in self.competences}
        for competence, targeted in self.competences:
            done = validated.get(competence.id, 0)
            values += [csv_rate(done, targeted), targeted, done]
        for _, competence_ids in self.areas:
            targeted = sum(targeted_by_id[competence_id] for competence_id in competence_ids)
            done = sum(validated.get(competence_id, 0) for competence_id in competence_ids)
            values += [csv_rate(done, targeted), targeted, done]
        return values


@dataclass(frozen=True)
class ProfilesLayout:
    """The columns of a profiles collection's export: the 16 competences."""

    organization: Organization
    campaign: Campaign

    def _learner_columns(self) -> list[str]:
        columns = _learner_columns(self.organization)
        # Pix orders them Groupe, Classe, Numéro Étudiant here.
        return [name for name in ("Groupe", "Classe", "Numéro Étudiant") if name in columns]

    def header(self) -> list[str]:
        columns = [
            "Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne",
            "Nom du Participant", "Prénom du Participant", *self._learner_columns(),
        ]  # fmt: skip
        if self.campaign.external_id_label:
            columns.append(self.campaign.external_id_label)
        columns += [
            "Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)",
            "Nombre de compétences certifiables",
        ]  # fmt: skip
        for competence in sorted(content().competences, key=lambda c: c.index):
            columns += [
                f"Niveau pour la compétence {competence.name}",
                f"Nombre de pix pour la compétence {competence.name}",
            ]
        return columns

    def values(self, row: ExportRow) -> list[object]:
        values: list[object] = [
            self.organization.name, self.campaign.id, self.campaign.code, self.campaign.name,
            row.last_name, row.first_name, *("" for _ in self._learner_columns()),
        ]  # fmt: skip
        if self.campaign.external_id_label:
            values.append(row.participant_external_id)
        values += [
            YES,
            csv_datetime(row.shared_at) if row.shared_at else None,
            row.pix_score,
            yes_no(bool(row.is_certifiable)),
            row.certifiable_competences_count,
        ]
        for competence in profile_competences(row.competence_results):
            values += [competence.level, competence.pix_score]
        return values


def _shared_rows_query(campaign_id: int) -> Any:
    return (
        select(
            User.first_name, User.last_name, CP.participant_external_id, CP.created_at,
            CP.shared_at, CP.mastery_rate, CP.pix_score, CP.is_certifiable,
            CP.certifiable_competences_count, CP.competence_results,
        )
        .join(User, User.id == CP.user_id)
        .where(
            CP.campaign_id == campaign_id,
            CP.status == ParticipationStatus.SHARED,
            CP.deleted_at.is_(None),
        )
        .order_by(
            func.lower(User.last_name), func.lower(User.first_name), CP.created_at.desc(),
            CP.id.desc(),
        )
    )  # fmt: skip


async def _layout(session: AsyncSession, campaign_id: int) -> AssessmentLayout | ProfilesLayout:
    campaign = await session.get(Campaign, campaign_id)
    assert campaign is not None  # the route checked access in its own session
    organization = await session.get(Organization, campaign.organization_id)
    assert organization is not None  # a foreign key
    if campaign.type == CampaignType.PROFILES_COLLECTION:
        return ProfilesLayout(organization, campaign)
    return AssessmentLayout.of(organization, campaign)


async def export_chunks(
    sessionmaker: async_sessionmaker[AsyncSession],
    campaign_id: int,
    *,
    batch_size: int = EXPORT_BATCH_SIZE,
) -> AsyncIterator[bytes]:
    """The whole CSV of a campaign, header first, then one chunk per batch of rows."""
    async with sessionmaker() as session:
        layout = await _layout(session, campaign_id)
        yield (BOM + csv_line(layout.header())).encode("utf-8")
        result = await session.stream(
            _shared_rows_query(campaign_id).execution_options(yield_per=batch_size)
        )
        async for batch in result.partitions():
            yield _lines(layout, batch).encode("utf-8")


def _lines(layout: AssessmentLayout | ProfilesLayout, batch: Sequence[Row[Any]]) -> str:
    return "".join(csv_line(layout.values(ExportRow.from_row(row))) for row in batch)
