"""`client.app`: Pix App's student flow — join a campaign, answer, see results, share.

    campaign = await client.app.campaign_by_code("rentre 123")
    participation = await client.app.join(campaign.id)
    assessment = await client.app.assessment(participation.assessment_id)
    while assessment.next_challenge is not None:
        ...  # show it, then send_answer(...) (api_client.answer_sender: never loses one)
        assessment = await client.app.assessment(assessment.id)
    await client.app.complete(assessment.id)

Two in-memory caches save round trips: challenges never change, so each is fetched once;
an assessment is re-asked with `If-None-Match`, and a 304 returns the copy kept.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Final, Literal

from api_client._core import ApiCore, decode_json
from api_client.errors import NotFoundError, UnexpectedResponseError
from api_client.jsonapi import Document, ResourceRef, encode_document
from api_client.models.app import (
    Answer,
    AnswerCreate,
    Assessment,
    CampaignParticipation,
    CampaignParticipationCreate,
    CampaignToJoin,
    Challenge,
    Correction,
    Feedback,
    FeedbackCreate,
    LastChallengeStateUpdate,
    Progression,
)
from api_client.models.app_results import AssessmentResult, SharedProfile, UserProfile
from api_client.resources._base import SpaceResource
from api_client.spaces import Space

LastChallengeState = Literal["asked", "timeout", "focusedout"]

ASSESSMENT_CACHE_SIZE: Final = 16
"""Assessments kept for `If-None-Match`: a learner takes one test at a time."""


@dataclass(frozen=True, slots=True)
class _Tagged:
    etag: str
    assessment: Assessment


def normalize_campaign_code(code: str) -> str:
    """A campaign code as Pix stores it: upper case, without the spaces people type."""
    return "".join(code.split()).upper()


class AppResource(SpaceResource):
    """Routes of the App space used by a learner taking campaigns."""

    space = Space.APP

    def __init__(self, core: ApiCore) -> None:
        super().__init__(core)
        self._challenges: dict[str, Challenge] = {}
        self._assessments: OrderedDict[tuple[int, str], _Tagged] = OrderedDict()

    # -- joining ---------------------------------------------------------------------------

    async def campaign_by_code(self, code: str) -> CampaignToJoin:
        """`GET /api/campaigns?filter[code]=`: the campaign a code opens.

        The code is upper-cased and its spaces removed first. An unknown code raises
        `NotFoundError`; an archived or deleted campaign comes back with
        `is_accessible=False`.
        """
        document = await self._get(
            "/api/campaigns",
            params={"filter[code]": normalize_campaign_code(code)},
            authenticated=False,
        )
        return document.one(CampaignToJoin)

    async def join(
        self,
        campaign_id: str | int,
        *,
        participant_external_id: str | None = None,
        is_retry: bool = False,
        is_reset: bool = False,
        idempotency_key: str | None = None,
    ) -> CampaignParticipation:
        """`POST /api/campaign-participations`: start (or retry, or reset) a campaign.

        `participant_external_id` answers the campaign's `external_id_prompt`.
        `PreconditionFailedError` (412) when the learner already participated (and the
        campaign has no multiple sendings) or the campaign is archived; with an
        `idempotency_key` the request is retried safely on network failures.
        """
        body = participation_request(
            campaign_id,
            participant_external_id=participant_external_id,
            is_retry=is_retry,
            is_reset=is_reset,
        )
        document = await self._post(
            "/api/campaign-participations", body, idempotency_key=idempotency_key
        )
        return _required(document, "POST /api/campaign-participations").one(CampaignParticipation)

    async def current_participation(self, campaign_id: str | int) -> CampaignParticipation | None:
        """The learner's latest participation in a campaign, None if they never joined it.

        `GET /api/users/{me}/campaigns/{campaignId}/campaign-participations`.
        """
        path = f"/api/users/{self._user_id}/campaigns/{campaign_id}/campaign-participations"
        try:
            document = await self._get(path)
        except NotFoundError:
            return None
        return document.optional(CampaignParticipation)

    # -- taking the test -------------------------------------------------------------------

    async def assessment(self, assessment_id: str | int) -> Assessment:
        """`GET /api/assessments/{id}`: the test and the question to ask now.

        The server picks (and records) the next question on this call. `next_challenge` is
        returned loaded (from `included`, the cache, or `GET /api/challenges/{id}`), or None
        when the test has no more questions. The request carries `If-None-Match` when a copy
        is kept: an unchanged assessment (304) is not downloaded again.
        """
        path = f"/api/assessments/{assessment_id}"
        cache_key = (self._user_id, path)
        cached = self._assessments.get(cache_key)
        headers = {"If-None-Match": cached.etag} if cached is not None else None
        response = await self._core.send("GET", path, space=self.space, headers=headers)
        if response.status_code == 304 and cached is not None:
            self._assessments.move_to_end(cache_key)
            return cached.assessment
        document = Document.parse(_required_body(decode_json(response), f"GET {path}"))
        assessment = document.one(Assessment)
        upcoming = assessment.next_challenge
        if upcoming is not None:
            if upcoming.is_loaded:
                self._challenges[upcoming.id] = upcoming
            else:
                loaded = await self.challenge(upcoming.id)
                assessment = assessment.model_copy(update={"next_challenge": loaded})
        etag = response.headers.get("ETag")
        if etag:
            self._assessments[cache_key] = _Tagged(etag, assessment)
            self._assessments.move_to_end(cache_key)
            while len(self._assessments) > ASSESSMENT_CACHE_SIZE:
                self._assessments.popitem(last=False)
        else:
            self._assessments.pop(cache_key, None)
        return assessment

    async def challenge(self, challenge_id: str) -> Challenge:
        """`GET /api/challenges/{id}`: one question (kept in memory: challenges never change)."""
        cached = self._challenges.get(challenge_id)
        if cached is not None:
            return cached
        document = await self._get(f"/api/challenges/{challenge_id}", authenticated=False)
        challenge = document.one(Challenge)
        self._challenges[challenge_id] = challenge
        return challenge

    async def answer(
        self,
        assessment_id: str | int,
        challenge_id: str,
        value: str,
        *,
        timeout: int | None = None,
        focused_out: bool = False,
        idempotency_key: str,
        max_retries: int | None = None,
    ) -> Answer:
        """`POST /api/answers`: send one answer, corrected by the server.

        `value` is built with `api_client.proposals` (`SKIP_VALUE` to pass); `timeout` is
        negative when the timer ran out. The `idempotency_key` makes a repeat safe: the
        server returns the answer it already stored. Prefer `answer_sender.send_answer`,
        which journals the answer on disk first. `ConflictError` (409) when the question
        was already answered or not asked; `max_retries` overrides the client's retries.
        """
        body = answer_request(
            assessment_id, challenge_id, value, timeout=timeout, focused_out=focused_out
        )
        document = await self._core.send_document(
            "POST",
            "/api/answers",
            space=self.space,
            json=body,
            idempotency_key=idempotency_key,
            max_retries=max_retries,
        )
        return _required(document, "POST /api/answers").one(Answer)

    async def answers(self, assessment_id: str | int) -> list[Answer]:
        """`GET /api/answers?assessmentId=`: the answers of a test, in answering order."""
        document = await self._get("/api/answers", params={"assessmentId": str(assessment_id)})
        return document.many(Answer)

    async def answer_for(self, assessment_id: str | int, challenge_id: str) -> Answer | None:
        """The answer given to one question of a test, None if it was not answered."""
        document = await self._get(
            "/api/answers",
            params={"assessmentId": str(assessment_id), "challengeId": challenge_id},
        )
        return document.optional(Answer)

    async def correction(self, answer_id: str | int) -> Correction:
        """`GET /api/answers/{id}/correction`: solution, hint and tutorials of an answer."""
        document = await self._get(f"/api/answers/{answer_id}/correction")
        return document.one(Correction)

    async def progression(self, assessment_id: str | int) -> Progression:
        """`GET /api/progressions/progression-{id}`: how far the learner is in the test."""
        document = await self._get(f"/api/progressions/progression-{assessment_id}")
        return document.one(Progression)

    async def set_last_challenge_state(
        self, assessment_id: str | int, state: LastChallengeState, challenge_id: str
    ) -> None:
        """Tell the server a timed/focused question was shown ("asked"), ran out
        ("timeout") or was left ("focusedout")."""
        body = encode_document(attributes=LastChallengeStateUpdate(challenge_id=challenge_id))
        await self._patch(f"/api/assessments/{assessment_id}/last-challenge-state/{state}", body)

    async def complete(self, assessment_id: str | int) -> None:
        """`PATCH /api/assessments/{id}/complete-assessment`: end the test (no next question)."""
        await self._patch(f"/api/assessments/{assessment_id}/complete-assessment")
        self._forget_assessment(assessment_id)

    async def report_problem(
        self,
        assessment_id: str | int,
        challenge_id: str,
        content: str,
        answer: str | None = None,
        *,
        category: str | None = None,
    ) -> Feedback:
        """`POST /api/feedbacks`: "Signaler un problème" on a question."""
        body = feedback_request(assessment_id, challenge_id, content, answer, category=category)
        document = await self._post("/api/feedbacks", body)
        return _required(document, "POST /api/feedbacks").one(Feedback)

    # -- results ---------------------------------------------------------------------------

    async def assessment_result(self, campaign_id: str | int) -> AssessmentResult:
        """`GET /api/users/{me}/campaigns/{campaignId}/assessment-result`: results page."""
        document = await self._get(
            f"/api/users/{self._user_id}/campaigns/{campaign_id}/assessment-result"
        )
        return document.one(AssessmentResult)

    async def share(self, participation_id: str | int) -> None:
        """`PATCH /api/campaign-participations/{id}`: "J'envoie mes résultats" / "mon profil".

        `ConflictError` (409) while the test is not completed, `PreconditionFailedError`
        (412) when already shared.
        """
        await self._patch(f"/api/campaign-participations/{participation_id}")

    async def begin_improvement(self, participation_id: str | int) -> None:
        """`PATCH /api/campaign-participations/{id}/begin-improvement`: continue the test to
        improve one's results before sharing them (then reload the participation)."""
        await self._patch(f"/api/campaign-participations/{participation_id}/begin-improvement")

    async def profile_for_campaign(self, campaign_id: str | int) -> SharedProfile:
        """`GET /api/users/{me}/campaigns/{campaignId}/profile`: the profile a
        profiles-collection campaign collects."""
        document = await self._get(f"/api/users/{self._user_id}/campaigns/{campaign_id}/profile")
        return document.one(SharedProfile)

    async def user_profile(self) -> UserProfile:
        """`GET /api/users/{me}/profile`: the learner's Pix score and competence levels."""
        document = await self._get(f"/api/users/{self._user_id}/profile")
        return document.one(UserProfile)

    def _forget_assessment(self, assessment_id: str | int) -> None:
        path = f"/api/assessments/{assessment_id}"
        for key in [key for key in self._assessments if key[1] == path]:
            del self._assessments[key]


