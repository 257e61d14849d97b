"""Taking a campaign through the screens like a student: the answers come from the content.

The right answer to a question is read from the learning content files (`server.content`)
and typed into the widgets, so a test that answers "right" also checks the server's
corrector; a wrong answer is a wrong option or "zzzz" in every field.
"""

from __future__ import annotations

import yaml
from pilot_support import app_of, sign_in, wait_until
from textual.pilot import Pilot
from textual.widgets import Input

from api_client.proposals import answer_value_qcm, answer_value_qcu, answer_value_qrocm
from server.content import Challenge as ContentChallenge
from server.content import ChallengeType, load_content
from tui.screens.app.challenge import ChallengeScreen
from tui.screens.app.checkpoint import CheckpointScreen
from tui.screens.app.home import AppHomeScreen
from tui.screens.app.landing import LandingScreen
from tui.screens.app.results import ResultsScreen
from tui.widgets.answer_fields import FreeTextFields, MultipleChoiceFields, SingleChoiceFields

STUDENT = "eleve@example.net"
RENTREE = "RENTRE123"
PROFILES = "PROFIL456"
ARCHIVED = "ARCHIV789"
WRONG_TEXT = "zzzz"


def content_challenge(challenge_id: str) -> ContentChallenge:
    return load_content().challenges_by_id[challenge_id]


def right_inputs(item: ContentChallenge) -> dict[str, str]:
    """For QROC/QROCM: one accepted text per field."""
    keys = item.input_keys
    if item.type is ChallengeType.QROC:
        return {keys[0]: next(line for line in item.solution.split("\n") if line.strip())}
    solution = yaml.load(item.solution, Loader=yaml.BaseLoader)
    if item.type is ChallengeType.QROCM_IND:
        return {key: solution[key][0] for key in keys}
    groups = list(solution.values())  # QROCM-dep: each field a different group
    return {key: groups[index][0] for index, key in enumerate(keys)}


async def student_home(pilot: Pilot[None], email: str = STUDENT) -> AppHomeScreen:
    await sign_in(pilot, email)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AppHomeScreen), "the App home")
    screen = pilot.app.screen
    assert isinstance(screen, AppHomeScreen)
    return screen


async def enter_code(pilot: Pilot[None], code: str) -> None:
    """Type a code in "J'ai un code" and press Entrée (the home screen must be shown)."""
    field = pilot.app.screen.query_one("#campaign-code", Input)
    field.value = code
    field.focus()
    await pilot.pause()
    await pilot.press("enter")


async def on_screen(pilot: Pilot[None], kind: type, what: str) -> None:
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, kind) and not _busy(pilot),
        what,
    )


def _busy(pilot: Pilot[None]) -> bool:
    return any(
        not worker.is_finished and worker.group not in ("app-home-catch-up",)
        for worker in pilot.app.workers
    )


async def start_rentree(pilot: Pilot[None]) -> ChallengeScreen:
    """From the App home: RENTRE123, "C'est parti !", the rules, the first question."""
    await enter_code(pilot, RENTREE)
    await on_screen(pilot, LandingScreen, "the landing page")
    await pilot.press("enter")  # C'est parti !
    await wait_until(pilot, lambda: pilot.app.screen.query("#begin"), "the rules")
    await pilot.press("enter")  # Je commence
    await on_screen(pilot, ChallengeScreen, "the first question")
    screen = pilot.app.screen
    assert isinstance(screen, ChallengeScreen)
    return screen


def fill_answer(screen: ChallengeScreen, *, right: bool) -> None:
    """Put a right (or wrong) answer in the question's widgets, as a student would."""
    item = content_challenge(screen.challenge.id)
    fields = screen.query_one(".answer-fields")
    if isinstance(fields, SingleChoiceFields):
        choice = int(item.solution) - 1
        if not right:
            choice = 1 if choice == 0 else 0
        fields.choose(choice)
    elif isinstance(fields, MultipleChoiceFields):
        ticked = [int(value) - 1 for value in item.solution.split(",")]
        fields.tick(ticked if right else sorted(set(ticked) ^ {0}) or [1])
    elif isinstance(fields, FreeTextFields):
        values = right_inputs(item)
        fields.fill(values if right else dict.fromkeys(values, WRONG_TEXT))
    else:  # pragma: no cover - every content challenge is one of the three
        raise AssertionError(f"unexpected answer widget {fields!r}")


