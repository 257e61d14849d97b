"""Every Pix follow-up payload (CONTRACT §5, §6) read by the client's typed models, and the
two-status API of the newest Pix."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api_client import (
    AssessmentResultRow,
    CampaignProfile,
    CollectiveResult,
    ParticipantActivity,
    ParticipantAssessment,
    ParticipantResults,
    ParticipationAttempt,
    ProfilesCollectionParticipation,
)
from api_client.jsonapi import Document
from api_client.models.campaign_follow import (
    ParticipationsByDay,
    ParticipationsByStatus,
    ResultDistribution,
    normalize_status,
)

from .support import load_fixture


def test_participants_activity() -> None:
    page = Document.parse(load_fixture("orga-participants-activity.response.json")).page(
        ParticipantActivity
    )

    karam, dimitri = page.items
    assert (karam.learner_id, karam.full_name, karam.participant_external_id) == (
        "1",
        "Karam Habibi",
        "Dev",
    )
    assert karam.status == "SHARED" and karam.is_shared
    assert karam.last_campaign_participation_id == "3"  # a number in the payload
    assert karam.participation_count == 1
    assert (dimitri.status, dimitri.is_shared, dimitri.participation_count) == ("STARTED", False, 2)
    assert (page.meta.page, page.meta.page_size, page.meta.row_count, page.meta.page_count) == (
        1,
        2,
        2,
        1,
    )


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("STARTED", "STARTED"),
        ("TO_SHARE", "TO_SHARE"),
        ("SHARED", "SHARED"),
        ("shared", "SHARED"),
        ("COMPLETED", "TO_SHARE"),
        (None, None),
        ("ARCHIVED", "ARCHIVED"),  # unknown: kept, so that a newer server does not break us
    ],
)
def test_statuses_are_normalised(sent: str | None, read: str | None) -> None:
    assert normalize_status(sent) == read
    row = ParticipantActivity.model_validate({"id": "1", "status": sent})
    assert row.status == read


def test_assessment_results() -> None:
    document = Document.parse(load_fixture("orga-assessment-results.response.json"))
    page = document.page(AssessmentResultRow)

    john, hans = page.items
    assert (john.id, john.full_name, john.participant_external_id) == ("1", "John McClane", "Cop")
    assert (john.mastery_rate, john.mastery_percentage) == (1, 100)
    assert (john.reached_stage, john.total_stage, john.prescriber_title) == (
        2,
        6,
        "titre prescripteur 1",
    )
    assert john.shared_result_count == 0 and john.badges == []
    assert (hans.mastery_rate, hans.mastery_percentage, hans.evolution) == (0.99, 99, None)
    assert [badge.title for badge in hans.badges] == ["b1"]
    assert hans.badges[0].image_url == "http://toto.svg"
    assert page.meta.row_count == 2


def test_one_participant() -> None:
    participant = Document.parse(load_fixture("orga-participant-assessment.response.json")).one(
        ParticipantAssessment
    )

    assert participant.full_name == "someFirstName someLastName"
    assert participant.campaign_id == "2"
    assert participant.created_at == datetime(2020, 1, 1, tzinfo=UTC)
    assert participant.shared_at == datetime(2020, 1, 2, tzinfo=UTC)
    assert participant.is_shared is True
    assert participant.organization_learner_id == "1"
    assert (participant.mastery_rate, participant.mastery_percentage) == (0.35, 35)
    assert (participant.progression, participant.progression_percentage) == (1, 100)
    assert participant.validated_skills_count == 1
    assert [badge.title for badge in participant.badges] == ["someTitle"]
    # Pix sends no status: worked out from is-shared
    assert participant.status is None and participant.participation_status == "SHARED"
    assert participant.tested_skills_count is None  # an extension Pix does not send
    assert participant.related("campaign-assessment-participation-result") == (
        "/api/campaigns/2/assessment-participations/1/results"
    )


@pytest.mark.parametrize(
    ("attributes", "status"),
    [
        ({"is-shared": False, "progression": 1}, "TO_SHARE"),
        ({"is-shared": False, "progression": 0.4}, "STARTED"),
        ({"is-shared": False, "progression": 1, "status": "STARTED"}, "STARTED"),
    ],
)
def test_participation_status_without_the_extension(
    attributes: dict[str, object], status: str
) -> None:
    participant = ParticipantAssessment.model_validate({"id": "1", **attributes})
    assert participant.participation_status == status


def test_results_per_competence() -> None:
    results = Document.parse(load_fixture("orga-participant-assessment-results.response.json")).one(
        ParticipantResults
    )

    assert results.campaign_id == "2"
    [competence] = results.competence_results
    assert competence.id == "1-competence1"
    assert competence.name == "Mener une recherche et une veille d'information"
    assert (competence.index, competence.competence_mastery_rate) == ("1.1", 1)
    assert (competence.mastery_percentage, competence.area_color) == (100, "jaffa")


def test_collective_results() -> None:
    result = Document.parse(load_fixture("orga-collective-results.response.json")).one(
        CollectiveResult
    )

    assert result.id == "123"
    first, second = result.competences
    assert (first.id, first.competence_id, first.competence_name) == (
        "123_rec1",
        "rec1",
        "Cuisson des legumes d’automne",
    )
    assert (first.average_validated_skills, first.targeted_skills_count) == (2, 3)
    assert first.average_rate == pytest.approx(2 / 3)
    assert first.validated_skills_percentage == 67
    assert (first.area_code, first.area_color) == ("1", "jaffa")
    assert (second.average_rate, second.validated_skills_percentage) == (0.25, 25)


def test_profiles_received() -> None:
    page = Document.parse(
        load_fixture("orga-profiles-collection-participations.response.json")
    ).page(ProfilesCollectionParticipation)

    [antoine] = page.items
    assert (antoine.id, antoine.full_name, antoine.participant_external_id) == (
        "1",
        "Antoine Boidelo",
        "abo",
    )
    assert antoine.shared_at == datetime(2020, 3, 2, tzinfo=UTC)
    assert (antoine.pix_score, antoine.shared_profile_count, antoine.evolution) == (
        1024,
        1,
        "increase",
    )
    assert (antoine.certifiable, antoine.certifiable_competences_count) == (True, 8)


def test_one_profile() -> None:
    profile = Document.parse(
        load_fixture("orga-profiles-collection-participant.response.json")
    ).one(CampaignProfile)

    assert (profile.id, profile.full_name, profile.campaign_id) == (
        "9",
        "someFirstName someLastName",
        "8",
    )
    assert (profile.external_id, profile.pix_score, profile.is_shared) == ("anExternalId", 12, True)
    # plain dates in this read model
    assert profile.created_at is not None and profile.created_at.date() == date(2020, 1, 1)
    assert (profile.competences_count, profile.certifiable_competences_count) == (1, 1)
    assert profile.is_certifiable is False
    [competence] = profile.competences
    assert (competence.name, competence.index, competence.pix_score) == ("competence1", "1.1.1", 12)
    assert (competence.estimated_level, competence.area_color) == (1, "blue")


def test_attempts_of_a_learner() -> None:
    attempts = Document.parse(
        {
            "data": [
                {
                    "type": "available-campaign-participations",
                    "id": "5",
                    "attributes": {"status": "SHARED", "shared-at": "2018-02-06T14:12:44.000Z"},
                }
            ]
        }
    ).many(ParticipationAttempt)
    assert attempts[0].status == "SHARED"
    assert attempts[0].shared_at == datetime(2018, 2, 6, 14, 12, 44, tzinfo=UTC)
    assert attempts[0].created_at is None and attempts[0].mastery_rate is None


def test_statistics_documents_old_and_new() -> None:
    older = Document.parse(
        {
            "data": {
                "type": "campaign-participations-counts-by-statuses",
                "id": "1",
                "attributes": {"started": 1, "completed": 2, "shared": 3},
            }
        }
    ).one(ParticipationsByStatus)
    newest = Document.parse(
        {"data": {"type": "x", "id": "1", "attributes": {"started": 1, "shared": 3}}}
    ).one(ParticipationsByStatus)
    assert (older.started, older.completed, older.shared) == (1, 2, 3)
    assert (newest.started, newest.completed, newest.shared) == (1, None, 3)

    by_day = Document.parse(
        {
            "data": {
                "type": "campaign-participations-counts-by-days",
                "id": "1",
                "attributes": {
                    "started-participations": [{"day": "2021-06-01", "count": 1}],
                    "shared-participations": [{"day": "2021-06-01", "count": "1"}],
                },
            }
        }
    ).one(ParticipationsByDay)
    assert by_day.started_participations[0].day == date(2021, 6, 1)
    assert by_day.shared_participations[0].count == 1  # Pix Orga's own tests send text

    distribution = Document.parse(
        {
            "data": {
                "type": "participations-count-by-mastery-rates",
                "id": "1",
                "attributes": {"result-distribution": [{"count": 1, "masteryRate": "0.50"}]},
            }
        }
    ).one(ResultDistribution)
    assert [(item.mastery_rate, item.count) for item in distribution.result_distribution] == [
        (0.5, 1)
    ]
