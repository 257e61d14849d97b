"""What the screens opened from the campaign list share: the space header, Échap to go back.

Échap first leaves a text field (so a slip of the finger does not throw a form away), then
goes back. The teacher's organisation and role come with the screen (`prescriber`): they
decide what the screen offers (only the owner and the administrators manage a campaign).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input, TextArea

from tui import spaces
from tui.screens.space import SpaceScreen

if TYPE_CHECKING:
    from api_client.models import Organization, Prescriber


class OrgaSubScreen(SpaceScreen):
    """Base of the campaign screens pushed over the Pix Orga home."""

    SPACE = spaces.ORGA
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave_field", "Sortir du champ", key_display="Échap", id="leave-field"),
        Binding("escape", "back", "Retour", key_display="Échap", id="back"),
    ]

    def __init__(self, prescriber: Prescriber) -> None:
        super().__init__()
        self.prescriber = prescriber

    @property
    def organization(self) -> Organization | None:
        return self.prescriber.current_organization

    @property
    def is_admin(self) -> bool:
        membership = self.prescriber.current_membership
        return membership is not None and membership.is_admin

    @property
    def user_id(self) -> str:
        """The teacher's user id (a prescriber's id is their user id)."""
        return str(self.prescriber.id)

    def show_identity(self, organization: str | None = None) -> None:
        if organization is None and self.organization is not None:
            organization = self.organization.name
        super().show_identity(organization)

    def typing(self) -> bool:
        """Whether the focus is in a text field (letters and Échap belong to it)."""
        return isinstance(self.focused, Input | TextArea)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = self.typing()
        if action == "leave_field":
            return typing
        if action == "back":
            return not typing
        if typing and action in self._letter_actions():
            return False
        return super().check_action(action, parameters)

    def action_leave_field(self) -> None:
        if self.typing():
            self.set_focus(None)

    def action_back(self) -> None:
        self.dismiss(None)
