"""Every real Pix payload of the student flow (Pix App), read — and written — by the client.

The fixtures come from the Pix test-suite (fixtures/README.md). Requests are built by the very
code `client.app` sends them with, then compared with what the Pix App sends.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from api_client import (
    Answer,
    Assessment,
    AssessmentResult,
    CampaignParticipation,
    CampaignToJoin,
    Challenge,
    Correction,
    Feedback,
    PreconditionFailedError,
    Progression,
    SharedProfile,
    UserProfile,
)
from api_client.errors import error_from_response
from api_client.jsonapi import Document
from api_client.proposals import InputBlock, TextBlock
from api_client.resources.app import (
    answer_request,
    feedback_request,
    normalize_campaign_code,
    participation_request,
)

from .support import load_fixture


def parse(name: str) -> Document:
    return Document.parse(load_fixture(name))


def test_campaign_by_code() -> None:
    campaign = parse("app-campaign-by-code.response.json").one(CampaignToJoin)
    assert campaign.id == "101"
    assert campaign.code == "ATDGRK343"
    assert campaign.title == "Parcours numérique"
    assert campaign.type == "ASSESSMENT"
    assert campaign.is_assessment and not campaign.is_profiles_collection
    assert campaign.is_accessible is True
    assert campaign.external_id_label == "Hello"
    assert campaign.external_id_prompt == "Hello"
    assert campaign.external_id_type == "STRING"
    assert campaign.custom_landing_page_text == "Bienvenue dans ce parcours"
    assert campaign.multiple_sendings is False
    assert campaign.target_profile_name == "Profil cible collège"
    assert campaign.is_restricted is False
    assert campaign.is_reconciliation_required is False
    assert campaign.is_mobile_compliant is True
    assert campaign.custom_result_page_text is None


def test_older_servers_external_id_label_is_read_too() -> None:
    body = load_fixture("app-campaign-by-code.response.json")
    attributes = body["data"]["attributes"]
    del attributes["external-id-label"]
    attributes["id-pix-label"] = "Numéro d'élève"
    campaign = Document.parse(body).one(CampaignToJoin)
    assert campaign.external_id_prompt == "Numéro d'élève"


def test_campaign_participation_created() -> None:
    participation = parse("app-campaign-participation-create.response.json").one(
        CampaignParticipation
    )
    assert participation.id == "5"
    assert participation.is_shared is False
    assert participation.participant_external_id == "mail pro"
    assert participation.shared_at is None
    assert participation.deleted_at is None
    assert participation.created_at == datetime(2018, 2, 5, 14, 12, 44, tzinfo=UTC)
    assert participation.campaign is not None
    assert (participation.campaign.code, participation.campaign.title) == ("LJA123", "Désobéir")
    assert participation.campaign_id == "1"
    # The assessment comes as a link only: its id is read from the URL.
    assert participation.assessment_id == "4"
    assert participation.related("trainings") == "/api/campaign-participations/5/trainings"


def test_profiles_collection_participation_has_no_assessment() -> None:
    body = load_fixture("app-campaign-participation-create.response.json")
    del body["data"]["relationships"]["assessment"]
    participation = Document.parse(body).one(CampaignParticipation)
    assert participation.assessment_id is None


def test_assessment_with_next_challenge_reference() -> None:
    assessment = parse("app-assessment-with-next-challenge.response.json").one(Assessment)
    assert assessment.id == "1"
    assert assessment.state == "started"
    assert not assessment.is_completed
    assert assessment.title == "Parcours numérique"
    assert assessment.code_campaign == "ATDGRK343"
    assert assessment.type == "CAMPAIGN"
    assert assessment.method == "SMART_RANDOM"
    assert assessment.has_checkpoints is True
    assert assessment.last_question_state == "asked"
    assert assessment.ordered_challenge_ids_answered == ["recFirstChallenge"]
    assert assessment.answered_count == 1
    assert [a.id for a in assessment.answers] == ["9001"]
    assert assessment.progression is not None
    assert assessment.progression.id == "progression-1"
    assert assessment.related("campaign") == "/api/campaigns?filter[code]=ATDGRK343"
    # Not included: only the id is known, the client must load it.
    assert assessment.next_challenge is not None
    assert assessment.next_challenge_id == "recThirdChallenge"
    assert not assessment.next_challenge.is_loaded
    assert not assessment.is_at_checkpoint
    assert assessment.answers_since_last_checkpoint == 1


def test_assessment_with_included_next_challenge_is_loaded() -> None:
    body = load_fixture("app-assessment-with-next-challenge.response.json")
    challenge = load_fixture("app-challenge-qcm.response.json")["data"]
    body["data"]["relationships"]["next-challenge"]["data"]["id"] = challenge["id"]
    body["included"] = [challenge]
    assessment = Document.parse(body).one(Assessment)
    assert assessment.next_challenge is not None
    assert assessment.next_challenge.is_loaded
    assert assessment.next_challenge.type == "QCM"


def test_finished_assessment_has_no_next_challenge() -> None:
    body = load_fixture("app-assessment-with-next-challenge.response.json")
    body["data"]["relationships"]["next-challenge"] = {"data": None}
    body["data"]["attributes"]["ordered-challenge-ids-answered"] = ["a", "b", "c"]
    assessment = Document.parse(body).one(Assessment)
    assert assessment.next_challenge is None
    assert assessment.next_challenge_id is None
    # The end of the test is a checkpoint too, listing the last answers since the previous.
    assert assessment.is_at_checkpoint
    assert assessment.answers_since_last_checkpoint == 3


@pytest.mark.parametrize(
    ("answered", "at_checkpoint", "since"), [(4, False, 4), (5, True, 5), (6, False, 1)]
)
def test_checkpoint_every_five_answers(answered: int, at_checkpoint: bool, since: int) -> None:
    body = load_fixture("app-assessment-with-next-challenge.response.json")
    body["data"]["attributes"]["ordered-challenge-ids-answered"] = [
        f"rec{n}" for n in range(answered)
    ]
    assessment = Document.parse(body).one(Assessment)
    assert assessment.is_at_checkpoint is at_checkpoint
    assert assessment.answers_since_last_checkpoint == since


def test_challenge_qcm_options_are_parsed() -> None:
    challenge = parse("app-challenge-qcm.response.json").one(Challenge)
    assert challenge.id == "challenge_id"
    assert challenge.type == "QCM"
    assert challenge.is_choice and not challenge.is_free_text
    assert challenge.instruction == "Que peut-on dire des œufs de catégorie A ?"
    assert challenge.options == [
        "Ils sont bio.",
        "Ils pèsent plus de 63 grammes.",
        "Ce sont des oeufs frais.",
        "Ils sont destinés aux consommateurs.",
        "Ils ne sont pas lavés.",
    ]
    assert challenge.blocks == []
    assert challenge.timer == 300
    assert challenge.is_timed
    assert challenge.format == "mots"
    assert challenge.illustration_url == "http://illustration.url"
    assert challenge.competence == "competence_id"
    assert len(challenge.attachments) == 3
    assert challenge.attachments[0] == "http://challenge.attachement.url.docx"
    assert challenge.embed_url == "https://github.io/page/epreuve.html"
    assert challenge.embed_title == "Epreuve de selection de dossier"
    assert challenge.embed_height == 500
    assert challenge.web_component_tag_name == "web-component"
    assert challenge.web_component_props == {"prop1": "value 1", "prop2": "value 2"}
    assert challenge.shuffled is False
    assert challenge.locales == ["fr", "en"]
    assert challenge.focused is None  # omitted by Pix when not set


def test_qrocm_challenge_blocks() -> None:
    body = load_fixture("app-challenge-qcm.response.json")
    body["data"]["attributes"].update(
        {"type": "QROCM-ind", "proposals": "Nom : ${nom#Dupont}\nPrénom : ${prenom}"}
    )
    challenge = Document.parse(body).one(Challenge)
    assert challenge.options == []
    assert challenge.blocks == [
        TextBlock("Nom : "),
        InputBlock("nom", placeholder="Dupont"),
        TextBlock("\nPrénom : "),
        InputBlock("prenom"),
    ]


def test_answer_created() -> None:
    answer = parse("app-answer-create.response.json").one(Answer)
    assert answer.id == "1232345"
    assert answer.value == "1"
    assert answer.result == "aband"
    assert answer.is_skipped and not answer.is_ok
    assert answer.result_details is None
    assert answer.timeout == 8
    assert answer.assessment_id == "12345"
    assert answer.challenge_id == "2134356"
    assert answer.correction_url == "/api/answers/1232345/correction"
    assert answer.levelup is None


def test_answer_correction_with_tutorials() -> None:
    correction = parse("app-answer-correction.response.json").one(Correction)
    assert correction.challenge_id == "q_first_challenge"
    assert correction.solution == "fromage"
    assert correction.solution_to_display == "camembert"
    assert correction.hint == "Animaux ?"
    assert correction.answers_evaluation == []
    assert correction.solutions_without_good_answers == []
    assert correction.learning_more_tutorials == []
    [tutorial] = correction.tutorials
    assert tutorial.id == "french-tutorial-id"
    assert tutorial.title == "Communiquer"
    assert tutorial.format == "vidéo"
    assert tutorial.source == "Source Example, Example"
    assert tutorial.link == "http://www.example.com/this-is-an-example.html"
    assert tutorial.duration == "00:03:31"
    assert tutorial.duration_seconds == 211
    assert tutorial.skill_id == "q_first_acquis"
    assert tutorial.is_saved
    assert tutorial.is_liked
    assert tutorial.tutorial_evaluation is not None
    assert tutorial.tutorial_evaluation.status == "LIKED"


def test_progression() -> None:
    progression = parse("app-progression.response.json").one(Progression)
    assert progression.id == "progression-1"
    assert progression.completion_rate == 0.25
    assert progression.percentage == 25


def test_campaign_participation_result_with_competences() -> None:
    result = parse("app-campaign-participation-result.response.json").one(AssessmentResult)
    assert result.participation_id == "5"
    assert result.mastery_rate == 0.38
    assert result.mastery_percentage == 38
    assert (result.total_skills_count, result.tested_skills_count) == (8, 5)
    assert result.validated_skills_count == 3
    assert result.is_completed is True
    assert result.is_shared is True
    assert result.can_retry is False
    assert result.can_reset is False
    assert result.is_disabled is False
    assert result.participant_external_id == "Die Hard"
    assert result.remaining_seconds_before_retrying == 259200
    assert not result.can_retry_now
    assert result.shared_at == datetime(2018, 5, 6, tzinfo=UTC)

    names = [(c.index, c.name, c.mastery_percentage) for c in result.competence_results]
    assert names == [
        ("1.2", "Agir collectivement", 0),
        ("2.1", "Nécessité de la pensée radicale", 67),
        ("2.2", "Changer efficacement le monde", 25),
    ]
    second = result.competence_results[1]
    assert (second.area_color, second.area_title) == ("emerald", "DomaineNom2")
    assert (second.validated_skills_count, second.tested_skills_count) == (2, 2)
    assert second.total_skills_count == 3
    assert second.reached_stage == 2
    assert second.description == "Sauver le monde"

    assert [(b.key, b.is_acquired, b.acquisition_percentage) for b in result.badges] == [
        ("PIX_BADGE_1", True, 100),
        ("PIX_BADGE_2", False, 42),
    ]
    assert result.badges[0].title == "Badge 1"
    assert result.badges[0].image_url == "/img/banana.svg"
    stage = result.reached_stage
    assert stage is not None
    assert (stage.title, stage.reached_stage, stage.total_stage) == ("palier 1", 1, 2)
    assert stage.message == "Tu as le palier 1"
    assert stage.threshold == 20


def test_shared_profile_for_campaign() -> None:
    profile = parse("app-shared-profile-for-campaign.response.json").one(SharedProfile)
    assert profile.participation_id == "7"
    assert profile.pix_score == 2
    assert profile.can_retry is False
    assert profile.shared_at == datetime(2019, 1, 2, tzinfo=UTC)
    assert (profile.max_reachable_level, profile.max_reachable_pix_score) == (7, 896)
    [card] = profile.scorecards
    assert card.id == "100_recAbe382T0e1337"
    assert card.competence_id == "recAbe382T0e1337"
    assert card.index == "1.1"
    assert card.name == "Mener une recherche et une veille d’information"
    assert (card.level, card.earned_pix, card.status) == (0, 2, "STARTED")
    assert card.pix_score_ahead_of_next_level == 2
    assert card.area is not None
    assert (card.area.code, card.area.title, card.area.color) == (
        "1",
        "Information et données",
        "jaffa",
    )


def test_user_profile() -> None:
    profile = parse("app-user-profile.response.json").one(UserProfile)
    assert profile.id == "100"
    assert profile.pix_score == 2
    assert (profile.max_reachable_level, profile.max_reachable_pix_score) == (7, 896)
    [card] = profile.scorecards
    assert card.competence_id == "recCompetence"
    assert (card.level, card.earned_pix, card.status) == (0, 2, "STARTED")
    assert card.percentage_ahead_of_next_level == 25
    assert card.remaining_pix_to_next_level == 6
    assert card.is_started is True and card.is_finished is False
    assert card.is_resettable is True and card.is_improvable is False
    assert card.area is not None and card.area.title == "Information et données"


def test_feedback_created() -> None:
    feedback = parse("app-feedback-create.response.json").one(Feedback)
    assert feedback.id == "feedback_id"
    assert feedback.content == "Lorem ipsum dolor sit amet consectetur adipiscet."
    assert feedback.category == "category name"
    assert feedback.answer == "user answer"
    assert feedback.created_at == datetime(2017, 9, 1, 12, 14, 33, tzinfo=UTC)
    assert feedback.assessment is not None and feedback.assessment.id == "assessment_id"
    assert feedback.challenge is not None and feedback.challenge.id == "challenge_id"


def test_already_participated_412() -> None:
    error = error_from_response(412, load_fixture("error-412-already-participated.response.json"))
    assert type(error) is PreconditionFailedError
    assert error.detail == "User 123 has already a campaign participation with campaign 101"


# -- requests, built by the functions `client.app` sends them with --------------------------


def test_join_request_matches_the_pix_app() -> None:
    body = participation_request(101, participant_external_id="iuqezfh13736")
    assert body == load_fixture("app-campaign-participation-create.request.json")


def test_retry_and_reset_send_their_flag_only_when_asked() -> None:
    retry = participation_request("101", is_retry=True)
    assert retry["data"]["attributes"] == {"participant-external-id": None, "is-retry": True}
    reset = participation_request("101", is_reset=True)
    assert reset["data"]["attributes"] == {"participant-external-id": None, "is-reset": True}


def test_answer_request_matches_the_pix_app() -> None:
    body = answer_request("1", "a_challenge_id", "correct")
    assert body == load_fixture("app-answer-create.request.json")


def test_timed_out_answer_request() -> None:
    body = answer_request(7, "recX", "", timeout=-1, focused_out=True)
    attributes = body["data"]["attributes"]
    assert (attributes["value"], attributes["timeout"], attributes["focused-out"]) == ("", -1, True)
    assert body["data"]["relationships"]["assessment"]["data"] == {"type": "assessments", "id": "7"}


def test_feedback_request_matches_the_pix_app() -> None:
    body = feedback_request(
        1, "challenge_id", "Dummy content", "Dummy answer", category="Dummy category"
    )
    assert body == load_fixture("app-feedback-create.request.json")


@pytest.mark.parametrize(
    ("typed", "sent"), [("rentre123", "RENTRE123"), (" atd grk\t343 ", "ATDGRK343")]
)
def test_campaign_code_is_normalised(typed: str, sent: str) -> None:
    assert normalize_campaign_code(typed) == sent
