"""The small dialogs of the campaign triage: the stuck threshold, and the new owner.

Both are keyboard-first (Entrée chooses, Échap cancels) and return None when cancelled. The
confirmation of a change is the shared `ConfirmDialog`, opened by the screen afterwards.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui import messages
from tui.labels import person_name
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import MemberIdentity
    from tui.app import PixApp

MAX_THRESHOLD = 365
THRESHOLD_ERROR = f"Saisissez un nombre de jours entre 1 et {MAX_THRESHOLD}."
MEMBERS_PLACE = "members"


def parse_threshold(text: str) -> int | None:
    """A whole number of days between 1 and `MAX_THRESHOLD`, else None."""
    text = text.strip()
    if not text.isdigit():
        return None
    days = int(text)
    return days if 1 <= days <= MAX_THRESHOLD else None


class ThresholdDialog(ModalScreen[int | None]):
    """ "Bloqué après combien de jours sans activité ?" — returns the new threshold."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../dialogs.tcss"]
    DEFAULT_CSS = """
    ThresholdDialog #threshold-dialog { width: 56; }
    ThresholdDialog #threshold-row { height: 1; margin: 1 1 0 1; }
    ThresholdDialog #threshold-input { width: 5; }
    ThresholdDialog #threshold-unit { width: auto; padding: 0 1; }
    ThresholdDialog .dialog-text { padding: 0 1; }
    """
    AUTO_FOCUS = "#threshold-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Annuler", key_display="Échap", id="close-dialog"),
    ]

    def __init__(self, days: int) -> None:
        super().__init__()
        self.days = days

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="threshold-dialog"):
            yield Static("Seuil de blocage", classes="dialog-title", markup=False)
            yield Static(
                "Une participation en cours est signalée « bloquée » après combien de jours "
                "sans aucune activité ?",
                classes="dialog-text",
                markup=False,
            )
            with Horizontal(id="threshold-row"):
                yield Input(
                    str(self.days),
                    type="integer",
                    max_length=3,
                    compact=True,
                    id="threshold-input",
                )
                yield Static("jours", id="threshold-unit", markup=False)
            yield Static(THRESHOLD_ERROR, id="threshold-error", classes="dialog-error")
            yield Static("↵ valider · Échap annuler", classes="dialog-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        # Selected once focused (focusing moves the cursor): typing replaces the number.
        self.call_after_refresh(self.query_one("#threshold-input", Input).select_all)

    @on(Input.Submitted, "#threshold-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        days = parse_threshold(event.value)
        if days is None:
            self.query_one("#threshold-error").add_class("-shown")
            return
        self.dismiss(days)


class OwnerPicker(ModalScreen["MemberIdentity | None"]):
    """The members of the campaign's organisation; the current owner cannot be chosen."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../dialogs.tcss"]
    DEFAULT_CSS = """
    OwnerPicker #owner-picker { width: 64; }
    OwnerPicker .dialog-text { padding: 0 1; }
    OwnerPicker #owner-options { margin: 0 1; }
    """
    AUTO_FOCUS = "#owner-options"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Annuler", key_display="Échap", id="close-dialog"),
    ]

    def __init__(
        self, organization_id: str, organization_name: str, owner_id: str | None, title: Text
    ) -> None:
        super().__init__()
        self.organization_id = organization_id
        self.organization_name = organization_name
        self.owner_id = owner_id
        self.title_text = title
        self.members: list[MemberIdentity] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="owner-picker"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(
                Text.assemble(
                    "Choisissez le nouveau propriétaire parmi les membres de ",
                    (one_line(self.organization_name), "bold"),
                    " :",
                ),
                classes="dialog-text",
            )
            yield Static("Chargement des membres…", id="owner-loading", classes="dialog-hint")
            yield OptionList(id="owner-options")
            yield Static(id="owner-error", classes="dialog-error", markup=False)
            yield Static("↵ choisir · Échap annuler", classes="dialog-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self._load()

    @work(exclusive=True, exit_on_error=False, group="admin-members")
    async def _load(self) -> None:
        from tui.errors import admin_failure

        try:
            client = await cast("PixApp", self.app).wait_for_client()
            members = await client.admin.organization_members(self.organization_id)
        except Exception as error:
            self.post_message(admin_failure(error, MEMBERS_PLACE))
        else:
            self.post_message(messages.AdminDataLoaded(members, self.organization_id))

    @on(messages.AdminDataLoaded)
    def _loaded(self, message: messages.AdminDataLoaded) -> None:
        message.stop()
        self.members = cast("list[MemberIdentity]", message.data)
        self.query_one("#owner-loading").display = False
        options = self.query_one(OptionList)
        options.clear_options()
        for member in self.members:
            name = one_line(person_name(member.first_name, member.last_name)) or str(member.id)
            current = str(member.id) == str(self.owner_id)
            label = Text(name)
            if current:
                label.append("  (propriétaire actuel)", style="dim")
            options.add_option(Option(label, id=str(member.id), disabled=current))
        options.display = True
        if not any(str(member.id) != str(self.owner_id) for member in self.members):
            self._show_error("Aucun autre membre de l'organisation ne peut devenir propriétaire.")
            return
        first = next(
            index
            for index, member in enumerate(self.members)
            if str(member.id) != str(self.owner_id)
        )
        options.highlighted = first
        options.focus()

    @on(messages.AdminRequestFailed)
    def _failed(self, message: messages.AdminRequestFailed) -> None:
        message.stop()
        self.query_one("#owner-loading").display = False
        self._show_error(message.error)

    def _show_error(self, text: str) -> None:
        error = self.query_one("#owner-error", Static)
        error.update(text)
        error.add_class("-shown")

    @on(OptionList.OptionSelected, "#owner-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = next(
            (member for member in self.members if str(member.id) == event.option.id), None
        )
        if chosen is not None and str(chosen.id) != str(self.owner_id):
            self.dismiss(chosen)
