"""Changer d'organisation: the teacher's organisations, the current one marked; Entrée switches.

The dialog stays open while the server records the choice, and shows a refusal in place;
it returns the reloaded `Prescriber` (or None when closed without switching).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui import messages
from tui.labels import ORGANIZATION_ROLES, label_for
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import Prescriber
    from tui.app import PixApp


class OrganizationSwitcherScreen(ModalScreen["Prescriber | None"]):
    CSS_PATH = "../dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Fermer", key_display="Échap", id="close-dialog"),
    ]

    def __init__(self, prescriber: Prescriber) -> None:
        super().__init__()
        self._prescriber = prescriber

    def compose(self) -> ComposeResult:
        current = self._prescriber.current_organization
        current_id = current.id if current else None
        options = []
        # Alphabetical, as in Pix Orga: the order does not depend on how the server stores them.
        pairs = sorted(
            (
                (membership, membership.organization)
                for membership in self._prescriber.memberships
                if membership.organization is not None
            ),
            key=lambda pair: ((pair[1].name or "").casefold(), pair[1].id),
        )
        for membership, organization in pairs:
            is_current = organization.id == current_id
            prompt = Text.assemble(
                ("✓ " if is_current else "  ", "bold"),
                (one_line(organization.name) or f"Organisation {organization.id}", "bold"),
                "\n  ",
                (label_for(ORGANIZATION_ROLES, membership.organization_role), "dim"),
                (" · actuelle" if is_current else "", "dim"),
            )
            options.append(Option(prompt, id=organization.id))
        with Vertical(classes="dialog", id="organization-switcher"):
            yield Static("Changer d'organisation", classes="dialog-title")
            yield OptionList(*options, id="organization-list")
            yield Static(id="switch-error", classes="dialog-error", markup=False)
            yield Static("Entrée : choisir · Échap : fermer", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        current = self._prescriber.current_organization
        option_list = self.query_one(OptionList)
        if current is not None:
            try:
                option_list.highlighted = option_list.get_option_index(current.id)
            except Exception:  # the current organisation is not among the memberships
                option_list.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        current = self._prescriber.current_organization
        if event.option.id is None:
            return
        if current is not None and event.option.id == current.id:
            self.dismiss(None)
            return
        self.query_one(OptionList).disabled = True
        self._switch(event.option.id)

    @work(exclusive=True, exit_on_error=False, group="orga-switch")
    async def _switch(self, organization_id: str) -> None:
        from tui.errors import failure_message

        try:
            client = await cast("PixApp", self.app).wait_for_client()
            prescriber = await client.orga.switch_organization(organization_id)
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.PrescriberLoaded(prescriber))

    @on(messages.PrescriberLoaded)
    def _switched(self, message: messages.PrescriberLoaded) -> None:
        message.stop()
        self.dismiss(message.prescriber)

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        error = self.query_one("#switch-error", Static)
        error.update(message.error)
        error.add_class("-shown")
        option_list = self.query_one(OptionList)
        option_list.disabled = False
        option_list.focus()
