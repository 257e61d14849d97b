"""Mon profil: the Pix score out of 1024, the 16 competences by area with their level, and
the tutorials of the questions failed in the last test ("Cultivez vos compétences").

The tutorials are listed one per line with their full link (selectable, copyable over SSH);
Entrée opens the highlighted one in a browser when there is one.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui import messages
from tui.errors import failure_message
from tui.screens.app import flow
from tui.screens.app.correction import tutorial_text
from tui.screens.app.student_screen import StudentScreen
from tui.widgets.profile_view import ScorecardList, pix_score_text
from tui.widgets.safe_text import one_line

NO_TUTORIALS = "Aucun tuto à vous proposer : passez un parcours pour en recevoir."


class ProfileScreen(StudentScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "leave", "Retour", id="leave-profile"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: flow.ProfileView | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="test-bar"):
            yield Static("Mon profil Pix", id="test-title")
        with VerticalScroll(id="profile-body"):
            yield Static("Chargement de votre profil…", id="profile-score", classes="page-title")
            yield Static(
                "Vous avez 16 compétences à tester. On se concentre et c'est parti !",
                classes="muted",
            )
            yield ScorecardList(id="profile-competences")
            yield Static("Cultivez vos compétences", classes="section-title")
            yield Static(id="tutorials-intro", classes="muted", markup=False)
            yield OptionList(id="profile-tutorials")
        yield Static(id="student-status", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#student-status").display = False
        self.query_one("#profile-tutorials").display = False
        self.query_one("#profile-body").focus()
        self._load()

    @work(exclusive=True, exit_on_error=False, group="profile")
    async def _load(self) -> None:
        try:
            client = await self.client()
            server, user = self.identity(client)
            view = await flow.load_profile(client, self.local_state, server, user)
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentDataLoaded(view))

    @on(messages.StudentDataLoaded)
    def _loaded(self, message: messages.StudentDataLoaded) -> None:
        message.stop()
        if not isinstance(message.data, flow.ProfileView):
            return
        view = self.view = message.data
        profile = view.profile
        self.query_one("#profile-score", Static).update(
            pix_score_text(profile.pix_score, profile.max_reachable_pix_score)
        )
        self.query_one("#profile-competences", ScorecardList).show(profile.scorecards)
        intro = self.query_one("#tutorials-intro", Static)
        if view.tutorials:
            intro.update(
                "Voici une sélection de tutos qui pourront vous aider à gagner des Pix "
                f"(questions manquées du parcours « {one_line(view.last_test_title, 60)} ») :"
            )
            tutorials = self.query_one("#profile-tutorials", OptionList)
            tutorials.add_options(
                Option(tutorial_text(tutorial), id=f"tutorial-{index}")
                for index, tutorial in enumerate(view.tutorials)
            )
            tutorials.display = True
        else:
            intro.update(NO_TUTORIALS)

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        self.show_status(message.error, error=True)

    @on(OptionList.OptionSelected, "#profile-tutorials")
    def _open_tutorial(self, event: OptionList.OptionSelected) -> None:
        if self.view is None:
            return
        link = self.view.tutorials[event.option_index].link
        if link and link.startswith(("https://", "http://")):
            self.app.open_url(link)

    def action_leave(self) -> None:
        self.go_home()
