"""The student's way through a campaign: where a code, an answer or a click leads next.

Plain async functions on the client, no widgets: each returns the next `Step` (or raises
`CampaignRefused` with the French sentence to show), and the screens only show steps. The
rules are Pix App's (DOMAIN §5): a code opens the landing page the first time, the current
question when a test is under way (the server re-serves the same one), the results once it
is finished; a checkpoint every five answers; the results after the last one.

Answers go through `api_client.answer_sender.send_answer`, journalled on disk first and
retried until they arrive: one round trip for the answer, one for the next question (the
assessment carries it).
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from api_client import retry
from api_client.answer_sender import SEND_BACKOFF, OnRetry, send_answer
from api_client.errors import (
    NetworkError,
    NotFoundError,
    PixError,
    RateLimitError,
    ServerError,
)
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client import (
        AnswerJournal,
        Assessment,
        AssessmentResult,
        CampaignParticipation,
        CampaignToJoin,
        Challenge,
        PixClient,
        SharedProfile,
        UserProfile,
    )
    from api_client.models.app import Answer, Correction, Tutorial
    from tui.screens.app.local_state import LocalState

UNKNOWN_CODE = "Votre code est erroné, veuillez vérifier ou contacter l'organisateur."
ARCHIVED = "Ce parcours a été archivé par son organisateur : il n'est plus possible d'y participer."
ALREADY_SHARED = (
    "Vous avez déjà envoyé vos résultats pour ce parcours. Il ne peut être passé qu'une fois."
)
PROFILE_ALREADY_SHARED = (
    "Vous avez déjà envoyé votre profil pour ce parcours. Il ne peut être envoyé qu'une fois."
)
EXTERNAL_ID_MISSING = "Veuillez saisir votre {label}."
PROFILES_COLLECTION_TITLE = "Envoi de votre profil Pix"

T = TypeVar("T")


class CampaignRefused(Exception):
    """The campaign cannot be taken (now); `message` is the French sentence to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- where the student is --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CampaignRun:
    """A campaign being taken: the campaign, the participation, the current assessment."""

    campaign: CampaignToJoin
    participation: CampaignParticipation
    assessment: Assessment | None = None

    @property
    def title(self) -> str:
        """What the student reads as the name of the test (Pix: the campaign title)."""
        campaign = self.campaign
        if campaign.title:
            return campaign.title
        if campaign.is_profiles_collection:
            return PROFILES_COLLECTION_TITLE
        return campaign.target_profile_name or campaign.code or "Parcours"

    @property
    def campaign_id(self) -> str:
        return self.campaign.id

    def with_assessment(self, assessment: Assessment) -> CampaignRun:
        return dataclasses.replace(self, assessment=assessment)

    def require_assessment(self) -> Assessment:
        if self.assessment is None:
            raise RuntimeError("this step needs an assessment")
        return self.assessment


@dataclass(frozen=True, slots=True)
class Landing:
    """The campaign's landing page: title, organiser's text, "C'est parti !"."""

    campaign: CampaignToJoin


