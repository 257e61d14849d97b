"""Models of Pix App's student flow: campaign to join, participation, assessment, challenge,
answer, correction, progression, feedback (CONTRACT §7.1–7.6, §7.13).

Results and profiles are in `app_results.py`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final

from pydantic import Field

from api_client.jsonapi import RequestModel, Resource
from api_client.proposals import Block, blocks_of, options_of

ASSESSMENT: Final = "ASSESSMENT"
PROFILES_COLLECTION: Final = "PROFILES_COLLECTION"

QCU: Final = "QCU"
QCM: Final = "QCM"
QROC: Final = "QROC"
QROCM_IND: Final = "QROCM-ind"
QROCM_DEP: Final = "QROCM-dep"
CHOICE_TYPES: Final = frozenset({QCU, QCM})
FREE_TEXT_TYPES: Final = frozenset({QROC, QROCM_IND, QROCM_DEP})

STARTED: Final = "started"
COMPLETED: Final = "completed"

CHECKPOINT_EVERY: Final = 5
"""The Pix App shows a checkpoint ("Réponses et tutoriels") every 5 answers (DOMAIN §5.5)."""

_ASSESSMENT_LINK = re.compile(r"/api/assessments/([^/?#]+)/?$")


class CampaignToJoin(Resource):
    """A campaign found by its code (type `campaigns`), what the landing page shows.

    `is_accessible` is False once the campaign is archived or deleted; `type` is
    ASSESSMENT or PROFILES_COLLECTION. Older servers sent `id-pix-label` instead of
    `external-id-label`: `external_id_prompt` reads either.
    """

    code: str | None = None
    title: str | None = None
    type: str | None = None
    external_id_label: str | None = None
    external_id_type: str | None = None
    external_id_help_image_url: str | None = None
    alternative_text_to_external_id_help_image: str | None = None
    custom_landing_page_text: str | None = None
    is_accessible: bool | None = None
    is_restricted: bool | None = None
    is_reconciliation_required: bool | None = None
    is_for_absolute_novice: bool | None = None
    is_simplified_access: bool | None = None
    identity_provider: str | None = None
    target_profile_name: str | None = None
    target_profile_image_url: str | None = None
    custom_result_page_text: str | None = None
    custom_result_page_button_text: str | None = None
    custom_result_page_button_url: str | None = None
    multiple_sendings: bool | None = None
    is_mobile_compliant: bool | None = None
    is_tablet_compliant: bool | None = None

    @property
    def is_assessment(self) -> bool:
        """Whether joining starts a test (rather than sending one's profile)."""
        return self.type == ASSESSMENT

    @property
    def is_profiles_collection(self) -> bool:
        """Whether joining only collects the learner's profile (no questions)."""
        return self.type == PROFILES_COLLECTION

    @property
    def external_id_prompt(self) -> str | None:
        """The label of the external id to ask before joining, None when none is asked."""
        label = self.external_id_label or (self.model_extra or {}).get("id-pix-label")
        return label if isinstance(label, str) and label else None


class CampaignParticipation(Resource):
    """The learner's participation in a campaign (type `campaign-participations`).

    `assessment_id` comes from the `assessment` link (`/api/assessments/{id}`); it is None
    for a profiles-collection campaign, which has no questions.
    """

    is_shared: bool | None = None
    participant_external_id: str | None = None
    status: str | None = None
    shared_at: datetime | None = None
    deleted_at: datetime | None = None
    created_at: datetime | None = None
    campaign: CampaignToJoin | None = None
    assessment: Resource | None = None

    @property
    def assessment_id(self) -> str | None:
        """The id of the participation's current assessment, if it has one."""
        if self.assessment is not None:
            return self.assessment.id
        link = self.related("assessment")
        match = _ASSESSMENT_LINK.search(link) if link else None
        return match.group(1) if match else None

    @property
    def campaign_id(self) -> str | None:
        """The id of the campaign joined."""
        return self.campaign.id if self.campaign is not None else None


class Challenge(Resource):
    """A question (type `challenges`, id `rec…`), as `GET /api/challenges/{id}` serves it.

    `proposals` is Markdown: `options` and `blocks` give it parsed (DOMAIN §1.4). `timer` is
    set (seconds) on timed challenges only; `focused` ones record leaving the screen. Null
    attributes are omitted by Pix, so every field may be None. A challenge that only came
    as a reference (not included) has just an `id`: see `is_loaded`.
    """

    type: str | None = None
    instruction: str | None = None
    alternative_instruction: str | None = None
    proposals: str | None = None
    timer: int | None = None
    format: str | None = None
    illustration_url: str | None = None
    illustration_alt: str | None = None
    attachments: list[str] = Field(default_factory=list)
    competence: str | None = None
    embed_url: str | None = None
    embed_title: str | None = None
    embed_height: int | None = None
    web_component_tag_name: str | None = None
    web_component_props: dict[str, Any] | None = None
    auto_reply: bool | None = None
    focused: bool | None = None
    shuffled: bool | None = None
    locales: list[str] = Field(default_factory=list)

    @property
    def is_loaded(self) -> bool:
        """Whether the attributes are here (False for a bare `{type, id}` reference)."""
        return self.type is not None

    @property
    def is_choice(self) -> bool:
        """QCU or QCM: the learner ticks options."""
        return self.type in CHOICE_TYPES

    @property
    def is_free_text(self) -> bool:
        """QROC or QROCM: the learner types into fields."""
        return self.type in FREE_TEXT_TYPES

    @property
    def is_timed(self) -> bool:
        """Whether a countdown runs (an answer after it ends is sent with a negative timeout)."""
        return self.timer is not None

    @property
    def options(self) -> list[str]:
        """QCU/QCM option texts in original order (position 0 is value "1"); else []."""
        return options_of(self.proposals) if self.is_choice else []

    @property
    def blocks(self) -> list[Block]:
        """QROC/QROCM text and input blocks in reading order; else []."""
        return blocks_of(self.proposals) if self.is_free_text else []


class Assessment(Resource):
    """A test being taken (type `assessments`) with the next question to ask.

    `next_challenge` is None when there is no further question (then complete the
    assessment). `client.app.assessment()` always returns it loaded, fetching it when the
    server gave only its id.
    """

    state: str | None = None
    title: str | None = None
    type: str | None = None
    method: str | None = None
    created_at: datetime | None = None
    code_campaign: str | None = None
    competence_id: str | None = None
    last_question_state: str | None = None
    has_checkpoints: bool | None = None
    show_levelup: bool | None = None
    show_challenge_stepper: bool | None = None
    show_global_progression: bool | None = None
    global_progression: float | None = None
    show_question_counter: bool | None = None
    ordered_challenge_ids_answered: list[str] = Field(default_factory=list)
    answers: list[Resource] = Field(default_factory=list)
    progression: Resource | None = None
    next_challenge: Challenge | None = None

    @property
    def is_completed(self) -> bool:
        """Whether the test is over (results can be shown)."""
        return self.state == COMPLETED

    @property
    def answered_count(self) -> int:
        """How many questions were answered so far."""
        return len(self.ordered_challenge_ids_answered) or len(self.answers)

    @property
    def next_challenge_id(self) -> str | None:
        """The id of the question to ask now, None when the test has no more."""
        return self.next_challenge.id if self.next_challenge is not None else None

    @property
    def answers_since_last_checkpoint(self) -> int:
        """How many answers the next checkpoint lists (the last 1 to 5; 0 before any)."""
        count = self.answered_count
        return count % CHECKPOINT_EVERY or (CHECKPOINT_EVERY if count else 0)

    @property
    def is_at_checkpoint(self) -> bool:
        """Whether the App shows a checkpoint now: a multiple of 5 answers, or the end."""
        if not self.has_checkpoints or self.answered_count == 0:
            return False
        return self.answered_count % CHECKPOINT_EVERY == 0 or self.next_challenge is None


class LevelUp(Resource):
    """A competence level reached thanks to an answer (type `levelups`)."""

    competence_name: str | None = None
    level: int | None = None


class Answer(Resource):
    """An answer as the server recorded and corrected it (type `answers`).

    `result` is ok, ko, aband (skipped), timedout, focusedOut, partially or unimplemented;
    the correction is loaded with `client.app.correction(answer.id)`.
    """

    value: str | None = None
    result: str | None = None
    result_details: Any = None
    timeout: int | None = None
    focused_out: bool | None = None
    assessment: Resource | None = None
    challenge: Resource | None = None
    levelup: LevelUp | None = None

    @property
    def challenge_id(self) -> str | None:
        """The question this answers."""
        return self.challenge.id if self.challenge is not None else None

    @property
    def assessment_id(self) -> str | None:
        """The test this answer belongs to."""
        return self.assessment.id if self.assessment is not None else None

    @property
    def correction_url(self) -> str | None:
        """Where the correction is (`/api/answers/{id}/correction`)."""
        return self.related("correction")

    @property
    def is_ok(self) -> bool:
        """Whether the answer was right."""
        return self.result == "ok"

    @property
    def is_skipped(self) -> bool:
        """Whether the learner passed ("Je passe")."""
        return self.result == "aband"


class TutorialEvaluation(Resource):
    """The learner's opinion of a tutorial (type `tutorial-evaluation`, status LIKED)."""

    status: str | None = None


class Tutorial(Resource):
    """A tutorial suggested with a correction (type `tutorials`).

    `duration` is "HH:MM:SS" (`duration_seconds` reads it); `format` is vidéo, page…
    """

    title: str | None = None
    format: str | None = None
    source: str | None = None
    link: str | None = None
    duration: str | None = None
    skill_id: str | None = None
    user_saved_tutorial: Resource | None = None
    tutorial_evaluation: TutorialEvaluation | None = None

    @property
    def duration_seconds(self) -> int | None:
        """The duration in seconds, None when absent or not "HH:MM:SS"."""
        if not self.duration:
            return None
        try:
            hours, minutes, seconds = (int(part) for part in self.duration.split(":"))
        except ValueError:
            return None
        return hours * 3600 + minutes * 60 + seconds

    @property
    def is_saved(self) -> bool:
        """Whether the learner saved it for later."""
        return self.user_saved_tutorial is not None

    @property
    def is_liked(self) -> bool:
        """Whether the learner marked it as useful."""
        evaluation = self.tutorial_evaluation
        return evaluation is not None and evaluation.status == "LIKED"


class Correction(Resource):
    """The correction of one answer (type `corrections`; `id` is the challenge id).

    `answers_evaluation` (QROCM-dep) tells per field whether it was right.
    """

    solution: str | None = None
    solution_to_display: str | None = None
    hint: str | None = None
    answers_evaluation: list[bool] = Field(default_factory=list)
    solutions_without_good_answers: list[str] = Field(default_factory=list)
    tutorials: list[Tutorial] = Field(default_factory=list)
    learning_more_tutorials: list[Tutorial] = Field(default_factory=list)

    @property
    def challenge_id(self) -> str:
        """The question corrected."""
        return self.id


class Progression(Resource):
    """How far the learner is in a test (type `progressions`, id `progression-{id}`)."""

    completion_rate: float | None = None

    @property
    def percentage(self) -> int:
        """The completion as a whole percentage (0–100)."""
        return round((self.completion_rate or 0.0) * 100)


class Feedback(Resource):
    """A problem reported on a question ("Signaler un problème", type `feedbacks`)."""

    content: str | None = None
    category: str | None = None
    answer: str | None = None
    created_at: datetime | None = None
    assessment: Resource | None = None
    challenge: Resource | None = None


# -- requests ------------------------------------------------------------------------------


class CampaignParticipationCreate(RequestModel):
    """Attributes of `POST /api/campaign-participations` (joining, retrying, resetting)."""

    participant_external_id: str | None = None
    is_retry: bool = False
    is_reset: bool = False


class AnswerCreate(RequestModel):
    """Attributes of `POST /api/answers`; `result` and `result-details` are computed by the
    server but the Pix App sends them as null, and so do we."""

    value: str
    result: None = None
    result_details: None = None
    timeout: int | None = None
    focused_out: bool = False


class FeedbackCreate(RequestModel):
    """Attributes of `POST /api/feedbacks`."""

    content: str
    category: str | None = None
    answer: str | None = None


class LastChallengeStateUpdate(RequestModel):
    """Attributes of `PATCH /api/assessments/{id}/last-challenge-state/{state}`."""

    challenge_id: str