async def answer_current(pilot: Pilot[None], *, right: bool, key: str = "v") -> str:
    """Answer the question on screen (`v` Je valide, or `p` Je passe); returns its id."""
    screen = pilot.app.screen
    assert isinstance(screen, ChallengeScreen)
    if screen.query("#start-timed") and screen.query_one("#start-timed").display:
        await pilot.press("enter")  # Commencer l'épreuve
        await pilot.pause()
    if key == "v":
        fill_answer(screen, right=right)
    screen.set_focus(None)  # letters are keys only outside the text fields
    await pilot.pause()
    await pilot.press(key)
    await wait_until(pilot, lambda: pilot.app.screen is not screen, "the next step")
    await wait_until(pilot, lambda: not _busy(pilot), "the next step to load")
    return screen.challenge.id


async def answer_until_checkpoint(pilot: Pilot[None], pattern: str) -> list[str]:
    """Answer questions following `pattern` ("r" right, "w" wrong, "p" pass) until a
    checkpoint; returns the ids answered."""
    answered = []
    for mark in pattern:
        key = "p" if mark == "p" else "v"
        answered.append(await answer_current(pilot, right=mark == "r", key=key))
        if isinstance(pilot.app.screen, CheckpointScreen):
            break
    return answered


async def continue_past(pilot: Pilot[None], checkpoint: CheckpointScreen) -> None:
    """ "Continuer mon parcours" once the checkpoint has loaded."""
    await wait_until(pilot, lambda: checkpoint.view is not None, "the checkpoint")
    await pilot.press("c")
    await wait_until(pilot, lambda: pilot.app.screen is not checkpoint, "the next step")


async def finish_test(pilot: Pilot[None], *, right: bool = True) -> None:
    """Answer (and go past checkpoints) until the results page."""
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, ResultsScreen):
            return
        if isinstance(screen, CheckpointScreen):
            await continue_past(pilot, screen)
            continue
        await answer_current(pilot, right=right)
    raise AssertionError("the test never ended")


def user_id_of(pilot: Pilot[None]) -> int:
    client = app_of(pilot).client
    assert client is not None and client.session is not None
    return client.session.user_id


def answer_value(item: ContentChallenge, *, right: bool) -> str:
    """The value `POST /api/answers` carries for a right (or wrong) answer."""
    if item.type is ChallengeType.QCU:
        choice = int(item.solution) - 1
        return answer_value_qcu(choice if right else (1 if choice == 0 else 0))
    if item.type is ChallengeType.QCM:
        ticked = [int(value) - 1 for value in item.solution.split(",")]
        return answer_value_qcm(ticked if right else sorted(set(ticked) ^ {0}) or [1])
    values = right_inputs(item)
    if not right:
        values = dict.fromkeys(values, WRONG_TEXT)
    if item.type is ChallengeType.QROC:
        return next(iter(values.values()))
    return answer_value_qrocm(values)


async def take_test_through_client(pilot: Pilot[None], code: str, pattern: str) -> None:
    """Join and answer a whole test with the app's client, without the screens (to set up
    a results or profile page quickly). `pattern` repeats: "r" right, "w" wrong."""
    client = app_of(pilot).client
    assert client is not None
    campaign = await client.app.campaign_by_code(code)
    participation = await client.app.join(campaign.id)
    assert participation.assessment_id is not None
    assessment = await client.app.assessment(participation.assessment_id)
    count = 0
    while assessment.next_challenge is not None:
        item = content_challenge(assessment.next_challenge.id)
        right = pattern[count % len(pattern)] == "r"
        await client.app.answer(
            assessment.id,
            item.id,
            answer_value(item, right=right),
            idempotency_key=f"setup-{assessment.id}-{count}",
        )
        count += 1
        assessment = await client.app.assessment(assessment.id)
    await client.app.complete(assessment.id)