@dataclass(frozen=True, slots=True)
class Question:
    """A question to answer: `run.assessment.next_challenge`."""

    run: CampaignRun

    @property
    def challenge(self) -> Challenge:
        challenge = self.run.require_assessment().next_challenge
        if challenge is None:
            raise RuntimeError("a Question step needs a next challenge")
        return challenge


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The last answers with ✓/✗ and their corrections; `final` after the last question."""

    run: CampaignRun
    final: bool = False


@dataclass(frozen=True, slots=True)
class Results:
    """The results page: "Vous maîtrisez NN % des compétences testées", share, retry."""

    run: CampaignRun


@dataclass(frozen=True, slots=True)
class SendProfile:
    """Profiles collection: the profile the student sends ("J'envoie mon profil")."""

    run: CampaignRun


Step = Landing | Question | Checkpoint | Results | SendProfile


# -- the steps -------------------------------------------------------------------------------


async def open_campaign(client: PixClient, code: str) -> Step:
    """Where a typed code leads: the landing page, the test under way, or the results."""
    try:
        campaign = await client.app.campaign_by_code(code)
    except NotFoundError:
        raise CampaignRefused(UNKNOWN_CODE) from None
    if campaign.is_accessible is False:
        raise CampaignRefused(ARCHIVED)
    participation = await client.app.current_participation(campaign.id)
    if participation is None:
        return Landing(campaign)
    return await step_for_participation(client, campaign, participation)


async def join(
    client: PixClient,
    campaign: CampaignToJoin,
    *,
    external_id: str | None = None,
    is_retry: bool = False,
) -> Step:
    """Join the campaign ("C'est parti !", or "Je retente") and go to its first step."""
    participation = await client.app.join(
        campaign.id,
        participant_external_id=external_id,
        is_retry=is_retry,
        idempotency_key=retry_key(),
    )
    return await step_for_participation(client, campaign, participation)


async def step_for_participation(
    client: PixClient, campaign: CampaignToJoin, participation: CampaignParticipation
) -> Step:
    """Where an existing participation stands: question, checkpoint, results, profile."""
    run = CampaignRun(campaign, participation)
    if participation.is_shared and not campaign.multiple_sendings:
        raise CampaignRefused(
            PROFILE_ALREADY_SHARED if campaign.is_profiles_collection else ALREADY_SHARED
        )
    if campaign.is_profiles_collection:
        return SendProfile(run)
    if participation.is_shared:
        return Results(run)
    assessment_id = participation.assessment_id
    if assessment_id is None:
        # An assessment campaign always has one; a server without it cannot be followed.
        raise CampaignRefused("Ce parcours ne peut pas être repris : il n'a pas de test.")
    assessment = await client.app.assessment(assessment_id)
    return await step_after(client, run.with_assessment(assessment), just_answered=False)


async def step_after(client: PixClient, run: CampaignRun, *, just_answered: bool) -> Step:
    """The step that follows the assessment as it now is.

    No next question: the test is completed (Pix completes it then) and the final
    checkpoint follows; a fifth answer: a checkpoint; otherwise the next question. A test
    resumed on a checkpoint goes on to the question (as in Pix).
    """
    assessment = run.require_assessment()
    if assessment.is_completed:
        return Results(run)
    if assessment.next_challenge is None:
        await client.app.complete(assessment.id)
        if assessment.has_checkpoints and assessment.answered_count:
            return Checkpoint(run, final=True)
        return Results(run)
    if just_answered and assessment.is_at_checkpoint:
        return Checkpoint(run)
    return Question(run)


async def answer(
    client: PixClient,
    journal: AnswerJournal,
    question: Question,
    value: str,
    *,
    timeout: int | None,
    idempotency_key: str,
    on_retry: OnRetry,
) -> Step:
    """Send an answer (journalled first, retried until it arrives) and load what follows.

    The same `idempotency_key` for every try of one answer: the server records it once.
    """
    assessment = question.run.require_assessment()
    await send_answer(
        client,
        journal,
        assessment_id=assessment.id,
        challenge_id=question.challenge.id,
        value=value,
        timeout=timeout,
        on_retry=on_retry,
        max_attempts=None,
        idempotency_key=idempotency_key,
    )
    return await next_step(client, question.run, on_retry=on_retry)


async def next_step(client: PixClient, run: CampaignRun, *, on_retry: OnRetry) -> Step:
    """Reload the assessment (and its next question) after an answer, through outages."""
    assessment = run.require_assessment()
    fresh = await until_reached(lambda: client.app.assessment(assessment.id), on_retry)
    return await step_after(client, run.with_assessment(fresh), just_answered=True)


async def resync(client: PixClient, run: CampaignRun) -> Step:
    """Where the test really is (after the server refused an answer: answered elsewhere)."""
    participation = await client.app.current_participation(run.campaign_id)
    if participation is None:
        return Landing(run.campaign)
    return await step_for_participation(client, run.campaign, participation)


async def until_reached(call: Callable[[], Awaitable[T]], on_retry: OnRetry) -> T:
    """`call()` again and again while the server cannot be reached (idempotent calls only)."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call()
        except (NetworkError, ServerError, RateLimitError) as error:
            outcome = on_retry(attempt, error)
            if inspect.isawaitable(outcome):
                await outcome
            delay = SEND_BACKOFF.delay(attempt - 1, _retry_after(error))
            await retry.sleep(SEND_BACKOFF.max_retry_after if delay is None else delay)


def _retry_after(error: PixError) -> float | None:
    return error.retry_after if isinstance(error, RateLimitError) else None


def retry_key() -> str:
    """A fresh idempotency key (one per action the student takes)."""
    from api_client.answer_journal import new_idempotency_key

    return new_idempotency_key()


# -- what the screens show -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    """One line of a checkpoint: the question and the answer given."""

    answer: Answer
    challenge: Challenge