def participation_request(
    campaign_id: str | int,
    *,
    participant_external_id: str | None = None,
    is_retry: bool = False,
    is_reset: bool = False,
) -> dict[str, Any]:
    """The body of `POST /api/campaign-participations`, as the Pix App writes it."""
    attributes = CampaignParticipationCreate(participant_external_id=participant_external_id)
    # Only the flags asked are sent, as the Pix App does (the server defaults them).
    if is_retry:
        attributes.is_retry = True
    if is_reset:
        attributes.is_reset = True
    return encode_document(
        type_="campaign-participations",
        attributes=attributes,
        relationships={"campaign": ResourceRef("campaigns", str(campaign_id))},
        partial=True,
    )


def answer_request(
    assessment_id: str | int,
    challenge_id: str,
    value: str,
    *,
    timeout: int | None = None,
    focused_out: bool = False,
) -> dict[str, Any]:
    """The body of `POST /api/answers`, as the Pix App writes it."""
    return encode_document(
        type_="answers",
        attributes=AnswerCreate(value=value, timeout=timeout, focused_out=focused_out),
        relationships={
            "assessment": ResourceRef("assessments", str(assessment_id)),
            "challenge": ResourceRef("challenges", challenge_id),
        },
    )


def feedback_request(
    assessment_id: str | int,
    challenge_id: str,
    content: str,
    answer: str | None = None,
    *,
    category: str | None = None,
) -> dict[str, Any]:
    """The body of `POST /api/feedbacks`, as the Pix App writes it."""
    # The Pix App sends the assessment id as a number.
    assessment_ref = int(assessment_id) if str(assessment_id).isdigit() else assessment_id
    return encode_document(
        type_="feedbacks",
        attributes=FeedbackCreate(content=content, category=category, answer=answer),
        relationships={
            "assessment": ResourceRef("assessments", assessment_ref),
            "challenge": ResourceRef("challenges", challenge_id),
        },
    )


def _required(document: Document | None, what: str) -> Document:
    if document is None:
        raise UnexpectedResponseError(f"{what} answered an empty body")
    return document


def _required_body(body: object, what: str) -> object:
    if body is None:
        raise UnexpectedResponseError(f"{what} answered an empty body")
    return body
