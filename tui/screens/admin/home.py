"""Pix Admin home: who the agent is, their role, and the campaign search field.

A search is posted as `CampaignSearchRequested` (the support flow answers it); `#admin-results`
is where its answer goes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from tui import messages, spaces
from tui.labels import ADMIN_ROLES, label_for, person_name
from tui.screens.space import SpaceScreen

SEARCH_LABEL = "Rechercher une campagne (code, id ou nom)"
EMPTY_SEARCH = "Saisissez un code, un identifiant ou un nom de campagne."


class AdminHomeScreen(SpaceScreen):
    SPACE = spaces.ADMIN
    CSS_PATH = "home.tcss"
    # Nothing focused at first: the letter keys of the footer work at once; `r` opens the search.
    AUTO_FOCUS: ClassVar[str | None] = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "focus_search", "Rechercher", id="focus-search"),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="admin-body"):
            with Vertical(id="agent-card"):
                yield Static(id="agent-name")
                yield Static(id="agent-email", classes="muted")
                yield Static(id="agent-role")
            yield Label(SEARCH_LABEL, classes="field-label")
            with Horizontal(id="search-row"):
                yield Input(
                    placeholder="ex. ABCDE1234, 42 ou Parcours de rentrée", id="campaign-search"
                )
                yield Button("Rechercher", variant="primary", id="search")
            yield Static(id="search-error", classes="error-text", markup=False)
            yield Vertical(id="admin-results")

    def on_mount(self) -> None:
        super().on_mount()
        user = self.pix_app.user
        name = person_name(user.first_name, user.last_name, user.email or "") if user else ""
        self.query_one("#agent-name", Static).update(Text(name))
        email = (user.email or "") if user else ""
        self.query_one("#agent-email", Static).update(Text(email))
        self.query_one("#agent-role", Static).update(_role_line("…"))
        self.query_one("#search-error").display = False
        self.load_member()

    @work(exclusive=True, exit_on_error=False, group="admin-member")
    async def load_member(self) -> None:
        from tui.errors import failure_message

        try:
            client = await self.pix_app.wait_for_client()
            member = await client.admin.me()
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.AdminMemberLoaded(member))

    @on(messages.AdminMemberLoaded)
    def _member_loaded(self, message: messages.AdminMemberLoaded) -> None:
        member = message.member
        name = person_name(member.first_name, member.last_name, "")
        if name:
            self.query_one("#agent-name", Static).update(Text(name))
        self.query_one("#agent-role", Static).update(
            _role_line(label_for(ADMIN_ROLES, member.role))
        )

    @on(messages.LoadFailed)
    def _member_failed(self, message: messages.LoadFailed) -> None:
        self.query_one("#agent-role", Static).update(
            Text.assemble(("Rôle : ", "dim"), (message.error, "bold red"))
        )

    def action_focus_search(self) -> None:
        self.query_one("#campaign-search", Input).focus()

    @on(Input.Submitted, "#campaign-search")
    @on(Button.Pressed, "#search")
    def _search(self) -> None:
        query = self.query_one("#campaign-search", Input).value.strip()
        error = self.query_one("#search-error", Static)
        if not query:
            error.update(EMPTY_SEARCH)
            error.display = True
            self.query_one("#campaign-search", Input).focus()
            return
        error.display = False
        self.post_message(messages.CampaignSearchRequested(query))


def _role_line(role: str) -> Text:
    return Text.assemble(("Rôle Pix Admin : ", "dim"), (role, "bold"))