@dataclass(frozen=True, slots=True)
class CheckpointView:
    """The checkpoint page: progress and the answers since the previous checkpoint."""

    percentage: int
    answers: list[AnsweredQuestion]


async def load_checkpoint(client: PixClient, run: CampaignRun) -> CheckpointView:
    assessment = run.require_assessment()
    answers, progression = await asyncio.gather(
        client.app.answers(assessment.id), client.app.progression(assessment.id)
    )
    count = len(answers) % 5 or min(len(answers), 5)
    recent = answers[-count:] if count else []
    # Challenges are cached by the client: these were fetched when they were asked.
    challenges = await asyncio.gather(
        *(client.app.challenge(item.challenge_id or "") for item in recent)
    )
    return CheckpointView(
        percentage=progression.percentage,
        answers=[AnsweredQuestion(a, c) for a, c in zip(recent, challenges, strict=True)],
    )


@dataclass(frozen=True, slots=True)
class CorrectionView:
    """The correction of one answer ("Réponses et tutoriels")."""

    item: AnsweredQuestion
    correction: Correction


async def load_correction(client: PixClient, item: AnsweredQuestion) -> CorrectionView:
    return CorrectionView(item, await client.app.correction(item.answer.id))


async def load_results(client: PixClient, run: CampaignRun) -> AssessmentResult:
    return await client.app.assessment_result(run.campaign_id)


async def load_shared_profile(client: PixClient, run: CampaignRun) -> SharedProfile:
    return await client.app.profile_for_campaign(run.campaign_id)


@dataclass(frozen=True, slots=True)
class ProfileView:
    """The profile page: scores per competence, and tutorials of the last test's mistakes."""

    profile: UserProfile
    last_test_title: str | None = None
    tutorials: list[Tutorial] = field(default_factory=list)


async def load_profile(
    client: PixClient, state: LocalState, server_url: str, user_id: int
) -> ProfileView:
    """The user profile, plus the tutorials of the questions failed in the last test.

    "The last test" is the campaign last opened on this machine (the routes used here have
    no list of a learner's tests); its tutorials are read from the corrections.
    """
    profile = await client.app.user_profile()
    code = (await asyncio.to_thread(state.load, server_url, user_id)).last_campaign_code
    if code is None:
        return ProfileView(profile)
    try:
        campaign = await client.app.campaign_by_code(code)
        participation = await client.app.current_participation(campaign.id)
    except NotFoundError:
        return ProfileView(profile)
    if participation is None or participation.assessment_id is None:
        return ProfileView(profile)
    answers = await client.app.answers(participation.assessment_id)
    failed = [item for item in answers if not item.is_ok]
    corrections = await asyncio.gather(*(client.app.correction(item.id) for item in failed))
    tutorials: dict[str, Tutorial] = {}
    for correction in corrections:
        for tutorial in correction.tutorials:
            tutorials.setdefault(tutorial.id, tutorial)
    run = CampaignRun(campaign, participation)
    return ProfileView(profile, run.title, list(tutorials.values()))


@dataclass(frozen=True, slots=True)
class ResumeOffer:
    """The home banner: "Vous n'avez pas terminé le parcours « … »" and "Reprendre"."""

    code: str
    title: str
    finished: bool  # only sending is left
    profiles_collection: bool = False

    @property
    def text(self) -> str:
        if self.profiles_collection:
            return "Vous n'avez pas encore envoyé votre profil Pix à l'organisateur du parcours."
        if self.finished:
            return f"Vous n'avez pas encore envoyé vos résultats du parcours « {self.title} »."
        return f"Vous n'avez pas terminé le parcours « {self.title} »."


async def find_resumable(
    client: PixClient, state: LocalState, server_url: str, user_id: int
) -> ResumeOffer | None:
    """The last campaign opened here, if the student has something left to do in it."""
    code = (await asyncio.to_thread(state.load, server_url, user_id)).last_campaign_code
    if code is None:
        return None
    try:
        campaign = await client.app.campaign_by_code(code)
    except NotFoundError:
        return None
    if campaign.is_accessible is False:
        return None
    participation = await client.app.current_participation(campaign.id)
    if participation is None or participation.is_shared:
        return None
    title = one_line(CampaignRun(campaign, participation).title, 50)
    if campaign.is_profiles_collection or participation.assessment_id is None:
        return ResumeOffer(code, title, finished=True, profiles_collection=True)
    assessment = await client.app.assessment(participation.assessment_id)
    finished = assessment.is_completed or assessment.next_challenge is None
    return ResumeOffer(code, title, finished=finished)
