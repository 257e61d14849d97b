"""What the Pix App screens of a campaign share: the way from one step to the next.

The home screen stays at the bottom of the App stack; a campaign's screens replace each
other above it (landing page → question → checkpoint → … → results), so "Quitter" is one
pop away from home and the stack never grows with the test.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import BindingType
from textual.widgets import Input, Static, TextArea

from api_client.errors import PreconditionFailedError
from tui import messages, spaces
from tui.errors import failure_message, is_archived_campaign
from tui.screens.app.local_state import LocalState, answer_journal
from tui.screens.space import SpaceScreen

if TYPE_CHECKING:
    from api_client import AnswerJournal, PixClient
    from tui.screens.app.flow import CampaignRun, Step


@functools.cache
def _journal(path: Path) -> AnswerJournal:
    # One journal object per file: it remembers that its schema is ready.
    return answer_journal(path)


class StudentScreen(SpaceScreen):
    """Base of the screens of a campaign (and of the App home)."""

    SPACE = spaces.APP
    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = "student.tcss"
    # A test screen leaves with "q" (back home); logging out is offered on the home screen.
    ALLOW_LOGOUT: ClassVar[bool] = False
    BINDINGS: ClassVar[list[BindingType]] = []

    # -- what every student screen needs --------------------------------------------------

    async def client(self) -> PixClient:
        return await self.pix_app.wait_for_client()

    @property
    def local_state(self) -> LocalState:
        return LocalState(self.pix_app.launcher.state_dir)

    @property
    def journal(self) -> AnswerJournal:
        return _journal(self.pix_app.launcher.state_dir)

    @staticmethod
    def identity(client: PixClient) -> tuple[str, int]:
        """(server, user id): what the local state and the journal are keyed by."""
        session = client.session
        return client.base_url, session.user_id if session is not None else 0

    # -- keys -------------------------------------------------------------------------------

    def typing(self) -> bool:
        """Whether a text field has the focus (single-letter keys then go to the field)."""
        return isinstance(self.focused, Input | TextArea)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "logout" and not self.ALLOW_LOGOUT:
            return False
        if action == "leave_field":
            return self.typing()
        if self.typing() and action in self._letter_actions():
            return False
        return super().check_action(action, parameters)

    def action_leave_field(self) -> None:
        if self.typing():
            self.set_focus(None)

    # -- steps ------------------------------------------------------------------------------

    @on(messages.StudentStepReady)
    def _step_ready(self, message: messages.StudentStepReady) -> None:
        message.stop()
        self.show_step(message.step)

    def show_step(self, step: Step) -> None:
        """Show `step` in place of this screen (above home)."""
        screen = screen_for(step)
        if self.app.screen_stack and self.app.screen_stack[0] is self:
            self.app.push_screen(screen)
        else:
            self.app.switch_screen(screen)

    @work(exclusive=True, exit_on_error=False, group="student-send")
    async def load_then_show(self, load: Callable[[PixClient], Awaitable[object]]) -> None:
        """Post what `load` reads (results, a profile) as `StudentDataLoaded`."""
        try:
            data = await load(await self.client())
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentDataLoaded(data))

    # One group with the loading worker above: a send cancels a load still running,
    # whose older answer would otherwise overwrite what the send brought back.
    @work(exclusive=True, exit_on_error=False, group="student-send")
    async def share_then_reload(
        self, participation_id: str, reload: Callable[[PixClient], Awaitable[object]]
    ) -> None:
        """Send the results (or the profile) of `participation_id`, then post what `reload`
        reads back as `StudentDataLoaded`: the screen shows what the server now holds."""
        try:
            client = await self.client()
            try:
                await client.app.share(participation_id)
            except PreconditionFailedError as refused:
                # "Already shared": a first try whose reply was lost (timeout, cut link) may
                # have gone through. What the server holds decides; any other refusal stands.
                data = await reload(client)
                if is_archived_campaign(refused) or not _shows_shared(data):
                    raise
            else:
                data = await reload(client)
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentDataLoaded(data))

    @work(exclusive=True, exit_on_error=False, group="student-send")
    async def join_again(self, run: CampaignRun) -> None:
        """Start the campaign of `run` once more (a retry, or a new sending of a profile)."""
        from tui.screens.app import flow

        try:
            client = await self.client()
            step = await flow.join(client, run.campaign, is_retry=True)
        except flow.CampaignRefused as refused:
            self.post_message(messages.LoadFailed(refused.message))
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentStepReady(step))

    def go_home(self) -> None:
        """Back to "J'ai un code" (the test can be resumed later with its code)."""
        stack = self.app.screen_stack
        for _ in range(len(stack) - 1):
            self.app.pop_screen()

    def show_status(self, text: str, *, error: bool = False) -> None:
        """The line under the actions: progress of a request, or what went wrong."""
        try:
            status = self.query_one("#student-status", Static)
        except Exception:
            if text:
                self.notify(text, severity="error" if error else "information")
            return
        status.update(text)
        status.set_class(error, "error-text")
        status.display = bool(text)


def _shows_shared(data: object) -> bool:
    """Whether results (`is_shared`) or a profile (`shared_at`) read back are already sent."""
    return bool(getattr(data, "is_shared", False)) or getattr(data, "shared_at", None) is not None


def screen_for(step: Step) -> StudentScreen:
    """The screen that shows a step (imported here: each pulls its own widgets)."""
    from tui.screens.app import flow

    if isinstance(step, flow.Landing):
        from tui.screens.app.landing import LandingScreen

        return LandingScreen(step.campaign)
    if isinstance(step, flow.Question):
        from tui.screens.app.challenge import ChallengeScreen

        return ChallengeScreen(step)
    if isinstance(step, flow.Checkpoint):
        from tui.screens.app.checkpoint import CheckpointScreen

        return CheckpointScreen(step)
    if isinstance(step, flow.Results):
        from tui.screens.app.results import ResultsScreen

        return ResultsScreen(step.run)
    from tui.screens.app.send_profile import SendProfileScreen

    return SendProfileScreen(step.run)
